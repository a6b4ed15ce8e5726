"""The CUDA path on a CIFAR-shaped ResNet: Convas's trainer vs an equally tuned hand loop.

Prepared for a session that has a GPU (one short run): the `resnet_cifar` preset on the
procedural `shapes` dataset (3×32×32, data held on the device), trained by the Trainer
with its CUDA plan (mixed precision, channels_last, optional torch.compile) and by a
hand-written loop given the same tuning (autocast + GradScaler/bf16, channels_last, data
on the device, the same optimiser and batch size). Alternating repeats, medians, one
ratio. On a machine without CUDA it runs the same code on the CPU with fewer samples, so
the script itself is checked everywhere (`--quick`).

Usage: python bench/bench_gpu.py [--epochs 3] [--repeats 3] [--compile] [--quick]
"""

from __future__ import annotations

import argparse
import statistics
import time

import _common  # noqa: F401
import torch
from torch import nn

from engine.compiler import compile_model
from engine.data import load_dataset
from engine.presets import load_preset
from engine.training import TrainConfig, Trainer


def hand_loop(module, x, y, config, device, epochs) -> float:
    """A tuned hand-written loop: data on the device, AMP, channels_last. Returns samples/s."""
    amp = device.type == "cuda"
    dtype = torch.bfloat16 if amp and torch.cuda.is_bf16_supported() else torch.float16
    module = module.to(device)
    forward = torch.compile(module) if config.compile else module
    if amp:
        module = module.to(memory_format=torch.channels_last)
        x = x.to(memory_format=torch.channels_last)
    opt = torch.optim.AdamW(  # fused on the GPU, as the trainer's
        module.parameters(), lr=config.lr, weight_decay=config.weight_decay, fused=amp
    )
    scaler = torch.amp.GradScaler(enabled=amp and dtype == torch.float16)
    loss_fn = nn.CrossEntropyLoss(label_smoothing=config.label_smoothing)
    gen = torch.Generator(device="cpu").manual_seed(0)
    module.train()
    _sync(device)
    start = time.perf_counter()
    for _ in range(epochs):
        order = torch.randperm(len(x), generator=gen).to(device)
        for i in range(0, len(x), config.batch_size):
            idx = order[i : i + config.batch_size]
            with torch.autocast(device.type, dtype=dtype, enabled=amp):
                loss = loss_fn(forward(x[idx]), y[idx])
            opt.zero_grad(set_to_none=True)
            scaler.scale(loss).backward()
            scaler.step(opt)
            scaler.update()
    _sync(device)
    return epochs * len(x) / (time.perf_counter() - start)


def trainer_run(graph, data, config) -> float:
    compiled = compile_model(graph)
    finished = Trainer(compiled, data, config, on_event=lambda e: None).run()
    if finished.status != "completed":
        raise SystemExit(f"training {finished.status}: {finished.message}")
    return finished.metrics["samples_per_second"]


def _sync(device) -> None:
    if device.type == "cuda":
        torch.cuda.synchronize()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--compile", action="store_true")
    parser.add_argument(
        "--scale", type=int, default=8, help="repeat the 2,880 training images this many times"
    )
    parser.add_argument("--warmup", type=int, default=1, help="untimed runs of each first")
    parser.add_argument("--quick", action="store_true", help="tiny run (checks the script)")
    args = parser.parse_args()
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    if device.type == "cpu" and not args.quick:
        print("no CUDA device here: running the quick CPU check of this script instead")
        args.quick = True
    graph = load_preset("resnet_cifar")
    data = load_dataset("shapes", input_shape=(3, 32, 32), seed=0)
    head = [n for n in graph.nodes.values() if n.type == "Linear"][-1]
    graph.set_params(head.id, {**head.params, "out_features": len(data.classes)})
    if args.quick:
        data.train_x, data.train_y = data.train_x[:256], data.train_y[:256]
    elif args.scale > 1:  # more steps per epoch: the figure is the steady state, not start-up
        data.train_x = data.train_x.repeat(args.scale, 1, 1, 1)
        data.train_y = data.train_y.repeat(args.scale)
    if args.quick:
        data.val_x, data.val_y = data.val_x[:64], data.val_y[:64]
        args.epochs, args.repeats = 1, 1
    config = TrainConfig(
        dataset="shapes",
        epochs=args.epochs,
        batch_size=128,
        device=device.type,
        amp=True,
        channels_last=True,
        compile=args.compile,
    )
    x, y = data.train_x.to(device), data.train_y.to(device)
    mine, hand = [], []
    for _ in range(0 if args.quick else args.warmup):  # cuDNN autotuning, compile caches
        trainer_run(graph, data, config)
        hand_loop(compile_model(graph).module, x, y, config, device, 1)
    for _ in range(args.repeats):
        mine.append(trainer_run(graph, data, config))
        hand.append(hand_loop(compile_model(graph).module, x, y, config, device, args.epochs))
        print(f"  trainer {mine[-1]:,.0f}  hand {hand[-1]:,.0f} samples/s", flush=True)
    m, h = statistics.median(mine), statistics.median(hand)
    name = torch.cuda.get_device_name() if device.type == "cuda" else "CPU"
    print(
        f"device {name}, torch {torch.__version__}, resnet_cifar on shapes, batch 128, "
        f"{args.epochs} epochs x {len(x)} images, compile={args.compile}"
    )
    print(
        f"trainer: {m:,.0f} samples/s   hand-written (same tuning): {h:,.0f} samples/s   "
        f"ratio {m / h:.2f}"
    )


if __name__ == "__main__":
    main()
