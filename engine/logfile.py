"""The log file of the command line: tracebacks go there, never to the terminal.

Python prints a logged error with its traceback on standard error when no handler is
configured (``logging.lastResort``): a trainer's ``log.exception`` became 40 lines on
the user's terminal. :func:`logging_to_file` sends the records of one command to
``convas.log`` in the user data folder (the window's log, rotated at 1 MB), opening it
only when something is logged; where it can't be written, records are dropped rather
than printed.
"""

from __future__ import annotations

import contextlib
import logging
import logging.handlers
import os
from collections.abc import Iterator
from pathlib import Path

LOG_NAME = "convas.log"
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def log_path() -> Path:
    from engine.paths import data_dir

    return data_dir() / LOG_NAME


class _LazyFileHandler(logging.Handler):
    """Opens ``convas.log`` (or ``path``) at the first record (so a quiet command
    creates nothing)."""

    def __init__(self, path: str | Path | None = None):
        super().__init__()
        self.path = Path(path) if path is not None else None
        self._file: logging.Handler | None = None
        self._failed = False

    def emit(self, record: logging.LogRecord) -> None:
        if self._file is None and not self._failed:
            try:
                self._file = logging.handlers.RotatingFileHandler(
                    self.path or log_path(), maxBytes=1_000_000, backupCount=2, encoding="utf-8"
                )
                self._file.setFormatter(logging.Formatter(FORMAT))
            except OSError:
                self._failed = True
        if self._file is not None:
            self._file.emit(record)

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
        super().close()


@contextlib.contextmanager
def logging_to_file(path: str | Path | None = None, level: int | None = None) -> Iterator[None]:
    """Send log records to the log file (or ``path``) for the duration of the block,
    from ``level`` on when given (the root logger's level is restored after)."""
    root = logging.getLogger()
    handler, old_level = _LazyFileHandler(path), root.level
    root.addHandler(handler)
    if level is not None:
        root.setLevel(level)
    try:
        yield
    finally:
        root.removeHandler(handler)
        root.setLevel(old_level)
        handler.close()


def current_log_file() -> str | None:
    """The file this process logs into (the window's log, the command line's), or None.

    A child process (the trainer's) is given it, so that its records, a failure's
    traceback among them, land in the same log as the parent's."""
    for handler in logging.getLogger().handlers:
        if isinstance(handler, _LazyFileHandler):
            return str(handler.path or log_path())
        if isinstance(handler, logging.FileHandler) and handler.baseFilename != os.devnull:
            return handler.baseFilename
    return None
