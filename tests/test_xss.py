"""A corpus of XSS payloads in every field that reaches a page: public pages and the admin
show them as text, never as markup."""

import re
from pathlib import Path

import pytest
from django.urls import reverse
from taggit.models import Tag

from articles.models import Category, Region, Source
from tests.factories import make_article, make_image

pytestmark = pytest.mark.django_db

PAYLOADS = [
    line for line in (Path(__file__).parent / "data" / "xss.txt").read_text().splitlines() if line
]
# What must never appear raw: tags and handlers an attacker would need.
DANGEROUS = re.compile(
    r"<script>alert|<img src=x onerror|<svg onload|<iframe src=javascript|<a[^>]*href=\"javascript:"
    r"|<body onload|<details open ontoggle|<math><mtext>",
    re.I,
)


def assert_inert(html: str, where: str) -> None:
    match = DANGEROUS.search(html)
    assert match is None, f"{where}: raw payload {match.group(0)!r}"
    assert "<!--xss-10-->" not in html, where


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payloads_in_every_field_stay_text_on_public_pages_and_in_the_admin(
    client, editor_client, payload
):
    category = Category.objects.create(name=f"Rubrik {payload}"[:80], slug="rubrik-x")
    source = Source.objects.create(
        name=f"Sumber {payload}"[:120], slug="sumber-x", dateline_label=payload[:60]
    )
    region = Region.objects.get(code="36.04")
    Region.objects.filter(pk=region.pk).update(name=f"Kab {payload}"[:100])
    image = make_image(caption=payload, credit=payload, alt=payload)
    article = make_article(
        headline=payload[:200],
        summary=payload,
        body=f"<p>{payload}</p>{payload}",
        category=category,
        source=source,
        region=Region.objects.get(pk=region.pk),
        lead_image=image,
        dateline_place="SERANG",
        signoff="str",
    )
    tag = Tag.objects.create(name=f"tag {payload}"[:100], slug="tag-x")
    article.tags.add(tag)
    public = {
        "home": reverse("reader:headlines"),
        "article": article.get_absolute_url(),
        "category": category.get_absolute_url(),
        "region": region.get_absolute_url(),
        "tag": reverse("reader:tag", args=["tag-x"]),
        "source": source.get_absolute_url(),
        "search": reverse("reader:search") + "?q=" + payload,
        "feed": reverse("reader:feed"),
    }
    for name, url in public.items():
        response = client.get(url)
        assert response.status_code == 200, name
        assert_inert(response.content.decode(), name)
    admin = {
        "list": reverse("admin:articles_article_changelist"),
        "change": reverse("admin:articles_article_change", args=[article.pk]),
        "history": reverse("admin:articles_article_history", args=[article.pk]),
        "images": reverse("admin:images_image_changelist"),
        "image": reverse("admin:images_image_change", args=[image.pk]),
        "dashboard": reverse("admin:index"),
    }
    for name, url in admin.items():
        response = editor_client.get(url)
        assert response.status_code == 200, name
        assert_inert(response.content.decode(), f"admin {name}")
