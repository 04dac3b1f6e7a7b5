"""``SignedRequestAuthentication``: an API key plus an RFC 9421 signature, each request once.

The request carries the API key (authenticated first, as :class:`ApiKeyAuthentication` does) and
a signature by the key's registered ed25519 public key (``keyid`` = the key's public id) over at
least ``@method``, ``@target-uri``, ``content-digest`` and the key header, with ``created`` and
``nonce``. The order of the checks is: key, signature present and well formed, window, body
digest, signature, then the nonce is recorded (only now, so a forged request cannot burn a nonce).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Final
from urllib.parse import urlsplit

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import QuerySet
from django.http.request import RawPostDataException
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from rest_framework.request import Request

from django_problems.api_keys.authentication import ApiKeyAuthentication
from django_problems.api_keys.models import ApiKey
from django_problems.api_keys.settings import api_keys_settings
from django_problems.exceptions import ProblemAuthenticationFailed, ProblemError
from django_problems.signatures import crypto
from django_problems.signatures.base import SignatureEntry, parse_signatures, signature_base
from django_problems.signatures.digest import digest_matches
from django_problems.signatures.nonces import NonceStoreUnavailableError, record_nonce
from django_problems.signatures.settings import (
    MAX_NONCE_LENGTH,
    MIN_NONCE_LENGTH,
    signatures_settings,
)
from django_problems.signatures.structured import StructuredError
from django_problems.signatures.types import SignatureError

BASE_COMPONENTS: Final = ("@method", "@target-uri", "content-digest")
REQUIRED_PARAMS: Final = ("created", "nonce", "keyid")


def required_components() -> tuple[str, ...]:
    """The components every signature must cover: method, target URI, body digest, key header."""
    return (*BASE_COMPONENTS, api_keys_settings().HEADER.lower())


def accept_signature() -> str:
    """The ``Accept-Signature`` value (RFC 9421 s5.1) describing the signature we require."""
    components = " ".join(f'"{name}"' for name in required_components())
    return f'sig1=({components});created;nonce;keyid;alg="{crypto.ALGORITHM}"'


def _meta_field(request: Request, name: str) -> str | None:
    if name in ("content-type", "content-length"):
        meta_key = name.upper().replace("-", "_")
    else:
        meta_key = "HTTP_" + name.upper().replace("-", "_")
    value = request.META.get(meta_key)
    return None if value is None else str(value).strip()


def raw_target(request: Request) -> str:
    """The request target as the client sent it (RFC 9421 signs it undecoded): the server's
    ``RAW_URI`` (gunicorn, :mod:`django_problems.asgi`) or ``REQUEST_URI`` (uWSGI, mod_wsgi);
    else, from a server that keeps only the decoded path (``runserver``), Django's re-encoding
    of it."""
    raw = request.META.get("RAW_URI") or request.META.get("REQUEST_URI")
    if isinstance(raw, str) and raw:
        if raw.startswith("/"):
            return raw
        parts = urlsplit(raw)  # absolute form: http://host/path?query
        if parts.scheme and parts.netloc:
            return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return str(request.get_full_path())


DERIVE: Final[dict[str, Callable[[Request], str]]] = {
    "@method": lambda r: str(r.method).upper(),
    "@target-uri": lambda r: f"{r.scheme or 'http'}://{r.get_host()}{raw_target(r)}",
    "@authority": lambda r: r.get_host().lower(),
    "@scheme": lambda r: r.scheme or "http",
    "@request-target": raw_target,
    "@path": lambda r: raw_target(r).partition("?")[0],
    "@query": lambda r: "?" + str(r.META.get("QUERY_STRING", "")),
}


def component_value(request: Request, name: str) -> str | None:
    """A covered component's value in ``request`` (``None`` when the request lacks it)."""
    derive = DERIVE.get(name)
    return derive(request) if derive is not None else _meta_field(request, name)


class SignedRequestAuthentication(ApiKeyAuthentication):
    """API key authentication that also requires a fresh RFC 9421 ed25519 signature.

    Failures: bad key as :class:`ApiKeyAuthentication`; a missing, malformed, stale or wrong
    signature is ``unauthorised`` with a ``signature_error`` code; a nonce seen before is
    ``request-already-received``; an unreachable nonce store is a 503
    ``service-temporarily-unavailable`` (fail closed).
    """

    def authenticate(self, request: Request) -> tuple[AbstractBaseUser, ApiKey] | None:
        result = super().authenticate(request)
        if result is not None:
            self.verify_signature(request, result[1])
        return result

    def get_queryset(self) -> QuerySet[ApiKey]:
        """Keys with their owner and signing key: still one query."""
        return super().get_queryset().select_related("signing_key")

    def authenticate_header(self, request: Request) -> str:
        realm = api_keys_settings().REALM
        return f'{super().authenticate_header(request)}, Signature realm="{realm}"'

    def reject(self, code: SignatureError, detail: str | Promise) -> ProblemAuthenticationFailed:
        """The ``unauthorised`` problem for a signature failure ``code``."""
        return ProblemAuthenticationFailed(
            "unauthorised",
            detail,
            extensions={"signature_error": code},
            headers={"Accept-Signature": accept_signature()},
        )

    def verify_signature(self, request: Request, key: ApiKey) -> None:
        """Verify the request's signature by ``key`` and record its nonce, or raise."""
        crypto.require()
        entry = self._entry(request, key)
        nonce = self._check_params(entry)
        public_key = _signing_public_key(key)
        if public_key is None:
            raise self.reject("no-signing-key", _("This key has no signing public key."))
        self._check_digest(request)
        try:
            values = [(name, component_value(request, name)) for name in entry.components]
            present = [(name, value) for name, value in values if value is not None]
            if len(present) != len(values):
                missing = ", ".join(name for name, value in values if value is None)
                raise self.reject(
                    "incomplete",
                    _("The signature covers components the request lacks: %(names)s.")
                    % {"names": missing},
                )
            base = signature_base(present, entry.params_value())
        except StructuredError:
            raise self.reject("malformed", _("A signed component is not valid.")) from None
        if not crypto.verify(public_key, entry.signature, base):
            raise self.reject("invalid", _("The signature does not verify."))
        try:
            fresh = record_nonce(key.key_id, nonce)
        except NonceStoreUnavailableError:
            raise ProblemError(
                "service-temporarily-unavailable",
                _("Signed requests cannot be checked for replays right now; retry later."),
            ) from None
        if not fresh:
            raise ProblemAuthenticationFailed(
                "request-already-received",
                _("A request with this nonce was already received; sign each request anew."),
            )

    def _entry(self, request: Request, key: ApiKey) -> SignatureEntry:
        signature_input = request.META.get("HTTP_SIGNATURE_INPUT")
        signature = request.META.get("HTTP_SIGNATURE")
        if not signature_input or not signature:
            raise self.reject(
                "missing",
                _("This endpoint needs a signed request: send Signature-Input and Signature."),
            )
        try:
            entries = parse_signatures(signature_input, signature)
        except StructuredError:
            raise self.reject(
                "malformed", _("The Signature-Input or Signature header is malformed.")
            ) from None
        for entry in entries.values():
            if entry.params.get("keyid") == key.key_id:
                return entry
        if any("keyid" not in entry.params for entry in entries.values()):
            raise self.reject(
                "incomplete", _("The signature carries no keyid: name the key's id as keyid.")
            )
        raise self.reject(
            "keyid-mismatch",
            _("No signature names this key's id as its keyid: sign with the key you send."),
        )

    def _check_params(self, entry: SignatureEntry) -> str:
        missing = [name for name in required_components() if name not in entry.components]
        absent = [name for name in REQUIRED_PARAMS if name not in entry.params]
        if missing or absent:
            raise self.reject(
                "incomplete",
                _("The signature must cover %(components)s and carry %(params)s.")
                % {
                    "components": ", ".join(required_components()),
                    "params": ", ".join(REQUIRED_PARAMS),
                },
            )
        created, nonce = entry.params["created"], entry.params["nonce"]
        alg = entry.params.get("alg", crypto.ALGORITHM)
        if type(created) is not int or not isinstance(nonce, str) or not isinstance(alg, str):
            raise self.reject("malformed", _("created must be an integer and nonce a string."))
        if not MIN_NONCE_LENGTH <= len(nonce) <= MAX_NONCE_LENGTH:
            raise self.reject(
                "malformed",
                _("The nonce must be %(min)s to %(max)s characters long.")
                % {"min": MIN_NONCE_LENGTH, "max": MAX_NONCE_LENGTH},
            )
        if alg != crypto.ALGORITHM:
            raise self.reject(
                "unsupported-algorithm",
                _("Only %(alg)s signatures are accepted.") % {"alg": crypto.ALGORITHM},
            )
        expires = entry.params.get("expires")
        if expires is not None and type(expires) is not int:
            raise self.reject("malformed", _("expires must be an integer."))
        now = time.time()
        window = signatures_settings().WINDOW
        if abs(now - created) > window or (expires is not None and expires < now):
            raise self.reject(
                "stale",
                _(
                    "The signature was created outside the accepted window of %(window)s "
                    "seconds either side of the server's clock (or has expired)."
                )
                % {"window": window},
            )
        return nonce

    def _check_digest(self, request: Request) -> None:
        header = request.META.get("HTTP_CONTENT_DIGEST", "")
        try:
            body = request._request.body
            matches = digest_matches(header, body)
        except (StructuredError, RawPostDataException):
            matches = False
        if not matches:
            raise self.reject(
                "digest-mismatch",
                _("Content-Digest is missing, malformed or does not match the body."),
            )


def _signing_public_key(key: ApiKey) -> str | None:
    try:
        signing_key = key.signing_key
    except ObjectDoesNotExist:
        return None
    public_key: str = signing_key.public_key
    return public_key
