from importlib import import_module

from django.db import migrations


def sync(apps, schema_editor):
    import py_vapid

    from accounts.roles import sync_roles

    # The desk's settings and the server's VAPID key, made once here (not on a reader's
    # first request).
    key = py_vapid.Vapid02()
    key.generate_keys()
    apps.get_model("push", "PushSettings").objects.get_or_create(
        pk=1, defaults={"vapid_private_key": key.private_pem().decode()}
    )
    import_module("accounts.migrations.0002_roles").create_permissions_now(apps)
    # Blocks (a later app) syncs again once its permissions exist (blocks 0002).
    sync_roles(apps, missing_ok=True)


class Migration(migrations.Migration):
    dependencies = [
        ("push", "0001_initial"),
        ("live", "0002_roles"),
    ]

    operations = [migrations.RunPython(sync, migrations.RunPython.noop)]
