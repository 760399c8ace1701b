"""path_to: reverse() remembered, never across URL configurations or script prefixes."""

from django.urls import clear_script_prefix, reverse, set_script_prefix

from infra.paths import path_to


def test_a_remembered_path_is_the_one_reverse_gives():
    assert path_to("reader:detail", pk=7, slug="banjir-serang") == reverse(
        "reader:detail", kwargs={"pk": 7, "slug": "banjir-serang"}
    )
    assert path_to("reader:category", slug="hukum") == "/rubrik/hukum/"


def test_a_site_under_a_script_prefix_gets_its_own_paths():
    before = path_to("reader:category", slug="hukum")
    set_script_prefix("/portal/")
    try:
        assert path_to("reader:category", slug="hukum") == "/portal/rubrik/hukum/"
    finally:
        clear_script_prefix()
    assert path_to("reader:category", slug="hukum") == before


def test_another_url_configuration_gets_its_own_paths(settings):
    assert path_to("healthz") == "/healthz"
    settings.ROOT_URLCONF = "tests.urls_elsewhere"
    assert path_to("healthz") == "/elsewhere/healthz"
