from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PostsConfig(AppConfig):
    name = "plein.posts"
    label = "posts"
    verbose_name = _("Posts")

    def ready(self) -> None:
        # Link previews for new posts; the update and article kinds.
        from plein.posts import handlers, hooks, notification_kinds  # noqa: F401
