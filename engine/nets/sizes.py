"""Channel arithmetic shared by the modules and the shape rules (imports nothing)."""

from __future__ import annotations


def make_divisible(value: float, divisor: int = 8) -> int:
    """``value`` rounded to a multiple of ``divisor``, never more than 10% below it
    (MobileNet's and EfficientNet's channel rounding, as torchvision computes it)."""
    new_value = max(divisor, int(value + divisor / 2) // divisor * divisor)
    if new_value < 0.9 * value:
        new_value += divisor
    return new_value
