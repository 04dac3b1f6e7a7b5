"""``ApiVersioning``: the DRF versioning class on the ``api-version`` query parameter.

Per view as ``versioning_class`` or project-wide as ``REST_FRAMEWORK["DEFAULT_VERSIONING_CLASS"]``.
The version must be given exactly once, in ``major.minor`` form, and be one of
``PROBLEMS["VERSIONING"]["SUPPORTED"]``; anything else is the ``invalid-api-version`` problem
naming the cause in ``errors`` and listing ``supported_versions``. DRF determines the version
before it authenticates, so a bad version wins over a missing login.

Every response of a versioned view carries ``api-supported-versions`` (current versions) and
``api-deprecated-versions``; a deprecated version adds ``Deprecation`` (RFC 9745), ``Sunset``
(RFC 8594) and ``Link`` from its policy.
"""

from __future__ import annotations

import os
import site
import sys
import sysconfig
from collections.abc import Mapping
from functools import lru_cache
from typing import Any, Final

from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import ErrorDetail
from rest_framework.request import Request
from rest_framework.utils.urls import replace_query_param
from rest_framework.versioning import BaseVersioning

from django_problems.exceptions import ProblemError
from django_problems.serializer_errors import map_errors
from django_problems.versioning.policy import VersionPolicy, get_version_policy
from django_problems.versioning.settings import is_version, versioning_settings

ECHO_LIMIT: Final = 32
"""Longest client value quoted back in an error message."""


class ApiVersioning(BaseVersioning):
    """DRF versioning class: ``?api-version=major.minor``, exactly once, and supported.

    As ``DEFAULT_VERSIONING_CLASS`` it versions the project's own views only: the views of
    installed packages (djangorestframework-simplejwt's token views, ``obtain_auth_token``, the
    ``DefaultRouter`` root, drf-spectacular's schema views) answer without the parameter, with
    ``request.version`` ``None`` (see :func:`versions`).
    """

    # DRF allows None (its stubs say str).
    def determine_version(  # type: ignore[override]
        self, request: Request, *args: Any, **kwargs: Any
    ) -> str | None:
        """The requested version, or raise the ``invalid-api-version`` problem."""
        context = getattr(request, "parser_context", None) or {}
        if not versions(context.get("view")):
            return None
        policy = get_version_policy()
        values = request.query_params.getlist(policy.param)
        if not values and policy.default is not None:
            version = policy.default
        else:
            cause = _cause(policy, values)
            if cause is not None:
                headers = policy.headers()
                _add_view_headers(request, headers)
                raise invalid_version(policy, *cause, headers)
            version = values[0]
        _add_view_headers(request, policy.headers(version))
        return version

    def is_allowed_version(self, version: str | None) -> bool:
        """Whether ``version`` is one of the supported versions."""
        return version in get_version_policy().supported

    def reverse(
        self,
        viewname: str,
        args: Any = None,
        kwargs: Any = None,
        request: Request | None = None,
        format: str | None = None,
        **extra: Any,
    ) -> str:
        """``reverse()`` that keeps the request's ``api-version`` in the URL it builds."""
        url = super().reverse(viewname, args, kwargs, request, format, **extra)
        version = getattr(request, "version", None)
        if request is not None and version is not None:
            return str(replace_query_param(url, get_version_policy().param, version))
        return url


def versions(view: object) -> bool:
    """Whether ``ApiVersioning`` applies to ``view``: a view of the project itself, not of an
    installed package (unless ``PROBLEMS["VERSIONING"]["THIRD_PARTY_VIEWS"]`` is ``True``).

    A view belongs to an installed package when its class is defined in a module under a
    ``site-packages`` directory; the project's own code (and a package installed in editable
    mode from its checkout) is not.
    """
    if view is None or versioning_settings().THIRD_PARTY_VIEWS:
        return True
    return not _installed(type(view).__module__)


@lru_cache(maxsize=1024)
def _installed(module_name: str) -> bool:
    module = sys.modules.get(module_name)
    filename = getattr(module, "__file__", None)
    if not filename:
        return False
    path = os.path.realpath(filename)
    return any(path.startswith(root + os.sep) for root in _package_roots())


@lru_cache(maxsize=1)
def _package_roots() -> tuple[str, ...]:
    paths = sysconfig.get_paths()
    roots = {paths["purelib"], paths["platlib"], *site.getsitepackages()}
    if site.ENABLE_USER_SITE:
        roots.add(site.getusersitepackages())
    return tuple(os.path.realpath(root) for root in roots if root)


def _cause(policy: VersionPolicy, values: list[str]) -> tuple[str, str] | None:
    """Why ``values`` (every occurrence of the parameter) is not a usable version, if it is not."""
    param = policy.param
    if not values:
        return _("The %(param)s query parameter is required.") % {"param": param}, "required"
    if len(values) > 1:
        return (
            _("The %(param)s query parameter is specified multiple times; give it once.")
            % {"param": param},
            "multiple",
        )
    value = values[0]
    if not value.strip():
        return _("The %(param)s query parameter is empty.") % {"param": param}, "blank"
    shown = value if len(value) <= ECHO_LIMIT else value[:ECHO_LIMIT] + "…"
    if not is_version(value):
        return (
            _("'%(value)s' is not a valid version: use the major.minor form, e.g. '1.0'.")
            % {"value": shown},
            "invalid",
        )
    if value not in policy.supported:
        return _("'%(value)s' is not a supported version.") % {"value": shown}, "unsupported"
    return None


def invalid_version(
    policy: VersionPolicy, message: str, code: str, headers: Mapping[str, str]
) -> ProblemError:
    """The ``invalid-api-version`` problem for one cause, ``errors`` keyed by the parameter."""
    mapped = map_errors({policy.param: [ErrorDetail(message, code=code)]})
    return ProblemError(
        "invalid-api-version",
        message,
        headers=headers,
        supported_versions=list(policy.supported),
        **mapped.extensions,
    )


def _add_view_headers(request: Request, headers: Mapping[str, str]) -> None:
    """Have the view's ``finalize_response`` put ``headers`` on whatever it answers.

    DRF copies ``view.headers`` onto every response of the view, the success response and the
    problem of any exception alike, so the version headers reach both.
    """
    context = getattr(request, "parser_context", None) or {}
    view_headers = getattr(context.get("view"), "headers", None)
    if isinstance(view_headers, dict):
        view_headers.update(headers)
