"""Newsroom settings: the one place for configuration.

Everything that differs between machines comes from environment variables
(listed with their defaults in ``.env.example``). With nothing set, Newsroom runs
locally on SQLite; in production (``NEWSROOM_DEBUG`` off) a secret key is required.
"""

import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django_prose_editor.config import html_tags
from js_asset import static_lazy

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


DEBUG = env_bool("NEWSROOM_DEBUG", default=False)

SECRET_KEY = os.environ.get("NEWSROOM_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "NEWSROOM_SECRET_KEY must be set when NEWSROOM_DEBUG is off (production)."
        )
    SECRET_KEY = "insecure-local-development-key-do-not-use-in-production"

ALLOWED_HOSTS = env_list("NEWSROOM_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("NEWSROOM_CSRF_TRUSTED_ORIGINS")

# The public address of the site, used for absolute links (feeds, sitemaps, canonical URLs).
SITE_URL = os.environ.get("NEWSROOM_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
SITE_NAME = os.environ.get("NEWSROOM_SITE_NAME", "Berita Indonesia")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "taggit",
    "reversion",
    "django_prose_editor",
    "accounts",
    "axes",
    "imagekit",
    "images",
    "blocks",
    "articles",
    "ads",
    "live",
    "push",
    "reader",
    "exchange",
    "pages",
    "ninja",  # the API documentation page's scripts (static files)
    "api",
    "infra.apps.TaskQueueConfig",  # django-tasks-db
    "infra",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "infra.middleware.NullCharacterMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "infra.compression.CompressReadersPagesMiddleware",
    "infra.middleware.GateMiddleware",  # NEWSROOM_GATES: /api/'s keys, before the page cache
    "infra.pagecache.PageCacheMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "infra.middleware.RateLimitMiddleware",
    "infra.middleware.AdminRequestMiddleware",
    "infra.middleware.LanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "infra.middleware.AdminContentSecurityPolicyMiddleware",
    "reader.redirects.LegacyRedirectMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "newsroom.urls"
WSGI_APPLICATION = "newsroom.wsgi.application"
AUTH_USER_MODEL = "accounts.User"

TEMPLATES = [
    # The public site (jinja2/): Jinja2, compiled to Python once (infra/templating.py).
    {
        "BACKEND": "infra.templating.Jinja2",
        "NAME": "jinja2",
        "DIRS": [BASE_DIR / "jinja2"],
        "APP_DIRS": False,
        "OPTIONS": {
            "environment": "infra.templating.environment",
            # What the pages call: the apps' markup, photo and date functions.
            "globals": {
                "article_item": "reader.markup.article_item",
                "news_article_json_ld": "reader.markup.news_article_json_ld",
                "share_links": "reader.markup.share_links",
                "share_image": "reader.markup.share_image",
                "site_links": "reader.markup.site_links",
                "site_header": "reader.markup.site_header",
                "site_footer": "reader.markup.site_footer",
                "picture": "images.pictures.picture",
                "rendition_url": "images.pictures.rendition_url",
                "ad_slot": "ads.slots.ad_slot",
                "body_with_ad": "ads.slots.body_with_ad",
                "live_entry": "live.markup.entry",
                "with_blocks": "blocks.markup.with_blocks",
            },
            "filters": {
                "tanggal": "articles.templatetags.news.tanggal",
                "tanggal_iso": "articles.templatetags.news.tanggal_iso",
                "jam": "articles.templatetags.news.jam",
                "absolute_url": "reader.markup.absolute_url",
            },
            "context_processors": [
                "django.template.context_processors.csp",
                "articles.context_processors.site",
            ],
        },
    },
    # The admin and its additions (templates/): Django's template language.
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
                "articles.context_processors.site",
                "infra.health.background_work_context",
            ],
        },
    },
]

# Database: DATABASE_URL (postgres://user@host:5432/name), else SQLite in the project folder.
DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL",
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("NEWSROOM_DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The site and its worker write to one file: writers queue for the lock instead of
    # failing, and readers never wait for a writer (write-ahead log).
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        transaction_mode="IMMEDIATE",
        timeout=20,
        init_command="PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    )
# Optional read replicas (comma separated URLs): public pages read from them, the admin
# and every write use the primary. See infra/routers.py.
DATABASE_REPLICA_URLS = env_list("DATABASE_REPLICA_URLS")
for number, url in enumerate(DATABASE_REPLICA_URLS):
    DATABASES[f"replica{number}"] = {
        **dj_database_url.parse(
            url, conn_max_age=env_int("NEWSROOM_DB_CONN_MAX_AGE", 60), conn_health_checks=True
        ),
        "TEST": {"MIRROR": "default"},
    }
# A replica is checked every NEWSROOM_REPLICA_CHECK_SECONDS; one lagging more than
# NEWSROOM_REPLICA_MAX_LAG_SECONDS is skipped until it catches up, one that fails is
# skipped for NEWSROOM_REPLICA_RETRY_SECONDS (reads go to the primary meanwhile).
NEWSROOM_REPLICA_CHECK_SECONDS = env_int("NEWSROOM_REPLICA_CHECK_SECONDS", 5)
NEWSROOM_REPLICA_MAX_LAG_SECONDS = env_int("NEWSROOM_REPLICA_MAX_LAG_SECONDS", 10)
NEWSROOM_REPLICA_RETRY_SECONDS = env_int("NEWSROOM_REPLICA_RETRY_SECONDS", 30)
DATABASE_ROUTERS = []
if DATABASE_REPLICA_URLS:
    DATABASE_ROUTERS = ["infra.routers.ReplicaRouter"]
    MIDDLEWARE.insert(
        MIDDLEWARE.index("infra.middleware.AdminRequestMiddleware") + 1,
        "infra.routers.PrimaryForWritesMiddleware",
    )
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and env_bool(
    "NEWSROOM_DB_PREPARED_STATEMENTS", default=True
):
    # Server-side binding lets psycopg prepare the statements a page runs again and again:
    # PostgreSQL then plans them once instead of on every request.
    for alias in DATABASES:
        DATABASES[alias].setdefault("OPTIONS", {}).update(
            server_side_binding=True, prepare_threshold=2
        )
# A database that does not answer is given up on after this many seconds (PostgreSQL):
# the reader gets the page's last copy or a 503 page instead of waiting.
NEWSROOM_DB_CONNECT_TIMEOUT = env_int("NEWSROOM_DB_CONNECT_TIMEOUT", 3)
for alias in DATABASES:
    if DATABASES[alias]["ENGINE"] == "django.db.backends.postgresql":
        DATABASES[alias].setdefault("OPTIONS", {}).setdefault(
            "connect_timeout", NEWSROOM_DB_CONNECT_TIMEOUT
        )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: REDIS_URL selects Django's Redis cache, else local memory.
REDIS_URL = os.environ.get("REDIS_URL", "")
# Prefix of every key the site keeps in Redis (several sites may share one server).
NEWSROOM_CACHE_PREFIX = os.environ.get("NEWSROOM_CACHE_PREFIX", "newsroom")
# Redis holds only copies: when it does not answer within NEWSROOM_CACHE_TIMEOUT_MS, the
# site works on without it and asks again every NEWSROOM_CACHE_RETRY_SECONDS
# (infra/cache.py). "local" is each process's own memory, for what may be counted per
# process while Redis is away (rate limits, periodic task claims).
NEWSROOM_CACHE_TIMEOUT_MS = env_int("NEWSROOM_CACHE_TIMEOUT_MS", 250)
NEWSROOM_CACHE_RETRY_SECONDS = env_int("NEWSROOM_CACHE_RETRY_SECONDS", 5)
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "local": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "local"},
}
if REDIS_URL:
    CACHES["default"] = {
        "BACKEND": "infra.cache.FailOpenRedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": NEWSROOM_CACHE_PREFIX,
    }

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Indonesian first; English available (per user, or by the language switcher).
LANGUAGE_CODE = "id"
# Language names are shown in their own language.
LANGUAGES = [("id", "Bahasa Indonesia"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("NEWSROOM_STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = os.environ.get("NEWSROOM_MEDIA_URL", "/media/")
MEDIA_ROOT = Path(os.environ.get("NEWSROOM_MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Media on S3-compatible object storage (AWS, MinIO, Wasabi, ...) when a bucket is named.
# Credentials come from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY as boto3 reads them.
S3_BUCKET = os.environ.get("NEWSROOM_S3_BUCKET", "")
if S3_BUCKET:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": S3_BUCKET,
            "endpoint_url": os.environ.get("NEWSROOM_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("NEWSROOM_S3_REGION") or None,
            "custom_domain": os.environ.get("NEWSROOM_S3_CUSTOM_DOMAIN") or None,
            "location": os.environ.get("NEWSROOM_S3_PREFIX", "media"),
            "querystring_auth": False,
            "file_overwrite": False,
            "object_parameters": {"CacheControl": "public, max-age=31536000, immutable"},
        },
    }
# Uploaded files are never made executable.
FILE_UPLOAD_PERMISSIONS = 0o644

LOGIN_URL = "admin:login"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses logins while an account is locked
    "django.contrib.auth.backends.ModelBackend",
]
# Staff sessions end after a working day, and when the browser closes.
SESSION_COOKIE_AGE = env_int("NEWSROOM_SESSION_SECONDS", 8 * 60 * 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_SAMESITE = "Lax"
# Login lockout: after repeated failures for one user name from one address.
AXES_FAILURE_LIMIT = env_int("NEWSROOM_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("NEWSROOM_LOGIN_LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "admin/lockout.html"
AXES_VERBOSE = False
# Proxies in front of gunicorn (nginx alone: 1); the client's address is read behind them.
NEWSROOM_PROXY_COUNT = env_int("NEWSROOM_PROXY_COUNT", 0)
AXES_CLIENT_IP_CALLABLE = "infra.addresses.client_address"
# What runs uncached, limited per client address and minute (infra/ratelimit.py): many
# readers share one address on mobile networks, so the limits are generous.
NEWSROOM_RATE_LIMITS = {
    "search": env_int("NEWSROOM_RATE_SEARCH", 120),
    "read": env_int("NEWSROOM_RATE_READ", 1200),
    "preview": env_int("NEWSROOM_RATE_PREVIEW", 60),
    "login": env_int("NEWSROOM_RATE_LOGIN", 100),  # a whole newsroom signing in at 8.00
    # The content API without a key, per address (a key has its own limit, in the admin).
    "api": env_int("NEWSROOM_RATE_API", 600),
}
NEWSROOM_RATE_LIMITED_VIEWS = {
    "reader:search": "search",
    "reader:read": "read",
    "ads:seen": "read",  # ad impressions and clicks: counted like reads
    "ads:click": "read",
    "reader:preview": "preview",
    "admin:login": "login",
}

# Security: secure by default, relaxed only for local debugging over plain HTTP.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("NEWSROOM_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
LANGUAGE_COOKIE_SECURE = not DEBUG
LANGUAGE_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = env_int("NEWSROOM_HSTS_SECONDS", 0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("NEWSROOM_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env_bool("NEWSROOM_HSTS_PRELOAD", default=True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"

# Content Security Policy (Django's own): only this site's scripts, and inline scripts
# only with the per-request nonce. Media may live on object storage or a CDN.
_media_origin = "{0.scheme}://{0.netloc}".format(urlsplit(MEDIA_URL)) if "://" in MEDIA_URL else ""
_s3_origin = os.environ.get("NEWSROOM_S3_CUSTOM_DOMAIN") or os.environ.get(
    "NEWSROOM_S3_ENDPOINT_URL", ""
)
if _s3_origin and "://" not in _s3_origin:
    _s3_origin = f"https://{_s3_origin}"
# An ad network (ads/): "adsense" (with NEWSROOM_AD_NETWORK_ID = "ca-pub-…") or
# "admanager"; empty: none, and the policy opens for no outside origin. Its scripts are
# loaded after the page (static/js/ads.js) from exactly these origins.
NEWSROOM_AD_NETWORK = os.environ.get("NEWSROOM_AD_NETWORK", "").strip().lower()
NEWSROOM_AD_NETWORK_ID = os.environ.get("NEWSROOM_AD_NETWORK_ID", "").strip()
_GOOGLE_ADS = ["https://pagead2.googlesyndication.com", "https://tpc.googlesyndication.com"]
AD_NETWORK_ORIGINS = {
    "adsense": {
        "script-src": [*_GOOGLE_ADS, "https://adservice.google.com"],
        "frame-src": [
            *_GOOGLE_ADS,
            "https://googleads.g.doubleclick.net",
            "https://www.google.com",
        ],
        "img-src": [*_GOOGLE_ADS, "https://googleads.g.doubleclick.net", "https://www.google.com"],
        "connect-src": [*_GOOGLE_ADS, "https://ep1.adtrafficquality.google"],
    },
    "admanager": {
        "script-src": ["https://securepubads.g.doubleclick.net", *_GOOGLE_ADS],
        "frame-src": ["https://securepubads.g.doubleclick.net", *_GOOGLE_ADS],
        "img-src": ["https://securepubads.g.doubleclick.net", *_GOOGLE_ADS],
        "connect-src": ["https://securepubads.g.doubleclick.net", *_GOOGLE_ADS],
    },
}
if NEWSROOM_AD_NETWORK and NEWSROOM_AD_NETWORK not in AD_NETWORK_ORIGINS:
    raise ImproperlyConfigured(
        f"NEWSROOM_AD_NETWORK must be one of {', '.join(AD_NETWORK_ORIGINS)} or empty"
    )
if NEWSROOM_AD_NETWORK == "adsense" and not NEWSROOM_AD_NETWORK_ID.startswith("ca-pub-"):
    raise ImproperlyConfigured("NEWSROOM_AD_NETWORK_ID must be the AdSense client, ca-pub-…")
_ad_origins = AD_NETWORK_ORIGINS.get(NEWSROOM_AD_NETWORK, {})
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE, *_ad_origins.get("script-src", [])],
    "style-src": [CSP.SELF],
    "img-src": [
        CSP.SELF,
        "data:",
        *filter(None, [_media_origin, _s3_origin]),
        *_ad_origins.get("img-src", []),
    ],
    "font-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF, *_ad_origins.get("connect-src", [])],
    **({"frame-src": _ad_origins["frame-src"]} if _ad_origins else {}),
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}
# The admin's widgets (select2, the date pickers, the rich-text editor) set inline styles;
# the admin keeps the strict script policy but allows those styles.
SECURE_CSP_ADMIN = {**SECURE_CSP, "style-src": [CSP.SELF, CSP.UNSAFE_INLINE]}

# Page cache for anonymous readers (see infra/pagecache.py): seconds a page may be
# served from the cache, and what browsers and CDNs are told.
NEWSROOM_PAGE_CACHE_SECONDS = env_int("NEWSROOM_PAGE_CACHE_SECONDS", 300)
NEWSROOM_BROWSER_CACHE_SECONDS = env_int("NEWSROOM_BROWSER_CACHE_SECONDS", 60)
NEWSROOM_CDN_CACHE_SECONDS = env_int("NEWSROOM_CDN_CACHE_SECONDS", 60)
# How long nginx in front keeps a reader's page (deploy/nginx): the most a change readers
# can see waits there.
NEWSROOM_PROXY_CACHE_SECONDS = env_int("NEWSROOM_PROXY_CACHE_SECONDS", 5)
# How long a worker trusts the page generation it last read (milliseconds): a change made
# through another worker or server reaches its readers within this time; 0 asks every time.
NEWSROOM_PAGE_RECHECK_MS = env_int("NEWSROOM_PAGE_RECHECK_MS", 50)
# After a change, while the first reader's request makes a page anew, other readers get
# it as it was: for at most this many seconds (it takes milliseconds).
NEWSROOM_PAGE_STALE_SECONDS = env_int("NEWSROOM_PAGE_STALE_SECONDS", 2)
# While a page cannot be made (the database does not answer), the last copy is served,
# marked stale, if it is at most this many seconds past its life; CDNs are allowed the
# same (stale-if-error). Pages are kept in Redis this much longer for it.
NEWSROOM_PAGE_STALE_IF_ERROR_SECONDS = env_int("NEWSROOM_PAGE_STALE_IF_ERROR_SECONDS", 3600)
# What tells the page cache when the site next changes by itself (a scheduled story, an
# ad that starts or ends): the earliest of these functions' answers.
NEWSROOM_NEXT_PUBLIC_CHANGES = ["articles.models.next_public_change", "ads.models.next_change"]
# Whether readers see a library photo: the page cache is kept when one they do not see
# is uploaded, edited or cropped.
NEWSROOM_PHOTO_IN_PUBLIC_USE = "articles.models.photo_in_public_use"
# Which stories name a gallery or embed: one that stories use is not deleted.
NEWSROOM_BLOCK_USED_BY = "articles.models.stories_naming_block"
# Benchmarks only: serves /bench/ceiling/, a trivial page through the same middleware.
NEWSROOM_BENCHMARK = env_bool("NEWSROOM_BENCHMARK", default=False)

# Rich text: what the editor offers is exactly what the sanitizer keeps.
ARTICLE_BODY_EXTENSIONS = {
    "Bold": True,
    "Italic": True,
    "Heading": {"levels": [2, 3, 4]},
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Blockquote": True,
    "HardBreak": True,
    "HorizontalRule": True,
    "Link": {"enableTarget": False, "protocols": ["http", "https", "mailto"]},
    "Figure": True,
    "Caption": True,
    "Image": True,
    # The story's embed and gallery blocks (blocks/, static/js/prose-blocks.js).
    "NewsroomEmbed": True,
    "NewsroomGallery": True,
}
DJANGO_PROSE_EDITOR_EXTENSIONS = [
    {
        "js": [static_lazy("js/prose-blocks.js")],
        "extensions": {
            # In a body: <figure data-embed="key" data-load="click|visible"><a href="…">title
            # </a></figure> and <figure data-gallery="key"><figcaption>…</figcaption></figure>.
            "NewsroomEmbed": html_tags(["figure", "a"], {"figure": ["data-embed", "data-load"]}),
            "NewsroomGallery": html_tags(["figure", "figcaption"], {"figure": ["data-gallery"]}),
        },
    }
]

# Embeds: the providers a link may be embedded from (nothing else is fetched). Each has the
# addresses it recognises, its oEmbed endpoint (empty: none, or one that needs a token;
# the block still shows a card linking to the post), how its player is made on the
# reader's click ("iframe": from the address or the oEmbed HTML; "script": the provider's
# own markup and script), and the origins a page that embeds it must allow (CSP).
NEWSROOM_EMBED_PROVIDERS = {
    "youtube": {
        "name": "YouTube",
        "urls": [
            r"https://(?:www\.|m\.)?youtube\.com/(?:watch\?(?:.*&)?v=|shorts/|live/)(?P<id>[\w-]{6,20})",
            r"https://youtu\.be/(?P<id>[\w-]{6,20})",
        ],
        "endpoint": "https://www.youtube.com/oembed",
        "player": "iframe",
        "frame": "https://www.youtube-nocookie.com/embed/{id}?autoplay=1",
        "shape": "video",
        "thumbnails": ["ytimg.com"],
        "csp": {"frame-src": ["https://www.youtube-nocookie.com"]},
    },
    "vimeo": {
        "name": "Vimeo",
        "urls": [r"https://(?:www\.)?vimeo\.com/(?P<id>\d+)"],
        "endpoint": "https://vimeo.com/api/oembed.json",
        "player": "iframe",
        "frame": "https://player.vimeo.com/video/{id}?autoplay=1&dnt=1",
        "shape": "video",
        "thumbnails": ["vimeocdn.com"],
        "csp": {"frame-src": ["https://player.vimeo.com"]},
    },
    "instagram": {
        "name": "Instagram",
        "urls": [r"https://(?:www\.)?instagram\.com/(?:p|reel|tv)/(?P<id>[\w-]+)"],
        # Meta's oEmbed needs an app token (NEWSROOM_META_OEMBED_TOKEN); without one the
        # card shows the link and the post loads from Instagram on the reader's click.
        "endpoint": "https://graph.facebook.com/v19.0/instagram_oembed",
        "token": "NEWSROOM_META_OEMBED_TOKEN",
        "player": "script",
        "script": "https://www.instagram.com/embed.js",
        "markup": (
            '<blockquote class="instagram-media" data-instgrm-permalink="{url}"></blockquote>'
        ),
        "shape": "portrait",
        "thumbnails": ["cdninstagram.com", "fbcdn.net"],
        "csp": {
            "script-src": ["https://www.instagram.com"],
            "frame-src": ["https://www.instagram.com"],
        },
    },
    "x": {
        "name": "X",
        "urls": [r"https://(?:www\.)?(?:x|twitter)\.com/\w+/status/(?P<id>\d+)"],
        "endpoint": "https://publish.twitter.com/oembed",
        "player": "script",
        "script": "https://platform.twitter.com/widgets.js",
        "markup": '<blockquote class="twitter-tweet"><a href="{url}"></a></blockquote>',
        "shape": "post",
        "thumbnails": ["twimg.com"],
        "csp": {
            "script-src": ["https://platform.twitter.com"],
            "frame-src": ["https://platform.twitter.com"],
        },
    },
    "tiktok": {
        "name": "TikTok",
        "urls": [r"https://(?:www\.)?tiktok\.com/@[\w.-]+/video/(?P<id>\d+)"],
        "endpoint": "https://www.tiktok.com/oembed",
        "player": "iframe",
        "frame": "https://www.tiktok.com/embed/v2/{id}",
        "shape": "portrait",
        "thumbnails": ["tiktokcdn.com", "tiktokcdn-us.com"],
        "csp": {"frame-src": ["https://www.tiktok.com"]},
    },
    "facebook": {
        "name": "Facebook",
        "urls": [
            r"https://(?:www\.|m\.)?facebook\.com/(?:[\w.]+/videos/|watch/?\?v=|reel/)(?P<id>\d+)",
            r"https://fb\.watch/(?P<id>[\w-]+)",
        ],
        "endpoint": "https://graph.facebook.com/v19.0/oembed_video",
        "token": "NEWSROOM_META_OEMBED_TOKEN",
        "player": "iframe",
        "frame": "https://www.facebook.com/plugins/video.php?href={url_quoted}&show_text=false",
        "shape": "video",
        "thumbnails": ["fbcdn.net"],
        "csp": {"frame-src": ["https://www.facebook.com"]},
    },
}
NEWSROOM_META_OEMBED_TOKEN = os.environ.get("NEWSROOM_META_OEMBED_TOKEN", "")
# A provider's answer: seconds to wait, and the most bytes read (oEmbed JSON, thumbnail).
NEWSROOM_EMBED_TIMEOUT = env_int("NEWSROOM_EMBED_TIMEOUT", 5)
NEWSROOM_EMBED_MAX_BYTES = env_int("NEWSROOM_EMBED_MAX_BYTES", 262_144)
NEWSROOM_EMBED_THUMBNAIL_MAX_BYTES = env_int("NEWSROOM_EMBED_THUMBNAIL_MAX_BYTES", 5_000_000)

NEWSROOM_PAGE_SIZE = env_int("NEWSROOM_PAGE_SIZE", 20)
# The province whose regencies and cities get their own block on the front page (Kemendagri
# code; 36 = Banten).
NEWSROOM_HOME_PROVINCE = os.environ.get("NEWSROOM_HOME_PROVINCE", "36")
# Publisher details for structured data and the news sitemap.
NEWSROOM_PUBLISHER_LOGO = os.environ.get("NEWSROOM_PUBLISHER_LOGO", "img/logo.png")

# Photo uploads: larger files or images are refused before anything is stored.
NEWSROOM_IMAGE_MAX_BYTES = env_int("NEWSROOM_IMAGE_MAX_BYTES", 20_000_000)
NEWSROOM_IMAGE_MAX_PIXELS = env_int("NEWSROOM_IMAGE_MAX_PIXELS", 40_000_000)
# Django accepts uploads a little larger than the photo limit; the photo check answers.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5_000_000
FILE_UPLOAD_MAX_MEMORY_SIZE = 5_000_000
IMAGEKIT_CACHEFILE_DIR = "renditions"
IMAGEKIT_DEFAULT_CACHEFILE_STRATEGY = "imagekit.cachefiles.strategies.Optimistic"

# Background tasks (crops, partner feeds, read counts): kept in the database and run by
# `manage.py run_worker`, a separate process (django-tasks-db). "immediate" runs them
# inside the request instead: the tests, or a machine with no worker at all.
NEWSROOM_TASKS = os.environ.get("NEWSROOM_TASKS", "database")
if NEWSROOM_TASKS not in ("database", "immediate"):
    raise ImproperlyConfigured("NEWSROOM_TASKS: 'database' or 'immediate'")
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend"
        if NEWSROOM_TASKS == "database"
        else "django.tasks.backends.immediate.ImmediateBackend"
    }
}
# What the worker enqueues by itself, and every how many seconds.
NEWSROOM_PERIODIC_TASKS = {
    "exchange.ingest.fetch_feeds": env_int("NEWSROOM_FEEDS_EVERY_SECONDS", 300),
    "articles.readership.flush_reads": 60,
    "ads.counting.flush_ads": 60,
    "push.services.send_due_alerts": 60,
    "api.keys.record_usage": 60,
    "articles.services.refresh_recent_share_cards": 600,
}

# How often a live coverage page asks for new entries (seconds); its answer is kept 5 s
# in the page cache, so readers cost no query however often they ask.
NEWSROOM_LIVE_POLL_SECONDS = env_int("NEWSROOM_LIVE_POLL_SECONDS", 15)

# Web push (push/): the server's VAPID key (PEM; empty: one is made and kept in the
# database), the contact push services may write to, and the push services the server
# posts to (a subscription naming another host is refused).
NEWSROOM_VAPID_PRIVATE_KEY = os.environ.get("NEWSROOM_VAPID_PRIVATE_KEY", "")
NEWSROOM_VAPID_SUBJECT = os.environ.get("NEWSROOM_VAPID_SUBJECT", "mailto:redaksi@example.com")
# How many alerts the worker posts side by side (each waits a round trip to the push
# service).
NEWSROOM_PUSH_CONCURRENCY = env_int("NEWSROOM_PUSH_CONCURRENCY", 32)
NEWSROOM_PUSH_SERVICES = env_list(
    "NEWSROOM_PUSH_SERVICES",
    "fcm.googleapis.com,push.services.mozilla.com,notify.windows.com,push.apple.com",
)

# The content API (api/): whether it answers without a key, and how far behind the
# present its change feed stays, so a save still committing is never skipped by a cursor.
NEWSROOM_GATES = {"/api/": "api.keys.gate"}  # infra.middleware.GateMiddleware
NEWSROOM_API_ANONYMOUS = env_bool("NEWSROOM_API_ANONYMOUS", default=True)
NEWSROOM_API_CHANGES_SETTLE_SECONDS = env_int("NEWSROOM_API_CHANGES_SETTLE_SECONDS", 5)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_context": {"()": "infra.requestlog.RequestContextFilter"}},
    "formatters": {
        "plain": {"format": "%(levelname)s %(name)s: %(message)s%(request_context)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_context"],
            "formatter": "plain",
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("NEWSROOM_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # 4xx answers (404s, 429s of a flood) are the visitor's, not the site's, and a
        # log line each would let a flood fill the disk; server errors are still logged.
        "django.request": {"level": "ERROR"},
        "django.tasks": {"level": os.environ.get("NEWSROOM_TASKS_LOG_LEVEL", "WARNING")},
        "axes": {"level": "WARNING"},
    },
}
