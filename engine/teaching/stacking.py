"""Stacked small kernels against one large kernel (VGG's argument).

n convolutions of k×k (stride 1) stacked one on another see as far as one convolution of
K = n·(k − 1) + 1: two 3×3 layers see 5×5, three see 7×7. With C channels in and out of
every layer (no bias), the stack has n·k²·C² weights against K²·C² for the single layer
(27C² against 49C² for three 3×3 and one 7×7), the same ratio of multiply-accumulates on
an H×W map, and n ReLUs between the layers instead of one: more non-linearity for less.
"""

from __future__ import annotations

from dataclasses import dataclass

from engine.i18n import _


@dataclass(frozen=True)
class StackComparison:
    """``layers`` convolutions of ``kernel``×``kernel`` against one of :attr:`single_kernel`,
    each with ``channels`` channels in and out, on a ``size``×``size`` map (padding keeps it)."""

    layers: int
    kernel: int
    channels: int
    size: int

    @property
    def single_kernel(self) -> int:
        """The kernel of one layer that sees as far as the stack: n·(k − 1) + 1."""
        return self.layers * (self.kernel - 1) + 1

    def fields(self) -> list[int]:
        """How far a unit sees after each layer of the stack: k, 2k − 1, 3k − 2…"""
        return [i * (self.kernel - 1) + 1 for i in range(1, self.layers + 1)]

    @property
    def stacked_coefficient(self) -> int:
        """Weights of the stack in units of C²: n·k² (27 for three 3×3)."""
        return self.layers * self.kernel**2

    @property
    def single_coefficient(self) -> int:
        """Weights of the single layer in units of C²: K² (49 for 7×7)."""
        return self.single_kernel**2

    @property
    def stacked_params(self) -> int:
        return self.stacked_coefficient * self.channels**2

    @property
    def single_params(self) -> int:
        return self.single_coefficient * self.channels**2

    @property
    def stacked_macs(self) -> int:
        return self.stacked_params * self.size**2

    @property
    def single_macs(self) -> int:
        return self.single_params * self.size**2

    @property
    def saving(self) -> float:
        """The share of weights (and MACs) the stack saves: 1 − n·k² / K²."""
        return 1 - self.stacked_coefficient / self.single_coefficient


def compare(layers: int, kernel: int, channels: int, size: int) -> StackComparison:
    """A :class:`StackComparison`; raises ``ValueError`` for sizes that make no sense."""
    if layers < 1 or kernel < 2 or channels < 1 or size < 1:
        raise ValueError(
            _("the layers must be ≥ 1, the kernel ≥ 2, the channels ≥ 1 and the size ≥ 1")
        )
    return StackComparison(layers, kernel, channels, size)
