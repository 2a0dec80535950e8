"""Reply addresses are ours, unforgeable and survive lower-casing."""

from plein.mail.addresses import build_reply_address, parse_reply_address


def test_round_trip_and_case_insensitivity(settings):
    settings.MAIL_DOMAIN = "plein.example.org"
    address = build_reply_address(42, 123456789, 77)
    local = address.split("@")[0]
    assert len(local) <= 64
    target = parse_reply_address(address.upper())
    assert (target.user_id, target.post_id, target.comment_id) == (42, 123456789, 77)
    assert parse_reply_address(f"<{build_reply_address(1, 2)}>").comment_id is None


def test_forged_or_foreign_addresses_are_refused(settings):
    settings.MAIL_DOMAIN = "plein.example.org"
    address = build_reply_address(42, 100)
    local, domain = address.split("@")
    mac = local.rsplit("-", 1)[1]
    other_post = build_reply_address(42, 101).split("@")[0].rsplit("-", 1)[0]
    assert (
        parse_reply_address(f"{other_post}-{mac}@{domain}") is None
    )  # MAC of another post
    flipped = local[:-1] + ("1" if local[-1] == "0" else "0")
    assert parse_reply_address(f"{flipped}@{domain}") is None
    assert parse_reply_address(f"{local}@elsewhere.example") is None
    assert parse_reply_address("finance@plein.example.org") is None
    assert parse_reply_address("r-zz-zz-zz-zz@plein.example.org") is None
