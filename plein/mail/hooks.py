"""Where the e-mail reduction report is linked from: the person's menu and
the "Manage people" page, for those who may read it (org admins and
moderators, ``can_view_mail_report``)."""

from django.utils.translation import gettext_lazy as _

from plein.access.mail import can_view_mail_report
from plein.core.fragments import register_menu_item

register_menu_item(
    "header.menu",
    "mail.report",
    _("E-mail reduction"),
    "mail-report:report",
    order=80,
    when=can_view_mail_report,
    active_prefix="/reports/email",
)
register_menu_item(
    "people.manage.links",
    "mail.report",
    _("E-mail reduction"),
    "mail-report:report",
    when=can_view_mail_report,
)
