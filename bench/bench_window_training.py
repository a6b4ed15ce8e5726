"""Training in the window vs on the command line, and the window's responsiveness meanwhile.

Goals: the window's training throughput (samples per second of training steps, as the
trainer reports it) is at least 0.95× the command line's, measured in the same run on
the same network and data, while a 5 ms timer in the window's event loop is late by
at most 16 ms at the 99th percentile (one frame at 60 Hz).

The command line runs as ``python main.py train … --json`` in a subprocess; the window
is the real main window (offscreen) with the training controller, its event loop
running while the trainer works in its child process
(:class:`engine.training.remote.ProcessTrainer`). For context the same timer is also
measured with the window idle; ``--thread`` also runs the trainer the way the window
ran it before (in a thread of the window's own process, no views), where every wake-up
of the event loop takes the interpreter's lock from the training thread.

Fairness: both use the trainer's thread policy (one core left to the GUI in the window;
the small network uses one thread on the command line too, which the "training on …"
notice confirms). Each repeat runs the command line and the window back to back, in
alternating order (ABBA), and gives one ratio; the verdict uses the median of those
paired ratios, which cancels slow drifts of the machine's load; a bootstrap interval
of that median says how far the machine's noise leaves it uncertain (on these shared
2-core machines one 5-second run of the same command varies by ±20 %). The GUI
thread's CPU use is shown.

    python bench/bench_window_training.py [--preset digits_cnn] [--dataset digits]
                                           [--epochs 20] [--repeats 12] [--thread]
"""

from __future__ import annotations

import argparse
import json
import os
import random
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
        self.gui_cpu = 0.0  # the GUI thread's CPU share during the last _ticking
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

    def in_thread(self, epochs: int) -> tuple[float, list[float]]:
        """The same training in a thread of this process, no views: (samples/s, lateness)."""
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
        cpu0, wall0 = time.thread_time(), time.perf_counter()
        start()
        loop.exec()
        self.gui_cpu = (time.thread_time() - cpu0) / (time.perf_counter() - wall0)
        self.timer.stop()
        check.stop()
        return [b - a - TICK_MS / 1000 for a, b in zip(self.ticks, self.ticks[1:])]

    def close(self) -> None:
        self.window.document.undo_stack.setClean()
        self.window.close()


def p99_ms(lateness: list[float]) -> float:
    return percentile(lateness, 99) * 1000


def median_interval(ratios: list[float], rounds: int = 2000) -> tuple[float, float]:
    """A 90 % bootstrap interval of the median of ``ratios`` (seeded: same data, same text)."""
    rng = random.Random(0)
    medians = sorted(statistics.median(rng.choices(ratios, k=len(ratios))) for _ in range(rounds))
    return medians[int(0.05 * rounds)], medians[int(0.95 * rounds) - 1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--preset", default="digits_cnn")
    parser.add_argument("--dataset", default="digits")
    parser.add_argument("--epochs", type=int, default=20)
    parser.add_argument("--repeats", type=int, default=12)
    parser.add_argument(
        "--thread",
        action="store_true",
        help="also train in a thread of the window's process (how the window trained before)",
    )
    args = parser.parse_args()
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores at the start")
    with tempfile.TemporaryDirectory() as data_dir:
        os.environ["CONVAS_DATA_DIR"] = data_dir
        bench = WindowBench(args)
        bench.run(1)  # warm-up: the trainer's process server, first allocations
        command_line_rate(args, data_dir)  # warm-up: the page cache for a fresh process
        cli, window, paired, late, gui, threaded, threaded_late = [], [], [], [], [], [], []
        for i in range(args.repeats):
            window_first = i % 4 in (1, 2)  # ABBA
            if not window_first:
                cli.append(command_line_rate(args, data_dir))
            rate, lateness = bench.run(args.epochs)
            window.append(rate)
            gui.append(bench.gui_cpu)
            if window_first:
                cli.append(command_line_rate(args, data_dir))
            paired.append(window[-1] / cli[-1])
            late.append(p99_ms(lateness))
            line = (
                f"run {i + 1}: command line {cli[-1]:,.0f} samples/s; window {rate:,.0f} "
                f"samples/s (ratio {paired[-1]:.2f}), timer late p99 {late[-1]:.1f} ms (max "
                f"{max(lateness) * 1000:.1f} ms), GUI thread {gui[-1]:.0%} of a core"
            )
            if args.thread:
                thread_rate, thread_lateness = bench.in_thread(args.epochs)
                threaded.append(thread_rate / cli[-1])
                threaded_late.append(p99_ms(thread_lateness))
                line += (
                    f"; in a thread of the window's process {thread_rate:,.0f} samples/s "
                    f"(ratio {threaded[-1]:.2f}), timer late p99 {threaded_late[-1]:.1f} ms"
                )
            print(line, flush=True)
        idle = p99_ms(bench.idle_lateness(3.0))
        bench.close()
    cli_rate, window_rate = statistics.median(cli), statistics.median(window)
    ratio, p99 = statistics.median(paired), statistics.median(late)
    low, high = median_interval(paired)
    print(f"{args.preset} on {args.dataset}, {args.epochs} epochs, {args.repeats} pairs:")
    print(
        f"command line {cli_rate:,.0f} samples/s, window {window_rate:,.0f} samples/s "
        f"(medians; ratio of medians {window_rate / cli_rate:.3f}); window / command line = "
        f"{ratio:.3f} (median of paired ratios; 90 % bootstrap interval {low:.2f}–{high:.2f}, "
        f"range {min(paired):.2f}–{max(paired):.2f}); the GUI thread used "
        f"{statistics.median(gui):.0%} of a core"
    )
    if threaded:
        low, high = median_interval(threaded)
        print(
            f"for comparison, in a thread of the window's process (no views) / command line "
            f"= {statistics.median(threaded):.3f} (interval {low:.2f}–{high:.2f}), timer late "
            f"p99 {statistics.median(threaded_late):.1f} ms"
        )
    print(
        f"{TICK_MS} ms timer lateness while the window trains: p99 {p99:.1f} ms; with the "
        f"window idle {idle:.1f} ms; load average {os.getloadavg()[0]:.1f} on "
        f"{os.cpu_count()} cores"
    )
    print(f"goal ratio >= {GOAL_RATIO}: {verdict(ratio >= GOAL_RATIO)}")
    print(f"goal lateness p99 <= {GOAL_LATENESS_MS} ms: {verdict(p99 <= GOAL_LATENESS_MS)}")


if __name__ == "__main__":
    main()
