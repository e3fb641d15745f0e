"""Settings shared by every environment; values come from the environment (see README)."""

from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from config.env import BASE_DIR, env

# A relative HONGDUN_VAR_DIR is taken from the project directory, whatever the working directory.
VAR_DIR = BASE_DIR / Path(env.str("HONGDUN_VAR_DIR", default="var"))

DEBUG = env.bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

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
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "django_filters",
    "django_tables2",
    "hongdun.core",
    "hongdun.orgs",
    "hongdun.accounts",
    "hongdun.enterprises",
    "hongdun.namecheck",
    "captcha",
    "hongdun.consultation",
    "hongdun.registration",
    "hongdun.workforce",
    "hongdun.workforce.excel",
    "hongdun.registration.review",
    "hongdun.disclosure",
    "hongdun.supervision",
    "hongdun.credit",
    "hongdun.reporting",
    "hongdun.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Roles and row scope are read once per request (hongdun.core.scope, ADR 0013).
    "hongdun.accounts.memo.RequestMemoMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Axes must be last: it turns repeated failed logins into a lockout response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "hongdun" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "hongdun.core.context_processors.site",
                "hongdun.workforce.context_processors.workforce",
            ],
        },
    },
]

# Embedded default: SQLite under var/. Production: DATABASE_URL=postgres://...
DATABASES = {
    "default": dj_database_url.parse(
        env.str("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'hongdun.sqlite3'}"),
        conn_max_age=env.int("DATABASE_CONN_MAX_AGE", default=60),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded default must work on a fresh clone: create var/ on first use.
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    # Connections persist (DATABASE_CONN_MAX_AGE, as on PostgreSQL): opening one and running the
    # PRAGMAs below, with a cold page cache, cost ~1.2 ms of every request. That is safe with
    # gunicorn (sync or gthread workers): Django keeps one connection per thread, so a
    # connection never serves two requests at once; workers are forked before anything opens
    # the database (no --preload, no queries at import), so none is inherited across a fork;
    # in autocommit no transaction or lock outlives a request, so an idle connection does not
    # hold back writers or WAL checkpoints. Each keeps up to cache_size of pages (64 MiB).
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers run while a writer commits; IMMEDIATE takes the write lock at BEGIN so
        # two writers queue on busy_timeout instead of failing on a lock upgrade.
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; "
            "PRAGMA cache_size=-65536; PRAGMA mmap_size=1073741824; PRAGMA temp_store=MEMORY;"
        ),
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
# An expired form gets the site's 403 page, not Django's developer page (hongdun.core.errors).
CSRF_FAILURE_VIEW = "hongdun.core.errors.csrf_failure"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "core:home"

# django-axes: five failures lock that username from that address for 30 minutes.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=0.5)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("简体中文")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "hongdun" / "static"]
# Uploaded files live outside the web root and are served only through permission-checked views.
MEDIA_ROOT = VAR_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# The clerk-queue indexes (registration.Application.Meta) INCLUDE the id so that PostgreSQL can
# answer from the index alone; SQLite ignores INCLUDE (its indexes carry the rowid anyway) and
# would warn about it on every command.
SILENCED_SYSTEM_CHECKS = ["models.W040"]

REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    # Django's Redis backend, with one client per connection pool (hongdun.core.cache).
    CACHES = {"default": {"BACKEND": "hongdun.core.cache.RedisCache", "LOCATION": REDIS_URL}}
else:
    # Without Redis the cache still has to be one for all gunicorn workers and the task worker:
    # rate limits (DRF throttles, consultation questions) would otherwise count per process, and
    # the working-day calendar's version stamp (hongdun.core.workdays) would not reach the other
    # processes when an administrator edits a holiday. A directory under var/ needs no set-up.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(
                BASE_DIR / env.str("HONGDUN_CACHE_DIR", default=str(VAR_DIR / "cache"))
            ),
        }
    }

EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="noreply@hongdun.invalid")

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "EXCEPTION_HANDLER": "hongdun.core.api.exception_handler",
    # Throttles identify clients by REMOTE_ADDR unless the deployment says how many proxies add
    # X-Forwarded-For; otherwise a client could dodge the throttle by sending its own header.
    "NUM_PROXIES": env.int("DJANGO_NUM_PROXIES", default=0),
    # Per client address (public query, name check) or per account (batch name check).
    "DEFAULT_THROTTLE_RATES": {
        "public_query": env.str("HONGDUN_THROTTLE_PUBLIC_QUERY", default="600/min"),
        "name_check": env.str("HONGDUN_THROTTLE_NAME_CHECK", default="600/min"),
        "name_batch": env.str("HONGDUN_THROTTLE_NAME_BATCH", default="30/min"),
        # The public check of a document's verification code (/verify/), per client address.
        "document_verify": env.str("HONGDUN_THROTTLE_DOCUMENT_VERIFY", default="30/min"),
        # Annual-report filing through the API (/api/v1/annual-reports/), per account.
        "annual_report_write": env.str("HONGDUN_THROTTLE_ANNUAL_REPORT", default="120/min"),
    },
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Hongdun (红盾) API",
    "DESCRIPTION": "Public e-services and back-office API of a market-regulation bureau.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # Swagger UI and ReDoc are served from the vendored sidecar package, never from a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Two models have a `status` field; name their enums instead of hashing them.
    "ENUM_NAME_OVERRIDES": {
        "EnterpriseStatusEnum": "hongdun.enterprises.choices.EnterpriseStatus",
        "ReservationStatusEnum": "hongdun.namecheck.choices.ReservationStatus",
        "ApplicationStatusEnum": "hongdun.registration.choices.ApplicationStatus",
        "DeregistrationModeEnum": "hongdun.registration.choices.DeregistrationMode",
        "ChangeItemKindEnum": "hongdun.registration.choices.ChangeItemKind",
    },
}

SIMPLE_HISTORY_HISTORY_ID_USE_UUID = False

# Background work started from the web (Excel imports, …) runs on Django's task API. The database
# backend needs no extra service: `manage.py db_worker` (started by `make run`) executes the queue.
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}
# Uploaded files that must never be served directly (registration materials, Excel imports) live
# here, outside any web root; each feature keeps its own subfolder.
PRIVATE_ROOT = BASE_DIR / Path(env.str("HONGDUN_PRIVATE_ROOT", default=str(VAR_DIR / "private")))

HONGDUN = {
    # Marked for translation here because templates translate it through a variable.
    "BUREAU_NAME": env.str("HONGDUN_BUREAU_NAME", default=gettext_noop("包头市市场监督管理局")),
    "SEARCH_PAGE_SIZE": 20,
    # Name declaration (docs/rules/names.md C-MODE): `similar` is a warning unless this is on.
    "NAMECHECK_SIMILAR_BLOCKS": env.bool("HONGDUN_NAMECHECK_SIMILAR_BLOCKS", default=False),
    # treat a "国际" prefix as restricted, as the pre-2021 rules did.
    "NAMECHECK_LEGACY_GUOJI_PREFIX": env.bool("HONGDUN_NAMECHECK_LEGACY_GUOJI", default=False),
    "NAMECHECK_BATCH_MAX": 10_000,
    # Former names older than this are left out of the index (the conflict window is one year).
    "NAMECHECK_HISTORY_DAYS": 400,
    # Save a snapshot of the index after building it from the database (next start loads it).
    "NAMECHECK_SNAPSHOT_ON_BUILD": True,
    # Reference data directory for the engine; empty = the data shipped with the engine.
    "NAMECHECK_REFERENCE_DIR": env.str("HONGDUN_NAMECHECK_REFERENCE_DIR", default=""),
    # Reservation periods (GD2020 Art 18): 2 months, 1 year where pre-approval is needed.
    "NAME_RESERVATION_MONTHS": 2,
    "NAME_RESERVATION_PRE_APPROVAL_MONTHS": 12,
    # Consultation (网上登记咨询): answer within this many working days of the question.
    "CONSULTATION_ANSWER_WORKING_DAYS": env.int("HONGDUN_CONSULTATION_ANSWER_DAYS", default=5),
    # The queue shows a question amber when this many working days or fewer are left.
    "CONSULTATION_DUE_SOON_WORKING_DAYS": 1,
    # Questions a client may ask: (how many, per how many seconds), counted in the cache.
    "CONSULTATION_LIMIT_PER_ADDRESS": (5, 3600),
    "CONSULTATION_LIMIT_PER_ACCOUNT": (10, 86400),
    "CONSULTATION_PAGE_SIZE": 10,
    # Registration materials: outside STATIC_ROOT and MEDIA_ROOT, streamed by a checked view only.
    "REGISTRATION_PRIVATE_ROOT": env.str(
        "HONGDUN_REGISTRATION_PRIVATE_ROOT", default=str(PRIVATE_ROOT / "registration")
    ),
    "REGISTRATION_MATERIAL_MAX_BYTES": env.int(
        "HONGDUN_REGISTRATION_MATERIAL_MAX_BYTES", default=10 * 1024 * 1024
    ),
    # Pre-review rule data (UNVERIFIED thresholds, reserved words); empty = the shipped file.
    "REGISTRATION_RULES_FILE": env.str("HONGDUN_REGISTRATION_RULES_FILE", default=""),
    # Workforce Excel imports: largest upload and most data rows per file.
    "WORKFORCE_IMPORT_MAX_BYTES": env.int("HONGDUN_WORKFORCE_IMPORT_MAX_MB", default=20)
    * 1024
    * 1024,
    "WORKFORCE_IMPORT_MAX_ROWS": 100_000,
    # Workforce Excel exports with at most this many rows are answered at once; larger ones are
    # written by a background task (a million rows take over a minute, past gunicorn's timeout).
    "WORKFORCE_EXPORT_SYNC_ROWS": env.int("HONGDUN_WORKFORCE_EXPORT_SYNC_ROWS", default=20_000),
    # Most data rows one export may hold. One .xlsx sheet holds 1,048,576 rows with the header,
    # and the import reads one sheet, so a larger value is capped to 1,048,575.
    "WORKFORCE_EXPORT_MAX_ROWS": 1_048_575,
    # `prune_excel_exports` deletes the files of export jobs older than this many days.
    "WORKFORCE_EXPORT_KEEP_DAYS": 7,
    # Where the public pages are reached from outside: the business licence's QR code points here.
    # Empty = not said; local and test settings fill in 127.0.0.1, production derives it from
    # ALLOWED_HOSTS and warns at start-up (hongdun.core.public_url, hongdun.W001).
    "PUBLIC_BASE_URL": env.str("HONGDUN_PUBLIC_BASE_URL", default=""),
    # Annual reports (企业信息公示暂行条例第八条, 第十二条): the filing window within the filing
    # year and the last day for corrections, as MM-DD, China time (docs/rules/disclosure.md §2).
    "ANNUAL_REPORT_OPENS": env.str("HONGDUN_ANNUAL_REPORT_OPENS", default="01-01"),
    "ANNUAL_REPORT_CLOSES": env.str("HONGDUN_ANNUAL_REPORT_CLOSES", default="06-30"),
    "ANNUAL_REPORT_CORRECTIONS_UNTIL": env.str(
        "HONGDUN_ANNUAL_REPORT_CORRECTIONS_UNTIL", default="06-30"
    ),
    # The annual report's social-insurance section (社保信息, filed with the report since the
    # 多报合一 reform; no legal text fixes its items, so they are deployment data). "kind" is
    # "count" (people) or "amount" (yuan); "switch" gives the item a publish switch like the
    # section-7 figures (the switch is stored in public_figures as "social_insurance.<key>").
    "ANNUAL_REPORT_SOCIAL_INSURANCE_ITEMS": [
        {"key": "pension_insured", "label": _("城镇职工基本养老保险参保人数"), "kind": "count"},
        {"key": "unemployment_insured", "label": _("失业保险参保人数"), "kind": "count"},
        {"key": "medical_insured", "label": _("职工基本医疗保险参保人数"), "kind": "count"},
        {"key": "injury_insured", "label": _("工伤保险参保人数"), "kind": "count"},
        {"key": "maternity_insured", "label": _("生育保险参保人数"), "kind": "count"},
        {
            "key": "pension_base",
            "label": _("单位参加城镇职工基本养老保险缴费基数（元）"),
            "kind": "amount",
            "switch": True,
        },
        {
            "key": "pension_paid",
            "label": _("参加城镇职工基本养老保险本期实际缴费金额（元）"),
            "kind": "amount",
            "switch": True,
        },
        {
            "key": "pension_arrears",
            "label": _("单位参加城镇职工基本养老保险累计欠缴金额（元）"),
            "kind": "amount",
            "switch": True,
        },
    ],
    # `send_annual_report_reminders` tells every enterprise that has not filed the open window's
    # report this many days before its last day, once (docs/rules/disclosure.md §2.6).
    "ANNUAL_REPORT_REMINDER_DAYS": env.int("HONGDUN_ANNUAL_REPORT_REMINDER_DAYS", default=30),
    # The supervision registers (docs/rules/supervision.md). Periods the sources disagree on or
    # that the 2021 measure may have changed are settings, not code.
    # The day (MM-DD, China time) the scheduled run proposes every enterprise without last year's
    # report for the abnormal-operation list (after the filing window closes).
    "SUPERVISION_LISTING_PROPOSAL_DAY": env.str(
        "HONGDUN_SUPERVISION_LISTING_PROPOSAL_DAY", default="07-01"
    ),
    # Working days to decide a listing (from the basis day) and a removal (from the application).
    "SUPERVISION_LISTING_DECISION_WORKING_DAYS": env.int(
        "HONGDUN_SUPERVISION_LISTING_DECISION_WORKING_DAYS", default=10
    ),
    "SUPERVISION_REMOVAL_DECISION_WORKING_DAYS": env.int(
        "HONGDUN_SUPERVISION_REMOVAL_DECISION_WORKING_DAYS", default=5
    ),
    # Calendar days after the listing in which an objection may be raised.
    "SUPERVISION_OBJECTION_DAYS": env.int("HONGDUN_SUPERVISION_OBJECTION_DAYS", default=30),
    # Years on the abnormal list before the serious list; the reminder that many days before;
    # working days to decide the serious listing after the mark.
    "SUPERVISION_SERIOUS_AFTER_YEARS": env.int(
        "HONGDUN_SUPERVISION_SERIOUS_AFTER_YEARS", default=3
    ),
    "SUPERVISION_SERIOUS_REMINDER_DAYS": env.int(
        "HONGDUN_SUPERVISION_SERIOUS_REMINDER_DAYS", default=60
    ),
    "SUPERVISION_SERIOUS_DECISION_WORKING_DAYS": env.int(
        "HONGDUN_SUPERVISION_SERIOUS_DECISION_WORKING_DAYS", default=10
    ),
    # Years the legal representative of a serious-list enterprise is barred from the role elsewhere;
    # years on the serious list without a new violation before removal (5 under the 2014 text;
    # UNVERIFIED under the 2021 measure).
    "SUPERVISION_SERIOUS_BAR_YEARS": env.int("HONGDUN_SUPERVISION_SERIOUS_BAR_YEARS", default=3),
    "SUPERVISION_SERIOUS_REMOVAL_YEARS": env.int(
        "HONGDUN_SUPERVISION_SERIOUS_REMOVAL_YEARS", default=5
    ),
    # The credit registers (docs/rules/credit.md). The day of the month the scheduled run
    # reclassifies every enterprise (企业信用风险分类, monthly by SAMR's practice).
    "CREDIT_RECLASSIFY_DAY": env.int("HONGDUN_CREDIT_RECLASSIFY_DAY", default=1),
    # 守合同重信用: full accounting years before an application; years a publicity lasts; years
    # an enterprise may not reapply after a revocation and after a voluntary withdrawal (Chengdu
    # 2022; provinces differ); the penalty amount (yuan) above which a publicity is revoked.
    "CREDIT_CONTRACT_FULL_YEARS": env.int("HONGDUN_CREDIT_CONTRACT_FULL_YEARS", default=2),
    "CREDIT_CONTRACT_PUBLICITY_YEARS": env.int(
        "HONGDUN_CREDIT_CONTRACT_PUBLICITY_YEARS", default=2
    ),
    "CREDIT_CONTRACT_REVOKED_BAR_YEARS": env.int(
        "HONGDUN_CREDIT_CONTRACT_REVOKED_BAR_YEARS", default=4
    ),
    "CREDIT_CONTRACT_WITHDRAWN_BAR_YEARS": env.int(
        "HONGDUN_CREDIT_CONTRACT_WITHDRAWN_BAR_YEARS", default=2
    ),
    "CREDIT_CONTRACT_PENALTY_THRESHOLD": env.str(
        "HONGDUN_CREDIT_CONTRACT_PENALTY_THRESHOLD", default="10000"
    ),
    # Random inspections: the least share of the population a plan draws (企业公示信息抽查暂行办法
    # 第四条: 3 % a year), and working days to publish a result after it is entered.
    "INSPECTION_MIN_RATIO": env.str("HONGDUN_INSPECTION_MIN_RATIO", default="0.03"),
    "INSPECTION_PUBLISH_WORKING_DAYS": env.int(
        "HONGDUN_INSPECTION_PUBLISH_WORKING_DAYS", default=20
    ),
}

# django-simple-captcha on the consultation form: 4 letters, images rendered by Pillow.
CAPTCHA_LENGTH = 4
CAPTCHA_FONT_SIZE = 30
CAPTCHA_TIMEOUT = 10  # minutes

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("DJANGO_LOG_LEVEL", default="WARNING")},
}
