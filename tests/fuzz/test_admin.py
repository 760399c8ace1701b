"""The admin under bad input: every URL with malformed ids and parameters, every form with
each field in turn broken, for each role. Never a 5xx; a refusal is said on the screen and
writes nothing."""

import re
from urllib.parse import quote

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import URLResolver
from django.urls.resolvers import RegexPattern
from hypothesis import given
from hypothesis import strategies as st

from tests.admin_pages import browser_form
from tests.fuzz.conftest import (
    MALFORMED_IDS,
    any_text,
    assert_answered,
    bad_id,
    bad_value,
    each_case_alone,
    examples,
    fingerprint,
)

pytestmark = pytest.mark.django_db

ROLES = ["wartawan", "redaktur", "pemred", "iklan"]


def admin_routes() -> list[str]:
    """Every admin URL as a template, ``{name}`` standing for each path parameter."""
    routes = []

    def template(pattern) -> str:
        text = str(pattern)
        if isinstance(pattern, RegexPattern):
            return re.sub(r"\(\?P<(\w+)>[^)]*\)", r"{\1}", text.strip("^$"))
        return re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", text)

    def walk(patterns, prefix):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns, prefix + template(entry.pattern))
            else:
                routes.append(prefix + template(entry.pattern))

    walk(admin.site.get_urls(), "/admin/")
    return routes


ROUTES = admin_routes()

# Parameters the admin's own and our custom views read from the query string or body.
PARAMETERS = [
    "q",
    "o",
    "p",
    "e",
    "all",
    "alur",
    "provinsi",
    "tag",
    "kind__exact",
    "category__id__exact",
    "source__id__exact",
    "published_at__gte",
    "published_at__lt",
    "published_at__year",
    "is_top_story__exact",
    "level__exact",
    "province__id__exact",
    "_changelist_filters",
    "_to_field",
    "_popup",
    "dari",
    "ke",
    "term",
    "text",
    "dateline",
    "app_label",
    "model_name",
    "field_name",
    "leave",
    "action",
    "_selected_action",
    "index",
    "select_across",
    "next",
    "reason",
    "note",
]


def path_value(route: str, name: str, newsroom, draw) -> str:
    """A path parameter: a real id of the route's model, or a malformed one."""
    match = re.match(r"/admin/(\w+)/(\w+)/", route)
    real = []
    if match and name in ("object_id", "pk", "id"):
        try:
            model = apps.get_model(match[1], match[2])
        except LookupError:
            model = None
        if model is not None:
            real = [str(pk) for pk in model._default_manager.values_list("pk", flat=True)[:5]]
    if name == "app_label":
        real = ["articles", "images", "auth", "pages", "taggit", "accounts"]
    choices = st.sampled_from(real) if real else st.nothing()
    value = draw(st.one_of(choices, choices, bad_id))
    return quote(value, safe="/%")


@examples(3)
@given(data=st.data())
def test_every_admin_url_answers_malformed_ids_and_parameters(newsroom, data):
    with each_case_alone(newsroom):
        _every_admin_url_answers_malformed_ids_and_parameters(newsroom, data)


def _every_admin_url_answers_malformed_ids_and_parameters(newsroom, data):
    role = data.draw(st.sampled_from([*ROLES, "pembaca"]), label="role")
    route = data.draw(st.sampled_from(ROUTES), label="route")
    names = re.findall(r"\{(\w+)\}", route)
    url = route.format(**{name: path_value(route, name, newsroom, data.draw) for name in names})
    params = data.draw(
        st.dictionaries(st.sampled_from(PARAMETERS), bad_value, max_size=4), label="params"
    )
    method = data.draw(st.sampled_from(["get", "post", "head", "put", "delete", "options"]))
    client = newsroom.clients[role]
    before = fingerprint()
    if method == "get":
        response = client.get(url, params)
    elif method == "post":
        response = client.post(url, params)
    else:
        response = getattr(client, method)(url)
    assert_answered(response, refused_changes_nothing_since=before)


# --- every admin form, each field broken in turn ----------------------------------------------


def admin_forms(newsroom) -> list[str]:
    """The add form of every registered model and the change form of one row of each."""
    urls = []
    for model in admin.site._registry:
        info = f"/admin/{model._meta.app_label}/{model._meta.model_name}"
        urls.append(f"{info}/add/")
        for pk in model._default_manager.order_by("pk").values_list("pk", flat=True)[:1]:
            urls.append(f"{info}/{pk}/change/")
    urls += [f"/admin/articles/article/{a.pk}/change/" for a in newsroom.articles.values()]
    urls.append(f"/admin/articles/article/{newsroom.articles['published'].pk}/takedown/")
    return sorted(set(urls))


@examples(4)
@given(data=st.data())
def test_every_admin_form_answers_each_field_broken_in_turn(newsroom, data):
    with each_case_alone(newsroom):
        _every_admin_form_answers_each_field_broken_in_turn(newsroom, data)


def _every_admin_form_answers_each_field_broken_in_turn(newsroom, data):
    role = data.draw(st.sampled_from(ROLES), label="role")
    url = data.draw(st.sampled_from(admin_forms(newsroom)), label="form")
    client = newsroom.clients[role]
    page = client.get(url)
    assert_answered(page)
    if page.status_code != 200:
        return  # not this role's form: the refusal itself was checked above
    values, buttons = browser_form(page.text)
    names = sorted({name for name, _value in values} | {"status", "author", "published_at_0"})
    broken = data.draw(st.sampled_from(names), label="field")
    how = data.draw(st.sampled_from(["value", "missing", "twice"]), label="how")
    value = data.draw(bad_value, label="value")
    post = [(name, old) for name, old in values if name != broken or how == "twice"]
    if how != "missing":
        post.append((broken, value))
    post.append(data.draw(st.sampled_from(buttons), label="button"))
    body = {}
    for name, item in post:
        body.setdefault(name, []).append(item)
    before = fingerprint()
    response = client.post(url, body)
    refused = assert_answered(response, refused_changes_nothing_since=before)
    if response.status_code == 200:
        assert refused, f"{url}: a POST shown again without saying what is wrong"


# --- bulk actions on the lists ------------------------------------------------------------------


@examples(1)
@given(data=st.data())
def test_bulk_actions_answer_any_selection(newsroom, data):
    with each_case_alone(newsroom):
        _bulk_actions_answer_any_selection(newsroom, data)


def _bulk_actions_answer_any_selection(newsroom, data):
    role = data.draw(st.sampled_from(ROLES), label="role")
    model = data.draw(st.sampled_from(sorted(admin.site._registry, key=str)), label="model")
    model_admin = admin.site._registry[model]
    url = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
    actions = [action.name for action in model_admin._get_base_actions()] or ["delete_selected"]
    real = [str(pk) for pk in model._default_manager.values_list("pk", flat=True)[:5]]
    selection = data.draw(
        st.lists(st.one_of(st.sampled_from(real or MALFORMED_IDS), bad_id), max_size=4)
    )
    body = {
        "action": data.draw(st.one_of(st.sampled_from(actions), any_text), label="action"),
        "_selected_action": selection,
        "index": data.draw(st.sampled_from(["0", "abc", "-1", ""])),
    }
    if data.draw(st.booleans(), label="select across"):
        body["select_across"] = "1"
    if data.draw(st.booleans(), label="confirmed"):
        body["post"] = "yes"
    before = fingerprint()
    response = newsroom.clients[role].post(url, body)
    assert_answered(response, refused_changes_nothing_since=before)
