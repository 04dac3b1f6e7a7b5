"""API-key authentication (the ``django_problems.api_keys`` app).

Keys of the form ``<prefix>_<id>.<secret>`` (:mod:`.keys`), stored hashed (:mod:`.models`),
checked by the DRF authentication classes of :mod:`.authentication`, managed in the admin and by
the ``apikey_*`` commands. ``PROBLEMS["API_KEYS"]`` (:mod:`.settings`); see ``docs/api-keys.md``.
"""

from typing import TYPE_CHECKING

from django_problems.lazy import lazy_attributes

if TYPE_CHECKING:
    from django_problems.api_keys.authentication import (
        AccessTokenAuthentication,
        ApiKeyAuthentication,
    )

__all__ = ["AccessTokenAuthentication", "ApiKeyAuthentication"]
__getattr__ = lazy_attributes(
    __name__,
    {"ApiKeyAuthentication": ".authentication", "AccessTokenAuthentication": ".authentication"},
)
