"""Progress bars for long jobs: rich, on standard error, and only on a terminal.

The library never prints: a long job takes an optional ``progress(done, total)`` callback. The CLI
passes :func:`progress_bar`'s callback, which is None (no bar, no noise) when standard error is not a
terminal, so pipes, files and CI logs get only the command's output.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager


@contextmanager
def progress_bar(label: str) -> Iterator[Callable[[int, int], None] | None]:
    """A transient rich bar labelled ``label`` on a terminal's standard error; None otherwise."""
    if not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import Progress

    with Progress(console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(label, total=None)
        yield lambda done, total: bar.update(task, completed=done, total=total or None)
