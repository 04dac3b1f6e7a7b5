"""The models the docs' samples talk about: orders (adopting.md, format.md, migrating.md), workers
(testing.md) and products (integrations.md, django-filter). No migrations: the test database
creates their tables directly."""

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


class Product(models.Model):
    name = models.CharField(max_length=100)
    price = models.DecimalField(max_digits=8, decimal_places=2)

    def __str__(self) -> str:
        return self.name
