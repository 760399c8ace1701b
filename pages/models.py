from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_prose_editor.fields import ProseEditorField


class SitePage(models.Model):
    """The pages a portal must publish under Dewan Pers rules: the Redaksi (editorial box)
    and the Pedoman Pemberitaan Media Siber. One row each, edited by the chief editor."""

    class Kind(models.TextChoices):
        REDAKSI = "redaksi", _("Redaksi")
        PEDOMAN = "pedoman-media-siber", _("Pedoman Pemberitaan Media Siber")

    kind = models.CharField(_("halaman"), max_length=30, choices=Kind.choices, unique=True)
    title = models.CharField(_("judul"), max_length=200)
    body = ProseEditorField(
        _("isi"),
        extensions=settings.ARTICLE_BODY_EXTENSIONS,
        sanitize=True,
        blank=True,
        help_text=_("Untuk Pedoman: teks pedoman yang berlaku di redaksi ini."),
    )
    company_name = models.CharField(_("nama perusahaan pers"), max_length=200, blank=True)
    address = models.TextField(_("alamat redaksi"), blank=True)
    contact = models.TextField(
        _("kontak"), blank=True, help_text=_("Telepon, surel, dan cara menyampaikan hak jawab.")
    )
    person_in_charge = models.CharField(_("penanggung jawab"), max_length=200, blank=True)
    editorial_staff = models.TextField(
        _("susunan redaksi"),
        blank=True,
        help_text=_("Satu baris per orang: 'Jabatan: Nama', misalnya 'Pemimpin Redaksi: ...'."),
    )
    updated_at = models.DateTimeField(_("diperbarui"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diperbarui oleh"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    class Meta:
        verbose_name = _("halaman situs")
        verbose_name_plural = _("halaman situs")
        ordering = ["kind"]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.body = self._meta.get_field("body").sanitize(self.body or "")
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("pages:redaksi" if self.kind == self.Kind.REDAKSI else "pages:pedoman")

    def missing(self) -> list[str]:
        """What a reader cannot find yet on this page (empty list when complete)."""
        if self.kind == self.Kind.PEDOMAN:
            return [] if self.body.strip() else [str(self._meta.get_field("body").verbose_name)]
        required = ("company_name", "address", "contact", "person_in_charge", "editorial_staff")
        return [
            str(self._meta.get_field(name).verbose_name)
            for name in required
            if not getattr(self, name).strip()
        ]

    def staff_lines(self) -> list[tuple[str, str]]:
        """The editorial staff as (role, name) pairs."""
        rows = []
        for line in self.editorial_staff.splitlines():
            role, _sep, name = line.partition(":")
            if line.strip():
                rows.append((role.strip(), name.strip()) if name else ("", role.strip()))
        return rows
