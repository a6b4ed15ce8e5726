"""The node-graph canvas: :class:`CanvasView` and its scene, items and modes.

A node's stored position is the centre of its block on the canvas.
"""

from widgets.canvas.view import CanvasView

__all__ = ["CanvasView"]
