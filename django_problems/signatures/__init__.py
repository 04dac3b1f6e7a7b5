"""RFC 9421 HTTP Message Signatures with replay rejection (the ``signatures`` extra).

:mod:`.authentication` holds the DRF class, :mod:`.client` signs requests; ed25519 via
``cryptography``, imported in :mod:`.crypto` only.
"""
