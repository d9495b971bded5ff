"""Malformed requests at volume against the public routes of a running Odoo.

    python3 bench/fuzz_public_routes.py --url http://127.0.0.1:8069 --db DB \
        --login admin --password admin [--requests 10000] [--seed 7]

Sends ``--requests`` generated requests (seeded, reproducible) to the rating
page ``/r/<token>`` (GET and POST, with a valid or a broken CSRF token,
odd scores, huge, repeated and binary fields, script in comments), its
withdrawal route, the counter kiosk (unknown keys), the public results page
and the privacy notices page. Fails (exit 1) when any answer is a 500 or an
unexpected status, when markup sent is echoed back unescaped, or when a
stored answer is off the scale afterwards. Needs an administrator login to
return a few dossiers (their links are the targets) and to check the stored
answers; the rate limits should be off ("0"), or most requests get 429.
Bounded in count and time; talks to the given URL only (use 127.0.0.1).
"""

import argparse
import random
import re
import sys
import time
from collections import Counter

import requests

ALLOWED = {200, 303, 400, 404, 405, 429}
MARKUP = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "<svg/onload=alert(1)>",
]
RAW_MARKERS = ("<script>alert", "<img src=x", "<svg/onload")
ODD = [
    "",
    " ",
    "0",
    "6",
    "-1",
    "4.0",
    "+4",
    "04",
    "４",
    "NaN",
    "1e1",
    "5\x00",
    "99999999999999999999999",
    "3; DROP TABLE satisfaction_response",
    "1' OR '1'='1",
    "%00",
    "../../etc/passwd",
]


class Client:
    def __init__(self, url, db, login, password, timeout):
        self.url = url.rstrip("/")
        self.db = db
        self.timeout = timeout
        self.session = requests.Session()
        self.rpc_session = requests.Session()
        response = self.rpc_session.post(
            self.url + "/web/session/authenticate",
            json={
                "jsonrpc": "2.0",
                "params": {"db": db, "login": login, "password": password},
            },
            timeout=timeout,
        )
        response.raise_for_status()
        if response.json().get("error"):
            raise SystemExit(f"login failed: {response.json()['error']}")

    def call(self, model, method, *args, **kwargs):
        response = self.rpc_session.post(
            f"{self.url}/web/dataset/call_kw/{model}/{method}",
            json={
                "jsonrpc": "2.0",
                "params": {
                    "model": model,
                    "method": method,
                    "args": list(args),
                    "kwargs": kwargs,
                },
            },
            timeout=self.timeout,
        )
        body = response.json()
        if body.get("error"):
            raise SystemExit(f"{model}.{method}: {body['error']['data']['message']}")
        return body["result"]


def prepare_tokens(client, count):
    """Return ``count`` dossiers of the register and read their rating tokens."""
    unit = client.call("hr.department", "create", {"name": "Fuzz unit"})
    procedure = client.call(
        "satisfaction.procedure",
        "create",
        {
            "name": "Fuzz procedure",
            "code": f"FUZZ-{int(time.time())}",
            "processing_days": 1,
        },
    )
    ids = client.call(
        "satisfaction.dossier",
        "create",
        [
            {"procedure_id": procedure, "unit_id": unit, "citizen_name": f"Fuzz {i}"}
            for i in range(count)
        ],
    )
    client.call("satisfaction.dossier", "action_return", ids)
    requests_ = client.call(
        "satisfaction.request",
        "search_read",
        [("res_model", "=", "satisfaction.dossier"), ("res_id", "in", ids)],
        fields=["access_token"],
    )
    return [r["access_token"] for r in requests_ if r["access_token"]]


def form_keys(html):
    return sorted(set(re.findall(r'name="(q[0-9]+(?:_e[0-9]+)?)"', html)))


def csrf_of(html):
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    return found.group(1) if found else ""


def odd_text(rng):
    kind = rng.random()
    if kind < 0.3:
        return rng.choice(MARKUP)
    if kind < 0.5:
        return "x" * rng.choice([1, 500, 5000, 70000])
    if kind < 0.7:
        return "".join(
            chr(rng.randrange(1, 0x2FFF)) for _i in range(rng.randrange(1, 40))
        )
    return rng.choice(ODD)


def one_request(rng, client, tokens, pages):
    """(method, path, data) of one generated request."""
    token = rng.choice(tokens) if rng.random() < 0.8 else odd_text(rng)[:200] or "x"
    roll = rng.random()
    if roll < 0.35:
        keys, csrf = pages.get(token, ([], ""))
        data = {
            key: rng.choice(["1", "2", "3", "4", "5"] + ODD)
            for key in keys
            if rng.random() < 0.9
        }
        for _i in range(rng.randrange(0, 3)):
            data[
                rng.choice(keys or ["q0"]) if rng.random() < 0.5 else odd_text(rng)[:50]
            ] = odd_text(rng)
        data["comment"] = odd_text(rng)
        data["reason"] = odd_text(rng)
        data["csrf_token"] = csrf if rng.random() < 0.7 else odd_text(rng)[:80]
        return "POST", f"/r/{token}", data
    if roll < 0.55:
        query = {
            odd_text(rng)[:20]: odd_text(rng)[:200],
            "lang": rng.choice(["vi", "en", "xx", ""]),
        }
        return "GET", f"/r/{token}", query
    if roll < 0.65:
        return "POST", f"/r/{token}/withdraw", {"csrf_token": odd_text(rng)[:80]}
    if roll < 0.8:
        return (
            "GET",
            f"/kiosk/{odd_text(rng)[:100] or 'k'}",
            {"code": odd_text(rng)[:100]},
        )
    if roll < 0.92:
        return (
            "GET",
            "/satisfaction/results",
            {rng.choice(["year", "unit", "lang", "page", "x"]): odd_text(rng)[:100]},
        )
    return "GET", "/satisfaction/privacy", {"notice": odd_text(rng)[:50]}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", required=True)
    parser.add_argument("--db", required=True)
    parser.add_argument("--login", default="admin")
    parser.add_argument("--password", default="admin")
    parser.add_argument("--requests", type=int, default=10000)
    parser.add_argument("--links", type=int, default=20)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--max-seconds", type=float, default=1800)
    parser.add_argument("--timeout", type=float, default=30)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    client = Client(args.url, args.db, args.login, args.password, args.timeout)
    tokens = prepare_tokens(client, args.links)
    pages = {}
    for token in tokens:
        page = client.session.get(f"{client.url}/r/{token}", timeout=args.timeout)
        pages[token] = (form_keys(page.text), csrf_of(page.text))
    statuses = Counter()
    problems = []
    started = time.monotonic()
    sent = 0
    while sent < args.requests and time.monotonic() - started < args.max_seconds:
        method, path, data = one_request(rng, client, tokens, pages)
        try:
            if method == "GET":
                response = client.session.get(
                    client.url + path,
                    params=data,
                    timeout=args.timeout,
                    allow_redirects=False,
                )
            else:
                response = client.session.post(
                    client.url + path,
                    data=data,
                    timeout=args.timeout,
                    allow_redirects=False,
                )
        except requests.RequestException as error:
            problems.append(f"{method} {path[:60]}: {type(error).__name__}")
            sent += 1
            continue
        sent += 1
        statuses[response.status_code] += 1
        if response.status_code not in ALLOWED:
            problems.append(f"{method} {path[:60]}: status {response.status_code}")
        elif any(marker in response.text for marker in RAW_MARKERS):
            problems.append(f"{method} {path[:60]}: markup echoed unescaped")
    elapsed = time.monotonic() - started
    off_scale = client.call(
        "satisfaction.response.line",
        "search_count",
        ["&", ("value", "!=", False), "|", ("value", "<", 1), ("value", ">", 5)],
    )
    if off_scale:
        problems.append(f"{off_scale} stored answers off the scale")
    print(
        f"requests: {sent} in {elapsed:.1f} s ({sent / elapsed:.0f}/s); "
        f"statuses: {dict(sorted(statuses.items()))}"
    )
    for problem in problems[:20]:
        print("PROBLEM", problem)
    if sent < args.requests:
        problems.append(
            f"only {sent} of {args.requests} requests within the time limit"
        )
        print("PROBLEM", problems[-1])
    print("fuzz: ok" if not problems else f"fuzz: {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
