"""Real folders at real size: 12,000 JPEGs of 256×256 into a 3×224×224 network.

Everything runs as a user would: ``python main.py train NET --dataset FOLDER --epochs 1
--json`` in a subprocess with a fresh user data folder, while this script samples the
resident memory of the whole process tree (the command and every process it starts)
every 50 ms.

1. **The command line, default settings** (Convas chooses where the images go): wall
   time of the whole command (decoding every file included) and of the epoch, peak
   resident memory of the tree. Goals: ≤ 3 GB, one epoch ≤ 240 s.
2. **Streamed vs held in memory**: the same cached folder trained from memory (the
   default here) and from the disk cache (``CONVAS_DATA_MEMORY_MB=0``), in alternating
   order; the trainer's samples/s of each (its training steps only). Goal: streamed ≥
   0.9× in memory.
3. **Memory does not grow with the number of images**: the streamed path on 12,000 and
   on 100,000 images (the 12,000 files hard-linked over and over: every file is decoded),
   each stopped with Ctrl-C after some training; peak resident memory of the tree.
   Goal: 100,000 within 10% of 12,000.

4. **Huge images decoded at reduced size**: 8 PNGs of 13,000×13,000 (RGB) in two
   classes loaded for a 3×224×224 Input; peak resident memory of the loading process,
   against decoding them at full size in 8 threads and resizing after (what Convas did
   before). Goal: under half the baseline.

The images are made once into ``--workdir`` (random smooth colour fields, the class in
the tint) and kept for the next run.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import _common  # noqa: F401
import numpy as np
from _common import ROOT, verdict

GOAL_RSS, GOAL_EPOCH_S, GOAL_STREAM, GOAL_GROWTH = 3 * 1024**3, 240.0, 0.9, 1.10
HUGE_SIDE = 13_000
#: The loading in part 4, as Convas does it and as a full-size decode in 8 threads.
LOAD_CONVAS = (
    "import sys, resource; from engine.data import load_dataset\n"
    "b = load_dataset(sys.argv[1], (3, 224, 224))\n"
    "print(len(b.train_y) + len(b.val_y), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)\n"
)
LOAD_FULL_SIZE = (
    "import sys, resource, glob\n"
    "from concurrent.futures import ThreadPoolExecutor\n"
    "from PIL import Image\n"
    "import numpy as np\n"
    "Image.MAX_IMAGE_PIXELS = None\n"
    "def decode(path):\n"
    "    with Image.open(path) as img:\n"
    "        img.load()\n"
    "        return np.asarray(img.convert('RGB').resize((224, 224), Image.Resampling.BILINEAR))\n"
    "files = sorted(glob.glob(sys.argv[1] + '/*/*.png'))\n"
    "with ThreadPoolExecutor(8) as pool: out = list(pool.map(decode, files))\n"
    "print(len(out), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)\n"
)


def make_images(folder: Path, count: int, size: int = 256) -> Path:
    """``count`` JPEGs in two class folders (kept between runs)."""
    from PIL import Image

    done = folder / f".complete-{count}"
    if done.is_file():
        return folder
    rng = np.random.default_rng(0)
    for i in range(count):
        label = i % 2
        (folder / f"class{label}").mkdir(parents=True, exist_ok=True)
        field = rng.integers(0, 256, (16, 16, 3), dtype=np.uint8)
        image = Image.fromarray(field).resize((size, size), Image.Resampling.BICUBIC)
        pixels = np.asarray(image).astype(np.int16)
        pixels[..., 2 * label] += 40  # class 0 redder, class 1 bluer
        image = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8))
        image.save(folder / f"class{label}" / f"{i:06d}.jpg", quality=90)
    done.touch()
    return folder


def linked_copy(source: Path, target: Path, count: int) -> Path:
    """``count`` files that are hard links to ``source``'s (no extra disk space)."""
    done = target / f".complete-{count}"
    if done.is_file():
        return target
    files = sorted(source.glob("class*/*.jpg"))
    for i in range(count):
        original = files[i % len(files)]
        link = target / original.parent.name / f"{i:06d}.jpg"
        link.parent.mkdir(parents=True, exist_ok=True)
        if not link.exists():
            os.link(original, link)
    done.touch()
    return target


def network(path: Path) -> Path:
    """A small CNN for 3×224×224: a strided 7×7 stem, two 3×3 stages, a linear head."""
    from engine import fileformat
    from engine.graph import Edge, Graph, Node

    layers = [
        ("stem", "Conv2d", {"out_channels": 16, "kernel_size": 7, "stride": 4, "padding": 3}),
        ("bn1", "BatchNorm2d", {}),
        ("relu1", "ReLU", {}),
        ("pool1", "MaxPool2d", {}),
        ("conv2", "Conv2d", {"out_channels": 32, "kernel_size": 3, "padding": 1}),
        ("bn2", "BatchNorm2d", {}),
        ("relu2", "ReLU", {}),
        ("pool2", "MaxPool2d", {}),
        ("conv3", "Conv2d", {"out_channels": 64, "kernel_size": 3, "padding": 1}),
        ("relu3", "ReLU", {}),
        ("gap", "AdaptiveAvgPool2d", {}),
        ("flat", "Flatten", {}),
        ("head", "Linear", {"out_features": 2}),
    ]
    nodes = [Node("input", "Input", {"channels": 3, "height": 224, "width": 224})]
    nodes += [Node(i, t, p) for i, t, p in layers] + [Node("output", "Output")]
    ids = [n.id for n in nodes]
    fileformat.save(Graph("small-224", nodes, [Edge(a, b) for a, b in zip(ids, ids[1:])]), path)
    return path


# --------------------------------------------------------------------------- measuring


def tree_rss(root: int) -> int:
    """Resident bytes of ``root`` and all its descendants, now."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", encoding="ascii") as f:
                    parent = int(f.read().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            children.setdefault(parent, []).append(int(entry))
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        stack.extend(children.get(pid, []))
        try:
            with open(f"/proc/{pid}/status", encoding="ascii") as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1]) * 1024
        except OSError:
            continue
    return total


def run_train(net: Path, folder: Path, data_dir: Path, env_extra=None, stop_after=None):
    """Run the command; returns (wall s, peak tree RSS, the JSON result, stderr lines)."""
    env = {**os.environ, "CONVAS_DATA_DIR": str(data_dir), **(env_extra or {})}
    command = [sys.executable, "main.py", "train", str(net), "--dataset", str(folder)]
    command += ["--epochs", "1", "--json", "--no-history"]
    start = time.perf_counter()
    proc = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    peak, lines, trained_at = 0, [], []

    def read_stderr():
        for line in proc.stderr:
            lines.append(line.rstrip())
            if "training on" in line:
                trained_at.append(time.perf_counter())

    reader = threading.Thread(target=read_stderr, daemon=True)
    reader.start()
    interrupted = False
    while proc.poll() is None:
        peak = max(peak, tree_rss(proc.pid))
        if stop_after and trained_at and not interrupted:
            if time.perf_counter() - trained_at[0] > stop_after:
                proc.send_signal(signal.SIGINT)
                interrupted = True
        time.sleep(0.05)
    out = proc.stdout.read()
    reader.join(5)
    wall = time.perf_counter() - start
    result = json.loads(out.strip().splitlines()[-1]) if out.strip() else {}
    if proc.returncode not in (0, 130):
        raise SystemExit(f"exit {proc.returncode}: " + "\n".join(lines[-5:]))
    return wall, peak, result, lines


def data_note(lines: list[str]) -> str:
    return next((line.split("note: ", 1)[1] for line in lines if "Data:" in line), "?")


def gb(nbytes: int) -> str:
    return f"{nbytes / 1024**3:.2f} GB"


# --------------------------------------------------------------------------- the parts


def part_default(net, folder, work) -> bool:
    with tempfile.TemporaryDirectory(dir=work) as data_dir:
        wall, peak, result, lines = run_train(net, folder, Path(data_dir))
    ok = peak <= GOAL_RSS and wall <= GOAL_EPOCH_S
    print(
        f"\n1. command line, default settings: {data_note(lines)}\n"
        f"   whole command {wall:.1f} s (decoding 12,000 files included), training "
        f"{result.get('seconds', 0):.1f} s at {result.get('samples_per_second', 0):,.0f} "
        f"samples/s, val accuracy {result.get('val_accuracy', 0):.1%}\n"
        f"   peak resident memory of the process tree {gb(peak)}  "
        f"{verdict(ok)} (goal ≤ {gb(GOAL_RSS)}, ≤ {GOAL_EPOCH_S:.0f} s)"
    )
    return ok


def part_stream(net, folder, work, pairs: int) -> bool:
    rates: dict[str, list[float]] = {"memory": [], "disk": []}
    with tempfile.TemporaryDirectory(dir=work) as data_dir:
        run_train(net, folder, Path(data_dir))  # decodes once into the cache
        for i in range(pairs):
            order = ("memory", "disk") if i % 2 == 0 else ("disk", "memory")
            for kind in order:
                extra = {"CONVAS_DATA_MEMORY_MB": "0"} if kind == "disk" else {}
                _wall, peak, result, lines = run_train(net, folder, Path(data_dir), extra)
                rates[kind].append(result["samples_per_second"])
                print(
                    f"   {kind:>6}: {result['samples_per_second']:,.0f} samples/s, "
                    f"peak {gb(peak)}; {data_note(lines)}"
                )
    ratios = [d / m for m, d in zip(rates["memory"], rates["disk"])]
    ratio = statistics.median(ratios)
    ok = ratio >= GOAL_STREAM
    print(
        f"2. streamed / in memory: {ratio:.3f} (pairs {', '.join(f'{r:.3f}' for r in ratios)})"
        f"  {verdict(ok)} (goal ≥ {GOAL_STREAM})"
    )
    return ok


def part_growth(net, small, big, work, train_s: float) -> bool:
    peaks = {}
    for name, folder in (("12,000", small), ("100,000", big)):
        with tempfile.TemporaryDirectory(dir=work) as data_dir:
            wall, peak, _result, lines = run_train(
                net, folder, Path(data_dir), {"CONVAS_DATA_MEMORY_MB": "0"}, stop_after=train_s
            )
        peaks[name] = peak
        print(f"   {name:>7} images: peak {gb(peak)} over {wall:.0f} s; {data_note(lines)}")
    growth = peaks["100,000"] / peaks["12,000"]
    ok = growth <= GOAL_GROWTH
    print(
        f"3. streamed, 100,000 / 12,000 images: peak memory ×{growth:.3f}  {verdict(ok)} "
        f"(goal ≤ ×{GOAL_GROWTH})"
    )
    return ok


def huge_pngs(folder: Path, count: int = 8) -> Path:
    """``count`` smooth RGB PNGs of 13,000×13,000 in two class folders (kept)."""
    from PIL import Image

    done = folder / f".complete-{count}"
    if done.is_file():
        return folder
    Image.MAX_IMAGE_PIXELS = None
    for i in range(count):
        (folder / f"class{i % 2}").mkdir(parents=True, exist_ok=True)
        ramps = [Image.linear_gradient("L").rotate(90 * ((i + k) % 4)) for k in range(3)]
        small = Image.merge("RGB", ramps)
        small.resize((HUGE_SIDE, HUGE_SIDE)).save(
            folder / f"class{i % 2}" / f"{i}.png", compress_level=1
        )
    done.touch()
    return folder


def part_huge(work: Path) -> bool:
    folder = huge_pngs(work / "huge-pngs")
    peaks = {}
    for name, script in (("Convas", LOAD_CONVAS), ("full size, 8 threads", LOAD_FULL_SIZE)):
        with tempfile.TemporaryDirectory(dir=work) as data_dir:
            env = {**os.environ, "CONVAS_DATA_DIR": data_dir}
            start = time.perf_counter()
            out = subprocess.run(
                [sys.executable, "-c", script, str(folder)],
                cwd=ROOT,
                env=env,
                capture_output=True,
                text=True,
            )
            if out.returncode != 0:
                raise SystemExit(out.stderr[-2000:])
            count, kib = out.stdout.split()
            peaks[name] = int(kib) * 1024
            print(
                f"   {name:>20}: {count} images, peak {gb(peaks[name])}, "
                f"{time.perf_counter() - start:.0f} s"
            )
    ratio = peaks["Convas"] / peaks["full size, 8 threads"]
    ok = ratio <= 0.5
    print(
        f"4. 8 PNGs of {HUGE_SIDE:,}×{HUGE_SIDE:,} into 3×224×224: peak memory ×{ratio:.2f} "
        f"of a full-size decode  {verdict(ok)} (goal ≤ ×0.5)"
    )
    return ok


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--workdir", default=str(Path(tempfile.gettempdir()) / "convas-bench-data"))
    parser.add_argument("--images", type=int, default=12_000)
    parser.add_argument("--big", type=int, default=100_000)
    parser.add_argument("--pairs", type=int, default=2, help="memory/disk pairs in part 2")
    parser.add_argument(
        "--train-seconds", type=float, default=30.0, help="training before Ctrl-C in part 3"
    )
    parser.add_argument("--parts", default="1234")
    args = parser.parse_args()
    work = Path(args.workdir)
    work.mkdir(parents=True, exist_ok=True)
    print(f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the start")
    small = make_images(work / f"jpegs-{args.images}", args.images)
    net = network(work / "small-224.convas")
    ok = True
    if "1" in args.parts:
        ok &= part_default(net, small, work)
    if "2" in args.parts:
        ok &= part_stream(net, small, work, args.pairs)
    if "3" in args.parts:
        big = linked_copy(small, work / f"jpegs-{args.big}", args.big)
        ok &= part_growth(net, small, big, work, args.train_seconds)
    if "4" in args.parts:
        ok &= part_huge(work)
    print(f"\nall goals: {verdict(ok)}; load average {os.getloadavg()[0]:.1f} at the end")


if __name__ == "__main__":
    main()
