"""QuickLoad: instances built from rows without Model.__init__ are the instances Django
would have built."""

import pytest
from django.apps import apps
from django.db.models import Model
from django.db.models.fields.files import FileDescriptor
from django.db.models.fields.related_descriptors import ForeignKeyDeferredAttribute
from django.db.models.query_utils import DeferredAttribute
from django.db.models.signals import post_init

from articles.models import Article, Correction
from images.models import Image
from infra.internals import QuickLoad
from tests.factories import make_article, make_category, make_image, make_source, region

pytestmark = pytest.mark.django_db

QUICK_MODELS = [model for model in apps.get_models() if issubclass(model, QuickLoad)]
# Descriptors whose __set__ on a new instance only stores the value in __dict__.
PLAIN_DESCRIPTORS = (DeferredAttribute, ForeignKeyDeferredAttribute, FileDescriptor)


def state(instance) -> dict:
    values = {k: v for k, v in instance.__dict__.items() if k != "_state"}
    return {"values": values, "db": instance._state.db, "adding": instance._state.adding}


def django_built(model, db, field_names, values):
    return Model.from_db.__func__(model, db, field_names, values)


def test_every_quick_loaded_field_only_stores_its_value():
    assert {model.__name__ for model in QUICK_MODELS} >= {"Article", "Region", "Image"}
    for model in QUICK_MODELS:
        for field in model._meta.concrete_fields:
            descriptor = model.__dict__.get(field.attname) or getattr(model, field.attname)
            assert isinstance(descriptor, PLAIN_DESCRIPTORS), (model, field.attname, descriptor)


def test_quick_loaded_instances_equal_the_ones_django_builds():
    source = make_source()
    article = make_article(
        category=make_category(),
        region=region("36.73"),
        source=source,
        lead_image=make_image(),
        tags=["banjir"],
    )
    Correction.objects.create(article=article, kind="ralat", text="Nama diperbaiki.")
    for queryset in (
        Article.objects.filter(pk=article.pk),
        Article.objects.only("headline", "slug").filter(pk=article.pk),
        Article.objects.select_related("region", "lead_image", "category").filter(pk=article.pk),
        Image.objects.all(),
        Correction.objects.all(),
    ):
        quick = list(queryset)
        compiler = queryset.query.get_compiler(queryset.db)
        rows = list(compiler.results_iter())
        select = compiler.select
        model = queryset.model
        names = [column[0].target.attname for column in select if column[0].target.model == model]
        for instance, row in zip(quick, rows, strict=True):
            assert type(instance) is model
            expected = django_built(model, queryset.db, names, row[: len(names)])
            own = {k: v for k, v in state(instance)["values"].items() if k in expected.__dict__}
            assert own == state(expected)["values"]
            assert (instance._state.db, instance._state.adding) == (queryset.db, False)
    loaded = Article.objects.only("headline").get(pk=article.pk)
    assert "summary" not in loaded.__dict__  # still deferred, loaded on access
    assert loaded.summary == article.summary
    assert loaded.region.pk == article.region_id
    assert Article.objects.get(pk=article.pk).tags.get().name == "banjir"


def test_listeners_of_a_quick_loaded_model_are_still_told(monkeypatch):
    make_article()
    seen = []

    def listener(sender, instance, **kwargs):
        seen.append(instance.pk)

    post_init.connect(listener, sender=Article)
    try:
        article = Article.objects.get()
    finally:
        post_init.disconnect(listener, sender=Article)
    assert seen == [article.pk]
