"""The admin as a browser uses it: read a form from its page, change fields, send it."""

import lxml.html


def browser_form(html: str):
    """The page's main form as a browser would submit it: the values and the buttons."""
    document = lxml.html.fromstring(html)
    forms = [f for f in document.forms if (f.get("method") or "").lower() == "post"]
    form = next((f for f in forms if (f.get("id") or "").endswith("_form")), forms[-1])
    values = list(form.form_values())
    buttons = [
        (button.get("name"), button.get("value") or "")
        for button in form.xpath(".//button[@name] | .//input[@type='submit'][@name]")
    ]
    return values, buttons or [("_save", "")]


def submit_changed(client, url: str, **changes):
    """GET the admin form at ``url``, change the named fields, press "Simpan"."""
    values, _buttons = browser_form(client.get(url).content.decode())
    data: dict[str, list[str]] = {}
    for name, value in values:
        data.setdefault(name, []).append(value)
    for name, value in changes.items():
        data[name] = [value]
    data["_save"] = [""]
    return client.post(url, data)
