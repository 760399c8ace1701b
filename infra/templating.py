"""The public site's template engine: Jinja2, set up with what its pages call.

Readers' pages (``jinja2/``) are Jinja2 templates, compiled to Python once per process
(Django's template language stays for the admin, ``templates/``). What the pages call
beyond the basics here (list items, page frame, share links, JSON-LD, photos, dates)
belongs to the apps and is named in the engine's OPTIONS in settings (``globals`` and
``filters``, dotted paths): nothing here decides how a date, a photo or a link looks.

Strings to translate are written ``_("…")`` (with ``|format(name=…)`` for a value in
them): ``makemessages`` finds them in the templates as it finds Django's.
"""

from django.conf import settings
from django.template import defaultfilters
from django.template.backends import jinja2 as django_jinja2
from django.template.backends.utils import csrf_input_lazy, csrf_token_lazy
from django.templatetags.static import static
from django.test.signals import template_rendered
from django.utils import translation
from django.utils.module_loading import import_string
from jinja2 import ChainableUndefined, Environment

from infra.paths import path_to


def languages() -> list[tuple[str, str]]:
    """The languages a reader may switch to, each named in the current language."""
    return [(code, translation.gettext(name)) for code, name in settings.LANGUAGES]


def environment(**options) -> Environment:
    # Everything a page prints is escaped unless marked safe, whatever the settings say.
    # As in Django's template language, a missing value shows as nothing (also with
    # DEBUG on, where Django's backend would print its name), and so does any of its
    # attributes: ``{{ article.lead_image.caption }}`` with no photo is "".
    options.update(undefined=ChainableUndefined)
    options.pop("autoescape", None)
    app_globals = {name: import_string(path) for name, path in options.pop("globals", {}).items()}
    app_filters = {name: import_string(path) for name, path in options.pop("filters", {}).items()}
    env = Environment(autoescape=True, **options)
    env.globals.update(
        _=translation.gettext,
        get_language=translation.get_language,
        languages=languages,
        url=path_to,  # {{ url("reader:tag", slug=tag.slug) }}
        static=static,
        **app_globals,
    )
    env.filters.update(
        linebreaks=defaultfilters.linebreaks_filter,
        linebreaksbr=defaultfilters.linebreaksbr,
        truncatewords=defaultfilters.truncatewords,
        **app_filters,
    )
    return env


class Jinja2(django_jinja2.Jinja2):
    """Django's Jinja2 backend, with the context as Django's template language makes it:
    what the view hands over wins over what context processors add (the view's rubriks
    for the navigation are not asked for again). Its templates also announce their
    rendering as Django's own do, so the test client shows ``response.context``."""

    def get_template(self, template_name):
        return Template(super().get_template(template_name).template, self)

    def from_string(self, template_code):
        return Template(self.env.from_string(template_code), self)


class Template(django_jinja2.Template):
    def render(self, context=None, request=None):
        context = {} if context is None else context
        # Nobody listens outside tests: sending costs a look at an empty list.
        template_rendered.send(sender=self, template=self, context=context)
        if request is not None:
            processed = {
                "request": request,
                "csrf_input": csrf_input_lazy(request),
                "csrf_token": csrf_token_lazy(request),
            }
            for context_processor in self.backend.template_context_processors:
                processed.update(context_processor(request))
            context = {**processed, **context}
        return self.template.render(context)
