"""Django's error reports (``AdminEmailHandler``, the technical 500 page) without credentials.

Django's ``SafeExceptionReporterFilter`` hides ``request.META`` entries whose name looks secret
(``API``, ``KEY``, ``TOKEN``, ``SIGNATURE``...), but not a key header named otherwise, and not the
query string: ``request.GET``, the request URL, ``QUERY_STRING`` and the ``repr`` of a request in
a frame's variables carry ``?access_token=...`` as sent. Set both::

    DEFAULT_EXCEPTION_REPORTER_FILTER = "django_problems.api_keys.reports.ApiKeyReporterFilter"
    DEFAULT_EXCEPTION_REPORTER = "django_problems.api_keys.reports.ApiKeyExceptionReporter"

and a report replaces with ``********************``: the key header
(``PROBLEMS["API_KEYS"]["HEADER"]``, whatever its name), ``Authorization``, ``Signature`` and
``Signature-Input`` wherever ``request.META`` shows them; the access-token parameter
(``ACCESS_TOKEN_PARAM``, and ``access_token`` always) in ``request.GET``, ``QUERY_STRING``, the
request URL and a request's ``repr``; and, anywhere else in the report (a local variable, the
exception's message), any value those carried of at least :data:`MIN_SWEPT_LENGTH` characters.

``check_error_reports`` (``django_problems.W141``, a deploy check) warns while either setting is
not one of these classes (or a subclass).
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from typing import Any, Final, cast
from urllib.parse import quote, quote_plus, unquote_plus

from django.apps import AppConfig, apps
from django.conf import settings
from django.core.checks import CheckMessage, Tags, Warning, register
from django.http import HttpRequest
from django.utils.encoding import iri_to_uri
from django.utils.module_loading import import_string
from django.utils.safestring import SafeString, mark_safe
from django.views.debug import ExceptionReporter, SafeExceptionReporterFilter
from rest_framework.request import Request

from django_problems.conf import check_id

REPORTS_SHOW_KEYS = check_id(
    "W141",
    "DEFAULT_EXCEPTION_REPORTER_FILTER or DEFAULT_EXCEPTION_REPORTER can show API keys in error "
    "reports (deploy)",
)

SUBSTITUTE: Final = SafeExceptionReporterFilter.cleansed_substitute
SIGNATURE_HEADERS: Final = ("Signature", "Signature-Input")
ALWAYS_HIDDEN_PARAMS: Final = ("access_token",)
MIN_SWEPT_LENGTH: Final = 8
"""A value shorter than this is hidden where it belongs (its header, its parameter) but not
searched for in the rest of the report: a client must not blank a report by sending ``e``."""

_DEFAULT_HEADER: Final = "X-Api-Key"


def _meta_key(header: str) -> str:
    return "HTTP_" + header.upper().replace("-", "_")


def _configured() -> tuple[str, str | None]:
    """The key header and the access-token parameter; never raises (a report must be written
    even when the settings are wrong)."""
    try:
        from django_problems.api_keys.settings import api_keys_settings

        config = api_keys_settings()
        return config.HEADER, config.ACCESS_TOKEN_PARAM
    except Exception:  # a bad setting: what it says if usable, else the defaults
        section = getattr(settings, "PROBLEMS", {})
        raw = section.get("API_KEYS", {}) if isinstance(section, dict) else {}
        raw = raw if isinstance(raw, dict) else {}
        header = raw.get("HEADER")
        param = raw.get("ACCESS_TOKEN_PARAM")
        return (
            header if isinstance(header, str) and header else _DEFAULT_HEADER,
            param if isinstance(param, str) and param else None,
        )


def _key_headers() -> frozenset[str]:
    """The ``request.META`` keys of the headers that carry a key (``<prefix>_<id>.<secret>``)."""
    header, _param = _configured()
    return frozenset({_meta_key(header), _meta_key(_DEFAULT_HEADER)})


def hidden_meta_keys() -> frozenset[str]:
    """The ``request.META`` keys of the headers that carry credentials."""
    others = ("Authorization", *SIGNATURE_HEADERS)
    return _key_headers() | frozenset(_meta_key(name) for name in others)


def hidden_params() -> frozenset[str]:
    """The query parameters that carry credentials."""
    _header, param = _configured()
    return frozenset(p for p in (param, *ALWAYS_HIDDEN_PARAMS) if p)


def safe_query_string(query: str) -> str:
    """``query`` (a raw ``QUERY_STRING``) with the value of each credential parameter replaced;
    a name is compared decoded (``access%5Ftoken`` is ``access_token``), the rest kept as sent."""
    if not query:
        return query
    hidden = hidden_params()
    parts = []
    for part in query.split("&"):
        name, equals, _value = part.partition("=")
        if unquote_plus(name) in hidden:
            part = f"{name}{equals or '='}{SUBSTITUTE}"
        parts.append(part)
    return "&".join(parts)


def safe_full_path(request: HttpRequest) -> str:
    """``request.get_full_path()`` with :func:`safe_query_string`."""
    path = request.get_full_path().partition("?")[0]
    query = safe_query_string(request.META.get("QUERY_STRING", ""))
    return f"{path}?{iri_to_uri(query)}" if query else path


def request_secrets(request: HttpRequest | None) -> list[str]:
    """The credentials this request carries, as they could appear in a report (each value; for
    a key, its secret part too), longest first, at least :data:`MIN_SWEPT_LENGTH` long."""
    if request is None:
        return []
    keys: list[str] = []  # "<prefix>_<id>.<secret>": the secret alone is a secret too
    whole: list[str] = []
    meta = request.META
    for key in hidden_meta_keys():
        value = meta.get(key)
        if not isinstance(value, str):
            continue
        if key in _key_headers():
            keys.append(value)
        elif key == "HTTP_AUTHORIZATION":  # "<scheme> <credentials>"
            whole.append(value)
            keys.extend(value.split()[1:])
        else:
            whole.append(value)
    for param in hidden_params():
        keys.extend(v for v in request.GET.getlist(param) if isinstance(v, str))
    candidates = [*whole, *keys, *(key.partition(".")[2] for key in keys)]
    found = {c for c in candidates if len(c) >= MIN_SWEPT_LENGTH}
    return sorted(found, key=len, reverse=True)


def sweep(text: str, secrets: Sequence[str]) -> str:
    """``text`` with every secret replaced, as written raw, in HTML and in a URL."""
    for secret in secrets:
        for form in {secret, html.escape(secret), quote(secret, safe=""), quote_plus(secret)}:
            if form in text:
                text = text.replace(form, SUBSTITUTE)
    return text


def _swept(value: Any, secrets: Sequence[str]) -> Any:
    """``value`` swept if it is a string, the strings in it if it is a dict, list or tuple."""
    if not secrets:
        return value
    if isinstance(value, str):
        return sweep(value, secrets)
    if isinstance(value, dict):
        return {k: _swept(v, secrets) for k, v in value.items()}
    if isinstance(value, list):
        return [_swept(v, secrets) for v in value]
    if isinstance(value, tuple):
        return tuple(_swept(v, secrets) for v in value)
    return value


def _underlying(value: Any) -> HttpRequest | None:
    """The ``HttpRequest`` behind ``value`` (itself, or what a DRF ``Request`` wraps)."""
    if isinstance(value, HttpRequest):
        return value
    if isinstance(value, Request):
        return value._request
    return None


class ApiKeyReporterFilter(SafeExceptionReporterFilter):
    """``SafeExceptionReporterFilter`` that also hides the API-key feature's credentials."""

    def get_safe_request_meta(self, request: HttpRequest | None) -> dict[str, Any]:
        meta: dict[str, Any] = super().get_safe_request_meta(request)  # type: ignore[arg-type]
        hidden = hidden_meta_keys()
        secrets = request_secrets(request)
        safe: dict[str, Any] = {}
        for key, value in meta.items():
            if key in hidden:
                value = SUBSTITUTE
            elif key == "QUERY_STRING" and isinstance(value, str):
                value = safe_query_string(value)
            safe[key] = _swept(value, secrets)
        return safe

    def get_safe_cookies(self, request: HttpRequest | None) -> dict[str, Any]:
        cookies: dict[str, Any] = super().get_safe_cookies(request)  # type: ignore[arg-type]
        return _swept(cookies, request_secrets(request))  # type: ignore[no-any-return]

    def get_safe_query_items(self, request: HttpRequest) -> list[tuple[str, Any]]:
        """``request.GET``'s items (as Django's report lists them) with credentials hidden."""
        hidden = hidden_params()
        secrets = request_secrets(request)
        return [
            (name, SUBSTITUTE if name in hidden else _swept(value, secrets))
            for name, value in request.GET.items()
        ]

    def cleanse_special_types(self, request: HttpRequest | None, value: Any) -> Any:
        value = super().cleanse_special_types(request, value)
        wrapped = _underlying(value)
        if wrapped is not None:  # its repr shows the full path, query string included
            return f"<{type(value).__name__}: {wrapped.method} {safe_full_path(wrapped)!r}>"
        return _swept(value, request_secrets(request))


class ApiKeyExceptionReporter(ExceptionReporter):
    """``ExceptionReporter`` that lists ``request.GET``, the request URL and every other string
    of the report without the request's credentials (Django's prints the query as sent)."""

    def _get_raw_insecure_uri(self) -> str:
        # Django's, with the query's credentials hidden (only called with a request).
        request = cast(HttpRequest, self.request)
        host = request._get_raw_host()  # type: ignore[attr-defined]  # as Django's: unvalidated
        return f"{request.scheme}://{host}{safe_full_path(request)}"

    def get_traceback_data(self) -> dict[str, Any]:
        data: dict[str, Any] = super().get_traceback_data()
        if self.request is None:
            return data
        secrets = request_secrets(self.request)
        if isinstance(self.filter, ApiKeyReporterFilter):
            data["request_GET_items"] = self.filter.get_safe_query_items(self.request)
        else:
            hidden = hidden_params()
            data["request_GET_items"] = [
                (k, SUBSTITUTE if k in hidden else v) for k, v in self.request.GET.items()
            ]
        for frame in data.get("frames", []):
            frame["vars"] = [(k, _swept(v, secrets)) for k, v in frame.get("vars", ())]
        for key in ("exception_value", "exception_notes", "request_meta"):
            if key in data:
                data[key] = _swept(data[key], secrets)
        return data

    def get_traceback_html(self) -> SafeString:
        swept = sweep(super().get_traceback_html(), request_secrets(self.request))
        return mark_safe(swept)  # Django's page, secrets replaced by stars (still safe)

    def get_traceback_text(self) -> SafeString:
        swept = sweep(super().get_traceback_text(), request_secrets(self.request))
        return mark_safe(swept)  # as Django's (a text/plain page)


def _is_subclass(path: Any, base: type) -> bool:
    try:
        found = import_string(path) if isinstance(path, str) else path
    except ImportError:
        return False
    return isinstance(found, type) and issubclass(found, base)


def _report_settings() -> Iterable[tuple[str, type, str]]:
    yield (
        "DEFAULT_EXCEPTION_REPORTER_FILTER",
        ApiKeyReporterFilter,
        "django_problems.api_keys.reports.ApiKeyReporterFilter",
    )
    yield (
        "DEFAULT_EXCEPTION_REPORTER",
        ApiKeyExceptionReporter,
        "django_problems.api_keys.reports.ApiKeyExceptionReporter",
    )


@register(Tags.security, deploy=True)
def check_error_reports(
    app_configs: Sequence[AppConfig] | None = None, **kwargs: Any
) -> list[CheckMessage]:
    """W141: in production, error reports should hide the credentials of API requests."""
    if not apps.is_installed("django_problems.api_keys"):
        return []
    missing = [
        (name, path)
        for name, base, path in _report_settings()
        if not _is_subclass(getattr(settings, name, None), base)
    ]
    if not missing:
        return []
    return [
        Warning(
            f"{' and '.join(name for name, _path in missing)} can show API keys, signatures "
            "and access tokens in error reports (AdminEmailHandler, the technical 500 page).",
            hint="Set "
            + " and ".join(f"{name} = {path!r}" for name, path in missing)
            + " (or a subclass).",
            id=REPORTS_SHOW_KEYS,
        )
    ]
