from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PostsConfig(AppConfig):
    name = "plein.posts"
    label = "posts"
    verbose_name = _("Posts")

    def ready(self) -> None:
        # What the app holds about a person (plein.core.personal_data).
        from plein.posts import personal_data  # noqa: F401
