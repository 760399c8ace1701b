"""The live desk: entries of a live coverage, newest first. Reporters write drafts;
editors (``live.publish_liveentry``) publish. A published entry changed shows readers
"diperbarui" with the time; entries go to the trash and back, never deleted at once."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from reversion.admin import VersionAdmin

from articles.admin import SafeAutocompleteAdmin
from blocks.admin import EDITOR_CATALOG
from live import services
from live.models import LiveEntry


class TrashFilter(admin.SimpleListFilter):
    title = _("tempat sampah")
    parameter_name = "sampah"

    def lookups(self, request, model_admin):
        return [("1", _("Di tempat sampah"))]

    def queryset(self, request, queryset):
        if self.value() == "1":
            return queryset.filter(trashed_at__isnull=False)
        return queryset.filter(trashed_at__isnull=True)


@admin.register(LiveEntry)
class LiveEntryAdmin(VersionAdmin, SafeAutocompleteAdmin):
    list_display = (
        "published_at",
        "__str__",
        "article",
        "status",
        "is_key_event",
        "is_pinned",
        "author",
        "corrected_at",
    )
    list_display_links = ("__str__",)
    list_filter = ("status", "is_key_event", TrashFilter, "article")
    search_fields = ("headline", "body", "article__headline")
    autocomplete_fields = ("article", "image")
    list_select_related = ("article", "author")
    actions = ("trash", "restore")

    class Media:
        css = {"all": ["css/admin.css"]}  # the body editor's embed and gallery blocks
        js = [EDITOR_CATALOG]

    fields = (
        "article",
        "headline",
        "body",
        "image",
        "is_key_event",
        "is_pinned",
        "status",
        "published_at",
        "author",
        "corrected_at",
    )

    def _may_publish(self, request) -> bool:
        return request.user.has_perm("live.publish_liveentry")

    def get_readonly_fields(self, request, obj=None):
        readonly = ["corrected_at", "author"]
        if not self._may_publish(request):
            readonly += ["status", "published_at"]
            if obj is not None and obj.status == LiveEntry.Status.PUBLISHED:
                readonly = list(self.fields)  # published: only editors change it
        return readonly

    def has_delete_permission(self, request, obj=None):
        return False  # to the trash (an action), as with stories

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        if "article" not in initial:
            latest = LiveEntry.objects.filter(author=request.user).order_by("-pk").first()
            if latest is not None:  # the coverage this reporter was writing
                initial["article"] = latest.article_id
        return initial

    def save_model(self, request, obj, form, change):
        before = LiveEntry.objects.get(pk=obj.pk) if change else None
        if not change:
            obj.author = request.user
        if not self._may_publish(request) and not change:
            obj.status = LiveEntry.Status.DRAFT
        services.save_entry(entry=obj, before=before)
        if obj.status == LiveEntry.Status.DRAFT and not self._may_publish(request):
            messages.info(request, _("Entri disimpan sebagai draf: redaktur menerbitkannya."))

    @admin.action(description=_("Buang ke tempat sampah"), permissions=["change"])
    def trash(self, request, queryset):
        if not self._may_publish(request):
            queryset = queryset.exclude(status=LiveEntry.Status.PUBLISHED)
        entries = list(queryset.filter(trashed_at__isnull=True))
        for entry in entries:
            services.trash_entry(entry=entry)
        self.message_user(
            request,
            ngettext(
                "%(count)d entri dibuang ke tempat sampah.",
                "%(count)d entri dibuang ke tempat sampah.",
                len(entries),
            )
            % {"count": len(entries)},
            messages.SUCCESS if entries else messages.WARNING,
        )

    @admin.action(description=_("Pulihkan dari tempat sampah"), permissions=["change"])
    def restore(self, request, queryset):
        entries = list(queryset.filter(trashed_at__isnull=False))
        for entry in entries:
            services.restore_entry(entry=entry)
        self.message_user(
            request,
            ngettext("%(count)d entri dipulihkan.", "%(count)d entri dipulihkan.", len(entries))
            % {"count": len(entries)},
            messages.SUCCESS if entries else messages.WARNING,
        )
