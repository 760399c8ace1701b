import pytest

from articles.places import PlaceIndex

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def places(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        return PlaceIndex.load()


def suggest(places, dateline="", text=""):
    return places.suggest(dateline=dateline, text=text)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("DPMD Provinsi Banten Dorong Peningkatan Kapasitas Kader Posyandu", "36"),
        ("Pamitan Tanpa Air Mata, Danrem 064/MY Tinggalkan Kenangan dengan Senyum", "36"),
        ("PWI Kota Tangsel Jalin Sinergi dengan Satpol PP", "36.74"),
        ("Peringati Maulid Nabi Muhammad SAW, Pemkab Serang Gelar Istighosah", "36.04"),
        ("Danrem 064/MY dan Ulama Banten Sepakat Perkuat Sinergi", "36"),
    ],
)
def test_seed_headlines_are_placed(places, text, code):
    suggestion = suggest(places, text=text)
    assert suggestion.region.code == code and not suggestion.ambiguous


def test_a_district_in_the_body_decides_between_kabupaten_and_kota(places):
    suggestion = suggest(places, "SERANG", "Acara di Desa Kramat jati kecamatan Kragilan, Kamis.")
    assert suggestion.region.code == "36.04"
    assert {r.code for r in suggestion.candidates} >= {"36.04", "36.73"}


def test_pemkot_points_to_the_city(places):
    assert suggest(places, "SERANG", "Pemkot Serang menggelar rapat.").region.code == "36.73"
    assert suggest(places, "SERANG", "Wali Kota Serang hadir.").region.code == "36.73"


def test_an_undecided_dateline_is_ambiguous_and_falls_back_to_the_province(places):
    suggestion = suggest(places, "SERANG", "Rapat koordinasi digelar.")
    assert suggestion.ambiguous
    assert suggestion.region.code == "36"
    assert "ambigu" in suggestion.reason


@pytest.mark.parametrize(
    ("dateline", "text", "code"),
    [
        ("TANGSEL", "", "36.74"),
        ("JAKARTA", "Warga Jaksel antre.", "31.74"),
        ("JAKARTA", "", "31"),
        ("KAB. SERANG", "", "36.04"),
        ("CILEGON", "", "36.72"),
        ("KRAGILAN", "", "36.04"),
    ],
)
def test_datelines_short_forms_and_explicit_levels(places, dateline, text, code):
    assert suggest(places, dateline, text).region.code == code


def test_an_unknown_dateline_without_clues_suggests_nothing(places):
    suggestion = suggest(places, "ANTAH BERANTAH", "Tidak ada nama tempat.")
    assert suggestion.region is None
    assert "tidak dikenal" in suggestion.reason


def test_an_unknown_dateline_uses_the_text(places):
    suggestion = suggest(places, "ANTAH", "Pemkab Lebak membuka jalan.")
    assert suggestion.region.code == "36.02"
