"""Moving a WordPress portal in: mapping, old links, re-runs, bad items, shortcodes, memory."""

import tracemalloc
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.urls import reverse
from taggit.models import Tag

from articles.models import Article, Category, LegacyURL
from exchange.migrate_wordpress import import_wordpress
from images.models import Image
from tests import wxr
from tests.factories import image_file

pytestmark = pytest.mark.django_db

PORTAL = Path(__file__).resolve().parents[1] / "data" / "wordpress" / "portal.xml"


@pytest.fixture
def uploads(tmp_path):
    """A local copy of wp-content/uploads holding the export's photos."""
    folder = tmp_path / "uploads"
    (folder / "2025" / "05").mkdir(parents=True)
    (folder / "2025" / "05" / "istighosah.jpg").write_bytes(image_file(size=(800, 533)).read())
    return folder


def run(*args):
    out, err = StringIO(), StringIO()
    call_command("import_wordpress", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def by_key(post_id):
    return Article.objects.get(import_key=f"wp:{post_id}")


def test_posts_become_articles_with_status_dates_slugs_terms_and_bylines(uploads):
    run(str(PORTAL), "--uploads", str(uploads))
    story = by_key(101)
    assert story.headline.startswith("Peringati Maulid Nabi")
    assert story.slug == "pemkab-serang-gelar-istighosah"
    assert story.is_public and story.published_at.isoformat() == "2025-05-11T07:30:00+00:00"
    assert story.category.slug == "daerah"
    assert set(story.tags.names()) == {"Maulid Nabi", "Banten", "Religi & Budaya"}
    assert story.summary == "Ribuan warga mengikuti istighosah."
    assert story.author.get_full_name() == "Sutrisno Rahardjo" and not story.author.is_active
    assert not story.author.has_usable_password()
    assert (story.dateline_place, story.source.dateline_label, story.signoff) == (
        "SERANG",
        "beritaindonesianet",
        "str",
    )
    assert story.region.code == "36.04"  # SERANG + kecamatan Kragilan
    assert "<script>" not in story.body and "Acara ditutup doa bersama." in story.body
    assert by_key(102).is_scheduled
    assert by_key(103).status == Article.Status.DRAFT and by_key(103).published_at is None
    assert by_key(104).status == Article.Status.REVIEW
    assert by_key(105).status == Article.Status.DRAFT  # private: never public
    assert by_key(106).is_trashed
    assert not Article.objects.filter(import_key__in=["wp:107", "wp:108"]).exists()
    assert set(Category.objects.values_list("slug", flat=True)) >= {"berita", "daerah", "religi"}
    assert get_user_model().objects.filter(username__in=["wp-sutrisno", "wp-dewi"]).count() == 2


def test_featured_images_come_from_the_local_uploads_into_the_library(uploads):
    run(str(PORTAL), "--uploads", str(uploads))
    image = by_key(101).lead_image
    assert image is not None and image.import_key == "wp-attachment:201"
    assert image.alt == "Jemaah istighosah di Masjid Agung"
    assert image.caption == "Ribuan jemaah memadati masjid."
    assert (image.width, image.height) == (800, 533)


def test_caption_shortcodes_become_figures_and_other_shortcodes_go(uploads):
    run(str(PORTAL), "--uploads", str(uploads))
    body = by_key(101).body
    assert (
        "<figure><img" in body and "<figcaption>Ribuan jemaah memadati masjid.</figcaption>" in body
    )
    assert "lama.example.id/wp-content" not in body  # the photo now lives in our library
    assert "[caption" not in body and "[gallery" not in body and "[/caption]" not in body


def test_without_uploads_a_caption_keeps_its_text(tmp_path):
    run(str(PORTAL))
    body = by_key(101).body
    assert "<p><em>Ribuan jemaah memadati masjid.</em></p>" in body and "<img" not in body
    assert by_key(101).lead_image is None


def test_every_old_address_answers_301_to_the_new_page(client, uploads):
    run(str(PORTAL), "--uploads", str(uploads))
    story = by_key(101)
    for old in ("/?p=101", "/2025/05/11/pemkab-serang-gelar-istighosah/"):
        response = client.get(old)
        assert (response.status_code, response["Location"]) == (301, story.get_absolute_url()), old
    response = client.get("/2025/05/11/pemkab-serang-gelar-istighosah")
    assert response.status_code in (301, 404)
    category = client.get("/category/berita/daerah/")
    assert (category.status_code, category["Location"]) == (
        301,
        reverse("reader:category", args=["daerah"]),
    )
    tag = client.get(reverse("reader:tag", args=["banten"]))
    assert tag.status_code == 200 and story.headline in tag.text
    assert client.get("/?p=999999").status_code == 200  # unknown: just the front page


def test_running_the_import_again_updates_instead_of_duplicating(uploads):
    run(str(PORTAL), "--uploads", str(uploads))
    counts = [Article.objects.count(), Tag.objects.count(), Category.objects.count()]
    counts += [Image.objects.count(), get_user_model().objects.count(), LegacyURL.objects.count()]
    Article.objects.filter(import_key="wp:101").update(headline="Diubah")
    out, _err = run(str(PORTAL), "--uploads", str(uploads))
    again = [Article.objects.count(), Tag.objects.count(), Category.objects.count()]
    again += [Image.objects.count(), get_user_model().objects.count(), LegacyURL.objects.count()]
    assert again == counts
    assert by_key(101).headline.startswith("Peringati Maulid")
    assert "0 artikel baru, 6 diperbarui" in out


def test_bad_items_are_reported_with_their_id_and_the_rest_goes_in(uploads):
    out, err = run(str(PORTAL), "--uploads", str(uploads))
    assert "post 109: tanggal tidak sah (kemarin)" in err
    assert "post_id tidak sah (kosong)" in err
    assert "post 110: tanpa judul dan tanpa isi" in err
    assert "post 105: pribadi, diimpor sebagai draf" in err
    assert Article.objects.filter(import_key__startswith="wp:").count() == 6
    assert "6 artikel baru" in out and "dilewati:" in out


def test_a_dry_run_stores_nothing(uploads):
    out, _err = run(str(PORTAL), "--uploads", str(uploads), "--dry-run")
    assert "[uji coba]" in out and "6 artikel baru" in out
    assert not Article.objects.exists() and not LegacyURL.objects.exists()
    assert not get_user_model().objects.filter(username__startswith="wp-").exists()


def test_missing_files_are_clear_errors(tmp_path):
    with pytest.raises(CommandError, match="tidak ditemukan"):
        run(str(tmp_path / "tidak-ada.xml"))
    with pytest.raises(CommandError, match="uploads"):
        run(str(PORTAL), "--uploads", str(tmp_path / "tidak-ada"))


def test_a_large_export_is_read_in_flat_memory(tmp_path, monkeypatch):
    """Memory does not grow with the export: 4x the posts, about the same peak (memory is
    bounded by the batch, made small here so both exports span several batches)."""
    from exchange import migrate_wordpress

    monkeypatch.setattr(migrate_wordpress, "BATCH", 50)

    def peak(count):
        path = tmp_path / f"besar-{count}.xml"
        wxr.write_large(path, count)
        Article.objects.filter(import_key__startswith="wp:").delete()
        tracemalloc.start()
        report = import_wordpress(path=path)
        _current, highest = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        assert report.created == count
        return highest

    small, large = peak(200), peak(800)
    assert large < small * 1.5, (small, large)


def test_embeds_links_on_their_own_line_and_galleries_become_blocks(tmp_path, settings):
    from blocks.models import Embed, Gallery
    from tests.blocks.provider import LocalProvider

    provider = LocalProvider()
    settings.NEWSROOM_EMBED_PROVIDERS = provider.settings()
    try:
        folder = tmp_path / "uploads" / "2025" / "05"
        folder.mkdir(parents=True)
        for number in (1, 2, 3):
            (folder / f"banjir-{number}.jpg").write_bytes(image_file(size=(800, 600)).read())
        content = (
            "SERANG, lama– Banjir merendam tiga desa.\n\n"
            f"[embed]{provider.url}/video/11[/embed]\n\n"
            f"{provider.url}/video/12\n\n"
            '[gallery columns="3" ids="301,302,303"]\n\n'
            "Warga mengungsi ke balai desa.(red)"
        )
        export = tmp_path / "export.xml"
        export.write_text(
            wxr.HEAD
            + wxr.author("redaksi", "Redaksi Lama")
            + wxr.post(900, "Banjir Serang", content)
            + "".join(
                wxr.attachment(300 + n, f"2025/05/banjir-{n}.jpg", caption=f"Foto banjir {n}")
                for n in (1, 2, 3)
            )
            + wxr.TAIL,
            encoding="utf-8",
        )
        run(str(export), "--uploads", str(tmp_path / "uploads"))
        body = by_key(900).body
        first, second = (Embed.objects.get(url=f"{provider.url}/video/{n}") for n in (11, 12))
        gallery = Gallery.objects.get()
        assert first.placeholder() in body and second.placeholder() in body
        assert gallery.placeholder(3) in body and "[gallery" not in body and "[embed" not in body
        assert [p.shown_caption for p in gallery.photos.all()] == [
            "Foto banjir 1",
            "Foto banjir 2",
            "Foto banjir 3",
        ]
        run(str(export), "--uploads", str(tmp_path / "uploads"))  # again: the same blocks
        assert Gallery.objects.count() == 1 and Embed.objects.count() == 2
        assert by_key(900).body == body
    finally:
        provider.stop()
