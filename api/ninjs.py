"""A story as IPTC ninjs 2.1 (News in JSON), for partners whose systems read it.

The schema ships beside this module (``ninjs/ninjs-schema_2.1.json``, IPTC, CC BY 4.0:
see ``ninjs/LICENSE.md``); the tests validate every export against it.

The lead photo is not exported as an association: ninjs 2.1's schema refuses every
association (its ``ninjsType`` closes unevaluated properties before the association's
required ``name`` is seen), and an export must validate. Partners find the photo, its
caption, credit and crops in ``/api/v1/articles/<id>/`` (``lead_image``).
"""

from django.conf import settings

from api import content

SCHEMA_URI = "http://www.iptc.org/std/ninjs/ninjs-schema_2.1.json"


def _article_genre(article) -> dict:
    return {"name": article.get_kind_display(), "literal": article.kind}


def ninjs(article) -> dict:
    """A public story (from ``content.story``) as a ninjs 2.1 object."""
    data = content.story_data(article)
    text = data["body_text"]
    item = {
        "uri": data["url"],
        "type": "text",
        "representationtype": "full",
        "profile": "newsroom-article",
        "version": str(article.lock_version),
        "firstcreated": content.iso(article.published_at),
        "versioncreated": data["updated_at"],
        "pubstatus": "usable",
        "language": "id",
        "copyrightholder": settings.SITE_NAME,
        "headlines": [{"role": "main", "value": data["headline"]}],
        "bodies": [
            {
                "role": "main",
                "contenttype": "text/html",
                "value": article.rendered_body(),
                "charcount": len(text),
                "wordcount": len(text.split()),
            },
            {"role": "main", "contenttype": "text/plain", "value": text},
        ],
        "slugline": article.slug,
        "genres": [_article_genre(article)],
        "altids": [{"role": "canonical", "value": data["canonical_url"]}],
    }
    descriptions = []
    if data["summary"]:
        descriptions.append({"role": "summary", "value": data["summary"]})
    if data["label"]:
        descriptions.append({"role": "label", "value": data["label"]})
    descriptions += [
        {"role": c["kind"], "value": f"{c['kind_label']} ({c['published_at']}): {c['text']}"}
        for c in data["corrections"]
    ]
    if descriptions:
        item["descriptions"] = descriptions
    if data["author"]:
        item["by"] = data["author"]["name"]
        if data["author"]["kind"] == "person":
            item["people"] = [
                {"name": data["author"]["name"], "rel": "author", "uri": data["author"]["url"]}
            ]
    if data["dateline_place"]:
        item["located"] = data["dateline_place"]
    subjects = [{"name": t["name"], "rel": "tag", "uri": t["url"]} for t in data["tags"]]
    if data["rubrik"]:
        subjects.insert(
            0, {"name": data["rubrik"]["name"], "rel": "rubrik", "uri": data["rubrik"]["url"]}
        )
    if subjects:
        item["subjects"] = subjects
    if data["region"]:
        region = data["region"]
        item["places"] = [{"name": region["name"], "literal": region["code"], "uri": region["url"]}]
    if data["source"]:
        source = data["source"]
        item["infosources"] = [
            {"name": source["name"], "uri": source["homepage_url"] or source["url"]}
        ]
        if source["attribution"]:
            item["usageterms"] = source["attribution"]
    item["standard"] = {"name": "ninjs", "version": "2.1", "schema": SCHEMA_URI}
    return item
