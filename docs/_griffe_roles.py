"""A griffe extension for the API reference: the package's docstrings in Markdown.

The docstrings use a little reStructuredText: Sphinx roles (``:class:`~.models.SigningKey```) and
``::`` before a literal block. mkdocstrings renders docstrings as Markdown, so the roles become
code spans (``~`` keeping the last component, as Sphinx shows it) and ``::`` a colon (the
indented block after it is a Markdown code block as it stands).
"""

from __future__ import annotations

import re
from typing import Any

import griffe

ROLE = re.compile(r":(?:mod|class|func|meth|attr|data|exc|obj):`(~?)([^`]+)`")
LITERAL_BLOCK = re.compile(r"::$", re.M)


def markdown(text: str) -> str:
    """``text`` with its Sphinx roles as code spans and its ``::`` as ``:``."""

    def role(match: re.Match[str]) -> str:
        short, target = match.groups()
        return f"`{target.rsplit('.', 1)[-1] if short else target}`"

    return LITERAL_BLOCK.sub(":", ROLE.sub(role, text))


class SphinxRolesToMarkdown(griffe.Extension):
    """Rewrites every docstring as it is loaded (modules, classes, functions, attributes)."""

    def on_instance(self, *, obj: griffe.Object, **kwargs: Any) -> None:
        if obj.docstring is not None:
            obj.docstring.value = markdown(obj.docstring.value)
