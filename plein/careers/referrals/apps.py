from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReferralsConfig(AppConfig):
    name = "plein.careers.referrals"
    label = "referrals"
    verbose_name = _("Referrals")

    def ready(self) -> None:
        # The new-vacancy handler; the menu links and audit labels; the notifications to referrers
        # and HR; what the app holds about a person (referrers, pool
        # opt-ins) and the candidates' own retention.
        from plein.careers.referrals import (
            handlers,  # noqa: F401
            hooks,  # noqa: F401
            notification_kinds,  # noqa: F401
            personal_data,  # noqa: F401
        )
