"""The node-graph canvas: :class:`CanvasView` and its scene, items and modes.

A node's stored position is the centre of its block on the canvas.
"""

import widgets.qt_compat  # noqa: F401  (PySide6 6.12 on Python 3.11, see there)
from widgets.canvas.view import CanvasView

__all__ = ["CanvasView"]
