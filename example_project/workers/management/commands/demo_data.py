"""``manage.py demo_data``: users, workers, availability and offers to try the API with."""

from __future__ import annotations

import os
import sys
from datetime import timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from django_problems.api_keys.models import ApiKey
from django_problems.api_keys.settings import api_keys_settings
from django_problems.signatures.crypto import generate_keypair
from django_problems.signatures.models import SigningKey
from example_project.workers.models import Availability, Offer, Worker

DEMO_KEY_NAME = "demo_data"
DEMO_BASE_URL = "http://127.0.0.1:8000"


class Command(BaseCommand):
    help = (
        "Create the demo users 'demo' and 'other' (with API credentials), some workers with "
        "availability and two offers (one complete). Safe to run again: existing rows are kept."
    )

    @transaction.atomic
    def handle(self, *args: Any, **options: Any) -> None:
        user_model = get_user_model()
        demo, _ = user_model.objects.get_or_create(username="demo")
        other, _ = user_model.objects.get_or_create(username="other")
        admin, created = user_model.objects.get_or_create(
            username="admin", defaults={"is_staff": True, "is_superuser": True}
        )
        if created:
            admin.set_password("admin")
            admin.save()
        now = timezone.now().replace(minute=0, second=0, microsecond=0)
        for owner, people in ((demo, ("Ada", "Grace")), (other, ("Linus",))):
            for name in people:
                worker, _ = Worker.objects.get_or_create(
                    email=f"{name.lower()}@example.com", defaults={"owner": owner, "name": name}
                )
                if not worker.availability.exists():
                    Availability.objects.create(
                        worker=worker,
                        start=now + timedelta(days=1),
                        end=now + timedelta(days=1, hours=8),
                    )
        if not Offer.objects.filter(owner=demo).exists():
            ada = Worker.objects.get(email="ada@example.com")
            for title, complete in (("Bar shift", False), ("Kitchen shift", True)):
                offer = Offer.objects.create(
                    owner=demo,
                    title=title,
                    start=now,
                    end=now + timedelta(hours=6),
                    complete=complete,
                )
                offer.workers.add(ada)
        ada = Worker.objects.get(email="ada@example.com")
        self.print_keys((demo, other, admin), payout_worker=ada)

    def print_keys(self, users: Any, payout_worker: Worker) -> None:
        """A fresh key and ed25519 signing key per user (shown once); older demo keys revoked."""
        header = api_keys_settings().HEADER
        for user in users:
            for old in ApiKey.objects.live().filter(owner=user, name=DEMO_KEY_NAME):
                old.revoke()
            private, public = generate_keypair()
            key, plaintext = ApiKey.objects.create_key(user, DEMO_KEY_NAME)
            SigningKey.objects.create(api_key=key, public_key=public)
            self.stdout.write(f"{user.get_username()}: {header}: {plaintext}")
            self.stdout.write(f"  ed25519 signing key (private): {private}")
            if payout_worker.owner_id != user.pk:
                continue
            url = f"{DEMO_BASE_URL}/api/workers/{payout_worker.pk}/payout?api-version=1.1"
            body = '{"amount": "12.50"}'
            python = os.path.relpath(sys.executable) if sys.executable else "python"
            self.stdout.write(
                "  sign a payout (docs/signatures.md); run the printed curl twice to see "
                "the replay rejected:\n"
                f"    {python} -m django_problems.signatures.client --method POST --url '{url}' "
                f"--data '{body}' --key '{plaintext}' --private-key '{private}' | sh"
            )
