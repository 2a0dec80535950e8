import secrets
from typing import ClassVar

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from plein.access.roles import Role


class Department(models.Model):
    name = models.CharField(_("name"), max_length=120, unique=True)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent department"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="children",
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("department")
        verbose_name_plural = _("departments")

    def __str__(self) -> str:
        return self.name


class Skill(models.Model):
    name = models.CharField(_("name"), max_length=80)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("skill")
        verbose_name_plural = _("skills")

    def __str__(self) -> str:
        return self.name


class FieldVisibility(models.TextChoices):
    """Who sees a personal profile field (phone, location, birthday)."""

    ORGANISATION = (
        "org",
        pgettext_lazy("field visibility", "Everyone in the organisation"),
    )
    DEPARTMENT = (
        "department",
        pgettext_lazy("field visibility", "My department and my manager"),
    )
    ONLY_ME = "me", pgettext_lazy("field visibility", "Only me")


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(
        self, email: str, password: str | None = None, **fields: object
    ) -> "User":
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save()
        return user

    def create_superuser(
        self, email: str, password: str | None = None, **fields: object
    ) -> "User":
        fields.setdefault("role", Role.ADMIN)
        fields.setdefault("full_name", email.split("@")[0])
        fields.setdefault("handle", email.split("@")[0].lower())
        return self.create_user(email, password, **fields)


class User(AbstractBaseUser):
    """A person in the organisation: account and profile in one row."""

    class Language(models.TextChoices):
        DUTCH = "nl", pgettext_lazy("language", "Dutch")
        ENGLISH = "en", pgettext_lazy("language", "English")

    email = models.EmailField(_("e-mail address"), max_length=254, unique=True)
    handle = models.SlugField(
        _("handle"),
        max_length=64,
        unique=True,
        help_text=_("Used for @mentions, e.g. @jan.devries."),
    )
    full_name = models.CharField(_("full name"), max_length=150)
    role = models.CharField(
        _("role"), max_length=20, choices=Role.choices, default=Role.MEMBER
    )
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("joined"), default=timezone.now)
    deactivated_at = models.DateTimeField(_("deactivated at"), null=True, blank=True)

    photo = models.ImageField(_("photo"), upload_to="photos/%Y/%m/", blank=True)
    job_title = models.CharField(_("job title"), max_length=120, blank=True)
    department = models.ForeignKey(
        Department,
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="members",
    )
    location = models.CharField(_("location"), max_length=120, blank=True)
    manager = models.ForeignKey(
        "self",
        verbose_name=_("manager"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reports",
    )
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    birthday = models.DateField(_("birthday"), null=True, blank=True)
    bio = models.TextField(_("short bio"), max_length=1000, blank=True)
    skills = models.ManyToManyField(
        Skill, verbose_name=_("skills"), blank=True, related_name="people"
    )
    spoken_languages = models.CharField(
        _("languages spoken"),
        max_length=200,
        blank=True,
        help_text=_("For example: Dutch, English, German."),
    )

    language = models.CharField(
        _("language"), max_length=5, choices=Language.choices, default=Language.DUTCH
    )
    timezone = models.CharField(
        _("time zone"), max_length=64, default="Europe/Amsterdam"
    )

    class DigestFrequency(models.TextChoices):
        OFF = "off", pgettext_lazy("digest", "Never")
        DAILY = "daily", pgettext_lazy("digest", "Daily")
        WEEKLY = "weekly", pgettext_lazy("digest", "Weekly")

    digest_frequency = models.CharField(
        _("digest e-mail"),
        max_length=10,
        choices=DigestFrequency.choices,
        default=DigestFrequency.DAILY,
    )
    # When the last digest went out: claiming a digest is a conditional update.
    last_digest_at = models.DateTimeField(null=True, blank=True)
    # Privacy: whether people other than a post's author see that one read it.
    shows_read_state = models.BooleanField(
        _("show others that I have read a post"), default=True
    )
    # Privacy: who sees these profile fields (plein.access.privacy decides).
    phone_visibility = models.CharField(
        _("who sees my phone number"),
        max_length=12,
        choices=FieldVisibility.choices,
        default=FieldVisibility.ORGANISATION,
    )
    location_visibility = models.CharField(
        _("who sees my location"),
        max_length=12,
        choices=FieldVisibility.choices,
        default=FieldVisibility.ORGANISATION,
    )
    birthday_visibility = models.CharField(
        _("who sees my birthday"),
        max_length=12,
        choices=FieldVisibility.choices,
        default=FieldVisibility.DEPARTMENT,
    )

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []
    # Not a column: the API token that authenticated this request, if any
    # (set by plein.people.actions.get_user_for_token).
    api_token_id: int | None = None
    # Not a column: the location as the viewer may see it ("" when hidden),
    # set by the directory (plein.people.views.directory.person_directory).
    shown_location: str

    class Meta:
        ordering = ["full_name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        indexes = [models.Index(Lower("full_name"), name="people_user_name_lower")]

    def __str__(self) -> str:
        return self.full_name or self.email

    # Django admin asks these; they follow the person's role.
    @property
    def is_staff(self) -> bool:
        return self.is_active and self.role == Role.ADMIN

    @property
    def is_superuser(self) -> bool:
        return self.is_staff

    def has_perm(self, perm: str, obj: object = None) -> bool:
        return self.is_staff

    def has_perms(self, perms: object, obj: object = None) -> bool:
        return self.is_staff

    def has_module_perms(self, app_label: str) -> bool:
        return self.is_staff

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email

    @property
    def initials(self) -> str:
        parts = [p for p in self.full_name.split() if p[:1].isupper()]
        return (
            "".join(p[0] for p in parts[:1] + parts[-1:]).upper()
            or self.email[:1].upper()
        )


class Follow(models.Model):
    """One person following another."""

    follower = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="following"
    )
    followed = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="followers"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["follower", "followed"], name="people_follow_unique"
            ),
            models.CheckConstraint(
                condition=~models.Q(follower=models.F("followed")),
                name="people_follow_not_self",
            ),
        ]
        indexes = [
            models.Index(fields=["followed", "follower"], name="people_follow_followed")
        ]


class Invitation(models.Model):
    email = models.EmailField(_("e-mail address"))
    full_name = models.CharField(_("full name"), max_length=150)
    token = models.CharField(max_length=64, unique=True, default=secrets.token_urlsafe)
    invited_by = models.ForeignKey(
        User, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    accepted_at = models.DateTimeField(null=True, blank=True)
    user = models.OneToOneField(
        User, null=True, blank=True, on_delete=models.CASCADE, related_name="invitation"
    )

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self) -> str:
        return self.email


class ApiToken(models.Model):
    """A personal access token; only its SHA-256 digest is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    digest = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=12)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
