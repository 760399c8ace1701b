"""The desk's embeds and galleries: the editor's toolbar asks here for an embed of a link
and for a gallery of library photos (JSON), and both can be looked at and corrected here."""

import json

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.i18n import JavaScriptCatalog

from blocks import services
from blocks.models import Embed, Gallery, GalleryPhoto
from blocks.providers import provider_named
from images.models import Image
from images.pictures import rendition_url
from infra.pagecache import ReadersSeeChangesAdmin, invalidate_on_commit

PHOTOS_SHOWN = 24
# The story editor's words in the editor's language (static/js/prose-blocks.js reads them
# through ``gettext``); the admin screens with a body field load it (their ``Media``).
# (Without packages the catalog holds every app's and the project's own, LOCALE_PATHS.)
EDITOR_CATALOG = "/admin/blocks/embed/jsi18n/"


def _answer(data: dict, status: int = 200) -> JsonResponse:
    """The toolbar's answer, its words as they are (not escaped to \\u codes)."""
    return JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})


def _refused(message: str, status: int = 400) -> JsonResponse:
    return _answer({"error": message}, status=status)


def _json_body(request) -> dict:
    try:
        data = json.loads(request.body.decode("utf-8") or "{}")
    except (UnicodeDecodeError, ValueError):
        raise ValidationError(_("Permintaan tidak dapat dibaca (bukan JSON).")) from None
    if not isinstance(data, dict):
        raise ValidationError(_("Permintaan tidak dapat dibaca (bukan JSON)."))
    return data


def embed_answer(embed: Embed) -> dict:
    provider = provider_named(embed.provider)
    return {
        "key": str(embed.key),
        "url": embed.url,
        "title": embed.title,
        "provider": embed.provider,
        "provider_name": provider.name if provider else embed.provider,
        "thumbnail": embed.thumbnail.url if embed.thumbnail else "",
        "problem": embed.problem,
    }


def used_by(block) -> list[str]:
    """Headlines of the stories that name ``block`` (NEWSROOM_BLOCK_USED_BY)."""
    return import_string(settings.NEWSROOM_BLOCK_USED_BY)(block.key)


def in_use_message(gallery, stories: list[str]) -> str:
    return _(
        "Galeri “%(title)s” tidak dihapus: dipakai di %(stories)s. Hapus dulu dari isi berita itu."
    ) % {"title": gallery.title, "stories": "; ".join(f"“{s}”" for s in stories[:5])}


@admin.register(Embed)
class EmbedAdmin(ReadersSeeChangesAdmin, admin.ModelAdmin):
    list_display = ["__str__", "provider", "author_name", "fetched_at", "problem"]
    list_filter = ["provider"]
    search_fields = ["title", "url", "author_name"]
    readonly_fields = [
        "url",
        "provider",
        "preview",
        "author_name",
        "author_url",
        "frame_url",
        "html",
        "fetched_at",
        "problem",
        "created_by",
        "created_at",
    ]
    fields = ["url", "provider", "title", "preview", "author_name", "author_url"]
    fields += ["frame_url", "fetched_at", "problem", "html", "created_by", "created_at"]
    readers_see_new_rows = False
    actions = ["fetch_again"]

    def has_add_permission(self, request):
        return False  # made from a story's editor, by its link

    @admin.display(description=gettext_lazy("gambar kecil"))
    def preview(self, embed):
        if not embed.thumbnail:
            return "—"
        return format_html('<img src="{}" alt="" style="max-width:320px">', embed.thumbnail.url)

    @admin.action(description=gettext_lazy("Ambil ulang cuplikan dari penyedia"))
    def fetch_again(self, request, queryset):
        done = failed = 0
        for embed in queryset:
            if services.refresh(embed):
                done += 1
            else:
                failed += 1
                self.message_user(request, f"{embed.url}: {embed.problem}", messages.WARNING)
        if done:
            invalidate_on_commit()
            self.message_user(request, _("%(count)s cuplikan diambil ulang.") % {"count": done})
        if failed and not done:
            self.message_user(request, _("Tidak ada cuplikan yang diambil ulang."), messages.ERROR)

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("ambil/", view(self.fetch_view), name="blocks_embed_fetch"),
            path("jsi18n/", view(JavaScriptCatalog.as_view()), name="blocks_editor_catalog"),
            *super().get_urls(),
        ]

    def fetch_view(self, request):
        """POST {"url": …}: the embed of that link (made and fetched once), or 400 with
        the reason in the editor's language."""
        if request.method != "POST":
            return _refused(_("Kirim tautan dengan POST."), status=405)
        if not request.user.has_perm("blocks.add_embed"):
            return _refused(_("Anda tidak berhak menyisipkan embed."), status=403)
        try:
            url = str(_json_body(request).get("url") or "").strip()
        except ValidationError as error:
            return _refused(error.messages[0])
        if not url:
            return _refused(_("Tempelkan tautan pos atau video."))
        try:
            embed = services.embed_for(url, user=request.user)
        except services.EmbedRefused as refused:
            return _refused(str(refused))
        return _answer(embed_answer(embed))


class GalleryPhotoInline(admin.TabularInline):
    model = GalleryPhoto
    fields = ["position", "image", "caption", "credit"]
    autocomplete_fields = ["image"]
    extra = 0
    min_num = 1


@admin.register(Gallery)
class GalleryAdmin(ReadersSeeChangesAdmin, admin.ModelAdmin):
    list_display = ["title", "photo_count", "created_by", "created_at"]
    search_fields = ["title"]
    inlines = [GalleryPhotoInline]
    readers_see_new_rows = False

    @admin.display(description=gettext_lazy("foto"))
    def photo_count(self, gallery):
        return gallery.photos.count()

    def delete_view(self, request, object_id, extra_context=None):
        """A gallery a story names is not deleted (the story would lose it silently):
        the desk is told which stories, and takes it out of them first."""
        gallery = self.get_object(request, unquote(object_id))
        if gallery is not None and (stories := used_by(gallery)):
            self.message_user(request, in_use_message(gallery, stories), messages.ERROR)
            return redirect(reverse("admin:blocks_gallery_change", args=[gallery.pk]))
        return super().delete_view(request, object_id, extra_context)

    def delete_queryset(self, request, queryset):
        kept = [gallery for gallery in queryset if used_by(gallery)]
        for gallery in kept:
            self.message_user(request, in_use_message(gallery, used_by(gallery)), messages.ERROR)
        super().delete_queryset(request, queryset.exclude(pk__in=[g.pk for g in kept]))

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if change:
            invalidate_on_commit()  # its photos, order, captions or credits changed

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("foto/", view(self.photos_view), name="blocks_gallery_photos"),
            path("buat/", view(self.create_view), name="blocks_gallery_create"),
            *super().get_urls(),
        ]

    def photos_view(self, request):
        """GET ?q=: library photos for the gallery dialog, newest first."""
        if not request.user.has_perm("images.view_image"):
            raise PermissionDenied
        term = request.GET.get("q", "")[:100]
        photos = Image.objects.search(term).order_by("-uploaded_at", "-id")[:PHOTOS_SHOWN]
        results = [
            {
                "id": photo.pk,
                "label": str(photo),
                "caption": photo.caption or photo.alt,
                "credit": photo.credit,
                "thumb": rendition_url(photo, "4x3", 320),
            }
            for photo in photos
        ]
        return _answer({"results": results})

    def create_view(self, request):
        """POST {"title", "photos": [{"id", "caption", "credit"}]}: a new gallery."""
        if request.method != "POST":
            return _refused(_("Kirim galeri dengan POST."), status=405)
        if not request.user.has_perm("blocks.add_gallery"):
            return _refused(_("Anda tidak berhak membuat galeri."), status=403)
        try:
            data = _json_body(request)
            photos = data.get("photos")
            if not isinstance(photos, list):
                raise ValidationError(_("Pilih foto untuk galeri."))
            gallery = services.create_gallery(
                title=str(data.get("title") or ""), photos=photos, user=request.user
            )
        except ValidationError as error:
            return _refused(" ".join(error.messages))
        return _answer({"key": str(gallery.key), "caption": gallery.label(len(photos))})
