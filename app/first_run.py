"""The hint a new document shows: how to start building.

A new network is an Input connected to an Output (a valid network: nothing red, no
problem count). While the document holds nothing else, :class:`FirstRunHint` floats a
card over the canvas (:class:`widgets.hint_overlay.HintOverlay`) whose links show the
palette, open the block search or the preset gallery. Help → Getting Started shows it
again at any time; × hides it.
"""

from __future__ import annotations

from PySide6.QtCore import QObject

STARTER_TYPES = {"Input", "Output"}


def is_blank(graph) -> bool:
    """Only an Input and an Output (or less): nothing built yet."""
    return len(graph.nodes) <= 2 and {n.type for n in graph.nodes.values()} <= STARTER_TYPES


class FirstRunHint(QObject):
    """Shows the hint card over ``window``'s canvas while the document is blank."""

    def __init__(self, window):
        super().__init__(window)
        from widgets.hint_overlay import HintOverlay

        self.window = window
        self.card = HintOverlay(window.canvas.viewport())
        self.card.linkActivated.connect(self.follow_link)
        self.card.closed.connect(self._dismissed)
        self._dismissed_blank = False  # × pressed: stay hidden until the next new document
        self._forced = False
        window.document.analysisChanged.connect(self.update)
        window.document.replaced.connect(self._on_replaced)

    def update(self, *_args) -> None:
        blank = is_blank(self.window.document.graph)
        if not blank:
            self._forced = False
        self.card.setVisible(self._forced or (blank and not self._dismissed_blank))

    def show_hint(self) -> None:
        """Help → Getting Started: show the card whatever the document holds."""
        self._forced = True
        self.window.inner.leave()
        self.card.show()
        self.card.raise_()

    def is_shown(self) -> bool:
        return self.card.isVisible()

    def follow_link(self, link: str) -> None:
        window = self.window
        if link == "palette":
            window.docks.show("palette")
            window.palette.search.setFocus()
        elif link == "search":
            window.canvas.setFocus()
            window.canvas.open_quick_add(window.canvas.scene_center())
        elif link == "preset":
            window.files.open_preset_dialog()

    def _on_replaced(self) -> None:
        self._dismissed_blank = False
        self._forced = False
        self.update()

    def _dismissed(self) -> None:
        self._forced = False
        self._dismissed_blank = True
