from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LiveConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "live"
    verbose_name = _("Liputan langsung")

    def ready(self):
        # Revisions keep every change of an entry (a correction too).
        import reversion

        from live.models import LiveEntry

        if not reversion.is_registered(LiveEntry):
            reversion.register(LiveEntry)
