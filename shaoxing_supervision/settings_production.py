"""Production profile: the docker-compose deployment on PostgreSQL and Redis, behind the TLS proxy.

Select it with DJANGO_SETTINGS_MODULE=shaoxing_supervision.settings_production.
It refuses to start without the values a real deployment must set, and with the placeholders of
`.env.example`. `manage.py check --deploy` is clean under it (tests/operations/test_deploy_check.py).
"""

from django.core.exceptions import ImproperlyConfigured

from .env import env_bool, env_int, env_list, env_str
from .settings import *  # noqa: F403
from .settings import DATABASES, STORAGES

DEBUG = env_bool("DEBUG", False)

# The placeholders shipped in .env.example and settings.py: a deployment that copied the example
# without editing it would sign its sessions with a key anybody can read on GitHub.
PLACEHOLDER_SECRET_KEYS = {
    "",
    "change-me-to-a-long-random-string",
    "dev-only-insecure-key-change-me-in-production-0123456789",
}
SECRET_KEY = env_str("SECRET_KEY", "")
if SECRET_KEY in PLACEHOLDER_SECRET_KEYS or "change-me" in SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set to a long random value in production "
                               "(python -c 'import secrets; print(secrets.token_urlsafe(50))')")
if len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5:
    raise ImproperlyConfigured("SECRET_KEY must have at least 50 characters and 5 distinct ones")
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    raise ImproperlyConfigured("DATABASE_URL must point at PostgreSQL in production")
if env_str("REDIS_URL", "") == "" and env_str("CELERY_BROKER_URL", "") == "":
    raise ImproperlyConfigured("REDIS_URL (or CELERY_BROKER_URL) must be set in production")

STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
DATABASES["default"]["CONN_MAX_AGE"] = env_int("DB_CONN_MAX_AGE", 60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True  # a restarted PostgreSQL: reconnect, no 500

# TLS ends at the reverse proxy (docker-compose: Caddy). Gunicorn listens only on the compose
# network and trusts X-Forwarded-* only from the proxy's address (FORWARDED_ALLOW_IPS in
# gunicorn.conf.py), so a client cannot claim https or another address.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # the container's health check speaks plain HTTP
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
# W021 asks for HSTS preloading. The browsers' preload list only takes public domains, and entering
# it cannot be undone quickly; an intranet deployment opts in with SECURE_HSTS_PRELOAD=1 instead.
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [])
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must name the site's host in production")
# A demo password must be changed before anything else (authentication.middleware).
FORCE_DEMO_PASSWORD_CHANGE = env_bool("FORCE_DEMO_PASSWORD_CHANGE", True)
