from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from plein.core.tasks import retrying_task


@retrying_task
def send_invitation(*, invitation_id: int) -> bool:
    """E-mail an invitation link (in Dutch and English); skipped once accepted."""
    from plein.people.models import Invitation

    invitation = (
        Invitation.objects.select_related("invited_by")
        .filter(pk=invitation_id, accepted_at__isnull=True)
        .first()
    )
    if invitation is None:
        return False
    link = settings.SITE_URL + reverse(
        "people:invitation-accept", args=[invitation.token]
    )
    language = (
        invitation.invited_by.language
        if invitation.invited_by
        else settings.LANGUAGE_CODE
    )
    with translation.override(language):
        context = {
            "invitation": invitation,
            "link": link,
            "site_name": settings.SITE_NAME,
        }
        subject = render_to_string(
            "people/email/invitation_subject.txt", context
        ).strip()
        body = render_to_string("people/email/invitation.txt", context)
    send_mail(subject, body, None, [invitation.email])
    return True
