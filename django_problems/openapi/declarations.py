"""What a class can raise, declared for the schema: ``OpenApiProblemsExtension``.

The rules (:mod:`.rules`) ask each authenticator, permission, filter backend and view of an
operation which problem types it can produce. A class answers through a declaration registered
the way drf-spectacular registers its own extensions (found by target class), or through a
``problem_slugs`` attribute of its own. Declarations for the package's classes and the
third-party classes projects combine it with (djangorestframework-simplejwt, django-filter) are
below; register your own by subclassing::

    class LicenseCheckProblems(OpenApiProblemsExtension):
        target_class = "shop.permissions.HasLicense"
        slugs = ("license-expired",)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from drf_spectacular.plumbing import OpenApiGeneratorExtension


class OpenApiProblemsExtension(OpenApiGeneratorExtension["OpenApiProblemsExtension"]):
    """Declares the problem types instances of ``target_class`` can make an operation answer."""

    _registry: list[type[OpenApiProblemsExtension]] = []
    optional = True
    """A target in a package that is not installed is simply never matched."""
    slugs: tuple[str, ...] = ()
    """The catalogue slugs of the types instances of the target can raise."""
    headers: Mapping[int, Mapping[str, str]] = {}
    """Headers some of its problems carry, by status: ``{401: {"Accept-Signature": "..."}}``."""

    def get_slugs(self, view: Any = None) -> Iterable[str]:
        """The slugs of the types the target can raise in ``view`` (when known): ``slugs``
        unless overridden (a filter backend raises only for views it filters)."""
        return self.slugs


def declared_slugs(target: Any, view: Any = None) -> tuple[str, ...] | None:
    """What ``target`` (an instance or a class) declares it can raise, in ``view`` when given;
    ``None``: nothing said.

    A ``problem_slugs`` attribute of the target wins over a registered declaration.
    """
    own = getattr(target, "problem_slugs", None)
    if isinstance(own, list | tuple):
        _warn_unknown(target, own)
        return tuple(own)
    match = _match(target)
    return tuple(match.get_slugs(view)) if match is not None else None


def declared_response_headers(target: Any) -> Mapping[int, Mapping[str, str]]:
    """The headers ``target``'s declaration says some of its problems carry."""
    match = _match(target)
    return match.headers if match is not None else {}


_MATCHES: dict[tuple[type, int], type[OpenApiProblemsExtension] | None] = {}
"""The declaration of each target class (per size of the registry, which grows when a
declaration is defined): drf-spectacular's ``get_match`` walks the whole registry each time,
and every operation asks about the same few authenticators, permissions and backends."""


def _match(target: Any) -> OpenApiProblemsExtension | None:
    cls = target if isinstance(target, type) else type(target)
    key = (cls, len(OpenApiProblemsExtension._registry))
    if key not in _MATCHES:
        found = OpenApiProblemsExtension.get_match(target)
        _MATCHES[key] = type(found) if found is not None else None
    declaration = _MATCHES[key]
    return declaration(target) if declaration is not None else None


class ApiKeyProblems(OpenApiProblemsExtension):
    """``ApiKeyAuthentication``: a bad key, or an expired one."""

    target_class = "django_problems.api_keys.authentication.ApiKeyAuthentication"
    match_subclasses = True
    slugs = ("unauthorised", "expired-account")


class AccessTokenProblems(OpenApiProblemsExtension):
    """``AccessTokenAuthentication``: no token, or a bad one."""

    target_class = "django_problems.api_keys.authentication.AccessTokenAuthentication"
    match_subclasses = True
    priority = 1
    slugs = ("no-token", "invalid-token")


class SignedRequestProblems(OpenApiProblemsExtension):
    """``SignedRequestAuthentication``: a bad key or signature, an expired key, a replay."""

    target_class = "django_problems.signatures.authentication.SignedRequestAuthentication"
    match_subclasses = True
    priority = 1
    slugs = ("unauthorised", "expired-account", "request-already-received")
    headers = {
        401: {
            "Accept-Signature": "The signature the endpoint requires (RFC 9421), on a refused "
            "signature."
        }
    }


class JWTAuthenticationProblems(OpenApiProblemsExtension):
    """djangorestframework-simplejwt's ``JWTAuthentication``: a token not valid (its own type),
    or another authentication failure (a malformed header, an inactive user)."""

    target_class = "rest_framework_simplejwt.authentication.JWTAuthentication"
    match_subclasses = True
    slugs = ("unauthorised", "token-not-valid")


class TokenViewProblems(OpenApiProblemsExtension):
    """simplejwt's token views (obtain, refresh, verify, blacklist): they authenticate nothing
    (``authentication_classes = ()``) but refuse bad tokens and credentials with 401s."""

    target_class = "rest_framework_simplejwt.views.TokenViewBase"
    match_subclasses = True
    slugs = ("token-not-valid", "no-active-account")


class FilterBackendProblems(OpenApiProblemsExtension):
    """django-filter's ``DjangoFilterBackend``: invalid filter values are validation errors, in
    views it has a filterset for (``filterset_class`` or ``filterset_fields``)."""

    target_class = "django_filters.rest_framework.DjangoFilterBackend"
    match_subclasses = True
    slugs = ("invalid-parameters",)

    def get_slugs(self, view: Any = None) -> Iterable[str]:
        if view is not None and not (
            getattr(view, "filterset_class", None) or getattr(view, "filterset_fields", None)
        ):
            return ()
        return self.slugs


def _warn_unknown(target: Any, slugs: Iterable[str]) -> None:
    """drf-spectacular's warning (``spectacular --fail-on-warn`` fails on it) for each slug of
    a ``problem_slugs`` attribute that is no problem type."""
    from drf_spectacular.drainage import warn

    from django_problems.catalogue import get_catalogue

    catalogue = get_catalogue()
    owner = target if isinstance(target, type) else type(target)
    for slug in slugs:
        if slug not in catalogue:
            warn(
                f"{owner.__qualname__}.problem_slugs names {slug!r}, which is not a problem "
                "type of this project (see the docs page for the slugs)."
            )
