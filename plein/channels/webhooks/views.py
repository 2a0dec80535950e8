"""Webhook pages: the list, create, one webhook with its delivery log,
rotating the secret, a test event, turning on and off, deleting.

Every webhook id goes through ``access_webhook``: a webhook the person may
not manage answers 404, like a missing one. The secret is shown once, in
the answer to creating or rotating; no page shows it again.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from plein.access.groups import access_group
from plein.access.webhooks import (
    access_webhook,
    can_create_org_webhook,
    manageable_groups,
)
from plein.channels.webhooks import queries
from plein.channels.webhooks.actions import (
    check_create_webhook,
    check_send_test_event,
    do_delete_webhook,
    do_rotate_secret,
    do_set_webhook_active,
)
from plein.channels.webhooks.forms import ORGANISATION, WebhookForm
from plein.channels.webhooks.models import Webhook
from plein.channels.webhooks.payloads import EVENT_TYPES
from plein.core.errors import Forbidden, InvalidInput
from plein.core.forms import add_action_error
from plein.people.http import AuthedRequest


def _secret_page(request: AuthedRequest, webhook: Webhook, secret: str) -> HttpResponse:
    response = render(
        request, "webhooks/webhook_secret.html", {"webhook": webhook, "secret": secret}
    )
    # The secret must not linger in a cache or the back button.
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_GET
def webhook_list(request: AuthedRequest) -> HttpResponse:
    """The webhooks the person manages; ``?group=slug`` for one group's."""
    group = None
    if request.GET.get("group"):
        group = access_group(request.user, slug=request.GET["group"], for_admin=True)
    context = {
        "webhooks": queries.list_webhooks(request.user, group=group),
        "group": group,
        "can_create_org": can_create_org_webhook(request.user),
        "can_create": can_create_org_webhook(request.user)
        or manageable_groups(request.user).exists(),
        "event_labels": EVENT_TYPES,
    }
    return render(request, "webhooks/webhook_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def webhook_create(request: AuthedRequest) -> HttpResponse:
    """A new webhook; ``?group=slug`` chooses the group beforehand."""
    scopes = [
        (str(g.pk), g.name) for g in manageable_groups(request.user).only("pk", "name")
    ]
    if can_create_org_webhook(request.user):
        scopes.insert(0, (ORGANISATION, pgettext("webhook scope", "The organisation")))
    if not scopes:
        raise Forbidden(
            pgettext("permission", "Only organisation and group admins add webhooks.")
        )
    initial = {"scope": scopes[0][0] if scopes else ""}
    if request.GET.get("group"):
        group = access_group(request.user, slug=request.GET["group"], for_admin=True)
        initial["scope"] = str(group.pk)
    form = WebhookForm(request.POST or None, initial=initial, scopes=scopes)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        scope = data["scope"]
        try:
            with transaction.atomic(durable=True):
                webhook = check_create_webhook(
                    request.user,
                    url=data["url"],
                    description=data["description"],
                    event_types=data["events"],
                    group_id=None if scope == ORGANISATION else int(scope),
                )
        except InvalidInput as error:
            add_action_error(form, error, {"group_id": "scope"})
        else:
            return _secret_page(request, webhook, webhook.secret)
    return render(request, "webhooks/webhook_form.html", {"form": form})


@login_required
@require_GET
def webhook_detail(request: AuthedRequest, webhook_id: int) -> HttpResponse:
    webhook = access_webhook(request.user, webhook_id)
    context = {
        "webhook": webhook,
        "deliveries": queries.list_deliveries(webhook),
        "event_labels": [
            EVENT_TYPES[e] for e in webhook.event_types if e in EVENT_TYPES
        ],
    }
    return render(request, "webhooks/webhook_detail.html", context)


@login_required
@require_POST
def webhook_rotate(request: AuthedRequest, webhook_id: int) -> HttpResponse:
    with transaction.atomic(durable=True):
        webhook = access_webhook(request.user, webhook_id)
        secret = do_rotate_secret(webhook, actor=request.user)
    return _secret_page(request, webhook, secret)


@login_required
@require_POST
def webhook_test(request: AuthedRequest, webhook_id: int) -> HttpResponse:
    webhook = access_webhook(request.user, webhook_id)
    try:
        with transaction.atomic(durable=True):
            check_send_test_event(webhook)
    except InvalidInput as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("A test event is on its way."))
    return redirect("webhooks:detail", webhook.pk)


@login_required
@require_POST
def webhook_active(request: AuthedRequest, webhook_id: int) -> HttpResponse:
    is_active = request.POST.get("is_active") == "1"
    with transaction.atomic(durable=True):
        webhook = access_webhook(request.user, webhook_id)
        do_set_webhook_active(webhook, is_active=is_active, actor=request.user)
    if is_active:
        messages.success(request, _("The webhook is on again."))
    else:
        messages.success(request, _("The webhook is off."))
    return redirect("webhooks:detail", webhook.pk)


@login_required
@require_POST
def webhook_delete(request: AuthedRequest, webhook_id: int) -> HttpResponse:
    with transaction.atomic(durable=True):
        webhook = access_webhook(request.user, webhook_id)
        do_delete_webhook(webhook, actor=request.user)
    messages.success(request, _("The webhook has been deleted."))
    return redirect("webhooks:list")
