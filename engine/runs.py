"""The history of training runs, kept in SQLite beside the checkpoints.

One database file (``runs.sqlite`` in the user data folder) records each run's
network (the project JSON), settings, per-epoch metrics and final status; each run's
checkpoints live in ``runs/<id>/`` next to it. A :class:`RunStore` may be shared by
the GUI thread and a training worker: one connection, guarded by a lock. WAL mode
lets a command-line run and the window use the same file at once.

The history heals (:mod:`engine.runs_db`): a damaged file is moved aside under a dated
name and a fresh one started, with :attr:`RunStore.notice` saying so. Run ids and
their folders are never reused, even after such a reset: a new id is above every
folder in ``runs/``, and the folder is created before the run is recorded. A running
run holds a lock in its folder (``runs/<id>/.running``) for as long as its process
lives; opening the history turns the "running" rows nobody holds into "interrupted".
"""

from __future__ import annotations

import contextlib
import json
import math
import shutil
import sqlite3
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from engine import locks, runs_db
from engine.i18n import _

RUNNING, INTERRUPTED = "running", "interrupted"
#: The lock file a running run holds in its folder.
RUNNING_LOCK = ".running"


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
    """Run history in an SQLite file (default: ``data_dir()/runs.sqlite``).

    Opening never fails: :attr:`notice` (None when all is well) says when the file was
    damaged and set aside, or could not be opened and the history is in memory for this
    session (:attr:`persistent` False). ``on_notice`` is called with the same text when
    damage is found later, while in use.
    """

    def __init__(self, path: str | Path | None = None):
        if path is None:
            from engine.paths import data_dir

            path = data_dir() / "runs.sqlite"
        self.path = Path(path)
        self.on_notice: Callable[[str], None] | None = None
        self._lock = threading.Lock()
        self._running: dict[int, locks.FileLock] = {}
        self._use(runs_db.open_history(self.path))
        self._guarded(self._mark_interrupted)

    def _use(self, opened: runs_db.Opened) -> None:
        self._db = opened.db
        self.persistent = opened.persistent
        self.notice = opened.notice
        self.moved_to = opened.moved_to

    def close(self) -> None:
        """Close the file; runs of this store still running are recorded as interrupted."""
        with self._lock:
            for run_id in list(self._running):
                with contextlib.suppress(sqlite3.Error), self._db:
                    self._db.execute(
                        "UPDATE runs SET status = ? WHERE id = ? AND status = ?",
                        (INTERRUPTED, run_id, RUNNING),
                    )
                self._running.pop(run_id).release(remove=True)
            self._db.close()

    def __enter__(self) -> RunStore:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # ------------------------------------------------------------------ writing
    def create(self, graph_json: str, config: dict, name: str) -> int:
        """Record a new run (status ``running``); returns its id, never one used before."""
        return self._guarded(self._create, graph_json, config, name)

    def _create(self, graph_json: str, config: dict, name: str) -> int:
        created = datetime.now(UTC).isoformat(timespec="seconds")
        with self._lock:
            run_id, held = self._reserve_id()
            try:
                with self._db:
                    self._db.execute(
                        "INSERT INTO runs (id, name, created, status, graph_json, config_json) "
                        "VALUES (?, ?, ?, ?, ?, ?)",
                        (run_id, name, created, RUNNING, graph_json, _dumps(config)),
                    )
            except BaseException:
                if held is not None:
                    held.release(remove=True)
                raise
            if held is not None:
                self._running[run_id] = held
        return run_id

    def _reserve_id(self) -> tuple[int, locks.FileLock | None]:
        """The next id above every run recorded and every run folder, its folder made
        and its "running" lock taken (no folder where ``runs/`` can't be written)."""
        (last,) = self._db.execute(
            "SELECT MAX(m) FROM (SELECT MAX(id) AS m FROM runs "
            "UNION ALL SELECT seq FROM sqlite_sequence WHERE name = 'runs')"
        ).fetchone()
        runs_dir = self._runs_dir()
        candidate = max(last or 0, _largest_folder_id(runs_dir)) + 1
        try:
            runs_dir.mkdir(parents=True, exist_ok=True)
        except OSError:
            return candidate, None
        while True:
            folder = runs_dir / str(candidate)
            try:
                folder.mkdir()
            except FileExistsError:
                candidate += 1
                continue
            except OSError:
                return candidate, None
            return candidate, locks.try_lock(folder / RUNNING_LOCK)

    def add_epoch(self, run_id: int, epoch: dict) -> None:
        """Record one epoch's metrics (an ``EpochEvent`` as a dict)."""
        accuracy = epoch.get("val_accuracy")
        self._write(
            "INSERT OR REPLACE INTO epochs (run_id, epoch, data_json, val_accuracy) "
            "VALUES (?, ?, ?, ?)",
            (run_id, int(epoch["epoch"]), _dumps(epoch), _finite(accuracy)),
        )

    def finish(self, run_id: int, status: str, metrics: dict) -> None:
        """Record how the run ended (and let go of its "running" lock)."""
        self._write(
            "UPDATE runs SET status = ?, metrics_json = ? WHERE id = ?",
            (status, _dumps(metrics), run_id),
        )
        with self._lock:
            held = self._running.pop(run_id, None)
        if held is not None:
            held.release(remove=True)

    def delete(self, run_id: int) -> None:
        """Forget a run and remove its checkpoints."""
        self._write("DELETE FROM epochs WHERE run_id = ?", (run_id,))
        self._write("DELETE FROM runs WHERE id = ?", (run_id,))
        shutil.rmtree(self._runs_dir() / str(int(run_id)), ignore_errors=True)

    def _write(self, sql: str, values: tuple) -> None:
        def write() -> None:
            with self._lock, self._db:
                self._db.execute(sql, values)

        self._guarded(write)

    # ------------------------------------------------------------------ reading
    def list_runs(self) -> list[RunRecord]:
        """Every run, newest first."""
        rows = self._read(
            "SELECT r.id, r.name, r.created, r.status, r.config_json, r.metrics_json, "
            "MAX(e.val_accuracy), COUNT(e.epoch) FROM runs r "
            "LEFT JOIN epochs e ON e.run_id = r.id GROUP BY r.id ORDER BY r.id DESC"
        )
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
        rows = self._read("SELECT data_json FROM epochs WHERE run_id = ? ORDER BY epoch", (run_id,))
        return [_loads(r[0]) for r in rows]

    def graph_json(self, run_id: int) -> str:
        """The network the run trained, as project-file JSON; KeyError if no such run."""
        return self._field(run_id, "graph_json")

    def config(self, run_id: int) -> dict:
        """The run's training settings; KeyError if no such run."""
        return _loads(self._field(run_id, "config_json"))

    def checkpoint_dir(self, run_id: int) -> Path:
        """The folder for the run's checkpoints (created on demand where it can be)."""
        path = self._runs_dir() / str(int(run_id))
        with contextlib.suppress(OSError):  # the trainer says so if it can't save there
            path.mkdir(parents=True, exist_ok=True)
        return path

    def _field(self, run_id: int, column: str) -> str:
        rows = self._read(f"SELECT {column} FROM runs WHERE id = ?", (run_id,))  # noqa: S608
        if not rows:
            raise KeyError(_("the run history has no run #{run}", run=run_id))
        return rows[0][0]

    def _read(self, sql: str, values: tuple = ()) -> list[tuple]:
        def read() -> list[tuple]:
            with self._lock:
                return self._db.execute(sql, values).fetchall()

        return self._guarded(read)

    def _runs_dir(self) -> Path:
        return self.path.parent / "runs"

    # ------------------------------------------------------------------ healing
    def _guarded(self, operation, *args):
        """Run ``operation``; if the file turns out damaged, heal it and run it again."""
        try:
            return operation(*args)
        except sqlite3.DatabaseError as exc:
            if not runs_db.is_damage(exc) or not self.persistent:
                raise
        with self._lock:
            self._use(runs_db.heal(self.path, self._db))
        if self.notice and self.on_notice is not None:
            self.on_notice(self.notice)
        return operation(*args)

    def _mark_interrupted(self) -> None:
        """ "running" rows whose process is gone (nobody holds their lock) → interrupted."""
        with self._lock:
            ids = [
                r[0] for r in self._db.execute("SELECT id FROM runs WHERE status = ?", (RUNNING,))
            ]
        stale = [
            run_id
            for run_id in ids
            if run_id not in self._running
            and not locks.is_held(self._runs_dir() / str(run_id) / RUNNING_LOCK)
        ]
        for run_id in stale:
            self._write(
                "UPDATE runs SET status = ? WHERE id = ? AND status = ?",
                (INTERRUPTED, run_id, RUNNING),
            )
            with contextlib.suppress(OSError):
                (self._runs_dir() / str(run_id) / RUNNING_LOCK).unlink()


def _largest_folder_id(runs_dir: Path) -> int:
    try:
        names = [entry.name for entry in runs_dir.iterdir()]
    except OSError:
        return 0
    return max((int(n) for n in names if n.isdigit()), default=0)


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
