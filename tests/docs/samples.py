"""The Python samples of the documentation: every ```python block of the site's pages.

A block runs unless the line before it (blank lines aside) marks it as a fragment:

    <!-- fragment: an excerpt of a settings dict -->
    ```python
    "TYPES": {"invalid-api-version": {"status": 401}}
    ```

The comment is invisible on GitHub and in the built site; its reason says why the block cannot
run on its own (an excerpt, a call to a server, a name of the reader's project).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
# The root pages the site includes (docs/changelog.md, docs/contributing.md).
INCLUDED_ROOT_PAGES = ("CHANGELOG.md", "CONTRIBUTING.md")

FENCE = re.compile(r"^(?P<indent> *)(?P<fence>`{3,}|~{3,})(?P<info>[^`]*)$")
FRAGMENT = re.compile(r"^\s*<!-- fragment: (?P<reason>[^>]+?) -->\s*$")
LANGUAGES = {"python", "py"}


@dataclass(frozen=True)
class Sample:
    page: Path
    line: int  # of the opening fence, 1-based
    code: str
    fragment: str | None  # the reason, for a block marked as a fragment

    @property
    def id(self) -> str:
        return f"{self.page.relative_to(ROOT)}:{self.line}"


def pages() -> list[Path]:
    """The Markdown pages of the site: docs/ and the root pages it includes."""
    found = sorted(DOCS.rglob("*.md"))
    return found + [ROOT / name for name in INCLUDED_ROOT_PAGES if (ROOT / name).exists()]


def samples_of(page: Path) -> list[Sample]:
    """The Python blocks of ``page``, in order; a fragment marker before anything else is an
    error (it would mark nothing)."""
    lines = page.read_text().splitlines()
    found: list[Sample] = []
    pending: tuple[int, str] | None = None  # a fragment marker waiting for its block
    index = 0
    while index < len(lines):
        text = lines[index]
        marker = FRAGMENT.match(text)
        fence = FENCE.match(text)
        if marker:
            pending = (index + 1, marker.group("reason"))
        elif fence:
            indent, mark = len(fence.group("indent")), fence.group("fence")
            words = fence.group("info").split()
            language = words[0].lstrip("{.").rstrip("}") if words else ""
            end = index + 1
            while end < len(lines) and not _closes(lines[end], mark):
                end += 1
            if language in LANGUAGES:
                body = [
                    line[indent:] if line[:indent].isspace() else line
                    for line in lines[index + 1 : end]
                ]
                found.append(
                    Sample(page, index + 1, "\n".join(body) + "\n", pending[1] if pending else None)
                )
            elif pending:
                raise ValueError(
                    f"{page}:{pending[0]}: a fragment marker before a {language or 'plain'} block"
                )
            pending = None
            index = end
        elif text.strip() and pending:
            raise ValueError(f"{page}:{pending[0]}: a fragment marker not followed by a block")
        index += 1
    if pending:
        raise ValueError(f"{page}:{pending[0]}: a fragment marker not followed by a block")
    return found


def _closes(line: str, mark: str) -> bool:
    stripped = line.strip()
    return stripped.startswith(mark[0] * len(mark)) and set(stripped) == {mark[0]}


def all_samples() -> list[Sample]:
    return [sample for page in pages() for sample in samples_of(page)]
