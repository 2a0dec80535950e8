from django.apps import AppConfig, apps
from django.utils.translation import gettext_lazy as _


class ComplianceConfig(AppConfig):
    name = "plein.governance.compliance"
    label = "compliance"
    verbose_name = _("Compliance archive")

    def ready(self) -> None:
        # Audit log and history: every domain event is written to the audit
        # log, membership events to the membership history.
        from django.contrib.auth import signals as auth_signals
        from django.db import connections
        from django.db.backends.signals import connection_created
        from django.db.models.signals import post_save

        from plein.core.events import record_with
        from plein.governance.compliance import audit, history, signals

        record_with(audit.record_domain_event)
        record_with(history.record_membership_event)
        connection_created.connect(
            audit.register_sqlite_functions, dispatch_uid="compliance_sqlite"
        )
        for conn in connections.all(initialized_only=True):
            if conn.connection is not None:
                audit.register_sqlite_functions(None, conn)
        auth_signals.user_logged_in.connect(
            signals.logged_in, dispatch_uid="compliance_logged_in"
        )
        auth_signals.user_login_failed.connect(
            signals.login_failed, dispatch_uid="compliance_login_failed"
        )
        auth_signals.user_logged_out.connect(
            signals.logged_out, dispatch_uid="compliance_logged_out"
        )
        if apps.is_installed("django.contrib.admin"):
            from django.contrib.admin.models import LogEntry

            post_save.connect(
                signals.admin_logged, sender=LogEntry, dispatch_uid="compliance_admin"
            )
        # personal_data: what the app holds about a person.
        from plein.governance.compliance import hooks, personal_data  # noqa: F401
