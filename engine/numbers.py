"""Counts as people read them, the same in the window and on the command line."""

from __future__ import annotations

_UNITS = ((1e12, "T"), (1e9, "G"), (1e6, "M"), (1e3, "k"))


def human_count(n: int | float | None) -> str:
    """A count in three significant digits: ``11689512`` -> ``"11.7 M"``, ``950`` -> ``"950"``."""
    if n is None:
        return "—"
    if abs(n) < 1000:
        return f"{n:g}" if isinstance(n, float) else str(n)
    for scale, unit in _UNITS:
        if abs(n) >= scale * 0.9995:
            text = f"{n / scale:.3g}"
            if "e" in text:  # 999.96 k rounds to 1e+03: move up a unit
                break
            return f"{text} {unit}"
    return f"{n / 1e12:.3g} T"
