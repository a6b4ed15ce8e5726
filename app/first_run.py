"""The hint a new document shows: how to start building.

A new network is an Input connected to an Output (a valid network: nothing red, no
problem count). While the document holds nothing else, :class:`FirstRunHint` floats a
card over the canvas (:class:`widgets.hint_overlay.HintOverlay`) whose links show the
palette, open the block search or the preset gallery. Help → Getting Started shows it
again at any time; × hides it.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QRect

from engine.registry import INPUT_ROLE, OUTPUT_ROLE, role_of

STARTER_ROLES = {INPUT_ROLE, OUTPUT_ROLE}
GAP = 12  # pixels between the blocks and the card, and around the minimap


def is_blank(graph) -> bool:
    """Only an Input and an Output (or less): nothing built yet."""
    return len(graph.nodes) <= 2 and all(
        role_of(n.type) in STARTER_ROLES for n in graph.nodes.values()
    )


class FirstRunHint(QObject):
    """Shows the hint card over ``window``'s canvas while the document is blank.

    The card never covers what it talks about: the canvas fits the blocks in the part
    above it (:meth:`CanvasView.reserve_bottom`), and it moves clear of the minimap.
    """

    def __init__(self, window):
        super().__init__(window)
        from widgets.hint_overlay import HintOverlay

        self.window = window
        self.card = HintOverlay(window.canvas.viewport())
        self.card.linkActivated.connect(self.follow_link)
        self.card.closed.connect(self._dismissed)
        self.card.keep_clear = lambda: _minimap_rect(window.canvas)
        self.card.placed.connect(self._keep_blocks_above)
        self._dismissed_blank = False  # × pressed: stay hidden until the next new document
        self._forced = False
        window.document.analysisChanged.connect(self.update)
        window.document.replaced.connect(self._on_replaced)

    def update(self, *_args) -> None:
        blank = is_blank(self.window.document.graph)
        if not blank:
            self._forced = False
        shown = self._forced or (blank and not self._dismissed_blank)
        self.card.setVisible(shown)

    def _keep_blocks_above(self, card: QRect) -> None:
        """The canvas fits the blocks in the part above the card (none when hidden)."""
        canvas = self.window.canvas
        canvas.reserve_bottom(
            0 if card.isEmpty() else canvas.viewport().height() - card.top() + GAP
        )

    def show_hint(self) -> None:
        """Help → Getting Started: show the card whatever the document holds."""
        self._forced = True
        self.window.inner.leave()
        self.card.show()
        self.card.raise_()
        self.window.canvas.fit_to_view()

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


def _minimap_rect(canvas) -> QRect:
    """Where the minimap sits (or would, when it shows), with its margin."""
    return canvas.minimap.place_in_view().adjusted(-GAP, -GAP, GAP, GAP)
