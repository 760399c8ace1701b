"""Plain factory functions: each makes one valid row, every field overridable."""

import itertools
from datetime import timedelta
from io import BytesIO

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image

from articles.models import Article, Category, Region, Source

_sequence = itertools.count(1)


def region(code: str) -> Region:
    return Region.objects.select_related("province").get(code=code)


def image_file(
    name="foto.jpg", size=(64, 36), color=(155, 28, 28), fmt="JPEG", **save_options
) -> ContentFile:
    """A real image, made by Pillow (``save_options`` go to Image.save, e.g. exif=...)."""
    buffer = BytesIO()
    mode = "RGBA" if fmt == "PNG" and save_options.pop("alpha", False) else "RGB"
    Image.new(mode, size, color).save(buffer, fmt, **save_options)
    return ContentFile(buffer.getvalue(), name=name)


def uploaded(name="foto.jpg", size=(64, 36), fmt="JPEG", content_type=None, data=None, **kwargs):
    """A file as the browser uploads it (real image bytes unless ``data`` is given)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    if data is None:
        data = image_file(name, size=size, fmt=fmt, **kwargs).read()
    mime = content_type or {"JPEG": "image/jpeg", "PNG": "image/png"}.get(
        fmt, "image/" + fmt.lower()
    )
    return SimpleUploadedFile(name, data, content_type=mime)


def make_image(*, renditions=False, size=(800, 600), **fields):
    """A library photo stored through the real upload path; ``renditions`` makes its crops."""
    from images.services import refresh_renditions, store_upload
    from images.uploads import clean_upload

    fields.setdefault("alt", "Kader posyandu menimbang balita")
    fields.setdefault("credit", "Dok. Humas")
    image = store_upload(clean=clean_upload(uploaded(size=size)), user=None, **fields)
    if renditions:
        image = refresh_renditions(image_id=image.pk)
    return image


def make_user(**fields):
    number = next(_sequence)
    fields.setdefault("username", f"user{number}")
    password = fields.pop("password", "rahasia-sekali-123")
    user = get_user_model()(**fields)
    user.set_password(password)
    user.save()
    return user


def make_category(**fields) -> Category:
    number = next(_sequence)
    fields.setdefault("name", f"Rubrik {number}")
    fields.setdefault("slug", f"rubrik-{number}")
    return Category.objects.create(**fields)


def make_source(**fields) -> Source:
    number = next(_sequence)
    fields.setdefault("name", f"Sumber {number}")
    fields.setdefault("slug", f"sumber-{number}")
    fields.setdefault("dateline_label", f"sumber{number}")
    return Source.objects.create(**fields)


def make_article(*, tags=(), **fields) -> Article:
    number = next(_sequence)
    fields.setdefault("headline", f"Berita nomor {number}")
    fields.setdefault("summary", f"Ringkasan berita nomor {number}.")
    fields.setdefault("body", f"<p>Isi berita nomor {number}.</p>")
    fields.setdefault("dateline_place", "SERANG")
    fields.setdefault("signoff", "str")
    fields.setdefault("status", Article.Status.PUBLISHED)
    if fields["status"] == Article.Status.PUBLISHED:
        fields.setdefault("published_at", timezone.now() - timedelta(hours=1))
    if "category" not in fields:
        fields["category"] = make_category()
    if "source" not in fields:
        fields["source"] = make_source()
    if "region" not in fields:
        fields["region"] = region("36.04")
    article = Article.objects.create(**fields)
    if tags:
        article.tags.add(*tags)
    return article


def admin_form_data(article: Article | None = None, **overrides) -> dict:
    """POST data for the article change form, as the browser would send it."""
    data = {
        "headline": "Judul",
        "slug": "",
        "summary": "",
        "body": "<p>Isi.</p>",
        "kind": Article.Kind.NEWS,
        "dateline_place": "SERANG",
        "signoff": "str",
        "tags": [],
        "published_at_0": "",
        "published_at_1": "",
        "embargo_ends_at_0": "",
        "embargo_ends_at_1": "",
        "lead_image": "",
        "lead_image_upload_alt": "",
        "lead_image_upload_caption": "",
        "lead_image_upload_credit": "",
        "lock_version": "0",
        "workflow_note": "",
        "corrections-TOTAL_FORMS": "0",
        "corrections-INITIAL_FORMS": "0",
        "corrections-MIN_NUM_FORMS": "0",
        "corrections-MAX_NUM_FORMS": "1000",
    }
    if article is not None:
        local = timezone.localtime(article.published_at) if article.published_at else None
        embargo = timezone.localtime(article.embargo_ends_at) if article.embargo_ends_at else None
        data.update(
            headline=article.headline,
            slug=article.slug,
            summary=article.summary,
            body=article.body,
            kind=article.kind,
            dateline_place=article.dateline_place,
            signoff=article.signoff,
            tags=list(article.tags.names()),
            lock_version=str(article.lock_version),
            lead_image=str(article.lead_image_id or ""),
            published_at_0=local.strftime("%d-%m-%Y") if local else "",
            published_at_1=local.strftime("%H:%M:%S") if local else "",
            embargo_ends_at_0=embargo.strftime("%d-%m-%Y") if embargo else "",
            embargo_ends_at_1=embargo.strftime("%H:%M:%S") if embargo else "",
        )
        for name in ("category", "region", "source", "author"):
            value = getattr(article, f"{name}_id")
            data[name] = "" if value is None else str(value)
        if article.is_top_story:
            data["is_top_story"] = "on"
        if article.has_vulnerable_subject:
            data["has_vulnerable_subject"] = "on"
        data["corrections-INITIAL_FORMS"] = str(article.corrections.count())
        data["corrections-TOTAL_FORMS"] = data["corrections-INITIAL_FORMS"]
    data.update(overrides)
    return data


def with_role(user, role: str):
    """Put a user in one of the newsroom's role groups (Wartawan, Redaktur, Pemimpin Redaksi)."""
    from django.contrib.auth.models import Group

    user.groups.add(Group.objects.get(name=role))
    return get_user_model().objects.get(pk=user.pk)  # fresh permission cache


def make_ad(placement="masthead", *, categories=(), regions=(), **fields):
    """An image ad (with a real image of its place's size) in a campaign, running now; the
    page generation starts anew so pages see it, as after a save in the admin."""
    from ads.models import Ad, Campaign, Placement
    from infra import pagecache

    place, _created = Placement.objects.get_or_create(key=placement)  # flushed by e2e tests
    number = next(_sequence)
    if "campaign" not in fields:
        fields["campaign"] = Campaign.objects.create(
            name=f"Kampanye {number}", advertiser=f"Toko {number}"
        )
    fields.setdefault("name", f"Iklan {number}")
    fields.setdefault("kind", Ad.Kind.IMAGE)
    if fields["kind"] == Ad.Kind.IMAGE:
        size = (place.size.width, place.size.height)
        fields.setdefault("image", image_file(f"iklan{number}.png", size=size, fmt="PNG"))
        fields.setdefault("link_url", f"https://toko{number}.example/promo")
        fields.setdefault("alt_text", f"Promo Toko {number}")
    fields.setdefault("starts_at", timezone.now() - timedelta(hours=1))
    ad = Ad.objects.create(placement=place, **fields)
    ad.categories.set(categories)
    ad.regions.set(regions)
    pagecache.invalidate()
    return ad


def make_entry(article, **fields):
    """A published entry of a live coverage (the story is made a live coverage)."""
    from live.models import LiveEntry

    if article.coverage_starts_at is None:
        article.coverage_starts_at = timezone.now() - timedelta(hours=1)
        type(article).objects.filter(pk=article.pk).update(
            coverage_starts_at=article.coverage_starts_at
        )
    number = next(_sequence)
    fields.setdefault("body", f"<p>Entri {number}: air mulai surut di jalan utama.</p>")
    fields.setdefault("status", LiveEntry.Status.PUBLISHED)
    if fields["status"] == LiveEntry.Status.PUBLISHED:
        fields.setdefault("published_at", timezone.now() - timedelta(minutes=60 - number % 60))
    return LiveEntry.objects.create(article=article, **fields)
