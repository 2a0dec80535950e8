"""The service worker in a real browser: the offline page, and showing a push."""

import json

import pytest

# The browser and page fixtures of tests/browser (headless Chromium).

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

READY = "navigator.serviceWorker.ready.then(() => Boolean(navigator.serviceWorker.controller))"


def _controlled(page) -> None:
    assert page.evaluate("navigator.serviceWorker.ready.then(() => true)") is True
    # The first page was loaded before the worker existed: load it again.
    page.reload()
    assert page.evaluate(READY) is True


def test_without_a_connection_the_app_shows_the_offline_page(page, alice, log_in):
    log_in("alice@plein.test")
    _controlled(page)
    page.context.set_offline(True)
    try:
        page.goto("/groups/")
        assert page.locator("h1").inner_text() == "No connection"
        # Its stylesheet came from the worker's cache.
        assert page.evaluate("document.styleSheets[0].cssRules.length") > 0
    finally:
        page.context.set_offline(False)


def test_a_push_message_becomes_a_notification(
    page,
    alice,
    log_in,
):
    page.context.grant_permissions(["notifications"])
    log_in("alice@plein.test")
    _controlled(page)
    origin = page.evaluate("location.origin")
    script = page.evaluate(
        "navigator.serviceWorker.getRegistration().then(r => r.active.scriptURL)"
    )
    assert script.endswith("/sw.js")
    # DevTools delivers a push as the push service would, by registration id.
    cdp = page.context.new_cdp_session(page)
    versions: list = []
    cdp.on("ServiceWorker.workerRegistrationUpdated", lambda e: versions.append(e))
    cdp.send("ServiceWorker.enable")
    # The registration arrives as an event, in its own time on a busy machine.
    registration = None
    for _ in range(100):
        live = [
            r
            for event in versions
            for r in event["registrations"]
            if not r["isDeleted"]
        ]
        if live:
            registration = live[-1]
            break
        page.wait_for_timeout(100)
    assert registration is not None
    payload = {
        "title": "Plein",
        "body": "Bob mentioned you in Planning",
        "url": "/notifications/",
        "tag": "plein:m:1",
        "lang": "en",
    }
    cdp.send(
        "ServiceWorker.deliverPushMessage",
        {
            "origin": origin,
            "registrationId": registration["registrationId"],
            "data": json.dumps(payload),
        },
    )
    # Asked with evaluate, not wait_for_function: its polling evaluates a
    # string, which the page's Content Security Policy forbids.
    shown_count = 0
    for _ in range(150):
        shown_count = page.evaluate(
            "navigator.serviceWorker.ready.then(r => r.getNotifications())"
            ".then(list => list.length)"
        )
        if shown_count:
            break
        page.wait_for_timeout(100)
    assert shown_count == 1
    shown = page.evaluate(
        "navigator.serviceWorker.ready.then(r => r.getNotifications())"
        ".then(list => ({title: list[0].title, body: list[0].body, tag: list[0].tag,"
        " url: list[0].data.url}))"
    )
    assert shown == {
        "title": "Plein",
        "body": "Bob mentioned you in Planning",
        "tag": "plein:m:1",
        "url": "/notifications/",
    }
