"""Time from `python main.py` to a visible window (goal ≤ 1.0 s), against `import torch`.

The window process is started with ``CONVAS_STARTUP_PROBE`` set: the app writes the
time at which its main window was first exposed (``QWindow.exposeEvent``) to that file and
quits. Both commands run in the same loop, interleaved, under Qt's offscreen platform
(no display is needed; on a desktop, a real one adds the compositor's time).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import ROOT, verdict

GOAL_S = 1.0


def window_time(env: dict) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        probe = Path(tmp) / "shown"
        env = {**env, "CONVAS_STARTUP_PROBE": str(probe), "CONVAS_DATA_DIR": tmp}
        start = time.time()
        subprocess.run(
            [sys.executable, "main.py"],
            cwd=ROOT,
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            timeout=120,
        )
        return float(probe.read_text()) - start


def torch_time() -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", "import torch"], check=True, timeout=120)
    return time.perf_counter() - start


def main(rounds: int = 7) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    window_time(env)  # warm the file cache
    win, tor = [], []
    for _ in range(rounds):
        win.append(window_time(env))
        tor.append(torch_time())
    win.sort()
    tor.sort()
    w, t = win[len(win) // 2], tor[len(tor) // 2]
    print(
        f"python main.py -> window exposed: median {w * 1000:.0f} ms "
        f"(min {win[0] * 1000:.0f}, max {win[-1] * 1000:.0f})"
    )
    print(f"python -c 'import torch':         median {t * 1000:.0f} ms")
    print(f"window / import torch = {w / t:.2f}")
    print(f"goal <= {GOAL_S:.1f} s: {verdict(w <= GOAL_S)}")


if __name__ == "__main__":
    main()
