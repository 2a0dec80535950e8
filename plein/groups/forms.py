"""Forms that parse group input; the actions validate and authorise."""

from django import forms
from django.utils.translation import gettext_lazy as _

from plein.access.roles import GroupKind, GroupRole


class GroupForm(forms.Form):
    name = forms.CharField(label=_("Name"), required=False, max_length=200)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        help_text=_("What is the group for? People see this before they join."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    kind = forms.ChoiceField(
        label=_("Who can see and join it?"),
        choices=GroupKind.choices,
        initial=GroupKind.OPEN,
        widget=forms.RadioSelect,
        help_text=_(
            "Open: everyone can read and join. Closed: everyone sees the name "
            "and description and can ask to join. Secret: only members and "
            "invited people know it exists."
        ),
    )


class GroupSearchForm(forms.Form):
    q = forms.CharField(label=_("Search groups by name"), required=False, max_length=80)


class JoinRequestForm(forms.Form):
    message = forms.CharField(
        label=_("Message to the admins (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class MemberForm(forms.Form):
    user_id = forms.IntegerField(widget=forms.HiddenInput)


class MemberRoleForm(MemberForm):
    role = forms.ChoiceField(choices=GroupRole.choices)


class DecideForm(forms.Form):
    request_id = forms.IntegerField(widget=forms.HiddenInput)
    approve = forms.TypedChoiceField(
        choices=[("1", "1"), ("0", "0")], coerce=lambda v: v == "1"
    )


class InviteForm(forms.Form):
    person = forms.CharField(
        label=_("E-mail address or handle"),
        max_length=254,
        help_text=_("For example jan.devries@example.org or @jan.devries."),
    )


class FollowClosely(forms.Form):
    closely = forms.TypedChoiceField(
        choices=[("1", "1"), ("0", "0")], coerce=lambda v: v == "1"
    )
