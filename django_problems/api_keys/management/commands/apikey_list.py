"""``manage.py apikey_list [username]``: the keys, never their secrets."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from django_problems.api_keys.cli import find_user
from django_problems.api_keys.models import ApiKey


def _when(value: Any) -> str:
    return value.strftime("%Y-%m-%d %H:%M") if value else "-"


class Command(BaseCommand):
    help = (
        "List API keys: id, owner, name, status (live, expired, revoked), created, expires, "
        "last used (updated at most once a minute). Secrets are "
        "never stored, so they cannot be listed."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username", nargs="?", help="only this user's keys")
        parser.add_argument("--all", action="store_true", help="include revoked and expired keys")

    def handle(self, *args: Any, **options: Any) -> None:
        now = timezone.now()
        keys = ApiKey.objects.select_related("owner").order_by("owner_id", "-created_at")
        if options["username"]:
            keys = keys.filter(owner__pk=find_user(options["username"]).pk)
        if not options["all"]:
            keys = keys.filter(pk__in=ApiKey.objects.live(now).values("pk"))
        rows = [("ID", "OWNER", "NAME", "STATUS", "CREATED", "EXPIRES", "LAST USED")]
        for key in keys:
            rows.append(
                (
                    key.key_id,
                    key.owner.get_username(),
                    key.name,
                    key.status(now),
                    _when(key.created_at),
                    _when(key.expires_at),
                    _when(key.last_used_at),
                )
            )
        if len(rows) == 1:
            self.stdout.write("No keys.")
            return
        widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
        for row in rows:
            self.stdout.write(
                "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
            )
