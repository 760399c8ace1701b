from django.db import models
from django.utils.translation import gettext_lazy as _


class Worker(models.Model):
    """A background worker's sign of life: ``run_worker`` writes it every few seconds, so
    the health check and the editors' notice can tell a stopped worker from an idle one."""

    name = models.CharField(_("pekerja"), max_length=200, unique=True)  # host:pid
    seen_at = models.DateTimeField(_("terakhir terlihat"), db_index=True)

    class Meta:
        verbose_name = _("pekerja latar")
        verbose_name_plural = _("pekerja latar")

    def __str__(self):
        return self.name
