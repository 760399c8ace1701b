import pytest
from django.core.management import call_command

from tests import factories


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The official regions, loaded once per test database by the real command."""
    with django_db_blocker.unblock():
        call_command("load_regions", verbosity=0)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache (most-read lists, presence, page caches) and
    leaves no buffered reads behind."""
    from django.core.cache import cache

    from ads import counting
    from articles import readership
    from infra import pagecache, ratelimit

    cache.clear()
    ratelimit._tallies.clear()
    pagecache._kept.clear()
    pagecache._path_versions.clear()
    pagecache._spot_seen[0] = 0
    pagecache._generation[0] = None
    yield
    cache.clear()
    pagecache._kept.clear()
    pagecache._generation[0] = None
    readership.counts.clear()
    counting.counts.clear()


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SECURE_SSL_REDIRECT = False
    # Tests change rows directly between requests; the page cache has tests of its own.
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 0


def staff_with_role(role, **fields):
    return factories.with_role(factories.make_user(is_staff=True, **fields), role)


@pytest.fixture
def reporter(db):
    return staff_with_role("Wartawan", username="wartawan", first_name="Sutrisno", initials="str")


@pytest.fixture
def editor(db):
    return staff_with_role("Redaktur", username="redaktur", first_name="Dewi", last_name="Lestari")


@pytest.fixture
def chief(db):
    return staff_with_role("Pemimpin Redaksi", username="pemred", first_name="Ahmad")


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def reporter_client(client, reporter):
    client.force_login(reporter)
    return client


@pytest.fixture
def chief_client(client, chief):
    client.force_login(chief)
    return client


@pytest.fixture
def second_client(django_user_model):
    """Another browser session, for two people working at once."""
    from django.test import Client

    return Client()


@pytest.fixture
def published_article(db):
    return factories.make_article(headline="Pemkab Serang Gelar Istighosah", tags=["maulid"])


def ensure_base_data():
    """What migrations and the session set up, again: transactional tests start from a
    flushed database (regions, role groups and the required site pages)."""
    from accounts.roles import sync_roles
    from pages.models import SitePage

    call_command("load_regions", verbosity=0)
    sync_roles()
    for kind in SitePage.Kind:
        SitePage.objects.get_or_create(kind=kind, defaults={"title": kind.label})


@pytest.fixture
def base_data(transactional_db):
    ensure_base_data()
