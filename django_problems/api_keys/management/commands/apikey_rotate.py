"""``manage.py apikey_rotate <id>``: a new key for the same owner; the old one ends later."""

from __future__ import annotations

import argparse
from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone

from django_problems.api_keys.cli import expiry, positive_days, report
from django_problems.api_keys.models import ApiKey
from django_problems.api_keys.signals import key_rotated


def grace_hours(value: str) -> float:
    """``--grace``: hours the old key keeps working (0 revokes it now)."""
    try:
        hours = float(value)
    except ValueError:
        hours = -1.0
    if not 0 <= hours <= 24 * 365:
        raise argparse.ArgumentTypeError(f"{value!r} is not a number of hours (>= 0)")
    return hours


class Command(BaseCommand):
    help = (
        "Rotate an API key: create a new key for the same owner and name (and signing key), "
        "print it once, and let the old key work for --grace hours more (default 24; 0 revokes "
        "it at once) so clients can switch without downtime. Owners may hold several live keys."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("key_id", metavar="ID", help="id of the key to replace")
        parser.add_argument(
            "--grace",
            type=grace_hours,
            default=24.0,
            metavar="HOURS",
            help="hours the old key stays valid (default: %(default)s; 0 revokes it now)",
        )
        parser.add_argument(
            "--expires-in",
            type=positive_days,
            metavar="DAYS",
            help="expire the new key after DAYS days (default: the old key's lifetime; never "
            "if it had none)",
        )
        parser.add_argument("--json", action="store_true", help="print the result as JSON")

    @transaction.atomic
    def handle(self, *args: Any, **options: Any) -> None:
        try:
            old = ApiKey.objects.select_for_update().get(key_id=options["key_id"])
        except ApiKey.DoesNotExist:
            raise CommandError(f"Unknown key id {options['key_id']!r}.") from None
        if old.status() != "live":
            raise CommandError(f"Key {old.key_id} is {old.status()}: create a new one instead.")
        expires_at = expiry(options["expires_in"])
        if options["expires_in"] is None and old.expires_at is not None:
            # The new key lives as long as the old one was meant to: a 90-day key stays one.
            expires_at = timezone.now() + (old.expires_at - old.created_at)
        new, plaintext = ApiKey.objects.create_key(old.owner, old.name, expires_at=expires_at)
        key_rotated.send(sender=ApiKey, old=old, new=new)
        if options["grace"] == 0:
            old.revoke()
            ending = "revoked now"
        else:
            end = timezone.now() + timedelta(hours=options["grace"])
            if old.expires_at is None or old.expires_at > end:
                old.expires_at = end
                old.save(update_fields=["expires_at"])
            ending = f"expires {old.expires_at.isoformat() if old.expires_at else ''}"
        report(self, new, plaintext, as_json=options["json"])
        if not options["json"]:
            self.stdout.write(f"Old key {old.key_id} {ending}.")
