"""``manage.py apikey_create <username>``: issue an API key and show it once."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from django_problems.api_keys.cli import expiry, find_user, positive_days, report
from django_problems.api_keys.models import ApiKey


class Command(BaseCommand):
    help = (
        "Create an API key for a user and print it. The key is shown this once: only its id and "
        "a peppered HMAC of its secret are stored, so it cannot be shown again (rotate it if it "
        "is lost). Clients send it in the header PROBLEMS['API_KEYS']['HEADER'] (X-Api-Key)."
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
        parser.add_argument("--json", action="store_true", help="print the result as JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        user = find_user(options["username"])
        key, plaintext = ApiKey.objects.create_key(
            user, options["name"], expires_at=expiry(options["expires_in"])
        )
        report(self, key, plaintext, as_json=options["json"])
