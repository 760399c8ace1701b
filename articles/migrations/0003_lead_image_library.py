"""Move each article's lead image (file, alt text, caption, credit) into the photo library."""

import django.db.models.deletion
from django.db import migrations, models


def _size_of(field_file):
    from PIL import Image as PILImage

    try:
        with field_file.storage.open(field_file.name) as handle:
            return PILImage.open(handle).size
    except (OSError, ValueError):
        return 0, 0


def to_library(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    Image = apps.get_model("images", "Image")
    for article in Article.objects.exclude(lead_image="").exclude(lead_image__isnull=True):
        image = Image(
            alt=(article.lead_image_alt or article.headline)[:250],
            caption=article.lead_image_caption,
            credit=article.lead_image_credit,
            uploaded_by_id=article.author_id,
            width=article.lead_image_width or 0,
            height=article.lead_image_height or 0,
            renditions={},
        )
        image.file.name = article.lead_image.name  # the same stored file, not a copy
        if not (image.width and image.height):
            image.width, image.height = _size_of(article.lead_image)
        image.save()
        Article.objects.filter(pk=article.pk).update(library_image=image)


def to_article_fields(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    for article in Article.objects.exclude(library_image=None).select_related("library_image"):
        image = article.library_image
        Article.objects.filter(pk=article.pk).update(
            lead_image=image.file.name,
            lead_image_alt=image.alt,
            lead_image_caption=image.caption,
            lead_image_credit=image.credit,
            lead_image_width=image.width,
            lead_image_height=image.height,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0002_workflow"),
        ("images", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="library_image",
            field=models.ForeignKey(
                null=True,
                blank=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="images.image",
            ),
        ),
        migrations.RunPython(to_library, to_article_fields),
    ]
