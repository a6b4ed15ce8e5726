"""Training in the window vs on the command line, and the window's responsiveness meanwhile.

Goals: the window's training throughput (samples per second of training steps, as the
trainer reports it) is at least 0.95× the command line's, measured in the same run on
the same network and data, while a 5 ms timer in the window's event loop is late by
at most 16 ms at the 99th percentile (one frame at 60 Hz).

The command line runs as ``python main.py train … --json`` in a subprocess; the window
is the real main window (offscreen) with the training controller, its event loop
running while the trainer works in its thread. For context the same timer is also
measured with the window idle, and with the same trainer running in a bare thread and
no views at all (the floor that the interpreter's lock and the machine's load set).
Runs alternate; the figures are medians.

    python bench/bench_window_training.py [--preset digits_cnn] [--dataset digits]
                                           [--epochs 6] [--repeats 5]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import _common  # noqa: E402,F401  (puts the repo on sys.path)
from _common import ROOT, percentile, verdict  # noqa: E402

GOAL_RATIO = 0.95
GOAL_LATENESS_MS = 16.0
TICK_MS = 5


def command_line_rate(args, data_dir: str) -> float:
    """samples/s of one ``main.py train --json`` run in a fresh process."""
    env = dict(os.environ, CONVAS_DATA_DIR=data_dir)
    cmd = [
        sys.executable,
        str(ROOT / "main.py"),
        "train",
        args.preset,
        "--dataset",
        args.dataset,
        "--epochs",
        str(args.epochs),
        "--seed",
        "0",
        "--no-history",
        "--json",
    ]
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=900)
    if done.returncode != 0:
        raise SystemExit(f"command line failed ({done.returncode}): {done.stderr.strip()}")
    metrics = json.loads(done.stdout.strip().splitlines()[-1])
    return float(metrics["samples_per_second"])


class WindowBench:
    """The main window with the training controller, reused across runs."""

    def __init__(self, args):
        from PySide6.QtCore import Qt, QTimer
        from PySide6.QtWidgets import QApplication

        self.app = QApplication.instance() or QApplication(sys.argv[:1])
        from app.training import install_training
        from app.window import MainWindow
        from engine.presets import load_preset

        self.args = args
        self.window = MainWindow(autosave_ms=3_600_000)
        self.ctl = install_training(self.window)
        self.window.resize(1400, 900)
        self.window.show()
        self.window.document.replace(load_preset(args.preset))
        self.window.canvas.select_ids([self._probe_node()])  # live feature maps too
        self.ticks: list[float] = []
        self.timer = QTimer(interval=TICK_MS, timerType=Qt.TimerType.PreciseTimer)
        self.timer.timeout.connect(lambda: self.ticks.append(time.perf_counter()))

    def _probe_node(self) -> str:
        graph = self.window.document.graph
        return next((n for n in graph.nodes if graph.nodes[n].type == "Conv2d"), "input")

    def run(self, epochs: int) -> tuple[float, list[float]]:
        """(samples/s, timer lateness in seconds per tick) of one run in the window."""
        panel = self.ctl.panel
        panel.dataset.setCurrentIndex(panel.dataset.findData(self.args.dataset))
        panel.epochs.setValue(epochs)
        results = []
        self.ctl.runFinished.connect(results.append)
        lateness = self._ticking(self.ctl.train, lambda: bool(results))
        self.ctl.runFinished.disconnect()
        result = results[0]
        if result is None or result.status != "completed":
            raise SystemExit(f"window run failed: {result and result.message}")
        return float(result.metrics["samples_per_second"]), lateness

    def bare_thread(self, epochs: int) -> tuple[float, list[float]]:
        """The same training in a plain thread with no views: (samples/s, lateness)."""
        from engine.compiler import compile_model
        from engine.training import Trainer

        graph = self.ctl.snapshot  # what the window trained, with its settings
        config = self.ctl.panel.config()
        trainer = Trainer(
            compile_model(graph),
            self.ctl.bundle,
            config,
            lambda e: None,
            leave_one_core=True,
            graph=graph,
        )
        results = []
        worker = threading.Thread(target=lambda: results.append(trainer.run()))
        lateness = self._ticking(worker.start, lambda: bool(results))
        worker.join()
        return float(results[0].metrics["samples_per_second"]), lateness

    def idle_lateness(self, seconds: float) -> list[float]:
        """The same timer's lateness with nothing training (the machine's own noise)."""
        end = time.perf_counter() + seconds
        return self._ticking(lambda: None, lambda: time.perf_counter() > end)

    def _ticking(self, start, done) -> list[float]:
        """Run the event loop with the 5 ms timer from ``start()`` until ``done()``."""
        from PySide6.QtCore import QEventLoop, QTimer

        loop = QEventLoop()
        check = QTimer(interval=20)
        check.timeout.connect(lambda: loop.quit() if done() else None)
        self.ticks.clear()
        self.timer.start()
        check.start()
        start()
        loop.exec()
        self.timer.stop()
        check.stop()
        return [b - a - TICK_MS / 1000 for a, b in zip(self.ticks, self.ticks[1:])]

    def close(self) -> None:
        self.window.document.undo_stack.setClean()
        self.window.close()


def p99_ms(lateness: list[float]) -> float:
    return percentile(lateness, 99) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--preset", default="digits_cnn")
    parser.add_argument("--dataset", default="digits")
    parser.add_argument("--epochs", type=int, default=6)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as data_dir:
        os.environ["CONVAS_DATA_DIR"] = data_dir
        bench = WindowBench(args)
        bench.run(1)  # warm-up: torch import, first allocations
        cli, window, late, floor = [], [], [], []
        for i in range(args.repeats):
            cli.append(command_line_rate(args, data_dir))
            rate, lateness = bench.run(args.epochs)
            window.append(rate)
            late.append(p99_ms(lateness))
            bare_rate, bare = bench.bare_thread(args.epochs)
            floor.append(p99_ms(bare))
            print(
                f"run {i + 1}: command line {cli[-1]:,.0f} samples/s; window {rate:,.0f} "
                f"samples/s, timer late p99 {late[-1]:.1f} ms (max {max(lateness) * 1000:.1f} "
                f"ms); bare thread {bare_rate:,.0f} samples/s, timer late p99 {floor[-1]:.1f} ms",
                flush=True,
            )
        idle = p99_ms(bench.idle_lateness(3.0))
        bench.close()
    cli_rate, window_rate = statistics.median(cli), statistics.median(window)
    ratio, p99 = window_rate / cli_rate, statistics.median(late)
    print(f"{args.preset} on {args.dataset}, {args.epochs} epochs, medians of {args.repeats}:")
    print(
        f"command line {cli_rate:,.0f} samples/s; window {window_rate:,.0f} samples/s; "
        f"window / command line = {ratio:.3f}"
    )
    print(
        f"{TICK_MS} ms timer lateness while the window trains: p99 {p99:.1f} ms; with the "
        f"window idle {idle:.1f} ms; trainer in a bare thread, no views "
        f"{statistics.median(floor):.1f} ms; load average {os.getloadavg()[0]:.1f} on "
        f"{os.cpu_count()} cores"
    )
    print(f"goal ratio >= {GOAL_RATIO}: {verdict(ratio >= GOAL_RATIO)}")
    print(f"goal lateness p99 <= {GOAL_LATENESS_MS} ms: {verdict(p99 <= GOAL_LATENESS_MS)}")


if __name__ == "__main__":
    main()
