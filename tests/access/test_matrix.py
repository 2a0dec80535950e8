"""Every cell of the access matrix (tests/access/matrix.py), through HTTP.

One world per role; each (object, action) row runs its probes (HTML views
and /api/v1/ operations with a Bearer token) and compares what they answer
with the table. A second test makes sure every URL pattern and API operation
is either probed or listed in NOT_OBJECT_URLS.
"""

import json
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.access.matrix import (
    ACTIONS,
    FORBIDDEN,
    KNOWN_LEAKS,
    LOGIN,
    NA,
    NOT_FOUND,
    NOT_OBJECT_URLS,
    OBJECTS,
    OK,
    PROBES,
    ROLES,
    Probe,
    covered_routes,
    parse_table,
)

pytestmark = pytest.mark.django_db

# Deletions last (comments before the posts they hang on), so no probe
# looks at something an earlier probe removed.
DELETE_ORDER = ("comment", "file", "person", "group", "group_post", "profile_post")


def _row_order(row: tuple[str, str]) -> tuple[int, int, str]:
    obj, action = row
    kind = OBJECTS[obj]
    order = DELETE_ORDER.index(kind) if kind in DELETE_ORDER else -1
    return (ACTIONS.index(action), order, obj)


def _outcome_of_status(response: Any) -> str:
    status = response.status_code
    if status == 401:
        return LOGIN
    if status in (301, 302, 303):
        return LOGIN if "/login/" in response.get("Location", "") else OK
    if 200 <= status < 300:
        return OK
    if status == 403:
        return FORBIDDEN
    if status == 404:
        return NOT_FOUND
    return f"HTTP {status}"


def _reply_outcome(outcome: str, response: Any, data: dict[str, Any]) -> str:
    """A reply to a comment one may not see is refused as for a missing one.

    The answer names ``parent_id`` (API 400; the HTML form re-rendered with
    the error, keeping the text) exactly as for a comment that does not
    exist, so it confirms nothing: the matrix counts it as 404.
    """
    from plein.posts.models import Comment

    created = Comment.objects.filter(
        parent_id=data["parent_id"], body=data["body"]
    ).exists()
    if outcome == "HTTP 400" and response.json().get("field") == "parent_id":
        return NOT_FOUND
    if outcome == OK and not created and response.status_code == 200:
        return NOT_FOUND
    return outcome


def _content(response: Any) -> str:
    if getattr(response, "streaming", False):
        body = b"".join(response.streaming_content)
    else:
        body = response.content
    # No response.close() here: outside the test client it fires
    # request_finished, which closes the database connection mid-test.
    return body.decode("utf-8", "replace")


def _fill(template: dict[str, str] | None, params: dict[str, Any]) -> Any:
    if template is None:
        return None
    return {key: value.format(**params) for key, value in template.items()}


class Visitor:
    """Sends probes as one person: a session for HTML, a Bearer token for the API."""

    def __init__(self, person: Any, token: str | None) -> None:
        self.browser = Client()
        self.api = Client()
        if person is not None:
            self.browser.force_login(person)
        self.api_headers = {"Authorization": f"Bearer {token}"} if token else {}

    def send(self, probe: Probe, params: dict[str, Any]) -> tuple[str, str]:
        """(observed outcome, URL) for one probe against one object."""
        query = _fill(probe.query, params)
        data = _fill(probe.data, params)
        if probe.is_api:
            method, path = probe.route.split(" ", 1)
            url = path.format(**params)
            kwargs: dict[str, Any] = {"headers": self.api_headers}
            if method in ("GET",):
                response = self.api.get(url, query, **kwargs)
            else:
                body = json.dumps(data) if data is not None else None
                response = self.api.generic(
                    method,
                    url,
                    body or "",
                    content_type="application/json",
                    **kwargs,
                )
        else:
            url = reverse(probe.route, kwargs={a: params[a] for a in probe.args})
            if data is None:
                response = self.browser.get(url, query)
            else:
                response = self.browser.post(url, data)
        outcome = _outcome_of_status(response)
        if data is not None and "parent_id" in data:
            outcome = _reply_outcome(outcome, response, data)
        if probe.check != "status" and outcome != LOGIN:
            shown = outcome == OK and str(params[probe.needle]) in _content(response)
            outcome = OK if shown else NOT_FOUND
        return outcome, url


@pytest.mark.parametrize("role", ROLES)
def test_access_matrix(role, build_world, add_subject, run_on_commit):
    from plein.people.actions import do_create_api_token, do_deactivate_person

    world = build_world()
    subject = add_subject(world, role)
    token = do_create_api_token(subject)[1] if subject is not None else None
    visitor = Visitor(subject, token)
    if role == "deactivated":
        # Logged in and holding a token, then deactivated: both must stop.
        run_on_commit(do_deactivate_person, subject)

    table = parse_table()
    failures, known = [], set()
    for obj, action in sorted(table, key=_row_order):
        expected = table[obj, action][role]
        if expected == NA:
            continue
        probes = PROBES.get((OBJECTS[obj], action))
        assert probes, (
            f"TABLE row {obj} {action} has no PROBES[{OBJECTS[obj]!r}, {action!r}]"
        )
        for probe in probes:
            if probe.check == "absent" and expected == OK:
                continue  # listed there or not: only a leak would be wrong
            observed, url = visitor.send(probe, world.params[obj])
            if observed != expected and (obj, action, role) in KNOWN_LEAKS:
                known.add((obj, action, role))
            elif observed != expected:
                failures.append(
                    f"{obj:16} {action:8} {probe.route} ({url}): "
                    f"expected {expected}, got {observed}"
                )
    fixed = [
        f"{obj} {action} as {who}"
        for obj, action, who in KNOWN_LEAKS
        if who == role and (obj, action, who) not in known
    ]
    assert not fixed, f"fixed now, remove from KNOWN_LEAKS in matrix.py: {fixed}"
    assert not failures, f"as {role}:\n" + "\n".join(failures)


def _url_patterns(resolver: Any, prefix: str = "", namespace: str = "") -> list:
    found = []
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = namespace + (f"{pattern.namespace}:" if pattern.namespace else "")
            found += _url_patterns(pattern, route, inner)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}{pattern.name}" if pattern.name else route
            found.append((route, name, pattern.lookup_str))
    return found


def test_every_url_and_api_operation_is_in_the_matrix(client):
    covered = covered_routes() | set(NOT_OBJECT_URLS)
    missing = []
    seen = set()
    for route, name, view in _url_patterns(get_resolver()):
        # The admin has its own tests; the API is checked operation by
        # operation below, from its OpenAPI document.
        if route.startswith(("admin/", "api/", "static/", "media/")):
            continue
        seen.add(name)
        if name not in covered:
            missing.append(f"URL {name!r} ({route}, view {view})")
    schema = client.get("/api/v1/openapi.json").json()
    for path, operations in schema["paths"].items():
        for method in operations:
            operation = f"{method.upper()} {path}"
            seen.add(operation)
            if operation not in covered:
                missing.append(f"API operation {operation!r}")
    assert not missing, (
        "Not covered by the access matrix:\n  "
        + "\n  ".join(missing)
        + "\nAdd each to PROBES (with a TABLE row) in tests/access/matrix.py, or to "
        "NOT_OBJECT_URLS there with the reason it shows no object "
        "(see docs/testing-access.md)."
    )
    stale = sorted(route for route in covered if route not in seen and route != "photo")
    assert not stale, (
        f"tests/access/matrix.py names routes that no longer exist: {stale}"
    )


def test_every_table_row_has_probes():
    for obj, action in parse_table():
        assert PROBES.get((OBJECTS[obj], action)), (
            f"TABLE row {obj} {action}: add PROBES[{OBJECTS[obj]!r}, {action!r}]"
        )
