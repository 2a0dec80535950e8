"""Feed documents (token in the address) and the feed-token settings page."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date, quote_etag
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from plein.access.groups import access_group, can_view_group_content
from plein.access.people import access_person
from plein.access.posts import access_hashtag
from plein.channels.feeds import queries
from plein.channels.feeds.actions import (
    check_create_feed_token,
    check_create_link_feed_token,
    do_revoke_feed_token,
    do_touch_feed_token,
)
from plein.channels.feeds.documents import feed_documents
from plein.channels.feeds.forms import FeedTokenForm, SubscribeForm
from plein.channels.feeds.syndication import PostsFeed
from plein.core.errors import InvalidInput, NotFound
from plein.core.forms import add_action_error
from plein.people.http import AuthedRequest

NEW_TOKEN_SESSION_KEY = "feeds.new_token"  # noqa: S105 - a session key
# Feed readers poll; five minutes in the reader's own cache spares the
# server, and ETag/Last-Modified make the next poll cheap. "private": the
# address is personal and a shared cache would outlive a revocation.
FEED_MAX_AGE = 300
FEED_HEADERS = {
    "X-Robots-Tag": "noindex, nofollow",
    # The address carries the token: a link followed from the document must
    # not send it along.
    "Referrer-Policy": "no-referrer",
}


def _with_feed_headers(response: HttpResponseBase) -> HttpResponseBase:
    for header, value in FEED_HEADERS.items():
        response[header] = value
    return response


def _not_found() -> HttpResponse:
    # One answer for an unknown, revoked or deactivated token and for a
    # group, tag or person the owner may not see: nothing to tell apart.
    response = HttpResponse(
        "Not found\n", status=404, content_type="text/plain; charset=utf-8"
    )
    response["Cache-Control"] = "no-store"
    _with_feed_headers(response)
    return response


@require_GET
def feed_document(
    request: HttpRequest, token: str, fmt: str, kind: str, target: str = ""
) -> HttpResponseBase:
    """A feed as its token's owner may see it now, as Atom or RSS.

    No session: the token in the address names the reader. Answers 304
    when the reader's ETag or Last-Modified still matches.
    """
    feed_token = queries.get_feed_token(token)
    if feed_token is None:
        return _not_found()
    owner = feed_token.user
    with translation.override(owner.language):
        try:
            data = queries.get_feed_data(owner, kind, target)
        except NotFound:
            return _not_found()
        do_touch_feed_token(feed_token)
        etag = quote_etag(data.etag(fmt, owner.language))
        last_modified = data.last_modified
        timestamp = int(last_modified.timestamp()) if last_modified else None
        response = get_conditional_response(request, etag=etag, last_modified=timestamp)
        if response is None:
            response = PostsFeed(fmt).render(request, data)
    response["ETag"] = etag
    if timestamp is not None:
        response["Last-Modified"] = http_date(timestamp)
    patch_cache_control(response, private=True, max_age=FEED_MAX_AGE)
    return _with_feed_headers(response)


@require_GET
def feed_extra_document(
    request: HttpRequest, token: str, name: str, extension: str
) -> HttpResponseBase:
    """A document a feature registered (``documents.py``), for the token's owner.

    No session: the token names the reader. An unknown document, a wrong
    extension and an unknown or revoked token answer the same 404.
    """
    document = feed_documents.get(name)
    if document is None or document.extension != extension:
        return _not_found()
    feed_token = queries.get_feed_token(token)
    if feed_token is None:
        return _not_found()
    owner = feed_token.user
    with translation.override(owner.language):
        try:
            response = document.render(request, owner)
        except NotFound:
            return _not_found()
    do_touch_feed_token(feed_token)
    patch_cache_control(response, private=True, max_age=FEED_MAX_AGE)
    return _with_feed_headers(response)


def _settings_context(
    request: AuthedRequest, form: FeedTokenForm, new: dict[str, Any] | None
) -> dict[str, Any]:
    return {
        "form": form,
        "tokens": queries.list_feed_tokens(request.user),
        "new": new,
        "tab": "feeds",
    }


def _new_token_links(request: HttpRequest, new: dict[str, Any]) -> dict[str, Any]:
    """The addresses to show once for a token just created."""
    raw, kind, target = new["token"], new["kind"], new.get("target", "")
    links = {
        fmt: request.build_absolute_uri(queries.build_feed_path(raw, kind, target, fmt))
        for fmt in queries.FEED_FORMATS
    }
    return {
        "name": new["name"],
        "kind": kind,
        "links": links,
        "token": raw,
        "is_link": bool(new.get("is_link")),
    }


def _stored_links(
    request: AuthedRequest, stored: dict[str, Any]
) -> dict[str, Any] | None:
    """What a redirect carried over: a new token's addresses, or the feed
    a "Subscribe" button asked for, with the link token rebuilt (the
    session never holds that one)."""
    if not stored.get("is_link"):
        return _new_token_links(request, stored)
    raw = queries.get_link_feed_token(request.user)
    if raw is None:
        return None
    return _new_token_links(request, {**stored, "token": raw})


@login_required
@require_http_methods(["GET", "POST"])
def feed_settings(request: AuthedRequest) -> HttpResponse:
    """List, create and revoke one's feed tokens; a new address shows once."""
    new = None
    if request.method == "POST":
        form = FeedTokenForm(request.POST)
        if form.is_valid():
            try:
                with transaction.atomic(durable=True):
                    token, raw = check_create_feed_token(
                        request.user, name=form.cleaned_data["name"]
                    )
            except InvalidInput as error:
                add_action_error(form, error)
            else:
                # Carried over the redirect in the session and dropped when
                # shown, so a reload cannot show it again.
                request.session[NEW_TOKEN_SESSION_KEY] = {
                    "token": raw,
                    "name": token.name,
                    "kind": "home",
                }
                return redirect("feeds:settings")
    else:
        form = FeedTokenForm()
        stored = request.session.pop(NEW_TOKEN_SESSION_KEY, None)
        if stored:
            new = _stored_links(request, stored)
    response = render(
        request, "feeds/feed_settings.html", _settings_context(request, form, new)
    )
    response["Cache-Control"] = "no-store"
    # The page may show a feed address with its token.
    response["Referrer-Policy"] = "no-referrer"
    return response


@login_required
@require_POST
def feed_token_revoke(request: AuthedRequest, token_id: int) -> HttpResponse:
    with transaction.atomic(durable=True):
        revoked = do_revoke_feed_token(request.user, token_id)
    if revoked:
        messages.success(
            request,
            _("The feed token has been revoked. Feed readers using it stop working."),
        )
    return redirect("feeds:settings")


def _subscription_name(
    request: AuthedRequest, kind: str, target: str
) -> tuple[str, str]:
    """Authorise the feed's subject; its label and canonical target."""
    user = request.user
    if kind == "group":
        group = access_group(user, slug=target)
        if not can_view_group_content(user, group):
            raise NotFound()
        return pgettext("feed token name", "Group %(name)s") % {
            "name": group.name
        }, group.slug
    if kind == "tag":
        hashtag = access_hashtag(user, target)
        return pgettext("feed token name", "Hashtag #%(tag)s") % {
            "tag": hashtag.name
        }, hashtag.name
    if kind == "person":
        person = access_person(user, handle=target)
        return pgettext("feed token name", "Posts by %(name)s") % {
            "name": person.full_name
        }, person.handle
    return pgettext("feed token name", "Home feed"), ""


@login_required
@require_POST
def feed_subscribe(request: AuthedRequest) -> HttpResponse:
    """Make the person's link token if need be, and show a feed's address.

    The "Subscribe (RSS/Atom)" buttons on the home, group, hashtag and
    profile pages post here while the person has no link token (a GET never
    makes one); once they have it, the pages link to the feeds directly.
    The subject is authorised first: a group, hashtag or person the person
    may not see answers 404.
    """
    form = SubscribeForm(request.POST)
    if not form.is_valid():
        raise InvalidInput(field="kind")
    kind, target = form.cleaned_data["kind"], form.cleaned_data["target"]
    name, target = _subscription_name(request, kind, target)
    with transaction.atomic(durable=True):
        check_create_link_feed_token(request.user)
    request.session[NEW_TOKEN_SESSION_KEY] = {
        "name": name,
        "kind": kind,
        "target": target,
        "is_link": True,
    }
    return redirect("feeds:settings")
