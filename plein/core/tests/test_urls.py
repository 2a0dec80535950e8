from django.urls import reverse

from plein.core.urls import fast_reverse


def test_fast_reverse_gives_what_reverse_gives() -> None:
    for name, args in [
        ("posts:detail", (12,)),
        ("posts:react", (7,)),
        ("groups:detail", ("tuin-club_2",)),
        ("people:profile", ("anna",)),
        ("feed:home", ()),
    ]:
        assert fast_reverse(name, *args) == reverse(name, args=args)


def test_values_that_need_quoting_go_through_reverse() -> None:
    assert fast_reverse("people:profile", "a b") == reverse(
        "people:profile", args=["a b"]
    )
