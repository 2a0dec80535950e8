from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GuidelinesConfig(AppConfig):
    name = "plein.governance.guidelines"
    label = "guidelines"
    verbose_name = _("Guidelines")

    def ready(self) -> None:
        from plein.core.publishing import publish_check
        from plein.governance.guidelines.actions import guidelines_gate

        # Order 10: the first check, before leak prevention looks at the text.
        publish_check(10)(guidelines_gate)
        # personal_data: what the app holds about a person.
        from plein.governance.guidelines import hooks, personal_data  # noqa: F401
