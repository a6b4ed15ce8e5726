"""Parameters and multiply-accumulates of the layers inside a composite block.

A shape rule adds each inner layer to a :class:`Tally` as it walks the block; the
counts equal ``sum(p.numel())`` of the block's module (the property test checks it) and
its MACs those of the primitive blocks it expands to (the expansion test checks it).
"""

from __future__ import annotations

from engine.registry import pair


class Tally:
    """Running totals of parameters and MACs; every method returns the tally."""

    def __init__(self) -> None:
        self.params = 0
        self.macs = 0

    def conv(self, cin, cout, kernel, h, w, groups=1, bias=False) -> Tally:
        """A convolution producing an ``h``×``w`` map."""
        kh, kw = pair(kernel)
        weights = (cin // groups) * kh * kw * cout
        self.params += weights + (cout if bias else 0)
        self.macs += weights * h * w
        return self

    def bn(self, channels: int) -> Tally:
        """Batch norm or layer norm: a scale and a shift per channel."""
        self.params += 2 * channels
        return self

    def linear(self, fin: int, fout: int, bias: bool = True) -> Tally:
        self.params += fin * fout + (fout if bias else 0)
        self.macs += fin * fout
        return self

    def se(self, channels: int, squeeze: int) -> Tally:
        """Squeeze-and-excitation on ``channels`` (nothing when ``squeeze`` is 0)."""
        if squeeze:
            self.conv(channels, squeeze, 1, 1, 1, bias=True)
            self.conv(squeeze, channels, 1, 1, 1, bias=True)
        return self

    def add(self, params: int) -> Tally:
        self.params += params
        return self
