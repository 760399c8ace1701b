"""Partners' API keys in the admin: issued (the key shown once), limited, revoked."""

from datetime import timedelta

from django.contrib import admin, messages
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext

from api import keys
from api.models import ApiKey, ApiKeyUsage


class UsageInline(admin.TabularInline):
    model = ApiKeyUsage
    fields = ("day", "requests")
    readonly_fields = fields
    extra = 0
    max_num = 0
    can_delete = False
    verbose_name_plural = _("pemakaian 30 hari terakhir")

    def get_queryset(self, request):
        since = timezone.localdate() - timedelta(days=30)
        return super().get_queryset(request).filter(day__gte=since)


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    list_display = ("name", "prefix", "status", "requests_per_minute", "used_7_days", "created_at")
    list_filter = (("revoked_at", admin.EmptyFieldListFilter),)
    search_fields = ("name", "contact", "prefix")
    fields = (
        "name",
        "contact",
        "requests_per_minute",
        "prefix",
        "created_at",
        "created_by",
        "revoked_at",
        "revoked_by",
    )
    readonly_fields = ("prefix", "created_at", "created_by", "revoked_at", "revoked_by")
    inlines = [UsageInline]
    actions = ["revoke_selected"]

    def get_queryset(self, request):
        since = timezone.localdate() - timedelta(days=6)
        return (
            super()
            .get_queryset(request)
            .annotate(week=Sum("usage__requests", filter=Q(usage__day__gte=since)))
        )

    @admin.display(description=_("status"))
    def status(self, obj):
        return _("Aktif") if obj.is_active else pgettext("kunci API", "Dicabut")

    @admin.display(description=_("permintaan 7 hari"), ordering="week")
    def used_7_days(self, obj):
        return obj.week or 0

    def has_delete_permission(self, request, obj=None):
        return False  # revoked, not deleted: its usage stays on record

    def save_model(self, request, obj, form, change):
        if not change:
            secret = obj.issue()
            obj.created_by = request.user
            super().save_model(request, obj, form, change)
            messages.warning(
                request,
                _(
                    "Kunci API untuk %(name)s: %(key)s — salin sekarang dan kirim ke mitra "
                    "dengan aman. Kunci ini tidak akan ditampilkan lagi."
                )
                % {"name": obj.name, "key": secret},
            )
            return
        super().save_model(request, obj, form, change)
        keys.forget(obj)  # a new limit applies at once

    @admin.action(description=_("Cabut kunci terpilih"), permissions=["change"])
    def revoke_selected(self, request, queryset):
        revoked = 0
        for api_key in queryset.filter(revoked_at__isnull=True):
            api_key.revoked_at, api_key.revoked_by = timezone.now(), request.user
            api_key.save(update_fields=["revoked_at", "revoked_by"])
            keys.forget(api_key)
            revoked += 1
        if revoked:
            self.message_user(
                request,
                ngettext(
                    "%(count)d kunci dicabut: permintaannya ditolak mulai sekarang.",
                    "%(count)d kunci dicabut: permintaannya ditolak mulai sekarang.",
                    revoked,
                )
                % {"count": revoked},
                messages.SUCCESS,
            )
        else:
            self.message_user(
                request, _("Kunci terpilih sudah dicabut sebelumnya."), messages.WARNING
            )
