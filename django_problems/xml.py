"""``application/problem+xml`` per RFC 9457 Appendix B.

The document is well-formed whatever the body holds: every key and text goes through
:func:`xml_text`, which replaces what XML 1.0 cannot hold at all (control characters other than
tab, newline and carriage return, U+FFFE, U+FFFF and unpaired surrogates) with U+FFFD; everything
else survives exactly (``\\r`` as a character reference, which no parser normalises away).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, Final
from xml.sax.saxutils import escape, quoteattr

from django_problems.text import well_formed_unicode

NAMESPACE: Final = "urn:ietf:rfc:7807"
_NAME_RE: Final = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]*")  # fullmatch: "a\n" is not a name
_NOT_XML_CHARS: Final = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_TEXT_ENTITIES: Final = {"\r": "&#13;"}


def problem_to_xml(body: Mapping[str, Any]) -> bytes:
    """Serialise a problem body: members as elements, arrays as ``<i>`` items.

    An object key that is not an XML name (a field path such as ``items[0].sku``, a key with
    spaces or control characters), and the key ``i`` itself, becomes ``<i name="items[0].sku">``,
    so every key survives and no member reads as an array item.
    A ``null`` inside an array is an empty ``<i/>`` (members that are ``null`` are left out).
    """
    parts = ['<?xml version="1.0" encoding="UTF-8"?>', f'<problem xmlns="{NAMESPACE}">']
    for name, value in body.items():
        parts.append(_element(name, value))
    parts.append("</problem>")
    return "".join(parts).encode()  # every text went through xml_text: valid UTF-8


def _element(name: Any, value: Any) -> str:
    key = str(name)
    # "i" is the array item's element: a member named so takes the attribute form, so that a
    # reader tells them apart.
    if _NAME_RE.fullmatch(key) and not key.lower().startswith("xml") and key != "i":
        open_tag, close_tag = f"<{key}>", f"</{key}>"
    else:
        open_tag, close_tag = f"<i name={quoteattr(xml_text(key))}>", "</i>"
    return f"{open_tag}{_content(value)}{close_tag}"


def _content(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Mapping):
        return "".join(_element(k, v) for k, v in value.items() if v is not None)
    if isinstance(value, list | tuple):
        return "".join(f"<i>{_content(item)}</i>" for item in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return escape(xml_text(value), _TEXT_ENTITIES)


def xml_text(value: Any) -> str:
    """``str(value)`` as XML 1.0 can hold it: what it cannot hold at all becomes U+FFFD."""
    return _NOT_XML_CHARS.sub("\ufffd", well_formed_unicode(str(value)))
