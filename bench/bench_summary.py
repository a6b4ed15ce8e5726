"""`python main.py summary resnet50` as a whole process (goal ≤ 0.5 s).

Baseline in the same run: `python -c pass` (bare interpreter start-up) and
`python -c "import torch"` — summary must not pay for torch.
"""

from __future__ import annotations

import subprocess
import sys

from _common import ROOT, median_ms, timed, verdict

GOAL_S = 0.5


def _proc(*args):
    return lambda: subprocess.run(
        [sys.executable, *args], cwd=ROOT, check=True, stdout=subprocess.DEVNULL
    )


def main() -> None:
    summary = _proc("main.py", "summary", "resnet50")
    summary()  # warm the file cache
    rounds = {"summary resnet50": [], "python -c pass": [], "import torch": []}
    for _ in range(7):  # interleaved so machine noise hits all alike
        rounds["summary resnet50"] += timed(summary, 1)
        rounds["python -c pass"] += timed(_proc("-c", "pass"), 1)
        rounds["import torch"] += timed(_proc("-c", "import torch"), 1)
    med = {k: median_ms(v) for k, v in rounds.items()}
    for k, v in med.items():
        print(f"{k:>18}: median {v:7.1f} ms")
    print(
        f"summary / bare interpreter = {med['summary resnet50'] / med['python -c pass']:.2f}; "
        f"summary / import torch = {med['summary resnet50'] / med['import torch']:.2f}"
    )
    print(f"goal <= {GOAL_S * 1000:.0f} ms: {verdict(med['summary resnet50'] <= GOAL_S * 1000)}")


if __name__ == "__main__":
    main()
