from django.contrib import admin, messages
from django.db.models import Q
from django.http import JsonResponse
from django.urls import path
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from taggit.models import Tag

from articles.forms import TagAutocompleteWidget
from articles.models import Article, Category, District, Region, Source


class ProvinceFilter(admin.SimpleListFilter):
    """Filter articles by province, counting its regencies and cities in."""

    title = _("provinsi")
    parameter_name = "provinsi"

    def lookups(self, request, model_admin):
        # Only provinces that have articles, so the list stays short.
        provinces = Region.objects.provinces().filter(
            Q(articles__isnull=False) | Q(regencies__articles__isnull=False)
        )
        return [(region.code, region.name) for region in provinces.distinct().order_by("code")]

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


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = (
        "thumbnail",
        "headline",
        "status_badge",
        "category",
        "region",
        "source",
        "author",
        "published_at",
        "public_link",
    )
    list_display_links = ("headline",)
    list_select_related = ("category", "region", "region__province", "source", "author")
    list_filter = (
        "status",
        "category",
        ProvinceFilter,
        "source",
        TagFilter,
        ("published_at", admin.DateFieldListFilter),
        "is_top_story",
    )
    list_per_page = 50
    search_fields = ("headline", "summary", "body")
    date_hierarchy = "published_at"
    autocomplete_fields = ("category", "region", "source", "author")
    prepopulated_fields = {"slug": ("headline",)}
    actions = ("publish_selected", "unpublish_selected")
    readonly_fields = ("created_at", "updated_at", "lead_image_preview")
    save_on_top = True
    fieldsets = (
        (None, {"fields": ("headline", "slug", "summary", "body")}),
        (
            _("Dateline dan penulis"),
            {"fields": (("dateline_place", "source"), ("author", "signoff"))},
        ),
        (_("Penempatan"), {"fields": ("category", "region", "tags", "is_top_story")}),
        (_("Penerbitan"), {"fields": ("status", "published_at", ("created_at", "updated_at"))}),
        (
            _("Foto utama"),
            {
                "fields": (
                    "lead_image",
                    "lead_image_preview",
                    "lead_image_alt",
                    "lead_image_caption",
                    "lead_image_credit",
                )
            },
        ),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).defer("body")

    def get_urls(self):
        tags = path(
            "tag-autocomplete/",
            self.admin_site.admin_view(self.tag_autocomplete),
            name="articles_article_tag_autocomplete",
        )
        return [tags, *super().get_urls()]

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

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "tags":
            kwargs["widget"] = TagAutocompleteWidget(
                db_field, self.admin_site, url_name="admin:articles_article_tag_autocomplete"
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def view_on_site(self, article):
        # Straight to the public URL (staff see a preview of unpublished articles there).
        return article.get_absolute_url()

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        initial.setdefault("author", request.user.pk)
        initial.setdefault("signoff", getattr(request.user, "initials", ""))
        return initial

    @admin.display(description=_("Foto"))
    def thumbnail(self, article):
        if not article.lead_image:
            return ""
        return format_html(
            '<img src="{}" alt="" width="64" height="40" loading="lazy" class="nr-thumb">',
            article.lead_image.url,
        )

    @admin.display(description=_("Foto utama saat ini"))
    def lead_image_preview(self, article):
        if not article.lead_image:
            return _("Belum ada foto.")
        return format_html(
            '<img src="{}" alt="{}" style="max-width:320px;height:auto">',
            article.lead_image.url,
            article.lead_image_alt,
        )

    @admin.display(description=_("Status"), ordering="status")
    def status_badge(self, article):
        if article.is_scheduled:
            key, label = "scheduled", _("Terjadwal")
        else:
            key, label = article.status, article.get_status_display()
        return format_html('<span class="nr-badge nr-badge--{}">{}</span>', key, label)

    @admin.display(description=_("Situs"))
    def public_link(self, article):
        label = _("Lihat") if article.is_public else _("Pratinjau")
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">{}</a>', article.get_absolute_url(), label
        )

    @admin.action(description=_("Terbitkan artikel terpilih"), permissions=["change"])
    def publish_selected(self, request, queryset):
        count = 0
        for article in queryset.exclude(status=Article.Status.PUBLISHED):
            article.status = Article.Status.PUBLISHED
            article.published_at = article.published_at or timezone.now()
            article.save(update_fields=["status", "published_at", "updated_at"])
            count += 1
        self.message_user(
            request,
            ngettext("%d artikel diterbitkan.", "%d artikel diterbitkan.", count) % count,
            messages.SUCCESS,
        )

    @admin.action(description=_("Tarik artikel terpilih menjadi draf"), permissions=["change"])
    def unpublish_selected(self, request, queryset):
        count = queryset.filter(status=Article.Status.PUBLISHED).update(
            status=Article.Status.DRAFT, updated_at=timezone.now()
        )
        self.message_user(
            request,
            ngettext("%d artikel ditarik.", "%d artikel ditarik.", count) % count,
            messages.SUCCESS,
        )

    class Media:
        css = {"all": ["css/admin.css"]}


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
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
class RegionAdmin(admin.ModelAdmin):
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
class SourceAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "dateline_label", "homepage_url")
    list_filter = ("kind",)
    search_fields = ("name", "dateline_label")
    prepopulated_fields = {"slug": ("name",)}
