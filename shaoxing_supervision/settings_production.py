"""Production profile: the docker-compose deployment on PostgreSQL and Redis.

Select it with DJANGO_SETTINGS_MODULE=shaoxing_supervision.settings_production.
It refuses to start without the values a real deployment must set.
"""

from django.core.exceptions import ImproperlyConfigured

from .env import env_bool, env_int, env_str
from .settings import *  # noqa: F403
from .settings import DATABASES, STORAGES

DEBUG = env_bool("DEBUG", False)

if env_str("SECRET_KEY", "") == "":
    raise ImproperlyConfigured("SECRET_KEY must be set in production")
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    raise ImproperlyConfigured("DATABASE_URL must point at PostgreSQL in production")
if env_str("REDIS_URL", "") == "" and env_str("CELERY_BROKER_URL", "") == "":
    raise ImproperlyConfigured("REDIS_URL (or CELERY_BROKER_URL) must be set in production")

STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
DATABASES["default"]["CONN_MAX_AGE"] = env_int("DB_CONN_MAX_AGE", 60)

SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "SAMEORIGIN"
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
