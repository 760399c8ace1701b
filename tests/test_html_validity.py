"""Public pages are valid HTML by the Nu HTML Checker (vnu.jar, run offline)."""

import json
import shutil
import subprocess
from datetime import timedelta
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from articles import services
from articles.models import BreakingNews
from tests.factories import make_ad, make_article, make_image, make_user

ROOT = Path(__file__).resolve().parents[1]
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def nu_check(paths: list[Path]) -> list[dict]:
    java = shutil.which("java")
    assert java, "Java is needed for the Nu HTML Checker (make test installs what it can)"
    assert VNU.exists(), "vnu.jar missing: run `make test` (npm ci installs it)"
    result = subprocess.run(
        [java, "-jar", str(VNU), "--errors-only", "--format", "json", *map(str, paths)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    return json.loads(result.stderr or '{"messages": []}')["messages"]


@pytest.mark.django_db
def test_public_pages_are_valid_html(client, tmp_path, chief):
    author = make_user(username="siti", first_name="Siti", bio="Wartawan.")
    image = make_image(renditions=True, size=(1400, 900))
    article = make_article(
        headline="Pemkab Serang Gelar Istighosah",
        summary="Ringkasan <singkat> & jelas.",
        body="<h2>Sub</h2><p><strong>Tebal</strong> dan <a href='https://example.com/'>tautan</a></p>"
        "<ul><li><p>satu</p></li></ul><blockquote><p>kutipan</p></blockquote>",
        author=author,
        lead_image=image,
        tags=["maulid"],
        kind="advertorial",
    )
    make_article(category=article.category, is_pinned=True)
    services.add_correction(article=article, user=chief, kind="hak_jawab", text="Tanggapan.")
    BreakingNews.objects.create(
        text="Banjir di Lebak", article=article, expires_at=timezone.now() + timedelta(hours=1)
    )
    for place in ("masthead", "in_article", "side", "sticky"):  # the pages with their ads
        make_ad(place)
    pages = {
        "home": reverse("reader:headlines"),
        "article": article.get_absolute_url(),
        "category": article.category.get_absolute_url(),
        "region": article.region.province.get_absolute_url(),
        "tag": reverse("reader:tag", args=["maulid"]),
        "source": article.source.get_absolute_url(),
        "author": reverse("reader:author", args=["siti"]),
        "search": reverse("reader:search") + "?q=istighosah",
        "search-empty": reverse("reader:search"),
        "search-none": reverse("reader:search") + "?q=tidakada",
        "corrections": reverse("reader:corrections"),
        "redaksi": reverse("pages:redaksi"),
        "pedoman": reverse("pages:pedoman"),
        "404": "/tidak-ada/",
    }
    files = []
    for name, url in pages.items():
        response = client.get(url)
        assert response.status_code in (200, 404), url
        path = tmp_path / f"{name}.html"
        path.write_bytes(response.content)
        files.append(path)
    errors = nu_check(files)
    assert errors == [], "\n".join(
        f"{Path(e.get('url', '')).name}:{e.get('lastLine')}: {e.get('message')}" for e in errors
    )
