"""The memory guard: how much memory a network needs, before anything is allocated.

From the shape analysis alone (no torch), :func:`training_need` adds up what training
holds at its peak: the weights, their gradients, the optimiser's state (two tensors per
weight for Adam and AdamW, one for SGD with momentum) and one batch's activations (every
node's output, kept for the backward pass; a composite block keeps several of its inner
layers' outputs, counted as four of its output). :func:`export_need` is the weights and
one sample's activations. Frozen blocks (``trainable`` false) have no gradients or
optimiser state.

:func:`available_bytes` is the memory the system can give now (Linux: ``MemAvailable``,
within a container's cgroup limit; elsewhere what the system reports), or the
``CONVAS_MEMORY_LIMIT`` environment variable (``8G``, ``512M``, or bytes) where set.
The command line refuses a network that needs more, with the figure; the window asks.

An estimate, not a measurement: it leaves out the data set and the framework's own
overhead, so a network just under the limit may still run out of memory (the trainer
then says so in one line). It never allocates, so a 10^12-parameter graph is refused in
a millisecond instead of trying to allocate 4 TB.
"""

from __future__ import annotations

import math
import os
import re
import sys
from dataclasses import dataclass

from engine.analysis import Analysis
from engine.graph import Graph
from engine.i18n import _
from engine.registry import get_spec

FLOAT_BYTES = 4
#: A composite block keeps about this many tensors the size of its output for backward.
COMPOSITE_ACTIVATIONS = 4
TRAINING, EXPORT = "training", "export"


@dataclass(frozen=True)
class MemoryNeed:
    """What a network needs, in bytes, part by part."""

    purpose: str  # TRAINING or EXPORT
    parameters: int
    weights: int
    gradients: int
    optimizer: int
    activations: int
    batch: int

    @property
    def total(self) -> int:
        return self.weights + self.gradients + self.optimizer + self.activations

    def parts(self) -> str:
        """``weights 4.4 TB, gradients 4.4 TB, …`` in the user's language."""
        parts = [_("weights {size}", size=human_bytes(self.weights))]
        if self.gradients:
            parts.append(_("gradients {size}", size=human_bytes(self.gradients)))
        if self.optimizer:
            parts.append(_("optimiser state {size}", size=human_bytes(self.optimizer)))
        parts.append(
            _(
                "activations {size} (batch of {batch})",
                batch=self.batch,
                size=human_bytes(self.activations),
            )
        )
        return ", ".join(parts)


def training_need(graph: Graph, analysis: Analysis, config) -> MemoryNeed:
    """Training ``graph`` with ``config`` (a TrainConfig): the peak, estimated."""
    total, trainable = _parameter_counts(graph, analysis)
    per_weight = {"adam": 2, "adamw": 2}.get(config.optimizer, 1 if config.momentum > 0 else 0)
    batch = int(config.batch_size)
    return MemoryNeed(
        TRAINING,
        total,
        total * FLOAT_BYTES,
        trainable * FLOAT_BYTES,
        per_weight * trainable * FLOAT_BYTES,
        batch * activation_elements(graph, analysis) * FLOAT_BYTES,
        batch,
    )


def export_need(graph: Graph, analysis: Analysis) -> MemoryNeed:
    """Building the model and running one sample through it (ONNX traces one)."""
    total, _trainable = _parameter_counts(graph, analysis)
    activations = activation_elements(graph, analysis) * FLOAT_BYTES
    return MemoryNeed(EXPORT, total, total * FLOAT_BYTES, 0, 0, activations, 1)


def activation_elements(graph: Graph, analysis: Analysis) -> int:
    """Numbers in every node's output for one sample (composites count several)."""
    count = 0
    for node_id, info in analysis.nodes.items():
        if info.shape is None:
            continue
        spec = get_spec(graph.nodes[node_id].type)
        factor = COMPOSITE_ACTIVATIONS if spec is not None and spec.composite else 1
        count += factor * math.prod(info.shape)
    return count


def _parameter_counts(graph: Graph, analysis: Analysis) -> tuple[int, int]:
    total = trainable = 0
    for node_id, info in analysis.nodes.items():
        total += info.params
        node = graph.nodes.get(node_id)
        if node is None or node.trainable:
            trainable += info.params
    return total, trainable


def refusal(need: MemoryNeed, available: int | None) -> str | None:
    """Why ``need`` can't be met with ``available`` bytes (one line), or None if it fits."""
    if available is None or need.total <= available:
        return None
    values = {
        "need": human_bytes(need.total),
        "parts": need.parts(),
        "have": human_bytes(available),
    }
    if need.purpose == TRAINING:
        return _(
            "training needs about {need} of memory ({parts}), but {have} is available: "
            "use a smaller batch size, a smaller Input or fewer channels",
            **values,
        )
    return _(
        "exporting needs about {need} of memory ({parts}), but {have} is available: "
        "use a smaller Input or fewer channels",
        **values,
    )


# --------------------------------------------------------------------------- the system


def limit_override() -> int | None:
    """``CONVAS_MEMORY_LIMIT`` in bytes, when set (it replaces every measured figure)."""
    text = os.environ.get("CONVAS_MEMORY_LIMIT", "").strip()
    return parse_size(text) if text else None


def available_bytes() -> int | None:
    """Memory this process can use now, in bytes (None when the system won't say)."""
    override = limit_override()
    if override is not None:
        return override
    found = [v for v in (_meminfo_available(), _cgroup_room(), _other_systems()) if v]
    return min(found) if found else None


def parse_size(text: str) -> int | None:
    """``8G``, ``512MB``, ``1.5GiB``, ``1000000`` → bytes (None when unreadable).

    ``k``, ``M``, ``G``, ``T`` are powers of 1000 as :func:`human_bytes` prints them;
    ``Ki``, ``Mi``, ``Gi``, ``Ti`` powers of 1024.
    """
    match = re.fullmatch(r"\s*([0-9]*\.?[0-9]+)\s*([KMGT]?)(i?)B?\s*", text, re.IGNORECASE)
    if not match:
        return None
    base = 1024 if match.group(3) else 1000
    scale = base ** " KMGT".index(match.group(2).upper() or " ")
    return int(float(match.group(1)) * scale)


def human_bytes(n: float) -> str:
    """``4.4 TB``, ``130 MB``, ``512 bytes`` (powers of 1000, as disks are sold)."""
    for unit, size in (("PB", 1e15), ("TB", 1e12), ("GB", 1e9), ("MB", 1e6), ("kB", 1e3)):
        if n >= size:
            return f"{n / size:.3g} {unit}"
    return f"{int(n)} bytes"


def _meminfo_available() -> int | None:
    try:
        with open("/proc/meminfo", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return None


def _cgroup_room() -> int | None:
    """A container's memory limit minus what it uses (cgroup v2, then v1)."""
    for limit_file, usage_file in (
        ("/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory.current"),
        (
            "/sys/fs/cgroup/memory/memory.limit_in_bytes",
            "/sys/fs/cgroup/memory/memory.usage_in_bytes",
        ),
    ):
        try:
            with open(limit_file, encoding="ascii") as fh:
                limit = fh.read().strip()
            with open(usage_file, encoding="ascii") as fh:
                usage = int(fh.read().strip())
        except (OSError, ValueError):
            continue
        if limit.isdigit() and int(limit) < 1 << 60:  # "max" or a huge number: no limit
            return max(0, int(limit) - usage)
    return None


def _other_systems() -> int | None:
    """macOS and other Unix: physical memory; Windows: available physical memory."""
    if sys.platform.startswith("linux"):
        return None  # /proc/meminfo said it better
    if sys.platform == "win32":  # pragma: no cover - Windows
        return _windows_available()
    try:  # pragma: no cover - macOS, BSD
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError, AttributeError):  # pragma: no cover
        return None


def _windows_available() -> int | None:  # pragma: no cover - Windows
    import ctypes

    class Status(ctypes.Structure):
        _fields_ = [
            ("dwLength", ctypes.c_ulong),
            ("dwMemoryLoad", ctypes.c_ulong),
            ("ullTotalPhys", ctypes.c_ulonglong),
            ("ullAvailPhys", ctypes.c_ulonglong),
            ("ullTotalPageFile", ctypes.c_ulonglong),
            ("ullAvailPageFile", ctypes.c_ulonglong),
            ("ullTotalVirtual", ctypes.c_ulonglong),
            ("ullAvailVirtual", ctypes.c_ulonglong),
            ("ullAvailExtendedVirtual", ctypes.c_ulonglong),
        ]

    status = Status()
    status.dwLength = ctypes.sizeof(Status)
    if not ctypes.windll.kernel32.GlobalMemoryStatusEx(ctypes.byref(status)):
        return None
    return int(status.ullAvailPhys)
