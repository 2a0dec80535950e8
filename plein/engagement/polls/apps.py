from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PollsConfig(AppConfig):
    name = "plein.engagement.polls"
    label = "polls"
    verbose_name = _("Polls and quizzes")

    def ready(self) -> None:
        # The poll and quiz kinds of post, the composer links, the event
        # labels; the notification about a closed poll; what the app holds
        # about a person.
        from plein.engagement.polls import (
            hooks,  # noqa: F401
            notification_kinds,  # noqa: F401
            personal_data,  # noqa: F401
        )
