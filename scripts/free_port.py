"""A free TCP port on 127.0.0.1 for a server the scripts start:
``python3 scripts/free_port.py`` prints one.

Not a port the kernel picks (``bind(0)``): those come from the ephemeral
range, the one every outgoing connection takes its local port from, so that
between the pick and the server's own bind (an install, a load generator's
connections) a client can hold it and the server fails with "Address already
in use" (Odoo's long-polling process then dies and is started again without
end). The port is drawn below that range instead, and checked free.
"""

import random
import socket
import sys

HOST = "127.0.0.1"
LOWEST = 10000
EPHEMERAL_RANGE = "/proc/sys/net/ipv4/ip_local_port_range"


def first_ephemeral_port():
    try:
        with open(EPHEMERAL_RANGE, encoding="ascii") as handle:
            return int(handle.read().split()[0])
    except (OSError, ValueError, IndexError):
        return 32768  # Linux's default


def is_free(port):
    with socket.socket() as sock:
        try:
            sock.bind((HOST, port))
        except OSError:
            return False
    return True


def free_port():
    top = first_ephemeral_port()
    candidates = list(range(LOWEST, top)) if top > LOWEST + 100 else []
    random.shuffle(candidates)
    for port in candidates[:200]:
        if is_free(port):
            return port
    # a machine whose ephemeral range starts low: the kernel's pick
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


if __name__ == "__main__":
    sys.stdout.write("%s\n" % free_port())
