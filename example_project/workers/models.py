"""Models of the example API, in the seeds' domain (updatedge: workers, offers, availability)."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Worker(models.Model):
    """A person an organisation can send offers of work to."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="workers"
    )
    name = models.CharField(max_length=100)
    email = models.EmailField(unique=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("id",)

    def __str__(self) -> str:
        return self.name


class Availability(models.Model):
    """An interval in which a worker can take work."""

    worker = models.ForeignKey(Worker, on_delete=models.CASCADE, related_name="availability")
    start = models.DateTimeField()
    end = models.DateTimeField()

    class Meta:
        ordering = ("start",)

    def __str__(self) -> str:
        return f"{self.worker}: {self.start} - {self.end}"


class Offer(models.Model):
    """An offer of work sent to some workers; once complete it cannot change."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="offers"
    )
    title = models.CharField(max_length=120)
    workers: models.ManyToManyField[Worker, OfferWorker] = models.ManyToManyField(
        Worker, related_name="offers", through="OfferWorker"
    )
    start = models.DateTimeField()
    end = models.DateTimeField()
    daystorepeat = models.PositiveSmallIntegerField(default=0)
    complete = models.BooleanField(default=False)

    class Meta:
        ordering = ("id",)

    def __str__(self) -> str:
        return self.title


class OfferWorker(models.Model):
    """A worker an offer was sent to; a worker with offers cannot be deleted."""

    offer = models.ForeignKey(Offer, on_delete=models.CASCADE)
    worker = models.ForeignKey(Worker, on_delete=models.PROTECT)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["offer", "worker"], name="unique_offer_worker"),
        ]

    def __str__(self) -> str:
        return f"{self.offer} -> {self.worker}"
