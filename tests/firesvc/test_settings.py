from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GOOD_KEY = "k" * 60


def _check(settings_module: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items()
             if k not in {"SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "CELERY_BROKER_URL", "REDIS_URL",
                          "PORTAL_BASE_URL"}}
    clean.update(env, DJANGO_SETTINGS_MODULE=settings_module)
    return subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=clean, capture_output=True, text=True, timeout=120,
    )


def test_production_refuses_to_start_without_secret_key() -> None:
    result = _check("firesvc.settings.production", ALLOWED_HOSTS="portal.example.cn")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts() -> None:
    result = _check("firesvc.settings.production", SECRET_KEY=GOOD_KEY)
    assert result.returncode != 0
    assert "ALLOWED_HOSTS" in result.stderr


def test_production_refuses_a_short_secret_key() -> None:
    result = _check("firesvc.settings.production", SECRET_KEY="short", ALLOWED_HOSTS="x.cn")
    assert result.returncode != 0
    assert "50 characters" in result.stderr


def test_production_starts_with_secret_key_allowed_hosts_and_portal_address() -> None:
    result = _check("firesvc.settings.production", SECRET_KEY=GOOD_KEY, ALLOWED_HOSTS="portal.example.cn",
                    PORTAL_BASE_URL="https://portal.example.cn")
    assert result.returncode == 0, result.stderr


def test_production_refuses_to_start_without_the_portal_address() -> None:
    result = _check("firesvc.settings.production", SECRET_KEY=GOOD_KEY, ALLOWED_HOSTS="portal.example.cn")
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "PORTAL_BASE_URL" in result.stderr


def test_production_refuses_a_portal_address_that_is_not_one() -> None:
    result = _check("firesvc.settings.production", SECRET_KEY=GOOD_KEY, ALLOWED_HOSTS="portal.example.cn",
                    PORTAL_BASE_URL="portal.example.cn")
    assert result.returncode != 0
    assert "PORTAL_BASE_URL" in result.stderr


def test_local_settings_without_a_portal_address_default_to_the_port_served() -> None:
    code = "from django.conf import settings as s; print(repr(s.PORTAL_BASE_URL), s.PORTAL_DEFAULT_URL)"
    env = {k: v for k, v in os.environ.items() if k != "PORTAL_BASE_URL"}
    env.update(DJANGO_SETTINGS_MODULE="firesvc.settings.local", PORT="8101")
    out = subprocess.run([sys.executable, "-c", f"import django; django.setup(); {code}"],
                         cwd=ROOT, env=env, capture_output=True, text=True, timeout=60, check=True).stdout.split()
    assert out == ["''", "http://127.0.0.1:8101"]


def test_local_settings_default_to_sqlite_and_a_broker_without_redis() -> None:
    code = ("from django.conf import settings as s; print(s.DATABASES['default']['ENGINE'], s.CELERY_BROKER_URL,"
            " s.EMAIL_BACKEND, s.SMS_BACKEND)")
    clean = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "CELERY_BROKER_URL", "REDIS_URL"}}
    clean["DJANGO_SETTINGS_MODULE"] = "firesvc.settings.local"
    out = subprocess.run([sys.executable, "-c", f"import django; django.setup(); {code}"],
                         cwd=ROOT, env=clean, capture_output=True, text=True, timeout=60, check=True).stdout.split()
    assert out == ["django.db.backends.sqlite3", "filesystem://", "django.core.mail.backends.console.EmailBackend",
                   "firesvc.core.sms.ConsoleSmsBackend"]


def test_database_url_and_redis_url_switch_to_postgresql_and_redis() -> None:
    code = "from django.conf import settings as s; print(s.DATABASES['default']['ENGINE'], s.CELERY_BROKER_URL)"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "firesvc.settings.local",
           "DATABASE_URL": "postgres://u@db:5432/firesvc", "REDIS_URL": "redis://cache:6379/0"}
    env.pop("CELERY_BROKER_URL", None)
    out = subprocess.run([sys.executable, "-c", f"import django; django.setup(); {code}"],
                         cwd=ROOT, env=env, capture_output=True, text=True, timeout=60, check=True).stdout.split()
    assert out == ["django.db.backends.postgresql", "redis://cache:6379/0"]


@pytest.mark.parametrize("value", ["maybe", "2"])
def test_boolean_variables_are_parsed_strictly(value: str) -> None:
    from django.core.exceptions import ImproperlyConfigured

    from firesvc.settings.env import env_bool

    os.environ["FIRESVC_TEST_FLAG"] = value
    try:
        with pytest.raises(ImproperlyConfigured):
            env_bool("FIRESVC_TEST_FLAG", False)
    finally:
        del os.environ["FIRESVC_TEST_FLAG"]


def test_production_shares_one_redis_cache_beside_the_broker() -> None:
    code = "from django.conf import settings as s; c = s.CACHES['default']; print(c['BACKEND'], c['LOCATION'])"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "firesvc.settings.production", "SECRET_KEY": GOOD_KEY,
           "ALLOWED_HOSTS": "portal.example.cn", "REDIS_URL": "redis://cache:6379/0",
           "PORTAL_BASE_URL": "https://portal.example.cn"}
    env.pop("CACHE_URL", None)
    out = subprocess.run([sys.executable, "-c", f"import django; django.setup(); {code}"],
                         cwd=ROOT, env=env, capture_output=True, text=True, timeout=60, check=True).stdout.split()
    assert out == ["django.core.cache.backends.redis.RedisCache", "redis://cache:6379/1"]


def test_duty_officer_lands_on_the_live_list_of_hazard_reports(client, tree):
    from django.urls import reverse

    from firesvc.accounts.roles import Role
    from tests.factories import staff

    client.force_login(staff(Role.DUTY_OFFICER, tree["a"]["subdistrict"]))

    response = client.get(reverse("home"))

    assert response.status_code == 302
    assert response["Location"] == reverse("hazard_reports:duty")
