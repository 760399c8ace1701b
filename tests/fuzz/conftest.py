"""The bad-input nets: what every fuzz test shares.

Each net draws its cases with Hypothesis. In CI the draw is derandomized (the same cases
every run, so a red build is reproducible) and bounded by ``NEWSROOM_FUZZ_EXAMPLES``;
``NEWSROOM_FUZZ_PROFILE=long`` draws fresh random cases and remembers failing ones in
``.hypothesis/`` (see the README).
"""

import hashlib
import os
from contextlib import contextmanager
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.contrib.messages import constants as message_levels
from django.contrib.messages import get_messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.db import transaction
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from articles.models import Article, BreakingNews, Correction, LegacyURL
from tests.conftest import staff_with_role
from tests.factories import (
    make_ad,
    make_article,
    make_category,
    make_entry,
    make_image,
    make_source,
    make_user,
)

settings.register_profile(
    "ci",
    max_examples=int(os.environ.get("NEWSROOM_FUZZ_EXAMPLES", "60")),
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
settings.register_profile(
    "long",
    max_examples=int(os.environ.get("NEWSROOM_FUZZ_EXAMPLES", "2000")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
settings.load_profile(os.environ.get("NEWSROOM_FUZZ_PROFILE", "ci"))


def examples(factor: float) -> settings:
    """This net's share of the example budget (some cases cost far more than others)."""
    return settings(max_examples=max(5, int(settings.default.max_examples * factor)))


# --- bad values -----------------------------------------------------------------------------

MALFORMED_IDS = [
    "abc",
    "-1",
    "0",
    "1.5",
    "1e3",
    "99999999999999999999999",
    "9223372036854775808",
    "é",
    "١٢",  # Arabic-Indic digits: isdigit() says yes, int() too
    "%00",
    "%2e%2e",
    "1/change/x",
    "x/change",
    " 1",
    "1%20",
    "a" * 300,
]

HOSTILE_TEXT = [
    "",
    " ",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "' OR '1'='1' --",
    "{{ 7*7 }}{% debug %}",
    "%s%n%x",
    "\x00",
    "a\x00b",
    "\u202eevil",
    "\ud7ff\ufeff\ufffe",
    "💥" * 50,
    "../../etc/passwd",
    "javascript:alert(1)",
    "x" * 20_000,
    "-1",
    "99999999999999999999999",
    "1.5",
    "abc",
    "2025-13-45",
    "31-02-2025",
    "25:61:99",
    "zzz-tidak-ada",
    "true",
    "on",
    "[]",
    '{"a": 1}',
]

# Text Hypothesis makes up: any character a browser can send (no lone surrogates).
any_text = st.text(st.characters(exclude_categories=("Cs",)), max_size=300)
bad_value = st.one_of(st.sampled_from(HOSTILE_TEXT), any_text)
bad_id = st.one_of(st.sampled_from(MALFORMED_IDS), st.integers().map(str), any_text)


# --- the database before and after a request -----------------------------------------------

# Rows a refused request may still write: sessions and the login-failure log.
NOT_CONTENT = {"sessions", "axes", "contenttypes", "admin"}


def fingerprint() -> str:
    """A digest of every content row: equal before and after means nothing was written."""
    digest = hashlib.sha256()
    for model in apps.get_models():
        if model._meta.app_label in NOT_CONTENT or model._meta.db_table == "articles_district":
            continue
        for row in model._default_manager.order_by("pk").values_list():
            digest.update(repr(row).encode())
    return digest.hexdigest()


@contextmanager
def each_case_alone(newsroom):
    """Undo what a case wrote, so every case (and Hypothesis's replay of it while it
    shrinks a failure) starts from the same newsroom; messages a previous case left in a
    browser's cookie (its redirect was never followed) are dropped too."""
    for client in newsroom.clients.values():
        client.cookies.pop(CookieStorage.cookie_name, None)
    with rolled_back():
        yield


@contextmanager
def rolled_back():
    """Whatever the block writes is undone at its end."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


# --- what the person sees -------------------------------------------------------------------


def assert_answered(response, *, refused_changes_nothing_since=None):
    """Never a server error; a refusal says why and, when asked, changed nothing.

    A request counts as refused when it answers 4xx, shows a form again with errors, or
    redirects with a warning or error message.
    """
    status = response.status_code
    assert status < 500, f"{status} for {response.wsgi_request.get_full_path()}"
    levels = [m.level for m in get_messages(response.wsgi_request)]
    html = response.content.decode(errors="replace") if _is_text(response) else ""
    shows_errors = status == 200 and ("errornote" in html or "errorlist" in html)
    refused = (
        400 <= status < 500
        or shows_errors
        or any(level >= message_levels.WARNING for level in levels)
    )
    # 405 and 412 (a failed If-Unmodified-Since) carry no page by design; HEAD none at all.
    if 400 <= status < 500 and status not in (405, 412) and response.wsgi_request.method != "HEAD":
        assert response.content.strip(), f"{status} with an empty page"
    if refused_changes_nothing_since is None:
        return refused
    unchanged = fingerprint() == refused_changes_nothing_since
    if refused:
        assert unchanged, "a refused request wrote rows"
    if status in (301, 302, 303) and not levels and not _is_login(response):
        assert unchanged, "rows written without a message to say so"
    return refused


def _is_text(response):
    kind = response.get("Content-Type", "")
    return kind.startswith(("text/", "application/json")) and not response.streaming


def _is_login(response):
    return "/login/" in response.get("Location", "")


@pytest.fixture(autouse=True)
def _quiet_refusals():
    """Thousands of refused requests are the point here: log only server errors."""
    import logging

    logger = logging.getLogger("django.request")
    level = logger.level
    logger.setLevel(logging.ERROR)
    yield
    logger.setLevel(level)


# --- a small newsroom to attack -------------------------------------------------------------


@pytest.fixture
def newsroom(db):
    """One of everything the admin shows, and a logged-in browser per role."""
    from reversion import create_revision, set_user
    from taggit.models import Tag

    from articles import services

    reporter = staff_with_role("Wartawan", username="wartawan", initials="str")
    editor = staff_with_role("Redaktur", username="redaktur", first_name="Dewi")
    chief = staff_with_role("Pemimpin Redaksi", username="pemred", first_name="Ahmad")
    ads_desk = staff_with_role("Bagian Iklan", username="iklan", first_name="Rina")
    image = make_image(credit="Dok. Humas")
    category, source = make_category(), make_source()
    published = make_article(lead_image=image, category=category, source=source, tags=["banjir"])
    with create_revision():
        set_user(editor)
        services.save_article(article=published, user=editor)
    draft = make_article(status=Article.Status.DRAFT, published_at=None, author=reporter)
    trashed = make_article(trashed_at=timezone.now())
    services.add_correction(
        article=published, user=chief, kind=Correction.Kind.RALAT, text="Ralat nama."
    )
    BreakingNews.objects.create(
        text="Banjir di Serang", article=published, expires_at=timezone.now()
    )
    LegacyURL.objects.create(old_path="/2024/01/lama/", article=published)
    make_ad("masthead", categories=[category])
    make_entry(published, headline="Entri pertama")
    clients = {}
    people = (("wartawan", reporter), ("redaktur", editor), ("pemred", chief), ("iklan", ads_desk))
    for name, user in people:
        client = Client()
        client.force_login(user)
        clients[name] = client
    clients["pembaca"] = Client()
    return SimpleNamespace(
        clients=clients,
        users=dict(people),
        articles={"published": published, "draft": draft, "trashed": trashed},
        image=image,
        tag=Tag.objects.get(name="banjir"),
        other_user=make_user(username="lain"),
    )
