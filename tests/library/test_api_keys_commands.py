"""Management commands: apikey_create, apikey_list, apikey_revoke, apikey_rotate."""

from __future__ import annotations

import json
from datetime import timedelta
from io import StringIO
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.utils import timezone

from django_problems.api_keys.models import ApiKey
from django_problems.signatures import crypto
from django_problems.signatures.models import SigningKey
from django_problems.testing import assert_problem
from tests.clients import VersionedClient
from tests.services import require_extra


def run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def create(*args: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(run("apikey_create", *args, "--json"))
    return data


def works(client: VersionedClient, key: str) -> bool:
    return bool(client.get("/api/workers", headers={"X-Api-Key": key}).status_code == 200)


@pytest.mark.parametrize("name", ["apikey_create", "apikey_list", "apikey_revoke", "apikey_rotate"])
def test_every_command_explains_itself(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        call_command(name, "--help")
    text = capsys.readouterr().out
    assert "usage:" in text
    assert len(text) > 400


def test_create_prints_a_working_key_once(anon: VersionedClient, user: User) -> None:
    out = run("apikey_create", "demo", "--name", "ci")
    key = next(line.split(": ", 1)[1] for line in out.splitlines() if "X-Api-Key:" in line)
    assert "not shown again" in out
    assert works(anon, key)
    stored = ApiKey.objects.get()
    assert stored.name == "ci"
    assert key.partition(".")[2] not in json.dumps(list(ApiKey.objects.values()), default=str)


def test_create_with_expiry_and_json(anon: VersionedClient, user: User) -> None:
    data = create("demo", "--expires-in", "1.5")
    key = ApiKey.objects.get(key_id=data["id"])
    assert key.expires_at is not None
    left = key.expires_at - timezone.now()
    assert timedelta(hours=35) < left <= timedelta(hours=36)
    assert data["header"] == "X-Api-Key"
    assert works(anon, data["key"])


def test_signingkey_set_generates_a_signing_key(user: User) -> None:
    require_extra("cryptography", "signatures")
    data = create("demo")
    signing = json.loads(run("signingkey_set", data["id"], "--generate", "--json"))
    key = SigningKey.objects.get(api_key__key_id=data["id"])
    assert key.public_key == signing["public_key"] == crypto.public_key_of(signing["private_key"])


def test_signingkey_set_accepts_a_pem_public_key_file(user: User, tmp_path: Any) -> None:
    require_extra("cryptography", "signatures")
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    private = Ed25519PrivateKey.generate()
    pem = private.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    path = tmp_path / "key.pem"
    path.write_bytes(pem)
    data = create("demo")
    signing = json.loads(run("signingkey_set", data["id"], "--public-key", f"@{path}", "--json"))
    assert signing["public_key"] == crypto.public_key_of(private)
    assert signing["private_key"] is None
    assert SigningKey.objects.get(api_key__key_id=data["id"]).public_key == signing["public_key"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--public-key", "not-a-key"), "not an ed25519 public key"),
        (("--public-key", "AAAA"), "not an ed25519 public key"),
        (("--public-key", "@/nonexistent/key.pem"), "Cannot read"),
    ],
)
def test_signingkey_set_rejects_bad_input(user: User, args: tuple[str, ...], message: str) -> None:
    require_extra("cryptography", "signatures")
    data = create("demo")
    with pytest.raises(CommandError, match=message):
        run("signingkey_set", data["id"], *args)
    assert not SigningKey.objects.exists()
    with pytest.raises(CommandError, match="Unknown key id"):
        run("signingkey_set", "ffffffffffffffff", "--generate")


def test_create_rejects_an_unknown_user(db: Any) -> None:
    with pytest.raises(CommandError, match="There is no user 'nobody'"):
        run("apikey_create", "nobody")
    assert not ApiKey.objects.exists()


@pytest.mark.parametrize("days", ["0", "-1", "soon", "1e9"])
def test_create_rejects_bad_expiry(user: User, days: str) -> None:
    with pytest.raises(CommandError, match="number of days"):
        run("apikey_create", "demo", "--expires-in", days)


def test_list_shows_keys_without_secrets(user: User, other_user: User) -> None:
    live = create("demo", "--name", "laptop")
    revoked = create("demo", "--name", "old")
    ApiKey.objects.get(key_id=revoked["id"]).revoke()
    create("other", "--name", "theirs")
    out = run("apikey_list")
    assert live["id"] in out and "theirs" in out
    assert revoked["id"] not in out
    assert live["key"].partition(".")[2] not in out
    assert out.splitlines()[0].split() == [
        "ID",
        "OWNER",
        "NAME",
        "STATUS",
        "CREATED",
        "EXPIRES",
        "LAST",
        "USED",
    ]
    everything = run("apikey_list", "demo", "--all")
    assert revoked["id"] in everything and "revoked" in everything
    assert "theirs" not in everything


def test_list_with_no_keys(user: User) -> None:
    assert run("apikey_list").strip() == "No keys."


def test_revoke_by_id_and_by_user(anon: VersionedClient, user: User) -> None:
    first, second, third = create("demo"), create("demo"), create("demo")
    assert f"Revoked {first['id']}" in run("apikey_revoke", first["id"])
    assert_problem(anon.get("/api/workers", headers={"X-Api-Key": first["key"]}), "unauthorised")
    assert works(anon, second["key"])
    assert "already revoked" in run("apikey_revoke", first["id"])
    out = run("apikey_revoke", "--user", "demo")
    assert second["id"] in out and third["id"] in out
    assert not ApiKey.objects.live().exists()


def test_revoke_rejects_unknown_ids_and_revokes_nothing(user: User) -> None:
    known = create("demo")
    with pytest.raises(CommandError, match="Unknown key id"):
        run("apikey_revoke", known["id"], "ffffffffffffffff")
    assert ApiKey.objects.live().count() == 1
    with pytest.raises(CommandError, match="Give key ids"):
        run("apikey_revoke")


def test_rotate_keeps_the_old_key_for_the_grace_period(anon: VersionedClient, user: User) -> None:
    require_extra("cryptography", "signatures")
    old = create("demo", "--name", "server")
    signing = json.loads(run("signingkey_set", old["id"], "--generate", "--json"))
    new = json.loads(run("apikey_rotate", old["id"], "--grace", "2", "--json"))
    assert new["name"] == "server"
    assert SigningKey.objects.get(api_key__key_id=new["id"]).public_key == signing["public_key"]
    assert works(anon, new["key"]) and works(anon, old["key"])
    old_key = ApiKey.objects.get(key_id=old["id"])
    assert old_key.expires_at is not None
    assert timedelta(minutes=119) < old_key.expires_at - timezone.now() <= timedelta(hours=2)
    old_key.expires_at = timezone.now() - timedelta(seconds=1)
    old_key.save()
    assert_problem(anon.get("/api/workers", headers={"X-Api-Key": old["key"]}), "expired-account")


def test_rotate_with_no_grace_revokes_at_once(anon: VersionedClient, user: User) -> None:
    old = create("demo")
    out = run("apikey_rotate", old["id"], "--grace", "0")
    assert "revoked now" in out
    assert_problem(anon.get("/api/workers", headers={"X-Api-Key": old["key"]}), "unauthorised")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("ffffffffffffffff",), "Unknown key id"),
        (("REVOKED",), "is revoked"),
        (("LIVE", "--grace", "-1"), "number of hours"),
    ],
)
def test_rotate_rejects_bad_input(user: User, args: tuple[str, ...], message: str) -> None:
    live = create("demo")
    revoked = create("demo")
    ApiKey.objects.get(key_id=revoked["id"]).revoke()
    resolved = [{"REVOKED": revoked["id"], "LIVE": live["id"]}.get(arg, arg) for arg in args]
    with pytest.raises(CommandError, match=message):
        run("apikey_rotate", *resolved)
    assert ApiKey.objects.count() == 2
