"""The subset of RFC 8941 Structured Field Values that signatures and digests need.

Dictionaries whose members are items or inner lists, with parameters; bare items of type
integer, string, token, byte sequence and boolean. Strict: anything else is ``StructuredError``.
No Django here, so the client helper can use it alone.
"""

from __future__ import annotations

import base64
import binascii
import re
from dataclasses import dataclass, field
from typing import Final, Union

BareItem = Union[int, str, bytes, bool, "Token"]
KEY_RE: Final = re.compile(r"[a-z*][a-z0-9_\-.*]*")
STRING_BODY_RE: Final = re.compile(r'(?:[ !#-\[\]-~]|\\["\\])*')
"""The inside of an sf-string (RFC 8941 s3.3.3): printable ASCII, ``"`` and ``\\`` escaped."""
ESCAPE_RE: Final = re.compile(r'\\(["\\])')
TOKEN_RE: Final = re.compile(r"[A-Za-z*][!#$%&'*+\-.^_`|~0-9A-Za-z:/]*")
INTEGER_RE: Final = re.compile(r"-?[0-9]{1,15}")
BYTES_RE: Final = re.compile(r":([A-Za-z0-9+/=]*):")
MAX_LENGTH: Final = 8192


class StructuredError(ValueError):
    """A header value that is not a valid structured field of the expected shape."""


class Token(str):
    """An RFC 8941 token (serialised without quotes), as opposed to a string."""

    __slots__ = ()


@dataclass
class Item:
    """A bare item and its parameters."""

    value: BareItem
    params: dict[str, BareItem] = field(default_factory=dict)


@dataclass
class InnerList:
    """A list of items and its parameters."""

    items: list[Item]
    params: dict[str, BareItem] = field(default_factory=dict)


Member = Item | InnerList


class _Parser:
    def __init__(self, text: str) -> None:
        if len(text) > MAX_LENGTH:
            raise StructuredError("field value too long")
        if not text.isascii():
            raise StructuredError("field value is not ASCII")
        self.text = text
        self.pos = 0

    def peek(self) -> str:
        return self.text[self.pos] if self.pos < len(self.text) else ""

    def skip(self, chars: str) -> None:
        while self.peek() and self.peek() in chars:
            self.pos += 1

    def expect(self, char: str) -> None:
        if self.peek() != char:
            raise StructuredError(f"expected {char!r} at {self.pos}")
        self.pos += 1

    def match(self, pattern: re.Pattern[str]) -> re.Match[str]:
        found = pattern.match(self.text, self.pos)
        if found is None:
            raise StructuredError(f"unexpected input at {self.pos}")
        self.pos = found.end()
        return found

    def dictionary(self) -> dict[str, Member]:
        members: dict[str, Member] = {}
        self.skip(" ")
        while self.peek():
            key = self.match(KEY_RE).group()
            if self.peek() == "=":
                self.pos += 1
                members[key] = self.member()
            else:
                members[key] = Item(True, self.params())
            self.skip(" \t")
            if not self.peek():
                break
            self.expect(",")
            self.skip(" \t")
            if not self.peek():
                raise StructuredError("trailing comma")
        return members

    def member(self) -> Member:
        if self.peek() == "(":
            return self.inner_list()
        return Item(self.bare_item(), self.params())

    def inner_list(self) -> InnerList:
        self.expect("(")
        items: list[Item] = []
        while True:
            self.skip(" ")
            if self.peek() == ")":
                self.pos += 1
                return InnerList(items, self.params())
            items.append(Item(self.bare_item(), self.params()))
            if self.peek() not in (" ", ")"):
                raise StructuredError(f"bad inner list at {self.pos}")

    def params(self) -> dict[str, BareItem]:
        params: dict[str, BareItem] = {}
        while self.peek() == ";":
            self.pos += 1
            self.skip(" ")
            key = self.match(KEY_RE).group()
            value: BareItem = True
            if self.peek() == "=":
                self.pos += 1
                value = self.bare_item()
            params[key] = value
        return params

    def bare_item(self) -> BareItem:
        char = self.peek()
        if char == '"':
            return self.string()
        if char == ":":
            encoded = self.match(BYTES_RE).group(1)
            try:
                return base64.b64decode(encoded, validate=True)
            except binascii.Error as exc:
                raise StructuredError("bad byte sequence") from exc
        if char == "?":
            self.pos += 1
            flag = self.peek()
            if flag not in ("0", "1"):
                raise StructuredError("bad boolean")
            self.pos += 1
            return flag == "1"
        if char == "-" or char.isdigit():
            number = self.match(INTEGER_RE).group()
            if self.peek() == ".":
                raise StructuredError("decimals are not supported here")
            return int(number)
        if char and TOKEN_RE.match(char):
            return Token(self.match(TOKEN_RE).group())
        raise StructuredError(f"unexpected input at {self.pos}")

    def string(self) -> str:
        self.expect('"')
        # The whole string in one match: printable ASCII but " and \, or an escaped " or \.
        found = STRING_BODY_RE.match(self.text, self.pos)
        end = found.end() if found else self.pos
        if end >= len(self.text):
            raise StructuredError("unterminated string")
        if self.text[end] != '"':
            raise StructuredError(f"bad character or escape in string at {end}")
        body = self.text[self.pos : end]
        self.pos = end + 1
        return ESCAPE_RE.sub(r"\1", body) if "\\" in body else body


def parse_dictionary(text: str) -> dict[str, Member]:
    """Parse an RFC 8941 dictionary (raises ``StructuredError``)."""
    return _Parser(text).dictionary()


def serialize_bare_item(value: BareItem) -> str:
    """Serialise one bare item."""
    if isinstance(value, bool):
        return "?1" if value else "?0"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, bytes):
        return ":" + base64.b64encode(value).decode() + ":"
    if isinstance(value, Token):
        return str(value)
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def serialize_params(params: dict[str, BareItem]) -> str:
    """Serialise parameters (``;name=value``; ``;name`` for ``True``)."""
    out = []
    for key, value in params.items():
        out.append(f";{key}" if value is True else f";{key}={serialize_bare_item(value)}")
    return "".join(out)


def serialize_inner_list(inner: InnerList) -> str:
    """Serialise an inner list with its parameters."""
    items = " ".join(serialize_bare_item(i.value) + serialize_params(i.params) for i in inner.items)
    return f"({items}){serialize_params(inner.params)}"
