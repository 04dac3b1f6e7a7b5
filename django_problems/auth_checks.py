"""System checks of ``PROBLEMS["API_KEYS"]`` and ``PROBLEMS["SIGNATURES"]`` (E120-E149, W120-W149).

* E120 / E130: the section is not a dict or has an unknown key;
* E121-E125: a bad header name, prefix, pepper, access-token parameter or last-used interval;
* E126: ``AccessTokenAuthentication`` is configured but ``ACCESS_TOKEN_PARAM`` is not set;
* W120: no ``PEPPER`` with ``DEBUG`` off (it is derived from ``SECRET_KEY``);
* E131-E133: the nonce cache alias is unknown, the window is not a positive integer,
  ``cryptography`` is missing;
* W130: the nonce cache is per-process (local memory, file, dummy) with ``DEBUG`` off, so a
  replay sent to another worker process would be accepted.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Mapping, Sequence
from typing import Any, Final

from django.apps import AppConfig
from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, Warning, register

from django_problems import api_keys
from django_problems.conf import user_settings
from django_problems.signatures import conf as signature_conf

ACCESS_TOKEN_CLASS: Final = "django_problems.authentication.AccessTokenAuthentication"
SIGNED_CLASS: Final = "django_problems.signatures.authentication.SignedRequestAuthentication"
PER_PROCESS_CACHES: Final = frozenset(
    {
        "django.core.cache.backends.locmem.LocMemCache",
        "django.core.cache.backends.filebased.FileBasedCache",
        "django.core.cache.backends.dummy.DummyCache",
    }
)
MIN_PEPPER_LENGTH: Final = 32
DOCS_KEYS: Final = "See docs/api-keys.md."
DOCS_SIGNATURES: Final = "See docs/signatures.md."


def _section(
    name: str, error_id: str, known: Mapping[str, Any]
) -> tuple[Mapping[str, Any], list[CheckMessage]]:
    raw = user_settings().get(name, {})
    if not isinstance(raw, Mapping):
        hint = DOCS_KEYS if name == "API_KEYS" else DOCS_SIGNATURES
        return {}, [Error(f"PROBLEMS[{name!r}] must be a dict.", hint=hint, id=error_id)]
    errors: list[CheckMessage] = [
        Error(
            f"PROBLEMS[{name!r}] has an unknown key {key!r}.",
            hint=f"Known keys: {', '.join(sorted(known))}.",
            id=error_id,
        )
        for key in raw
        if key not in known
    ]
    return raw, errors


def _default_auth_classes() -> list[str]:
    drf = getattr(settings, "REST_FRAMEWORK", {})
    classes = drf.get("DEFAULT_AUTHENTICATION_CLASSES", []) if isinstance(drf, Mapping) else []
    return [c for c in classes if isinstance(c, str)]


@register(Tags.security)
def check_api_keys(
    app_configs: Sequence[AppConfig] | None = None, **kwargs: Any
) -> list[CheckMessage]:
    """E120-E126, W120: ``PROBLEMS["API_KEYS"]``."""
    raw, errors = _section("API_KEYS", "django_problems.E120", api_keys.DEFAULTS)
    if not isinstance(user_settings().get("API_KEYS", {}), Mapping):
        return errors
    if "HEADER" in raw and not (
        isinstance(raw["HEADER"], str) and api_keys.HEADER_RE.match(raw["HEADER"])
    ):
        errors.append(
            Error(
                f"API_KEYS['HEADER'] = {raw['HEADER']!r} is not a header name.",
                hint="Letters, digits and '-' only (servers drop headers with '_'), "
                "e.g. 'X-Api-Key'.",
                id="django_problems.E121",
            )
        )
    if "PREFIX" in raw and not (
        isinstance(raw["PREFIX"], str) and api_keys.PREFIX_RE.match(raw["PREFIX"])
    ):
        errors.append(
            Error(
                f"API_KEYS['PREFIX'] = {raw['PREFIX']!r} is not valid.",
                hint="1 to 16 lower-case letters or digits, e.g. 'acme'.",
                id="django_problems.E122",
            )
        )
    pepper = raw.get("PEPPER")
    if pepper is not None and not (isinstance(pepper, str) and len(pepper) >= MIN_PEPPER_LENGTH):
        errors.append(
            Error(
                f"API_KEYS['PEPPER'] must be a string of at least {MIN_PEPPER_LENGTH} characters.",
                hint="Load a long random secret from the environment, e.g. one made by "
                "python -c 'import secrets; print(secrets.token_urlsafe(48))'.",
                id="django_problems.E123",
            )
        )
    if pepper is None and not settings.DEBUG:
        errors.append(
            Warning(
                "API_KEYS['PEPPER'] is not set: keys are hashed with a pepper derived from "
                "SECRET_KEY, so rotating SECRET_KEY invalidates every API key.",
                hint="Set PROBLEMS['API_KEYS']['PEPPER'] to a long random secret of its own "
                "(before issuing keys).",
                id="django_problems.W120",
            )
        )
    param = raw.get("ACCESS_TOKEN_PARAM")
    if param is not None and not (isinstance(param, str) and api_keys.PARAM_RE.match(param)):
        errors.append(
            Error(
                f"API_KEYS['ACCESS_TOKEN_PARAM'] = {param!r} is not a query parameter name.",
                hint="None (off) or a name such as 'access_token'.",
                id="django_problems.E124",
            )
        )
    interval = raw.get("LAST_USED_INTERVAL", 60)
    if isinstance(interval, bool) or not isinstance(interval, int) or interval < 0:
        errors.append(
            Error(
                "API_KEYS['LAST_USED_INTERVAL'] must be a number of seconds (an integer >= 0).",
                hint="The default, 60, writes last_used_at at most once a minute per key.",
                id="django_problems.E125",
            )
        )
    if ACCESS_TOKEN_CLASS in _default_auth_classes() and param is None:
        errors.append(
            Error(
                "AccessTokenAuthentication is configured but API_KEYS['ACCESS_TOKEN_PARAM'] is "
                "not set, so it authenticates nothing.",
                hint="Set PROBLEMS['API_KEYS']['ACCESS_TOKEN_PARAM'] = 'access_token'.",
                id="django_problems.E126",
            )
        )
    return errors


def signatures_in_use() -> bool:
    """Whether the project configures signatures (the section, or the default class)."""
    return "SIGNATURES" in user_settings() or SIGNED_CLASS in _default_auth_classes()


@register(Tags.security, Tags.caches)
def check_signatures(
    app_configs: Sequence[AppConfig] | None = None, **kwargs: Any
) -> list[CheckMessage]:
    """E130-E133, W130: ``PROBLEMS["SIGNATURES"]`` and its nonce cache."""
    if not signatures_in_use():
        return []
    raw, errors = _section("SIGNATURES", "django_problems.E130", signature_conf.DEFAULTS)
    if not isinstance(user_settings().get("SIGNATURES", {}), Mapping):
        return errors
    alias = raw.get("CACHE", signature_conf.DEFAULTS["CACHE"])
    caches = getattr(settings, "CACHES", {})
    if not isinstance(alias, str) or alias not in caches:
        errors.append(
            Error(
                f"SIGNATURES['CACHE'] = {alias!r} is not a cache alias in CACHES.",
                hint=f"Use one of: {', '.join(sorted(caches)) or '(none)'}; "
                "in production a RedisCache shared by every worker.",
                id="django_problems.E131",
            )
        )
    else:
        backend = caches[alias].get("BACKEND", "")
        if backend in PER_PROCESS_CACHES and not settings.DEBUG:
            errors.append(
                Warning(
                    f"The nonce cache {alias!r} ({backend.rsplit('.', 1)[-1]}) is not shared "
                    "atomically between worker processes: a replayed signed request that "
                    "reaches another worker is accepted again.",
                    hint="Point PROBLEMS['SIGNATURES']['CACHE'] at a shared cache such as "
                    "django.core.cache.backends.redis.RedisCache.",
                    id="django_problems.W130",
                )
            )
    window = raw.get("WINDOW", 300)
    if isinstance(window, bool) or not isinstance(window, int) or window <= 0:
        errors.append(
            Error(
                "SIGNATURES['WINDOW'] must be a positive number of seconds.",
                hint="The default, 300, accepts signatures created up to 5 minutes either side "
                "of the server's clock.",
                id="django_problems.E132",
            )
        )
    if importlib.util.find_spec("cryptography") is None:
        errors.append(
            Error(
                "Signed requests are configured but the 'cryptography' package is missing.",
                hint="pip install 'django-problems[signatures]'.",
                id="django_problems.E133",
            )
        )
    return errors
