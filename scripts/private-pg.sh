# shellcheck shell=bash
# A private PostgreSQL cluster for this clone, used when no cluster answers on
# the default socket and none can be started (a machine with only PostgreSQL's
# server binaries), or when SATISFACTION_PG=private.
#
#   source scripts/private-pg.sh; private_pg_start    (exports PGHOST, PGPORT, PGUSER)
#   bash scripts/private-pg.sh start|stop|status|remove
#
# Data in .build/pg/data, log in .build/pg/server.log, unix socket in
# .build/pg/run, no TCP port (listen_addresses = ''). libpq reads PGHOST, so
# psql, dropdb and Odoo all use it. The server never runs as root: as root it
# runs as the user `postgres` (SATISFACTION_PG_USER to choose another), and
# when that user cannot reach .build/ (a clone under /root, or a path too long
# for a unix socket), the cluster lives in /tmp/satisfaction-pg-<hash> and
# .build/pg links to it. `make clean` stops and removes it.

_PGP_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
_PGP_LINK="$_PGP_ROOT/.build/pg"
_PGP_PORT=5432

_pgp_die() {
    echo "ERROR: $1" >&2
    [ -n "${2:-}" ] && echo "  fix: $2" >&2
    return 1
}

# Directory holding initdb and pg_ctl (Debian keeps them out of PATH).
_pgp_bindir() {
    local dir
    if dir="$(command -v pg_ctl 2>/dev/null)" && [ -x "$(dirname "$dir")/initdb" ]; then
        dirname "$dir"
        return 0
    fi
    for dir in $(find /usr/lib/postgresql /usr/pgsql-* /usr/local/pgsql -maxdepth 2 -name bin -type d 2>/dev/null | sort -V -r); do
        if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then
            echo "$dir"
            return 0
        fi
    done
    return 1
}

# The unprivileged user the server runs as (empty: the current user).
_pgp_server_user() {
    [ "$(id -u)" = 0 ] || return 0
    local user="${SATISFACTION_PG_USER:-postgres}"
    if ! id "$user" >/dev/null 2>&1; then
        _pgp_die "PostgreSQL refuses to run as root and there is no user '$user' to run it" \
            "useradd --system --create-home postgres   (or SATISFACTION_PG_USER=<an unprivileged user>)"
        return 1
    fi
    echo "$user"
}

_pgp_as() {
    local user="$1"
    shift
    if [ -n "$user" ]; then
        (cd / && runuser -u "$user" -- "$@")
    else
        "$@"
    fi
}

# Prints the cluster's base directory, creating it (or the link to it).
_pgp_base() {
    local user="$1" base
    if [ -L "$_PGP_LINK" ]; then
        base="$(readlink "$_PGP_LINK")"
        [ -d "$base" ] && {
            echo "$base"
            return 0
        }
        rm -f "$_PGP_LINK"
    fi
    base="$_PGP_LINK"
    mkdir -p "$base"
    [ -n "$user" ] && chown "$user" "$base"
    # the socket path must fit in sockaddr_un (107 bytes)
    if [ ${#base} -gt 80 ] || ! _pgp_as "$user" test -w "$base"; then
        rmdir "$base" 2>/dev/null
        base="/tmp/satisfaction-pg-$(printf '%s' "$_PGP_ROOT" | cksum | cut -d' ' -f1)"
        mkdir -p "$base"
        [ -n "$user" ] && chown "$user" "$base"
        chmod 700 "$base"
        ln -sfn "$base" "$_PGP_LINK"
    fi
    echo "$base"
}

_pgp_export() {
    PGHOST="$1/run"
    PGPORT=$_PGP_PORT
    PGUSER="$(id -un)"
    export PGHOST PGPORT PGUSER
    unset PGDATABASE PGPASSWORD
}

private_pg_start() {
    local bin user base
    if ! bin="$(_pgp_bindir)"; then
        _pgp_die "no PostgreSQL server answers and no PostgreSQL server binaries (initdb, pg_ctl) are installed" \
            "apt-get install postgresql"
        return 1
    fi
    user="$(_pgp_server_user)" || return 1
    base="$(_pgp_base "$user")" || return 1
    # the client tools of the same version, whatever PATH holds
    PATH="$bin:$PATH"
    export PATH
    if [ ! -f "$base/data/PG_VERSION" ]; then
        echo "private PostgreSQL: initdb in $base/data ($("$bin/postgres" --version))" >&2
        rm -rf "$base/data"
        if ! _pgp_as "$user" "$bin/initdb" -D "$base/data" -U "$(id -un)" -E UTF8 --locale=C.UTF-8 \
            --auth=trust >"$base/initdb.log" 2>&1; then
            cat "$base/initdb.log" >&2
            _pgp_die "initdb failed (log above)"
            return 1
        fi
        _pgp_as "$user" mkdir -p "$base/run"
        # No TCP at all: only this socket directory, readable by its owner only.
        # synchronous_commit off: a scratch cluster may lose its last commits
        # in a crash, never its consistency.
        _pgp_as "$user" tee -a "$base/data/postgresql.conf" >/dev/null <<EOF

# satisfaction_survey private cluster
listen_addresses = ''
port = $_PGP_PORT
unix_socket_directories = '$base/run'
unix_socket_permissions = 0700
synchronous_commit = off
EOF
    fi
    if ! _pgp_as "$user" "$bin/pg_ctl" -D "$base/data" status >/dev/null 2>&1; then
        echo "private PostgreSQL: starting (socket $base/run, no TCP port)" >&2
        if ! _pgp_as "$user" "$bin/pg_ctl" -D "$base/data" -l "$base/server.log" -w -t 60 start >/dev/null; then
            tail -n 20 "$base/server.log" >&2
            _pgp_die "the private PostgreSQL cluster did not start (log: $base/server.log)"
            return 1
        fi
    fi
    _pgp_export "$base"
}

private_pg_stop() {
    local bin user base
    [ -e "$_PGP_LINK/data/PG_VERSION" ] || return 0
    bin="$(_pgp_bindir)" || return 0
    user="$(_pgp_server_user)" || return 1
    base="$(cd "$_PGP_LINK" && pwd -P)"
    if _pgp_as "$user" "$bin/pg_ctl" -D "$base/data" status >/dev/null 2>&1; then
        echo "private PostgreSQL: stopping" >&2
        _pgp_as "$user" "$bin/pg_ctl" -D "$base/data" -m fast -w stop >/dev/null
    fi
}

private_pg_remove() {
    private_pg_stop || return 1
    if [ -L "$_PGP_LINK" ]; then
        rm -rf "$(readlink "$_PGP_LINK")"
        rm -f "$_PGP_LINK"
    else
        rm -rf "$_PGP_LINK"
    fi
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
    set -uo pipefail
    case "${1:-}" in
        start) private_pg_start && echo "PGHOST=$PGHOST" ;;
        stop) private_pg_stop ;;
        remove) private_pg_remove ;;
        status)
            if [ -e "$_PGP_LINK/data/PG_VERSION" ] && bin="$(_pgp_bindir)"; then
                _pgp_as "$(_pgp_server_user)" "$bin/pg_ctl" -D "$(cd "$_PGP_LINK" && pwd -P)/data" status
            else
                echo "no private cluster"
                exit 3
            fi
            ;;
        *)
            echo "usage: bash scripts/private-pg.sh start|stop|status|remove" >&2
            exit 2
            ;;
    esac
fi
