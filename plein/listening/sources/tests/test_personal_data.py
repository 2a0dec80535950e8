"""What listening holds about a person: the sources they added. Erasing them
keeps the sources (the organisation's) without their name."""

import pytest

from plein.core.personal_data import ErasureContext, Holds, personal_data_provider
from plein.listening.sources.actions import check_add_source
from plein.listening.sources.models import Source

pytestmark = pytest.mark.django_db


def test_export_and_erasure(moderator, admin):
    check_add_source(moderator, name="NOS", url="https://93.184.215.14/nos.xml")
    check_add_source(admin, name="Blog", url="https://93.184.215.14/blog.xml")
    provider = personal_data_provider("listening_sources")
    [section] = provider.export
    [exported] = section.build(moderator)
    assert (exported["name"], exported["url"], exported["kind"]) == (
        "NOS",
        "https://93.184.215.14/nos.xml",
        "feed",
    )
    provider.erase(moderator, ErasureContext(admin, False, Holds(), lambda ids: None))
    assert Source.objects.count() == 2
    assert not Source.objects.filter(created_by=moderator).exists()
    assert section.build(moderator) == []
    assert Source.objects.filter(created_by=admin).count() == 1
