"""Requests the Django admin would answer with a server error, made harmless first.

Both cases come from crafted or damaged requests, never from the admin's own pages, and
both fail inside Django for every model admin (ours and those of taggit, axes and auth),
so they are mended once, before the admin sees the request.
"""

from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.options import TO_FIELD_VAR
from django.core.exceptions import ValidationError
from django.urls import Resolver404, resolve


class AdminRequestMiddleware:
    """- An empty ``_to_field`` means "no field given". The admin checks a non-empty one
      against the fields it allows, but looks up "" as a field name: a 500 on every change,
      delete and history page.
    - A bulk action's selection must be keys of the list's model. The admin filters by
      whatever was posted and fails when the action reads the rows; a selection with any
      value that is not a key is dropped whole, and the admin then says that nothing was
      selected and nothing changed.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith("/admin/"):
            for name in ("GET", "POST"):
                data = getattr(request, name)
                if TO_FIELD_VAR in data and not data.get(TO_FIELD_VAR):
                    setattr(request, name, _without(data, TO_FIELD_VAR))
            if request.method == "POST" and ACTION_CHECKBOX_NAME in request.POST:
                selected = request.POST.getlist(ACTION_CHECKBOX_NAME)
                key = _list_model_key(request)
                if key is not None and not all(is_key(key, value) for value in selected):
                    request.POST = _without(request.POST, ACTION_CHECKBOX_NAME)
        return self.get_response(request)


def _without(data, name):
    data = data.copy()
    del data[name]
    return data


def _list_model_key(request):
    """The primary key field of the model whose admin list this request posts to."""
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return None
    model_admin = getattr(match.func, "model_admin", None)  # set by ModelAdmin.get_urls
    return model_admin.model._meta.pk if model_admin is not None else None


def is_key(field, value) -> bool:
    """Whether ``value`` is a valid value of key ``field`` (type and database range)."""
    try:
        field.run_validators(field.to_python(value))
    except ValidationError:
        return False
    return True
