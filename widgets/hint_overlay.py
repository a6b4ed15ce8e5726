"""A card floating over the canvas of a new document: how to start.

:class:`HintOverlay` says in three lines how to build a network (drag a block from the
palette onto the connection, Tab to search, open a preset); each is a link, and the
card emits ``linkActivated`` with ``palette``, ``search`` or ``preset``. It sits at the
bottom of the widget it floats over and follows its size; ``closed`` tells when the
user dismissed it.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRect, Qt, QTimer, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QToolButton, QWidget

MARGIN = 16


class HintOverlay(QFrame):
    """The "how to start" card over ``parent`` (the canvas's viewport)."""

    linkActivated = Signal(str)
    closed = Signal()
    #: Where the card now is in its parent (an empty rectangle: hidden).
    placed = Signal(QRect)

    def __init__(self, parent: QWidget):
        super().__init__(parent)
        self.setObjectName("first-run-hint")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.setBackgroundRole(QPalette.ColorRole.ToolTipBase)
        self.label = QLabel()
        self.label.setTextFormat(Qt.TextFormat.RichText)
        self.label.setForegroundRole(QPalette.ColorRole.ToolTipText)
        self.label.linkActivated.connect(self.linkActivated)
        self.close_button = QToolButton()
        self.close_button.setText("×")
        self.close_button.setAutoRaise(True)
        self.close_button.setToolTip(self.tr("Hide this hint"))
        self.close_button.clicked.connect(self._close)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(14, 10, 6, 10)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignTop)
        #: A function giving the part of the parent to keep clear (or None).
        self.keep_clear = None
        self.retranslate()
        parent.installEventFilter(self)
        self.hide()

    def retranslate(self) -> None:
        lines = (
            self.tr("Drag a block from <a href='palette'>Blocks</a> onto the arrow to insert it"),
            self.tr("Press <a href='search'>Tab</a> to search for a block by name"),
            self.tr("Or start from a <a href='preset'>preset</a>: LeNet, ResNet, DenseNet…"),
        )
        title = self.tr("Build your network")
        self.label.setText(f"<b>{title}</b><br>" + "<br>".join(f"• {line}" for line in lines))

    def place(self) -> None:
        """Bottom centre of the parent, clear of ``keep_clear()`` (the minimap's
        corner): to its left, or above it where there is no room beside."""
        self.adjustSize()
        parent = self.parentWidget()
        x = max(MARGIN, (parent.width() - self.width()) // 2)
        y = max(MARGIN, parent.height() - self.height() - MARGIN)
        box = QRect(x, y, self.width(), self.height())
        avoid = self.keep_clear() if self.keep_clear is not None else QRect()
        if box.intersects(avoid):
            if avoid.left() - MARGIN - box.width() >= MARGIN:
                box.moveLeft(avoid.left() - MARGIN - box.width())
            else:
                box.moveBottom(avoid.top() - MARGIN)
        if box.topLeft() != self.pos():
            self.move(box.topLeft())
        self.placed.emit(box)

    def showEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        self.place()
        super().showEvent(event)

    def hideEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().hideEvent(event)
        self.placed.emit(QRect())

    def moveEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().moveEvent(event)
        # A scroll of the canvas moves the viewport's children along: come back.
        QTimer.singleShot(0, self, self._stay)

    def _stay(self) -> None:
        if self.isVisible():
            self.place()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if (
            watched is self.parentWidget()
            and event.type() == QEvent.Type.Resize
            and not self.isHidden()
        ):
            self.place()  # a hidden card covers nothing: no place, no "placed"
        return False

    def _close(self) -> None:
        self.hide()
        self.closed.emit()
