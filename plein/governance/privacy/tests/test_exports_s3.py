"""On object storage: the zip is a private object under the exports prefix,
downloaded through the view and deleted on expiry (S3 played by moto's server)."""

import datetime
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.files.storage import storages
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from plein.governance.privacy.actions import do_build_export, do_expire_exports
from plein.governance.privacy.models import DataExport

# moto's server mode is the S3 test double (a development dependency): a real
# HTTP endpoint on loopback, spoken to by boto3 as in production.
boto3 = pytest.importorskip("boto3")
pytest.importorskip("moto.server")

BUCKET = "plein"
CREDENTIALS = {"aws_access_key_id": "testing", "aws_secret_access_key": "testing"}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="session")
def s3_endpoint() -> Iterator[str]:
    port = _free_port()
    server = subprocess.Popen(  # noqa: S603 - our own interpreter, loopback only
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                assert time.monotonic() < deadline, "moto's S3 server did not start"
                assert server.poll() is None, "moto's S3 server stopped"
                time.sleep(0.1)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture
def s3(settings: Any, s3_endpoint: str) -> Iterator[Any]:
    client = boto3.client(
        "s3", region_name="us-east-1", endpoint_url=s3_endpoint, **CREDENTIALS
    )
    client.create_bucket(Bucket=BUCKET)
    options = {
        "bucket_name": BUCKET,
        "region_name": "us-east-1",
        "endpoint_url": s3_endpoint,
        "access_key": "testing",
        "secret_key": "testing",
        "default_acl": None,
        "querystring_auth": True,
        "file_overwrite": False,
    }
    # As config/settings.py sets them with S3_BUCKET and S3_PREFIX=acme/.
    settings.STORAGES = {
        **settings.STORAGES,
        "exports": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {**options, "location": "acme/exports", "max_memory_size": 1024},
        },
    }
    try:
        yield client
    finally:
        for key in _keys(client):
            client.delete_object(Bucket=BUCKET, Key=key)
        client.delete_bucket(Bucket=BUCKET)


def _keys(s3: Any) -> list[str]:
    listing = s3.list_objects_v2(Bucket=BUCKET)
    return sorted(item["Key"] for item in listing.get("Contents", []))


def test_an_export_is_a_private_object_served_only_to_its_owner(
    trio: dict[str, Any], s3: Any
) -> None:
    me = trio["me"]
    data_export = DataExport.objects.create(person=me)
    assert do_build_export(data_export.pk) is True
    assert do_build_export(data_export.pk) is False
    data_export.refresh_from_db()
    assert _keys(s3) == [f"acme/exports/{data_export.file}"]
    grants = s3.get_object_acl(Bucket=BUCKET, Key=_keys(s3)[0])["Grants"]
    assert [g["Grantee"].get("URI") for g in grants] == [None]  # the owner only
    assert "Signature" in storages["exports"].url(data_export.file)

    url = reverse("privacy:export-download", args=[data_export.pk])
    owner = Client()
    owner.force_login(me)
    response = owner.get(url)
    assert response.status_code == 200
    stored = s3.get_object(Bucket=BUCKET, Key=_keys(s3)[0])["Body"].read()
    assert b"".join(response.streaming_content) == stored
    other = Client()
    other.force_login(trio["teammate"])
    assert other.get(url).status_code == 404

    DataExport.objects.filter(pk=data_export.pk).update(
        finished_at=timezone.now() - datetime.timedelta(days=30)
    )
    assert do_expire_exports() == 1
    assert _keys(s3) == []
    data_export.refresh_from_db()
    assert data_export.status == DataExport.Status.EXPIRED
