from django.core.checks import Warning, register
from django.db import DatabaseError


@register()
def site_pages_complete(app_configs, **kwargs):
    """Warn while the Redaksi or Pedoman page is empty: Dewan Pers requires both."""
    from pages.models import SitePage

    try:
        pages = list(SitePage.objects.all())
    except DatabaseError:
        return []  # no tables yet (before migrate): nothing to say
    warnings = []
    present = {page.kind for page in pages}
    for kind in SitePage.Kind:
        if kind not in present:
            warnings.append(
                Warning(
                    f"Halaman '{kind.label}' belum ada.",
                    hint="Jalankan 'manage.py migrate'.",
                    id="pages.W001",
                )
            )
    for page in pages:
        if missing := page.missing():
            warnings.append(
                Warning(
                    f"Halaman '{page.get_kind_display()}' belum lengkap: {', '.join(missing)}.",
                    hint="Pemimpin redaksi melengkapinya di admin (Halaman situs).",
                    obj=page,
                    id="pages.W002",
                )
            )
    return warnings
