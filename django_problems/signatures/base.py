"""RFC 9421 signature bases: what the client signs and the server verifies, byte for byte.

No Django here: :mod:`django_problems.signatures.client` builds the same base from a URL and a
header dict that :mod:`django_problems.signatures.authentication` builds from a request.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Final
from urllib.parse import urlsplit

from django_problems.signatures.structured import (
    BareItem,
    InnerList,
    Item,
    StructuredError,
    parse_dictionary,
    serialize_inner_list,
)

DERIVED: Final = frozenset(
    {"@method", "@target-uri", "@authority", "@scheme", "@request-target", "@path", "@query"}
)
FIELD_NAME_CHARS: Final = frozenset("abcdefghijklmnopqrstuvwxyz0123456789-_.!#$%&'*+^`|~")


@dataclass(frozen=True)
class SignatureEntry:
    """One labelled signature: its covered components, its parameters and the signature bytes."""

    label: str
    components: tuple[str, ...]
    params: Mapping[str, BareItem]
    signature: bytes

    def params_value(self) -> str:
        """The ``@signature-params`` value: the inner list re-serialised (RFC 9421 s2.3)."""
        items = [Item(name) for name in self.components]
        return serialize_inner_list(InnerList(items, dict(self.params)))


def parse_signatures(signature_input: str, signature: str) -> dict[str, SignatureEntry]:
    """Pair ``Signature-Input`` with ``Signature`` by label (``StructuredError`` when invalid)."""
    inputs = parse_dictionary(signature_input)
    signatures = parse_dictionary(signature)
    entries: dict[str, SignatureEntry] = {}
    for label, member in inputs.items():
        if not isinstance(member, InnerList):
            raise StructuredError(f"signature input {label!r} is not an inner list")
        names: list[str] = []
        for item in member.items:
            name = item.value
            if not isinstance(name, str) or item.params or name in names:
                raise StructuredError(f"signature {label!r} has an unsupported component")
            if name not in DERIVED and not (name and set(name) <= FIELD_NAME_CHARS):
                raise StructuredError(f"signature {label!r} has an unsupported component")
            names.append(name)
        value = signatures.get(label)
        if value is None:
            continue
        if not isinstance(value, Item) or not isinstance(value.value, bytes):
            raise StructuredError(f"signature {label!r} is not a byte sequence")
        entries[label] = SignatureEntry(label, tuple(names), member.params, value.value)
    return entries


def signature_base(components: Iterable[tuple[str, str]], params_value: str) -> bytes:
    """The signature base: one ``"name": value`` line per component, then the parameters."""
    lines = [f'"{name}": {value}' for name, value in components]
    lines.append(f'"@signature-params": {params_value}')
    text = "\n".join(lines)
    if "\r" in text or any("\n" in value for _name, value in components):
        raise StructuredError("component values cannot contain line breaks")
    try:
        return text.encode("latin-1")
    except UnicodeEncodeError as exc:
        raise StructuredError("component values must be latin-1 (as on the wire)") from exc


def derive_from_url(name: str, method: str, url: str, headers: Mapping[str, str]) -> str | None:
    """A component's value for a request given as method, absolute URL and headers."""
    parts = urlsplit(url)
    path = parts.path or "/"
    derived = {
        "@method": method.upper(),
        "@target-uri": url,
        "@authority": parts.netloc.lower(),
        "@scheme": parts.scheme.lower(),
        "@request-target": path + (f"?{parts.query}" if parts.query else ""),
        "@path": path,
        "@query": f"?{parts.query}",
    }
    if name in derived:
        return derived[name]
    for header, value in headers.items():
        if header.lower() == name:
            return value.strip()
    return None
