"""Damaged run histories, as a disk, a crash or another program leaves them."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from engine.runs import RunStore


def garbage(path: Path) -> None:
    """Random bytes where the history should be."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(os.urandom(8192))


def truncated(path: Path, runs: int = 30) -> None:
    """A history of ``runs`` finished runs, cut to a third of its size."""
    with RunStore(path) as store:
        for i in range(runs):
            store.finish(store.create("{}" + " " * 3000, {}, f"run {i}"), "completed", {})
    for extra in ("-wal", "-shm"):
        Path(str(path) + extra).unlink(missing_ok=True)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 3])


def foreign(path: Path) -> None:
    """Another program's database that happens to have the name."""
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE runs (something TEXT)")
    db.commit()
    db.close()
