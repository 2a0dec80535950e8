"""HTML forms for accounts, profiles and settings.

Forms parse what people type; the rules live in ``plein.people.actions``.
Errors an action raises are put back on the form with
``plein.core.forms.add_action_error``.
"""

import zoneinfo
from functools import cache
from typing import Any, cast

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from plein.core.ratelimit import hit_rate_limit, is_rate_limited
from plein.notifications.kinds import listed_kinds
from plein.people.models import Department, Skill, User

PHOTO_MAX_BYTES = 5 * 1024 * 1024
PHOTO_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}
PHOTO_MAX_PIXELS = 40_000_000


@cache
def timezone_choices() -> list[tuple[str, str]]:
    """Every IANA zone, Europe first because that is where most of us are."""
    zones = sorted(
        z
        for z in zoneinfo.available_timezones()
        if "/" in z and not z.startswith("Etc/")
    )
    europe = [z for z in zones if z.startswith("Europe/")]
    rest = [z for z in zones if not z.startswith("Europe/")]
    return [(z, z.replace("_", " ")) for z in europe + rest + ["UTC"]]


class LoginForm(AuthenticationForm):
    """E-mail and password; a few attempts a minute per address."""

    username = forms.EmailField(
        label=_("E-mail address"),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )
    error_messages = {
        "invalid_login": _(
            "That e-mail address and password do not match an active account. "
            "Check them and try again."
        ),
        "inactive": _("This account has been deactivated."),
        "rate_limited": _("Too many attempts. Wait a minute and try again."),
    }

    def clean(self) -> dict[str, Any]:
        email = (self.data.get("username") or "").strip().lower()
        # Failed attempts are counted per address: that slows down guessing
        # one person's password without locking out a whole office that
        # shares one IP address.
        limit = settings.LOGIN_RATE_LIMIT_PER_MINUTE
        if email and is_rate_limited("login-failures", email, limit):
            raise forms.ValidationError(
                self.error_messages["rate_limited"], code="rate_limited"
            )
        try:
            return super().clean()
        except forms.ValidationError:
            if email:
                hit_rate_limit("login-failures", email, limit)
            raise


class LanguageForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"), choices=User.Language.choices)
    next = forms.CharField(required=False, widget=forms.HiddenInput)


class AcceptInvitationForm(forms.Form):
    full_name = forms.CharField(
        label=_("Your name"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    password = forms.CharField(
        label=_("Choose a password"),
        help_text=_(
            "At least 10 characters. A few words in a row are easy to remember "
            "and hard to guess."
        ),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password_again = forms.CharField(
        label=_("Type the password again"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if (
            data.get("password")
            and data.get("password_again")
            and data["password"] != data["password_again"]
        ):
            self.add_error("password_again", _("The two passwords are not the same."))
        return data


class DirectoryFilterForm(forms.Form):
    q = forms.CharField(
        label=pgettext_lazy("directory", "Name"), required=False, max_length=100
    )
    department = forms.ModelChoiceField(
        label=_("Department"),
        queryset=Department.objects.all(),
        required=False,
        empty_label=pgettext_lazy("department", "All departments"),
    )
    location = forms.ChoiceField(label=_("Location"), required=False)
    skill = forms.ModelChoiceField(
        label=_("Skill"),
        queryset=Skill.objects.all(),
        required=False,
        to_field_name="slug",
        empty_label=pgettext_lazy("skill", "All skills"),
    )

    def __init__(
        self, *args: Any, locations: list[str] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        # self.fields types every field as Field; this one is the ChoiceField above.
        cast(forms.ChoiceField, self.fields["location"]).choices = [
            ("", pgettext_lazy("location", "All locations"))
        ] + [(loc, loc) for loc in locations or []]


class ProfileForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    job_title = forms.CharField(label=_("Job title"), required=False, max_length=120)
    department = forms.ModelChoiceField(
        label=_("Department"),
        queryset=Department.objects.all(),
        required=False,
        empty_label=pgettext_lazy("department", "No department"),
    )
    location = forms.CharField(
        label=_("Location"),
        required=False,
        max_length=120,
        help_text=_("The office or city where you usually work."),
    )
    manager = forms.CharField(
        label=_("Manager"),
        required=False,
        max_length=64,
        help_text=_(
            "Your manager's handle, for example jan.devries. "
            "Leave empty if you have none."
        ),
    )
    phone = forms.CharField(
        label=_("Phone"),
        required=False,
        max_length=40,
        help_text=_("You choose who sees it, under Settings, Privacy."),
        widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
    )
    skills = forms.CharField(
        label=_("Skills"),
        required=False,
        max_length=1000,
        help_text=_(
            "Separate skills with commas, for example: Python, mortgages, Spanish."
        ),
    )
    spoken_languages = forms.CharField(
        label=_("Languages you speak"),
        required=False,
        max_length=200,
        help_text=_("For example: Dutch, English, German."),
    )
    bio = forms.CharField(
        label=_("Short bio"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What you work on and what colleagues can ask you about."),
    )
    language = forms.ChoiceField(label=_("Language"), choices=User.Language.choices)
    timezone = forms.ChoiceField(label=_("Time zone"), choices=timezone_choices)
    photo = forms.ImageField(
        label=_("Photo"),
        required=False,
        help_text=_("JPEG, PNG, WebP or GIF, at most 5 MB. A square photo looks best."),
        widget=forms.FileInput(
            attrs={"accept": "image/jpeg,image/png,image/webp,image/gif"}
        ),
    )
    remove_photo = forms.BooleanField(label=_("Remove my photo"), required=False)
    shows_read_state = forms.BooleanField(
        label=_("Show others that I have read a post"),
        required=False,
        help_text=_(
            "When off, only the author of a post you are asked to read sees "
            "whether you read it."
        ),
    )

    # Where the action's field names differ from the form's.
    action_aliases = {"department_id": "department", "manager_id": "manager"}

    @classmethod
    def initial_for(cls, person: User) -> dict[str, Any]:
        return {
            "full_name": person.full_name,
            "job_title": person.job_title,
            "department": person.department_id,
            "location": person.location,
            "manager": person.manager.handle if person.manager else "",
            "phone": person.phone,
            "skills": ", ".join(person.skills.values_list("name", flat=True)),
            "spoken_languages": person.spoken_languages,
            "bio": person.bio,
            "language": person.language,
            "timezone": person.timezone,
            "shows_read_state": person.shows_read_state,
        }

    def clean_manager(self) -> int | None:
        handle = self.cleaned_data["manager"].strip().lstrip("@")
        if not handle:
            return None
        manager_id = (
            User.objects.filter(handle__iexact=handle, is_active=True)
            .values_list("pk", flat=True)
            .first()
        )
        if manager_id is None:
            raise forms.ValidationError(
                _("Nobody with the handle %(handle)s works here."),
                params={"handle": handle},
            )
        return manager_id

    def clean_skills(self) -> list[str]:
        return [s.strip() for s in self.cleaned_data["skills"].split(",") if s.strip()]

    def clean_photo(self) -> UploadedFile | None:
        photo = self.cleaned_data.get("photo")
        if not photo or not isinstance(photo, UploadedFile):
            return photo
        if photo.size and photo.size > PHOTO_MAX_BYTES:
            raise forms.ValidationError(
                _("This photo is too large: the limit is 5 MB.")
            )
        # forms.ImageField has opened the file with Pillow and kept the image.
        image = getattr(photo, "image", None)
        if image is None or image.format not in PHOTO_FORMATS:
            raise forms.ValidationError(_("Upload a JPEG, PNG, WebP or GIF image."))
        if image.width * image.height > PHOTO_MAX_PIXELS:
            raise forms.ValidationError(
                _("This photo has too many pixels. Try a smaller version.")
            )
        return photo

    def profile_changes(self) -> dict[str, Any]:
        """The cleaned data in the shape ``check_update_profile`` expects."""
        data = self.cleaned_data
        department = data.get("department")
        return {
            "full_name": data["full_name"],
            "job_title": data["job_title"],
            "department_id": department.pk if department else None,
            "location": data["location"],
            "manager_id": data["manager"],
            "phone": data["phone"],
            "skills": data["skills"],
            "spoken_languages": data["spoken_languages"],
            "bio": data["bio"],
            "language": data["language"],
            "timezone": data["timezone"],
            "shows_read_state": data["shows_read_state"],
        }


class NotificationPreferencesForm(forms.Form):
    """Per kind an in-app and an e-mail checkbox, and the digest frequency.

    The kinds are the registered ones (``plein.notifications.kinds``). The
    in-app field of a kind is named after it (``mention``), the e-mail field
    ``email_<kind>``, only for kinds that may be e-mailed; unchecked means
    off.
    """

    digest_frequency = forms.ChoiceField(
        label=_("Summary by e-mail"),
        choices=User.DigestFrequency.choices,
        # Left out of a request, the frequency stays as it is.
        required=False,
        help_text=_(
            "Required reading still open, mentions, replies, alert matches "
            "and popular posts in your groups, in one e-mail."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for kind in listed_kinds():
            self.fields[kind.code] = forms.BooleanField(
                label=kind.label, required=False
            )
            if kind.email:
                self.fields[f"email_{kind.code}"] = forms.BooleanField(
                    label=pgettext_lazy("notification channel", "E-mail"),
                    required=False,
                )

    def kind_rows(self) -> list[tuple[Any, Any, Any]]:
        """``(label, in-app field, e-mail field or None)`` per kind."""
        return [
            (
                kind.label,
                self[kind.code],
                self[f"email_{kind.code}"] if kind.email else None,
            )
            for kind in listed_kinds()
        ]


class PasswordChangeForm(forms.Form):
    """Current and new password; ``check_change_password`` checks them."""

    current_password = forms.CharField(
        label=_("Current password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    new_password1 = forms.CharField(
        label=_("New password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    new_password2 = forms.CharField(
        label=_("New password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    action_aliases = {"new_password": "new_password1"}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, second = data.get("new_password1"), data.get("new_password2")
        if first and second and first != second:
            self.add_error("new_password2", _("The two new passwords differ."))
        return data


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_(
            "What the token is for, so you recognise it later. "
            "For example: reporting script."
        ),
    )


class InviteForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    email = forms.EmailField(
        label=_("E-mail address"),
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )


class ManageFilterForm(forms.Form):
    q = forms.CharField(label=_("Name or e-mail"), required=False, max_length=100)
    status = forms.ChoiceField(
        label=pgettext_lazy("account status", "Status"),
        required=False,
        choices=[
            ("", pgettext_lazy("account status", "Everyone")),
            ("active", pgettext_lazy("account status", "Active")),
            ("deactivated", pgettext_lazy("account status", "Deactivated")),
        ],
    )


class MentionQueryForm(forms.Form):
    """``?q=an&limit=8`` for the @mention suggestions: short and bounded."""

    q = forms.CharField(max_length=50, strip=True)
    limit = forms.IntegerField(min_value=1, max_value=10, required=False)
