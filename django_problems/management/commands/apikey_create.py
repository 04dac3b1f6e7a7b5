"""``manage.py apikey_create <username>``: issue an API key and show it once."""

from __future__ import annotations

import argparse
import json
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from django_problems.api_keys import api_key_header
from django_problems.models import ApiKey


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


def public_key_argument(value: str) -> str:
    """``--public-key``: base64 raw or PEM, inline or ``@path``; stored as base64 raw."""
    from django_problems.signatures.crypto import normalize_public_key

    text = value
    if value.startswith("@"):
        try:
            text = Path(value[1:]).read_text()
        except OSError as exc:
            raise CommandError(f"Cannot read {value[1:]!r}: {exc.strerror}.") from None
    try:
        return normalize_public_key(text)
    except (ValueError, ImportError) as exc:
        raise CommandError(f"--public-key is not an ed25519 public key: {exc}.") from None


def report(
    command: BaseCommand, key: ApiKey, plaintext: str, private_key: str | None, *, as_json: bool
) -> None:
    """Print a new key (and a generated private signing key) once."""
    if as_json:
        data = {
            "id": key.key_id,
            "owner": key.owner.get_username(),
            "name": key.name,
            "key": plaintext,
            "header": api_key_header(),
            "expires_at": key.expires_at.isoformat() if key.expires_at else None,
            "signing_public_key": key.signing_public_key or None,
            "signing_private_key": private_key,
        }
        command.stdout.write(json.dumps(data))
        return
    command.stdout.write(f"API key {key.key_id} for {key.owner.get_username()} ({key.name}):")
    command.stdout.write(f"  {api_key_header()}: {plaintext}")
    if key.expires_at:
        command.stdout.write(f"  expires {key.expires_at.isoformat()}")
    if private_key:
        command.stdout.write(f"  ed25519 private key (for signing): {private_key}")
    command.stdout.write(command.style.WARNING("Store it now: it is not shown again."))


class Command(BaseCommand):
    help = (
        "Create an API key for a user and print it. The key is shown this once: only its id and "
        "a peppered HMAC of its secret are stored, so it cannot be shown again (rotate it if it "
        "is lost). Clients send it in the header PROBLEMS['API_KEYS']['HEADER'] (X-Api-Key). "
        "With --public-key or --generate-signing-key the key can also sign requests (RFC 9421) "
        "for endpoints that require signatures."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username", help="the user the key authenticates as")
        parser.add_argument(
            "--name", default="default", help="what the key is for (default: %(default)s)"
        )
        parser.add_argument(
            "--expires-in",
            type=positive_days,
            metavar="DAYS",
            help="expire the key after DAYS days (default: never)",
        )
        signing = parser.add_mutually_exclusive_group()
        signing.add_argument(
            "--public-key",
            metavar="KEY",
            help="the client's ed25519 public key for signed requests: base64 of the 32 raw "
            "bytes, PEM, or @file",
        )
        signing.add_argument(
            "--generate-signing-key",
            action="store_true",
            help="generate an ed25519 key pair, store the public key and print the private key "
            "once (for trying things out: normally the client keeps its private key)",
        )
        parser.add_argument("--json", action="store_true", help="print the result as JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        user = find_user(options["username"])
        public_key = ""
        private_key = None
        if options["public_key"]:
            public_key = public_key_argument(options["public_key"])
        elif options["generate_signing_key"]:
            from django_problems.signatures.crypto import generate_keypair

            private_key, public_key = generate_keypair()
        key, plaintext = ApiKey.objects.create_key(
            user,
            options["name"],
            expires_at=expiry(options["expires_in"]),
            signing_public_key=public_key,
        )
        report(self, key, plaintext, private_key, as_json=options["json"])
