"""The photo library arrived: give the roles its permissions."""

from importlib import import_module

from django.db import migrations


def sync(apps, schema_editor):
    from accounts.roles import sync_roles

    import_module("accounts.migrations.0002_roles").create_permissions_now(apps)
    sync_roles(apps, missing_ok=True)  # apps migrated later sync again (api 0002)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_roles"),
        ("images", "0001_initial"),
        ("articles", "0003_lead_image_library"),
    ]

    operations = [migrations.RunPython(sync, migrations.RunPython.noop)]
