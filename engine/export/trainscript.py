"""The exported ``train.py``: the window's data pipeline and training loop, standalone.

The script imports ``model.py`` from its folder, torch and numpy (scikit-learn for the
digits, Pillow for image folders). Run alone, on a CPU, it reproduces the window's run
with the same settings and seed number for number; under ``torchrun`` it trains data
parallel (gloo on CPUs, NCCL on GPUs).
"""

from __future__ import annotations

from typing import Any

from engine.export.codegen import ExportError, literal, plain_text
from engine.export.train_data_template import DATA_SOURCE
from engine.export.train_loop_template import LOOP_SOURCE
from engine.graph import Graph
from engine.training.config import TrainConfig

IMPORTS = """import argparse
import gzip
import hashlib
import importlib.util
import json
import math
import os
import pickle
import shutil
import sys
import time
import warnings
from pathlib import Path

import numpy as np
import torch
import torch.distributed as dist
import torch.nn.functional as F
import torch.utils.data
from torch import nn
from torch.nn.parallel import DistributedDataParallel
from torch.utils.data.distributed import DistributedSampler

from model import INPUT_SHAPE, build_model
"""


def train_settings(settings: dict[str, Any] | None) -> TrainConfig:
    """The settings ``train.py`` starts with, validated by :meth:`TrainConfig.from_dict`:
    the one validation the window, the file format and the ``train`` command use, so
    an export accepts exactly what they accept. An invalid value is an
    :class:`ExportError` naming ``training.<key>``, as a project file's would be."""
    try:
        return TrainConfig.from_dict(settings or {})
    except (TypeError, ValueError) as exc:
        raise ExportError(f"training.{exc}") from None


def generate_train_script(graph: Graph, settings: dict | None) -> str:
    """The text of ``train.py`` for ``graph`` with the window's training ``settings``."""
    config = train_settings(settings)
    title = plain_text(graph.name, 50) or "the network"
    lines = [
        f'"""Train {title} as the Convas window does (exported by Convas).',
        "",
        "Usage::",
        "",
        "    python train.py                        # one process: CUDA, MPS or the CPU",
        "    torchrun --nproc_per_node 4 train.py   # data parallel over 4 processes",
        "    python train.py --help                 # dataset, epochs, learning rate...",
        "",
        "Needs torch and numpy; the digits dataset needs scikit-learn, image folders Pillow.",
        "Prints one line per epoch, then the final metrics as JSON; saves the weights.",
        '"""',
        "",
        IMPORTS,
        "# The window's training settings when this was exported (some have --options).",
        "SETTINGS = {",
    ]
    for key, value in config.to_dict().items():
        lines.append(f'    "{key}": {setting_literal(value)},')
    lines += ["}", "# Blocks switched off for training in Convas (fine-tuning): kept frozen."]
    lines += [f"FROZEN = [{', '.join(string_literal(n) for n in frozen_modules(graph))}]"]
    lines += ["", ""]
    data, loop = DATA_SOURCE.strip("\n"), LOOP_SOURCE.strip("\n")
    return "\n".join(lines) + data + "\n\n\n" + loop + "\n"


def frozen_modules(graph: Graph) -> list[str]:
    """The submodule names (as in ``model.py``) of the blocks that are not trainable."""
    from engine.analysis import analyse
    from engine.export.codegen import module_names

    names = module_names(graph, analyse(graph))
    return [names[n.id] for n in graph.nodes.values() if not n.trainable and n.id in names]


def setting_literal(value: Any) -> str:
    """A Python literal for a setting; strings are escaped so nothing can break out."""
    if isinstance(value, str):
        return string_literal(value)
    return literal(value)


def string_literal(text: str) -> str:
    """A double-quoted literal of ``text`` with everything but printable ASCII escaped."""
    out = []
    for ch in text:
        code = ord(ch)
        if ch in '"\\':
            out.append("\\" + ch)
        elif 32 <= code < 127:
            out.append(ch)
        elif code < 0x100:
            out.append(f"\\x{code:02x}")
        elif code < 0x10000:
            out.append(f"\\u{code:04x}")
        else:
            out.append(f"\\U{code:08x}")
    return '"' + "".join(out) + '"'
