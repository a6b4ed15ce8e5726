"""Receptive fields traced off the GUI thread: opening a network, and an MBConv edit.

Each sample is a fresh process (so every composite's effect is traced for the first
time, as when the app has just started), offscreen, with torch imported and the
tracer warmed up beforehand, as the app's background loader leaves it. Measured:

* open: ``open_preset`` of ``efficientnet_b0`` / ``mobilenet_v2`` in a shown window until
  the canvas is painted (goal: no more than ~100 ms over the old 27–85 ms, before
  fields followed the composites' real layers); and, for information, until every
  receptive field is in (the background worker's traces, after the open);
* edit: an efficientnet_b0 MBConv's ``out_channels`` set through the inspector's
  ``paramsEdited`` (a new value each time, as typing does), until the analysis has
  reached the views and the canvas is repainted (goal: median ≤ 16 ms).

``--baseline DIR``: a checkout of the old tree (``git worktree add DIR <commit>``), run
interleaved with this one, sample by sample, for paired differences.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OPEN_GOAL_MS = 85.0 + 100.0
EDIT_GOAL_MS = 16.0

CHILD = r"""
import json, os, sys, time
os.environ["QT_QPA_PLATFORM"] = "offscreen"
import torch  # noqa: F401  (the app imports it in the background at start-up)
from PySide6.QtWidgets import QApplication
from engine.teaching.receptive_inside import warm_up
warm_up()
app = QApplication([])
from app.window import MainWindow
w = MainWindow(autosave_ms=3_600_000); w.resize(1400, 900); w.show(); app.processEvents()
mode, name = sys.argv[1], sys.argv[2]

def complete():
    app.processEvents()
    busy = getattr(getattr(w, "fields", None), "busy", lambda: False)()
    return w.receptive_for(w.document.analysis).complete and not busy

start = time.perf_counter()
w.files.open_preset(name, ask=False); app.processEvents(); w.canvas.viewport().repaint()
opened = time.perf_counter() - start
while not complete():
    time.sleep(0.001)
filled = time.perf_counter() - start
out = {"open": opened, "filled": filled}
if mode == "edit":
    graph = w.document.graph
    blocks = [n for n, v in graph.nodes.items() if v.type == "MBConv"]
    block = blocks[len(blocks) // 2]
    w.canvas.select_ids([block]); w.canvas.center_on(block); app.processEvents()
    seen = []
    w.document.analysisChanged.connect(seen.append)
    edits = []
    for i in range(int(sys.argv[3])):
        params = {**graph.nodes[block].params, "out_channels": 48 + 2 * i}
        before = len(seen)
        t0 = time.perf_counter()
        w.inspector.paramsEdited.emit(block, params)
        while len(seen) == before:
            app.processEvents()
        w.canvas.viewport().repaint()
        edits.append(time.perf_counter() - t0)
        while not complete():  # the next edit starts from a settled window
            time.sleep(0.001)
    out["edits"] = edits
print("RESULT " + json.dumps(out))
w.document.undo_stack.setClean(); w.close()
"""


def child(tree: Path, *args: str) -> dict:
    with tempfile.TemporaryDirectory() as data:
        env = dict(os.environ, PYTHONPATH=str(tree), CONVAS_DATA_DIR=data)
        env["QT_QPA_PLATFORM"] = "offscreen"
        out = subprocess.run(
            [sys.executable, "-c", CHILD, *args],
            cwd=tree,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
    line = [x for x in out.stdout.splitlines() if x.startswith("RESULT ")]
    if out.returncode != 0 or not line:
        raise RuntimeError(out.stderr[-2000:])
    return json.loads(line[-1][len("RESULT ") :])


def ms(values: list[float]) -> str:
    return f"{statistics.median(values) * 1000:.1f} ms"


def compare(label: str, new: list[float], old: list[float] | None) -> None:
    line = f"{label}: new median {ms(new)} (min {min(new) * 1000:.1f}, max {max(new) * 1000:.1f})"
    if old:
        diffs = [a - b for a, b in zip(new, old, strict=False)]
        line += f" | old median {ms(old)} (min {min(old) * 1000:.1f}, max {max(old) * 1000:.1f})"
        line += f" | paired new − old: median {ms(diffs)}"
    print(line)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", type=Path, help="a checkout of the old tree")
    parser.add_argument("--runs", type=int, default=7, help="processes per case and tree")
    parser.add_argument("--edits", type=int, default=40, help="edits per edit process")
    args = parser.parse_args()
    trees = {"new": ROOT} | ({"old": args.baseline} if args.baseline else {})
    results: dict[tuple, list] = {}
    cases = [("open", "efficientnet_b0"), ("open", "mobilenet_v2")]
    for i in range(args.runs):
        for mode, name in cases:
            order = list(trees.items())
            if i % 2:
                order.reverse()
            for label, tree in order:
                results.setdefault((label, mode, name), []).append(child(tree, mode, name))
    for label, tree in trees.items():
        results[(label, "edit")] = [child(tree, "edit", "efficientnet_b0", str(args.edits))]
    ok = True
    for mode, name in cases:
        new = results[("new", mode, name)]
        old = results.get(("old", mode, name))
        compare(
            f"open {name}, until painted",
            [r["open"] for r in new],
            old and [r["open"] for r in old],
        )
        compare(
            f"open {name}, until every field is in",
            [r["filled"] for r in new],
            old and [r["filled"] for r in old],
        )
        ok &= statistics.median(r["open"] for r in new) * 1000 <= OPEN_GOAL_MS
    new_edits = results[("new", "edit")][0]["edits"]
    old_edits = results[("old", "edit")][0]["edits"] if args.baseline else None
    compare("efficientnet_b0 MBConv out_channels edit (new value each time)", new_edits, old_edits)
    edit_ok = statistics.median(new_edits) * 1000 <= EDIT_GOAL_MS
    print(f"load average: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(f"goal open <= {OPEN_GOAL_MS:.0f} ms: {'PASS' if ok else 'FAIL'}")
    print(f"goal edit median <= {EDIT_GOAL_MS:.0f} ms: {'PASS' if edit_ok else 'FAIL'}")


if __name__ == "__main__":
    main()
