"""Property-based: no input the OpenAPI document allows, or nearly allows,
makes any API operation answer with a server error."""

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error

from plein.groups.actions import check_create_group, check_join_group
from plein.people.actions import do_create_api_token, do_create_person
from plein.posts.actions import check_create_post


@pytest.fixture
def api_schema(db):
    # Requests run in this process, inside the test's transaction: like
    # Django's test client, keep the request signals from closing the
    # connection the test is using.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi("/api/v1/openapi.json", WSGIHandler())
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def token(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        author = do_create_person(
            email="fuzz@plein.test", full_name="Fuzz Tester", password="x" * 12
        )
        reader = do_create_person(email="lezer@plein.test", full_name="Lezer Twee")
        group = check_create_group(author, name="Fuzz", kind="open")
        check_join_group(reader, group)
        check_create_post(author, body="Iets om op te reageren #fuzz", group=group)
    return do_create_api_token(author, name="fuzz")[1]


def test_no_operation_answers_with_a_server_error(api_schema, token):
    # schemathesis' pytest plugin does not run under pytest 9, so each
    # operation's strategy is driven by Hypothesis directly.
    headers = {"Authorization": f"Bearer {token}"}
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 20
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=12,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def check(case):
            case.call_and_validate(headers=headers, checks=[not_a_server_error])

        check()
