"""Settings for the KCC klantbeeld, read from the environment in this one place.

Defaults are safe for production (debug off, secure cookies, HSTS, strict CSP).
The run command (``./kcc run``) switches on demo mode and relaxes only what a plain
``http://localhost`` needs; see README.md for every variable.
"""

import ipaddress
import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from core import logboek

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name, default=None):
    return os.environ.get(name, default)


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", False)
# Demo mode: demo data, one-click demo log-in, e-mail to the console. Never in production.
DEMO_MODE = env_bool("KCC_DEMO", False)

SECRET_KEY = env("DJANGO_SECRET_KEY")
if not SECRET_KEY:
    if DEBUG or DEMO_MODE:
        SECRET_KEY = "demo-only-not-secret-" + "x" * 40
    else:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set (50+ random characters).")

ALLOWED_HOSTS = env_list(
    "DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1" if DEBUG or DEMO_MODE else ""
)
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.forms",  # Django's widget templates for the form renderer (TemplatesSetting)
    "django_htmx",
    "guardian",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    # the layers of the house, bottom to top (the import contract in pyproject.toml)
    "core",
    "permissions",
    "cases",
    "contacts",
    "callbacks",
    "channels",
    "sources",
    "klantbeeld",
    "klantinteracties",
    "cijfers",
    "proactief",
    "leren",
    "kennis",
    "demo",
]

MIDDLEWARE = [
    # every log line of the request carries its request id and trace id
    "core.logboek.Verzoek",
    # a trace span per request when tracing is configured (continues traceparent)
    "core.tracing.Traceren",
    # latency and outcome per view for /metrics, and one log line per request
    "core.metrics.Verzoekmeting",
    # a body that is too large is refused before it is read
    "core.middleware.VerzoekGrootte",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # idle time-out and absolute session age (after messages: it says why)
    "permissions.middleware.SessieBewaking",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "core.middleware.Beveiligingskoppen",
    # last, so that it sees the outcome of authentication (lock-out after failures)
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "nijmegen_kcc.urls"
WSGI_APPLICATION = "nijmegen_kcc.wsgi.application"
ASGI_APPLICATION = "nijmegen_kcc.asgi.application"

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
                "django.template.context_processors.csp",
                "permissions.context_processors.kcc",
            ],
        },
    },
]
# Plain widgets and labels written in Python, byte for byte Django's own templates, through
# the project's TEMPLATES (an overridden widget template is rendered by Django).
FORM_RENDERER = "core.formrenderer.SnelleRenderer"

# --- Database: PostgreSQL only (search and locking rely on it) -----------------------
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/kcc"),
        conn_max_age=int(env("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
# The klantbeeld's queries join up to eight small tables (channel, subject, domein, department,
# staff…). With PostgreSQL's default join_collapse_limit (8) planning them took ten times
# longer than running them (4.8 ms against 0.4 ms for the timeline); with 4 the planner still
# reorders small groups of joins and plans in 1 ms, with the same plans (docs/benchmarks.md).
_collapse = int(env("DATABASE_JOIN_COLLAPSE_LIMIT", "4"))
# Behind PgBouncer in transaction mode (KCC_PGBOUNCER=1) every transaction may get another
# server connection: no server-side cursors (they live across transactions) and no startup
# parameters (PgBouncer refuses "options"; set the planner limits with its connect_query or
# ALTER ROLE, README "PgBouncer"). Prepared statements are off already (Django's default for
# psycopg 3); advisory locks are transaction-scoped (pg_advisory_xact_lock), SET only LOCAL.
KCC_PGBOUNCER = env("KCC_PGBOUNCER", "0") == "1"
if KCC_PGBOUNCER:
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
else:
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = (
        f"-c join_collapse_limit={_collapse} -c from_collapse_limit={_collapse}"
    )
if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
    raise ImproperlyConfigured("DATABASE_URL must point to PostgreSQL.")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis: cache and Celery broker ---------------------------------------------------
REDIS_URL = env("REDIS_URL", "redis://127.0.0.1:6379/0")
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": env("CACHE_KEY_PREFIX", "kcc"),
    }
}

CELERY_BROKER_URL = env("CELERY_BROKER_URL", REDIS_URL)
# kombu's Redis transport without the exit on a Redis restart (see core/redis_transport.py);
# for redis:// brokers (rediss://, sentinel: kombu's own transport)
if CELERY_BROKER_URL.startswith("redis://"):
    CELERY_BROKER_TRANSPORT = "core.redis_transport:Transport"
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", REDIS_URL)
CELERY_TASK_DEFAULT_QUEUE = env("CELERY_QUEUE", "kcc")
# Mail has a queue of its own, "<queue>-mail" (kcc-mail): a mail server that is slow or
# away never delays routing. A worker for each: -Q kcc and -Q kcc-mail (core.broker.routeer).
CELERY_TASK_ROUTES = ["core.broker.routeer"]
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_RESULT_EXPIRES = timedelta(hours=1)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Redis redelivers an unacknowledged task after this long; longer than any task runs.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
CELERY_TIMEZONE = "Europe/Amsterdam"
CELERY_BEAT_SCHEDULE = {
    "terugbelverzoeken-nalopen": {"task": "callbacks.tasks.nalopen", "schedule": 20.0},
    "webformulier-bevestigingen": {"task": "kcc_channels.tasks.nalopen", "schedule": 60.0},
    "heartbeat": {"task": "core.tasks.heartbeat", "schedule": 10.0},
    "toegangslog-anker": {"task": "permissions.tasks.keten_verankeren", "schedule": 300.0},
    "verlopen-toegang": {"task": "cases.tasks.verlopen_toegang_opruimen", "schedule": 300.0},
    "bewaartermijnen": {
        "task": "contacts.tasks.bewaartermijnen_toepassen",
        "schedule": 24 * 3600.0,
    },
    # proactive campaigns: planned attempts due, BRP checks to resume, the retention date
    "proactief-nalopen": {"task": "proactief.tasks.nalopen", "schedule": 60.0},
    "proactief-opschonen": {"task": "proactief.tasks.opschonen", "schedule": 6 * 3600.0},
    # one satisfaction question per closed question
    "leren-uitnodigen": {"task": "leren.tasks.uitnodigen", "schedule": 60.0},
    "leren-klachttermijnen": {
        "task": "leren.tasks.klachttermijnen",
        "schedule": crontab(hour=7, minute=0),
    },
    "leren-stijgende-vragen": {
        "task": "leren.tasks.stijgende_vragen",
        "schedule": crontab(hour=3, minute=15),
    },
    # the knowledge sources: every hour (a source that is down keeps its last good copy)
    "kennis-synchroniseren": {"task": "kennis.tasks.synchroniseren", "schedule": 3600.0},
    "kennis-opschonen": {"task": "kennis.tasks.opschonen", "schedule": crontab(hour=3, minute=45)},
    # the zaaksysteem: the full reconciliation at night (a no-op when none is configured)
    "zaken-nalopen": {
        "task": "sources.tasks.zaken_nalopen",
        "schedule": crontab(hour=2, minute=30),
    },
}
CELERY_BEAT_SCHEDULE_FILENAME = env(
    "CELERY_BEAT_SCHEDULE_FILENAME", str(BASE_DIR / ".data" / "celerybeat-schedule")
)

# --- Callback requests: office hours for deadlines, the department for subjects without a
# routing rule, when the sweep re-sends what is not routed, and when it warns the team lead.
KCC_KANTOOR_OPEN = env("KCC_KANTOOR_OPEN", "08:30")
KCC_KANTOOR_DICHT = env("KCC_KANTOOR_DICHT", "17:00")
# The Klantinteracties API (klantinteracties/): the catalogue subject of a klantcontact whose
# free-text onderwerp matches none of ours (the text itself is kept with the contact)
KCC_API_STANDAARD_ONDERWERP = env("KCC_API_STANDAARD_ONDERWERP", "niet-ingedeeld")
# … and the channel of one whose kanaal matches none of ours nor a mapping in /beheer/
KCC_API_STANDAARD_KANAAL = env("KCC_API_STANDAARD_KANAAL", "overig")
# seconds a ZGW JWT without ``exp`` stays valid after its ``iat`` (clients mint per request)
KCC_API_JWT_MAX_LEEFTIJD = int(env("KCC_API_JWT_MAX_LEEFTIJD", "300"))
KCC_TERUGBEL_STANDAARD_AFDELING = env("KCC_TERUGBEL_STANDAARD_AFDELING", "kcc")
KCC_TERUGBEL_TERMIJN_WERKDAGEN = int(env("KCC_TERUGBEL_TERMIJN_WERKDAGEN", "2"))
KCC_TERUGBEL_HERZEND_NA_SECONDEN = int(env("KCC_TERUGBEL_HERZEND_NA_SECONDEN", "60"))
# One routing task routes this many waiting requests in one transaction.
KCC_TERUGBEL_ROUTEER_PARTIJ = int(env("KCC_TERUGBEL_ROUTEER_PARTIJ", "200"))
KCC_TERUGBEL_ESCALATIE_KANTOORUREN = int(env("KCC_TERUGBEL_ESCALATIE_KANTOORUREN", "4"))

# --- The public web form: the subject when the Nijmegenaar chose none, and how many forms
# one address may send per hour.
KCC_WEBFORMULIER_ONDERWERP = env("KCC_WEBFORMULIER_ONDERWERP", "algemene-vraag")
KCC_WEBFORMULIER_PER_UUR = int(env("KCC_WEBFORMULIER_PER_UUR", "10"))

# --- Attachments (scanned letters, e-mail attachments): outside the web root.
KCC_BESTANDEN_MAP = env("KCC_BESTANDEN_MAP", str(BASE_DIR / ".data" / "bestanden"))
KCC_BIJLAGE_MAX_MB = int(env("KCC_BIJLAGE_MAX_MB", "10"))
# a request body above this is refused before it is read (an e-mail with attachments of the
# maximum size, base64-encoded, still fits); keep the proxy's limit the same (README)
KCC_VERZOEK_MAX_MB = int(env("KCC_VERZOEK_MAX_MB", str(2 * KCC_BIJLAGE_MAX_MB)))
# uploads above 1 MB stream to a temporary file instead of memory
FILE_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
# the raw inbound e-mail (the body itself, not a file field) may be as large as a request
DATA_UPLOAD_MAX_MEMORY_SIZE = KCC_VERZOEK_MAX_MB * 1024 * 1024
# The mail provider's token for inbound e-mail (empty: off).
KCC_EMAIL_TOKEN = env("KCC_EMAIL_TOKEN", "")
# The receiving mail provider's authserv-id in Authentication-Results (e.g. mx.nijmegen.nl):
# only a sender it vouches for (SPF/DKIM/DMARC pass) is matched to a resident. Empty: none.
KCC_EMAIL_AUTHSERV_ID = env("KCC_EMAIL_AUTHSERV_ID", "")

# --- Telephony: the token the telephony platform sends with caller-id events (empty: off).
KCC_TELEFONIE_TOKEN = env("KCC_TELEFONIE_TOKEN", "")
# ... or an HMAC-SHA256 of the body with this key in X-KCC-Signature ("sha256=<hex>")
KCC_TELEFONIE_HMAC_SLEUTEL = env("KCC_TELEFONIE_HMAC_SLEUTEL", "")
# the key of the caller-number hash in the telephony events (default: derived from SECRET_KEY;
# set it explicitly so a key rotation does not change the hashes)
KCC_TELEFONIE_HASH_SLEUTEL = env("KCC_TELEFONIE_HASH_SLEUTEL", "")
# a call whose end the platform never sent stops popping up after this many minutes
KCC_OPROEP_HOOGSTENS_MINUTEN = int(env("KCC_OPROEP_HOOGSTENS_MINUTEN", "60"))

# --- Retention (AVG: kept no longer than needed), in days; a daily beat task applies them.
KCC_BEWAARTERMIJN_CONTACTMOMENT_DAGEN = int(env("KCC_BEWAARTERMIJN_CONTACTMOMENT_DAGEN", "730"))
KCC_BEWAARTERMIJN_TOEGANGSLOG_DAGEN = int(env("KCC_BEWAARTERMIJN_TOEGANGSLOG_DAGEN", "1825"))

# The access log's chain head, signed and appended to a file outside the database (a volume
# of its own), so that newest rows cut off are noticed; the key is not in the database.
KCC_TOEGANGSLOG_ANKER = env(
    "KCC_TOEGANGSLOG_ANKER", str(BASE_DIR / ".data" / "toegangslog-anker.jsonl")
)
KCC_TOEGANGSLOG_ANKER_SLEUTEL = env("KCC_TOEGANGSLOG_ANKER_SLEUTEL", "")
# the key of the access log's row hashes (HMAC): set one the database administrators do not
# hold; derived from DJANGO_SECRET_KEY when empty. Changing it makes older keyed rows fail.
KCC_TOEGANGSLOG_SLEUTEL = env("KCC_TOEGANGSLOG_SLEUTEL", "")

# --- Authentication ----------------------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # ModelBackend that reads the user, roles, department and levels in one kept query
    "permissions.backends.KccBackend",
    "guardian.backends.ObjectPermissionBackend",
]
LOGIN_URL = "login"
LOGIN_URL_PATH = "/inloggen/"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "permissions.wachtwoord.MinimaleLengte",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "permissions.wachtwoord.BekendWachtwoord"},
]
# Lock-out after repeated failures (BIO): per user name and address, for a while.
AXES_FAILURE_LIMIT = int(env("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(env("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# …and an address that fails this often in an hour, whatever the user names, is throttled
KCC_LOGIN_PER_ADRES_PER_UUR = int(env("KCC_LOGIN_PER_ADRES_PER_UUR", "30"))
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# the client's address as core.clientadres finds it (the proxy's header only from a trusted proxy)
AXES_CLIENT_IP_CALLABLE = "core.clientadres.axes_adres"
# guardian: no anonymous user row; superusers get no silent bypass from us later on.
ANONYMOUS_USER_NAME = None
GUARDIAN_MONKEY_PATCH_USER = False

# --- Outside sources (sources/): BRP, KVK, the zaaksysteem ---------------------------------
# Each is off until its base URL is set; `./kcc run` starts stub servers and sets them.
# BRP: Haal Centraal BRP Personen bevragen 2.x (POST {KCC_BRP_URL}/personen).
KCC_BRP_URL = env("KCC_BRP_URL", "").rstrip("/")
KCC_BRP_API_KEY = env("KCC_BRP_API_KEY", "")  # sent as X-API-KEY when set
# PKIoverheid client certificate (mutual TLS) and the CA bundle that checks the server
KCC_BRP_CERT = env("KCC_BRP_CERT", "")
KCC_BRP_KEY = env("KCC_BRP_KEY", "")
KCC_BRP_CA = env("KCC_BRP_CA", "")
# protocollering: the purpose (doelbinding), processing (verwerking) and our OIN
KCC_BRP_DOELBINDING = env("KCC_BRP_DOELBINDING", "BRPACT-Dienstverlening")
KCC_BRP_VERWERKING = env("KCC_BRP_VERWERKING", "KCC@Klantcontact")
KCC_BRP_OIN = env("KCC_BRP_OIN", "")
KCC_BRP_GEMEENTECODE = env("KCC_BRP_GEMEENTECODE", "0268")  # Nijmegen
KCC_BRP_TIMEOUT = float(env("KCC_BRP_TIMEOUT", "2.5"))  # seconds the search waits at most
KCC_BRP_MAX_LEEFTIJD_UUR = float(env("KCC_BRP_MAX_LEEFTIJD_UUR", "24"))  # refresh after
KCC_BRP_MAX_ANTWOORD = int(env("KCC_BRP_MAX_ANTWOORD", str(2 * 1024 * 1024)))  # bytes

# KVK Handelsregister: API Zoeken 2 ({KCC_KVK_URL}/v2/zoeken) and API Basisprofiel 1
# ({KCC_KVK_URL}/v1/basisprofielen/…), with the apikey header (and the PKIoverheid chain)
KCC_KVK_URL = env("KCC_KVK_URL", "").rstrip("/")  # e.g. https://api.kvk.nl/api
KCC_KVK_API_KEY = env("KCC_KVK_API_KEY", "")
KCC_KVK_CA = env("KCC_KVK_CA", "")
KCC_KVK_TIMEOUT = float(env("KCC_KVK_TIMEOUT", "2.5"))

# Zaaksysteem (ZGW: Zaken API 1.5, Catalogi API, Notificaties API, as Open Zaak serves them)
KCC_ZAKEN_URL = env("KCC_ZAKEN_URL", "").rstrip("/")  # …/zaken/api/v1
KCC_ZGW_CLIENT_ID = env("KCC_ZGW_CLIENT_ID", "")
KCC_ZGW_SECRET = env("KCC_ZGW_SECRET", "")
KCC_ZGW_TIMEOUT = float(env("KCC_ZGW_TIMEOUT", "10"))
# Base URLs besides the Zaken API, its Catalogi API and Open Notificaties that the KCC's JWT
# may be sent to (comma-separated; e.g. a Documenten API). Nothing else is ever asked.
KCC_ZGW_EXTRA_URLS = [u.rstrip("/") for u in env_list("KCC_ZGW_EXTRA_URLS", "")]
# Outside calls under way at once per source (BRP, KVK, zaaksysteem, NotifyNL): one more is
# refused at once instead of holding a web worker (sources/verbinding.py)
KCC_BRON_GELIJKTIJDIG = int(env("KCC_BRON_GELIJKTIJDIG", "4"))
# the knowledge sources (Objects API, SDG, the website): per request, whole answer
KCC_KENNIS_TIMEOUT = float(env("KCC_KENNIS_TIMEOUT", "15"))
# extra rows on /health/ from the layers above core (called by dotted path)
KCC_GEZONDHEID_EXTRA = ["kennis.gezondheid.bronnen"]
# the public web form offers matching public answers before a question is sent ("" : off)
KCC_WEBFORMULIER_ANTWOORDEN = env(
    "KCC_WEBFORMULIER_ANTWOORDEN", "kennis.selectors.webformulier_antwoorden"
)
KCC_KENNIS_MAX_ANTWOORD = int(env("KCC_KENNIS_MAX_ANTWOORD", str(20 * 1024 * 1024)))
KCC_ZGW_MAX_ANTWOORD = int(env("KCC_ZGW_MAX_ANTWOORD", str(32 * 1024 * 1024)))  # bytes
KCC_NOTIFICATIES_URL = env("KCC_NOTIFICATIES_URL", "").rstrip("/")  # …/notificaties/api/v1
# the secret the Notificaties API sends back in Authorization on every notification
KCC_NOTIFICATIES_TOKEN = env("KCC_NOTIFICATIES_TOKEN", "")

# NotifyNL (GOV.UK Notify API): letters, e-mail and text messages of the proactive campaigns.
# The API key as NotifyNL gives it ("naam-<service id>-<secret>"); one generic template per
# kind whose placeholders are ``onderwerp`` and ``inhoud`` (the text is ours, checked here);
# the bearer token NotifyNL sends with its delivery receipts to /proactief/notifynl/status/.
KCC_NOTIFYNL_URL = env("KCC_NOTIFYNL_URL", "").rstrip("/")
KCC_NOTIFYNL_API_KEY = env("KCC_NOTIFYNL_API_KEY", "")
KCC_NOTIFYNL_SJABLONEN = {
    "brief": env("KCC_NOTIFYNL_SJABLOON_BRIEF", ""),
    "email": env("KCC_NOTIFYNL_SJABLOON_EMAIL", ""),
    "sms": env("KCC_NOTIFYNL_SJABLOON_SMS", ""),
}
KCC_NOTIFYNL_CALLBACK_TOKEN = env("KCC_NOTIFYNL_CALLBACK_TOKEN", "")
KCC_NOTIFYNL_TIMEOUT = float(env("KCC_NOTIFYNL_TIMEOUT", "5"))

# Proactive campaigns: BRP questions per second of the background check; the phone number
# printed in every letter (the opt-out links in messages start with KCC_BASIS_URL).
KCC_PROACTIEF_BRP_PER_SECONDE = float(env("KCC_PROACTIEF_BRP_PER_SECONDE", "20"))
KCC_PROACTIEF_TELEFOON = env("KCC_PROACTIEF_TELEFOON", "14 024")
# The satisfaction question goes out this many minutes after a question was closed (so a
# follow-up the same hour does not get one)
KCC_VRAGENLIJST_WACHT_MINUTEN = int(env("KCC_VRAGENLIJST_WACHT_MINUTEN", "60"))
# which Rol field names our Medewerker (betrokkeneIdentificatie.identificatie → username)
KCC_ZGW_BEHANDELAAR_VELD = env("KCC_ZGW_BEHANDELAAR_VELD", "identificatie")
# the department a zaak lands in when its behandelaar is unknown: per zaaktype code
# "paspoort=burgerzaken,wmo-aanvraag=wmo", else the first afdeling of the zaaktype's domein
KCC_ZGW_AFDELINGEN = dict(
    item.split("=", 1) for item in env_list("KCC_ZGW_AFDELINGEN", "") if "=" in item
)

# --- Staff log-in with the identity provider (OpenID Connect; permissions/oidc.py) --------
# On when an issuer is set: the provider's discovery document gives the endpoints and keys.
KCC_OIDC_ISSUER = env("KCC_OIDC_ISSUER", "").rstrip("/")
KCC_OIDC_CLIENT_ID = env("KCC_OIDC_CLIENT_ID", "")
KCC_OIDC_CLIENT_SECRET = env("KCC_OIDC_CLIENT_SECRET", "")
KCC_OIDC_SCOPES = env("KCC_OIDC_SCOPES", "openid profile email")
# the stable user key (Entra: oid), the role claim (Entra app roles: roles; or groups), and
# the identifier used towards other systems (the API, the zaaksysteem)
KCC_OIDC_CLAIM_SUBJECT = env("KCC_OIDC_CLAIM_SUBJECT", "sub")
KCC_OIDC_CLAIM_ROLLEN = env("KCC_OIDC_CLAIM_ROLLEN", "roles")
KCC_OIDC_CLAIM_MEDEWERKER_ID = env("KCC_OIDC_CLAIM_MEDEWERKER_ID", "sub")
# refuse a log-in whose amr/acr shows no second factor
KCC_OIDC_MFA_VEREIST = env_bool("KCC_OIDC_MFA_VEREIST", False)
KCC_OIDC_MFA_AMR = env_list("KCC_OIDC_MFA_AMR", "mfa,otp,hwk,swk,fido,sms,tel")
KCC_OIDC_MFA_ACR = env_list("KCC_OIDC_MFA_ACR", "")
# whom to ask when a log-in maps to no role (shown on the refusal page)
# clock difference allowed when checking the id_token's times, in seconds
KCC_OIDC_LEEWAY = int(env("KCC_OIDC_LEEWAY", "30"))
# The id_token's accepted signature algorithms: asymmetric only, whatever the provider's
# discovery document lists (permissions/oidc.py)
KCC_OIDC_ALGORITMEN = env_list("KCC_OIDC_ALGORITMEN", "RS256,PS256,ES256")
if not KCC_OIDC_ALGORITMEN or any(
    a.lower() == "none" or a.upper().startswith("HS") for a in KCC_OIDC_ALGORITMEN
):
    raise ImproperlyConfigured(
        "KCC_OIDC_ALGORITMEN: alleen asymmetrische algoritmen (RS256, PS256, ES256, …), "
        "nooit none of HS*"
    )
KCC_OIDC_HULP = env("KCC_OIDC_HULP", "de servicedesk van de gemeente (telefoon 024 329 9999)")
# Local passwords: on in demo mode or without an identity provider; with one, only for the
# named break-glass accounts, which need a TOTP code (django-otp) and are logged loudly.
KCC_LOKAAL_INLOGGEN = env_bool("KCC_LOKAAL_INLOGGEN", DEMO_MODE or not KCC_OIDC_ISSUER)
KCC_NOODACCOUNTS = env_list("KCC_NOODACCOUNTS", "")
# Log out after this many idle minutes on pages with resident data (a warning comes two
# minutes before), and after this many hours whatever happens.
KCC_INACTIEF_MINUTEN = float(env("KCC_INACTIEF_MINUTEN", "30"))
KCC_SESSIE_MAX_UUR = float(env("KCC_SESSIE_MAX_UUR", "9"))

SESSION_COOKIE_AGE = int(env("SESSION_COOKIE_AGE", str(9 * 3600)))  # a working day
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# --- The TLS proxy in front: the addresses or networks whose X-Forwarded-For is believed
# (empty: none, the connection's own address counts), the header, and how many trusted
# proxies stand in a row (1: one nginx; 2: a load balancer and then nginx).
KCC_VERTROUWDE_PROXIES = env_list("KCC_VERTROUWDE_PROXIES", "")
for _proxy in KCC_VERTROUWDE_PROXIES:
    try:
        ipaddress.ip_network(_proxy, strict=False)
    except ValueError:
        raise ImproperlyConfigured(
            f"KCC_VERTROUWDE_PROXIES: {_proxy!r} is no address or network."
        ) from None
KCC_PROXY_HEADER = "HTTP_" + env("KCC_PROXY_HEADER", "X-Forwarded-For").upper().replace("-", "_")
KCC_PROXY_SCHAKELS = max(1, int(env("KCC_PROXY_SCHAKELS", "1")))

# --- Security headers ----------------------------------------------------------------------
SECURE_COOKIES = env_bool("DJANGO_SECURE_COOKIES", True)
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
# The container health check and load balancers probe over plain http inside the network.
SECURE_REDIRECT_EXEMPT = [r"^health/live/$", r"^health/ready/$", r"^metrics$", r"^version$"]
# /health/ shows its details (versions, messages) to these networks and to the functioneel
# beheerder (the callable decides who); everyone else sees only works / does not work.
KCC_INTERNE_NETWERKEN = env_list("KCC_INTERNE_NETWERKEN", "127.0.0.0/8,::1/128")
KCC_STATUS_DETAILS_VOOR = "permissions.roles.mag_systeemstatus_zien"
if env_bool("DJANGO_BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = int(env("DJANGO_HSTS_SECONDS", str(365 * 24 * 3600)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Only this site's own scripts and styles: htmx comes from django-htmx's bundled copy.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}
if KCC_OIDC_ISSUER:
    # the log-out form's answer goes on to the provider's end-session page
    _idp = KCC_OIDC_ISSUER.split("/")
    SECURE_CSP["form-action"].append("/".join(_idp[:3]))

# --- Internationalisation: English source strings, Dutch UI -----------------------------
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

# --- Static files ------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env("DJANGO_STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
# Scans and attachments: on object storage when a bucket is configured (S3-compatible:
# MinIO, Ceph, a cloud's S3; credentials as AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY or the
# platform's own mechanism), else in KCC_BESTANDEN_MAP (a volume every replica mounts).
# Never public: files are served only through the guarded download view.
KCC_BESTANDEN_S3_BUCKET = env("KCC_BESTANDEN_S3_BUCKET", "")
if KCC_BESTANDEN_S3_BUCKET:
    _bijlagen = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": KCC_BESTANDEN_S3_BUCKET,
            "endpoint_url": env("KCC_BESTANDEN_S3_ENDPOINT", "") or None,
            "region_name": env("KCC_BESTANDEN_S3_REGIO", "") or None,
            "location": env("KCC_BESTANDEN_S3_PREFIX", "bijlagen"),
            "default_acl": None,
            "file_overwrite": False,
            "querystring_auth": True,
        },
    }
else:
    _bijlagen = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {
            "location": KCC_BESTANDEN_MAP,
            "file_permissions_mode": 0o640,
            "directory_permissions_mode": 0o750,
        },
    }
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "bijlagen": _bijlagen,
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG

# --- E-mail (Django 6.1 mailers) ----------------------------------------------------------
EMAIL_BACKEND_PATH = env(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEMO_MODE
    else "django.core.mail.backends.smtp.EmailBackend",
)
MAILERS = {"default": {"BACKEND": EMAIL_BACKEND_PATH}}
if EMAIL_BACKEND_PATH.endswith("filebased.EmailBackend"):
    MAILERS["default"]["OPTIONS"] = {
        "file_path": env("EMAIL_FILE_PATH", str(BASE_DIR / ".data" / "mail"))
    }
if EMAIL_BACKEND_PATH.endswith("smtp.EmailBackend"):
    MAILERS["default"]["OPTIONS"] = {
        "host": env("EMAIL_HOST", "localhost"),
        "port": int(env("EMAIL_PORT", "25")),
        "username": env("EMAIL_HOST_USER", ""),
        "password": env("EMAIL_HOST_PASSWORD", ""),
        "use_tls": env_bool("EMAIL_USE_TLS", False),
        "timeout": 10,
    }
# Links in notification e-mails point here.
KCC_BASIS_URL = env("KCC_BASIS_URL", "http://localhost:8000").rstrip("/")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "kcc@nijmegen.nl")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# JSON lines on stdout (the hosting party's log store), plain text with ./kcc run
KCC_LOG_FORMAAT = env("KCC_LOG_FORMAAT", "tekst" if DEBUG or DEMO_MODE else "json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"kcc": logboek.formatter(json=KCC_LOG_FORMAAT == "json")},
    # on stdout, one line per event (the container's log collector reads stdout)
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "kcc",
            "stream": "ext://sys.stdout",
        }
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}, "axes": {"level": "WARNING"}},
}
# A copy of every log line, one file per process, in this directory (the test run checks
# that no log line holds a BSN, phone number or e-mail address: tests/logcontrole.py)
if KCC_LOG_KOPIE_MAP := env("KCC_LOG_KOPIE_MAP", ""):
    LOGGING["handlers"]["kopie"] = {
        "class": "logging.FileHandler",
        "formatter": "kopie",
        "filename": str(Path(KCC_LOG_KOPIE_MAP) / f"{os.getpid()}.jsonl"),
        "delay": True,
    }
    LOGGING["formatters"]["kopie"] = logboek.formatter(json=True)
    LOGGING["root"]["handlers"].append("kopie")
# OpenTelemetry tracing, only when an OTLP endpoint is configured (core/tracing.py)
KCC_OTEL = bool(
    env("OTEL_EXPORTER_OTLP_ENDPOINT", "") or env("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "")
)
# the version and commit /version reports (the image sets KCC_COMMIT at build time)
KCC_VERSIE = env("KCC_VERSIE", "0.2.0")
KCC_COMMIT = env("KCC_COMMIT", "")
