"""The newsroom's roles, as Django groups with exactly these permissions.

``sync_roles`` creates or repairs the groups; the migration that introduced the roles
runs it, and so does ``manage.py sync_roles`` after permissions change.
"""

from django.utils.translation import gettext_lazy as _

REPORTER = "Wartawan"
EDITOR = "Redaktur"
CHIEF_EDITOR = "Pemimpin Redaksi"
ADS_DESK = "Bagian Iklan"

# What every member of the newsroom needs to write a story: look up and tag.
_WRITING = [
    "articles.view_article",
    "articles.add_article",
    "articles.change_article",
    "articles.delete_article",
    "articles.view_category",
    "articles.view_region",
    "articles.view_district",
    "articles.view_source",
    "articles.view_correction",
    "taggit.view_tag",
    "taggit.add_tag",
    "images.view_image",
    "images.add_image",
    "images.change_image",
    # Embeds and galleries, inserted from the story's editor.
    "blocks.view_embed",
    "blocks.add_embed",
    "blocks.view_gallery",
    "blocks.add_gallery",
    "blocks.change_gallery",
    "blocks.view_galleryphoto",
    "blocks.add_galleryphoto",
    "blocks.change_galleryphoto",
    "blocks.delete_galleryphoto",
    # Live coverage: reporters write entries; editors publish them.
    "live.view_liveentry",
    "live.add_liveentry",
    "live.change_liveentry",
]
_EDITING = [
    *_WRITING,
    "articles.publish_article",
    "articles.edit_any_article",
    "articles.add_source",
    "articles.change_source",
    "taggit.change_tag",
    "images.delete_image",
    "articles.view_breakingnews",
    "articles.add_breakingnews",
    "articles.change_breakingnews",
    "articles.delete_breakingnews",
    "live.publish_liveentry",
    "live.delete_liveentry",
    "blocks.change_embed",
    "blocks.delete_gallery",
    # Web push: editors send alerts (each story once) and see what was sent.
    "push.view_pushsend",
    "push.add_pushsend",
]
_CHIEF = [
    *_EDITING,
    "articles.takedown_article",
    "articles.empty_trash",
    "articles.add_correction",
    "articles.add_category",
    "articles.change_category",
    "pages.view_sitepage",
    "pages.change_sitepage",
    "accounts.view_user",
    # Partners' keys for the content API: issued, limited and revoked by the chief editor.
    "api.view_apikey",
    "api.add_apikey",
    "api.change_apikey",
    "push.view_pushsettings",
    "push.change_pushsettings",
]

# The ads desk: places, campaigns and ads, and the rubriks and regions they target; no story.
_ADS = [
    "ads.view_placement",
    "ads.change_placement",
    "ads.view_campaign",
    "ads.add_campaign",
    "ads.change_campaign",
    "ads.delete_campaign",
    "ads.view_ad",
    "ads.add_ad",
    "ads.change_ad",
    "ads.delete_ad",
    "articles.view_category",
    "articles.view_region",
]

ROLES = {
    REPORTER: _WRITING,
    EDITOR: _EDITING,
    CHIEF_EDITOR: [*_CHIEF, "ads.view_campaign", "ads.view_ad", "ads.view_placement"],
    ADS_DESK: _ADS,
}
ROLE_LABELS = {
    REPORTER: _("Wartawan"),
    EDITOR: _("Redaktur"),
    CHIEF_EDITOR: _("Pemimpin Redaksi"),
    ADS_DESK: _("Bagian Iklan"),
}


def sync_roles(apps=None, *, missing_ok: bool = False) -> None:
    """Give each role group exactly its permissions (creating what is missing).

    A migration that runs before some app exists passes ``missing_ok``; a later migration
    syncs again once it does.
    """
    if apps is None:
        from django.apps import apps
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codes in ROLES.items():
        group, _created = Group.objects.get_or_create(name=name)
        permissions = []
        for code in codes:
            app_label, codename = code.split(".")
            permission = Permission.objects.filter(
                content_type__app_label=app_label, codename=codename
            ).first()
            if permission is None:
                if missing_ok:
                    continue
                raise LookupError(f"permission {code} does not exist")
            permissions.append(permission)
        group.permissions.set(permissions)
