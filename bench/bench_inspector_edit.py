"""Inspector edit → analysis → repainted window, on three networks (goal: median ≤ 16 ms).

Networks: the ``resnet50`` preset (25 blocks), the ``efficientnet_b0`` preset (an
MBConv's channels, a new value every edit: its receptive field comes from the cache, no
trace, :mod:`app.fields`), ``densenet121`` with every composite
expanded (429 blocks) and a 3,000-block chain (Input, 1,498 × Conv2d+ReLU, pooling,
Flatten, Linear; 3,001 with the Output). Each sample emits the inspector's
``paramsEdited`` for one block (as pressing Enter in its ``out_channels`` box does),
then processes events until the document's analysis has reached the canvas, summary,
inspector and status bar, and repaints the canvas viewport.

Baseline in the same run, interleaved sample by sample: the old full-refresh path
(every edit re-analyses the whole graph, recomputes every receptive field, refreshes
every canvas item and summary row, and graph queries scan every edge), switched on by
patching those pieces back in. Also timed: opening the chain's project file in the
window until it is painted (goal ≤ 1 s), against parsing and validating that file.
"""

from __future__ import annotations

import os
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import _common  # noqa: F401,E402
from _common import median_ms, percentile, verdict  # noqa: E402
from _graphs import fully_expanded, long_chain  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from engine import graph as graph_module  # noqa: E402
from engine.fileformat import load, save  # noqa: E402
from engine.incremental import LiveAnalysis  # noqa: E402

EDIT_GOAL_MS = 16.0
OPEN_GOAL_S = 1.0


@contextmanager
def full_refresh_path():
    """The way every edit worked before incremental analysis (the baseline)."""
    graph_class = graph_module.Graph
    saved = (LiveAnalysis.update, graph_class.inputs_of, graph_class.outputs_of)

    def update(self):
        self._full()  # a fresh full analysis: views can't tell what changed, redraw all
        self._edited.clear()
        self._structural = self._reset = False
        return self.analysis

    def inputs_of(self, node_id):
        return sorted((e for e in self.edges if e.target == node_id), key=lambda e: e.port)

    def outputs_of(self, node_id):
        return [e for e in self.edges if e.source == node_id]

    LiveAnalysis.update = update
    graph_class.inputs_of, graph_class.outputs_of = inputs_of, outputs_of
    try:
        yield
    finally:
        LiveAnalysis.update, graph_class.inputs_of, graph_class.outputs_of = saved


class Session:
    """One window with one network open and one block selected."""

    def __init__(self, app, window, node: str, field: str, values: tuple[int, int]):
        self.app, self.window, self.node, self.field = app, window, node, field
        self.values = list(values)
        self.seen: list[object] = []
        window.canvas.select_ids([node])
        window.canvas.center_on(node)
        app.processEvents()
        window.document.analysisChanged.connect(self.seen.append)

    def next_value(self) -> int:
        self.values.reverse()
        return self.values[0]

    def edit(self) -> tuple[float, float]:
        """One edit: (wall seconds, this process's CPU seconds)."""
        value = self.next_value()
        graph = self.window.document.graph
        params = {**graph.nodes[self.node].params, self.field: value}
        before = len(self.seen)
        start, cpu = time.perf_counter(), time.process_time()
        self.window.inspector.paramsEdited.emit(self.node, params)
        while len(self.seen) == before:
            self.app.processEvents()
        self.window.canvas.viewport().repaint()
        return time.perf_counter() - start, time.process_time() - cpu


class FreshValues(Session):
    """Every edit sets a value not set before (as typing a new width does)."""

    def next_value(self) -> int:
        self.values[0] += 2
        return self.values[0]


def settle_fields(app, window) -> None:
    """Process events until every receptive field is in (traced in the background)."""
    while window.fields.busy() or not window.receptive_for(window.document.analysis).complete:
        app.processEvents()
        time.sleep(0.001)


def open_in_window(app, window, path: Path) -> tuple[float, float]:
    start, cpu = time.perf_counter(), time.process_time()
    window.files.open_path(path, ask=False)
    app.processEvents()
    window.canvas.viewport().repaint()
    return time.perf_counter() - start, time.process_time() - cpu


def measure(name: str, session: Session, samples: int, baseline_every: int) -> float:
    """Median wall ms of the edit; prints it beside the baseline's, and CPU medians."""
    for _ in range(10):
        session.edit()
    new, old = [], []
    for i in range(samples):
        new.append(session.edit())
        if i % baseline_every == 0:
            with full_refresh_path():
                old.append(session.edit())
    wall, base = median_ms([w for w, _ in new]), median_ms([w for w, _ in old])
    cpu, base_cpu = median_ms([c for _, c in new]), median_ms([c for _, c in old])
    p95 = percentile([w for w, _ in new], 95) * 1000
    print(
        f"{name}: median {wall:.2f} ms (CPU {cpu:.2f} ms), p95 {p95:.2f} ms, {len(new)} samples"
        f" | old full-refresh path: median {base:.1f} ms (CPU {base_cpu:.1f} ms), "
        f"{len(old)} samples | old / new = {base / wall:.1f}"
    )
    return wall


def main() -> None:
    app = QApplication.instance() or QApplication([])
    from app.window import MainWindow

    window = MainWindow(autosave_ms=3_600_000)
    window.resize(1400, 900)
    window.show()
    app.processEvents()
    results = []

    window.files.open_preset("resnet50", ask=False)
    app.processEvents()
    residual = next(n for n, v in window.document.graph.nodes.items() if v.type == "ResidualBlock")
    session = Session(app, window, residual, "out_channels", (256, 264))
    results.append(measure("resnet50 (25 blocks)", session, 200, 2))

    window.files.open_preset("efficientnet_b0", ask=False)
    settle_fields(app, window)
    blocks = [n for n, v in window.document.graph.nodes.items() if v.type == "MBConv"]
    session = FreshValues(app, window, blocks[len(blocks) // 2], "out_channels", (48, 48))
    results.append(measure("efficientnet_b0 MBConv (new widths)", session, 200, 2))

    with tempfile.TemporaryDirectory() as tmp:
        dense = Path(tmp) / "densenet121-expanded.convas"
        save(fully_expanded("densenet121"), dense)
        window.files.open_path(dense, ask=False)
        app.processEvents()
        bottlenecks = [  # the 1×1 convolutions of the dense layers (128 channels)
            n
            for n, v in window.document.graph.nodes.items()
            if v.type == "Conv2d" and v.params.get("kernel_size") == 1
            and v.params.get("out_channels") == 128
        ]  # fmt: skip
        middle = bottlenecks[len(bottlenecks) // 2]
        session = Session(app, window, middle, "out_channels", (128, 130))
        count = len(window.document.graph.nodes)
        results.append(measure(f"densenet121 expanded ({count} blocks)", session, 200, 2))

        chain = Path(tmp) / "chain.convas"
        save(long_chain(), chain)
        opens, loads = [], []
        for _ in range(3):
            window.document.undo_stack.setClean()  # no "save changes?" question
            window.files.new()
            app.processEvents()
            opens.append(open_in_window(app, window, chain))
            start = time.perf_counter()
            load(chain)
            loads.append(time.perf_counter() - start)
        session = Session(app, window, "conv700", "out_channels", (16, 17))
        count = len(window.document.graph.nodes)
        results.append(measure(f"chain ({count} blocks)", session, 120, 6))
    opened, opened_cpu = sorted(opens)[1]
    print(
        f"open the {count}-block chain's file in the window until painted: median "
        f"{opened:.2f} s (CPU {opened_cpu:.2f} s; 3 runs); baseline, parse + validate the "
        f"file: {sorted(loads)[1]:.3f} s (open / parse = {opened / sorted(loads)[1]:.0f})"
    )
    print(f"load average: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(f"goal edit median <= {EDIT_GOAL_MS} ms on each: {verdict(max(results) <= EDIT_GOAL_MS)}")
    print(f"goal open <= {OPEN_GOAL_S} s: {verdict(opened <= OPEN_GOAL_S)}")
    window.document.undo_stack.setClean()
    window.close()


if __name__ == "__main__":
    main()
