"""The maintenance switch (the ``django_problems.maintenance`` app).

While it is on, API requests answer 503 ``service-temporarily-unavailable`` with ``Retry-After``
(:mod:`.middleware`). The switch is one key in a Django cache (:mod:`.switch`), flipped by
``manage.py problems_maintenance on|off|status``. ``PROBLEMS["MAINTENANCE"]`` (:mod:`.settings`);
see ``docs/operations.md``.
"""

from typing import TYPE_CHECKING

from django_problems.lazy import lazy_attributes

if TYPE_CHECKING:
    from django_problems.maintenance.middleware import MaintenanceMiddleware

__all__ = ["MaintenanceMiddleware"]
__getattr__ = lazy_attributes(__name__, {"MaintenanceMiddleware": ".middleware"})
