"""The docs samples' summary: how many blocks ran and how many are marked as fragments."""

from __future__ import annotations

from typing import Any

from tests.docs.samples import all_samples, pages


def pytest_terminal_summary(terminalreporter: Any) -> None:
    samples = all_samples()
    fragments = sum(1 for sample in samples if sample.fragment)
    terminalreporter.write_line(
        f"docs samples: {len(samples)} python blocks in {len(pages())} pages: "
        f"{len(samples) - fragments} run, {fragments} marked as fragments"
    )
