from importlib import import_module

from django.db import migrations


def sync(apps, schema_editor):
    from accounts.roles import sync_roles

    import_module("accounts.migrations.0002_roles").create_permissions_now(apps)
    sync_roles(apps, missing_ok=True)  # apps migrated later sync again (ads 0002)


class Migration(migrations.Migration):
    dependencies = [
        ("api", "0001_initial"),
        ("accounts", "0005_roles_breaking_news"),
        ("articles", "0013_change_feed"),
        ("pages", "0001_initial"),
    ]

    operations = [migrations.RunPython(sync, migrations.RunPython.noop)]
