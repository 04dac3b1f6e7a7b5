"""Admin of the example API's models."""

from django.contrib import admin

from example_project.workers.models import Availability, Offer, Worker

admin.site.register(Worker)
admin.site.register(Availability)
admin.site.register(Offer)
