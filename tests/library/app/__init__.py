"""A small app for the library suite: a versioned, key-protected viewset and test-only views.

* ``/api/workers``: a ``ModelViewSet`` (nested skills, a unique email) with a throttled action
  (``invite``, scope ``invitations``) and a signed one (``payout``, RFC 9421);
* ``/api/search``: query parameters validated by ``validate_query``;
* ``/api/status``: public and unversioned (no authentication, no ``api-version``);
* ``/api/whoami``, ``/api/token/whoami``, ``/api/either/whoami``: who a key or access token
  authenticates as;
* ``/api/test/...`` and ``/site/...``: views that raise every kind of exception
  (:mod:`tests.library.app.raising`).
"""
