from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MailConfig(AppConfig):
    name = "plein.mail"
    label = "mail"
    verbose_name = _("E-mail")

    def ready(self) -> None:
        # personal_data: what the app holds about a person.
        from plein.mail import notification_kinds, personal_data  # noqa: F401
        from plein.mail.tasks import schedule_notification_emails
        from plein.notifications.kinds import register_channel

        # Notifications are e-mailed by the channel do_notify calls.
        register_channel("email", schedule_notification_emails)
