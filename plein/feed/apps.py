from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedConfig(AppConfig):
    name = "plein.feed"
    label = "feed"
    verbose_name = _("Feed")

    def ready(self) -> None:
        # Delivery to inboxes on new posts, memberships and follows.
        # personal_data: what the app holds about a person.
        from plein.feed import handlers, personal_data  # noqa: F401
