from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from infra.pagecache import ReadersSeeChangesAdmin
from pages.models import SitePage


@admin.register(SitePage)
class SitePageAdmin(ReadersSeeChangesAdmin, admin.ModelAdmin):
    """The two required pages exist from the start; they are edited, never added or deleted."""

    list_display = ("title", "kind", "completeness", "updated_at", "updated_by")
    list_select_related = ("updated_by",)
    readonly_fields = ("kind", "updated_at", "updated_by")

    def get_fieldsets(self, request, obj=None):
        if obj and obj.kind == SitePage.Kind.REDAKSI:
            return (
                (None, {"fields": ("kind", "title")}),
                (
                    _("Kotak redaksi"),
                    {
                        "fields": (
                            "company_name",
                            "address",
                            "contact",
                            "person_in_charge",
                            "editorial_staff",
                        )
                    },
                ),
                (_("Keterangan tambahan"), {"fields": ("body", "updated_at", "updated_by")}),
            )
        return ((None, {"fields": ("kind", "title", "body", "updated_at", "updated_by")}),)

    @admin.display(description=_("Kelengkapan"))
    def completeness(self, page):
        missing = page.missing()
        return _("Lengkap") if not missing else _("Belum diisi: %s") % ", ".join(missing)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)
