from django.apps import AppConfig
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class ListeningSourcesConfig(AppConfig):
    name = "plein.listening.sources"
    label = "listening_sources"
    verbose_name = _("Listening sources")

    def ready(self) -> None:
        # The audit log's names for the source events; what it holds about
        # a person (who added a source).
        from plein.listening.sources import (
            hooks,  # noqa: F401
            personal_data,  # noqa: F401
        )
        from plein.listening.sources.mailin import handle_listening_mail
        from plein.mail.gateway.extensions import register_address_handler

        # Mail to the listening address becomes mentions (mailin.py).
        register_address_handler(
            settings.LISTENING_ADDRESS_LOCAL_PART, handle_listening_mail
        )
