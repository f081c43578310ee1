"""Two web servers behind nginx agree at once (issue 19, deliverable 5).

Two gunicorns (A and B, one process each) serve the portal from the same PostgreSQL database (the
test database) and the same Redis cache (database 5, a key prefix of this run's own); an nginx
(Debian's package, its own configuration in a temporary folder) listens on three loopback ports:
one round-robin over both servers, as in production, and one in front of each server alone, so
the test can choose which server answers while still going through the proxy. Then:

- a sign-in through the proxy holds on both servers (``cached_db`` sessions);
- a matter renamed in the admin through A shows its new name through B at once;
- a brigade added under a detachment through A is in the detachment's scope through B at once;
- a resident who used up the public form's limit through A is refused through B, while a
  neighbour (another address through the same proxy) is not.

Marked ``integration``: skipped without PostgreSQL and Redis (``FIRESVC_REQUIRE_SERVICES=1``
makes that a failure) and without nginx. Every wait is bounded; every process is stopped.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from html.parser import HTMLParser
from pathlib import Path

import pytest
import requests
from django.db import connection
from requests.adapters import HTTPAdapter

from firesvc.accounts.enums import UnitKind
from firesvc.accounts.roles import Role
from firesvc.sla.services import load_rule_sets
from tests.factories import PASSWORD, UserFactory, staff, unit_chain
from tests.faults.conftest import free_port, gunicorn
from tests.integration.conftest import _database_url

pytestmark = pytest.mark.integration

REDIS_DB = 5  # this test's own Redis database (the broker and other tests use others)
TIMEOUT = 30  # seconds, for every HTTP request
OLD_NAME, NEW_NAME = "多服务器旧名称事项", "多服务器新名称事项"
NEW_BRIGADE = "多服务器新设大队"
RESIDENT, NEIGHBOUR = "127.0.0.2", "127.0.0.3"  # loopback addresses the residents' requests come from


# --- the services ------------------------------------------------------------------------------

def _skip_or_fail(problem: str) -> None:
    if os.environ.get("FIRESVC_REQUIRE_SERVICES"):
        pytest.fail(f"integration test {problem}")
    pytest.skip(problem)


def _redis_base() -> str:
    """``redis://host:port`` of the Redis the other integration tests use, without the database."""
    url = os.environ.get("CACHE_URL") or os.environ.get("REDIS_URL") or os.environ.get("CELERY_BROKER_URL", "")
    if not url.startswith("redis"):
        _skip_or_fail("needs CELERY_BROKER_URL=redis://… (the two servers share a Redis cache)")
    if connection.vendor != "postgresql":
        _skip_or_fail("needs DATABASE_URL=postgres://… (two servers cannot share an in-memory SQLite test db)")
    base, _slash, db = url.rpartition("/")
    return base if db.isdigit() else url.rstrip("/")


def _nginx() -> str:
    binary = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    if binary is None:
        _skip_or_fail("needs nginx (Debian's nginx-light or nginx package)")
    return binary  # type: ignore[return-value]


NGINX_CONF = """
worker_processes 1;
daemon off;
pid {dir}/nginx.pid;
error_log {dir}/error.log warn;
events {{ worker_connections 256; }}
http {{
    access_log {dir}/access.log;
    client_body_temp_path {dir}/body;
    proxy_temp_path {dir}/proxy;
    fastcgi_temp_path {dir}/fastcgi;
    uwsgi_temp_path {dir}/uwsgi;
    scgi_temp_path {dir}/scgi;
    client_max_body_size 100m;
    proxy_read_timeout 60s;
    upstream both {{ server 127.0.0.1:{a}; server 127.0.0.1:{b}; }}  # round robin, as in production
    upstream only_a {{ server 127.0.0.1:{a}; }}
    upstream only_b {{ server 127.0.0.1:{b}; }}
{servers}
}}
"""

NGINX_SERVER = """
    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass http://{upstream};
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
        }}
    }}
"""


@contextmanager
def nginx(*, a: str, b: str, folder: Path) -> Iterator[dict[str, str]]:
    """nginx in front of the servers at base URLs ``a`` and ``b``; yields the URLs of both, A and B."""
    binary = _nginx()
    folder.mkdir()
    ports = {"both": free_port(), "only_a": free_port(), "only_b": free_port()}
    servers = "".join(NGINX_SERVER.format(port=port, upstream=upstream) for upstream, port in ports.items())
    conf = folder / "nginx.conf"
    conf.write_text(NGINX_CONF.format(dir=folder, a=a.rsplit(":", 1)[1], b=b.rsplit(":", 1)[1], servers=servers))
    log = folder / "stderr.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen([binary, "-p", str(folder), "-e", str(folder / "error.log"), "-c", str(conf)],
                                stdout=out, stderr=subprocess.STDOUT)
    urls = {name: f"http://127.0.0.1:{port}" for name, port in ports.items()}
    try:
        deadline = time.monotonic() + 30
        while True:
            if proc.poll() is not None:
                pytest.fail(f"nginx exited early:\n{log.read_text()}{_tail(folder / 'error.log')}")
            try:
                if all(requests.get(f"{url}/reports/", timeout=TIMEOUT).status_code == 200 for url in urls.values()):
                    break
            except requests.ConnectionError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"nginx did not answer within 30 s:\n{_tail(folder / 'error.log')}")
            time.sleep(0.2)
        yield {"proxy": urls["both"], "A": urls["only_a"], "B": urls["only_b"]}
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


def _tail(path: Path) -> str:
    return path.read_text()[-3000:] if path.exists() else ""


def _forget_cache(location: str, prefix: str) -> None:
    """Remove this run's keys from the shared Redis database (never the whole database)."""
    import redis

    client = redis.Redis.from_url(location)
    try:
        keys = list(client.scan_iter(match=f"{prefix}:*", count=500))
        if keys:
            client.delete(*keys)
    finally:
        client.close()


# --- the browser side ------------------------------------------------------------------------

class _FormFields(HTMLParser):
    """The values a browser would submit from the form with id ``form_id`` (files and buttons aside)."""

    def __init__(self, form_id: str) -> None:
        super().__init__()
        self.form_id, self.inside, self.fields = form_id, False, []  # type: ignore[var-annotated]
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.inside = a.get("id") == self.form_id
        if not self.inside or "disabled" in a:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = a.get("type", "text").lower()
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    self.fields.append((name, a.get("value", "on")))
            elif kind not in ("submit", "button", "file", "image", "reset"):
                self.fields.append((name, a.get("value", "")))
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and "selected" in a:
            self.fields.append((self._select, a.get("value", "")))
        elif tag == "textarea" and name:
            self._textarea = name
            self.fields.append((name, ""))

    def handle_data(self, data: str) -> None:
        if self._textarea:
            name, value = self.fields.pop()
            self.fields.append((name, value + data))

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def _admin_save(session: requests.Session, url: str, form_id: str, **changes: str) -> requests.Response:
    """Open an admin form, change some fields and save it, as a browser would."""
    page = session.get(url, timeout=TIMEOUT)
    assert page.status_code == 200, f"{url} answered {page.status_code}"
    parser = _FormFields(form_id)
    parser.feed(page.text)
    data = [(name, value) for name, value in parser.fields if name not in changes] + list(changes.items())
    return session.post(url, data=data, headers={"Referer": url}, allow_redirects=False, timeout=TIMEOUT)


def _csrf(session: requests.Session, url: str) -> str:
    page = session.get(url, timeout=TIMEOUT)
    assert page.status_code == 200, f"{url} answered {page.status_code}"
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)  # type: ignore[union-attr]


def _sign_in(base: str, username: str) -> requests.Session:
    session = requests.Session()
    url = f"{base}/accounts/login/"
    response = session.post(url, data={"csrfmiddlewaretoken": _csrf(session, url), "username": username,
                                       "password": PASSWORD}, headers={"Referer": url},
                            allow_redirects=False, timeout=TIMEOUT)
    assert response.status_code == 302, f"sign-in through the proxy answered {response.status_code}"
    return session


class _FromAddress(HTTPAdapter):
    """Connections from a chosen loopback address: a resident of their own, as nginx sees it."""

    def __init__(self, address: str) -> None:
        self.address = address
        super().__init__()

    def init_poolmanager(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        kwargs["source_address"] = (self.address, 0)
        return super().init_poolmanager(*args, **kwargs)


def _resident(address: str) -> requests.Session:
    session = requests.Session()
    session.mount("http://", _FromAddress(address))
    return session


def _report(session: requests.Session, base: str, units: dict[str, int], token: str, **headers: str) -> int:
    url = f"{base}/reports/"
    data = {"csrfmiddlewaretoken": _csrf(session, url), "category": "other", "subdistrict": units["subdistrict"],
            "community": units["community"], "grid": units["grid"], "address": "友谊街12号", "description": token,
            "reporter_name": "", "reporter_phone": "", "website": "", "latitude": "", "longitude": ""}
    return session.post(url, data=data, headers={"Referer": url, **headers}, allow_redirects=False,
                        timeout=TIMEOUT).status_code


def _signed_in(session: requests.Session, base: str) -> bool:
    response = session.get(f"{base}/approvals/worklist/", allow_redirects=False, timeout=TIMEOUT)
    return response.status_code == 200


# --- the test --------------------------------------------------------------------------------

def test_two_servers_behind_nginx_agree_at_once_on_sessions_names_scopes_and_limits(transactional_db,
                                                                                    tmp_path) -> None:
    from approvals.models import Matter

    redis_base = _redis_base()
    _nginx()
    # given: a detachment with a brigade below it, its approver, an administrator and one open matter
    load_rule_sets()
    units = unit_chain("ms")
    approver = staff(Role.APPROVER, units["detachment"])
    staff(Role.DUTY_OFFICER, units["subdistrict"])  # someone to receive the residents' reports
    admin = UserFactory(is_staff=True, is_superuser=True)
    matter = Matter.objects.create(code="multi-server", name=OLD_NAME, rule_code="acceptance.decide", is_active=True)
    place = {kind: units[kind].pk for kind in ("subdistrict", "community", "grid")}
    cache_url, prefix = f"{redis_base}/{REDIS_DB}", f"two-servers-{uuid.uuid4().hex[:12]}"
    env = {"DJANGO_SETTINGS_MODULE": "tests.ops.two_servers_settings", "DATABASE_URL": _database_url(),
           "CACHE_URL": cache_url, "CACHE_KEY_PREFIX": prefix, "TRUSTED_PROXY_COUNT": "1"}
    try:
        with gunicorn(env=env, log_path=tmp_path / "a.log", workers=1) as a, \
                gunicorn(env=env, log_path=tmp_path / "b.log", workers=1) as b, \
                nginx(a=a, b=b, folder=tmp_path / "nginx") as url:
            # when: the approver and the administrator sign in through the round-robin proxy
            reader = _sign_in(url["proxy"], approver.username)
            writer = _sign_in(url["proxy"], admin.username)
            # then: whichever server took the sign-in, both know the session
            assert [_signed_in(reader, url[server]) for server in ("A", "B", "proxy", "proxy")] == [True] * 4

            # given: server B has shown the approver's worklist (its filter bar: matters and units)
            before = reader.get(f"{url['B']}/approvals/worklist/", timeout=TIMEOUT).text
            assert OLD_NAME in before and NEW_BRIGADE not in before

            # when: the administrator renames the matter and adds a brigade, both through server A
            renamed = _admin_save(writer, f"{url['A']}/admin/approvals/matter/{matter.pk}/change/", "matter_form",
                                  name=NEW_NAME)
            assert renamed.status_code == 302, f"renaming the matter through A answered {renamed.status_code}"
            added = _admin_save(writer, f"{url['A']}/admin/accounts/orgunit/add/", "orgunit_form",
                                kind=UnitKind.BRIGADE, name=NEW_BRIGADE, code="ms-new-b",
                                parent=str(units["detachment"].pk))
            assert added.status_code == 302, f"adding the brigade through A answered {added.status_code}"

            # then: both servers show both at once (B's view is what several servers put at risk)
            disagreements = []
            for server in ("A", "B"):
                after = reader.get(f"{url[server]}/approvals/worklist/", timeout=TIMEOUT).text
                if NEW_NAME not in after or OLD_NAME in after:
                    disagreements.append(f"the matter's name ({server} still shows the old one)")
                if NEW_BRIGADE not in after:
                    disagreements.append(f"the detachment's scope ({server} does not list the new brigade)")

            # when: a resident sends reports through A until the per-address limit (2 an hour)
            resident, neighbour = _resident(RESIDENT), _resident(NEIGHBOUR)
            through_a = [_report(resident, url["A"], place, f"ms-a-{n}") for n in range(2)]
            assert through_a == [302, 302], "the resident's first reports were refused"
            # then: B refuses the next one, even with an X-Forwarded-For of the resident's choosing,
            through_b = _report(resident, url["B"], place, "ms-b")
            forged = _report(resident, url["B"], place, "ms-b-forged", **{"X-Forwarded-For": "192.0.2.77"})
            if (through_b, forged) != (429, 429):
                disagreements.append(f"the rate limit (B answered {through_b}, {forged} instead of 429, 429)")
            # and: a neighbour behind the same proxy still has a bucket of their own
            assert _report(neighbour, url["proxy"], place, "ms-neighbour") == 302, \
                "behind the proxy, another resident shares the first one's bucket"

            assert disagreements == [], f"the servers did not show a change at once: {'; '.join(disagreements)}"
    finally:
        _forget_cache(cache_url, prefix)
