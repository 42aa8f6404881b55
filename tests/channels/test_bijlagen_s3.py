"""Scans and attachments on S3-compatible object storage (KCC_BESTANDEN_S3_BUCKET), so every
replica reads the same files without a shared volume. Against moto's S3 server running as a
separate process on loopback: a letter's scan lands in the bucket (not on this disk), under
a random name, and comes back only through the guarded download, which is logged."""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import boto3
import pytest
from botocore import UNSIGNED
from botocore.config import Config
from botocore.exceptions import ClientError
from django.urls import reverse

from channels.models import Bijlage
from permissions.models import Toegangslog
from tests.channels.test_post_email import PDF, brief
from tests.factories import PersoonFactory
from tests.processen import stoppen, vrije_poort

pytestmark = pytest.mark.django_db

SLEUTELS = {"AWS_ACCESS_KEY_ID": "testsleutel", "AWS_SECRET_ACCESS_KEY": "testgeheim"}


@pytest.fixture(scope="module")
def s3_server():
    port = vrije_poort()
    proc = subprocess.Popen(
        [str(Path(sys.executable).with_name("moto_server")), "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                break
        time.sleep(0.1)
    else:
        proc.kill()
        pytest.fail("the S3 server did not start")
    yield f"http://127.0.0.1:{port}"
    stoppen(proc)


@pytest.fixture
def bucket(s3_server, settings, monkeypatch, tmp_path):
    for naam, waarde in SLEUTELS.items():
        monkeypatch.setenv(naam, waarde)
    naam = "kcc-bijlagen-" + os.urandom(3).hex()
    s3 = boto3.client("s3", endpoint_url=s3_server, region_name="eu-west-1", **_sleutels())
    s3.create_bucket(Bucket=naam, CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
    # nothing may land on the disk
    settings.KCC_BESTANDEN_MAP = str(tmp_path / "niet-gebruikt")
    settings.STORAGES = {
        **settings.STORAGES,
        "bijlagen": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": naam,
                "endpoint_url": s3_server,
                "region_name": "eu-west-1",
                "location": "bijlagen",
                "default_acl": None,
                "file_overwrite": False,
            },
        },
    }
    return s3, naam


def _sleutels():
    return {
        "aws_access_key_id": SLEUTELS["AWS_ACCESS_KEY_ID"],
        "aws_secret_access_key": SLEUTELS["AWS_SECRET_ACCESS_KEY"],
    }


def test_a_scan_goes_to_the_bucket_and_comes_back_only_through_the_guarded_link(
    client, bucket, settings
):
    from tests.catalogus import maak_wereld
    from tests.factories import OnderwerpFactory

    s3, naam = bucket
    wereld = maak_wereld()
    OnderwerpFactory(
        code="algemene-vraag", naam="Algemene vraag", domein=wereld.domeinen["algemeen"]
    )
    persoon = PersoonFactory()
    response = brief(client, wereld.users["balie"], zoek=persoon.bsn)
    assert "Brief geregistreerd" in response.content.decode()
    bijlage = Bijlage.objects.get()
    objecten = s3.list_objects_v2(Bucket=naam).get("Contents", [])
    assert [o["Key"] for o in objecten] == [f"bijlagen/{bijlage.pad}"]
    # stored under a random name: nothing of the resident or the original name in the key
    assert "scan" not in bijlage.pad
    assert persoon.bsn not in bijlage.pad
    assert s3.get_object(Bucket=naam, Key=f"bijlagen/{bijlage.pad}")["Body"].read() == PDF
    assert not Path(settings.KCC_BESTANDEN_MAP).exists()
    # not public: without the keys the bucket answers no
    anoniem = boto3.client(
        "s3",
        endpoint_url=s3.meta.endpoint_url,
        region_name="eu-west-1",
        config=Config(signature_version=UNSIGNED),
    )
    with pytest.raises(ClientError) as geweigerd:
        anoniem.get_object(Bucket=naam, Key=f"bijlagen/{bijlage.pad}")
    assert geweigerd.value.response["ResponseMetadata"]["HTTPStatusCode"] == 403

    link = reverse("channels:bijlage", args=[bijlage.id])
    download = client.get(link)
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert Toegangslog.objects.filter(object_type="bijlage", object_id=bijlage.id).exists()
    # a colleague who may not see the letter gets nothing, the bucket is never asked
    client.force_login(wereld.users["wmo"])
    assert client.get(link).status_code == 404
