"""The hint a new document shows: how to start building.

A new network is an Input connected to an Output (a valid network: nothing red, no
problem count). While the document holds nothing else, :class:`FirstRunHint` floats a
card over the canvas (:class:`widgets.hint_overlay.HintOverlay`) whose links show the
palette, open the block search or the preset gallery. Help → Getting Started shows it
again at any time; × hides it.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QPointF, QRectF, QTimer

STARTER_TYPES = {"Input", "Output"}
GAP = 12  # pixels between the blocks and the card


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
        shown = self._forced or (blank and not self._dismissed_blank)
        if shown and not self.card.isVisibleTo(self.card.parentWidget()):
            QTimer.singleShot(0, self, self.fit_above)  # once the view has fitted the network
        self.card.setVisible(shown)

    def fit_above(self) -> None:
        """Show the blocks in the part of the canvas above the card, not under it."""
        canvas, card = self.window.canvas, self.card
        blocks = canvas.canvas_scene.blocks_rect()
        if not card.isVisible() or blocks.isEmpty():
            return
        card.place()
        room = QRectF(0, 0, canvas.viewport().width(), card.y() - GAP)
        if room.height() < 80:
            return
        shown = canvas.mapFromScene(blocks).boundingRect()
        if shown.bottom() + GAP <= card.y():
            return
        canvas.zoom_by(min(1.0, (room.height() - 2 * GAP) / max(1, shown.height())))
        offset = (QPointF(canvas.viewport().rect().center()) - room.center()) / canvas.zoom()
        canvas.centerOn(blocks.center() + offset)

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
