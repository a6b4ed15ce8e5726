"""Small generated image folders and networks for the data and fine-tuning tests."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PIL import Image

from engine.graph import Graph, Node
from tests.graphs import chain


def image_folder(
    root: Path, classes: int = 3, per_class: int = 20, size: int = 20, suffix: str = ".jpg"
) -> Path:
    """``classes`` subfolders of colour images whose mean colour tells the class."""
    rng = np.random.default_rng(7)
    for c in range(classes):
        folder = root / f"class{c}"
        folder.mkdir(parents=True, exist_ok=True)
        for i in range(per_class):
            pixels = rng.integers(0, 90, (size, size + 3, 3), dtype=np.uint8)
            pixels[..., c % 3] += 120  # each class brighter in one channel
            Image.fromarray(pixels).save(folder / f"{i:03d}{suffix}")
    return root


def conv_net(channels: int = 3, size: int = 16, classes: int = 3) -> Graph:
    """Conv-BatchNorm-ReLU-pool, then a Linear head: the block kinds fine-tuning touches."""
    nodes = [
        Node("in", "Input", {"channels": channels, "height": size, "width": size}),
        Node("conv", "Conv2d", {"out_channels": 6, "kernel_size": 3, "padding": 1}),
        Node("bn", "BatchNorm2d"),
        Node("relu", "ReLU"),
        Node("pool", "MaxPool2d"),
        Node("conv2", "Conv2d", {"out_channels": 8, "kernel_size": 3, "padding": 1}),
        Node("relu2", "ReLU"),
        Node("gap", "AdaptiveAvgPool2d"),
        Node("flat", "Flatten"),
        Node("fc", "Linear", {"out_features": classes}),
        Node("out", "Output"),
    ]
    return chain("conv", nodes)
