"""Analysis after a one-parameter edit of the densenet121 preset (goal: median ≤ 5 ms).

Each sample edits one parameter through the graph model (as the inspector does) and
re-analyses the whole graph. Baseline in the same run: loading the file (JSON parse +
validation), so the ratio tells how analysis compares with the cheapest whole-file step.
"""

from __future__ import annotations

import _common  # noqa: F401  (puts the repo on sys.path)
from _common import median_ms, percentile, timed, verdict

from engine.analysis import analyse
from engine.fileformat import dumps, loads
from engine.presets import load_preset

GOAL_MS = 5.0


def main() -> None:
    graph = load_preset("densenet121")
    text = dumps(graph)
    conv = next(n for n in graph.nodes.values() if n.type == "Transition")
    values = [128, 129]

    def edit_and_analyse():
        values.reverse()
        graph.set_params(conv.id, {**conv.params, "out_channels": values[0]})
        analyse(graph)

    timed(edit_and_analyse, 50)  # warm-up
    samples = timed(edit_and_analyse, 1000)
    baseline = timed(lambda: loads(text), 200)
    med = median_ms(samples)
    print(
        f"densenet121 ({len(graph.nodes)} nodes): edit + full analysis "
        f"median {med:.3f} ms, p99 {percentile(samples, 99) * 1000:.3f} ms"
    )
    print(
        f"baseline, parse + validate the file: median {median_ms(baseline):.3f} ms "
        f"(analysis / parse = {med / median_ms(baseline):.2f})"
    )
    print(f"goal median <= {GOAL_MS} ms: {verdict(med <= GOAL_MS)}")


if __name__ == "__main__":
    main()
