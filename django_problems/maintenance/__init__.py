"""The maintenance switch (the ``django_problems.maintenance`` app).

While it is on, API requests answer 503 ``service-temporarily-unavailable`` with ``Retry-After``
(:mod:`.middleware`). The switch is one key in a Django cache (:mod:`.switch`), flipped by
``manage.py problems_maintenance on|off|status``. ``PROBLEMS["MAINTENANCE"]`` (:mod:`.settings`);
see ``docs/operations.md``.
"""
