"""The writes of embeds and galleries: an embed's snapshot fetched once (and again only
when asked), a link alone in a paragraph turned into an embed block, a gallery made from
library photos."""

import html
import io
import logging
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.tasks import task
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from PIL import Image as PILImage

from blocks import oembed
from blocks.models import Embed, Gallery, GalleryPhoto
from blocks.providers import Provider, provider_for, provider_named, providers
from images.models import Image
from images.uploads import clean_upload
from infra import pagecache
from infra.tasks import retried

logger = logging.getLogger(__name__)

THUMBNAIL_WIDTH = 960
MAX_GALLERY_PHOTOS = 60


class EmbedRefused(Exception):
    """The link cannot be embedded (not a provider on the allow-list); says why."""


def refused_message(url: str) -> str:
    names = ", ".join(provider.name for provider in providers())
    return _(
        "Tautan ini tidak dapat disematkan: %(url)s. Yang dapat disematkan: tautan %(names)s."
    ) % {"url": url[:120], "names": names}


def embed_for(url: str, *, user=None, fetch: bool = True) -> Embed:
    """The embed of ``url`` (one per address), its snapshot fetched if it has none yet
    (now, or by the worker once the transaction commits when not ``fetch``: imports).

    A provider that fails does not stop the embed: it is kept with its link, its card
    shows the link, and ``problem`` says what went wrong (``refresh`` asks again)."""
    url = (url or "").strip()
    provider = provider_for(url)
    if provider is None or len(url) > 500:
        raise EmbedRefused(refused_message(url))
    embed = Embed.objects.filter(url=url).first()
    if embed is None:
        embed = Embed(url=url, provider=provider.key, created_by=user)
        embed.frame_url = provider.frame_for(url)
        embed.save()
    if embed.fetched_at is None:
        if fetch:
            refresh(embed)
        else:
            pk = embed.pk
            transaction.on_commit(lambda: fetch_snapshot.enqueue(pk))
    return embed


@task()
@retried(attempts=3, first_delay=60)
def fetch_snapshot(embed_id: int) -> None:
    """The background task: fetch an imported embed's snapshot (readers' pages then show
    it)."""
    embed = Embed.objects.filter(pk=embed_id).first()
    if embed is not None and embed.fetched_at is None and refresh(embed):
        pagecache.invalidate_on_commit()


def refresh(embed: Embed) -> bool:
    """Ask the provider again; keeps the old snapshot if it fails. True when fetched."""
    provider = provider_named(embed.provider) or provider_for(embed.url)
    if provider is None:
        embed.problem = refused_message(embed.url)[:300]
        embed.save(update_fields=["problem"])
        return False
    try:
        answer = oembed.fetch(provider, embed.url)
    except oembed.FetchProblem as problem:
        embed.problem = str(problem)[:300]
        embed.save(update_fields=["problem"])
        return False
    embed.title = _text(answer.get("title"))[:300]
    embed.author_name = _text(answer.get("author_name"))[:200]
    author_url = _text(answer.get("author_url"))
    embed.author_url = author_url[:500] if author_url.startswith(("https://", "http://")) else ""
    embed.html = _text(answer.get("html"))[:20000]
    embed.frame_url = provider.frame_for(embed.url, embed.html)
    embed.problem = ""
    thumbnail = _text(answer.get("thumbnail_url"))
    if thumbnail:
        try:
            _store_thumbnail(embed, provider, thumbnail)
        except oembed.FetchProblem as problem:
            embed.problem = str(problem)[:300]
    embed.fetched_at = timezone.now()
    embed.save()
    return True


def _text(value) -> str:
    return value.strip() if isinstance(value, str) else ""


def _store_thumbnail(embed: Embed, provider: Provider, url: str) -> None:
    """The provider's picture, checked like an upload, downscaled and re-encoded, stored
    in the photo storage: readers never load it from the provider."""
    if not provider.thumbnail_allowed(url):
        raise oembed.FetchProblem(
            _("Gambar kecil dari %(name)s berasal dari alamat yang tidak dikenal; tidak diambil.")
            % {"name": provider.name}
        )
    data, _kind = oembed.get(
        provider, url, limit=settings.NEWSROOM_EMBED_THUMBNAIL_MAX_BYTES, accept="image/*"
    )
    try:
        clean = clean_upload(SimpleUploadedFile("thumbnail", data, content_type=""))
    except ValidationError as error:
        raise oembed.FetchProblem(
            _("Gambar kecil dari %(name)s ditolak: %(why)s")
            % {"name": provider.name, "why": " ".join(error.messages)}
        ) from None
    pixels = PILImage.open(clean.content)
    pixels.load()
    if pixels.mode not in ("RGB", "L"):
        pixels = pixels.convert("RGB")
    if pixels.width > THUMBNAIL_WIDTH:
        height = round(pixels.height * THUMBNAIL_WIDTH / pixels.width)
        pixels = pixels.resize((THUMBNAIL_WIDTH, max(1, height)), PILImage.Resampling.LANCZOS)
    buffer = io.BytesIO()
    pixels.save(buffer, "JPEG", quality=80, optimize=True, progressive=True)
    name = f"{slugify(embed.title)[:40] or provider.key}-{embed.key.hex[:8]}.jpg"
    old = embed.thumbnail.name
    try:
        embed.thumbnail.save(name, ContentFile(buffer.getvalue()), save=False)
    except Exception as error:
        raise oembed.FetchProblem(
            _("Gambar kecil tidak dapat disimpan: penyimpanan foto tidak menjawab.")
        ) from error
    if old and old != embed.thumbnail.name:
        transaction.on_commit(lambda: embed.thumbnail.storage.delete(old))


# A paragraph that holds nothing but a link (typed, pasted or linked to itself).
BARE_LINK = re.compile(
    r'<p>\s*(?:<a href="(?P<href>[^"]+)"[^>]*>\s*(?P<text>[^<]*?)\s*</a>|(?P<plain>https?://[^\s<]+))'
    r"\s*</p>"
)


def embed_bare_links(body: str, *, user=None, fetch: bool = True) -> tuple[str, list[str]]:
    """Each paragraph of ``body`` that is only a link to an allowed provider becomes an
    embed block. Returns the body and, for links whose snapshot could not be fetched,
    what the editor should know (the block is still made, showing the link)."""
    notes: list[str] = []

    def replace(match):
        url = html.unescape(match.group("href") or match.group("plain") or "")
        text = html.unescape(match.group("text") or "")
        if match.group("href") and text and text.strip() != url:
            return match.group(0)  # a link with its own words is a link, not an embed
        if provider_for(url) is None:
            return match.group(0)
        embed = embed_for(url, user=user, fetch=fetch)
        if embed.problem:
            notes.append(embed.problem)
        return embed.placeholder()

    return BARE_LINK.sub(replace, body or ""), notes


def create_gallery(*, title: str, photos: list[dict], user=None, key=None) -> Gallery:
    """A gallery of library photos in the given order; ``photos``: dicts with ``id`` and
    optional ``caption`` and ``credit`` overrides. ValidationError names what is wrong.
    With ``key`` (an import's), the gallery already made under it is returned."""
    if key is not None and (existing := Gallery.objects.filter(key=key).first()):
        return existing
    title = (title or "").strip()
    if not title:
        raise ValidationError(_("Beri galeri judul."), code="title")
    if len(title) > 200:
        raise ValidationError(_("Judul galeri paling panjang 200 karakter."), code="title")
    if not 2 <= len(photos) <= MAX_GALLERY_PHOTOS:
        raise ValidationError(
            _("Galeri berisi 2 sampai %(max)s foto; yang dipilih %(count)s.")
            % {"max": MAX_GALLERY_PHOTOS, "count": len(photos)},
            code="count",
        )
    wanted = []
    for photo in photos:
        try:
            wanted.append(int(photo.get("id")))
        except (TypeError, ValueError, AttributeError):
            raise ValidationError(_("Foto galeri tidak dikenal."), code="photo") from None
    found = Image.objects.in_bulk(wanted)
    missing = [str(pk) for pk in wanted if pk not in found]
    if missing:
        raise ValidationError(
            _("Foto tidak ada di perpustakaan: %(ids)s.") % {"ids": ", ".join(missing)},
            code="photo",
        )
    for photo in photos:
        for field, limit in (("caption", 500), ("credit", 200)):
            if len(str(photo.get(field) or "")) > limit:
                raise ValidationError(
                    _("Keterangan atau kredit foto terlalu panjang (maksimal %(limit)s karakter).")
                    % {"limit": limit},
                    code=field,
                )
    with transaction.atomic():
        extra = {"key": key} if key else {}
        gallery = Gallery.objects.create(title=title, created_by=user, **extra)
        GalleryPhoto.objects.bulk_create(
            GalleryPhoto(
                gallery=gallery,
                image=found[pk],
                position=position,
                caption=str(photo.get("caption") or "").strip(),
                credit=str(photo.get("credit") or "").strip(),
            )
            for position, (pk, photo) in enumerate(zip(wanted, photos, strict=True))
        )
    return gallery
