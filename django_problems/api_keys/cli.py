"""What the ``apikey_*`` management commands share: argument types, lookups, the report."""

from __future__ import annotations

import argparse
import json
from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from django_problems.api_keys.models import ApiKey
from django_problems.api_keys.settings import api_keys_settings


def positive_days(value: str) -> float:
    """``--expires-in``: a number of days, more than 0."""
    try:
        days = float(value)
    except ValueError:
        days = 0.0
    if not 0 < days < 36500:
        raise argparse.ArgumentTypeError(f"{value!r} is not a number of days (> 0)")
    return days


def expiry(days: float | None) -> datetime | None:
    """``now + days``, or ``None`` (never expires)."""
    return None if days is None else timezone.now() + timedelta(days=days)


def find_user(username: str) -> AbstractBaseUser:
    """The user named ``username`` (``CommandError`` if there is none)."""
    user_model = get_user_model()
    try:
        return user_model._default_manager.get_by_natural_key(username)
    except user_model.DoesNotExist:
        raise CommandError(f"There is no user {username!r}.") from None


def find_key(key_id: str) -> ApiKey:
    """The key with the public id ``key_id`` (``CommandError`` if there is none)."""
    try:
        return ApiKey.objects.select_related("owner").get(key_id=key_id)
    except ApiKey.DoesNotExist:
        raise CommandError(f"Unknown key id {key_id!r}.") from None


def report(command: BaseCommand, key: ApiKey, plaintext: str, *, as_json: bool) -> None:
    """Print a new key once (as text, or as one JSON object)."""
    header = api_keys_settings().HEADER
    if as_json:
        data = {
            "id": key.key_id,
            "owner": key.owner.get_username(),
            "name": key.name,
            "key": plaintext,
            "header": header,
            "expires_at": key.expires_at.isoformat() if key.expires_at else None,
        }
        command.stdout.write(json.dumps(data))
        return
    command.stdout.write(f"API key {key.key_id} for {key.owner.get_username()} ({key.name}):")
    command.stdout.write(f"  {header}: {plaintext}")
    if key.expires_at:
        command.stdout.write(f"  expires {key.expires_at.isoformat()}")
    command.stdout.write(command.style.WARNING("Store it now: it is not shown again."))
