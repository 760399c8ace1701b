import reversion
from django.contrib import admin, messages
from django.contrib.admin.options import ActionLocation
from django.contrib.admin.views.main import ChangeList
from django.contrib.humanize.templatetags.humanize import intcomma
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import connections
from django.db.models import IntegerField, OuterRef, Q, Subquery, Sum
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.html import format_html, format_html_join, strip_tags
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from taggit.admin import TagAdmin as TaggitTagAdmin
from taggit.models import Tag

from accounts.admin import ForAdministrators
from articles import autosave, presence, revisions, services, workflow
from articles.forms import (
    ArticleAdminForm,
    KnownValuesAutocompleteSelect,
    KnownValuesAutocompleteSelectMultiple,
    TagAutocompleteWidget,
    TakedownForm,
)
from articles.models import (
    Article,
    ArticleEvent,
    ArticleViews,
    BreakingNews,
    Category,
    Correction,
    District,
    LegacyURL,
    Region,
    Source,
)
from articles.places import PlaceIndex
from articles.workflow import Step, WorkflowError
from blocks.admin import EDITOR_CATALOG
from images import services as image_services
from images.admin import SavesPhotosAdmin
from images.pictures import rendition_url
from images.renditions import RATIOS
from infra.middleware import is_key
from infra.pagecache import ReadersSeeChangesAdmin, invalidate_on_commit


def lifted_notice(lifted) -> str:
    """What the editor is told when the body's dateline or initials went to their fields."""
    parts = []
    if lifted.place:
        parts.append(_("dateline “%(place)s”") % {"place": lifted.place})
    if lifted.signoff:
        parts.append(_("inisial “(%(initials)s)”") % {"initials": lifted.signoff})
    return _(
        "%(parts)s dipindahkan dari isi berita ke kolomnya sendiri, agar tidak tercetak "
        "dua kali di halaman berita."
    ) % {"parts": _(" dan ").join(str(part) for part in parts).capitalize()}


class SafeAutocompleteAdmin(admin.ModelAdmin):
    """Autocomplete fields that show a refused form again instead of failing on its value."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.get_autocomplete_fields(request) and "widget" not in kwargs:
            kwargs["widget"] = KnownValuesAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name in self.get_autocomplete_fields(request) and "widget" not in kwargs:
            kwargs["widget"] = KnownValuesAutocompleteSelectMultiple(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class RegionFilter(admin.SimpleListFilter):
    """Filter articles by region: a province counts its regencies and cities in. Offered
    as a searchable field (every province, regency and city, typed to find), not a list
    of 38 provinces down the page."""

    title = _("wilayah")
    parameter_name = "wilayah"
    template = "admin/articles/article/region_filter.html"

    def lookups(self, request, model_admin):
        rows = Region.objects.order_by("code").values_list("code", "name", "province__name")
        return [
            (code, f"{name}, {province}" if province else name) for code, name, province in rows
        ]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(
                Q(region__code=self.value()) | Q(region__province__code=self.value())
            )
        return queryset


class TagFilter(admin.SimpleListFilter):
    title = _("tag")
    parameter_name = "tag"

    def lookups(self, request, model_admin):
        return [(tag.slug, tag.name) for tag in Tag.objects.order_by("name")[:100]]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(tags__slug=self.value())
        return queryset


class WorkflowFilter(admin.SimpleListFilter):
    """Where articles stand: my drafts, waiting for review, scheduled, trash, ...

    Without a choice the list shows everything except the trash.
    """

    title = _("alur kerja")
    parameter_name = "alur"

    def lookups(self, request, model_admin):
        return [
            ("mine", _("Draf saya")),
            ("review", _("Menunggu review")),
            ("scheduled", _("Terjadwal")),
            ("today", _("Terbit hari ini")),
            ("published", _("Terbit")),
            ("embargo", _("Di bawah embargo")),
            ("trash", _("Tempat sampah")),
            ("removed", _("Dicabut")),
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "trash":
            return queryset.filter(trashed_at__isnull=False)
        queryset = queryset.filter(trashed_at__isnull=True)
        if value == "mine":
            return queryset.filter(status=Article.Status.DRAFT, author=request.user)
        if value == "review":
            return queryset.filter(status=Article.Status.REVIEW)
        if value == "scheduled":
            return queryset & Article.objects.scheduled()
        if value == "today":
            return queryset & published_today()
        if value == "published":
            return queryset & Article.objects.published()
        if value == "embargo":
            return queryset.filter(embargo_ends_at__gt=timezone.now())
        if value == "removed":
            return queryset.filter(taken_down_at__isnull=False)
        return queryset


def published_today():
    """Stories published since midnight in the newsroom's time (WIB)."""
    midnight = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    return Article.objects.published().filter(published_at__gte=midnight)


# The desk's everyday views, as tabs over the list: (filter value, label). "Semua" is the
# list without a choice (everything but the trash).
DESK_TABS = (
    ("", _("Semua")),
    ("mine", _("Draf saya")),
    ("review", _("Menunggu review")),
    ("scheduled", _("Terjadwal")),
    ("today", _("Terbit hari ini")),
    ("trash", _("Tempat sampah")),
)
TAB_COUNT_SECONDS = 30


def desk_counts(user) -> dict[str, int]:
    """How many stories each tab holds: one indexed count each (never the whole table,
    so as cheap at a million stories as at a hundred), kept half a minute."""
    key = f"articles:desk-counts:{user.pk}"
    counts = cache.get(key)
    if counts is None:
        live = Article.objects.filter(trashed_at__isnull=True)
        counts = {
            "mine": live.filter(status=Article.Status.DRAFT, author=user).count(),
            "review": live.filter(status=Article.Status.REVIEW).count(),
            "scheduled": (live & Article.objects.scheduled()).count(),
            "today": (live & published_today()).count(),
            "trash": Article.objects.filter(trashed_at__isnull=False).count(),
        }
        cache.set(key, counts, TAB_COUNT_SECONDS)
    return counts


class ReadsCountedChangeList(ChangeList):
    """The article list with each story's reads (all hours), for the page's rows only."""

    def get_queryset(self, request, exclude_parameters=None):
        reads = (
            ArticleViews.objects.filter(article=OuterRef("pk"))
            .values("article")
            .annotate(total=Sum("views"))
            .values("total")
        )
        return (
            super()
            .get_queryset(request, exclude_parameters)
            .annotate(read_count=Subquery(reads, output_field=IntegerField()))
        )


class CorrectionInline(admin.TabularInline):
    """Corrections are added, never edited: a correction does not rewrite history."""

    model = Correction
    prefix = "corrections"  # the formset's default; named so a refused POST can be recognised
    fields = ("kind", "text", "published_at", "created_by")
    readonly_fields = ("published_at", "created_by")
    extra = 0
    verbose_name = _("ralat / koreksi / hak jawab")

    def has_add_permission(self, request, obj=None):
        return obj is not None and workflow.can_correct(request.user)

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class EstimatedCountPaginator(Paginator):
    """The admin list without counting a huge table row by row: past a few thousand rows
    PostgreSQL's own estimate is shown (as "sekitar"), below that the exact count."""

    EXACT_BELOW = 10_000

    @cached_property
    def count(self):
        queryset = self.object_list
        if connections[queryset.db].vendor != "postgresql":
            return super().count
        sql, params = queryset.query.sql_with_params()
        with connections[queryset.db].cursor() as cursor:
            cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
            estimate = cursor.fetchone()[0][0]["Plan"]["Plan Rows"]
        if estimate < self.EXACT_BELOW:
            return super().count
        return int(estimate)


def _row_or_404(queryset, pk):
    """The row with key ``pk`` (as the URL or query string gave it), or a 404 page."""
    if pk is None or not is_key(queryset.model._meta.pk, pk):
        raise Http404(_("Data yang diminta tidak ada."))
    return get_object_or_404(queryset, pk=pk)


STEP_LABELS = {
    Step.SUBMIT: _("Ajukan ke redaktur"),
    Step.RETURN: _("Kembalikan ke wartawan"),
    Step.PUBLISH: _("Terbitkan / jadwalkan"),
    Step.UNPUBLISH: _("Tarik dari situs"),
    Step.CONFIRM_MASKED: _("Identitas sudah disamarkan"),
}
STEP_DONE = {
    Step.SUBMIT: _("Artikel diajukan ke redaktur."),
    Step.RETURN: _("Artikel dikembalikan ke wartawan dengan catatan."),
    Step.PUBLISH: _("Artikel diterbitkan."),
    Step.UNPUBLISH: _("Artikel ditarik dari situs."),
    Step.CONFIRM_MASKED: _("Tercatat: identitas anak atau korban sudah disamarkan."),
}


def actions(steps, article, *, editable=True) -> dict:
    """The article screen's actions: one primary, labelled with what it does for this
    user and this story ("Kirim ke redaktur", "Terbitkan", "Jadwalkan Kamis 14.00 WIB",
    "Perbarui"), and the others, secondary, in one menu."""
    if not editable:
        return {"primary_action": None, "secondary_steps": []}
    public = article is not None and article.pk is not None and article.is_public
    primary = None
    if Step.PUBLISH in steps and not public:
        moment = article.published_at if article is not None else None
        if moment and moment > timezone.now():
            label = _("Jadwalkan %(when)s WIB") % {
                "when": date_format(timezone.localtime(moment), "l H.i")
            }
        else:
            label = _("Terbitkan")
        primary = {"name": "_workflow", "value": Step.PUBLISH.value, "label": label}
    elif Step.SUBMIT in steps:
        primary = {"name": "_workflow", "value": Step.SUBMIT.value, "label": _("Kirim ke redaktur")}
    elif public:
        primary = {"name": "_continue", "value": "1", "label": _("Perbarui")}
    others = [
        (step.value, STEP_LABELS[step])
        for step in steps
        if primary is None or step.value != primary["value"]
    ]
    return {"primary_action": primary, "secondary_steps": others}


@admin.register(Article)
class ArticleAdmin(SavesPhotosAdmin, SafeAutocompleteAdmin):
    form = ArticleAdminForm
    change_form_template = "admin/articles/article/change_form.html"
    object_history_template = "admin/articles/article/history.html"
    delete_confirmation_template = "admin/articles/article/trash_confirmation.html"
    # What the desk scans, in a 1366 px laptop's width: the source and the public link
    # are on the story's own screen.
    list_display = (
        "thumbnail",
        "headline_and_kind",
        "status_badge",
        "category",
        "region",
        "author",
        "published_when",
        "views",
    )
    list_display_links = ("headline_and_kind",)
    list_select_related = (
        "category",
        "region",
        "region__province",
        "source",
        "author",
        "lead_image",
    )
    list_filter = (
        WorkflowFilter,
        "kind",
        "category",
        RegionFilter,
        "source",
        TagFilter,
        ("published_at", admin.DateFieldListFilter),
        "is_top_story",
    )
    list_per_page = 50
    paginator = EstimatedCountPaginator
    show_full_result_count = False  # a second count of the whole table, on every page
    search_fields = ("headline", "summary", "body")
    date_hierarchy = "published_at"
    autocomplete_fields = ("category", "region", "source", "author", "lead_image")
    prepopulated_fields = {"slug": ("headline",)}
    actions = (
        "publish_selected",
        "unpublish_selected",
        "trash_selected",
        "restore_selected",
        "empty_trash_selected",
    )
    inlines = (CorrectionInline,)
    save_on_top = False  # the actions are in the side panel, one of them primary
    # The story first (the screen's left column); then, in the side panel, what decides
    # publication, in the order the desk decides it (templates/admin/articles/article/
    # change_form.html lays them out).
    fieldsets = (
        (
            None,
            {"fields": ("headline", "summary", "body", "lock_version", "keep_as_typed")},
        ),
        (
            _("Penerbitan"),
            {
                "fields": (
                    "status",
                    "published_at",
                    "embargo_ends_at",
                    "workflow_note",
                )
            },
        ),
        (_("Penempatan"), {"fields": ("category", "region", "tags", "kind")}),
        (_("Dateline dan penulis"), {"fields": ("dateline_place", "source", "author", "signoff")}),
        (
            _("Foto utama"),
            {
                "fields": (
                    "lead_image",
                    "lead_image_preview",
                    "lead_image_upload",
                    "lead_image_upload_alt",
                    "lead_image_upload_caption",
                    "lead_image_upload_credit",
                ),
                "description": _(
                    "Pilih foto dari pustaka, atau unggah foto baru: foto baru masuk pustaka "
                    "dan menjadi foto utama artikel ini."
                ),
            },
        ),
        (
            _("Perlindungan"),
            {"fields": ("has_vulnerable_subject",)},
        ),
        (
            _("Halaman depan"),
            {"fields": ("is_top_story", "top_story_ends_at", "is_pinned", "pin_ends_at")},
        ),
        (
            _("Liputan langsung"),
            {
                "fields": ("coverage_starts_at", "coverage_ends_at"),
                "description": _(
                    "Entri liputan ditulis di menu Liputan langsung, Entri liputan langsung."
                ),
            },
        ),
        (
            _("Lainnya"),
            {"fields": ("slug", "original_url", ("created_at", "updated_at"))},
        ),
    )

    # --- permissions: the rules live in articles.workflow ---------------------------------

    def has_change_permission(self, request, obj=None):
        return workflow.can_edit(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        return workflow.can_trash(request.user, obj)

    def has_publish_permission(self, request):
        return workflow.can_publish(request.user)

    def has_empty_trash_permission(self, request):
        return workflow.can_empty_trash(request.user)

    def get_readonly_fields(self, request, obj=None):
        fields = ["status", "created_at", "updated_at", "lead_image_preview"]
        if not workflow.can_publish(request.user):
            fields += [
                "published_at",
                "is_top_story",
                "top_story_ends_at",
                "is_pinned",
                "pin_ends_at",
                "author",
            ]
        return fields

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        model_fields = {field.name for field in Article._meta.get_fields()}
        locked = {
            name: Article._meta.get_field(name).verbose_name
            for name in self.get_readonly_fields(request, obj)
            if name in model_fields
        }
        if not workflow.can_correct(request.user):
            locked[CorrectionInline.prefix] = CorrectionInline.verbose_name
        return type(form.__name__, (form,), {"request": request, "locked": locked})

    def get_queryset(self, request):
        return super().get_queryset(request).defer("body")

    def changelist_view(self, request, extra_context=None):
        chosen = request.GET.get(WorkflowFilter.parameter_name, "")
        counts = desk_counts(request.user)
        tabs = [
            {
                "label": label,
                "count": counts.get(value),
                "current": value == chosen,
                "query": f"?{WorkflowFilter.parameter_name}={value}" if value else "?",
            }
            for value, label in DESK_TABS
        ]
        return super().changelist_view(request, {**(extra_context or {}), "desk_tabs": tabs})

    def get_changelist(self, request, **kwargs):
        return ReadsCountedChangeList

    @admin.display(description=_("Judul"), ordering="headline")
    def headline_and_kind(self, article):
        if not article.label:  # news: no label
            return article.headline
        return format_html(
            '{} <span class="nr-badge nr-badge--label">{}</span>', article.headline, article.label
        )

    @admin.display(description=_("Waktu terbit"), ordering="published_at")
    def published_when(self, article):
        if article.published_at is None:
            return "–"
        return date_format(timezone.localtime(article.published_at), "j M Y, H.i")

    @admin.display(description=_("Dibaca"), ordering="read_count")
    def views(self, article):
        return intcomma(article.read_count or 0)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        counters = {"headline": 110, "summary": 160}
        if db_field.name in counters:
            field = super().formfield_for_dbfield(db_field, request, **kwargs)
            field.widget.attrs["data-counter"] = counters[db_field.name]
            return field
        if db_field.name == "region":
            field = super().formfield_for_dbfield(db_field, request, **kwargs)
            field.widget.attrs["data-suggest-url"] = reverse(
                "admin:articles_article_region_suggestion"
            )
            return field
        if db_field.name == "tags":
            kwargs["widget"] = TagAutocompleteWidget(
                db_field, self.admin_site, url_name="admin:articles_article_tag_autocomplete"
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_actions(self, request, action_location=ActionLocation.CHANGE_LIST):
        actions = super().get_actions(request, action_location=action_location)
        actions.pop("delete_selected", None)  # deleting means trash: see trash_selected
        return actions

    def view_on_site(self, article):
        # Straight to the public URL (staff see a preview of unpublished articles there).
        return article.get_absolute_url()

    # --- saving: every save is a revision; workflow steps go through the services -------

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        return self.saving_photos(
            request, self._changeform_in_revision, object_id, form_url, extra_context
        )

    def _changeform_in_revision(self, request, object_id, form_url, extra_context):
        with reversion.create_revision():
            reversion.set_user(request.user)
            response = super().changeform_view(request, object_id, form_url, extra_context)
        # Only a change form actually shown marks its reader as present; a malformed or
        # missing id has already been answered (redirect with a message) by the admin.
        shown = (getattr(response, "context_data", None) or {}).get("original")
        if request.method == "GET" and shown is not None:
            presence.touch(shown.pk, request.user)
        return response

    def save_model(self, request, obj, form, change):
        if not change and not workflow.can_publish(request.user):
            obj.author = request.user
        upload = form.cleaned_data.get("lead_image_upload")
        if upload:
            obj.lead_image = image_services.store_upload(
                clean=upload,
                user=request.user,
                alt=form.cleaned_data["lead_image_upload_alt"],
                caption=form.cleaned_data["lead_image_upload_caption"],
                credit=form.cleaned_data["lead_image_upload_credit"],
            )
        services.save_article(article=obj, user=request.user, created=not change)
        autosave.forget(user=request.user, article=obj)
        if form.lifted:
            self.message_user(request, lifted_notice(form.lifted), messages.INFO)
        for note in form.embed_notes:
            self.message_user(
                request,
                _("Embed disimpan tanpa cuplikan: %(why)s") % {"why": note},
                messages.WARNING,
            )

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        step = request.POST.get("_workflow")
        if step:
            try:
                services.take_step(
                    article=form.instance,
                    user=request.user,
                    step=Step(step),
                    note=form.cleaned_data.get("workflow_note", ""),
                )
            except (WorkflowError, PermissionDenied) as error:
                self.message_user(request, str(error), messages.ERROR)
            else:
                self.message_user(request, STEP_DONE[Step(step)], messages.SUCCESS)

    def save_formset(self, request, form, formset, change):
        if formset.model is not Correction:
            return super().save_formset(request, form, formset, change)
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        for inline_form in formset.extra_forms:
            if inline_form.has_changed() and inline_form.cleaned_data:
                correction = services.add_correction(
                    article=form.instance,
                    user=request.user,
                    kind=inline_form.cleaned_data["kind"],
                    text=inline_form.cleaned_data["text"],
                )
                formset.new_objects.append(correction)
        return None

    def response_change(self, request, obj):
        if "_workflow" in request.POST:
            return redirect(reverse("admin:articles_article_change", args=[obj.pk]))
        return super().response_change(request, obj)

    def response_add(self, request, obj, post_url_continue=None):
        if "_workflow" in request.POST:
            return redirect(reverse("admin:articles_article_change", args=[obj.pk]))
        return super().response_add(request, obj, post_url_continue)

    # --- deleting moves to the trash ------------------------------------------------------

    def delete_model(self, request, obj):
        services.trash_article(article=obj, user=request.user)

    def delete_queryset(self, request, queryset):
        for article in queryset:
            services.trash_article(article=article, user=request.user)

    def get_deleted_objects(self, objs, request):
        # Nothing is deleted: the article and all that hangs on it goes to the trash intact.
        perms_needed = set()
        for obj in objs:
            if not workflow.can_trash(request.user, obj):
                perms_needed.add(str(Article._meta.verbose_name))
        return [str(obj) for obj in objs], {}, perms_needed, []

    def response_delete(self, request, obj_display, obj_id):
        self.message_user(
            request,
            _("“%(article)s” dipindahkan ke tempat sampah. Pulihkan dari filter Tempat sampah.")
            % {"article": obj_display},
            messages.SUCCESS,
        )
        return redirect(reverse("admin:articles_article_changelist"))

    # --- the change form's newsroom panels -------------------------------------------------

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context.update(self.newsroom_context(request, obj, context["adminform"].form))
        return super().render_change_form(request, context, add, change, form_url, obj)

    def newsroom_context(self, request, obj, form):
        user = request.user
        if obj is None or obj.pk is None:
            steps = [Step.SUBMIT] if not workflow.can_publish(user) else [Step.PUBLISH]
            return {
                "workflow_steps": [(s.value, STEP_LABELS[s]) for s in steps],
                **actions(steps, obj),
                "autosave_url": reverse("admin:articles_article_autosave_new"),
                "autosave_offer": autosave.offer(user=user, article=None)
                if request.method == "GET"
                else None,
            }
        events = obj.events.select_related("user")[:50]
        returned = next((e for e in events if e.action == ArticleEvent.Action.RETURNED), None)
        editable = workflow.can_edit(user, obj)
        steps = workflow.available_steps(user, obj) if editable else []
        return {
            "workflow_steps": [(s.value, STEP_LABELS[s]) for s in steps],
            **actions(steps, obj, editable=editable),
            "status_badge": self.status_badge(obj),
            "events": events,
            "return_note": returned if obj.status == Article.Status.DRAFT else None,
            "other_editors": presence.others(obj.pk, user),
            "presence_url": reverse("admin:articles_article_presence", args=[obj.pk]),
            "heartbeat_seconds": presence.HEARTBEAT_SECONDS,
            "preview_links": obj.preview_links.filter(
                revoked_at__isnull=True, expires_at__gt=timezone.now()
            ).select_related("created_by"),
            "can_take_down": workflow.can_take_down(user) and not obj.is_taken_down,
            "can_restore": obj.is_trashed and workflow.can_edit_any(user),
            "stale_article": form.stale,
            "autosave_url": reverse("admin:articles_article_autosave", args=[obj.pk])
            if editable
            else "",
            "autosave_offer": autosave.offer(user=user, article=obj)
            if editable and request.method == "GET"
            else None,
        }

    # --- extra admin views ------------------------------------------------------------------

    def get_urls(self):
        def view(func):
            return self.admin_site.admin_view(func)

        info = "articles_article"
        return [
            path("tag-autocomplete/", view(self.tag_autocomplete), name=f"{info}_tag_autocomplete"),
            path("saran-wilayah/", view(self.region_suggestion), name=f"{info}_region_suggestion"),
            path("<int:pk>/kehadiran/", view(self.presence_view), name=f"{info}_presence"),
            path("<int:pk>/ketikan/", view(self.autosave_view), name=f"{info}_autosave"),
            path("ketikan-baru/", view(self.autosave_view), name=f"{info}_autosave_new"),
            path("<int:pk>/bandingkan/", view(self.compare_view), name=f"{info}_compare"),
            path(
                "<int:pk>/pulihkan-versi/<int:version_id>/",
                view(self.restore_version_view),
                name=f"{info}_restore_version",
            ),
            path("<int:pk>/pulihkan/", view(self.restore_view), name=f"{info}_restore"),
            path("<int:pk>/takedown/", view(self.takedown_view), name=f"{info}_takedown"),
            path("<int:pk>/pratinjau/", view(self.preview_link_view), name=f"{info}_preview_link"),
            path(
                "<int:pk>/pratinjau/<int:link_id>/cabut/",
                view(self.revoke_preview_link_view),
                name=f"{info}_revoke_preview_link",
            ),
            *super().get_urls(),
        ]

    def _article_or_404(self, request, pk, *, edit=False):
        article = _row_or_404(self.get_queryset(request), pk)
        allowed = (
            self.has_change_permission(request, article)
            if edit
            else self.has_view_or_change_permission(request, article)
        )
        if not allowed:
            raise PermissionDenied
        return article

    def tag_autocomplete(self, request):
        """Tag names for the tags field: those starting with the term first."""
        if not self.has_change_permission(request) and not self.has_add_permission(request):
            return JsonResponse({"error": "forbidden"}, status=403)
        term = request.GET.get("term", "").strip()[:100]
        tags = Tag.objects.order_by("name")
        if term:
            starting = list(tags.filter(name__istartswith=term).values_list("name", flat=True)[:20])
            containing = tags.filter(name__icontains=term).exclude(name__in=starting)
            names = starting + list(containing.values_list("name", flat=True)[: 20 - len(starting)])
        else:
            names = list(tags.values_list("name", flat=True)[:20])
        results = [{"id": name, "text": name} for name in names]
        return JsonResponse({"results": results, "pagination": {"more": False}})

    def region_suggestion(self, request):
        """Which region the dateline and text point to, for the button beside the field."""
        if not (self.has_add_permission(request) or self.has_change_permission(request)):
            return JsonResponse({"error": "forbidden"}, status=403)
        text = strip_tags(request.POST.get("text") or request.GET.get("text", ""))[:20_000]
        dateline = (request.POST.get("dateline") or request.GET.get("dateline", ""))[:60]
        suggestion = PlaceIndex.cached().suggest(dateline=dateline, text=text)
        region = suggestion.region
        return JsonResponse(
            {
                "id": region.pk if region else None,
                "text": str(region) if region else "",
                "ambiguous": suggestion.ambiguous,
                "reason": suggestion.reason,
                "candidates": [str(r) for r in suggestion.candidates[:5]],
            }
        )

    @method_decorator(require_POST)
    def autosave_view(self, request, pk=None):
        """Keep what the editor has typed (the article screen sends it as they type)."""
        if pk is None:
            if not self.has_add_permission(request):
                raise PermissionDenied
            article = None
        else:
            article = self._article_or_404(request, pk, edit=True)
            if not workflow.can_edit(request.user, article):
                raise PermissionDenied
        base = request.POST.get("lock_version", "")
        try:
            kept = autosave.keep(
                user=request.user,
                article=article,
                data=request.POST,
                base_version=int(base) if base.isdigit() else None,
            )
        except autosave.Refused as error:
            return JsonResponse(
                {"error": _("Terlalu panjang untuk disimpan otomatis: %s") % error}, status=400
            )
        return JsonResponse({"saved_at": date_format(timezone.localtime(kept.saved_at), "H.i")})

    def presence_view(self, request, pk):
        """Heartbeat of an open change form: answers who else is editing."""
        article = self._article_or_404(request, pk)
        if request.method == "POST" and request.POST.get("leave"):
            presence.leave(article.pk, request.user)
            return JsonResponse({"others": []})
        presence.touch(article.pk, request.user)
        names = [info["name"] for info in presence.others(article.pk, request.user)]
        return JsonResponse({"others": names, "lock_version": article.lock_version})

    def history_view(self, request, object_id, extra_context=None):
        article = self._article_or_404(request, object_id)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": article,
            "title": _("Riwayat: %s") % article,
            "versions": revisions.versions_for(article)[:200],
            "events": article.events.select_related("user")[:200],
            "can_restore": self.has_change_permission(request, article),
        }
        return TemplateResponse(request, self.object_history_template, context)

    def compare_view(self, request, pk):
        article = self._article_or_404(request, pk)
        versions = revisions.versions_for(article)
        older = _row_or_404(versions, request.GET.get("dari"))
        newer = _row_or_404(versions, request.GET.get("ke"))
        if older.revision.date_created > newer.revision.date_created:
            older, newer = newer, older
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": article,
            "title": _("Perbandingan versi: %s") % article,
            "older": older,
            "newer": newer,
            "rows": revisions.diff(older, newer),
            "can_restore": self.has_change_permission(request, article),
        }
        return TemplateResponse(request, "admin/articles/article/compare.html", context)

    @method_decorator(require_POST)
    def restore_version_view(self, request, pk, version_id):
        article = self._article_or_404(request, pk, edit=True)
        version = _row_or_404(revisions.versions_for(article), version_id)
        services.restore_revision(article=article, version=version, user=request.user)
        self.message_user(request, _("Versi lama dipulihkan sebagai versi baru."), messages.SUCCESS)
        return redirect(reverse("admin:articles_article_change", args=[article.pk]))

    @method_decorator(require_POST)
    def restore_view(self, request, pk):
        article = _row_or_404(Article.objects.all(), pk)
        try:
            services.restore_from_trash(article=article, user=request.user)
        except WorkflowError as error:
            self.message_user(request, str(error), messages.ERROR)
        else:
            self.message_user(
                request, _("Artikel dipulihkan dari tempat sampah."), messages.SUCCESS
            )
        return redirect(reverse("admin:articles_article_change", args=[article.pk]))

    def takedown_view(self, request, pk):
        article = self._article_or_404(request, pk)
        if not workflow.can_take_down(request.user):
            raise PermissionDenied
        form = TakedownForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                services.take_down_article(
                    article=article,
                    user=request.user,
                    reason=form.cleaned_data["reason"],
                    note=form.cleaned_data["note"],
                )
            except WorkflowError as error:
                form.add_error(None, str(error))
            else:
                self.message_user(
                    request,
                    _("Berita dicabut. Alamatnya kini menampilkan catatan pencabutan (410)."),
                    messages.SUCCESS,
                )
                return redirect(reverse("admin:articles_article_change", args=[article.pk]))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": article,
            "title": _("Cabut berita: %s") % article,
            "form": form,
        }
        return TemplateResponse(request, "admin/articles/article/takedown.html", context)

    @method_decorator(require_POST)
    def preview_link_view(self, request, pk):
        article = self._article_or_404(request, pk)
        link = services.create_preview_link(article=article, user=request.user)
        self.message_user(
            request,
            _("Tautan pratinjau dibuat, berlaku 48 jam: %(url)s")
            % {"url": request.build_absolute_uri(link.get_absolute_url())},
            messages.SUCCESS,
        )
        return redirect(reverse("admin:articles_article_change", args=[article.pk]))

    @method_decorator(require_POST)
    def revoke_preview_link_view(self, request, pk, link_id):
        article = self._article_or_404(request, pk)
        link = _row_or_404(article.preview_links.all(), link_id)
        services.revoke_preview_link(link=link, user=request.user)
        self.message_user(request, _("Tautan pratinjau dicabut."), messages.SUCCESS)
        return redirect(reverse("admin:articles_article_change", args=[article.pk]))

    # --- list columns -------------------------------------------------------------------------

    @admin.display(description=_("Foto"))
    def thumbnail(self, article):
        if not article.lead_image_id:
            return ""
        return format_html(
            '<img src="{}" alt="" width="64" height="36" loading="lazy" class="nr-thumb">',
            rendition_url(article.lead_image, "16x9", 320),
        )

    @admin.display(description=_("Foto utama saat ini"))
    def lead_image_preview(self, article):
        image = article.lead_image
        if image is None:
            return _("Belum ada foto.")
        # The other crops readers get (lists, share cards), small, beside the main one.
        crops = format_html_join(
            "",
            '<figure class="nr-crop-thumb"><img src="{}" alt="" width="96">'
            "<figcaption>{}</figcaption></figure>",
            (
                (rendition_url(image, ratio, 320), ratio.replace("x", ":"))
                for ratio in RATIOS
                if ratio != "16x9"
            ),
        )
        return format_html(
            '<figure class="nr-lead-preview"><img src="{}" alt="{}" width="320">'
            '<figcaption>{} <strong>{}</strong> · <a href="{}">{}</a></figcaption></figure>'
            '<div class="nr-crop-thumbs">{}</div>',
            rendition_url(image, "16x9", 320),
            image.alt,
            image.caption,
            image.credit or _("(kredit belum diisi)"),
            image.get_absolute_url(),
            _("ubah di pustaka"),
            crops,
        )

    @admin.display(description=_("Status"), ordering="status")
    def status_badge(self, article):
        labels = {
            "scheduled": _("Terjadwal"),
            "trash": _("Tempat sampah"),
            "removed": _("Dicabut"),
        }
        state = article.workflow_state
        label = labels.get(state) or article.get_status_display()
        badges = [format_html('<span class="nr-badge nr-badge--{}">{}</span>', state, label)]
        if article.is_under_embargo:
            badges.append(
                format_html('<span class="nr-badge nr-badge--embargo">{}</span>', _("Embargo"))
            )
        if article.needs_identity_check:
            badges.append(
                format_html(
                    '<span class="nr-badge nr-badge--warning">{}</span>', _("Cek identitas")
                )
            )
        return format_html_join(" ", "{}", ((badge,) for badge in badges))

    @admin.display(description=_("Situs"))
    def public_link(self, article):
        label = _("Lihat di situs") if article.is_public else _("Pratinjau")
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">{}</a>', article.get_absolute_url(), label
        )

    # --- bulk actions: the same services as the buttons ---------------------------------------

    def _each(self, request, queryset, service, done_message):
        done, refused = 0, []
        for article in queryset:
            try:
                service(article=article, user=request.user)
            except (WorkflowError, PermissionDenied) as error:
                refused.append(f"{article}: {error}")
            else:
                done += 1
        if done:
            self.message_user(request, done_message % {"count": done}, messages.SUCCESS)
        for reason in refused:
            self.message_user(request, reason, messages.ERROR)

    @admin.action(description=_("Terbitkan artikel terpilih"), permissions=["publish"])
    def publish_selected(self, request, queryset):
        self._each(
            request,
            queryset.exclude(status=Article.Status.PUBLISHED),
            services.publish_article,
            _("%(count)d artikel diterbitkan atau dijadwalkan."),
        )

    @admin.action(description=_("Tarik artikel terpilih dari situs"), permissions=["publish"])
    def unpublish_selected(self, request, queryset):
        self._each(
            request,
            queryset.filter(status=Article.Status.PUBLISHED),
            services.unpublish_article,
            _("%(count)d artikel ditarik."),
        )

    @admin.action(description=_("Buang artikel terpilih ke tempat sampah"), permissions=["delete"])
    def trash_selected(self, request, queryset):
        self._each(
            request,
            queryset.filter(trashed_at__isnull=True),
            services.trash_article,
            _("%(count)d artikel dipindahkan ke tempat sampah."),
        )

    @admin.action(
        description=_("Pulihkan artikel terpilih dari tempat sampah"), permissions=["publish"]
    )
    def restore_selected(self, request, queryset):
        self._each(
            request,
            queryset.filter(trashed_at__isnull=False),
            services.restore_from_trash,
            _("%(count)d artikel dipulihkan."),
        )

    @admin.action(
        description=_("Hapus permanen artikel terpilih dari tempat sampah"),
        permissions=["empty_trash"],
    )
    def empty_trash_selected(self, request, queryset):
        count = services.empty_trash(articles=list(queryset), user=request.user)
        self.message_user(
            request, _("%(count)d artikel dihapus permanen.") % {"count": count}, messages.SUCCESS
        )

    class Media:
        css = {"all": ["css/admin.css"]}
        js = [EDITOR_CATALOG, "js/admin-article.js"]


@admin.register(Category)
class CategoryAdmin(ReadersSeeChangesAdmin, admin.ModelAdmin):
    list_display = ("name", "slug", "position")
    list_editable = ("position",)
    search_fields = ("name", "description")
    prepopulated_fields = {"slug": ("name",)}


class DistrictInline(admin.TabularInline):
    model = District
    fields = ("code", "name")
    readonly_fields = ("code", "name")
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Region)
class RegionAdmin(ReadersSeeChangesAdmin, admin.ModelAdmin):
    list_display = ("indented_name", "code", "level", "province")
    list_select_related = ("province",)
    list_filter = ("level", ("province", admin.RelatedOnlyFieldListFilter))
    search_fields = ("name", "code", "province__name")
    readonly_fields = ("code",)
    fields = ("code", "name", "slug", "level", "province")
    inlines = (DistrictInline,)
    list_per_page = 100

    @admin.display(description=_("nama"), ordering="code")
    def indented_name(self, region):
        if region.province_id:
            return format_html("<span class='nr-indent'>— {}</span>", region.name)
        return format_html("<strong>{}</strong>", region.name)

    def has_delete_permission(self, request, obj=None):
        # Official areas are managed by the load_regions command, not deleted by hand.
        return False

    class Media:
        css = {"all": ["css/admin.css"]}


@admin.register(Source)
class SourceAdmin(ReadersSeeChangesAdmin, admin.ModelAdmin):
    # What stories show of their source (name, link, dateline, syndication and feed
    # attribution); how and when its feed is fetched is the desk's business.
    fields_readers_see = (
        "name",
        "slug",
        "kind",
        "homepage_url",
        "dateline_label",
        "syndication",
        "attribution",
    )

    list_display = ("name", "kind", "dateline_label", "syndication", "feed_url", "feed_status")
    list_filter = ("kind", "syndication", "is_feed_published_directly")
    readonly_fields = ("feed_checked_at", "feed_status")
    fieldsets = (
        (None, {"fields": ("name", "slug", "kind", "homepage_url", "dateline_label")}),
        (_("Sindikasi"), {"fields": ("syndication",)}),
        (
            _("Umpan"),
            {
                "fields": (
                    "feed_url",
                    "is_feed_published_directly",
                    "attribution",
                    "feed_checked_at",
                    "feed_status",
                ),
                "description": _("Diambil berkala oleh pekerja latar (manage.py run_worker)."),
            },
        ),
    )
    search_fields = ("name", "dateline_label")
    prepopulated_fields = {"slug": ("name",)}


@admin.register(BreakingNews)
class BreakingNewsAdmin(ReadersSeeChangesAdmin, SafeAutocompleteAdmin):
    """The ribbon on the front page; it disappears by itself at its expiry."""

    list_display = ("text", "article", "expires_at", "is_active", "created_by")
    list_select_related = ("article", "created_by")
    autocomplete_fields = ("article",)
    search_fields = ("text",)

    @admin.display(description=_("Tampil"), boolean=True)
    def is_active(self, ribbon):
        return ribbon.expires_at > timezone.now()

    def get_list_display(self, request):
        shown = super().get_list_display(request)
        if request.user.has_perm("push.add_pushsend"):
            shown = (*shown, "push_link")
        return shown

    @admin.display(description=_("Notifikasi"))
    def push_link(self, ribbon):
        """The ribbon's story as a breaking-news alert, in one step (push/)."""
        if not ribbon.article_id or not ribbon.article.is_public:
            return "—"
        return format_html(
            '<a href="{}?article={}&amp;topic=breaking">{}</a>',
            reverse("admin:push_pushsend_add"),
            ribbon.article_id,
            _("Kirim notifikasi"),
        )

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(LegacyURL)
class LegacyURLAdmin(ForAdministrators, ReadersSeeChangesAdmin, SafeAutocompleteAdmin):
    """Old addresses (WordPress) and where they now lead."""

    list_display = ("old_path", "article", "category", "tag")
    list_select_related = ("article", "category", "tag")
    search_fields = ("old_path", "article__headline")
    autocomplete_fields = ("article", "category")
    raw_id_fields = ("tag",)


admin.site.unregister(Tag)


@admin.register(Tag)
class TagAdmin(ReadersSeeChangesAdmin, TaggitTagAdmin):
    """django-taggit's tag admin; a renamed or merged tag changes its public pages."""

    fields_readers_see = ("name", "slug")

    def has_module_permission(self, request):
        # Reporters add tags while writing; tidying them (rename, merge) is the desk's.
        return request.user.is_active and request.user.has_perm("taggit.change_tag")

    readers_see_new_rows = False

    def merge_tags_view(self, request):
        response = super().merge_tags_view(request)
        if request.method == "POST" and response.status_code == 302:
            invalidate_on_commit()
        return response
