"""Fixtures of the widget tests."""

from __future__ import annotations

import pytest

from widgets.canvas import CanvasView


@pytest.fixture
def view(qtbot):
    """A shown canvas of 900×600 pixels (a module may define its own)."""
    v = CanvasView()
    qtbot.addWidget(v)
    v.resize(900, 600)
    v.show()
    qtbot.waitExposed(v)
    return v
