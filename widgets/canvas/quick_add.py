"""Quick add: a type-to-search popup listing every block type (Tab on the canvas)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QKeyEvent, QPainter, QPixmap
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
)

from engine.registry import BlockSpec, all_specs
from widgets.canvas.theme import CATEGORY_COLOURS
from widgets.language import block_help, block_title, category_title

_TYPE_ROLE = Qt.ItemDataRole.UserRole
_NAVIGATION = {Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown}


def matches(spec: BlockSpec, query: str) -> bool:
    """True when every word of ``query`` occurs in the block's title, type or category."""
    words = (block_title(spec), spec.title, spec.type, category_title(spec.category), spec.category)
    haystack = " ".join((*words, *spec.aliases)).lower()
    return all(word in haystack for word in query.lower().split())


def rank(specs: list[BlockSpec], query: str) -> list[BlockSpec]:
    """Matching specs; those whose title or type starts with the query come first."""
    q = query.strip().lower()
    found = [s for s in specs if matches(s, q)]

    def key(item):
        i, s = item
        titles = (s.title.lower(), block_title(s).lower(), s.type.lower())
        prefix = any(title.startswith(q) for title in titles)
        return (0 if prefix else 1, i)

    return [s for _, s in sorted(enumerate(found), key=key)]


def _dot(colour: str) -> QIcon:
    pixmap = QPixmap(12, 12)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(colour))
    painter.drawRoundedRect(1, 1, 10, 10, 3, 3)
    painter.end()
    return QIcon(pixmap)


class QuickAddPopup(QFrame):
    """A search field over a filtered list of blocks; Enter chooses, Esc closes.

    Emits ``chosen(type)``; the view turns it into ``blockDropped`` at the point where
    the popup was opened.
    """

    chosen = Signal(str)

    def __init__(self, parent=None):
        super().__init__(parent, Qt.WindowType.Popup)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(self.tr("Search blocks…"))
        self.search.setClearButtonEnabled(True)
        self.list = QListWidget(self)
        self.list.setUniformItemSizes(True)
        self.list.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(4)
        layout.addWidget(self.search)
        layout.addWidget(self.list)
        self.resize(260, 320)
        self._specs = all_specs()
        self._icons = {c: _dot(colour) for c, colour in CATEGORY_COLOURS.items()}
        self.search.textChanged.connect(self._filter)
        self.search.returnPressed.connect(self.accept)
        self.search.installEventFilter(self)
        self.list.itemActivated.connect(lambda _item: self.accept())
        self.list.itemClicked.connect(lambda _item: self.accept())
        self._filter("")

    def open_at(self, global_pos: QPoint) -> None:
        """Show with an empty search at ``global_pos`` (top-left corner)."""
        self.search.clear()
        self._filter("")
        self.move(global_pos)
        self.show()
        self.raise_()
        self.search.setFocus()

    def visible_types(self) -> list[str]:
        return [self.list.item(i).data(_TYPE_ROLE) for i in range(self.list.count())]

    def _filter(self, text: str) -> None:
        self.list.clear()
        for spec in rank(self._specs, text):
            item = QListWidgetItem(self._icons.get(spec.category, QIcon()), block_title(spec))
            item.setData(_TYPE_ROLE, spec.type)
            item.setToolTip(f"{category_title(spec.category)} · {block_help(spec)}")
            self.list.addItem(item)
        if self.list.count():
            self.list.setCurrentRow(0)

    def accept(self) -> None:
        item = self.list.currentItem()
        if item is None:
            return
        block_type = item.data(_TYPE_ROLE)
        self.close()
        self.chosen.emit(block_type)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Let the arrow keys in the search field move through the list."""
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            if event.key() in _NAVIGATION:
                QApplication.sendEvent(
                    self.list, QKeyEvent(event.type(), event.key(), event.modifiers())
                )
                return True
            if event.key() == Qt.Key.Key_Escape:
                self.close()
                return True
        return super().eventFilter(watched, event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.close()
            return
        super().keyPressEvent(event)
