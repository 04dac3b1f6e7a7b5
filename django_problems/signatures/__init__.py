"""RFC 9421 HTTP Message Signatures with replay rejection (the ``django_problems.signatures`` app).

:mod:`.authentication` holds the DRF class, :mod:`.client` signs requests; ed25519 via
``cryptography`` (the ``signatures`` extra), imported in :mod:`.crypto` only. Needs
``django_problems.api_keys``: a signature is made with the private half of an API key's
:class:`~.models.SigningKey`. See ``docs/signatures.md``.
"""

from typing import TYPE_CHECKING

from django_problems.lazy import lazy_attributes

if TYPE_CHECKING:
    from django_problems.signatures.authentication import SignedRequestAuthentication

__all__ = ["SignedRequestAuthentication"]
__getattr__ = lazy_attributes(__name__, {"SignedRequestAuthentication": ".authentication"})
