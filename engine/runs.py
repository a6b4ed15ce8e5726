"""The history of training runs, kept in SQLite beside the checkpoints.

One database file (``runs.sqlite`` in the user data folder) records each run's
network (the project JSON), settings, per-epoch metrics and final status; each run's
checkpoints live in ``runs/<id>/`` next to it. A :class:`RunStore` may be shared by
the GUI thread and a training worker: one connection, guarded by a lock. WAL mode
lets a command-line run and the window use the same file at once.
"""

from __future__ import annotations

import json
import math
import shutil
import sqlite3
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

RUNNING = "running"
_SCHEMA = """
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


@dataclass(frozen=True)
class RunRecord:
    """One run as the runs panel lists it (``created`` is ISO 8601, UTC)."""

    id: int
    name: str
    created: str
    status: str
    best_val_accuracy: float | None
    epochs: int
    dataset: str = ""
    metrics: dict[str, Any] = field(default_factory=dict)


class RunStore:
    """Run history in an SQLite file (default: ``data_dir()/runs.sqlite``)."""

    def __init__(self, path: str | Path | None = None):
        if path is None:
            from engine.paths import data_dir

            path = data_dir() / "runs.sqlite"
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._db = sqlite3.connect(self.path, check_same_thread=False, timeout=10.0)
        with self._lock, self._db:
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA foreign_keys=ON")
            self._db.executescript(_SCHEMA)

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def __enter__(self) -> RunStore:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # ------------------------------------------------------------------ writing
    def create(self, graph_json: str, config: dict, name: str) -> int:
        """Record a new run (status ``running``); returns its id."""
        created = datetime.now(UTC).isoformat(timespec="seconds")
        with self._lock, self._db:
            cursor = self._db.execute(
                "INSERT INTO runs (name, created, status, graph_json, config_json) "
                "VALUES (?, ?, ?, ?, ?)",
                (name, created, RUNNING, graph_json, _dumps(config)),
            )
        return int(cursor.lastrowid)

    def add_epoch(self, run_id: int, epoch: dict) -> None:
        """Record one epoch's metrics (an ``EpochEvent`` as a dict)."""
        accuracy = epoch.get("val_accuracy")
        with self._lock, self._db:
            self._db.execute(
                "INSERT OR REPLACE INTO epochs (run_id, epoch, data_json, val_accuracy) "
                "VALUES (?, ?, ?, ?)",
                (run_id, int(epoch["epoch"]), _dumps(epoch), _finite(accuracy)),
            )

    def finish(self, run_id: int, status: str, metrics: dict) -> None:
        """Record how the run ended."""
        with self._lock, self._db:
            self._db.execute(
                "UPDATE runs SET status = ?, metrics_json = ? WHERE id = ?",
                (status, _dumps(metrics), run_id),
            )

    def delete(self, run_id: int) -> None:
        """Forget a run and remove its checkpoints."""
        with self._lock, self._db:
            self._db.execute("DELETE FROM epochs WHERE run_id = ?", (run_id,))
            self._db.execute("DELETE FROM runs WHERE id = ?", (run_id,))
        shutil.rmtree(self._runs_dir() / str(int(run_id)), ignore_errors=True)

    # ------------------------------------------------------------------ reading
    def list_runs(self) -> list[RunRecord]:
        """Every run, newest first."""
        with self._lock:
            rows = self._db.execute(
                "SELECT r.id, r.name, r.created, r.status, r.config_json, r.metrics_json, "
                "MAX(e.val_accuracy), COUNT(e.epoch) FROM runs r "
                "LEFT JOIN epochs e ON e.run_id = r.id GROUP BY r.id ORDER BY r.id DESC"
            ).fetchall()
        return [
            RunRecord(
                id=row[0],
                name=row[1],
                created=row[2],
                status=row[3],
                best_val_accuracy=row[6],
                epochs=row[7],
                dataset=str(_loads(row[4]).get("dataset", "")),
                metrics=_loads(row[5]),
            )
            for row in rows
        ]

    def epochs(self, run_id: int) -> list[dict]:
        """The run's epoch metrics, in order."""
        with self._lock:
            rows = self._db.execute(
                "SELECT data_json FROM epochs WHERE run_id = ? ORDER BY epoch", (run_id,)
            ).fetchall()
        return [_loads(r[0]) for r in rows]

    def graph_json(self, run_id: int) -> str:
        """The network the run trained, as project-file JSON; KeyError if no such run."""
        return self._field(run_id, "graph_json")

    def config(self, run_id: int) -> dict:
        """The run's training settings; KeyError if no such run."""
        return _loads(self._field(run_id, "config_json"))

    def checkpoint_dir(self, run_id: int) -> Path:
        """The folder for the run's checkpoints (created on demand)."""
        path = self._runs_dir() / str(int(run_id))
        path.mkdir(parents=True, exist_ok=True)
        return path

    def _field(self, run_id: int, column: str) -> str:
        with self._lock:
            row = self._db.execute(
                f"SELECT {column} FROM runs WHERE id = ?",  # noqa: S608
                (run_id,),
            ).fetchone()
        if row is None:
            raise KeyError(f"no run with id {run_id}")
        return row[0]

    def _runs_dir(self) -> Path:
        return self.path.parent / "runs"


def _finite(value: Any) -> float | None:
    if isinstance(value, int | float) and math.isfinite(value):
        return float(value)
    return None


def _dumps(data: Any) -> str:
    """JSON with NaN and infinities stored as null (SQLite and JSON readers choke on them)."""
    return json.dumps(_clean(data), ensure_ascii=False)


def _clean(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {str(k): _clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_clean(v) for v in value]
    return value


def _loads(text: str | None) -> dict:
    if not text:
        return {}
    try:
        value = json.loads(text)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}
