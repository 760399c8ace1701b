from types import SimpleNamespace

from django.contrib.admin.widgets import AutocompleteSelectMultiple
from django.urls import reverse
from taggit.utils import edit_string_for_tags, parse_tags


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
