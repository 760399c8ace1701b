"""The public site's Jinja2 set-up (infra/templating.py)."""

from django.conf import settings
from django.template import engines


def test_what_the_view_hands_over_wins_over_what_context_processors_add(rf):
    template = engines["jinja2"].from_string("{{ site_name }}")
    assert template.render({"site_name": "Dari view"}, rf.get("/")) == "Dari view"
    assert template.render({}, rf.get("/")) == settings.SITE_NAME


def test_a_missing_value_prints_nothing_even_through_its_attributes():
    template = engines["jinja2"].from_string("[{{ article.lead_image.caption }}]")
    assert template.render({}) == "[]"


def test_everything_printed_is_escaped_unless_marked_safe():
    from django.utils.safestring import mark_safe

    template = engines["jinja2"].from_string("{{ text }} {{ markup }}")
    rendered = template.render({"text": "<b>", "markup": mark_safe("<i>x</i>")})
    assert rendered == "&lt;b&gt; <i>x</i>"


def test_the_test_client_sees_the_context_of_a_public_page(client, db):
    response = client.get("/cari/", {"q": "banjir"})
    assert response.context["query"] == "banjir"
