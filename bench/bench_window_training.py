"""Training in the window vs on the command line, and the window's responsiveness meanwhile.

Goals: one click on Train in the window, default settings, trains lenet5 and
tiny-residual on digits to ≥ 97 % validation accuracy in ≤ 20 s (data included); the
window's training throughput (samples per second of training steps, as the trainer
reports it) is at least 0.95× the command line's, measured in the same run on the
same network and data, while a 5 ms timer in the window's event loop is late by
at most 16 ms at the 99th percentile (one frame at 60 Hz).

The window is the real main window (offscreen) with the training controller, its
event loop running while the trainer works in its child process
(:class:`engine.training.remote.ProcessTrainer`), plots and feature maps live.

The command line's training is measured two ways:

- **the verdict**: ``python main.py train … --json`` itself in a subprocess, alternating
  with window runs (ABBA pairs), one ratio per pair; the figure is the median of the
  ratios, with a bootstrap 90 % interval. On these shared 2-core machines the speed of
  one and the same run drifts by ±20 % within seconds and each command-line run first
  spends 3 s importing torch, so it takes many pairs (20 by default) to narrow it.
- **the window's own cost**: the command line's trainer (the same ``Trainer``, settings
  and data in the main thread of a process with no window: a ProcessTrainer child
  started while this process's event loop is stopped, ``leave_one_core`` off as in
  ``main.py train``) run back to back with the window, nothing in between.

Both sides use the trainer's thread policy (the small network uses one thread, which
the "training on …" notice confirms). The GUI thread's CPU use and a 5 ms timer's
lateness in the window's event loop are shown; ``--thread`` also runs the trainer the
way the window ran it before (in a thread of the window's own process, no views).

    python bench/bench_window_training.py [--preset digits_cnn] [--dataset digits]
                                           [--epochs 10] [--pairs 8] [--cli-pairs 60] [--thread]
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
GOAL_ACCURACY, GOAL_SECONDS = 0.97, 20.0
TICK_MS = 5
TINY = ROOT.parent / "shared" / "examples" / "tiny-residual.convas"


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
        self.ctl = install_training(self.window, self.window.document)
        self.window.resize(1400, 900)
        self.window.show()
        self.window.document.replace(load_preset(args.preset))
        self.window.canvas.select_ids([self._probe_node()])  # live feature maps too
        self.ticks: list[float] = []
        self.gui_cpu = 0.0  # the GUI thread's CPU share during the last _ticking
        self.timer = QTimer(interval=TICK_MS, timerType=Qt.TimerType.PreciseTimer)
        self.timer.timeout.connect(lambda: self.ticks.append(time.perf_counter()))

    def one_click(self, source: str) -> tuple[float, float, int]:
        """Open ``source`` (a preset or a file), press Train with the default settings on
        digits; (validation accuracy, seconds from the click to the end with the data's
        loading, epochs)."""
        from engine.fileformat import load
        from engine.presets import load_preset

        graph = load(source) if source.endswith(".convas") else load_preset(source)
        self.window.document.replace(graph)
        panel = self.ctl.panel
        panel.dataset.setCurrentIndex(panel.dataset.findData("digits"))
        results = []
        self.ctl.runFinished.connect(results.append)
        clicked = time.perf_counter()
        self._ticking(panel.train_button.click, lambda: bool(results))
        seconds = time.perf_counter() - clicked
        self.ctl.runFinished.disconnect()
        result = results[0]
        if result is None or result.status != "completed":
            raise SystemExit(f"window run of {source} failed: {result and result.message}")
        return result.metrics["val_accuracy"], seconds, result.metrics["epochs"]

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

    def reference(self) -> float:
        """The command line's trainer on the window's last run's graph, data and settings,
        in a process with no window (this one's event loop is not running meanwhile)."""
        from engine.compiler import compile_model
        from engine.training.remote import ProcessTrainer

        graph = self.ctl.snapshot
        trainer = ProcessTrainer(
            compile_model(graph),
            self.ctl.bundle,
            self.ctl.panel.config(),
            lambda e: None,
            graph=graph,
            leave_one_core=False,
        )
        result = trainer.run()
        if result.status != "completed":
            raise SystemExit(f"reference run failed: {result.message}")
        return float(result.metrics["samples_per_second"])

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


def interval_text(ratios: list[float]) -> str:
    low, high = median_interval(ratios)
    return (
        f"{statistics.median(ratios):.3f} (median of {len(ratios)} paired ratios; 90 % "
        f"bootstrap interval {low:.2f}–{high:.2f}, range {min(ratios):.2f}–{max(ratios):.2f})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--preset", default="digits_cnn")
    parser.add_argument("--dataset", default="digits")
    parser.add_argument("--epochs", type=int, default=10)
    parser.add_argument("--pairs", type=int, default=8)
    parser.add_argument("--cli-pairs", type=int, default=60)
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
        clicks = []
        for source in ("lenet5", str(TINY)):  # first: the panel still has its defaults
            accuracy, seconds, epochs = bench.one_click(source)
            clicks.append(accuracy >= GOAL_ACCURACY and seconds <= GOAL_SECONDS)
            print(
                f"one click, default settings, {os.path.basename(source)} on digits: "
                f"{accuracy:.2%} validation accuracy after {epochs} epochs, {seconds:.1f} s "
                f"from the click (data loading included)",
                flush=True,
            )
        from engine.presets import load_preset

        bench.window.document.replace(load_preset(args.preset))
        bench.window.canvas.select_ids([bench._probe_node()])
        bench.run(1)  # warm-up: the trainer's process server, first allocations
        window, reference, paired, late, gui, threaded = [], [], [], [], [], []
        for i in range(args.pairs):
            window_first = i % 4 in (1, 2)  # ABBA
            if not window_first:
                reference.append(bench.reference())
            rate, lateness = bench.run(args.epochs)
            window.append(rate)
            gui.append(bench.gui_cpu)
            late.append(p99_ms(lateness))
            if window_first:
                reference.append(bench.reference())
            paired.append(window[-1] / reference[-1])
            line = (
                f"pair {i + 1}: command line's trainer {reference[-1]:,.0f} samples/s; window "
                f"{rate:,.0f} samples/s (ratio {paired[-1]:.2f}), timer late p99 "
                f"{late[-1]:.1f} ms (max {max(lateness) * 1000:.1f} ms), GUI thread "
                f"{gui[-1]:.0%} of a core"
            )
            if args.thread:
                thread_rate, _ = bench.in_thread(args.epochs)
                threaded.append(thread_rate / reference[-1])
                line += f"; in a thread of the window's process {thread_rate:,.0f} samples/s"
            print(line, flush=True)
        command_line_rate(args, data_dir)  # warm-up: the page cache for a fresh process
        cli, cli_window, cli_paired = [], [], []
        for i in range(args.cli_pairs):
            window_first = i % 4 in (1, 2)
            if not window_first:
                cli.append(command_line_rate(args, data_dir))
            rate, lateness = bench.run(args.epochs)
            cli_window.append(rate)
            late.append(p99_ms(lateness))
            if window_first:
                cli.append(command_line_rate(args, data_dir))
            cli_paired.append(cli_window[-1] / cli[-1])
            print(
                f"command line pair {i + 1}: python main.py train {cli[-1]:,.0f} samples/s; "
                f"window {rate:,.0f} samples/s (ratio {cli_paired[-1]:.2f}), timer late p99 "
                f"{late[-1]:.1f} ms",
                flush=True,
            )
        idle = p99_ms(bench.idle_lateness(3.0))
        bench.close()
    ratio, p99 = statistics.median(cli_paired), statistics.median(late)
    print(f"{args.preset} on {args.dataset}, {args.epochs} epochs a run:")
    print(
        f"python main.py train {statistics.median(cli):,.0f} samples/s, the window "
        f"{statistics.median(cli_window):,.0f} samples/s (medians); window / command line "
        f"= {interval_text(cli_paired)}"
    )
    if paired:  # --pairs 0 skips this comparison
        print(
            f"the window's own cost: the command line's trainer with no window "
            f"{statistics.median(reference):,.0f} samples/s, the window "
            f"{statistics.median(window):,.0f} samples/s; window / no window = "
            f"{interval_text(paired)}; the GUI thread used {statistics.median(gui):.0%} of a "
            f"core"
        )
    if threaded:
        print(f"in a thread of the window's process / command line = {interval_text(threaded)}")
    print(
        f"{TICK_MS} ms timer lateness while the window trains: p99 {p99:.1f} ms; with the "
        f"window idle {idle:.1f} ms; load average {os.getloadavg()[0]:.1f} on "
        f"{os.cpu_count()} cores"
    )
    print(
        f"goal one click >= {GOAL_ACCURACY:.0%} in <= {GOAL_SECONDS:.0f} s: {verdict(all(clicks))}"
    )
    print(f"goal ratio >= {GOAL_RATIO}: {verdict(ratio >= GOAL_RATIO)}")
    print(f"goal lateness p99 <= {GOAL_LATENESS_MS} ms: {verdict(p99 <= GOAL_LATENESS_MS)}")


if __name__ == "__main__":
    main()
