"""Forms that parse referral, candidate, pool and consent input.

They only parse: the actions validate, and their ``InvalidInput`` errors go
back on the matching field, so what was typed is kept.
"""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from plein.careers.referrals.models import HR_STATUSES, Consent, Language, Referral


class ReferralForm(forms.Form):
    name = forms.CharField(label=_("Candidate's name"), max_length=200)
    email = forms.CharField(
        label=_("Candidate's e-mail address"),
        max_length=254,
        help_text=_("They get a mail asking for their consent."),
    )
    phone = forms.CharField(label=_("Phone"), required=False, max_length=40)
    language = forms.ChoiceField(
        label=_("Language of the mail"),
        choices=Language.choices,
        initial=Language.NL,
    )


class ReferralDetailsForm(forms.Form):
    """Why, and the CV: asked for once the candidate agreed."""

    why = forms.CharField(
        label=_("Why this candidate?"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    cv = forms.FileField(
        label=_("CV"),
        required=False,
        help_text=_("PDF or document. A new file replaces the one sent before."),
    )


class PublicApplicationForm(forms.Form):
    """Applying on the public vacancy page, through a colleague's share link."""

    name = forms.CharField(label=_("Your name"), max_length=200)
    email = forms.CharField(label=_("Your e-mail address"), max_length=254)
    phone = forms.CharField(label=_("Phone"), required=False, max_length=40)
    motivation = forms.CharField(
        label=_("Why this vacancy?"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    cv = forms.FileField(label=_("CV"), required=False, help_text=_("PDF or document."))
    language = forms.ChoiceField(
        label=_("Language"), choices=Language.choices, initial=Language.NL
    )
    scope = forms.ChoiceField(
        label=_("What you agree to"),
        choices=[
            (Consent.Scope.PROCEDURE, Consent.Scope.PROCEDURE.label),
            (Consent.Scope.YEAR, Consent.Scope.YEAR.label),
        ],
        widget=forms.RadioSelect,
    )
    referrer_sees_status = forms.BooleanField(
        label=_("The colleague who shared this vacancy may follow how it goes"),
        required=False,
    )
    ref = forms.CharField(max_length=32, widget=forms.HiddenInput)


# The actions' field names -> this form's.
REFERRAL_FIELDS = {"vacancy": "name"}


class StatusForm(forms.Form):
    status = forms.ChoiceField(
        label=pgettext_lazy("referral", "Status"),
        choices=[(s.value, s.label) for s in HR_STATUSES],
    )


class RewardForm(forms.Form):
    reward_description = forms.CharField(
        label=_("Reward"), max_length=200, help_text=_("Paid outside Plein.")
    )
    reward_amount = forms.CharField(
        label=_("Amount in euros"), required=False, max_length=20
    )


class CandidateForm(forms.Form):
    phone = forms.CharField(label=_("Phone"), required=False, max_length=40)
    summary = forms.CharField(
        label=_("Summary (shown on the passport)"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    skills = forms.CharField(
        label=_("Skills (for talent pools)"), required=False, max_length=500
    )
    notes = forms.CharField(
        label=_("Notes for HR"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ShareForm(forms.Form):
    handle = forms.CharField(
        label=_("Colleague"),
        max_length=64,
        help_text=_("Their @handle."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "data-mentions": ""}),
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=500)


class PoolForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ConsentForm(forms.Form):
    """The candidate's answer on their page."""

    ACTIONS = ("procedure", "year", "decline", "erase", "renew", "language")

    action = forms.ChoiceField(choices=[(a, a) for a in ACTIONS])
    referrer_sees_status = forms.BooleanField(required=False)
    language = forms.ChoiceField(choices=Language.choices, required=False)


SCOPES = {"procedure": Consent.Scope.PROCEDURE, "year": Consent.Scope.YEAR}
STATUS_CHOICES = Referral.Status.choices
