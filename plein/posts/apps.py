from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PostsConfig(AppConfig):
    name = "plein.posts"
    label = "posts"
    verbose_name = _("Posts")

    def ready(self) -> None:
        # Link previews for new posts; the update and article kinds.
        # personal_data: what the app holds about a person.
        from plein.posts import handlers, hooks, notification_kinds, personal_data  # noqa: F401
