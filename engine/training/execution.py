"""Where and how the training arithmetic runs: device, precision, memory layout.

:func:`execution_plan` turns the settings into an :class:`ExecutionPlan`; the trainer
only follows the plan, so the CUDA paths (mixed precision, a gradient scaler,
channels-last, ``torch.compile``) can be exercised on a CPU by handing it a plan.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch
from torch import nn

from engine.i18n import _
from engine.training.config import TrainConfig


class DeviceError(ValueError):
    """The requested device isn't available on this machine."""


@dataclass(frozen=True)
class ExecutionPlan:
    """How to run the training steps."""

    device: torch.device
    autocast_dtype: torch.dtype | None = None  # None: full float32
    grad_scaler: bool = False  # float16 needs one; bfloat16 does not
    channels_last: bool = False
    compile_backend: str | None = None  # None: don't torch.compile
    fused_optimizer: bool = False  # one fused kernel per parameter (CPU and CUDA)

    def describe(self) -> str:
        """One line for a notice: "cuda · bfloat16 autocast · channels-last"."""
        parts = [str(self.device)]
        if self.autocast_dtype is not None:
            name = str(self.autocast_dtype).replace("torch.", "")
            if self.grad_scaler:
                parts.append(_("{dtype} autocast + gradient scaler", dtype=name))
            else:
                parts.append(_("{dtype} autocast", dtype=name))
        if self.channels_last:
            parts.append(_("channels-last"))
        if self.compile_backend:
            parts.append(f"torch.compile ({self.compile_backend})")
        return " · ".join(parts)


def resolve_device(name: str) -> torch.device:
    """``auto`` picks CUDA, then Apple's MPS, then the CPU; others must be available."""
    cuda = torch.cuda.is_available()
    mps = bool(getattr(torch.backends, "mps", None) and torch.backends.mps.is_available())
    if name == "auto":
        return torch.device("cuda" if cuda else "mps" if mps else "cpu")
    if name == "cuda" and not cuda:
        raise DeviceError(
            _("device cuda was requested but no CUDA GPU is available (use --device auto or cpu)")
        )
    if name == "mps" and not mps:
        raise DeviceError(
            _(
                "device mps was requested but Apple's Metal (MPS) is not available "
                "(use --device auto or cpu)"
            )
        )
    return torch.device(name)


def execution_plan(config: TrainConfig, device: torch.device) -> ExecutionPlan:
    """The plan for ``config`` on ``device``: AMP and channels-last on CUDA only.

    The optimizer is fused (one kernel per parameter instead of a dozen passes over
    the parameter list) on CPUs and CUDA GPUs, the devices torch has fused kernels for.
    """
    cuda = device.type == "cuda"
    dtype, scaler = None, False
    if cuda and config.amp:
        bf16 = torch.cuda.is_bf16_supported()
        dtype, scaler = (torch.bfloat16, False) if bf16 else (torch.float16, True)
    return ExecutionPlan(
        device=device,
        autocast_dtype=dtype,
        grad_scaler=scaler,
        channels_last=cuda and config.channels_last,
        compile_backend="inductor" if config.compile else None,
        fused_optimizer=device.type in ("cpu", "cuda"),
    )


def tune_backends(device: torch.device) -> None:
    """Process-wide speed settings for a GPU run (fixed input sizes; TF32 matmuls)."""
    if device.type == "cuda":
        torch.backends.cudnn.benchmark = True
        torch.set_float32_matmul_precision("high")


def count_macs(model: nn.Module, sample: torch.Tensor) -> int:
    """Multiply-accumulates of convolutions and linear layers for ``sample`` (one forward).

    Runs in eval mode under ``no_grad``, so no state changes.
    """
    total = 0

    def hook(module, inputs, output):
        nonlocal total
        if isinstance(module, nn.Conv2d):
            kh, kw = module.kernel_size
            total += output.numel() * (module.in_channels // module.groups) * kh * kw
        elif isinstance(module, nn.Linear):
            total += output.numel() * module.in_features

    handles = [
        m.register_forward_hook(hook)
        for m in model.modules()
        if isinstance(m, nn.Conv2d | nn.Linear)
    ]
    was_training = model.training
    model.eval()
    try:
        with torch.no_grad():
            model(sample)
    finally:
        model.train(was_training)
        for handle in handles:
            handle.remove()
    return total


def reinitialise(model: nn.Module, seed: int) -> None:
    """Seed torch and re-create every parameter, so a run depends on the seed alone."""
    torch.manual_seed(seed)
    for module in model.modules():
        reset = getattr(module, "reset_parameters", None)
        if module is not model and callable(reset):
            reset()


def augment_batch(x: torch.Tensor, generator: torch.Generator) -> torch.Tensor:
    """Random crop with zero padding (1/8 of the side) and horizontal flip, per sample.

    Random numbers come from ``generator`` (on the CPU), so runs are reproducible.
    """
    n, _, h, w = x.shape
    pad = max(1, min(h, w) // 8)
    shift = torch.randint(0, 2 * pad + 1, (2, n), generator=generator).to(x.device)
    flip = (torch.rand(n, generator=generator) < 0.5).to(x.device)
    padded = torch.nn.functional.pad(x, (pad, pad, pad, pad))
    rows = (shift[0][:, None] + torch.arange(h, device=x.device))[:, None, :, None]
    cols = shift[1][:, None] + torch.arange(w, device=x.device)
    cols = torch.where(flip[:, None], cols.flip(1), cols)[:, None, None, :]
    batch = torch.arange(n, device=x.device)[:, None, None, None]
    channels = torch.arange(x.shape[1], device=x.device)[None, :, None, None]
    return padded[batch, channels, rows, cols]
