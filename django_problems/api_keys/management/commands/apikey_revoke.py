"""``manage.py apikey_revoke <id>...``: revoke keys at once."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from django_problems.api_keys.cli import find_user
from django_problems.api_keys.models import ApiKey


class Command(BaseCommand):
    help = (
        "Revoke API keys by id (the part between '_' and '.' of a key, as apikey_list shows), "
        "or every live key of a user with --user. A revoked key is refused at once with the "
        "same 401 'unauthorised' problem as an unknown key; revoking cannot be undone."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("key_ids", nargs="*", metavar="ID", help="ids of the keys to revoke")
        parser.add_argument("--user", metavar="USERNAME", help="revoke all of this user's keys")

    def handle(self, *args: Any, **options: Any) -> None:
        ids: list[str] = options["key_ids"]
        if not ids and not options["user"]:
            raise CommandError("Give key ids or --user USERNAME.")
        keys = list(ApiKey.objects.filter(key_id__in=ids))
        unknown = sorted(set(ids) - {key.key_id for key in keys})
        if unknown:
            raise CommandError(f"Unknown key id(s): {', '.join(unknown)}. Nothing was revoked.")
        if options["user"]:
            keys += list(ApiKey.objects.live().filter(owner__pk=find_user(options["user"]).pk))
        for key in keys:
            if key.revoke():
                self.stdout.write(f"Revoked {key.key_id} ({key.name}).")
            else:
                self.stdout.write(f"{key.key_id} was already revoked.")
