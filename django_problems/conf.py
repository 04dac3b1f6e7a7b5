"""Settings sections: one declaration per section, read and checked from the same place.

A section is a frozen dataclass whose fields are declared with :func:`setting`: a default, a
validator and the id of the system check that reports a bad value. :class:`Section` reads the
user's dict into that dataclass (validated, cached until a setting changes) and, from the same
declaration, produces the ``manage.py check`` messages. A value ``check`` reports is never
silently replaced at run time: reading it raises ``ImproperlyConfigured`` naming the check id.

Every id a package module uses is declared once with :func:`check_id`, so ids stay unique and
their list (``CHECK_IDS``) documents them.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Final, Generic, TypeVar

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed

T = TypeVar("T")

ROOT: Final = "PROBLEMS"

CHECK_IDS: dict[str, str] = {}
"""Every check id of the package (``django_problems.E120``) and what it reports."""


def check_id(code: str, summary: str) -> str:
    """Declare the check id ``django_problems.<code>`` (once) with a one-line summary."""
    full = f"django_problems.{code}"
    if full in CHECK_IDS:
        raise ValueError(f"check id {full} is declared twice")
    CHECK_IDS[full] = summary
    return full


@dataclass(frozen=True)
class Finding:
    """One thing wrong with a setting: the check id, the message and how to fix it."""

    id: str
    message: str
    hint: str = ""

    def as_check(self) -> checks.CheckMessage:
        """The finding as a Django check error."""
        return checks.Error(self.message, hint=self.hint or None, id=self.id)


class SettingError(Exception):
    """Raised by a validator: what is wrong with the value (one or more findings).

    A validator that knows only the problem raises ``SettingError("must be ...")``; the section
    completes the message with the setting's path and value and uses the setting's check id.
    """

    def __init__(self, message: str = "", *, findings: list[Finding] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.findings = findings or []


Validator = Callable[[Any], Any]


@dataclass(frozen=True)
class Rule:
    """How one key is validated and reported."""

    id: str
    validate: Validator
    hint: str
    doc: str


def setting(default: Any, validate: Validator, *, id: str, hint: str, doc: str) -> Any:
    """Declare one key of a section (a dataclass field): its default, validator and check id."""
    rule = Rule(id=id, validate=validate, hint=hint, doc=doc)
    if isinstance(default, dict | list | set):
        frozen = default
        return field(default_factory=lambda: frozen.copy(), metadata={"rule": rule})
    return field(default=default, metadata={"rule": rule})


CrossCheck = Callable[[Any], Iterator[Finding]]


class Section(Generic[T]):
    """One section of ``PROBLEMS``: ``None`` for the top-level keys, else ``PROBLEMS[name]``."""

    def __init__(
        self,
        name: str | None,
        declaration: type[T],
        *,
        shape_id: str,
        unknown_id: str,
        docs: str,
        cross_checks: tuple[CrossCheck, ...] = (),
        ignored: frozenset[str] = frozenset(),
    ) -> None:
        self.name = name
        self.declaration = declaration
        self.shape_id = shape_id
        self.unknown_id = unknown_id
        self.docs = docs
        self.cross_checks = cross_checks
        self.ignored = ignored
        """Keys of the raw dict that another declaration owns (the feature sections)."""
        self.rules: dict[str, Rule] = {
            f.name: f.metadata["rule"]
            for f in dataclasses.fields(declaration)  # type: ignore[arg-type]
        }
        SECTIONS[self.path] = self

    @property
    def path(self) -> str:
        """``PROBLEMS`` or ``PROBLEMS['API_KEYS']``."""
        return ROOT if self.name is None else f"{ROOT}[{self.name!r}]"

    def raw(self) -> Any:
        """The user's value of the section (``{}`` when unset)."""
        root = getattr(settings, ROOT, {})
        if self.name is None:
            return root
        return root.get(self.name, {}) if isinstance(root, Mapping) else {}

    def get(self) -> T:
        """The section's values, validated; cached until a setting changes.

        Raises ``ImproperlyConfigured`` (naming the check id) for a value ``manage.py check``
        reports, rather than using another value than the one configured.
        """
        cached = _CACHE.get(self.path)
        if cached is None:
            values, findings = self._read()
            if findings:
                first = findings[0]
                raise ImproperlyConfigured(f"{first.message} ({first.id}). {first.hint}".strip())
            cached = _CACHE[self.path] = values
        result: T = cached
        return result

    def findings(self) -> list[Finding]:
        """Everything wrong with the section, as ``manage.py check`` reports it."""
        return self._read()[1]

    def check(self) -> list[checks.CheckMessage]:
        """The section's findings as error messages."""
        return [finding.as_check() for finding in self.findings()]

    def _read(self) -> tuple[Any, list[Finding]]:
        raw = self.raw()
        if not isinstance(raw, Mapping):
            finding = Finding(self.shape_id, f"{self.path} must be a dict.", f"See {self.docs}.")
            return None, [finding]
        findings: list[Finding] = []
        values: dict[str, Any] = {}
        for key in raw:
            if key not in self.rules and key not in self.ignored:
                findings.append(
                    Finding(
                        self.unknown_id,
                        f"{self.path} has an unknown key {key!r}.",
                        f"Known keys: {', '.join(sorted(self.rules))}. See {self.docs}.",
                    )
                )
        for key, rule in self.rules.items():
            if key not in raw:
                continue
            try:
                values[key] = rule.validate(raw[key])
            except SettingError as exc:
                findings.extend(exc.findings)
                if exc.message:
                    findings.append(
                        Finding(
                            rule.id,
                            f"{self.key_path(key)} = {raw[key]!r} {exc.message}.",
                            rule.hint,
                        )
                    )
        if findings:
            return None, findings
        result = self.declaration(**values)
        for cross_check in self.cross_checks:
            findings.extend(cross_check(result))
        return (None if findings else result), findings

    def key_path(self, key: str) -> str:
        """``PROBLEMS['API_KEYS']['HEADER']``."""
        return f"{self.path}[{key!r}]"


SECTIONS: dict[str, Section[Any]] = {}
"""Every declared section, by path."""

_CACHE: dict[str, Any] = {}
_RESETS: list[Callable[[], None]] = []


def on_settings_change(reset: Callable[[], None]) -> Callable[[], None]:
    """Call ``reset`` whenever a setting changes (tests): forget anything derived from settings."""
    _RESETS.append(reset)
    return reset


def _settings_changed(**kwargs: Any) -> None:
    _CACHE.clear()
    for reset in _RESETS:
        reset()


setting_changed.connect(_settings_changed, dispatch_uid="django_problems.settings_changed")
