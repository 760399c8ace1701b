from django import forms
from django.utils.translation import gettext_lazy as _

from images.models import Image
from images.uploads import ACCEPTED_LABEL, clean_upload
from infra.health import storage_failure

STORAGE_AWAY = _(
    "Penyimpanan foto sedang tidak menjawab, jadi foto ini belum diunggah dan belum ada "
    "yang disimpan. Coba lagi sebentar lagi, atau simpan dulu tanpa foto baru."
)


class ImageUploadField(forms.FileField):
    """A photo upload, checked and cleaned (see images.uploads) before anything is stored.

    Its cleaned value is an ``images.uploads.CleanImage``.
    """

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "help_text",
            _("%(types)s; EXIF dan lokasi GPS dihapus otomatis.") % {"types": ACCEPTED_LABEL},
        )
        kwargs.setdefault(
            "widget",
            forms.ClearableFileInput(
                attrs={"accept": "image/jpeg,image/png,image/webp,image/gif,image/avif"}
            ),
        )
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if not upload or upload is initial:
            return None
        clean = clean_upload(upload)
        if storage_failure():  # asked once the photo itself is fine
            raise forms.ValidationError(STORAGE_AWAY, code="storage_unavailable")
        return clean


class FocalPointWidget(forms.NumberInput):
    """A number between 0 and 1; the image admin's script sets it by clicking the photo."""

    def __init__(self, axis, attrs=None):
        attrs = {"step": "0.0001", "min": "0", "max": "1", "data-focal": axis, **(attrs or {})}
        super().__init__(attrs)


class ImageAdminForm(forms.ModelForm):
    upload = ImageUploadField(label=_("Berkas foto"), required=False)

    class Meta:
        model = Image
        fields = ("alt", "caption", "credit", "source_note", "tags", "focal_x", "focal_y")
        widgets = {"focal_x": FocalPointWidget("x"), "focal_y": FocalPointWidget("y")}

    def clean(self):
        cleaned = super().clean()
        if not self.instance.pk and not cleaned.get("upload") and "upload" not in self.errors:
            self.add_error("upload", _("Pilih berkas foto untuk diunggah."))
        return cleaned
