"""The models the docs' samples talk about: orders (adopting.md, format.md) and workers
(testing.md). No migrations: the test database creates their tables directly."""

from __future__ import annotations

from django.db import models


class Order(models.Model):
    email = models.EmailField()

    def __str__(self) -> str:
        return self.email


class Worker(models.Model):
    name = models.CharField(max_length=100)
    email = models.EmailField()

    def __str__(self) -> str:
        return self.name
