from importlib import import_module

from django.db import migrations

PLACES = ["masthead", "in_article", "side", "sticky"]


def create(apps, schema_editor):
    from accounts.roles import sync_roles

    Placement = apps.get_model("ads", "Placement")
    for key in PLACES:
        Placement.objects.get_or_create(key=key)
    import_module("accounts.migrations.0002_roles").create_permissions_now(apps)
    sync_roles(apps, missing_ok=True)  # apps migrated later sync again (live 0002)


class Migration(migrations.Migration):
    dependencies = [
        ("ads", "0001_initial"),
        ("api", "0002_roles"),
        ("accounts", "0005_roles_breaking_news"),
    ]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
