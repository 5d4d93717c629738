"""Groundwork settings, read from the environment (README.md lists every variable).

With no environment at all this is a working local setup: SQLite and Celery's filesystem broker under
var/. DATABASE_URL and CELERY_BROKER_URL switch to PostgreSQL and Redis. DJANGO_ENV=production removes
every default that is unsafe to run with.
"""

from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from django.core.exceptions import ImproperlyConfigured

from config.env import EnvReader

BASE_DIR = Path(__file__).resolve().parent.parent
env = EnvReader()

DJANGO_ENV = env.choice("DJANGO_ENV", "development", ("development", "production", "test"))
PRODUCTION = DJANGO_ENV == "production"
VAR_DIR = Path(env.string("GROUNDWORK_VAR_DIR", str(BASE_DIR / "var")))
# The embedded defaults (SQLite file, file broker, file cache) live here; cheap to ensure.
VAR_DIR.mkdir(parents=True, exist_ok=True)
(VAR_DIR / "staticfiles").mkdir(exist_ok=True)

if PRODUCTION:
    env.require(
        [
            "DJANGO_SECRET_KEY",
            "DJANGO_ALLOWED_HOSTS",
            "DATABASE_URL",
            "CELERY_BROKER_URL",
            "EMAIL_URL",
            "DEFAULT_FROM_EMAIL",
            "GROUNDWORK_BASE_URL",
        ],
        why="production mode (DJANGO_ENV=production) has no defaults for them",
    )
    SECRET_KEY = env.string("DJANGO_SECRET_KEY", "")
    if len(SECRET_KEY) < 50 or SECRET_KEY.startswith("django-insecure"):
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be a random string of at least 50 characters in production; "
            "generate one with: python -c 'import secrets; print(secrets.token_urlsafe(64))'"
        )
    DEBUG = env.flag("DJANGO_DEBUG", False)
    if DEBUG:
        raise ImproperlyConfigured("DJANGO_DEBUG must not be true in production.")
else:
    SECRET_KEY = env.string(
        "DJANGO_SECRET_KEY", "django-insecure-local-development-key-not-for-production"
    )
    DEBUG = env.flag("DJANGO_DEBUG", DJANGO_ENV == "development")

ALLOWED_HOSTS = env.csv_list(
    "DJANGO_ALLOWED_HOSTS", [] if PRODUCTION else ["localhost", "127.0.0.1", "[::1]", "testserver"]
)
GROUNDWORK_BASE_URL = env.url(
    "GROUNDWORK_BASE_URL", "http://127.0.0.1:8000", schemes=("http", "https")
).rstrip("/")
CSRF_TRUSTED_ORIGINS = [GROUNDWORK_BASE_URL]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.headless",
    "core",
    "accounts",
    "clinics",
    "exercises",
    "patients",
    "alerts",
    "onboarding",
    "programs",
    "tracking",
    "reminders",
    "interop",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "core.middleware.DomainErrorMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "clinics.context_processors.current_clinic",
                "onboarding.context_processors.awaiting_clearance",
            ],
        },
    },
]

# --- Data -------------------------------------------------------------------------------------
DATABASES = {"default": env.database("DATABASE_URL", f"sqlite:///{VAR_DIR / 'groundwork.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web server, worker and beat share one SQLite file without "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.integer(
        "DATABASE_CONN_MAX_AGE", 60, minimum=0, maximum=3600
    )
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

# --- Celery -----------------------------------------------------------------------------------
CELERY_BROKER_URL = env.url(
    "CELERY_BROKER_URL", "filesystem://", schemes=("filesystem", "redis", "rediss", "memory")
)
BROKER_IS_REDIS = CELERY_BROKER_URL.startswith(("redis://", "rediss://"))


def _redis_db(url: str, db: int) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{db}", parts.query, ""))


# --- Cache: shared by every process (rate limits, throttles) ------------------------------------
CACHE_URL = env.raw("CACHE_URL") or (_redis_db(CELERY_BROKER_URL, 1) if BROKER_IS_REDIS else None)
if CACHE_URL:
    env.url("CACHE_URL", CACHE_URL, schemes=("redis", "rediss"))
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": env.string("CACHE_KEY_PREFIX", "groundwork"),
        }
    }
else:
    # No Redis: a file cache is still shared by the web, worker and beat processes.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
        }
    }

# --- Auth and accounts ---------------------------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
ACCOUNT_ADAPTER = "accounts.adapters.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = False
ACCOUNT_LOGOUT_REDIRECT_URL = "account_login"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Groundwork] "
ACCOUNT_PRESERVE_USERNAME_CASING = False
ACCOUNT_RATE_LIMITS = {
    # Failed logins: 10 a minute per IP address, 5 per 5 minutes per account (allauth's defaults,
    # written out so they are visible and reviewed).
    "login_failed": "10/m/ip,5/5m/key",
    "reset_password": "20/m/ip,5/m/key",
    "confirm_email": "1/3m/key",
}
# Patient apps sign in through allauth's headless API (/_allauth/app/v1/…) and get a session token.
HEADLESS_CLIENTS = ("app",)
HEADLESS_ONLY = False
HEADLESS_SERVE_SPECIFICATION = True
HEADLESS_FRONTEND_URLS = {
    "account_confirm_email": f"{GROUNDWORK_BASE_URL}/accounts/confirm-email/{{key}}/",
    "account_reset_password_from_key": f"{GROUNDWORK_BASE_URL}/accounts/password/reset/key/{{key}}/",
    "account_signup": f"{GROUNDWORK_BASE_URL}/accounts/login/",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if PRODUCTION else "http"
SESSION_COOKIE_AGE = 60 * 60 * 12

# --- Mail -------------------------------------------------------------------------------------
# Django 6.1's MAILERS, built from one EMAIL_URL (smtp://user:pass@host:587, console:, …).
_email = env.email("EMAIL_URL", "consolemail://")
_smtp_options = {
    "host": _email.get("EMAIL_HOST"),
    "port": _email.get("EMAIL_PORT"),
    "username": _email.get("EMAIL_HOST_USER"),
    "password": _email.get("EMAIL_HOST_PASSWORD"),
    "use_tls": _email.get("EMAIL_USE_TLS"),
    "use_ssl": _email.get("EMAIL_USE_SSL"),
}
MAILERS = {
    "default": {
        "BACKEND": _email["EMAIL_BACKEND"],
        "OPTIONS": (
            {key: value for key, value in _smtp_options.items() if value} | {"timeout": 10}
            if _email["EMAIL_BACKEND"].endswith("smtp.EmailBackend")
            else {}
        ),
    }
}
DEFAULT_FROM_EMAIL = env.string("DEFAULT_FROM_EMAIL", "Groundwork <noreply@groundwork.localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Internationalisation ------------------------------------------------------------------------
LANGUAGE_CODE = "en-gb"
TIME_ZONE = env.timezone("GROUNDWORK_TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

# --- Static files -------------------------------------------------------------------------------
STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# --- API --------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    # Apps send allauth's X-Session-Token; browsers use the session cookie with CSRF.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "allauth.headless.contrib.rest_framework.authentication.XSessionTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    # JSON only: the inputs are nested (items, exercises), which form encodings cannot carry.
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "core.api.exception_handler",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    # Per user (or per IP for anonymous calls), counted in the shared cache across processes.
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env.string("API_THROTTLE_ANON", "60/min"),
        "user": env.string("API_THROTTLE_USER", "600/min"),
    },
    "PAGE_SIZE": 50,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Groundwork API",
    "DESCRIPTION": "Home exercise programmes: the API used by patient apps and integrations.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    # The docs page's Swagger UI is served from our static files: no third-party requests.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "ExerciseDifficultyEnum": "exercises.models.Difficulty",
        "SessionDifficultyEnum": "tracking.models.Difficulty",
        "ExerciseRegionEnum": "exercises.models.Region",
        "PainRegionEnum": "patients.models.PainRegion",
    },
}

# --- Celery -----------------------------------------------------------------------------------
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = "UTC"
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS: dict[str, object] = {}
if CELERY_BROKER_URL.startswith("filesystem://"):
    _broker_dir = VAR_DIR / "broker"
    for _folder in ("queue", "control"):
        (_broker_dir / _folder).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir / "queue"),
        "data_folder_out": str(_broker_dir / "queue"),
        "control_folder": str(_broker_dir / "control"),
        "store_processed": False,
    }
elif BROKER_IS_REDIS:
    # Longer than any task runs, shorter than a day: unacknowledged messages of a dead worker
    # come back after this.
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
CELERY_BEAT_SCHEDULE = {
    # Reminders: one dispatcher a minute (it catches up on missed ticks; a stale tick expires).
    "reminders-dispatch": {
        "task": "reminders.tasks.reminders_dispatch_task",
        "schedule": 60,
        "options": {"expires": 50},
    },
    # Each practitioner's digest goes out once a day from 07:00 in their clinic's zone.
    "reminders-practitioner-digests": {
        "task": "reminders.tasks.practitioner_digests_task",
        "schedule": 15 * 60,
    },
    "clear-expired-sessions": {
        "task": "accounts.tasks.expired_sessions_clear_task",
        "schedule": 60 * 60 * 6,
    },
    # Inactivity and engagement alerts, and weekly progression reviews: idempotent (an open alert
    # is not raised twice, a week is reviewed once), hourly so a week's step is not late.
    "follow-up": {"task": "tracking.tasks.follow_up_task", "schedule": 60 * 60},
}

# --- Security -----------------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.flag("DJANGO_SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.integer("DJANGO_HSTS_SECONDS", 31536000, minimum=0, maximum=63072000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env.flag("DJANGO_HSTS_PRELOAD", True)

DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.string("LOG_LEVEL", "INFO")},
}

# --- Groundwork ---------------------------------------------------------------------------------
DEMO_PASSWORD = env.string("DEMO_PASSWORD", "groundwork-demo")
STAFF_INVITATION_DAYS = env.integer("GROUNDWORK_STAFF_INVITATION_DAYS", 14, minimum=1, maximum=90)
# A routine's estimated time: seconds per repetition (before any hold), and the daily budget
# beyond which the builder warns (the source articles speak of about 20 minutes a day).
GROUNDWORK_SECONDS_PER_REP = env.integer("GROUNDWORK_SECONDS_PER_REP", 3, minimum=1, maximum=10)
GROUNDWORK_DAILY_BUDGET_MINUTES = env.integer(
    "GROUNDWORK_DAILY_BUDGET_MINUTES", 20, minimum=5, maximum=120
)
GROUNDWORK_PATIENT_INVITATION_DAYS = env.integer(
    "GROUNDWORK_PATIENT_INVITATION_DAYS", 14, minimum=1, maximum=90
)
# How long a screening (or a practitioner's clearance) lasts before the patient screens again.
# PAR-Q+ limits a clearance's life: the setting cannot go past 12 months.
GROUNDWORK_CLEARANCE_MONTHS = env.integer("GROUNDWORK_CLEARANCE_MONTHS", 12, minimum=1, maximum=12)
GROUNDWORK_INACTIVITY_DAYS = env.integer("GROUNDWORK_INACTIVITY_DAYS", 3, minimum=1, maximum=60)
# Engagement tiers (MedBridge's: no activity for 49 h, stalled at 14 days, dropped at 21).
GROUNDWORK_ENGAGEMENT_LOW_HOURS = env.integer(
    "GROUNDWORK_ENGAGEMENT_LOW_HOURS", 49, minimum=12, maximum=24 * 14
)
GROUNDWORK_ENGAGEMENT_STALLED_DAYS = env.integer(
    "GROUNDWORK_ENGAGEMENT_STALLED_DAYS", 14, minimum=3, maximum=60
)
GROUNDWORK_ENGAGEMENT_DROPPED_DAYS = env.integer(
    "GROUNDWORK_ENGAGEMENT_DROPPED_DAYS", 21, minimum=4, maximum=120
)
# The share of a week's scheduled sessions done for its progression step to apply.
GROUNDWORK_PROGRESSION_MIN_ADHERENCE = (
    env.integer("GROUNDWORK_PROGRESSION_MIN_ADHERENCE_PERCENT", 75, minimum=0, maximum=100) / 100
)
# Reminders: how far back the dispatcher looks for reminders a missed tick did not create, and how
# long a worker's claim on a reminder lasts before the dispatcher hands it to another worker (well
# above the SMTP timeout: a shorter lease would hand back reminders still being sent).
GROUNDWORK_REMINDER_CATCH_UP_MINUTES = env.integer(
    "GROUNDWORK_REMINDER_CATCH_UP_MINUTES", 10, minimum=1, maximum=120
)
GROUNDWORK_REMINDER_LEASE_SECONDS = env.integer(
    "GROUNDWORK_REMINDER_LEASE_SECONDS", 300, minimum=60, maximum=3600
)
