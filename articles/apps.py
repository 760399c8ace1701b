from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = _("Berita")

    def ready(self):
        # Revisions keep an article with its tags, so a restore brings them back too.
        import reversion
        from taggit.models import Tag, TaggedItem

        from articles.models import Article

        for model, follow in ((Article, ["tagged_items"]), (TaggedItem, ["tag"]), (Tag, [])):
            if not reversion.is_registered(model):
                reversion.register(model, follow=follow)
