"""An entry's markup, the same on the page and in its update feed (Jinja2 global
``live_entry``)."""

from django.template.loader import render_to_string
from django.utils.http import urlencode
from django.utils.safestring import mark_safe

from blocks.markup import Blocks
from live.models import LiveEntry


def entry(entry: LiveEntry, page_url: str, blocks: Blocks | None = None):
    """One entry, with its anchor and a WhatsApp link to it (``page_url``: the story's
    absolute address; ``blocks``: the embeds and galleries of the entries shown)."""
    url = f"{page_url}#{entry.anchor}"
    text = entry.headline or entry.article.headline
    html = render_to_string(
        "live/_entry.html",
        {
            "entry": entry,
            # Sanitized when saved (the same rules as a story's body).
            "body": blocks.render(entry.body) if blocks else mark_safe(entry.body),  # noqa: S308
            "whatsapp": "https://wa.me/?" + urlencode({"text": f"{text} {url}"}),
        },
    )
    return mark_safe(html)  # noqa: S308 (rendered by a template that escapes)
