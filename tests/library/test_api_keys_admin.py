"""The API-key admin: creating shows the key once, revoking is an action."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Permission, User
from django.contrib.messages import get_messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.contrib.sessions.models import Session
from django.core.exceptions import PermissionDenied
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


# Hardening: who may mint a key for whom, and where the new key travels.

ADD_URL = "/admin/django_problems_api_keys/apikey/add/"
KEY_RE = re.compile(r"demo_[0-9a-f]{16}\.[A-Za-z0-9_-]{43}")


def _staff(username: str, *perms: str) -> User:
    staff = User.objects.create_user(username, password="pw", is_staff=True)
    staff.user_permissions.set(
        Permission.objects.filter(content_type__app_label="django_problems_api_keys").filter(
            codename__in=perms
        )
    )
    return staff


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _add(client: Client, owner: User, **extra: Any) -> Any:
    data = {"owner": owner.pk, "name": "minted", "expires_at_0": "", "expires_at_1": "", **extra}
    return client.post(ADD_URL, data)


def test_a_staff_user_cannot_mint_a_key_for_someone_else(db: Any) -> None:
    root = User.objects.create_superuser("root", "root@example.com", "pw")
    staff = _staff("staff", "add_apikey")
    client = _client(staff)
    response = _add(client, root)
    assert response.status_code == 200  # the form again, with an error on owner
    page = response.content.decode()
    assert "errornote" in page
    assert not KEY_RE.search(page)
    assert not ApiKey.objects.exists()
    form = client.get(ADD_URL).content.decode()
    assert re.search(
        rf'<select name="owner"[^>]*>\s*<option value="{staff.pk}" selected>staff<', form
    )
    assert "root" not in form
    assert "vForeignKeyRawIdAdminField" not in form  # no lookup of every user


def test_a_staff_user_mints_keys_for_themselves(db: Any) -> None:
    staff = _staff("staff", "add_apikey")
    response = _add(_client(staff), staff)
    assert response.status_code == 200
    assert KEY_RE.search(response.content.decode())
    assert ApiKey.objects.get().owner == staff


def test_the_permission_lets_a_staff_user_mint_keys_for_others(db: Any, user: User) -> None:
    staff = _staff("keymaster", "add_apikey", "create_key_for_others")
    client = _client(staff)
    assert "vForeignKeyRawIdAdminField" in client.get(ADD_URL).content.decode()
    response = _add(client, user)
    assert response.status_code == 200
    assert KEY_RE.search(response.content.decode())
    assert ApiKey.objects.get().owner == user


def test_saving_a_key_for_someone_else_is_refused_without_the_permission(
    db: Any, rf: Any, user: User
) -> None:
    from django.contrib.admin import site

    staff = _staff("staff", "add_apikey")
    request = rf.post(ADD_URL)
    request.user = staff
    model_admin = site._registry[ApiKey]
    with pytest.raises(PermissionDenied):
        model_admin.save_model(request, ApiKey(owner=user, name="x"), None, False)
    assert not ApiKey.objects.exists()


def test_the_new_key_is_only_in_the_add_response(admin_client_: Client, user: User) -> None:
    response = _add(admin_client_, user)
    assert response.status_code == 200  # shown here, not after a redirect
    assert "no-store" in response["Cache-Control"]
    match = KEY_RE.search(response.content.decode())
    assert match
    key = match[0]
    secret = key.partition(".")[2]
    for morsel in response.cookies.values():
        assert secret not in morsel.value
        if morsel.key == CookieStorage.cookie_name and morsel.value:
            stored = CookieStorage(response.wsgi_request)._decode(morsel.value) or []  # type: ignore[attr-defined]
            assert not any(secret in str(m) for m in stored)
    assert not any(secret in str(m) for m in get_messages(response.wsgi_request))
    for session in Session.objects.all():
        assert secret not in str(session.get_decoded())
    [entry] = LogEntry.objects.all()  # the admin log names the key by id only
    assert secret not in f"{entry.object_repr} {entry.change_message}"
    later = admin_client_.get("/admin/django_problems_api_keys/apikey/").content.decode()
    assert secret not in later


def test_the_key_page_offers_the_next_steps(admin_client_: Client, user: User) -> None:
    page = _add(admin_client_, user).content.decode()
    key = ApiKey.objects.get()
    assert f"/admin/django_problems_api_keys/apikey/{key.pk}/change/" in page
    assert ADD_URL in page
    assert "will not be shown again" in page


def test_changing_a_key_keeps_its_owner_and_hash(admin_client_: Client, user: User) -> None:
    key, _plaintext = ApiKey.objects.create_key(user, "old name")
    url = f"/admin/django_problems_api_keys/apikey/{key.pk}/change/"
    response = admin_client_.post(url, {"name": "new name", "expires_at_0": "", "expires_at_1": ""})
    assert response.status_code == 302
    changed = ApiKey.objects.get()
    assert (changed.name, changed.owner, changed.secret_hash) == ("new name", user, key.secret_hash)
