import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_admin_is_indonesian_by_default_even_for_english_browsers(client):
    response = client.get(reverse("admin:login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response["Content-Language"] == "id"
    assert "Nama pengguna" in response.text


def test_english_is_available_through_the_language_switch(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    response = client.get(reverse("admin:login"))
    assert response["Content-Language"] == "en"
    assert "Username" in response.text


def test_public_site_is_indonesian_by_default(client):
    response = client.get(reverse("reader:headlines"))
    assert '<html lang="id">' in response.text
    assert "Langsung ke isi" in response.text


def test_unknown_language_cookie_falls_back_to_indonesian(client):
    client.cookies["django_language"] = "xx"
    assert client.get(reverse("reader:headlines"))["Content-Language"] == "id"


def test_newsrooms_own_strings_are_translated_to_english(client, editor):
    from tests.factories import make_article

    make_article()
    client.force_login(editor)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    admin_html = client.get(reverse("admin:articles_article_changelist")).text
    assert "Publish selected articles" in admin_html
    assert "Skip to content" in client.get(reverse("reader:headlines")).text


def test_untranslated_third_party_admin_strings_read_indonesian(editor_client):
    html = editor_client.get(reverse("admin:index")).text
    assert "Taggit" not in html


def read_po(path):
    """msgid -> msgstr for the singular entries of a .po file."""
    import ast

    entries, key, current = {}, None, None
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        if line.startswith("msgid "):
            key, current = "id", [ast.literal_eval(line[6:])]
            msgid = current
        elif line.startswith("msgstr "):
            key, current = "str", [ast.literal_eval(line[7:])]
            msgstr = current
        elif line.startswith('"') and current is not None:
            current.append(ast.literal_eval(line))
        elif not line.strip() and key == "str":
            if "".join(msgid):
                entries["".join(msgid)] = "".join(msgstr)
            key = current = None
    return entries


@pytest.mark.parametrize(
    ("language", "domain"), [("en", "django"), ("id", "django"), ("id", "djangojs")]
)
def test_compiled_catalogs_match_their_sources(language, domain):
    import gettext
    from pathlib import Path

    folder = Path(__file__).resolve().parents[2] / "locale" / language / "LC_MESSAGES"
    with (folder / f"{domain}.mo").open("rb") as handle:
        catalog = gettext.GNUTranslations(handle)
    source = read_po(folder / f"{domain}.po")
    assert source
    for msgid, msgstr in source.items():
        assert catalog.gettext(msgid) == msgstr, f"recompile {language}: {msgid!r}"


def public_template_strings():
    """Every ``_("…")`` in the public site's Jinja2 templates, with its template."""
    from pathlib import Path

    from django.template import engines
    from jinja2.ext import extract_from_ast

    env = engines["jinja2"].env
    folder = Path(__file__).resolve().parents[2] / "jinja2"
    for path in sorted(folder.rglob("*.html")):
        source = path.read_text(encoding="utf-8")
        for _line, _function, message in extract_from_ast(env.parse(source), ("_",)):
            yield path, source, message


def test_public_templates_strings_are_found_by_makemessages_and_translated():
    from pathlib import Path

    from django.utils.translation.template import templatize

    catalog = read_po(
        Path(__file__).resolve().parents[2] / "locale" / "en" / "LC_MESSAGES" / "django.po"
    )
    messages = list(public_template_strings())
    assert len(messages) > 50
    for path, source, message in messages:
        extracted = templatize(source)  # what makemessages hands to xgettext
        assert f'"{message}"' in extracted or f"'{message}'" in extracted, (path, message)
        assert catalog.get(message), f"{path.name}: no English for {message!r}"
