"""Names per the house style: datetimes end in _at, booleans start with is_/has_."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("articles", "0009_search_document")]

    operations = [
        migrations.RenameField("article", "top_story_until", "top_story_ends_at"),
        migrations.RenameField("article", "pinned_until", "pin_ends_at"),
        migrations.RenameField("article", "embargo_until", "embargo_ends_at"),
        migrations.RenameField("article", "involves_vulnerable", "has_vulnerable_subject"),
        migrations.RenameField("source", "feed_publishes", "is_feed_published_directly"),
        migrations.RenameField("articleevent", "at", "created_at"),
        migrations.AlterModelOptions(
            name="articleevent",
            options={
                "get_latest_by": "created_at",
                "ordering": ["-created_at", "-id"],
                "verbose_name": "jejak alur kerja",
                "verbose_name_plural": "jejak alur kerja",
            },
        ),
    ]
