"""``application/problem+xml`` per RFC 9457 Appendix B."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, Final
from xml.sax.saxutils import escape, quoteattr

NAMESPACE: Final = "urn:ietf:rfc:7807"
_NAME_RE: Final = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]*$")


def problem_to_xml(body: Mapping[str, Any]) -> bytes:
    """Serialise a problem body: members as elements, arrays as ``<i>`` items.

    An object key that is not an XML name (a field path such as ``items[0].sku``) becomes
    ``<i name="items[0].sku">``, so every key survives.
    """
    parts = ['<?xml version="1.0" encoding="UTF-8"?>', f'<problem xmlns="{NAMESPACE}">']
    for name, value in body.items():
        parts.append(_element(name, value))
    parts.append("</problem>")
    return "".join(parts).encode()


def _element(name: str, value: Any) -> str:
    if _NAME_RE.match(name) and not name.lower().startswith("xml"):
        open_tag, close_tag = f"<{name}>", f"</{name}>"
    else:
        open_tag, close_tag = f"<i name={quoteattr(name)}>", "</i>"
    return f"{open_tag}{_content(value)}{close_tag}"


def _content(value: Any) -> str:
    if isinstance(value, Mapping):
        return "".join(_element(str(k), v) for k, v in value.items() if v is not None)
    if isinstance(value, list | tuple):
        return "".join(f"<i>{_content(item)}</i>" for item in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return escape(_xml_text(value))


_ILLEGAL_XML_CHARS: Final = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml_text(value: Any) -> str:
    return _ILLEGAL_XML_CHARS.sub("\ufffd", str(value))
