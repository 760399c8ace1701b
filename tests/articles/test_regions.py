from io import StringIO

import pytest
from django.core.management import call_command

from articles.models import District, Region
from tests.factories import region

pytestmark = pytest.mark.django_db


def test_official_regions_are_loaded_with_levels_and_parents():
    assert Region.objects.provinces().count() == 38
    assert Region.objects.exclude(level=Region.Level.PROVINCE).count() == 514
    assert District.objects.count() == 7285
    kabupaten, kota = region("36.04"), region("36.73")
    assert (kabupaten.name, kabupaten.level, kabupaten.province.code) == (
        "Kabupaten Serang",
        Region.Level.REGENCY,
        "36",
    )
    assert (kota.name, kota.level, kota.slug) == ("Kota Serang", Region.Level.CITY, "kota-serang")
    assert District.objects.get(name="Kragilan").regency == kabupaten


def test_loading_regions_again_changes_nothing():
    before = Region.objects.count()
    out = StringIO()
    call_command("load_regions", stdout=out)
    assert "0 baru, 0 diperbarui, 7837 tetap" in out.getvalue()
    assert Region.objects.count() == before


def test_loading_regions_repairs_a_changed_name():
    Region.objects.filter(code="36.73").update(name="Kota Serang Lama")
    out = StringIO()
    call_command("load_regions", stdout=out)
    assert "0 baru, 1 diperbarui" in out.getvalue()
    assert region("36.73").name == "Kota Serang"


def test_region_data_ships_with_its_licence_and_attribution():
    from articles.services import REGION_DATA_DIR

    assert "Open Database License" in (REGION_DATA_DIR / "LICENSE-ODbL.md").read_text()
    assert "idn-area-data" in (REGION_DATA_DIR / "README.md").read_text()
