from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from articles.models import Article, Category, Source
from exchange.stories import import_story_file

pytestmark = pytest.mark.django_db

SEED = (
    Path(__file__).resolve().parents[2] / "exchange" / "data" / "seed" / "000_c79b68d670d1c4bb.txt"
)
STORY_HEADLINE = (
    "DPMD Provinsi Banten Dorong Peningkatan Kapasitas Kader Posyandu untuk Pencegahan "
    "Stunting dan Penguatan Peran Sosial"
)


def run(*args):
    out, err = StringIO(), StringIO()
    call_command("import_stories", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def write(tmp_path, text, name="berita.txt"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_seed_story_is_published_in_kabupaten_serang_with_dateline_and_signoff(client):
    run(str(SEED))
    story = Article.objects.get(headline=STORY_HEADLINE)
    assert story.status == Article.Status.PUBLISHED and story.is_public
    assert story.region.code == "36.04"
    assert str(story.region) == "Kabupaten Serang, Banten"
    assert story.dateline_place == "SERANG"
    assert story.signoff == "str"
    assert story.source == Source.objects.get(dateline_label="beritaindonesianet")
    assert story.body.startswith("<p>Dinas Pemberdayaan Masyarakat dan Desa (DPMD)")
    assert "(str)" not in story.body and "beritaindonesianet" not in story.body
    assert story.body.count("<p>") == 8
    html = client.get(story.get_absolute_url()).text
    assert "SERANG, beritaindonesianet –</span> Dinas Pemberdayaan" in html
    assert 'tutupnya. <span class="signoff">(str)</span>' in html


def test_seed_headlines_without_a_story_become_drafts_with_their_region():
    run(str(SEED))
    drafts = {a.headline: a for a in Article.objects.filter(status=Article.Status.DRAFT)}
    assert len(drafts) == 4
    codes = {headline.split(",")[0][:20]: a.region.code for headline, a in drafts.items()}
    assert codes == {
        "Pamitan Tanpa Air Ma": "36",
        "PWI Kota Tangsel Jal": "36.74",
        "Peringati Maulid Nab": "36.04",
        "Danrem 064/MY dan Ul": "36",
    }


def test_importing_the_seed_twice_changes_nothing():
    run(str(SEED))
    before = list(Article.objects.order_by("pk").values())
    out, _err = run(str(SEED))
    assert list(Article.objects.order_by("pk").values()) == before
    assert Source.objects.count() == 1
    assert "0 terbit, 0 draf, 0 dilengkapi, 5 tetap" in out


def test_dry_run_stores_nothing():
    out, _err = run(str(SEED), "--dry-run")
    assert not Article.objects.exists() and not Source.objects.exists()
    assert "[uji coba]" in out and "1 terbit, 4 draf" in out


def test_category_option_files_full_stories():
    pemerintahan = Category.objects.create(name="Pemerintahan", slug="pemerintahan")
    run(str(SEED), "--category", "pemerintahan")
    assert Article.objects.get(headline=STORY_HEADLINE).category == pemerintahan
    with pytest.raises(CommandError, match="Rubrik dengan slug 'tidak-ada' tidak ada"):
        run(str(SEED), "--category", "tidak-ada")


def test_an_empty_file_is_reported_and_other_files_still_import(tmp_path):
    empty = write(tmp_path, "\n\n", name="kosong.txt")
    _out, err = run(empty, str(SEED))
    assert "kosong.txt: baris 1: berkas kosong" in err
    assert Article.objects.filter(headline=STORY_HEADLINE).exists()


def test_a_story_without_dateline_is_reported_with_its_line_and_the_rest_imported(tmp_path):
    text = (
        "- Tanpa Dateline\n- Berita Baik\n\n"
        "Tanpa Dateline\n\nIni paragraf pertama tanpa tempat.\nPenutup.(abc)\n\n"
        "Berita Baik\n\nCILEGON, beritaindonesianet– Pemkot Cilegon membuka pasar murah.(xyz)\n"
    )
    _out, err = run(write(tmp_path, text))
    assert "baris 6: berita 'Tanpa Dateline' tidak diawali dateline" in err
    assert not Article.objects.filter(headline="Tanpa Dateline", status="published").exists()
    good = Article.objects.get(headline="Berita Baik")
    assert good.region.code == "36.72" and good.signoff == "xyz"


def test_an_unknown_place_is_reported_and_the_story_imported_without_region(tmp_path):
    text = "Berita Jauh\n\nANTAH BERANTAH, beritaindonesianet– Sesuatu terjadi.(str)\n"
    _out, err = run(write(tmp_path, text))
    assert "baris 1: tempat 'ANTAH BERANTAH' tidak dikenal; wilayah dikosongkan" in err
    assert Article.objects.get(headline="Berita Jauh").region is None


def test_an_ambiguous_place_is_reported_and_filed_under_the_province(tmp_path):
    text = (
        "Rapat di Serang\n\nSERANG, beritaindonesianet– Rapat koordinasi digelar hari ini.(str)\n"
    )
    _out, err = run(write(tmp_path, text))
    assert "tempat 'SERANG' ambigu (Kabupaten Serang / Kota Serang); dipakai Banten" in err
    assert Article.objects.get(headline="Rapat di Serang").region.code == "36"


def test_a_story_without_signoff_is_imported_with_a_warning():
    report = import_story_file(
        text="Tanpa Inisial\n\nSERANG, beritaindonesianet– Pemkot Serang rapat.\nParagraf dua."
    )
    assert report.problems == [
        "baris 1: berita 'Tanpa Inisial' tidak ditutup inisial penulis, misalnya (str); "
        "berita ini tetap diimpor"
    ]
    article = Article.objects.get(headline="Tanpa Inisial")
    assert article.signoff == "" and article.region.code == "36.73"


def test_a_headline_draft_is_completed_when_its_story_arrives():
    import_story_file(text="- Pemkab Serang Gelar Istighosah\n")
    draft = Article.objects.get()
    assert draft.status == Article.Status.DRAFT and draft.body == ""
    report = import_story_file(
        text="Pemkab Serang Gelar Istighosah\n\nSERANG, beritaindonesianet– Pemkab Serang "
        "menggelar istighosah.(str)\n"
    )
    draft.refresh_from_db()
    assert report.completed == [draft]
    assert draft.status == Article.Status.PUBLISHED and draft.region.code == "36.04"


def test_missing_files_and_unloaded_regions_are_clear_errors(tmp_path):
    with pytest.raises(CommandError, match="tidak ditemukan"):
        run(str(tmp_path / "tidak-ada.txt"))


def test_the_seeds_impossible_day_and_date_is_a_warning_and_the_import_time_is_kept():
    from django.utils import timezone

    before = timezone.now()
    _out, err = run(str(SEED))
    story = Article.objects.get(headline=STORY_HEADLINE)
    # "Kamis (11/5/25)": 11 May 2025 was a Sunday.
    assert "tidak cocok: 11 Mei 2025 jatuh pada hari Minggu" in err
    assert story.published_at >= before


@pytest.mark.parametrize(
    "written, expected",
    [
        ("Minggu (11/5/25)", "2025-05-11"),
        ("Kamis (15/5/2025)", "2025-05-15"),
        ("Jumat (16/5/25)", "2025-05-16"),
        ("Jum'at (16/5/25)", "2025-05-16"),
    ],
)
def test_a_day_and_date_that_agree_date_the_story(tmp_path, written, expected):
    from django.utils import timezone

    text = (
        "Banjir di Lebak\n\n"
        f"LEBAK, beritaindonesianet– Banjir merendam tiga desa, {written}.\n"
        "Warga mengungsi ke balai desa.(str)\n"
    )
    _out, err = run(write(tmp_path, text))
    story = Article.objects.get(headline="Banjir di Lebak")
    assert timezone.localtime(story.published_at).date().isoformat() == expected
    assert "tidak cocok" not in err


@pytest.mark.parametrize(
    "written, warning",
    [("Senin (31/2/25)", "tidak ada di kalender"), ("Rabu (1/1/98)", "belum tiba")],
)
def test_an_impossible_or_future_date_is_a_warning(tmp_path, written, warning):
    text = (
        "Banjir di Lebak\n\n"
        f"LEBAK, beritaindonesianet– Banjir merendam tiga desa, {written}.\n"
        "Warga mengungsi.(str)\n"
    )
    _out, err = run(write(tmp_path, text))
    assert warning in err
