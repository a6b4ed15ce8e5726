"""Opening the run history's SQLite file, and healing it when it is damaged.

:func:`open_history` returns a connection to a history that is known good: the file
passes SQLite's ``quick_check`` and has Convas's tables. A file that does not (garbage,
a truncated copy, another program's database) is moved aside under a dated name
(``runs.damaged-20250131-142501.sqlite``, with its ``-wal`` and ``-shm``), a fresh
history is started in its place, and the caller gets a notice to show the user. Where
no file can be opened at all (a read-only or full disk), the history lives in memory
for this session, also with a notice: training never depends on its history.

Two processes that find the same damage at once don't both move files: a lock file
beside the database (``runs.sqlite.lock``) serialises opening and healing, and the
check is repeated under it.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from engine import locks
from engine.i18n import _, os_reason

SCHEMA = """
CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL,
    created TEXT NOT NULL,
    status TEXT NOT NULL,
    graph_json TEXT NOT NULL,
    config_json TEXT NOT NULL,
    metrics_json TEXT
);
CREATE TABLE IF NOT EXISTS epochs (
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    epoch INTEGER NOT NULL,
    data_json TEXT NOT NULL,
    val_accuracy REAL,
    PRIMARY KEY (run_id, epoch)
);
"""
COLUMNS = {
    "runs": {"id", "name", "created", "status", "graph_json", "config_json", "metrics_json"},
    "epochs": {"run_id", "epoch", "data_json", "val_accuracy"},
}
#: SQLite's primary result codes that mean "this file is not a sound database".
_CORRUPT, _NOTADB = 11, 26
SIDECARS = ("-wal", "-shm", "-journal")


class DamagedHistory(sqlite3.DatabaseError):
    """The file is a database but not a sound Convas run history."""


@dataclass
class Opened:
    """A connection to a good history; ``notice`` says what was done to get it."""

    db: sqlite3.Connection
    persistent: bool = True
    notice: str | None = None
    moved_to: Path | None = None


def is_damage(exc: BaseException) -> bool:
    """Whether ``exc`` says the database file is damaged (not merely busy or missing)."""
    if isinstance(exc, DamagedHistory):
        return True
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in (_CORRUPT, _NOTADB)
    text = str(exc).lower()
    return "malformed" in text or "not a database" in text


def open_history(path: Path) -> Opened:
    """A good history at ``path``: as it is, healed, or in memory (see the docstring)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with locks.wait_lock(lock_path(path)):
            return _open_or_heal(path)
    except (OSError, sqlite3.Error) as exc:
        reason = os_reason(exc)
        notice = _(
            "The run history {path} can't be opened ({reason}): this session's runs are "
            "kept in memory only.",
            path=path,
            reason=reason,
        )
        return Opened(connect(":memory:"), persistent=False, notice=notice)


def heal(path: Path, broken: sqlite3.Connection | None) -> Opened:
    """Set a history found damaged while in use aside (unless another process already
    did) and open a good one; ``broken`` is closed first."""
    if broken is not None:
        with contextlib.suppress(sqlite3.Error):
            broken.close()
    return open_history(path)


def _open_or_heal(path: Path) -> Opened:
    try:
        return Opened(connect_checked(path))
    except sqlite3.DatabaseError as exc:
        if not is_damage(exc):
            raise
    moved = set_aside(path)
    notice = _(
        "The run history was damaged: it was moved to {moved} and a new, empty history "
        "was started.",
        moved=moved,
    )
    return Opened(connect_checked(path), notice=notice, moved_to=moved)


def connect(target: str | Path, check: bool = False) -> sqlite3.Connection:
    """A connection with the history's settings and tables; with ``check``, the file is
    verified first (:func:`verify`), before anything is written to it."""
    db = sqlite3.connect(target, check_same_thread=False, timeout=10.0)
    try:
        if check:
            verify(db)
        with db:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA foreign_keys=ON")
            db.executescript(SCHEMA)
    except BaseException:
        db.close()
        raise
    return db


def connect_checked(path: Path) -> sqlite3.Connection:
    """:func:`connect` a file that must be sound (else :class:`DamagedHistory`)."""
    return connect(path, check=True)


def verify(db: sqlite3.Connection) -> None:
    """Raise :class:`DamagedHistory` when ``db`` fails SQLite's check or has tables of
    our names without our columns (another program's database)."""
    result = db.execute("PRAGMA quick_check").fetchall()
    if result != [("ok",)]:
        raise DamagedHistory(f"quick_check: {result[0][0] if result else 'no answer'}")
    for table, wanted in COLUMNS.items():
        have = {row[1] for row in db.execute(f"PRAGMA table_info({table})")}
        if have and not wanted <= have:
            raise DamagedHistory(f"table {table} lacks {sorted(wanted - have)}")


def set_aside(path: Path) -> Path:
    """Rename the damaged file (and its sidecars) to a dated name; returns the new path."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    stem, suffix = path.stem, path.suffix
    target = path.with_name(f"{stem}.damaged-{stamp}{suffix}")
    n = 2
    while target.exists():
        target = path.with_name(f"{stem}.damaged-{stamp}-{n}{suffix}")
        n += 1
    os.replace(path, target)
    for extra in SIDECARS:
        side = path.with_name(path.name + extra)
        if side.exists():
            with contextlib.suppress(OSError):
                os.replace(side, target.with_name(target.name + extra))
    return target


def lock_path(path: Path) -> Path:
    return path.with_name(path.name + ".lock")
