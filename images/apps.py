from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImagesConfig(AppConfig):
    name = "images"
    verbose_name = _("Pustaka foto")

    def ready(self):
        # django-imagekit listens to post_init and post_save of *every* model, to follow
        # ImageSpecField sources. We make crops with ImageSpec directly and register no
        # such field, yet each article, rubrik and photo built from a row went through its
        # receiver: a tenth of the time of building the front page's rows.
        from django.db.models.signals import post_init, post_save

        from infra.internals import imagekit_tracks_no_fields

        # Only while no ImageSpecField exists (and imagekit still keeps its list where we
        # look): a version that moved it keeps its listeners rather than lose a feature.
        if imagekit_tracks_no_fields():
            post_init.disconnect(dispatch_uid="ik_spec_field_receivers")
            post_save.disconnect(dispatch_uid="ik_spec_field_receivers")
