from importlib import import_module

from django.db import migrations


def sync(apps, schema_editor):
    from accounts.roles import sync_roles

    import_module("accounts.migrations.0002_roles").create_permissions_now(apps)
    sync_roles(apps)  # every role's permission exists by now (the dependencies)


class Migration(migrations.Migration):
    dependencies = [
        ("blocks", "0001_initial"),
        ("push", "0002_roles"),
    ]

    operations = [migrations.RunPython(sync, migrations.RunPython.noop)]
