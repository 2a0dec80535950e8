import pytest


@pytest.fixture
def committing(django_capture_on_commit_callbacks):
    """Run the on-commit work (feed delivery, tasks) of the requests inside.

    Client requests run inside the test's transaction, so their durable
    atomic blocks never really commit.
    """

    def run():
        return django_capture_on_commit_callbacks(execute=True)

    return run
