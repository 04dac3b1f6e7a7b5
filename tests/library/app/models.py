"""The test app's models: a worker (unique email) owned by a user, and the worker's skills."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Worker(models.Model):
    """Owned by a user; the email is unique across owners (the database enforces it)."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="test_workers"
    )
    name = models.CharField(max_length=100)
    email = models.EmailField(unique=True)

    class Meta:
        ordering = ("id",)

    def __str__(self) -> str:
        return self.name


class Skill(models.Model):
    """One skill of a worker (written through the worker's nested serializer)."""

    worker = models.ForeignKey(Worker, on_delete=models.CASCADE, related_name="skills")
    name = models.CharField(max_length=50)

    class Meta:
        ordering = ("id",)

    def __str__(self) -> str:
        return self.name
