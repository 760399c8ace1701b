"""The desk's alerts: sending one (from the article screen's link or here) in one action
with a confirmation that says how many readers it will reach; the log of what was sent;
quiet hours."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from articles.forms import KnownValuesAutocompleteSelect
from articles.models import Article
from push import services
from push.models import PushSend, PushSettings, PushSubscription


class SendForm(forms.Form):
    article = forms.ModelChoiceField(
        label=gettext_lazy("Berita"),
        queryset=Article.objects.none(),
        error_messages={
            "invalid_choice": gettext_lazy(
                "Pilih berita yang sudah terbit: draf, berita terjadwal dan pratinjau tidak "
                "dapat dikirim."
            )
        },
    )
    topic = forms.ChoiceField(label=gettext_lazy("Sasaran"), choices=PushSend.Topic.choices)

    def __init__(self, *args, admin_site, **kwargs):
        super().__init__(*args, **kwargs)
        article = self.fields["article"]
        article.queryset = Article.objects.published()
        article.widget = KnownValuesAutocompleteSelect(
            PushSend._meta.get_field("article"), admin_site
        )
        article.widget.choices = article.choices
        article.widget.is_required = True

    def clean(self):
        data = super().clean()
        article, topic = data.get("article"), data.get("topic")
        if article and topic:
            if PushSend.objects.filter(article=article).exists():
                raise forms.ValidationError(
                    _("Berita ini sudah pernah dikirim sebagai notifikasi.")
                )
            try:
                data["topic_key"] = services.topic_key(article, topic)
            except services.Refused as refused:
                self.add_error("topic", str(refused))
        return data


@admin.register(PushSend)
class PushSendAdmin(admin.ModelAdmin):
    list_display = (
        "title",
        "topic",
        "sent_by",
        "created_at",
        "send_after",
        "audience",
        "delivered",
        "gone",
        "clicks",
    )
    list_select_related = ("sent_by",)
    search_fields = ("title",)
    readonly_fields = (
        "article",
        "topic",
        "title",
        "sent_by",
        "created_at",
        "send_after",
        "started_at",
        "finished_at",
        "audience",
        "delivered",
        "gone",
        "failed",
        "clicks",
    )

    def has_change_permission(self, request, obj=None):
        return False  # a log

    def has_delete_permission(self, request, obj=None):
        return False

    def add_view(self, request, form_url="", extra_context=None):
        """Choose the story and the topic, see how many it reaches, confirm."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        initial = {}
        wanted = request.GET.get("article", "")
        if wanted.isascii() and wanted.isdigit():
            initial["article"] = int(wanted)
        if request.GET.get("topic") in PushSend.Topic.values:
            initial["topic"] = request.GET["topic"]
        form = SendForm(
            request.POST if request.method == "POST" else None,
            initial=initial,
            admin_site=self.admin_site,
        )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Kirim notifikasi"),
            "form": form,
            "media": self.media + form.media,
        }
        if request.method == "POST" and form.is_valid():
            article, topic = form.cleaned_data["article"], form.cleaned_data["topic"]
            if request.POST.get("confirm") == "1":
                try:
                    send = services.request_push(article=article, topic=topic, user=request.user)
                except services.Refused as refused:
                    form.add_error(None, str(refused))
                else:
                    if send.send_after > timezone.now():
                        text = _(
                            "Notifikasi untuk %(count)s pelanggan menunggu jam tenang selesai "
                            "(%(when)s)."
                        ) % {
                            "count": send.audience,
                            "when": timezone.localtime(send.send_after).strftime("%H.%M"),
                        }
                    else:
                        text = _("Notifikasi sedang dikirim ke %(count)s pelanggan.") % {
                            "count": send.audience
                        }
                    self.message_user(request, text, messages.SUCCESS)
                    return redirect("admin:push_pushsend_changelist")
            else:
                context["confirm"] = {
                    "article": article,
                    "topic": dict(PushSend.Topic.choices)[topic],
                    "count": services.audience(form.cleaned_data["topic_key"]).count(),
                    "after": services.next_send_time(topic),
                    "now": timezone.now(),
                }
        return TemplateResponse(request, "admin/push/send.html", context)


@admin.register(PushSettings)
class PushSettingsAdmin(admin.ModelAdmin):
    fields = ("quiet_starts", "quiet_ends")

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        found = PushSettings.objects.first()  # made by the migration
        if found is None or not self.has_view_permission(request):
            return super().changelist_view(request, extra_context)
        return redirect("admin:push_pushsettings_change", found.pk)


@admin.register(PushSubscription)
class PushSubscriptionAdmin(admin.ModelAdmin):
    list_display = ("__str__", "created_at", "updated_at")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
