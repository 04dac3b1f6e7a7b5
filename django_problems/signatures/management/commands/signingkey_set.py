"""``manage.py signingkey_set <key id>``: let an API key sign requests (RFC 9421)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from django_problems.api_keys.cli import find_key
from django_problems.signatures.models import SigningKey


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


class Command(BaseCommand):
    help = (
        "Register the ed25519 public key an API key signs requests with (RFC 9421), replacing "
        "any earlier one. Endpoints that use SignedRequestAuthentication accept only requests "
        "signed by the matching private key. The private key stays with the client; "
        "--generate makes a pair and prints the private key once (for trying things out)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("key_id", metavar="ID", help="id of the API key (apikey_list shows it)")
        source = parser.add_mutually_exclusive_group(required=True)
        source.add_argument(
            "--public-key",
            metavar="KEY",
            help="the client's ed25519 public key: base64 of the 32 raw bytes, PEM, or @file",
        )
        source.add_argument(
            "--generate",
            action="store_true",
            help="generate a key pair, store the public key and print the private key once",
        )
        parser.add_argument("--json", action="store_true", help="print the result as JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        key = find_key(options["key_id"])
        private_key = None
        if options["generate"]:
            from django_problems.signatures.crypto import generate_keypair

            private_key, public_key = generate_keypair()
        else:
            public_key = public_key_argument(options["public_key"])
        SigningKey.objects.update_or_create(api_key=key, defaults={"public_key": public_key})
        if options["json"]:
            data = {"id": key.key_id, "public_key": public_key, "private_key": private_key}
            self.stdout.write(json.dumps(data))
            return
        self.stdout.write(f"API key {key.key_id} now signs with {public_key}.")
        if private_key:
            self.stdout.write(f"  ed25519 private key (for signing): {private_key}")
            self.stdout.write(self.style.WARNING("Store it now: it is not shown again."))
