"""The trainer against an idiomatic hand-written PyTorch loop, and the 97% CLI runs.

Part 1, throughput: the same compiled network, data, optimizer (AdamW, the default
learning rate held constant), loss (cross-entropy with the same label smoothing), batch
size and epochs, each epoch followed by one pass over the validation set, timed end to
end from outside (the trainer's set-up included). The hand-written loop is what a
tutorial writes: a ``DataLoader`` over a ``TensorDataset`` (shuffled, dropping the last
partial batch, as the trainer does), ``AdamW(model.parameters())``, ``zero_grad()``,
``loss.item()`` each step. Where the trainer differs it does so to be faster or better,
never to do less: it gathers batches from the tensors with a seeded permutation (no
DataLoader), uses torch's fused AdamW kernel, keeps weight decay off biases, and also
counts the training accuracy and checks every loss for NaN.

Threads: the trainer chooses its own (for a small network without a window it times a
few steps on one thread and on all of them and keeps the faster); the goal compares it
with the hand loop at torch's default thread count, as a tutorial runs. The hand loop
at the trainer's thread count is reported as well. Each repeat runs trainer and hand
loop back to back, in alternating order (ABBA), and gives one ratio; the verdict uses
the median of those paired ratios, which cancels slow drifts of the machine's load.
CPU seconds (``time.process_time``) of the same runs are shown as a cross-check.
Goal: trainer / hand-written at torch's default threads ≥ 1.0 for every network.

Part 2, the issue's check: ``python main.py train SOURCE --dataset digits`` with the
default settings, for ``tiny-residual`` and ``lenet5``: validation accuracy ≥ 97% in
≤ 20 s wall time (the whole process: start-up, data, training).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import _common  # noqa: F401
import torch
import torch.nn.functional as F
from _common import ROOT, verdict
from torch.utils.data import DataLoader, TensorDataset

from engine.cli import load_source
from engine.compiler import compile_model
from engine.data import load_dataset
from engine.training import TrainConfig, Trainer

GOAL_RATIO = 1.0
GOAL_ACCURACY, GOAL_SECONDS = 0.97, 20.0
TINY = ROOT.parent / "shared" / "examples" / "tiny-residual.convas"
MODELS = {"tiny-residual": str(TINY), "lenet5": "lenet5"}


def hand_written_loop(model, data, config: TrainConfig) -> None:
    """What a tutorial writes: DataLoader, forward, loss, backward, step; then validate."""
    torch.manual_seed(config.seed)
    train = DataLoader(
        TensorDataset(data.train_x[:], data.train_y),
        batch_size=config.batch_size,
        shuffle=True,
        drop_last=True,
    )
    val = DataLoader(TensorDataset(data.val_x[:], data.val_y), batch_size=256)
    optimizer = torch.optim.AdamW(
        model.parameters(), lr=config.lr, weight_decay=config.weight_decay
    )
    for _ in range(config.epochs):
        model.train()
        running = 0.0
        for x, y in train:
            loss = F.cross_entropy(model(x), y, label_smoothing=config.label_smoothing)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            running += loss.item()
        model.eval()
        correct = 0
        with torch.no_grad():
            for x, y in val:
                correct += (model(x).argmax(1) == y).sum().item()


def trainer_loop(compiled, data, config: TrainConfig) -> int:
    """One run of the trainer as the command line runs it; the threads it chose."""
    threads = []

    def watch(event) -> None:
        if type(event).__name__ == "NoticeEvent" and "training on" in event.text:
            threads.append(torch.get_num_threads())

    finished = Trainer(compiled, data, config, watch).run()
    assert finished.status == "completed", finished.message
    return threads[0] if threads else torch.get_num_threads()


def throughput(name: str, source: str, epochs: int, repeats: int) -> float:
    """Print the paired comparison for one network; return the median paired ratio of the
    trainer against the hand loop at torch's default threads."""
    graph = load_source(source)
    compiled = compile_model(graph)
    data = load_dataset("digits", compiled.input_shape)
    config = TrainConfig(epochs=epochs, schedule="constant", warmup_epochs=0)
    default_threads = torch.get_num_threads()
    samples = epochs * (len(data.train_y) // config.batch_size) * config.batch_size
    wall: dict[str, list[float]] = {"trainer": [], "hand, default threads": []}
    cpu: dict[str, list[float]] = {k: [] for k in wall}
    chosen = []

    def timed(label, fn, n_threads=None):
        if n_threads is not None:
            torch.set_num_threads(n_threads)
        cpu0, start = time.process_time(), time.perf_counter()
        result = fn()
        wall.setdefault(label, []).append(time.perf_counter() - start)
        cpu.setdefault(label, []).append(time.process_time() - cpu0)
        torch.set_num_threads(default_threads)
        return result

    def trainer():
        compiled = compile_model(graph)  # built outside the timing, as for the hand loop
        chosen.append(timed("trainer", lambda: trainer_loop(compiled, data, config)))

    def hand(label="hand, default threads", n_threads=default_threads):
        model = compile_model(graph).module  # fresh weights, built outside the timing
        timed(label, lambda: hand_written_loop(model, data, config), n_threads)

    # first-call costs (allocator, kernels' set-up, the trainer's thread timing) first
    trainer_loop(compile_model(graph), data, config.replace(epochs=1))
    hand_written_loop(compile_model(graph).module, data, config.replace(epochs=1))
    for i in range(repeats):
        first, second = (trainer, hand) if i % 4 in (0, 3) else (hand, trainer)  # ABBA
        first()
        second()
        if chosen[-1] != default_threads:
            hand("hand, trainer's threads", chosen[-1])
    paired = [h / t for t, h in zip(wall["trainer"], wall["hand, default threads"])]
    cpu_paired = [h / t for t, h in zip(cpu["trainer"], cpu["hand, default threads"])]
    print(
        f"\n{name}: {epochs} epochs × {len(data.train_y)} images, batch {config.batch_size}, "
        f"{repeats} paired repeats; the trainer chose {sorted(set(chosen))} thread(s), "
        f"torch's default is {default_threads}"
    )
    for label, times in wall.items():
        rate = samples / statistics.median(times)
        print(
            f"  {label:>24}: {rate:9,.0f} samples/s  (median {statistics.median(times):.2f} s, "
            f"best {min(times):.2f} s, median CPU {statistics.median(cpu[label]):.2f} s)"
        )
    ratio = statistics.median(paired)
    print(
        f"  trainer / hand-written at torch's default {default_threads} threads: {ratio:.2f} "
        f"(median of paired ratios; range {min(paired):.2f}–{max(paired):.2f}; ratio of "
        f"bests {min(wall['hand, default threads']) / min(wall['trainer']):.2f}; CPU "
        f"seconds {statistics.median(cpu_paired):.2f})"
    )
    if "hand, trainer's threads" in wall:
        same = [h / t for t, h in zip(wall["trainer"], wall["hand, trainer's threads"])]
        print(f"  trainer / hand-written at the trainer's threads: {statistics.median(same):.2f}")
    return ratio


def cli_run(name: str, source: str) -> tuple[float, dict]:
    with tempfile.TemporaryDirectory() as data_dir:
        env = {**os.environ, "CONVAS_DATA_DIR": data_dir}
        start = time.perf_counter()
        proc = subprocess.run(
            [sys.executable, "main.py", "train", source, "--dataset", "digits", "--json"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
        )
        wall = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"{name}: exit {proc.returncode}: {proc.stderr.strip()}")
    return wall, json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeats", type=int, default=10, help="paired repeats per network")
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--cli-runs", type=int, default=1, help="CLI runs per model")
    args = parser.parse_args()
    if not Path(TINY).is_file():
        raise SystemExit(f"missing {TINY}")
    print(
        f"torch {torch.__version__}, {os.cpu_count()} cores, load average "
        f"{os.getloadavg()[0]:.1f} at the start"
    )
    ratios = [throughput(name, src, args.epochs, args.repeats) for name, src in MODELS.items()]
    print(
        f"\nthroughput goal trainer / hand at default threads ≥ {GOAL_RATIO}: "
        f"{verdict(min(ratios) >= GOAL_RATIO)} ({', '.join(f'{r:.2f}' for r in ratios)}); "
        f"load average {os.getloadavg()[0]:.1f}"
    )
    print("\nCLI, default settings (python main.py train SOURCE --dataset digits):")
    ok = True
    for name, source in MODELS.items():
        for _ in range(args.cli_runs):
            wall, result = cli_run(name, source)
            good = result["val_accuracy"] >= GOAL_ACCURACY and wall <= GOAL_SECONDS
            ok &= good
            print(
                f"  {name:>14}: val accuracy {result['val_accuracy']:.2%} after "
                f"{result['epochs']} epochs, wall {wall:.1f} s (training {result['seconds']:.1f} "
                f"s, {result['samples_per_second']:,.0f} samples/s)  {verdict(good)}"
            )
    print(f"goal ≥ {GOAL_ACCURACY:.0%} in ≤ {GOAL_SECONDS:.0f} s: {verdict(ok)}")


if __name__ == "__main__":
    main()
