"""Settings for shaoxing-supervision.

Every deployment-specific value comes from the environment (documented in
`.env.example`). The defaults give the embedded set-up of `make run`: SQLite,
a file-system Celery broker and console e-mail, so that nothing external is
needed. `settings_production` hardens these for the docker-compose deployment.
"""

from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy

from .env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("VAR_DIR", str(BASE_DIR / "var")))

SECRET_KEY = env_str("SECRET_KEY", "dev-only-insecure-key-change-me-in-production-0123456789")
# Off unless asked for: `make run` / `make test` set DEBUG=1 themselves; a deployment that forgets
# the variable must not show tracebacks and settings to the world.
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "guardian",
    "axes",
    "django_htmx",
    "django_celery_beat",
    "simple_history",
    "pgtrigger",
    # Project apps: the shared foundations first, then the workflows.
    "organizations",
    "search",
    "authentication",
    "audit",
    "workflow",
    "operations",
    "notifications",
    "deadlines",
    "documents",
    "attachments",
    "disputes",
    "joint_actions",
    "supervision",
    "case_reviews",
    "clues",
    "enforcement_records",
    "leads",
    "workbench",
    "exports",
    "cockpit",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Content-Security-Policy and no-store on what is not for caches (docs/security.md).
    "shaoxing_supervision.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # A NUL byte in a query string or a body is refused with 400 before any view sees it:
    # PostgreSQL cannot store one in a text column and would answer with a 500.
    "shaoxing_supervision.middleware.RefuseNulBytesMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "authentication.middleware.IdleTimeoutMiddleware",
    "shaoxing_supervision.middleware.ChineseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "authentication.middleware.ForcePasswordChangeMiddleware",
    # Every file handed out (evidence, documents) is written to the audit log.
    "audit.middleware.AuditDownloadsMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Axes must come last: it inspects the outcome of authentication.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "shaoxing_supervision.urls"
WSGI_APPLICATION = "shaoxing_supervision.wsgi.application"
ASGI_APPLICATION = "shaoxing_supervision.asgi.application"

# Django's form renderer with the <select> written in Python (workflow/rendering.py: 11 ms of a list page).
FORM_RENDERER = "workflow.rendering.FormRenderer"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "workbench.context_processors.navigation",
            ],
        },
    },
]

# --- Database -----------------------------------------------------------------
# DATABASE_URL (postgres://user@host:5432/name); an SQLite file by default.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DB_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    # A file, not memory, for the test database: a real Celery worker process must share it.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test.sqlite3")}
    # Web, worker and beat share the file. WAL lets readers go on while one process writes;
    # IMMEDIATE transactions take the write lock when the transaction starts (a deferred one that
    # reads first and then writes cannot wait for the lock: SQLite fails it at once with
    # "database is locked"); the busy timeout makes a second writer wait instead of failing.
    DATABASES["default"].setdefault("OPTIONS", {}).update({
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=20000;",
    })
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # JIT off: the planner's cost for the scoped list queries made PostgreSQL compile them on every
    # call (1.6 s instead of 12 ms for a document panel in issue 18's measurements); these queries
    # are short and index-driven, never the long analytical scans JIT pays off for.
    # statement_timeout (ms, 0 = none): the web process sets it just under gunicorn's --timeout, so a
    # worker killed for a slow request does not leave its query running (docs/benchmarks.md).
    _pg_options = ["-c jit=off"]
    if env_int("DB_STATEMENT_TIMEOUT_MS", 0) > 0:
        _pg_options.append(f"-c statement_timeout={env_int('DB_STATEMENT_TIMEOUT_MS', 0)}")
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = " ".join(_pg_options)
    # With persistent connections (DB_CONN_MAX_AGE), check a reused connection before each request.
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Authentication -------------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
# Password rules of a government system (GB/T 22239-2019 8.1.4.1: identification and complexity):
# 12 characters or more, three of four character classes, not like the user's name, not common.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": env_int("PASSWORD_MIN_LENGTH", 12)}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "authentication.passwords.CharacterClassValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "workbench:home"
LOGOUT_REDIRECT_URL = "login"
GUARDIAN_RAISE_403 = False
ANONYMOUS_USER_NAME = None  # no guardian anonymous user: citizens never get object grants

# django-axes: lock an account/IP pair after repeated failures (brute-force defence).
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_MINUTES", 30) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
# A locked-out API client gets JSON 429, a browser the lockout page (organizations.lockout).
AXES_LOCKOUT_CALLABLE = "authentication.lockout.lockout_response"

# Sessions end when the browser closes and after SESSION_IDLE_MINUTES without a request
# (the session's expiry is renewed as the user works: authentication.middleware.IdleTimeoutMiddleware).
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_MINUTES", 30) * 60
# Renewed at most once a minute by authentication.middleware.IdleTimeoutMiddleware, not on every request.
SESSION_SAVE_EVERY_REQUEST = False
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# API tokens (authentication.models.ApiToken) expire this many hours after they were issued.
API_TOKEN_TTL_HOURS = env_int("API_TOKEN_TTL_HOURS", 12)
# Outside the demo (on in settings_production) a demo password must be changed at the first sign-in.
FORCE_DEMO_PASSWORD_CHANGE = env_bool("FORCE_DEMO_PASSWORD_CHANGE", False)
# The reverse proxy's address(es): only from these is X-Forwarded-For believed (authentication.client_ip).
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES", [])
AXES_CLIENT_IP_CALLABLE = "authentication.client_ip.axes_client_ip"

# --- Security headers (docs/security.md) --------------------------------------------------
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# No inline script anywhere (static/js/app.js carries the page behaviour); inline style
# attributes remain allowed, they cannot run code.
CONTENT_SECURITY_POLICY = env_str(
    "CONTENT_SECURITY_POLICY",
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'none'",
)

# --- Internationalisation ---------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# --- Static and media ---------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(VAR_DIR / "static")))
if DEBUG:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise warns about a missing root
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Several web and worker hosts share uploaded files and PDFs through an S3-compatible bucket (MinIO in
# docker-compose.yml, issue 18); without S3_BUCKET the files stay under MEDIA_ROOT (the embedded default).
S3_BUCKET = env_str("S3_BUCKET", "")
if S3_BUCKET:
    STORAGES["default"] = {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": {
        "bucket_name": S3_BUCKET,
        "endpoint_url": env_str("S3_ENDPOINT_URL", "") or None,
        "access_key": env_str("S3_ACCESS_KEY", "") or None,
        "secret_key": env_str("S3_SECRET_KEY", "") or None,
        "region_name": env_str("S3_REGION", "us-east-1"),
        "location": env_str("S3_PREFIX", ""),
        "addressing_style": "path",  # MinIO and most S3-compatible servers
        "file_overwrite": False,  # a stored file is never replaced (documents/storage.py relies on it)
        "default_acl": None,  # private: every file is served by the application after its checks
        "querystring_auth": True,
    }}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 30 * 1024 * 1024

# --- Reference data ------------------------------------------------------------------
# Shaoxing's divisions and agency types (see shared/data/README.md). A copy ships in
# the repository so a deployment does not depend on the steering checkout.
REFERENCE_DATA_DIR = Path(env_str("REFERENCE_DATA_DIR", str(BASE_DIR / "organizations" / "data")))
DEMO_PASSWORD = env_str("DEMO_PASSWORD", "ShaoxingDemo#2026")
# 办法 Art. 3 ¶2 gives disputes involving 综合行政执法 to the 综合行政执法指导机构; a city that assigns
# them to its justice bureau instead (条例 Art. 13) lists its division code here, e.g. "3306".
DISPUTE_CALE_TO_JUSTICE_CITIES = env_list("DISPUTE_CALE_TO_JUSTICE_CITIES", [])

# --- Official documents ----------------------------------------------------------------
# A bureau may drop its licensed faces (方正小标宋简体, 仿宋_GB2312, 楷体_GB2312) here;
# they come first in every document's font stack.
DOCUMENT_FONT_DIR = Path(env_str("DOCUMENT_FONT_DIR", str(BASE_DIR / "fonts")))
# The electronic seal (documents/seal.py): each issued PDF is signed (PAdES) with its bureau's key:
# from a PKCS#11 token when DOCUMENT_SEAL_PKCS11_MODULE is set, else from DOCUMENT_SEAL_DIR/org-<id>/
# (key.pem, cert.pem, chain.pem, optional seal.png); with DOCUMENT_SEAL_DEMO, a demo CA and demo keys are
# generated there on first use. DOCUMENT_SEAL_TRUST_ROOTS: the CA certificates verification trusts.
DOCUMENT_SEAL_DIR = Path(env_str("DOCUMENT_SEAL_DIR", str(VAR_DIR / "seal")))
DOCUMENT_SEAL_DEMO = env_bool("DOCUMENT_SEAL_DEMO", True)
DOCUMENT_SEAL_TRUST_ROOTS = env_list("DOCUMENT_SEAL_TRUST_ROOTS", [])
DOCUMENT_SEAL_PKCS11_MODULE = env_str("DOCUMENT_SEAL_PKCS11_MODULE", "")
DOCUMENT_SEAL_PKCS11_TOKEN = env_str("DOCUMENT_SEAL_PKCS11_TOKEN", "")
DOCUMENT_SEAL_PKCS11_PIN = env_str("DOCUMENT_SEAL_PKCS11_PIN", "")

# --- Celery ------------------------------------------------------------------------------
REDIS_URL = env_str("REDIS_URL", "")
CELERY_DATA_DIR = VAR_DIR / "celery"
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", REDIS_URL or "filesystem://")
CELERY_RESULT_BACKEND = env_str(
    "CELERY_RESULT_BACKEND", REDIS_URL or f"file://{CELERY_DATA_DIR / 'results'}"
)
if CELERY_BROKER_URL.startswith("filesystem://"):
    # Kombu's file-system transport: the embedded broker of `make run`, no Redis needed.
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_DATA_DIR / "queue"),
        "data_folder_out": str(CELERY_DATA_DIR / "queue"),
        "processed_folder": str(CELERY_DATA_DIR / "processed"),
        # The exchange tables Kombu writes (by default to ./control, in the repository).
        "control_folder": str(CELERY_DATA_DIR / "control"),
        "store_processed": False,
    }
    for _folder in ("queue", "processed", "results", "control"):
        (CELERY_DATA_DIR / _folder).mkdir(parents=True, exist_ok=True)
# Tests give each run its own queue so that no other worker on the machine takes its tasks.
CELERY_TASK_DEFAULT_QUEUE = env_str("CELERY_TASK_DEFAULT_QUEUE", "celery")
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
# A task is acknowledged after it ran, and a worker killed in the middle (kill -9, OOM) gives it
# back to the broker: it runs again, and the tasks are idempotent (documents: the render claim).
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# No task may hold a worker for ever (a 300,000-character notice held one 39 s).
CELERY_TASK_SOFT_TIME_LIMIT = env_int("CELERY_TASK_SOFT_TIME_LIMIT", 120)
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 180)
# Publishing must not hang a web request when the broker is down: fail fast; the database keeps
# the work (documents `rendering`) and the periodic re-dispatch sends it once the broker is back.
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_CONNECTION_MAX_RETRIES = 1
CELERY_TASK_PUBLISH_RETRY = False
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# Periodic tasks, installed into django-celery-beat's tables by the `setup_schedules`
# migration/command so that staff can see and edit them in the admin.
CELERY_BEAT_DEFAULTS = {
    "worker-heartbeat": {"task": "operations.tasks.heartbeat_task", "every_seconds": 30},
    "deadline-sweep": {
        "task": "deadlines.tasks.sweep_deadlines_task",
        "every_seconds": 300,
        "description": "Reminders 7/3/1 days before, overdue marks the day after (domain.md §5).",
    },
    "warning-rules-nightly": {
        "task": "leads.tasks.run_rules_task",
        "every_seconds": 86400,
        "description": "Every enabled warning rule over every record (条例 Art. 5); the import runs them incrementally.",
    },
    "periodic-briefings": {
        "task": "cockpit.tasks.draft_periodic_briefings_task",
        "every_seconds": 86400,
        "description": "Drafts each bureau's monthly, quarterly and yearly 通报 (办法 Art. 9) and report to the "
                       "government (条例 Art. 6) once the period has ended; the clerk comments, the leader signs.",
    },
    "send-pending-emails": {
        "task": "notifications.tasks.send_notification_emails_task",
        "every_seconds": 300,
        "description": "E-mails left `pending` while the broker was down.",
    },
    "redispatch-renders": {
        "task": "documents.tasks.redispatch_stale_renders_task",
        "every_seconds": 120,
        "description": "Sends again the documents still `rendering` after RENDER_REDISPATCH_AFTER_SECONDS "
                       "(broker down at issue time, worker killed).",
    },
}
# A render claim older than this belongs to a dead run (killed worker) and may be taken over.
RENDER_CLAIM_TIMEOUT_SECONDS = env_int("RENDER_CLAIM_TIMEOUT_SECONDS", CELERY_TASK_TIME_LIMIT + 30)
# An e-mail claimed (`sending`) longer ago than this belongs to a killed worker and is sent again.
EMAIL_CLAIM_TIMEOUT_SECONDS = env_int("EMAIL_CLAIM_TIMEOUT_SECONDS", CELERY_TASK_TIME_LIMIT + 30)
# A document still `rendering` this long after its last dispatch is sent to the worker again.
RENDER_REDISPATCH_AFTER_SECONDS = env_int("RENDER_REDISPATCH_AFTER_SECONDS", 300)
# /healthz fails when a document has been `rendering` longer than this ...
RENDER_STUCK_AFTER_SECONDS = env_int("RENDER_STUCK_AFTER_SECONDS", 1800)
# ... or when the deadline sweep has not run for this long.
SWEEP_MAX_AGE_SECONDS = env_int("SWEEP_MAX_AGE_SECONDS", 1800)
# How old the worker's heartbeat may be before /healthz reports it stale.
HEARTBEAT_MAX_AGE_SECONDS = env_int("HEARTBEAT_MAX_AGE_SECONDS", 180)

# --- Cache ------------------------------------------------------------------------------
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- E-mail -----------------------------------------------------------------------------
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "执法监督系统 <noreply@localhost>")
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")

# --- REST API -----------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "authentication.drf.ExpiringTokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "shaoxing_supervision.api.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "shaoxing_supervision.schema.ProjectAutoSchema",
    "EXCEPTION_HANDLER": "shaoxing_supervision.api.exception_handler",
}
# django-filter: the empty choice of a filter reads "全部" (all), not "---------".
FILTERS_EMPTY_CHOICE_LABEL = gettext_lazy("全部")

SPECTACULAR_SETTINGS = {
    "TITLE": "绍兴市行政执法协调监督系统 API",
    "DESCRIPTION": "Jurisdiction disputes, joint enforcement and supervision cases (市政府令第105号).",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "COMPONENT_SPLIT_REQUEST": True,
    # Offline intranet: Swagger UI and Redoc are served from the vendored sidecar package.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # One stable, meaningful name per choice set. Without these, choice sets that share a field
    # name ("state", "kind", "status", ...) get hash-suffixed names (StateC94Enum) that change
    # whenever a label does, and every generated client breaks. Entries are the TextChoices
    # classes themselves, so a new member updates the schema but never renames the enum.
    "ENUM_NAME_OVERRIDES": {
        # Workflow states, one per register.
        "DisputeStateEnum": "disputes.models.DisputeState",
        "ProposalStateEnum": "joint_actions.models.JointActionProposal.State",
        "CaseStateEnum": "supervision.models.cases.CaseState",
        "ClueStateEnum": "clues.models.ClueState",
        "ReviewSheetStateEnum": "case_reviews.models.SheetState",
        "DocumentStatusEnum": "documents.models.Document.Status",
        "CoordinationMatterStatusEnum": "joint_actions.models.CoordinationMatter.Status",
        # Kinds and categories.
        "DocumentKindEnum": "documents.kinds.KIND_CHOICES",
        "OrganizationKindEnum": "organizations.models.OrganizationKind",
        "DisputeAttachmentKindEnum": "disputes.models.DisputeAttachment.Kind",
        "CoordinationMatterCategoryEnum": "joint_actions.models.CoordinationMatter.Category",
        "TemplateItemCategoryEnum": "case_reviews.models.Category",
        # Supervision cases: method of supervision; the decision type a request proposes and a
        # decision takes is one choice set (监督决定的种类), hence one enum.
        "SupervisionMethodEnum": "supervision.models.cases.Method",
        "DecisionTypeEnum": "supervision.models.notices.DecisionType",
        # 研判 at intake (条例 Art. 20 ¶2, 33 ¶3).
        "IntakeChannelEnum": "supervision.models.intake.IntakeChannel",
        "IntakeOutcomeEnum": "supervision.models.intake.IntakeOutcome",
    },
}

# --- Logging -------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"fontTools": {"level": "WARNING"}, "weasyprint": {"level": "ERROR"}},
}
