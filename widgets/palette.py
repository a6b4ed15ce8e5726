"""The block palette: every block type, grouped by category, searchable and draggable.

Generated from the registry, so a new block appears here without touching this file.
A drag carries only the block's registry key under :data:`widgets.common.BLOCK_MIME`;
double-click or Enter emits :attr:`BlockPalette.blockActivated` instead.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QEvent, QMimeData, QPoint, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QDrag, QFont, QFontMetrics, QPainter, QPalette, QPen, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLineEdit,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from engine.registry import CATEGORIES, BlockSpec, all_specs, get_spec
from widgets.common import BLOCK_MIME
from widgets.icons import category_color, category_icon, category_pixmap, search_icon
from widgets.language import block_help, block_title, category_title

_TYPE_ROLE = Qt.ItemDataRole.UserRole + 1
_SEARCH_ROLE = Qt.ItemDataRole.UserRole + 2


def block_mime_data(block_type: str) -> QMimeData:
    """The MIME payload of a palette drag: the registry key, UTF-8, under BLOCK_MIME."""
    mime = QMimeData()
    mime.setData(BLOCK_MIME, block_type.encode("utf-8"))
    return mime


def drag_pixmap(spec: BlockSpec) -> QPixmap:
    """A small picture of the block (icon, title, type) that follows the cursor."""
    title = block_title(spec)
    title_font = QFont()
    title_font.setBold(True)
    type_font = QFont()
    type_font.setPointSizeF(max(6.0, type_font.pointSizeF() * 0.85))
    width = (
        36
        + max(
            QFontMetrics(title_font).horizontalAdvance(title),
            QFontMetrics(type_font).horizontalAdvance(spec.type),
        )
        + 12
    )
    height = 40
    pixmap = QPixmap(width + 2, height + 2)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    color = category_color(spec.category)
    painter.setPen(QPen(color, 1.5))
    painter.setBrush(QColor(255, 255, 255, 235))
    painter.drawRoundedRect(QRectF(1, 1, width, height), 7, 7)
    painter.drawPixmap(8, 10, category_pixmap(spec.category, 20))
    painter.setPen(QColor("#111827"))
    painter.setFont(title_font)
    two_lines = spec.type != title
    title_rect = QRectF(36, 4, width - 40, 18) if two_lines else QRectF(36, 1, width - 40, height)
    painter.drawText(title_rect, Qt.AlignmentFlag.AlignVCenter, title)
    if two_lines:  # the registry key under the title: what the file and PyTorch call it
        painter.setPen(QColor("#6b7280"))
        painter.setFont(type_font)
        painter.drawText(QRectF(36, 21, width - 40, 15), Qt.AlignmentFlag.AlignVCenter, spec.type)
    painter.end()
    return pixmap


def _tooltip(spec: BlockSpec) -> str:
    """Rich tooltip: title, type key and the plain-words help, wrapped by Qt."""
    return (
        f"<p style='white-space:pre-wrap'><b>{html.escape(block_title(spec))}</b> "
        f"<span style='color:gray'>{html.escape(spec.type)}</span></p>"
        f"<p>{html.escape(block_help(spec))}</p>"
    )


class _TypeKeyDelegate(QStyledItemDelegate):
    """Paints a block's registry key ("Conv2d") muted at the right of its title."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index) -> None:
        super().paint(painter, option, index)
        block_type = index.data(_TYPE_ROLE)
        title = index.data(Qt.ItemDataRole.DisplayRole)
        if not block_type or block_type == title:
            return
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        roles = QPalette.ColorRole
        role = roles.HighlightedText if selected else roles.PlaceholderText
        font = QFont(option.font)
        font.setPointSizeF(max(6.5, font.pointSizeF() * 0.85))
        metrics = QFontMetrics(font)
        width = metrics.horizontalAdvance(block_type)
        title_end = (
            option.rect.left()
            + option.decorationSize.width()
            + 14
            + QFontMetrics(option.font).horizontalAdvance(title)
        )
        right = option.rect.right() - 8
        if right - width < title_end + 10:
            return  # too narrow: the tooltip still names the type
        painter.save()
        painter.setFont(font)
        painter.setPen(option.palette.color(role))
        painter.drawText(
            QRectF(right - width, option.rect.top(), width, option.rect.height()),
            Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight,
            block_type,
        )
        painter.restore()


class _BlockTree(QTreeWidget):
    """The tree of categories and blocks; builds the drag itself."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setHeaderHidden(True)
        self.setColumnCount(1)
        self.setIconSize(QSize(20, 20))
        self.setIndentation(10)
        self.setRootIsDecorated(True)
        self.setUniformRowHeights(True)
        self.setDragEnabled(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setExpandsOnDoubleClick(True)
        self.setAnimated(False)
        self.setItemDelegate(_TypeKeyDelegate(self))

    def mimeTypes(self) -> list[str]:
        return [BLOCK_MIME]

    def mimeData(self, items) -> QMimeData:
        block_type = items[0].data(0, _TYPE_ROLE) if items else None
        return block_mime_data(block_type) if block_type else QMimeData()

    def startDrag(self, supported_actions) -> None:
        item = self.currentItem()
        block_type = item.data(0, _TYPE_ROLE) if item else None
        spec = get_spec(block_type) if block_type else None
        if spec is None:
            return
        drag = QDrag(self)
        drag.setMimeData(block_mime_data(spec.type))
        pixmap = drag_pixmap(spec)
        drag.setPixmap(pixmap)
        drag.setHotSpot(QPoint(18, pixmap.height() // 2))
        drag.exec(Qt.DropAction.CopyAction)


class BlockPalette(QWidget):
    """Search box and tree of every block type; drag one onto the canvas.

    Signals
    -------
    blockActivated(str)
        A block type's registry key, on double-click or Enter.
    """

    blockActivated = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(self.tr("Search blocks…"))
        self.search.setClearButtonEnabled(True)
        self._search_action = self.search.addAction(
            search_icon(self.palette().color(QPalette.ColorRole.PlaceholderText)),
            QLineEdit.ActionPosition.LeadingPosition,
        )
        self.search.setToolTip(
            self.tr("Filter by name, type or description (Esc clears, ↓ to the list)")
        )
        self.tree = _BlockTree(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(4)
        layout.addWidget(self.search)
        layout.addWidget(self.tree)
        self._categories: dict[str, QTreeWidgetItem] = {}
        self._blocks: dict[str, QTreeWidgetItem] = {}
        self._populate()
        self.search.textChanged.connect(self.set_filter)
        self.search.installEventFilter(self)
        self.tree.installEventFilter(self)
        self.tree.itemActivated.connect(self._on_activated)
        self.setFocusProxy(self.search)

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and hasattr(self, "_search_action"):
            colour = self.palette().color(QPalette.ColorRole.PlaceholderText)
            self._search_action.setIcon(search_icon(colour))

    # ----------------------------------------------------------------- building
    def _populate(self) -> None:
        specs = all_specs()
        order = list(CATEGORIES) + sorted({s.category for s in specs} - set(CATEGORIES))
        bold = QFont(self.font())
        bold.setBold(True)
        for category in order:
            members = [s for s in specs if s.category == category]
            if not members:
                continue
            head = QTreeWidgetItem(self.tree, [category_title(category)])
            head.setFont(0, bold)
            head.setFlags(Qt.ItemFlag.ItemIsEnabled)
            head.setSizeHint(0, QSize(0, 24))
            self._categories[category] = head
            for spec in members:
                self._blocks[spec.type] = self._block_item(head, spec)
        self.tree.expandAll()

    def _block_item(self, parent: QTreeWidgetItem, spec: BlockSpec) -> QTreeWidgetItem:
        title, help_text = block_title(spec), block_help(spec)
        item = QTreeWidgetItem(parent, [title])
        item.setIcon(0, category_icon(spec.category))
        item.setToolTip(0, _tooltip(spec))
        item.setStatusTip(0, help_text)
        item.setData(0, _TYPE_ROLE, spec.type)
        # English words find a block in either language (lessons and files use them).
        words = dict.fromkeys((title, spec.title, spec.type, help_text, spec.help))
        item.setData(0, _SEARCH_ROLE, " ".join(words).casefold())
        item.setFlags(
            Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDragEnabled
        )
        item.setSizeHint(0, QSize(0, 26))
        return item

    # ----------------------------------------------------------------- queries
    def block_types(self) -> list[str]:
        """Every block type in the palette, in display order."""
        return list(self._blocks)

    def visible_block_types(self) -> list[str]:
        """The block types the current search shows, in display order."""
        return [
            t
            for t, item in self._blocks.items()
            if not item.isHidden() and not item.parent().isHidden()
        ]

    def visible_categories(self) -> list[str]:
        return [c for c, item in self._categories.items() if not item.isHidden()]

    def mime_data(self, block_type: str) -> QMimeData:
        """What a drag of ``block_type`` carries (see :func:`block_mime_data`)."""
        return block_mime_data(block_type)

    # ----------------------------------------------------------------- filtering
    def set_filter(self, text: str) -> None:
        """Show only blocks whose title, type or help contains every word of ``text``."""
        if self.search.text() != text:
            self.search.setText(text)  # re-enters through textChanged
            return
        words = text.casefold().split()
        for head in self._categories.values():
            shown = 0
            for i in range(head.childCount()):
                child = head.child(i)
                match = all(w in child.data(0, _SEARCH_ROLE) for w in words)
                child.setHidden(not match)
                shown += match
            head.setHidden(shown == 0)
            if shown:
                head.setExpanded(True)
        current = self.tree.currentItem()
        if current is None or current.isHidden() or current.parent() is None:
            self._select_first()

    def _select_first(self) -> None:
        visible = self.visible_block_types()
        self.tree.setCurrentItem(self._blocks[visible[0]] if visible else None)

    # ----------------------------------------------------------------- keyboard
    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.KeyPress:
            key = event.key()
            if key == Qt.Key.Key_Escape and self.search.text():
                self.search.clear()
                self.search.setFocus()
                return True
            if watched is self.search and key in (Qt.Key.Key_Down, Qt.Key.Key_Up):
                self.tree.setFocus()
                if self.tree.currentItem() is None:
                    self._select_first()
                return True
            if watched is self.search and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self._activate_current()
                return True
        return super().eventFilter(watched, event)

    def _activate_current(self) -> None:
        item = self.tree.currentItem()
        if item is None or item.isHidden() or not item.data(0, _TYPE_ROLE):
            visible = self.visible_block_types()
            if not visible:
                return
            item = self._blocks[visible[0]]
        self._on_activated(item)

    def _on_activated(self, item: QTreeWidgetItem, column: int = 0) -> None:
        block_type = item.data(0, _TYPE_ROLE) if item else None
        if block_type:
            self.blockActivated.emit(block_type)
