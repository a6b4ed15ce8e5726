"""What reliability costs: strict loading, atomic saves, the memory guard, a healing history.

Paired, interleaved measurements in one run (the machine is shared and noisy):

- loading ``densenet121``'s file with the strict reader (standard JSON only, every key's
  path checked) vs Python's lenient ``json.loads`` + the same validation;
- saving it (locked temporary file, fsync, permissions, clean-up) vs a plain
  ``write_text`` of the same text;
- the memory guard's estimate for training ``resnet50`` (goal: under a millisecond, no
  allocation) vs the analysis it reads;
- opening the run history (SQLite's ``quick_check`` and the stale-run scan) with 200
  runs recorded, vs a bare ``sqlite3.connect`` + one query.
"""

from __future__ import annotations

import json
import sqlite3
import tempfile
from pathlib import Path

import _common  # noqa: F401  (puts the repo on sys.path)
from _common import median_ms, timed

from engine import fileformat
from engine.analysis import analyse
from engine.memory import training_need
from engine.presets import load_preset
from engine.runs import RunStore
from engine.training.config import TrainConfig

ROUNDS = 15


def paired(a, b, repeat: int) -> tuple[float, float]:
    """Medians (ms) of ``a`` and ``b`` measured in alternating blocks."""
    sa, sb = [], []
    for _ in range(ROUNDS):
        sa += timed(a, repeat)
        sb += timed(b, repeat)
    return median_ms(sa), median_ms(sb)


def lenient_load(text: str):
    return fileformat.from_dict(json.loads(text))


def main() -> None:
    graph = load_preset("densenet121")
    text = fileformat.dumps(graph)
    strict, lenient = paired(lambda: fileformat.loads(text), lambda: lenient_load(text), 10)
    print(
        f"load densenet121 ({len(text):,} bytes): strict {strict:.3f} ms, "
        f"lenient json.loads + validation {lenient:.3f} ms (ratio {strict / lenient:.2f})"
    )
    with tempfile.TemporaryDirectory() as folder:
        target, plain = Path(folder) / "net.convas", Path(folder) / "plain.convas"
        atomic, bare = paired(
            lambda: fileformat.save(graph, target),
            lambda: plain.write_text(fileformat.dumps(graph), encoding="utf-8"),
            5,
        )
        print(
            f"save densenet121: atomic (fsync, permissions, clean-up) {atomic:.3f} ms, "
            f"plain write_text {bare:.3f} ms (ratio {atomic / bare:.2f})"
        )
        big = load_preset("resnet50")
        analysis = analyse(big)
        guard, analysing = paired(
            lambda: training_need(big, analysis, TrainConfig()), lambda: analyse(big), 20
        )
        print(
            f"memory guard, resnet50: {guard:.3f} ms; the analysis it reads {analysing:.3f} ms "
            f"(ratio {guard / analysing:.2f}; goal < 1 ms: {'PASS' if guard < 1 else 'FAIL'})"
        )
        history = Path(folder) / "runs.sqlite"
        with RunStore(history) as store:
            for i in range(200):
                run = store.create(text, {"dataset": "digits"}, f"run {i}")
                for epoch in range(1, 11):
                    store.add_epoch(run, {"epoch": epoch, "val_accuracy": 0.9})
                store.finish(run, "completed", {})

        def bare_open():
            db = sqlite3.connect(history)
            db.execute("SELECT COUNT(*) FROM runs").fetchall()
            db.close()

        opening, bare_ms = paired(lambda: RunStore(history).close(), bare_open, 3)
        size = history.stat().st_size / 1e6
        print(
            f"open the run history ({size:.1f} MB, 200 runs): checked and healed if need be "
            f"{opening:.2f} ms, bare connect + query {bare_ms:.2f} ms"
        )


if __name__ == "__main__":
    main()
