"""``api-version`` query-parameter versioning (the ``django_problems.versioning`` app).

``ApiVersioning`` (in :mod:`.scheme`) is the DRF versioning class; ``PROBLEMS["VERSIONING"]``
(:mod:`.settings`) says which versions are served and which are deprecated. See
``docs/versioning.md``.
"""
