from typing import Any

import pytest

from plein.access.roles import GroupKind


@pytest.fixture
def make_vacancy(django_capture_on_commit_callbacks: Any) -> Any:
    """A post of kind "vacancy" with its row, written before the fan-out runs."""
    from plein.careers.vacancies.models import Vacancy
    from plein.posts.actions import do_create_post

    def make(
        author: Any,
        title: str,
        *,
        for_alumni: bool = True,
        group: Any = None,
        status: str = "open",
    ) -> Any:
        with django_capture_on_commit_callbacks(execute=True):
            post = do_create_post(
                author, body=f"{title} body", title=title, group=group, kind="vacancy"
            )
            Vacancy.objects.create(post=post, for_alumni=for_alumni, status=status)
        return post

    return make


@pytest.fixture
def leaver(make_person: Any) -> Any:
    return make_person("Lea Vertrek", email="lea@plein.test", handle="lea")


@pytest.fixture
def team(make_group: Any, moderator: Any, leaver: Any) -> dict[str, Any]:
    """An open and a closed group the leaver is in."""
    return {
        "open": make_group(moderator, "Open team", GroupKind.OPEN, members=(leaver,)),
        "closed": make_group(
            moderator, "Closed team", GroupKind.CLOSED, members=(leaver,)
        ),
    }


@pytest.fixture
def offer(run_on_commit: Any, moderator: Any) -> Any:
    """Offer ``person`` an alumni account as HR (the moderator)."""
    from plein.careers.alumni.actions import check_offer_alumni_account

    def make(person: Any, email: str = "lea@example.org") -> Any:
        record = run_on_commit(
            check_offer_alumni_account, moderator, person, private_email=email
        )
        person.refresh_from_db()
        return record

    return make
