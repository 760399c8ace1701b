"""The import commands given bad files: truncated, mis-encoded, binary, empty, enormous.
Each answers with a clear error in Indonesian and leaves nothing half-written."""

import zipfile
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from hypothesis import given
from hypothesis import strategies as st

from articles.models import Article, Source
from tests.fuzz.conftest import examples, fingerprint
from tests.fuzz.servers import serving

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "exchange" / "data" / "seed"
WXR = ROOT / "tests" / "data" / "wordpress" / "portal.xml"
GIGABYTE = 1 << 30


def damaged(valid: bytes, how: str, cut: float) -> bytes:
    """A file as it arrives broken: cut short, in another encoding, not text at all, empty."""
    if how == "truncated":
        return valid[: max(1, int(len(valid) * cut))]
    if how == "latin-1":
        return valid.decode("utf-8").encode("latin-1", errors="replace") + b"caf\xe9"
    if how == "utf-16":
        return valid.decode("utf-8").encode("utf-16")
    if how == "binary":
        return b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4
    return b""


HOW = ["truncated", "latin-1", "utf-16", "binary", "empty"]


def run(command, *args):
    out, err = StringIO(), StringIO()
    call_command(command, *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def enormous(path: Path) -> Path:
    """A file of a gigabyte that takes no room on disk (sparse)."""
    with path.open("wb") as handle:
        handle.truncate(GIGABYTE)
    return path


def media_files() -> list[Path]:
    return [p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()]


# --- import_stories ------------------------------------------------------------------------


def seed_text() -> bytes:
    return next(SEED.glob("*.txt")).read_bytes()


@pytest.mark.parametrize("how", ["latin-1", "utf-16", "binary"])
def test_a_story_file_that_is_not_utf8_text_is_refused_whole(tmp_path, how):
    bad = tmp_path / "rusak.txt"
    bad.write_bytes(damaged(seed_text(), how, 1))
    before = fingerprint()
    with pytest.raises(CommandError, match="1 berkas tidak dapat dibaca"):
        run("import_stories", str(bad))
    assert fingerprint() == before


def test_a_story_file_says_which_line_is_not_utf8(tmp_path):
    bad = tmp_path / "rusak.txt"
    bad.write_bytes(b"- Judul satu\n- Judul dua\n" + b"caf\xe9\n")
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError):
        call_command("import_stories", str(bad), stdout=out, stderr=err)
    assert "rusak.txt: tidak diimpor: bukan teks UTF-8 (baris 3)" in err.getvalue()


def test_an_enormous_story_file_is_refused_before_it_is_read(tmp_path):
    huge = enormous(tmp_path / "besar.txt")
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("import_stories", str(huge), stdout=StringIO(), stderr=err)
    assert "berkas terlalu besar (1,073,741,824 byte" in err.getvalue()
    assert not Article.objects.exists()


def test_a_bad_story_file_does_not_stop_the_good_ones(tmp_path):
    bad = tmp_path / "biner.txt"
    bad.write_bytes(damaged(b"", "binary", 1))
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("import_stories", str(bad), str(SEED), stdout=StringIO(), stderr=err)
    assert "biner.txt: tidak diimpor: bukan teks UTF-8" in err.getvalue()
    assert Article.objects.exists()


@examples(0.3)
@given(cut=st.floats(0.01, 0.99), noise=st.binary(max_size=64))
def test_a_truncated_or_noisy_story_file_is_imported_as_far_as_it_goes_or_refused(
    tmp_path_factory, cut, noise
):
    path = tmp_path_factory.mktemp("cerita") / "potong.txt"
    path.write_bytes(damaged(seed_text(), "truncated", cut) + noise)
    try:
        run("import_stories", str(path))
    except CommandError as error:
        assert "tidak dapat dibaca" in str(error)


# --- import_wordpress ----------------------------------------------------------------------


@pytest.mark.parametrize("how", HOW)
@pytest.mark.parametrize("cut", [0.05, 0.5, 0.97])
def test_a_damaged_wordpress_export_imports_nothing_and_says_where(tmp_path, how, cut):
    bad = tmp_path / "ekspor.xml"
    bad.write_bytes(damaged(WXR.read_bytes(), how, cut))
    before = fingerprint()
    try:
        run("import_wordpress", str(bad))
    except CommandError as error:
        message = str(error)
        assert message.startswith("'") and "tidak diimpor" in message, message
        assert fingerprint() == before
        assert not media_files()
    else:
        assert how in ("latin-1", "utf-16"), "only a re-encoded export is still whole"


def test_a_truncated_wordpress_export_names_the_line(tmp_path):
    bad = tmp_path / "ekspor.xml"
    bad.write_bytes(damaged(WXR.read_bytes(), "truncated", 0.5))
    with pytest.raises(CommandError, match=r"rusak atau terpotong di baris \d+, kolom \d+"):
        run("import_wordpress", str(bad))
    assert not Article.objects.exists()


def test_a_feed_that_is_not_wordpress_is_refused(tmp_path):
    rss = tmp_path / "rss.xml"
    rss.write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>x</title></channel></rss>'
    )
    with pytest.raises(CommandError, match="bukan ekspor WordPress"):
        run("import_wordpress", str(rss))


def test_an_enormous_wordpress_file_of_nothing_is_refused_at_once(tmp_path):
    with pytest.raises(CommandError, match="tidak diimpor"):
        run("import_wordpress", str(enormous(tmp_path / "besar.xml")))
    assert not Article.objects.exists()


# --- import_content ------------------------------------------------------------------------


@pytest.fixture
def archive(tmp_path):
    """A real export of a small site, which is then emptied of articles."""
    from tests.factories import make_article, make_image

    make_article(headline="Satu", lead_image=make_image(), tags=["banjir"])
    make_article(headline="Dua")
    path = tmp_path / "isi.zip"
    run("export_content", str(path))
    Article.objects.all().delete()
    for stored in media_files():
        stored.unlink()
    return path


def rewritten(archive: Path, target: Path, changes: dict) -> Path:
    """A copy of ``archive`` with some members changed (a function of their bytes) or left
    out (None)."""
    with zipfile.ZipFile(archive) as source, zipfile.ZipFile(target, "w") as copy:
        for member in source.infolist():
            change = changes.get(member.filename, lambda data: data)
            if change is not None:
                copy.writestr(member, change(source.read(member)))
    return target


@examples(0.3)
@given(how=st.sampled_from(["truncated", "binary", "empty"]), cut=st.floats(0.01, 0.99))
def test_a_damaged_archive_restores_nothing(archive, how, cut):
    bad = archive.with_name("rusak.zip")
    bad.write_bytes(damaged(archive.read_bytes(), how, cut))
    before = fingerprint()
    with pytest.raises(CommandError) as refused:
        run("import_content", str(bad))
    message = str(refused.value)
    assert "Arsip rusak" in message or "bukan arsip ekspor Newsroom" in message, message
    assert fingerprint() == before
    assert not media_files()


def test_an_archive_with_a_missing_part_restores_nothing(archive, tmp_path):
    partial = rewritten(archive, tmp_path / "sebagian.zip", {"data/articles.jsonl": None})
    before = fingerprint()
    with pytest.raises(CommandError, match=r"tidak ada 'data/articles\.jsonl'"):
        run("import_content", str(partial))
    assert fingerprint() == before
    assert not media_files()


def test_an_archive_with_wrong_values_restores_nothing(archive, tmp_path):
    def wrong_dates(data):
        return data.replace(b'"published_at": "', b'"published_at": "bukan-')

    changed = rewritten(archive, tmp_path / "salah.zip", {"data/articles.jsonl": wrong_dates})
    before = fingerprint()
    with pytest.raises(CommandError, match="Arsip rusak"):
        run("import_content", str(changed))
    assert fingerprint() == before
    assert not media_files()


def test_an_archive_that_unpacks_into_gigabytes_is_refused(archive, tmp_path):
    bomb = tmp_path / "bom.zip"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as target:
        target.writestr("data/articles.jsonl", b"\n" * 60_000_000)
    with pytest.raises(CommandError, match="membengkak"):
        run("import_content", str(bomb))


def test_an_enormous_file_of_nothing_is_not_an_archive(tmp_path):
    with pytest.raises(CommandError, match="Arsip rusak"):
        run("import_content", str(enormous(tmp_path / "besar.zip")))


# --- ingest_feeds ------------------------------------------------------------------------

GOOD_RSS = (
    b'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Mitra</title>'
    b"<item><title>Pasar Murah di Cilegon</title><link>https://mitra.example.id/1</link>"
    b"<description>Warga antre sejak pagi.</description></item></channel></rss>"
)
NUL_RSS = GOOD_RSS.replace(b"Pasar Murah", b"Pasar&#0; Murah").replace(b"Warga", b"Warga \x00")


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        (damaged(GOOD_RSS, "truncated", 0.6), "umpan rusak"),
        (damaged(GOOD_RSS, "binary", 1), "umpan rusak"),
        (b"", "umpan kosong"),
        (b"<rss>" + b" " * 6_000_000 + b"</rss>", "umpan terlalu besar"),
    ],
    ids=["truncated", "binary", "empty", "enormous"],
)
def test_a_bad_feed_is_reported_writes_nothing_and_the_others_go_on(body, problem):
    with serving({"/rusak": body, "/baik": GOOD_RSS}) as url:
        Source.objects.create(name="A Rusak", slug="a-rusak", feed_url=f"{url}/rusak")
        Source.objects.create(name="B Baik", slug="b-baik", feed_url=f"{url}/baik")
        _out, err = run("ingest_feeds")
    assert f"A Rusak: {problem}" in err
    assert list(Article.objects.values_list("source__slug", flat=True)) == ["b-baik"]
    assert Source.objects.get(slug="a-rusak").feed_status.startswith(problem)


def test_a_mis_encoded_feed_is_read_as_text(tmp_path):
    latin = GOOD_RSS.replace(b"Warga", b"Caf\xe9 dan warga")
    with serving({"/latin": latin}) as url:
        Source.objects.create(name="Latin", slug="latin", feed_url=f"{url}/latin")
        run("ingest_feeds")
    article = Article.objects.get()
    assert "Caf" in article.body


def test_a_feed_with_nul_characters_is_refused_or_stored_without_them():
    with serving({"/nul": NUL_RSS}) as url:
        Source.objects.create(name="Nul", slug="nul", feed_url=f"{url}/nul")
        _out, err = run("ingest_feeds")
    for article in Article.objects.all():
        assert "\x00" not in article.headline + article.body + article.summary
    assert Article.objects.exists() or "Nul: umpan rusak" in err
