from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from plein.core.tasks import retrying_task


@retrying_task
def send_alumni_invitation(*, record_id: int) -> bool:
    """Mail an alumnus the link to choose a password, to their private address.

    The link is Plein's password-reset link (``people:password-reset-confirm``):
    no second way to set a password. It works once and expires like any
    reset link (``PASSWORD_RESET_TIMEOUT``); after that HR sends it again,
    or the alumnus asks for a reset with their private address. Skipped
    when the offer was accepted, withdrawn by a return, or the person is no
    longer an alumnus.
    """
    from plein.access.roles import Role
    from plein.careers.alumni.models import AlumniRecord

    record = (
        AlumniRecord.objects.select_related("person", "offered_by")
        .filter(
            pk=record_id,
            returned_on__isnull=True,
            accepted_at__isnull=True,
            person__role=Role.ALUMNI,
            person__is_active=True,
        )
        .first()
    )
    if record is None:
        return False
    person = record.person
    link = settings.SITE_URL + reverse(
        "people:password-reset-confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(person.pk)),
            "token": default_token_generator.make_token(person),
        },
    )
    with translation.override(person.language):
        context = {
            "person": person,
            "record": record,
            "link": link,
            "login_link": settings.SITE_URL + reverse("people:login"),
            "site_name": settings.SITE_NAME,
        }
        subject = render_to_string("alumni/email/invitation_subject.txt", context)
        body = render_to_string("alumni/email/invitation.txt", context)
    send_mail(subject.strip(), body, None, [person.email])
    return True
