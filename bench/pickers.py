"""The enterprise pickers' pages (issue 22): size, <option> count and time with many enterprises in scope.

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/pickers_db \\
        .venv/bin/python bench/pickers.py --enterprises 16000

Seeds the demo base and ``--enterprises`` more (40 % in the demo clerk's brigade, 铁西), then requests each
picker page as the demo user who uses it, in-process through Django's test client (the whole stack: middleware,
templates, the ORM), and the pickers' search. Prints the median of ``--runs`` requests per page.
"""

from __future__ import annotations

import argparse
import statistics
import time

from _common import setup_django
from seeding import log, seed_demo_base, seed_enterprises

PAGES = [  # (demo user, URL name)
    ("clerk", "approvals:window_filing"),
    ("reviewer", "approvals:early_interventions"),
    ("reviewer", "feedback:act_create"),
    ("reviewer", "safety:hazard_create"),
    ("reviewer", "enterprises:forum_create"),
    ("clerk", "enterprises:suggestion_create"),
]


def timed(client, url: str, runs: int) -> tuple[float, bytes]:  # type: ignore[no-untyped-def]
    times, body = [], b""
    client.get(url)  # warm the caches, as on a running server
    for _ in range(runs):
        started = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - started)
        if response.status_code != 200:
            raise SystemExit(f"{url}: {response.status_code}")
        body = response.content
    return statistics.median(times), body


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--enterprises", type=int, default=16_000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    setup_django()
    from django.conf import settings
    from django.test import Client
    from django.urls import NoReverseMatch, reverse

    from enterprises.models import Enterprise
    from firesvc.accounts.models import User

    settings.ALLOWED_HOSTS = ["*"]
    # Static URLs without the collected manifest (as the test settings): the pages are measured, not the files.
    settings.STORAGES = {**settings.STORAGES,
                         "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
    seed_demo_base()
    seed_enterprises(args.enterprises)
    users = {u.username: u for u in User.objects.filter(username__in={name for name, _url in PAGES})}
    for username, url_name in PAGES:
        user = users[username]
        client = Client()
        client.force_login(user)
        scope = Enterprise.objects.visible_to(user).count()
        seconds, body = timed(client, reverse(url_name), args.runs)
        log(f"{url_name:32} as {username:8}: {len(body) / 1024:7.1f} KB, {body.count(b'<option'):5d} options, "
            f"{seconds * 1000:7.1f} ms  ({scope:,} enterprises in scope)")
    try:
        url = reverse("enterprises:choices")
    except NoReverseMatch:
        return
    client = Client()
    client.force_login(users["clerk"])
    for term in ("沈阳", "商业综合体第0", "第00042号", "912101"):
        seconds, body = timed(client, f"{url}?q={term}", args.runs)
        results = body.count(b'"id"')
        log(f"search {term!r:18}: {len(body) / 1024:5.1f} KB, {results:3d} results, {seconds * 1000:6.1f} ms")


if __name__ == "__main__":
    main()
