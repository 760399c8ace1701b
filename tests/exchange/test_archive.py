"""export_content then import_content into an empty site: nothing lost."""

import hashlib
from datetime import timedelta
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.utils import timezone
from taggit.models import Tag

from articles import services
from articles.models import Article, BreakingNews, Category, Correction, LegacyURL, Source
from images.models import Image
from pages.models import SitePage
from tests.factories import make_article, make_image, make_user, region, with_role

pytestmark = pytest.mark.django_db


def snapshot() -> dict:
    """Everything a reader or an editor could tell apart, by natural keys (never ids)."""
    articles = []
    for a in Article.objects.select_related(
        "category", "region", "source", "author", "lead_image"
    ).order_by("headline"):
        articles.append(
            (
                a.headline, a.slug, a.summary, a.body, a.kind, a.status, a.published_at,
                a.created_at, a.updated_at, a.trashed_at, a.taken_down_at, a.takedown_note,
                a.embargo_ends_at, a.is_top_story, a.dateline_place, a.signoff, a.import_key,
                a.category.slug if a.category else None, a.region.code if a.region else None,
                a.source.slug if a.source else None, a.author.username if a.author else None,
                a.lead_image.file.name if a.lead_image else None, sorted(a.tags.names()),
                sorted((c.kind, c.text, c.published_at) for c in a.corrections.all()),
            )
        )  # fmt: skip
    images = []
    for image in Image.objects.order_by("file"):
        with image.file.open("rb") as handle:
            digest = hashlib.sha256(handle.read()).hexdigest()
        images.append(
            (image.file.name, image.alt, image.caption, image.credit, image.focal_x, digest)
        )
    users = list(
        get_user_model()
        .objects.order_by("username")
        .values_list(
            "username", "password", "first_name", "initials", "bio", "is_active", "photo__file"
        )
    )
    return {
        "articles": articles,
        "images": images,
        "users": users,
        "groups": sorted(
            (u.username, g)
            for u in get_user_model().objects.all()
            for g in u.groups.values_list("name", flat=True)
        ),
        "categories": list(Category.objects.values_list("slug", "name", "description", "position")),
        "sources": list(
            Source.objects.values_list("slug", "name", "kind", "dateline_label", "syndication")
        ),
        "tags": sorted(Tag.objects.values_list("name", "slug")),
        "pages": list(SitePage.objects.values_list("kind", "title", "body", "company_name")),
        "breaking": list(BreakingNews.objects.values_list("text", "article__headline")),
        "legacy": sorted(LegacyURL.objects.values_list("old_path", "article__headline")),
    }


def wipe():
    LegacyURL.objects.all().delete()
    BreakingNews.objects.all().delete()
    Correction.objects.all().delete()
    Article.objects.all().delete()
    get_user_model().objects.update(photo=None)
    Image.objects.all().delete()
    get_user_model().objects.all().delete()
    Category.objects.all().delete()
    Source.objects.all().delete()
    Tag.objects.all().delete()
    SitePage.objects.update(body="", company_name="")


def test_export_then_import_into_an_empty_site_loses_nothing(tmp_path, chief):
    reporter = with_role(
        make_user(username="siti", first_name="Siti", initials="str", bio="Wartawan."), "Wartawan"
    )
    reporter.photo = make_image(caption="Potret", credit="Dok")
    reporter.save()
    photo = make_image(caption="Istighosah", credit="Budi", alt="Jemaah")
    photo.tags.add("foto-maulid")
    story = make_article(
        headline="Pemkab Serang Gelar Istighosah",
        author=reporter,
        lead_image=photo,
        tags=["maulid", "banten"],
        region=region("36.04"),
        import_key="wp:101",
    )
    make_article(
        headline="Draf rahasia",
        status="draft",
        published_at=None,
        embargo_ends_at=timezone.now() + timedelta(days=1),
    )
    removed = make_article(headline="Berita dicabut")
    services.take_down_article(
        article=removed, user=chief, reason="child", note="Dicabut demi anak."
    )
    services.add_correction(article=story, user=chief, kind="hak_jawab", text="Tanggapan Dinas.")
    BreakingNews.objects.create(
        text="Pita", article=story, expires_at=timezone.now() + timedelta(hours=2)
    )
    LegacyURL.objects.create(old_path="/2025/05/11/istighosah/", article=story)
    SitePage.objects.filter(kind="redaksi").update(
        company_name="PT Berita Banten", body="<p>Redaksi.</p>"
    )
    before = snapshot()
    archive = tmp_path / "isi.zip"
    out = StringIO()
    call_command("export_content", str(archive), stdout=out)
    assert "3 articles" in out.getvalue() and "2 images" in out.getvalue()

    wipe()
    assert snapshot() != before
    call_command("import_content", str(archive), stdout=StringIO())
    assert snapshot() == before


def test_import_only_into_an_empty_site(tmp_path):
    make_article()
    archive = tmp_path / "isi.zip"
    call_command("export_content", str(archive), stdout=StringIO())
    with pytest.raises(CommandError, match="situs kosong"):
        call_command("import_content", str(archive), stdout=StringIO())
    with pytest.raises(CommandError, match="sudah ada"):
        call_command("export_content", str(archive), stdout=StringIO())


def test_a_dry_run_restores_nothing(tmp_path):
    make_article(headline="Satu")
    archive = tmp_path / "isi.zip"
    call_command("export_content", str(archive), stdout=StringIO())
    Article.objects.all().delete()
    out = StringIO()
    call_command("import_content", str(archive), "--dry-run", stdout=out)
    assert "[uji coba]" in out.getvalue() and not Article.objects.exists()


def test_a_foreign_file_is_refused(tmp_path):
    import zipfile

    bogus = tmp_path / "lain.zip"
    with zipfile.ZipFile(bogus, "w") as archive:
        archive.writestr("manifest.json", '{"format": "lain"}')
    with pytest.raises(CommandError, match="bukan arsip ekspor Newsroom"):
        call_command("import_content", str(bogus), stdout=StringIO())


def test_an_archive_of_version_1_with_the_old_field_names_is_restored(tmp_path):
    """Archives written before the fields were renamed (migration articles 0010)."""
    import json
    import zipfile

    from exchange.archive import RENAMED_SINCE_VERSION_1

    make_article(headline="Lama", embargo_ends_at=timezone.now() - timedelta(days=1))
    current = tmp_path / "isi.zip"
    call_command("export_content", str(current), stdout=StringIO())
    Article.objects.all().delete()
    old_names = {new: old for old, new in RENAMED_SINCE_VERSION_1.items()}
    version_1 = tmp_path / "lama.zip"
    with zipfile.ZipFile(current) as source, zipfile.ZipFile(version_1, "w") as target:
        for member in source.infolist():
            data = source.read(member).decode()
            if member.filename == "manifest.json":
                data = json.dumps({**json.loads(data), "version": 1})
            for new, old in old_names.items():
                data = data.replace(f'"{new}"', f'"{old}"')
            target.writestr(member, data)
    assert b"embargo_until" in zipfile.ZipFile(version_1).read("data/articles.jsonl")
    call_command("import_content", str(version_1), stdout=StringIO())
    restored = Article.objects.get(headline="Lama")
    assert restored.embargo_ends_at is not None


def test_embeds_and_galleries_survive_the_round_trip_with_the_bodies_naming_them(tmp_path):
    from blocks.models import Embed, Gallery, GalleryPhoto
    from blocks.services import create_gallery
    from tests.factories import image_file

    first, second = make_image(caption="Banjir"), make_image(caption="Pengungsi", credit="BPBD")
    gallery = create_gallery(
        title="Banjir Serang", photos=[{"id": second.pk}, {"id": first.pk, "credit": "Rudi"}]
    )
    embed = Embed.objects.create(
        url="https://www.youtube.com/watch?v=abcdefghijk",
        provider="youtube",
        title="Banjir di Ciceri",
        author_name="Humas",
        frame_url="https://www.youtube-nocookie.com/embed/abcdefghijk?autoplay=1",
        fetched_at=timezone.now(),
    )
    embed.thumbnail.save("banjir.jpg", image_file(size=(320, 180)))
    with embed.thumbnail.open("rb") as handle:
        thumbnail_bytes = handle.read()
    body = f"<p>Banjir.</p>{embed.placeholder()}{gallery.placeholder(2)}"
    make_article(headline="Banjir", body=body)

    def blocks():
        return (
            list(Embed.objects.values_list("key", "url", "title", "frame_url", "thumbnail")),
            [
                (p.gallery.key, p.gallery.title, p.image.caption, p.position, p.credit)
                for p in GalleryPhoto.objects.select_related("gallery", "image")
            ],
            Article.objects.get().body,
        )

    before = blocks()
    archive = tmp_path / "isi.zip"
    call_command("export_content", str(archive), stdout=StringIO())
    Gallery.objects.all().delete()
    Embed.objects.all().delete()
    wipe()
    call_command("import_content", str(archive), stdout=StringIO())
    assert blocks() == before
    with Embed.objects.get().thumbnail.open("rb") as handle:
        assert handle.read() == thumbnail_bytes
