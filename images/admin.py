from django.contrib import admin
from django.core.files.storage import default_storage
from django.db.models import Count
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from images import services
from images.forms import ImageAdminForm
from images.models import Image
from images.pictures import rendition_url
from infra.errors import unsaved
from infra.pagecache import ReadersSeeChangesAdmin


class SavesPhotosAdmin:
    """A ``ModelAdmin`` mixin for forms that upload photos: nothing is half-stored. Run
    the change form through ``saving_photos`` (outside any revision or transaction of
    the save): a file the save stored is removed again if the save then fails; a
    storage that refuses the file mid-save rolls the whole save back and tells the
    editor, with the text they sent (``infra.errors.unsaved``). (The upload field itself
    refuses a photo when the storage does not answer: ``images.forms.ImageUploadField``.)"""

    def saving_photos(self, request, view, *args, **kwargs):
        try:
            with services.files_kept_only_if_saved():
                return view(request, *args, **kwargs)
        except services.StorageUnavailable:
            return unsaved(
                request,
                gettext("Penyimpanan foto tidak menerima berkasnya, jadi tidak ada yang disimpan."),
            )


@admin.register(Image)
class ImageAdmin(SavesPhotosAdmin, ReadersSeeChangesAdmin, admin.ModelAdmin):
    """The photo library: upload once, reuse in many articles, set the focal point."""

    # A new focal point shows once its crops are made (services.refresh_renditions).
    fields_readers_see = ("alt", "caption", "credit")
    readers_see_new_rows = False

    form = ImageAdminForm
    list_display = ("thumbnail", "__str__", "credit", "dimensions", "usage", "uploaded_at")
    list_display_links = ("thumbnail", "__str__")
    list_select_related = ("uploaded_by",)
    search_fields = ("caption", "credit", "alt", "source_note", "tags__name")
    date_hierarchy = "uploaded_at"
    list_per_page = 40
    readonly_fields = ("focal_picker", "crops", "dimensions", "uploaded_by", "uploaded_at")

    def get_fieldsets(self, request, obj=None):
        described = (
            _("Keterangan"),
            {"fields": ("alt", "caption", "credit", "source_note", "tags")},
        )
        if obj is None:
            return ((None, {"fields": ("upload",)}), described)
        return (
            (
                _("Titik fokus"),
                {
                    "fields": ("focal_picker", ("focal_x", "focal_y")),
                    "description": _(
                        "Klik bagian terpenting foto (misalnya wajah narasumber). Potongan "
                        "16:9, 4:3 dan 1:1 selalu memuat titik ini."
                    ),
                },
            ),
            described,
            (_("Potongan"), {"fields": ("crops",)}),
            (_("Berkas"), {"fields": ("dimensions", "uploaded_by", "uploaded_at")}),
        )

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(article_count=Count("articles"))
            .order_by("-uploaded_at", "-id")
        )

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        return self.saving_photos(
            request, super().changeform_view, object_id, form_url, extra_context
        )

    def save_model(self, request, obj, form, change):
        if change:
            services.save_image(image=obj)
        else:
            services.store_upload(clean=form.cleaned_data["upload"], user=request.user, image=obj)
        self.note_saved(obj, form, change)

    def readers_see(self, image):
        return services.in_public_use(image)

    def delete_model(self, request, obj):
        services.delete_image(image=obj)  # a photo a story uses cannot be deleted

    def delete_queryset(self, request, queryset):
        for image in queryset:
            services.delete_image(image=image)

    @admin.display(description=_("Foto"))
    def thumbnail(self, image):
        return format_html(
            '<img src="{}" alt="" width="96" height="54" loading="lazy" class="nr-thumb">',
            rendition_url(image, "16x9", 320),
        )

    @admin.display(description=_("Ukuran"))
    def dimensions(self, image):
        return f"{image.width} × {image.height} ({image.megapixels} MP)"

    @admin.display(description=_("Dipakai"), ordering="article_count")
    def usage(self, image):
        return getattr(image, "article_count", None)

    @admin.display(description=_("Foto"))
    def focal_picker(self, image):
        working = (image.renditions or {}).get("working")
        return format_html(
            '<div class="nr-focal" data-focal-picker data-x="{}" data-y="{}">'
            '<img src="{}" alt="{}" class="nr-focal__image">'
            '<span class="nr-focal__mark" aria-hidden="true"></span>'
            "</div>",
            image.focal_x,
            image.focal_y,
            default_storage.url(working) if working else image.file.url,
            image.alt,
        )

    @admin.display(description=_("Potongan"))
    def crops(self, image):
        if not image.has_current_renditions:
            return _("Potongan sedang dibuat untuk titik fokus ini.")
        return format_html_join(
            "",
            '<figure class="nr-crop"><img src="{}" alt="" loading="lazy">'
            "<figcaption>{}</figcaption></figure>",
            (
                (rendition_url(image, ratio, 320), label)
                for ratio, label in (("16x9", "16:9"), ("4x3", "4:3"), ("1x1", "1:1"))
            ),
        )

    class Media:
        css = {"all": ["css/admin.css"]}
        js = ["js/focal-point.js"]
