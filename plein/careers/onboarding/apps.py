from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OnboardingConfig(AppConfig):
    name = "plein.careers.onboarding"
    label = "onboarding"
    verbose_name = _("Onboarding")

    def ready(self) -> None:
        # Plans made when a person is created, tasks ticked when they join
        # a group; the home fragment, menu links and audit labels; the two
        # notifications; what the app holds about a person.
        from plein.careers.onboarding import (
            handlers,  # noqa: F401
            hooks,  # noqa: F401
            notification_kinds,  # noqa: F401
            personal_data,  # noqa: F401
        )
