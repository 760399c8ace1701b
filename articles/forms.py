from datetime import datetime
from types import SimpleNamespace

from django import forms
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from taggit.utils import edit_string_for_tags, parse_tags

from articles import datelines, revisions, workflow
from articles.models import Article
from articles.places import PlaceIndex
from blocks.markup import keys_in
from blocks.services import embed_bare_links
from images.forms import ImageUploadField
from infra.middleware import is_key


class KnownValuesAutocompleteSelect(AutocompleteSelect):
    """The admin's autocomplete select, shown again safely after a refused POST.

    Django's widget looks up the posted value to label it; a value that is not a valid key
    at all (``" "``, ``"abc"``) makes that lookup raise instead of showing the form's error.
    Only values the key field accepts are looked up; the form still reports the bad one.
    """

    def optgroups(self, name, value, attr=None):
        model = self.field.remote_field.model
        key = model._meta.get_field(self.field.remote_field.field_name)
        return super().optgroups(name, [v for v in value if is_key(key, v)], attr)


class KnownValuesAutocompleteSelectMultiple(AutocompleteSelectMultiple):
    """``KnownValuesAutocompleteSelect`` for many-to-many fields (keyed by primary key)."""

    def optgroups(self, name, value, attr=None):
        key = self.field.remote_field.model._meta.pk
        return super().optgroups(name, [v for v in value if is_key(key, v)], attr)


class TagAutocompleteWidget(AutocompleteSelectMultiple):
    """Tags as the admin's select2 autocomplete, where typing a new name creates the tag.

    Values are tag names, not ids; on submit they are joined into the comma-separated
    string that taggit's form field parses.
    """

    def __init__(self, field, admin_site, url_name, **kwargs):
        super().__init__(field, admin_site, **kwargs)
        self.url_name = url_name

    def get_url(self):
        return reverse(self.url_name)

    def build_attrs(self, base_attrs, extra_attrs=None):
        attrs = super().build_attrs(base_attrs, extra_attrs=extra_attrs)
        attrs["data-tags"] = "true"
        attrs["data-token-separators"] = '[","]'
        attrs["data-allow-clear"] = "false"
        return attrs

    def format_value(self, value):
        if value is None:
            return []
        if isinstance(value, str):
            return parse_tags(value)
        return [getattr(tag, "name", str(tag)) for tag in value]

    def optgroups(self, name, value, attr=None):
        options = [
            self.create_option(name, tag, tag, True, index) for index, tag in enumerate(value)
        ]
        return [(None, options, 0)]

    def value_from_datadict(self, data, files, name):
        # Select2 sends one value per tag; a typed "a, b" still means two tags.
        names = [part.strip() for item in data.getlist(name) for part in item.split(",")]
        names = list(dict.fromkeys(n for n in names if n))
        return edit_string_for_tags([SimpleNamespace(name=item) for item in names])

    def value_omitted_from_data(self, data, files, name):
        return False


class ArticleAdminForm(forms.ModelForm):
    """The editor's form: refuses a stale save and checks the chosen workflow step first."""

    workflow_note = forms.CharField(
        label=_("Catatan alur kerja"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Wajib saat mengembalikan artikel ke wartawan; tercatat di jejak alur kerja."),
    )

    lead_image_upload = ImageUploadField(label=_("Unggah foto baru"), required=False)
    lead_image_upload_alt = forms.CharField(
        label=_("Teks alternatif foto baru"),
        max_length=250,
        required=False,
        help_text=_("Wajib bila mengunggah: apa yang tampak di foto."),
    )
    lead_image_upload_caption = forms.CharField(
        label=_("Keterangan foto baru"),
        max_length=500,
        required=False,
        help_text=_("Kosong: diambil dari data foto (IPTC/EXIF) bila ada."),
    )
    lead_image_upload_credit = forms.CharField(
        label=_("Kredit foto baru"),
        max_length=200,
        required=False,
        help_text=_("Fotografer atau agensi; kosong: dari data foto bila ada. Wajib untuk terbit."),
    )

    # Set by the article screen when the editor undid the lifting of a pasted dateline.
    keep_as_typed = forms.BooleanField(required=False, widget=forms.HiddenInput)

    request = None  # set per request by ArticleAdmin.get_form
    # Fields and inline prefixes this user may not change, with their labels (set likewise).
    locked = {}
    stale = None  # the article as saved by someone else, when this form is stale

    class Meta:
        model = Article
        fields = "__all__"  # noqa: DJ007 (ArticleAdmin.fieldsets choose the fields)
        widgets = {"lock_version": forms.HiddenInput}

    lifted = None  # what _lift_desk_copy took out of the body, for the editor's notice
    embed_notes: list[str] = []  # links embedded without their snapshot, and why

    def _check_coverage(self, cleaned):
        starts, ends = cleaned.get("coverage_starts_at"), cleaned.get("coverage_ends_at")
        if ends and not starts and "coverage_ends_at" in self.fields:
            self.add_error("coverage_ends_at", _("Isi dulu waktu mulai liputan langsung."))
        elif starts and ends and ends <= starts:
            self.add_error("coverage_ends_at", _("Liputan harus selesai sesudah waktu mulainya."))

    def clean(self):
        cleaned = super().clean()
        self._refuse_locked_input()
        self._lift_desk_copy(cleaned)
        self._embed_bare_links(cleaned)
        self._check_coverage(cleaned)
        upload = cleaned.get("lead_image_upload")
        if upload:
            if not cleaned.get("lead_image_upload_alt", "").strip():
                self.add_error(
                    "lead_image_upload_alt", _("Teks alternatif wajib diisi untuk foto baru.")
                )
            publishing = self.request and self.request.POST.get("_workflow") == "publish"
            if publishing and not (cleaned.get("lead_image_upload_credit") or upload.credit):
                self.add_error(
                    "lead_image_upload_credit", _("Kredit foto wajib diisi sebelum terbit.")
                )
        if self.instance.pk:
            self._refuse_stale_save(cleaned.get("lock_version"))
        return cleaned

    def _embed_bare_links(self, cleaned) -> None:
        """A link to a post or video alone on its line becomes an embed block (the
        editor's paste does it at once; this is the rule for every save, and for a
        gallery story, that it has its gallery)."""
        body = cleaned.get("body")
        if body and ("http" in body) and not self.errors:
            user = self.request.user if self.request else None
            cleaned["body"], self.embed_notes = embed_bare_links(body, user=user)
        kind = cleaned.get("kind", self.instance.kind)
        if kind == Article.Kind.GALLERY and not keys_in(cleaned.get("body") or "")[1]:
            field = "kind" if "kind" in self.fields else None
            self.add_error(
                field,
                _(
                    "Artikel Galeri foto harus berisi galeri: sisipkan dengan tombol "
                    "“Sisipkan galeri foto” di isi berita."
                ),
            )

    def _lift_desk_copy(self, cleaned) -> None:
        """A story pasted as the desk writes it keeps its dateline and initials in their
        own fields, never in the body too (they would print twice). The article screen
        does it while the editor types, with an undo; this is the rule for every save."""
        if cleaned.get("keep_as_typed"):
            return  # undone on the article screen: the editor wants it as typed
        lifted = datelines.lift_desk_copy(cleaned.get("body", ""))
        if lifted is None:
            return
        cleaned["body"] = lifted.body
        for name, value in (("dateline_place", lifted.place), ("signoff", lifted.signoff)):
            if not value:
                continue
            if name in self.fields:
                cleaned[name] = value
            else:
                setattr(self.instance, name, value)
        if lifted.place and not cleaned.get("region") and "region" in self.fields:
            cleaned["region"] = PlaceIndex.cached().suggest(dateline=lifted.place).region
        self.lifted = lifted

    def _refuse_locked_input(self) -> None:
        """A POST that changes fields this user may not change is refused as a whole,
        rather than saved without them under a "berhasil" message. The form itself never
        offers such fields; they come from a crafted request or an outdated page."""
        refused = [str(label) for name, label in self.locked.items() if self._changes(name)]
        if refused:
            self.add_error(
                None,
                _(
                    "Tidak disimpan: Anda tidak berhak mengubah %(fields)s. Muat ulang "
                    "halaman ini; perubahan itu dilakukan redaktur atau lewat tombol alur kerja."
                )
                % {"fields": ", ".join(refused)},
            )

    def _changes(self, name) -> bool:
        """Whether the POST asks to change the locked field or inline ``name``."""
        if f"{name}-TOTAL_FORMS" in self.data:  # an inline: new rows are what it adds
            total = self.data.get(f"{name}-TOTAL_FORMS", "")
            initial = self.data.get(f"{name}-INITIAL_FORMS", "")
            # isdecimal, not isdigit: '²' is a digit int() refuses.
            counts = (
                total.isascii() and total.isdecimal() and initial.isascii() and initial.isdecimal()
            )
            return not counts or int(total) > int(initial)
        if not any(key == name or key in (f"{name}_0", f"{name}_1") for key in self.data):
            return False  # not posted (an unticked box is not posted either)
        model_field = Article._meta.get_field(name)
        form_field = model_field.formfield()
        stored = model_field.value_from_object(self.instance)
        if isinstance(stored, datetime):
            stored = stored.replace(microsecond=0)  # the precision the form shows
        posted = form_field.widget.value_from_datadict(self.data, self.files, name)
        return form_field.has_changed(stored, posted)

    def _refuse_stale_save(self, opened_version) -> None:
        # Locked until the admin's transaction ends, so two saves cannot both pass.
        current = (
            Article.objects.select_for_update(of=("self",))
            .select_related("last_edited_by")
            .get(pk=self.instance.pk)
        )
        if opened_version == current.lock_version:
            return
        who = current.last_edited_by.byline if current.last_edited_by else _("pengguna lain")
        changed = revisions.changed_fields_since(current, opened_version)
        what = ", ".join(changed) if changed else _("status atau data lain")
        self.add_error(
            None,
            _(
                "Simpanan ditolak: artikel ini sudah diubah oleh %(who)s pada %(when)s "
                "sejak Anda membukanya (yang berubah: %(what)s). Teks yang Anda ketik masih "
                "ada di formulir ini. Bandingkan dengan versi tersimpan di bawah, gabungkan "
                "perubahan Anda, lalu simpan lagi."
            )
            % {
                "who": who,
                "when": date_format(timezone.localtime(current.updated_at), "j F Y H.i"),
                "what": what,
            },
        )
        # The editor has now seen the newer version: the next save merges by hand.
        self.data = self.data.copy()
        self.data[self.add_prefix("lock_version")] = current.lock_version
        self.stale = current

    def full_clean(self):
        super().full_clean()
        if not hasattr(self, "cleaned_data"):
            return  # unbound: nothing was checked
        if not self.errors:
            try:
                workflow.check_embargo_holds(self.instance)
            except workflow.WorkflowError as error:
                field = "embargo_ends_at" if "embargo_ends_at" in self.fields else None
                self.add_error(field, str(error))
        step = self.request.POST.get("_workflow") if self.request else None
        if not step or self.errors:
            return
        if self.instance.pk is None and not self.instance.author_id:
            self.instance.author = self.request.user  # a new story is its writer's
        try:
            workflow.check(
                self.request.user,
                self.instance,
                workflow.Step(step),
                note=self.cleaned_data.get("workflow_note", ""),
            )
        except ValueError:
            self.add_error(None, _("Langkah alur kerja tidak dikenal."))
        except workflow.WorkflowError as error:
            self.add_error(None, str(error))


class TakedownForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Alasan (Pedoman Pemberitaan Media Siber)"),
        choices=[("", "—"), *Article.TakedownReason.choices],
    )
    note = forms.CharField(
        label=_("Catatan untuk pembaca"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Tampil di alamat berita ini menggantikan isinya (HTTP 410)."),
    )
