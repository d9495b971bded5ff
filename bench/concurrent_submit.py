#!/usr/bin/env python3
"""Fire simultaneous submits of the same rating links at a running Odoo.

Checks, outside the test framework and with real worker processes, that
N browsers submitting the same link at the same moment leave exactly one
response per link, one "thank you" page, and no error (links are taken one
after the other; the N clients of a link GET the form, wait at a barrier and
POST together):

    python3 -m odoo -d DB --addons-path=... --workers=4 \\
        --http-interface=127.0.0.1 --http-port=8069 &
    python3 bench/concurrent_submit.py --url http://127.0.0.1:8069 --db DB \\
        --login admin --password admin --links 20 --clients 8

Needs an administrator login (it creates the rating requests through
XML-RPC and deletes them at the end unless --keep) and the module installed.
Set the rate limits to 0 first, or the per-link limit answers 429 for
--clients above 20 (the script says so).
"""

import argparse
import re
import sys
import threading
import time
import xmlrpc.client
from collections import Counter

import requests

CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", default="http://127.0.0.1:8069")
    parser.add_argument("--db", required=True)
    parser.add_argument("--login", default="admin")
    parser.add_argument("--password", default="admin")
    parser.add_argument("--links", type=int, default=20, help="rating links to create")
    parser.add_argument(
        "--clients", type=int, default=8, help="simultaneous submits per link"
    )
    parser.add_argument(
        "--keep", action="store_true", help="keep the created requests and responses"
    )
    args = parser.parse_args()

    common = xmlrpc.client.ServerProxy(f"{args.url}/xmlrpc/2/common")
    uid = common.authenticate(args.db, args.login, args.password, {})
    if not uid:
        sys.exit("login failed")
    models = xmlrpc.client.ServerProxy(f"{args.url}/xmlrpc/2/object", allow_none=True)

    def call(model, method, *params, **kw):
        return models.execute_kw(
            args.db, uid, args.password, model, method, list(params), kw
        )

    questionnaire = call(
        "ir.model.data",
        "check_object_reference",
        "satisfaction_survey",
        "questionnaire_officer",
    )[1]
    criteria = call(
        "satisfaction.criterion",
        "search_read",
        [("questionnaire_id", "=", questionnaire), ("question_type", "=", "scale")],
        fields=["id"],
    )
    keys = ["q%s" % c["id"] for c in criteria]
    base_id = 1_700_000_000 + int(time.time()) % 100_000_000
    request_ids = call(
        "satisfaction.request",
        "create",
        [
            {
                "res_model": "satisfaction.dossier",
                "res_id": base_id + i,
                "dossier_ref": "BENCH-CONCURRENT-%s" % i,
                "questionnaire_id": questionnaire,
            }
            for i in range(args.links)
        ],
    )
    tokens = [
        r["access_token"]
        for r in call("satisfaction.request", "read", request_ids, ["access_token"])
    ]
    print(f"{len(tokens)} links x {args.clients} simultaneous submits")

    statuses, pages, errors = Counter(), Counter(), []
    lock = threading.Lock()

    def client(token, barrier, value):
        session = requests.Session()
        url = f"{args.url}/r/{token}"
        try:
            page = session.get(url, timeout=60)
            match = CSRF_RE.search(page.text)
            if not match:
                raise RuntimeError(f"GET {page.status_code}: no form")
            form = {
                "csrf_token": match.group(1),
                "lang": "en_US",
                **dict.fromkeys(keys, value),
            }
            barrier.wait(timeout=60)
            result = session.post(url, data=form, timeout=60)
            kind = (
                "thanks"
                if "Thank you for your rating!" in result.text
                else "already"
                if "already been sent" in result.text
                else "other"
            )
            with lock:
                statuses[result.status_code] += 1
                pages[kind] += 1
        except Exception as exc:  # noqa: BLE001
            with lock:
                errors.append(repr(exc))

    started = time.monotonic()
    for token in tokens:  # one link at a time, all its clients at once
        barrier = threading.Barrier(args.clients)
        threads = [
            threading.Thread(target=client, args=(token, barrier, str(4 + i % 2)))
            for i in range(args.clients)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    elapsed = time.monotonic() - started

    response_counts = Counter(
        r["request_id"][0]
        for r in call(
            "satisfaction.response",
            "search_read",
            [("request_id", "in", request_ids)],
            fields=["request_id"],
        )
    )
    one_each = all(response_counts.get(rid) == 1 for rid in request_ids)
    print(
        f"elapsed {elapsed:.1f} s; HTTP statuses {dict(statuses)}; "
        f"pages {dict(pages)}; errors {len(errors)}"
    )
    per_link = Counter(response_counts.get(rid, 0) for rid in request_ids)
    print(f"responses per link: {sorted(per_link.items())}")
    if statuses.get(429):
        print(
            "some submits were rate-limited (429): "
            "set satisfaction_survey.rate_limit_* to 0 for this check"
        )
    for error in errors[:5]:
        print("  error:", error)

    if not args.keep:
        response_ids = call(
            "satisfaction.response", "search", [("request_id", "in", request_ids)]
        )
        if response_ids:
            call("satisfaction.response", "unlink", response_ids)
        call("satisfaction.request", "unlink", request_ids)
    ok = (
        one_each
        and not errors
        and pages.get("thanks") == len(tokens)
        and set(statuses) <= {200}
    )
    print("OK: one response per link" if ok else "FAILED")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
