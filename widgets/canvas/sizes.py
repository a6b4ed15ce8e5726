"""Sizes and stacking order shared by the canvas items (scene units)."""

from __future__ import annotations

NODE_WIDTH = 184.0
NODE_HEIGHT = 64.0
HEADER_HEIGHT = 22.0
RADIUS = 7.0
PORT_RADIUS = 4.5

Z_FRAME, Z_EDGE, Z_NODE, Z_SELECTED, Z_DRAFT = -1.0, 0.0, 1.0, 2.0, 5.0

#: Which way data flows on the canvas: down (inputs on top) or right (inputs on the left).
DOWN, RIGHT = "down", "right"
