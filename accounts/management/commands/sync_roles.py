from django.core.management.base import BaseCommand

from accounts.roles import ROLES, sync_roles


class Command(BaseCommand):
    help = "Buat atau perbaiki grup peran redaksi (Wartawan, Redaktur, Pemimpin Redaksi)."

    def handle(self, *args, verbosity, **options):
        sync_roles()
        if verbosity:
            self.stdout.write(self.style.SUCCESS(f"Peran disinkronkan: {', '.join(ROLES)}."))
