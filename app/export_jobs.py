"""What an export or import job brings back, and how a failure is told to the user.

A job's expected failures (an :class:`~engine.export.ExportError`, a file error, an
import that failed) come back as an :class:`Outcome`'s ``error`` and are shown as one
message: problems per node, a file's name and the system's reason, or the engine's
line as a sentence. Anything else is the job's unexpected error (logged, one line).
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication

from engine.export import ExportError
from engine.i18n import os_reason

translate = QCoreApplication.translate


def problems_text(problems, limit: int = 12) -> str:
    lines = [f"• {p.node + ': ' if p.node else ''}{p.message}" for p in problems[:limit]]
    if len(problems) > limit:
        more = translate("ExportActions", "… and {count} more (see the Summary)")
        lines.append(more.format(count=len(problems) - limit))
    return "\n".join(lines)


def failure_text(exc: BaseException) -> str:
    """One message for an export or import error (problems per node, file errors)."""
    if isinstance(exc, OSError):
        name = exc.filename or translate("ExportActions", "the file")
        return f"{name}: {os_reason(exc)}"
    problems = getattr(exc, "problems", None)
    return problems_text(problems) if problems else sentence(str(exc))


def sentence(text: str) -> str:
    """``text`` (an engine message, worded for the command line's "convas: " prefix)
    starting with a capital, as a message box's sentence does; a file name or an
    identifier at its start stays as it is."""
    first = text.split(" ", 1)[0]
    if first[:1].islower() and not any(c in first for c in "/\\.:_'\"{"):
        return text[:1].upper() + text[1:]
    return text


@dataclass
class Outcome:
    """A job's value, or the expected failure it ended with."""

    value: object = None
    error: BaseException | None = None


def capture(work):
    """Run ``work`` (in the worker); expected failures come back as values."""

    def run() -> Outcome:
        try:
            value = work()
        except (ExportError, OSError) as exc:
            return Outcome(error=exc)
        return value if isinstance(value, Outcome) else Outcome(value=value)

    return run
