"""The API-key admin: creating shows the key once, revoking is an action."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from django_problems.api_keys.models import ApiKey
from django_problems.signatures import crypto
from django_problems.signatures.models import SigningKey
from tests.clients import VersionedClient
from tests.services import require_extra


@pytest.fixture
def admin_client_(db: Any) -> Client:
    admin = User.objects.create_superuser("root", "root@example.com", "pw")
    client = Client()
    client.force_login(admin)
    return client


def test_creating_a_key_shows_it_once(
    admin_client_: Client, user: User, anon: VersionedClient
) -> None:
    response = admin_client_.post(
        "/admin/django_problems_api_keys/apikey/add/",
        {"owner": user.pk, "name": "from admin", "expires_at_0": "", "expires_at_1": ""},
        follow=True,
    )
    assert response.status_code == 200
    page = response.content.decode()
    match = re.search(r"X-Api-Key: (demo_[0-9a-f]{16}\.[A-Za-z0-9_-]{43})", page)
    assert match, page
    key = ApiKey.objects.get()
    assert key.name == "from admin"
    assert anon.get("/api/workers", headers={"X-Api-Key": match[1]}).status_code == 200
    change = admin_client_.get(
        f"/admin/django_problems_api_keys/apikey/{key.pk}/change/"
    ).content.decode()
    assert match[1] not in change
    assert match[1].partition(".")[2] not in change
    assert key.secret_hash not in change


def test_the_admin_stores_a_pem_public_key_as_base64(admin_client_: Client, user: User) -> None:
    require_extra("cryptography", "signatures")
    from cryptography.hazmat.primitives import serialization

    private, public = crypto.generate_keypair()
    pem = (
        crypto.load_private_key(private)
        .public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )
    key, _plaintext = ApiKey.objects.create_key(user, "signer")
    admin_client_.post(
        "/admin/django_problems_signatures/signingkey/add/",
        {"api_key": key.pk, "public_key": pem},
    )
    assert SigningKey.objects.get(api_key=key).public_key == public


def test_a_bad_public_key_is_a_form_error(admin_client_: Client, user: User) -> None:
    require_extra("cryptography", "signatures")
    key, _plaintext = ApiKey.objects.create_key(user, "signer")
    response = admin_client_.post(
        "/admin/django_problems_signatures/signingkey/add/",
        {"api_key": key.pk, "public_key": "nope"},
    )
    assert response.status_code == 200
    assert "Not an ed25519 public key" in response.content.decode()
    assert not SigningKey.objects.exists()


def test_revoke_action(admin_client_: Client, user: User, anon: VersionedClient) -> None:
    first, first_key = ApiKey.objects.create_key(user, "a")
    second, _ = ApiKey.objects.create_key(user, "b")
    response = admin_client_.post(
        "/admin/django_problems_api_keys/apikey/",
        {"action": "revoke_keys", "_selected_action": [first.pk, second.pk]},
        follow=True,
    )
    assert "2 keys revoked." in response.content.decode()
    assert not ApiKey.objects.live().exists()
    assert anon.get("/api/workers", headers={"X-Api-Key": first_key}).status_code == 401


def test_the_changelist_lists_keys(admin_client_: Client, user: User) -> None:
    key, plaintext = ApiKey.objects.create_key(user, "listed")
    page = admin_client_.get("/admin/django_problems_api_keys/apikey/").content.decode()
    assert key.key_id in page
    assert plaintext.partition(".")[2] not in page
