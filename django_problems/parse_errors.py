"""Our own words for a request body DRF's parsers could not read.

DRF's ``JSONParser`` and ``MultiPartParser`` put the text of the underlying Python exception in
their ``ParseError`` (``JSON parse error - Expecting property name enclosed in double quotes:
line 1 column 14 (char 13)``, ``'utf-8' codec can't decode byte 0xff in position 10``, a hint to
call ``sys.set_int_max_str_digits()``): untranslated, and about the server's internals. The
classifier answers with :func:`explain` instead: a translated message saying what is wrong with
the body and, for JSON, where. A parser of the project's own keeps its message.
"""

from __future__ import annotations

import json
import sys
from typing import Final

from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError

INT_DIGITS_LIMIT: Final = "integer string conversion"
"""Part of the ``ValueError`` message Python raises for an integer longer than
``sys.get_int_max_str_digits()``."""


def explain(exc: ParseError) -> str | None:
    """The message for a ``ParseError`` one of DRF's own parsers raised; ``None`` for another
    parser's (its message is its author's)."""
    if not _raised_by_drf_parser(exc):
        return None
    cause = exc.__cause__ or exc.__context__
    if isinstance(cause, json.JSONDecodeError):
        return _("The request body is not valid JSON (line %(line)d, column %(column)d).") % {
            "line": cause.lineno,
            "column": cause.colno,
        }
    if isinstance(cause, UnicodeDecodeError):
        return _("The request body is not valid %(encoding)s (byte %(position)d).") % {
            "encoding": cause.encoding.upper(),
            "position": cause.start,
        }
    if isinstance(cause, ValueError) and INT_DIGITS_LIMIT in str(cause):
        return _("The request body holds a number longer than %(limit)d digits.") % {
            "limit": sys.get_int_max_str_digits()
        }
    if isinstance(cause, MultiPartParserError):
        return _("The request body is not a valid multipart form.")
    if isinstance(cause, ValueError):  # NaN, Infinity: not JSON
        return _("The request body is not valid JSON.")
    return None


def too_deep() -> str:
    """The message for a body nested deeper than the parser can follow."""
    return _("The request body is nested too deeply.")


def _raised_by_drf_parser(exc: BaseException) -> bool:
    """Whether ``exc`` was raised in DRF's parsers module (by its parsers or a subclass using
    their ``parse``)."""
    tb = exc.__traceback__
    while tb is not None and tb.tb_next is not None:
        tb = tb.tb_next
    return tb is not None and tb.tb_frame.f_code.co_filename == parsers.__file__
