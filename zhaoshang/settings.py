"""Settings for 招商引资管理平台. Everything that differs per deployment comes from the
environment; a bad value stops start-up with ImproperlyConfigured instead of guessing."""

import os
import secrets
from pathlib import Path

import dj_database_url
from csp.constants import NONCE
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("ZHAOSHANG_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in ("1", "true", "yes", "on"):
        return True
    if value.lower() in ("0", "false", "no", "off"):
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean, got {value!r}")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, got {value!r}") from None


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def _secret_key() -> str:
    """Outside debug a key is required; when none is given, one is generated once into
    var/ so that restarts keep sessions and no key is ever committed."""
    if key := os.environ.get("SECRET_KEY"):
        return key
    path = VAR_DIR / "secret_key"
    if not path.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(64))
        path.chmod(0o600)
    return path.read_text().strip()


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

# Deployments behind TLS set HTTPS=1; the demo on 127.0.0.1 is plain HTTP.
HTTPS = env_bool("HTTPS", False)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 60 * 60 * 12
# Sessions are read from the cache (written to both): no query per request. Logout
# and every session write (the second factor's mark) go through the session store,
# which keeps both copies alike; the database stays the record.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
SILENCED_SYSTEM_CHECKS = [] if HTTPS else ["security.W004", "security.W008", "security.W012", "security.W016"]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "treebeard",
    "simple_history",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "csp",
    "template_partials.apps.SimpleAppConfig",
    "zhaoshang.core",
    "zhaoshang.organisation",
    "zhaoshang.accounts",
    "zhaoshang.projects",
    "zhaoshang.targets",
    "zhaoshang.metrics",
    "zhaoshang.dashboard",
    "zhaoshang.activities",
    "zhaoshang.alerts",
    "zhaoshang.timelimits",
    "zhaoshang.catalogues",
    "zhaoshang.cases",
    "zhaoshang.elements",
    "zhaoshang.chains",
    "zhaoshang.service",
    "zhaoshang.rewards",
    "zhaoshang.reports",
    "django_tasks",
    "zhaoshang.campaigns",
    "zhaoshang.assessment",
    "zhaoshang.portal",
    "zhaoshang.todo",
    # The project package itself, for `manage.py demo`, which spans every app.
    "zhaoshang",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "zhaoshang.accounts.middleware.SecondFactorMiddleware",
]

ROOT_URLCONF = "zhaoshang.urls"
WSGI_APPLICATION = "zhaoshang.wsgi.application"

_file_loaders = [
    "django.template.loaders.filesystem.Loader",
    "django.template.loaders.app_directories.Loader",
]
if not DEBUG:
    _file_loaders = [("django.template.loaders.cached.Loader", _file_loaders)]  # type: ignore[list-item]
# The partials loader must be outermost: wrapped inside the cached loader it never
# sees "template.html#partial" names and htmx partial renders fail outside DEBUG.
_template_loaders = [("template_partials.loader.Loader", _file_loaders)]

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "zhaoshang" / "templates"],
        "OPTIONS": {
            "loaders": _template_loaders,
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "zhaoshang.context_processors.navigation",
                "zhaoshang.portal.context_processors.profile",
            ],
            "builtins": ["django.templatetags.static", "zhaoshang.core.templatetags.zs"],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'zhaoshang.sqlite3'}",
        conn_max_age=env_int("CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and a busy timeout so the web workers and the task worker share the file:
    # a writer waits for the one before it (IMMEDIATE takes the write lock at BEGIN,
    # so no transaction fails half-way on an upgrade), and the wait is long enough
    # for the longest normal write (a demo build, a bulk import) to finish first.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": env_int("SQLITE_BUSY_TIMEOUT", 120),
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # No JIT: the figures are many short aggregates over index-only scans, where
    # compiling a plan (30 ms and more) costs more than running it. A random read
    # priced near a sequential one, as PostgreSQL's documentation advises for data
    # held in memory or on SSD: at the default (4) the planner reads every project
    # of the province to check the few thousand a county's credits name, rather
    # than look them up (the county dashboard, cold, 345 → 243 ms; issue 13).
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off -c random_page_cost=1.1")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The cache holds computed figures (metrics/freshness.py). Without Redis it is a
# directory under var/ that the web processes and the task worker share, so the
# figures the worker computes after a change (dashboard/tasks.py) serve every visitor.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": VAR_DIR / "cache",
        "OPTIONS": {"MAX_ENTRIES": 5000},
    }
}
if redis_url := os.environ.get("REDIS_URL"):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": redis_url}}
# {% cache %} fragments go here (Django's name for their cache): base.html's static
# files and links, the same for every user and page. In each process's memory, kept
# until it restarts, like the static manifest they are read from; a file or Redis
# read would cost more than the URLs it saves.
CACHES["template_fragments"] = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "template-fragments"}
# How long computed figures stay cached; 0 turns the cache off. A change of the data
# makes them unreachable at once, whatever this says.
METRICS_CACHE_SECONDS = env_int("METRICS_CACHE_SECONDS", 3600)
# How long a login's scope (roles, their units, the persons it is) stays cached
# between requests (accounts/access.py); 0 reads it every request. A committed change
# of a role, unit or person makes it unreachable at once; the limit only bounds what
# a change made outside the application (SQL by hand) could leave behind.
SCOPE_CACHE_SECONDS = env_int("SCOPE_CACHE_SECONDS", 600)

# Background tasks (django-tasks): the monthly circular is generated by a worker.
# TASKS_BACKEND=db (default): tasks are rows in the database, run by
#   `manage.py db_worker` (`make run` starts one next to gunicorn);
# TASKS_BACKEND=rq: tasks go to Redis (REDIS_URL), run by
#   `manage.py rqworker --job-class django_tasks_rq.Job default`;
# TASKS_BACKEND=immediate: run inside the request (tests, one-off scripts).
TASKS_BACKEND = os.environ.get("TASKS_BACKEND", "db")
if TASKS_BACKEND == "db":
    INSTALLED_APPS.append("django_tasks_db")
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
elif TASKS_BACKEND == "rq":
    if not os.environ.get("REDIS_URL"):
        raise ImproperlyConfigured("TASKS_BACKEND=rq requires REDIS_URL")
    INSTALLED_APPS += ["django_rq", "django_tasks_rq"]
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    RQ_QUEUES = {"default": {"URL": os.environ["REDIS_URL"], "DEFAULT_TIMEOUT": 600}}
elif TASKS_BACKEND == "immediate":
    TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
else:
    raise ImproperlyConfigured(f"TASKS_BACKEND must be db, rq or immediate, got {TASKS_BACKEND!r}")

# A running background job (the circular) reports progress every few seconds; one
# silent for this long has lost its worker and is shown as failed, with 重试.
TASK_STALL_SECONDS = env_int("TASK_STALL_SECONDS", 300)

# 月度通报的表扬与批评规则 (zhaoshang/reports/rules.py): commended at a completion
# rate ≥ commend_rate or rank ≤ commend_top_rank in the division; criticised below
# criticise_progress_share × 序时进度, or at zero when criticise_zero.
CIRCULAR_RULES = {"commend_rate": "1", "commend_top_rank": 1, "criticise_progress_share": "0.5", "criticise_zero": True}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "zhaoshang.accounts.validators.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "zhaoshang.accounts.validators.DemoPasswordValidator"},
]
LOGIN_URL = "login"
# 待办 (zhaoshang/todo) is the home page; the dashboard is in the menu.
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Guessing passwords (zhaoshang/accounts/throttle.py). Within LOGIN_COOLOFF_MINUTES:
# - LOGIN_FAILURE_LIMIT failures for one username from one address lock that pair;
# - LOGIN_ADDRESS_FAILURE_LIMIT failures from one address, whatever the usernames,
#   lock the address (spraying many users);
# - LOGIN_USERNAME_FAILURE_LIMIT failures for one username, whatever the addresses,
#   lock the username (guessing from many addresses).
# The last two spare an address the user has logged in from before (within
# LOGIN_KNOWN_ADDRESS_DAYS), so an attacker elsewhere cannot lock the real user out.
LOGIN_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
LOGIN_ADDRESS_FAILURE_LIMIT = env_int("LOGIN_ADDRESS_FAILURE_LIMIT", 20)
LOGIN_USERNAME_FAILURE_LIMIT = env_int("LOGIN_USERNAME_FAILURE_LIMIT", 10)
LOGIN_COOLOFF_MINUTES = env_int("LOGIN_COOLOFF_MINUTES", 60)
LOGIN_KNOWN_ADDRESS_DAYS = env_int("LOGIN_KNOWN_ADDRESS_DAYS", 90)
# How many reverse proxies (nginx, a load balancer) stand in front of gunicorn. With
# 0 the client is REMOTE_ADDR; with n, the n-th address from the right of
# X-Forwarded-For (the one the outermost trusted proxy saw). Left at 0 behind a
# proxy, every login seems to come from the proxy.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)

# Second factor (TOTP, django-otp): required for system admins and bureau staff
# (等保三级), optional for everyone else.
OTP_REQUIRED = env_bool("OTP_REQUIRED", True)
OTP_TOTP_ISSUER = "招商引资管理平台"
# Personal API tokens stop working this many days after they are created.
API_TOKEN_DAYS = env_int("API_TOKEN_DAYS", 90)

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
# ISO dates first in the input formats: see zhaoshang/core/formats/zh_Hans/formats.py.
FORMAT_MODULE_PATH = ["zhaoshang.core.formats"]
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
# Front-end packages come from npm; only their dist folders are exposed.
STATICFILES_DIRS = [
    ("vendor/bootstrap", BASE_DIR / "node_modules" / "bootstrap" / "dist"),
    ("vendor/bootstrap-icons", BASE_DIR / "node_modules" / "bootstrap-icons" / "font"),
    ("vendor/htmx", BASE_DIR / "node_modules" / "htmx.org" / "dist"),
    ("vendor/echarts", BASE_DIR / "node_modules" / "echarts" / "dist"),
]
# Uploaded evidence lives outside the web root and is only served through views
# that check access.
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage" if DEBUG else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024

# Excel imports (zhaoshang/core/excel.py). The upload is checked against these
# before it is parsed: a few MB of zip can unpack to gigabytes of XML, and one
# <row r="25000000"/> makes the reader produce 25 million blank rows.
IMPORT_MAX_BYTES = 10 * 1024 * 1024  # the file as uploaded
IMPORT_MAX_ROWS = 20_000  # rows of data
XLSX_MAX_ROWS = IMPORT_MAX_ROWS + 1  # rows of any sheet: the header and blank rows count
XLSX_MAX_UNCOMPRESSED_BYTES = 100 * 1024 * 1024  # all parts of the file, unpacked
XLSX_MAX_PART_BYTES = 32 * 1024 * 1024  # any one part (a sheet, the shared strings…)
XLSX_MAX_STRING_BYTES = 256 * 1024  # one text in the XML (a shared or inline string, a value)

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        # The NONCE sentinel, not the string "'nonce'": browsers ignore that as an
        # invalid source, and every <script nonce="{{ request.csp_nonce }}"> is blocked.
        "script-src": ["'self'", NONCE],
        # ECharts writes tooltip markup with style attributes.
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

# Notifications are in-app; with NOTIFY_BY_EMAIL=1 a copy goes by e-mail through
# the background tasks, using Django's EMAIL_* settings. SITE_URL makes the links
# in the mail absolute (e.g. https://zs.example.gov.cn).
NOTIFY_BY_EMAIL = env_bool("NOTIFY_BY_EMAIL", False)
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "zhaoshang@localhost")
if NOTIFY_BY_EMAIL and EMAIL_USE_TLS and EMAIL_USE_SSL:
    raise ImproperlyConfigured("EMAIL_USE_TLS and EMAIL_USE_SSL cannot both be on")

SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True
SIMPLE_HISTORY_REVERT_DISABLED = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}

PAGE_SIZE = 50

# The public portal (zhaoshang/portal, docs/domain.md §11). Every public page names the
# county (left empty: the name of the county unit) and how to reach the bureau.
PORTAL_COUNTY_NAME = os.environ.get("PORTAL_COUNTY_NAME", "")
PORTAL_CONTACT = os.environ.get("PORTAL_CONTACT", "县招商局 电话 0000-0000000")
# Online inquiries: at most this many a day from one address, and in all (the
# second stops a flood from many addresses before it buries the units' to-do).
PORTAL_INQUIRIES_PER_ADDRESS = env_int("PORTAL_INQUIRIES_PER_ADDRESS", 5)
PORTAL_INQUIRIES_PER_DAY = env_int("PORTAL_INQUIRIES_PER_DAY", 300)
# An inquiry request larger than this (bytes) is refused unread.
PORTAL_INQUIRY_MAX_BYTES = env_int("PORTAL_INQUIRY_MAX_BYTES", 16_000)
