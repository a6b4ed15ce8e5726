"""From an inspector edit to an updated canvas, on the resnet50 preset (goal: median ≤ 16 ms).

Each sample emits the inspector's ``paramsEdited`` for one residual block (as pressing
Enter in its out_channels box does), then processes events until the document's fresh
analysis has reached the canvas, summary, inspector and status bar, and the canvas
viewport has repainted. Baseline in the same run: the analysis alone, so the ratio says
how much the views add.
"""

from __future__ import annotations

import os
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import _common  # noqa: F401,E402
from _common import median_ms, percentile, timed, verdict  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

GOAL_MS = 16.0


def main(samples: int = 200) -> None:
    app = QApplication.instance() or QApplication([])
    from app.window import MainWindow
    from engine.analysis import analyse

    window = MainWindow(autosave_ms=3_600_000)
    window.resize(1400, 900)
    window.show()
    window.files.open_preset("resnet50", ask=False)
    app.processEvents()
    graph = window.document.graph
    node = next(nid for nid, n in graph.nodes.items() if n.type == "ResidualBlock")
    window.canvas.select_ids([node])
    app.processEvents()
    seen = []
    window.document.analysisChanged.connect(lambda a: seen.append(a))
    widths = [256, 264]

    def edit():
        widths.reverse()
        before = len(seen)
        params = {**graph.nodes[node].params, "out_channels": widths[0]}
        start = time.perf_counter()
        window.inspector.paramsEdited.emit(node, params)
        while len(seen) == before:
            app.processEvents()
        window.canvas.viewport().repaint()
        return time.perf_counter() - start

    for _ in range(10):
        edit()
    results = [edit() for _ in range(samples)]
    base = timed(lambda: analyse(graph), samples)
    med = median_ms(results)
    print(
        f"resnet50 ({len(graph.nodes)} nodes): inspector edit -> canvas updated and repainted: "
        f"median {med:.2f} ms, p95 {percentile(results, 95) * 1000:.2f} ms"
    )
    print(
        f"baseline, analysis alone: median {median_ms(base):.3f} ms "
        f"(whole edit / analysis = {med / median_ms(base):.1f})"
    )
    print(f"goal median <= {GOAL_MS} ms: {verdict(med <= GOAL_MS)}")
    window.document.undo_stack.setClean()
    window.close()


if __name__ == "__main__":
    main()
