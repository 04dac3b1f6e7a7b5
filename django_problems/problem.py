"""The ``Problem`` value every error becomes before the writer renders it."""

from __future__ import annotations

import os
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Final

from django.conf import settings
from django.utils import translation
from django.utils.functional import Promise

from django_problems.catalogue import get_catalogue, reason_phrase
from django_problems.conf import on_settings_change
from django_problems.problem_types import EXTENSION_NAME_RE, STANDARD_MEMBERS, ProblemType

ABOUT_BLANK = "about:blank"


_RANDOM = threading.local()
_RANDOM_BATCH: Final = 16 * 256
# A forked worker (gunicorn's) must not reuse its parent's bytes: the same ids in two workers.
os.register_at_fork(after_in_child=lambda: setattr(_RANDOM, "pool", None))


def new_instance() -> str:
    """A fresh occurrence identifier (``urn:uuid:...``), quoted by users to support.

    A random (version 4) UUID from the operating system's CSPRNG, formatted directly (
    ``uuid.uuid4().urn`` cost three times as much), its bytes read 256 UUIDs at a time per
    thread rather than with one system call each.
    """
    pool: bytearray | None = getattr(_RANDOM, "pool", None)
    if not pool:
        pool = _RANDOM.pool = bytearray(os.urandom(_RANDOM_BATCH))
    raw = pool[-16:]
    del pool[-16:]
    raw[6] = raw[6] & 0x0F | 0x40  # version 4
    raw[8] = raw[8] & 0x3F | 0x80  # RFC 9562 variant
    h = raw.hex()
    return f"urn:uuid:{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


@dataclass
class Problem:
    """One occurrence of a problem: the members of the body plus the headers it needs."""

    status: int
    """The HTTP status: the ``status`` member and the response's status."""
    title: str | Promise
    """The type's title (the reason phrase for ``about:blank``), translated when rendered."""
    type: str = ABOUT_BLANK
    """The type URI (``<TYPE_BASE_URL>#<slug>``), or ``about:blank``."""
    detail: str | Promise | None = None
    """What went wrong this time; left out of the body when ``None``."""
    instance: str = field(default_factory=new_instance)
    """``urn:uuid:...``, new for every occurrence; the log record carries the same."""
    extensions: dict[str, Any] = field(default_factory=dict)
    """Extension members (``code`` among them for a catalogue type); ``None`` values are left
    out, and none may replace a standard member."""
    headers: dict[str, str] = field(default_factory=dict)
    """Response headers the problem needs (``WWW-Authenticate``, ``Retry-After``, ...)."""
    slug: str | None = None
    """The catalogue slug of the type, ``None`` for ``about:blank``."""
    cause: BaseException | None = field(default=None, repr=False, compare=False)
    """The exception behind an unexpected failure: the writer logs it with its traceback."""

    @classmethod
    def of_type(
        cls,
        problem_type: ProblemType,
        detail: str | Promise | None = None,
        *,
        extensions: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        status: int | None = None,
    ) -> Problem:
        """A problem of a catalogue type; ``detail`` defaults to the type's default detail."""
        members: dict[str, Any] = {"code": problem_type.code}
        if extensions:
            # ``code`` is the type's, as the docs page, the schema and the tests promise.
            members.update((k, v) for k, v in extensions.items() if k != "code")
        merged = dict(_fixed_headers(problem_type))
        if headers:
            merged.update(headers)
        return cls(
            status=status or problem_type.status,
            title=problem_type.title,
            type=get_catalogue().type_uri(problem_type.slug),
            detail=problem_type.default_detail if detail is None else detail,
            extensions=members,
            headers=merged,
            slug=problem_type.slug,
        )

    @classmethod
    def of_slug(
        cls,
        slug: str,
        detail: str | Promise | None = None,
        *,
        extensions: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> Problem:
        """A problem of the catalogue type ``slug`` (``KeyError`` if there is none)."""
        return cls.of_type(
            get_catalogue().get(slug), detail, extensions=extensions, headers=headers
        )

    @classmethod
    def of_status(
        cls,
        status: int,
        detail: str | Promise | None = None,
        *,
        headers: Mapping[str, str] | None = None,
    ) -> Problem:
        """A problem for a bare status: its default catalogue type, else ``about:blank`` (whose
        ``code`` is ``about:blank`` too, so every problem has a ``code`` clients can switch on)."""
        problem_type = get_catalogue().for_status(status)
        if problem_type is not None:
            return cls.of_type(problem_type, detail, headers=headers, status=status)
        return cls(
            status=status,
            title=reason_phrase(status),
            detail=detail,
            headers=dict(headers or {}),
            extensions={"code": ABOUT_BLANK},
        )

    def body(self) -> dict[str, Any]:
        """The JSON object: standard members first, then extensions; never a ``null`` member.

        Extensions that reuse a standard member's name, or whose name is not a valid extension
        name, are left out, so nothing can overwrite ``type``, ``status`` and the others.
        """
        return self.body_in(active_language())

    def body_in(self, language: str | None) -> dict[str, Any]:
        """:meth:`body` when the caller already knows :func:`active_language` (the writer)."""
        data: dict[str, Any] = {
            "type": self.type,
            "title": translated(self.title, language),
            "status": self.status,
        }
        if self.detail is not None:
            data["detail"] = translated(self.detail, language)
        data["instance"] = self.instance
        for name, value in self.extensions.items():
            if value is None or not _is_extension_name(name):
                continue
            data[name] = value
        return data


_FIXED_HEADERS: dict[int, tuple[ProblemType, dict[str, str]]] = {}
_EXTENSION_NAMES: dict[str, bool] = {}


def _fixed_headers(problem_type: ProblemType) -> dict[str, str]:
    """The headers a type fixes (those with a value; an empty one is filled per response)."""
    hit = _FIXED_HEADERS.get(id(problem_type))
    if hit is not None and hit[0] is problem_type:
        return hit[1]
    found = {k: v for k, v in problem_type.headers.items() if v}
    if len(_FIXED_HEADERS) >= 1024:  # types are few: a bound, should a project make many
        _FIXED_HEADERS.clear()
    _FIXED_HEADERS[id(problem_type)] = (problem_type, found)  # keeps it alive: ids stay unique
    return found


def _is_extension_name(name: str) -> bool:
    """A valid extension member name, not a standard member's (remembered: names repeat)."""
    valid = _EXTENSION_NAMES.get(name)
    if valid is None:
        valid = name not in STANDARD_MEMBERS and EXTENSION_NAME_RE.fullmatch(name) is not None
        if len(_EXTENSION_NAMES) < 1024:  # a view may pass any names: remember a few
            _EXTENSION_NAMES[name] = valid
    return valid


def active_language() -> str | None:
    """The language texts are translated into now (``None``: untranslated, or i18n off)."""
    return translation.get_language() if settings.USE_I18N else None


_TRANSLATED_MAX: Final = 512
_translated: dict[tuple[str | None, int], tuple[Promise, str]] = {}


def translated(text: str | Promise, language: str | None) -> str:
    """``str(text)``; a lazy text's translation is remembered per language.

    ``language`` must be :func:`active_language`. Each gettext call looks the active translation
    up in a context-local, which was a tenth of a small error response's cost; titles and default
    details are a few dozen lazy texts, so they are looked up once per language.
    """
    if not isinstance(text, Promise):
        return str(text)
    key = (language, id(text))
    hit = _translated.get(key)
    if hit is not None and hit[0] is text:
        return hit[1]
    value = str(text)
    if len(_translated) >= _TRANSLATED_MAX:
        _translated.clear()
    _translated[key] = (text, value)  # keeps ``text`` alive, so its id is not reused
    return value


on_settings_change(_translated.clear)
