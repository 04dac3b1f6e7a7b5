"""The compiled key lookup gives what ``queryset.get(key_id=...)`` gives, in one query."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.test import RequestFactory
from rest_framework.request import Request

from django_problems.api_keys.authentication import ApiKeyAuthentication, default_queryset
from django_problems.api_keys.lookup import CompiledLookup, compiled
from django_problems.api_keys.models import ApiKey
from tests.services import require_extra

FIELDS = ("id", "owner_id", "name", "key_id", "secret_hash", "created_at", "expires_at")
USER_FIELDS = ("id", "username", "is_active", "is_staff", "date_joined", "last_login")


@pytest.fixture
def key(user: User) -> ApiKey:
    made, _plaintext = ApiKey.objects.create_key(user, "laptop")
    return made


def test_the_objects_are_the_ones_the_orm_gives(key: ApiKey, django_assert_num_queries: Any):
    orm = default_queryset().get(key_id=key.key_id)
    lookup = CompiledLookup(default_queryset())
    with django_assert_num_queries(1):  # the owner comes with the key
        found = lookup.get(key.key_id)
        assert found is not None
        owner = found.owner
    for name in FIELDS:
        assert getattr(found, name) == getattr(orm, name), name
    for name in USER_FIELDS:
        assert getattr(owner, name) == getattr(orm.owner, name), name
    assert found._state.adding is False and found._state.db == "default"
    found.name = "renamed"
    found.save(update_fields=["name"])  # a real, saveable instance
    assert ApiKey.objects.get(pk=key.pk).name == "renamed"


def test_an_unknown_id_is_none(key: ApiKey, django_assert_num_queries: Any):
    lookup = CompiledLookup(default_queryset())
    with django_assert_num_queries(1):
        assert lookup.get("0" * 16) is None
    assert lookup.get(key.key_id) is not None
    assert lookup.get("f" * 16) is None  # the decoy is now a real row's shape


def test_a_subclass_queryset_is_respected(user: User, other_user: User):
    """A project's authenticator that only admits staff keys: its own query, compiled apart."""
    _staff_key, staff_plaintext = ApiKey.objects.create_key(other_user, "ops")
    other_user.is_staff = True
    other_user.save()
    _key, plaintext = ApiKey.objects.create_key(user, "laptop")

    class StaffKeys(ApiKeyAuthentication):
        def get_queryset(self) -> QuerySet[ApiKey]:
            return super().get_queryset().filter(owner__is_staff=True)

    def auth(cls: type[ApiKeyAuthentication], raw: str) -> Any:
        request = Request(RequestFactory().get("/api/x", HTTP_X_API_KEY=raw))
        try:
            return cls().authenticate(request)
        except Exception as exc:  # the problem exception
            return type(exc).__name__

    assert auth(ApiKeyAuthentication, plaintext)[0] == user
    assert auth(StaffKeys, plaintext) == "ProblemAuthenticationFailed"
    assert auth(StaffKeys, staff_plaintext)[0] == other_user


def test_each_thread_compiles_on_its_own_connection(key: ApiKey, transactional_db: Any):
    lookups: list[CompiledLookup[ApiKey]] = []
    found: list[Any] = []

    def run() -> None:
        lookup = compiled("thread-test", default_queryset)
        lookups.append(lookup)
        found.append(lookup.get(key.key_id))

    main = compiled("thread-test", default_queryset)
    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    assert lookups[0] is not main
    assert lookups[0].compiler.connection is not main.compiler.connection
    assert found[0] is not None and found[0].pk == key.pk


def test_signing_keys_come_with_the_key(key: ApiKey, django_assert_num_queries: Any):
    require_extra("cryptography", "signatures")
    from django_problems.signatures.authentication import SignedRequestAuthentication
    from django_problems.signatures.models import SigningKey

    lookup = CompiledLookup(SignedRequestAuthentication().get_queryset())
    without = lookup.get(key.key_id)
    assert without is not None
    with django_assert_num_queries(0), pytest.raises(SigningKey.DoesNotExist):
        _ = without.signing_key  # known absent: no query
    SigningKey.objects.create(api_key=key, public_key="A" * 44)
    with django_assert_num_queries(1):
        found = lookup.get(key.key_id)
        assert found is not None
        assert found.signing_key.public_key == "A" * 44
