"""Strings as UTF-8 can carry them: what the writer, the XML form and the mapper share."""

from __future__ import annotations

import re
from typing import Final

_SURROGATES: Final = re.compile("[\ud800-\udfff]")


def well_formed_unicode(text: str) -> str:
    """``text`` with its unpaired surrogates replaced by U+FFFD (a pair becomes the character
    it encodes), so that it encodes to UTF-8. Unchanged, and cheap, when there is none."""
    if _SURROGATES.search(text) is None:
        return text
    return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
