from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# Audit log and history -----------------------------------------------------------


class AuditEntry(models.Model):
    """One recorded event: append-only, hash-chained (docs/compliance.md).

    Written only by :func:`plein.governance.compliance.audit.record_event`;
    database triggers refuse UPDATE and DELETE. ``actor_id`` and ``target_id``
    are plain integers, not foreign keys: the log outlives erasure.
    """

    at = models.DateTimeField(_("at"), default=timezone.now, db_index=True)
    actor_id = models.BigIntegerField(_("actor"), null=True, blank=True, db_index=True)
    action = models.CharField(_("action"), max_length=100, db_index=True)
    target_type = models.CharField(_("target type"), max_length=50, blank=True)
    target_id = models.BigIntegerField(_("target"), null=True, blank=True)
    data = models.JSONField(_("data"), default=dict, blank=True)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    prev_hash = models.CharField(max_length=64, blank=True)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        indexes = [
            models.Index(fields=["target_type", "target_id"], name="compl_audit_target")
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.action}"


class MembershipPeriod(models.Model):
    """A stretch of time someone was in a group, with one role."""

    group_id = models.BigIntegerField(db_index=True)
    user_id = models.BigIntegerField(db_index=True)
    role = models.CharField(max_length=10)
    started_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["started_at", "id"]
        verbose_name = _("membership period")
        verbose_name_plural = _("membership periods")
        indexes = [
            models.Index(fields=["group_id", "started_at"], name="compl_period_group")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} in {self.group_id} from {self.started_at}"


# Retention, holds, exports -------------------------------------------------------


class RetentionPolicy(models.Model):
    """How long content is kept: one organisation row (no group) or a group's override.

    Without an organisation row, ``settings.RETENTION_DAYS`` applies. Days
    count from an item's ``created_at`` (docs/compliance.md, "Retention").
    """

    group = models.OneToOneField(
        "groups.Group",
        verbose_name=_("group"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="retention_policy",
    )
    days = models.PositiveIntegerField(_("days to keep"))
    updated_by = models.ForeignKey(
        "people.User",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("retention policy")
        verbose_name_plural = _("retention policies")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(days__gte=1), name="compl_retention_days_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.group or 'organisation'}: {self.days}"


class LegalHold(models.Model):
    """Keeps content from purging and a person from erasure until released.

    A matter is the name shared by one or more holds. A hold names a person
    (everything they wrote), a group (everything in it), or both (what the
    person wrote in that group).
    """

    matter = models.CharField(_("matter"), max_length=200)
    person = models.ForeignKey(
        "people.User",
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="legal_holds",
    )
    group = models.ForeignKey(
        "groups.Group",
        verbose_name=_("group"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="legal_holds",
    )
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        "people.User", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    released_at = models.DateTimeField(_("released at"), null=True, blank=True)
    released_by = models.ForeignKey(
        "people.User",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("legal hold")
        verbose_name_plural = _("legal holds")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(person__isnull=False)
                | models.Q(group__isnull=False),
                name="compl_hold_names_someone",
            )
        ]
        indexes = [
            models.Index(
                fields=["person"],
                condition=models.Q(released_at__isnull=True),
                name="compl_hold_active_person",
            )
        ]

    def __str__(self) -> str:
        return self.matter

    @property
    def is_active(self) -> bool:
        return self.released_at is None


class Export(models.Model):
    """An eDiscovery export: the search a compliance officer ran and its zip file."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        RUNNING = "running", _("Running")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    requested_by = models.ForeignKey(
        "people.User", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.PENDING
    )
    # The search.
    person = models.ForeignKey(
        "people.User",
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    group = models.ForeignKey(
        "groups.Group",
        verbose_name=_("group"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    date_from = models.DateField(_("from"), null=True, blank=True)
    date_to = models.DateField(_("until"), null=True, blank=True)
    keywords = models.CharField(_("keywords"), max_length=500, blank=True)
    # The result: the zip's name in the exports storage (STORAGES["exports"]),
    # never served directly; while a run builds it, the name that run saves under.
    file = models.CharField(max_length=300, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    item_count = models.PositiveIntegerField(default=0)
    finished_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("eDiscovery export")
        verbose_name_plural = _("eDiscovery exports")

    def __str__(self) -> str:
        return f"export {self.pk} ({self.status})"
