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


def image_file(name="foto.jpg", size=(64, 36), color=(155, 28, 28), fmt="JPEG") -> ContentFile:
    """A real image, made by Pillow, ready to assign to an ImageField."""
    buffer = BytesIO()
    Image.new("RGB", size, color).save(buffer, fmt)
    return ContentFile(buffer.getvalue(), name=name)


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
