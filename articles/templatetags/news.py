"""The newsroom's date filters, for the admin's templates (and the public site's, see
infra/templating.py)."""

from django import template
from django.utils import timezone
from django.utils.dateformat import format as date_format

register = template.Library()


@register.filter
def tanggal(value):
    """'Kamis, 11 Mei 2025 14.30 WIB': day, date and time in the site's time zone."""
    if not value:
        return ""
    return date_format(timezone.localtime(value), "l, j F Y H.i T")


@register.filter
def tanggal_iso(value):
    """An ISO 8601 time with offset, for <time datetime> and structured data."""
    if not value:
        return ""
    return timezone.localtime(value).isoformat(timespec="seconds")


@register.filter
def jam(value):
    """'14.32 WIB': the time of day in the site's time zone (live coverage entries)."""
    if not value:
        return ""
    return date_format(timezone.localtime(value), "H.i T")
