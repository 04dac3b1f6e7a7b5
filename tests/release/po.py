"""Read a gettext ``.po`` file as gettext reads the ``.mo`` compiled from it (a helper module of the
release checks, not a test module): the content checker compares the wheel's ``.mo`` with its
``.po``, the smoke test expects the ``.po``'s French in the installed package's answers."""

from __future__ import annotations

import ast
import gettext
import io
from pathlib import Path

CatalogueKey = str | tuple[str, int]


def _unquote(line: str) -> str:
    """The text of one quoted ``.po`` string (C escapes, which Python's include)."""
    value = ast.literal_eval(line.strip())
    if not isinstance(value, str):
        raise ValueError(f"not a quoted string: {line!r}")
    return value


def po_catalogue(text: str) -> dict[CatalogueKey, str]:
    """The translations of a ``.po`` file, keyed as ``gettext.GNUTranslations`` keys its catalogue:
    ``msgid``, ``(msgid, n)`` for plural forms, ``msgctxt`` and ``msgid`` joined by ``\\x04``.

    Left out, as ``msgfmt`` leaves them out: the header, fuzzy entries, untranslated entries and
    obsolete (``#~``) ones.
    """
    catalogue: dict[CatalogueKey, str] = {}
    for block in text.split("\n\n"):
        fields: dict[str, str] = {}
        fuzzy = False
        current = ""
        for line in block.splitlines():
            if line.startswith("#,") and "fuzzy" in line:
                fuzzy = True
            elif line.startswith("#") or not line.strip():
                continue
            elif line.startswith('"'):
                fields[current] += _unquote(line)
            else:
                current, _, rest = line.partition(" ")
                fields[current] = _unquote(rest)
        msgid = fields.get("msgid", "")
        if fuzzy or not msgid:
            continue
        if "msgctxt" in fields:
            msgid = f"{fields['msgctxt']}\x04{msgid}"
        if "msgid_plural" in fields:
            forms: dict[CatalogueKey, str] = {
                (msgid, int(name[len("msgstr[") : -1])): value
                for name, value in fields.items()
                if name.startswith("msgstr[")
            }
            if all(forms.values()):
                catalogue.update(forms)
        elif fields.get("msgstr"):
            catalogue[msgid] = fields["msgstr"]
    return catalogue


def mo_catalogue(data: bytes) -> dict[CatalogueKey, str]:
    """The translations of a compiled ``.mo`` file (its header left out)."""
    translations = gettext.GNUTranslations(io.BytesIO(data))
    catalogue: dict[CatalogueKey, str] = translations._catalog  # type: ignore[attr-defined]
    return {key: value for key, value in catalogue.items() if key != ""}


def translation(po_file: Path, msgid: str) -> str:
    """The translation of ``msgid`` in ``po_file`` (a ``KeyError`` if it has none)."""
    return po_catalogue(po_file.read_text(encoding="utf-8"))[msgid]
