"""Production: every secret from the environment; refuses to start without them."""

import copy

from firesvc.settings.base import *  # noqa: F403
from firesvc.settings.env import env_bool, env_int, env_list, env_str

DEBUG = False
SECRET_KEY = env_str("SECRET_KEY")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
if len(SECRET_KEY) < 50:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("SECRET_KEY must be at least 50 characters long in production.")

# The public address printed in QR codes and sent in e-mails and text messages: never guessed from a request.
PORTAL_BASE_URL = env_str("PORTAL_BASE_URL").rstrip("/")
if not PORTAL_BASE_URL.startswith(("https://", "http://")) or "/" in PORTAL_BASE_URL.split("://", 1)[1]:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("PORTAL_BASE_URL must be the portal's public address, e.g. https://portal.example.cn.")

# Behind the TLS-terminating proxy. How many proxies append to X-Forwarded-For, which every rate
# limit reads the client address from, is TRUSTED_PROXY_COUNT (base.py; docker-compose sets 1 for
# its nginx): left at 0 behind a proxy, every resident shares the proxy's one bucket.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_SECURE = True
X_FRAME_OPTIONS = "DENY"
USE_X_FORWARDED_HOST = env_bool("USE_X_FORWARDED_HOST", False)
# The load balancer's probe asks over plain HTTP inside the network: no redirect for /healthz.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

# JSON lines on stdout unless LOG_FORMAT=console is asked for.
LOG_FORMAT = env_str("LOG_FORMAT", "json")
if LOG_FORMAT not in ("console", "json"):
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(f"LOG_FORMAT must be 'console' or 'json', not {LOG_FORMAT!r}.")
LOGGING = copy.deepcopy(LOGGING)  # noqa: F405  (base.LOGGING stays as it was)
LOGGING["handlers"]["console"]["formatter"] = LOG_FORMAT
LOGGING["handlers"]["console"]["stream"] = "ext://sys.stdout"

# One cache shared by every gunicorn worker: the public forms' rate limits, the scope cache and
# the filter choices must not be counted per process. CACHE_URL (redis://host:6379/1), else the
# Redis of REDIS_URL on database 1 (the broker keeps database 0); without Redis, per-process memory.
_cache_url = env_str("CACHE_URL", "")
_redis_url = env_str("REDIS_URL", "")
if not _cache_url and _redis_url.startswith("redis"):
    _base, _sep, _db = _redis_url.rpartition("/")
    _cache_url = f"{_base}/1" if _sep and _db.isdigit() else f"{_redis_url.rstrip('/')}/1"
if _cache_url:
    # Django's own Redis backend. Its connection pool replaces a connection the server closed (a Redis
    # restart) before using it again; the health check also pings one left idle for half a minute, so
    # that a connection lost without a word (a failover) is found before a page waits on it.
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": _cache_url,
                          "KEY_PREFIX": "firesvc", "OPTIONS": {"health_check_interval": 30}}}
