"""Alliance settings: one file, driven by environment variables (see .env.example).

The embedded default (no variable set) runs on SQLite and Celery's filesystem broker,
so `make run` needs no server. Production sets DATABASE_URL, REDIS_URL and friends.
"""

import os
from importlib.util import find_spec
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

from alliance.checks import unsafe_secret_key

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
# The development key is public (it is in this file): it signs sessions, password-reset and
# unsubscribe links only while DEBUG is on. Without DEBUG, a missing, known or weak key
# stops every process (web, worker, beat, management commands) before it serves anything.
DEV_SECRET_KEY = "dev-only-insecure-key-change-me-" + "x" * 32
SECRET_KEY = env("SECRET_KEY") or (DEV_SECRET_KEY if DEBUG else "")
if not DEBUG and unsafe_secret_key(SECRET_KEY):
    raise ImproperlyConfigured(
        f"SECRET_KEY {unsafe_secret_key(SECRET_KEY)}. With DEBUG off, set SECRET_KEY to a long "
        "random string, e.g. python -c 'import secrets; print(secrets.token_urlsafe(50))' "
        "(DEBUG=1 uses a development key, for a developer's machine only)."
    )
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", SITE_URL)
CSRF_FAILURE_VIEW = "alliance.errors.csrf_failure"
# True in production: HTTPS everywhere (redirects, HSTS, secure cookies).
SECURE = SITE_URL.startswith("https://")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.forms",  # its widget templates, for FORM_RENDERER
    "django.contrib.humanize",
    "django.contrib.postgres",
    "allauth",
    "allauth.account",
    "axes",
    "csp",
    "corsheaders",
    "django_htmx",
    "template_partials",
    "django_filters",
    "django_celery_beat",
    "simple_history",
    "import_export",
    "rest_framework",
    "drf_spectacular",
    "alliance",
    "actors",
    "projects",
    "circles",
    "roadmap",
    "ideas",
    "network",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Any write retires the public pages kept for anonymous visitors (alliance/pagecache.py).
    "alliance.pagecache.BumpOnWriteMiddleware",
    "alliance.middleware.FrenchFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # After CSRF: it reads whether a token was rendered (see its docstring).
    "alliance.middleware.SafeGZipMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "alliance.urls"
WSGI_APPLICATION = "alliance.wsgi.application"

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
                "alliance.context_processors.site",
                # One masked CSRF token per answer, so the page cache can swap it.
                "alliance.pagecache.csrf",
            ],
            "builtins": ["template_partials.templatetags.partials"],
        },
    }
]

# Every form renders through templates/forms/ (one field template for the whole site).
FORM_RENDERER = "alliance.forms.SiteFormRenderer"

# --- Database ---------------------------------------------------------------
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'var' / 'alliance.sqlite3'}"),
        conn_max_age=int(env("DB_CONN_MAX_AGE", "60")),
    )
}
IS_POSTGRES = DATABASES["default"]["ENGINE"].endswith("postgresql")
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # Web, worker and beat share the file: readers never wait for the writer (WAL), a
    # writer waits its turn instead of failing at once (timeout), and a write transaction
    # takes the lock when it begins (IMMEDIATE), so two writers cannot deadlock midway.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": int(env("SQLITE_TIMEOUT", "20")),
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    # Tests that start real worker processes need them to see the test database: a file.
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / "var" / "test.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache and Celery -------------------------------------------------------
REDIS_URL = env("REDIS_URL")
CELERY_DATA_DIR = Path(env("CELERY_DATA_DIR", str(BASE_DIR / "var" / "celery")))
# Publishing gives up fast when Redis is down (kombu would otherwise retry for seconds
# inside the request): the job stays recorded and the sweep sends it later.
REDIS_TRANSPORT_OPTIONS = {
    "socket_connect_timeout": 2,
    "socket_timeout": 5,
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.5,
}
if REDIS_URL:
    # Misses instead of errors while Redis is down (see alliance/cache.py).
    CACHES = {"default": {"BACKEND": "alliance.cache.ResilientRedisCache", "LOCATION": REDIS_URL}}
    CELERY_BROKER_URL = REDIS_URL
    CELERY_BROKER_TRANSPORT_OPTIONS = REDIS_TRANSPORT_OPTIONS
else:
    # A cache on disk, shared by the web server and the worker (import progress).
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": env("CACHE_DIR", str(BASE_DIR / "var" / "cache")),
        }
    }
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_DATA_DIR / "queue"),
        "data_folder_out": str(CELERY_DATA_DIR / "queue"),
        "processed_folder": str(CELERY_DATA_DIR / "processed"),
        "control_folder": str(CELERY_DATA_DIR / "control"),
        "store_processed": False,
    }
# Public pages kept whole for anonymous visitors, at most this long (0: never kept); any
# change on the platform retires them sooner (alliance/pagecache.py).
PAGE_CACHE_SECONDS = int(env("PAGE_CACHE_SECONDS", "60"))
# Results live in the Job table (alliance.models.Job), not in Celery.
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = "Europe/Paris"
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_BEAT_SCHEDULE = {
    "sweep-jobs": {"task": "alliance.tasks.sweep_jobs", "schedule": 60.0},
    "send-meeting-reminders": {"task": "circles.tasks.send_due_reminders", "schedule": 300.0},
    # The figures of /vision/ stored for visits with an empty cache (roadmap/vision.py).
    "refresh-vision-figures": {"task": "roadmap.tasks.refresh_vision_figures", "schedule": 600.0},
    # The interdependency page's summary, likewise (projects/graph_summary.py).
    "refresh-graph-summary": {"task": "projects.tasks.refresh_graph_summary", "schedule": 600.0},
    "send-weekly-digests": {
        "task": "alliance.tasks.send_weekly_digests",
        "schedule": crontab(day_of_week="mon", hour=8, minute=0),
    },
    # Rows written in bulk (imports) reach the PostgreSQL search index at night.
    "rebuild-search-index": {
        "task": "network.tasks.rebuild_search_index",
        "schedule": crontab(hour=3, minute=30),
    },
}
# A job recorded but not started after this many seconds is enqueued again by the sweep.
JOB_REQUEUE_AFTER = int(env("JOB_REQUEUE_AFTER", "120"))
# A running job stamps its heartbeat this often; one silent for JOB_STUCK_AFTER seconds
# lost its worker and is run again from the start by the sweep (see alliance/jobs.py).
JOB_HEARTBEAT_INTERVAL = int(env("JOB_HEARTBEAT_INTERVAL", "20"))
JOB_STUCK_AFTER = int(env("JOB_STUCK_AFTER", "120"))
# Limits of every job (README, "Limits"): soft then hard time limit in seconds, and the
# resident memory of a worker process in MB. JOB_TIME_LIMITS overrides them per job kind.
JOB_SOFT_TIME_LIMIT = int(env("JOB_SOFT_TIME_LIMIT", "300"))
JOB_TIME_LIMIT = int(env("JOB_TIME_LIMIT", "360"))
JOB_TIME_LIMITS = {
    "ideas.services.run_import": (
        int(env("IMPORT_SOFT_TIME_LIMIT", "900")),
        int(env("IMPORT_TIME_LIMIT", "960")),
    ),
}
JOB_MEMORY_LIMIT_MB = int(env("JOB_MEMORY_LIMIT_MB", "1024"))
# Prefork replaces a child that grew past the ceiling once its job has ended.
CELERY_WORKER_MAX_MEMORY_PER_CHILD = JOB_MEMORY_LIMIT_MB * 1024
CELERY_TASK_SOFT_TIME_LIMIT = JOB_SOFT_TIME_LIMIT
CELERY_TASK_TIME_LIMIT = JOB_TIME_LIMIT

# --- Auth -------------------------------------------------------------------
AUTH_USER_MODEL = "alliance.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = env(
    "ACCOUNT_EMAIL_VERIFICATION", "mandatory" if SECURE else "optional"
)
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_ADAPTER = "alliance.accounts.AccountAdapter"
# Adds first and last name (they become the member's actors.Person).
ACCOUNT_SIGNUP_FORM_CLASS = "alliance.forms.SignupForm"
ACCOUNT_SIGNUP_REDIRECT_URL = "welcome"
ACCOUNT_LOGOUT_REDIRECT_URL = "home"
# Failed logins are throttled by django-axes (one lockout page); allauth's own counter
# would answer first with a different message.
ACCOUNT_RATE_LIMITS = {"login_failed": None}
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Alliance] "
# Sign-up is by invitation unless this is set.
OPEN_SIGNUP = env_bool("OPEN_SIGNUP", False)
INVITATION_VALID_DAYS = int(env("INVITATION_VALID_DAYS", "14"))

AXES_FAILURE_LIMIT = int(env("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 1  # hours
# Failures count per account *and* address: an attacker locks out only their own
# attempts, never the member logging in from elsewhere.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "login"
# allauth authenticates with `email=`, not the form's `login` field.
AXES_USERNAME_CALLABLE = "alliance.accounts.axes_username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "alliance/lockout.html"
AXES_ENABLED = env_bool("AXES_ENABLED", True)

# --- I18n -------------------------------------------------------------------
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

# --- Static and media -------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", str(BASE_DIR / "var" / "staticfiles")))
# Leaflet comes from django-leaflet's static files. The app itself is not installed: its
# admin module needs GeoDjango (GDAL), which this project does without.
LEAFLET_STATIC = Path(find_spec("leaflet").submodule_search_locations[0]) / "static" / "leaflet"
STATICFILES_DIRS = [BASE_DIR / "static", ("leaflet", LEAFLET_STATIC)]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if not DEBUG and env_bool("STATIC_MANIFEST", SECURE)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# --- Email ------------------------------------------------------------------
EMAIL_BACKEND = env(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if env("EMAIL_HOST")
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = int(env("EMAIL_PORT", "25"))
EMAIL_HOST_USER = env("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = 10
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Alliance <noreply@alliance.localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The mailbox named in List-Unsubscribe's mailto: (the sender's address when empty); the
# subject of each request carries the signed token of the one-click link.
UNSUBSCRIBE_EMAIL = env("UNSUBSCRIBE_EMAIL")

# --- Security ---------------------------------------------------------------
SECURE_SSL_REDIRECT = SECURE
# Production runs behind a TLS proxy (README): it says which requests came over HTTPS...
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if SECURE else None
# ...and appends each client's address to X-Forwarded-For. The number of proxies in front
# of gunicorn that do so (1 by default with an https SITE_URL, 0 without); addresses a
# client wrote before them are ignored. Lock-outs (django-axes) and allauth's rate limits
# count by that address.
TRUSTED_PROXY_COUNT = int(env("TRUSTED_PROXY_COUNT", "1" if SECURE else "0"))
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT
AXES_CLIENT_IP_CALLABLE = "alliance.proxies.client_ip"
SECURE_HSTS_SECONDS = 31536000 if SECURE else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE
SECURE_HSTS_PRELOAD = SECURE
SESSION_COOKIE_SECURE = SECURE
CSRF_COOKIE_SECURE = SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"

# Map tiles: a configurable URL, OpenStreetMap's by default; tests set it empty (no tiles).
MAP_TILE_URL = env("MAP_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
MAP_TILE_ATTRIBUTION = env(
    "MAP_TILE_ATTRIBUTION",
    '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors',
)


def _tile_origin(url: str) -> list[str]:
    if not url.startswith("http"):
        return []
    scheme, rest = url.split("://", 1)
    host = rest.split("/", 1)[0].replace("{s}.", "*.")
    return [f"{scheme}://{host}"]


CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", "blob:", *_tile_origin(MAP_TILE_URL)],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# --- Open API ---------------------------------------------------------------
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_HEADERS = [
    "if-none-match",
    "if-modified-since",
    "x-api-key",
    "accept",
    "accept-language",
]
CORS_EXPOSE_HEADERS = [
    "ETag",
    "Last-Modified",
    "Retry-After",
    "RateLimit-Limit",
    "RateLimit-Remaining",
    "RateLimit-Reset",
    "RateLimit-Policy",
]
# A polite harvester (one request at a time, pages of 200) never reaches the anonymous
# rate; keys in API_KEYS (sent as X-API-Key) get the higher one.
API_THROTTLE_RATE = env("API_THROTTLE_RATE", "600/min")
API_KEY_THROTTLE_RATE = env("API_KEY_THROTTLE_RATE", "6000/min")
API_KEYS = env_list("API_KEYS")
REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_THROTTLE_CLASSES": ["network.opendata.api.throttling.ClientThrottle"],
    "DEFAULT_THROTTLE_RATES": {"anon": API_THROTTLE_RATE, "key": API_KEY_THROTTLE_RATE},
    "EXCEPTION_HANDLER": "network.opendata.api.errors.french_exception_handler",
    "UNAUTHENTICATED_USER": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Alliance — API ouverte",
    "DESCRIPTION": "Données publiques de l'Alliance pour la transformation durable du territoire.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # Needs and offers share one set of resource kinds; name it rather than let
    # drf-spectacular invent "Kind9baEnum" (a check --deploy warning).
    "ENUM_NAME_OVERRIDES": {"ResourceKindEnum": "projects.models.Kinds"},
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "network.opendata.api.schema.complete_responses",
    ],
}

MAP_CENTER = (43.6045, 1.4440)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "WARNING")},
}
