"""The ads desk's screens: places (switched on or off; the in-article paragraph),
campaigns with their CSV report, and ads with their schedule, targeting and weight."""

import csv

from django import forms
from django.conf import settings
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ads import counting
from ads.models import Ad, Campaign, PageType, Placement
from articles.admin import SafeAutocompleteAdmin
from images.uploads import clean_upload
from infra.pagecache import ReadersSeeChangesAdmin

RATIO_TOLERANCE = 0.05


@admin.register(Placement)
class PlacementAdmin(ReadersSeeChangesAdmin, admin.ModelAdmin):
    list_display = ("__str__", "is_active", "after_paragraph", "running_ads")
    fields = ("key", "size", "is_active", "after_paragraph")
    readonly_fields = ("key", "size")

    def has_add_permission(self, request):
        return False  # each place is a box in the page's templates

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=gettext_lazy("ukuran (piksel)"))
    def size(self, obj):
        return str(obj.size)

    @admin.display(description=gettext_lazy("iklan berjalan"))
    def running_ads(self, obj):
        return obj.ads.running().count()


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ("name", "advertiser", "created_at", "report_link")
    search_fields = ("name", "advertiser")
    readonly_fields = ("report_link",)

    def get_urls(self):
        report = self.admin_site.admin_view(self.report_view)
        return [
            path("<int:pk>/laporan.csv", report, name="ads_campaign_report"),
            *super().get_urls(),
        ]

    @admin.display(description=gettext_lazy("laporan"))
    def report_link(self, obj):
        if not obj.pk:
            return "—"
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:ads_campaign_report", args=[obj.pk]),
            _("Unduh laporan (CSV)"),
        )

    def report_view(self, request, pk):
        """Impressions and clicks per day and ad, for the advertiser: the counts waiting
        in the shared cache are written first, so the report is up to the minute."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        campaign = get_object_or_404(Campaign, pk=pk)
        counting.counts.flush()
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        name = slugify(campaign.name) or "kampanye"
        response["Content-Disposition"] = (
            f'attachment; filename="laporan-{name}-{timezone.localdate():%Y%m%d}.csv"'
        )
        response.write("\ufeff")  # spreadsheet programs then read the file as UTF-8
        writer = csv.writer(response)
        writer.writerow(counting.REPORT_HEADER)
        writer.writerows(counting.report(campaign))
        return response


class AdForm(forms.ModelForm):
    page_types = forms.MultipleChoiceField(
        label=gettext_lazy("jenis halaman"),
        choices=PageType.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("Kosong: semua jenis halaman tempat ini."),
    )

    class Meta:
        model = Ad
        fields = (
            "campaign",
            "name",
            "placement",
            "kind",
            "is_active",
            "image",
            "alt_text",
            "link_url",
            "network_slot",
            "starts_at",
            "ends_at",
            "weight",
            "page_types",
            "categories",
            "regions",
        )

    def clean_image(self):
        upload = self.cleaned_data.get("image")
        if (
            upload
            and upload is not getattr(self.instance, "image", None)
            and hasattr(upload, "content_type")
        ):
            cleaned = clean_upload(upload)
            cleaned.content.width, cleaned.content.height = cleaned.width, cleaned.height
            return cleaned.content
        return upload

    def clean(self):
        data = super().clean()
        kind, placement = data.get("kind"), data.get("placement")
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("Waktu selesai harus sesudah waktu mulai tayang."))
        if kind == Ad.Kind.IMAGE:
            for name, message in (
                ("image", _("Iklan gambar perlu gambar.")),
                ("link_url", _("Iklan gambar perlu tautan tujuan.")),
                ("alt_text", _("Tulis isi iklan dalam kata-kata untuk pembaca layar.")),
            ):
                if not data.get(name) and name not in self.errors:
                    self.add_error(name, message)
            image = data.get("image")
            if image and placement and "image" not in self.errors:
                self._check_size(image, placement)
        elif kind == Ad.Kind.NETWORK:
            if not data.get("network_slot"):
                self.add_error("network_slot", _("Isi slot jaringan iklan."))
            if not settings.NEWSROOM_AD_NETWORK:
                self.add_error(
                    "kind",
                    _(
                        "Belum ada jaringan iklan yang dikonfigurasi di server "
                        "(NEWSROOM_AD_NETWORK): iklan ini tidak akan tampil."
                    ),
                )
        return data

    def _check_size(self, image, placement):
        width = getattr(image, "width", None)
        height = getattr(image, "height", None)
        if not width or not height:
            return
        size = placement.size
        if abs(width / height - size.width / size.height) > RATIO_TOLERANCE * (
            size.width / size.height
        ):
            self.add_error(
                "image",
                _(
                    "Gambar %(width)s×%(height)s tidak cocok untuk %(place)s: tempat itu "
                    "berukuran %(size)s. Unggah gambar dengan perbandingan yang sama, "
                    "misalnya %(size)s atau dua kalinya."
                )
                % {
                    "width": width,
                    "height": height,
                    "place": placement.get_key_display(),
                    "size": size,
                },
            )
        elif width < size.width:
            self.add_error(
                "image",
                _("Gambar %(width)s piksel terlalu kecil: tempat itu selebar %(min)s piksel.")
                % {"width": width, "min": size.width},
            )


@admin.register(Ad)
class AdAdmin(ReadersSeeChangesAdmin, SafeAutocompleteAdmin):
    form = AdForm
    list_display = (
        "name",
        "campaign",
        "placement",
        "kind",
        "state",
        "starts_at",
        "ends_at",
        "weight",
    )
    list_filter = ("placement", "kind", "is_active", "campaign")
    search_fields = ("name", "campaign__name", "campaign__advertiser")
    autocomplete_fields = ("campaign", "categories", "regions")
    list_select_related = ("campaign", "placement")
    fieldsets = (
        (None, {"fields": ("campaign", "name", "placement", "kind", "is_active")}),
        (gettext_lazy("Materi"), {"fields": ("image", "alt_text", "link_url", "network_slot")}),
        (gettext_lazy("Jadwal dan rotasi"), {"fields": ("starts_at", "ends_at", "weight")}),
        (gettext_lazy("Sasaran"), {"fields": ("page_types", "categories", "regions")}),
    )

    @admin.display(description=gettext_lazy("status"))
    def state(self, obj):
        now = timezone.now()
        if not obj.is_active or not obj.placement.is_active:
            return _("Nonaktif")
        if obj.starts_at > now:
            return _("Terjadwal")
        if obj.ends_at and obj.ends_at <= now:
            return _("Selesai")
        return _("Tayang")
