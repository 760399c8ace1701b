from datetime import UTC, datetime

from django.utils import translation

from articles.templatetags.news import tanggal, tanggal_iso

THURSDAY_AFTERNOON = datetime(2025, 5, 15, 7, 30, tzinfo=UTC)  # 14.30 in Jakarta


def test_dates_read_in_indonesian_with_jakarta_time():
    with translation.override("id"):
        assert tanggal(THURSDAY_AFTERNOON) == "Kamis, 15 Mei 2025 14.30 WIB"


def test_dates_read_in_english_when_english_is_chosen():
    with translation.override("en"):
        assert tanggal(THURSDAY_AFTERNOON) == "Thursday, 15 May 2025 14.30 WIB"


def test_machine_dates_carry_the_offset():
    assert tanggal_iso(THURSDAY_AFTERNOON) == "2025-05-15T14:30:00+07:00"


def test_missing_dates_render_empty():
    assert tanggal(None) == "" and tanggal_iso(None) == ""
