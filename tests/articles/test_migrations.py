"""Data migrations, run for real against a database at the earlier schema."""

from pathlib import Path

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.factories import image_file

BEFORE = [("articles", "0002_workflow")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def latest():
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()


@pytest.mark.django_db(transaction=True)
def test_existing_lead_images_move_into_the_library_without_loss(settings):
    old = migrate(BEFORE)
    Article = old.get_model("articles", "Article")
    content = image_file("lama.jpg", size=(120, 80))
    path = Path(settings.MEDIA_ROOT) / "articles" / "2025" / "05" / "lama.jpg"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content.read())
    with_image = Article.objects.create(
        headline="Dengan foto",
        slug="dengan-foto",
        lead_image="articles/2025/05/lama.jpg",
        lead_image_alt="Kader posyandu",
        lead_image_caption="Kegiatan posyandu di Kragilan",
        lead_image_credit="Dok. DPMD Banten",
    )
    without = Article.objects.create(headline="Tanpa foto", slug="tanpa-foto")
    try:
        new = migrate(latest())
        Article = new.get_model("articles", "Article")
        moved = Article.objects.select_related("lead_image").get(pk=with_image.pk)
        image = moved.lead_image
        assert image.file.name == "articles/2025/05/lama.jpg"
        assert (image.alt, image.caption, image.credit) == (
            "Kader posyandu",
            "Kegiatan posyandu di Kragilan",
            "Dok. DPMD Banten",
        )
        assert (image.width, image.height) == (120, 80)
        assert Article.objects.get(pk=without.pk).lead_image_id is None
        assert path.exists()
    finally:
        migrate(latest())
