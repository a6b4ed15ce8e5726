"""Compiled `resnet18` preset vs a hand-written nn.Module of the same architecture.

Training step time (forward, loss, backward, SGD step) at 3×32×32, batch 32. Both
models are built with the same seed, so their weights are equal; samples are taken in
alternating blocks so machine noise falls on both alike. Goal: ratio ≤ 1.02.
"""

from __future__ import annotations

import statistics
import time

import _common  # noqa: F401
import torch
from _common import verdict
from torch import nn

from engine.compiler import compile_graph, count_parameters
from engine.presets import load_preset

GOAL = 1.02


class BasicBlock(nn.Module):
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(cout)
        self.conv2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(cout)
        self.relu = nn.ReLU(inplace=True)
        self.downsample = None
        if stride != 1 or cin != cout:
            self.downsample = nn.Sequential(
                nn.Conv2d(cin, cout, 1, stride, bias=False), nn.BatchNorm2d(cout)
            )

    def forward(self, x):
        identity = x if self.downsample is None else self.downsample(x)
        out = self.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        return self.relu(out + identity)


class ResNet18(nn.Module):
    def __init__(self, classes=1000):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 64, 7, 2, 3, bias=False)
        self.bn1 = nn.BatchNorm2d(64)
        self.relu = nn.ReLU(inplace=True)
        self.maxpool = nn.MaxPool2d(3, 2, 1)
        layers, cin = [], 64
        for cout, stride in [(64, 1), (128, 2), (256, 2), (512, 2)]:
            layers += [BasicBlock(cin, cout, stride), BasicBlock(cout, cout, 1)]
            cin = cout
        self.layers = nn.Sequential(*layers)
        self.avgpool = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(512, classes)

    def forward(self, x):
        x = self.maxpool(self.relu(self.bn1(self.conv1(x))))
        x = self.avgpool(self.layers(x))
        return self.fc(torch.flatten(x, 1))


def _step_fn(model, x, y):
    opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
    loss_fn = nn.CrossEntropyLoss()

    def step():
        opt.zero_grad(set_to_none=True)
        loss_fn(model(x), y).backward()
        opt.step()

    return step


def main(blocks: int = 8, steps: int = 5) -> None:
    graph = load_preset("resnet18")
    inp = next(n for n in graph.nodes.values() if n.type == "Input")
    graph.set_params(inp.id, {"channels": 3, "height": 32, "width": 32})
    compiled, hand = compile_graph(graph).train(), ResNet18().train()
    assert count_parameters(compiled) == count_parameters(hand) == 11_689_512
    gen = torch.Generator().manual_seed(0)
    x = torch.randn(32, 3, 32, 32, generator=gen)
    y = torch.randint(0, 1000, (32,), generator=gen)
    runs = {"compiled": _step_fn(compiled, x, y), "hand-written": _step_fn(hand, x, y)}
    for fn in runs.values():
        for _ in range(3):
            fn()  # warm-up
    times = {k: [] for k in runs}
    for i in range(blocks):
        order = list(runs) if i % 2 == 0 else list(reversed(runs))
        for name in order:
            for _ in range(steps):
                start = time.perf_counter()
                runs[name]()
                times[name].append(time.perf_counter() - start)
    med = {k: statistics.median(v) * 1000 for k, v in times.items()}
    ratio = med["compiled"] / med["hand-written"]
    print(f"torch {torch.__version__}, {torch.get_num_threads()} threads, batch 32, 3x32x32")
    for k, v in med.items():
        print(f"{k:>13}: median step {v:.1f} ms over {len(times[k])} steps")
    print(
        f"ratio compiled / hand-written = {ratio:.3f}  (goal <= {GOAL}): {verdict(ratio <= GOAL)}"
    )


if __name__ == "__main__":
    main()
