"""One-click unsubscribe from e-mail (RFC 8058), without logging in."""

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import pgettext
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from plein.mail.outbound import DIGEST, do_unsubscribe, parse_unsubscribe_token
from plein.notifications.kinds import notification_kinds
from plein.people.models import User


def _topic_label(topic: str) -> str:
    if topic == DIGEST:
        return pgettext("unsubscribe topic", "The daily or weekly summary")
    return str(notification_kinds[topic].label)


# CSRF-exempt on purpose, and only this view: mail clients (Gmail, Apple
# Mail) unsubscribe by POSTing "List-Unsubscribe=One-Click" to the URL from
# the List-Unsubscribe header, with no cookie and no CSRF token. The signed
# token in the URL does the job a CSRF token would: it names one person and
# one kind of e-mail, cannot be forged, and the worst a replayed request can
# do is switch off e-mail that the link's owner already wanted to stop.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows a confirmation page; POST unsubscribes (one click)."""
    parsed = parse_unsubscribe_token(token)
    person = None
    if parsed is not None:
        person = User.objects.filter(pk=parsed[0], is_active=True).first()
    if parsed is None or person is None:
        return render(request, "mail/unsubscribe_invalid.html", status=400)
    topic = parsed[1]
    context = {"token": token, "topic_label": _topic_label(topic), "done": False}
    if request.method == "POST":
        with transaction.atomic(durable=True):
            do_unsubscribe(person, topic)
        context["done"] = True
    return render(request, "mail/unsubscribe_confirm.html", context)
