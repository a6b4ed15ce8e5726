"""The preset gallery: pick a shipped network (LeNet-5, ResNet-18, ...) to open.

A searchable list of cards on the left, details of the highlighted preset on the right
(description, input and output shapes, parameters, MACs, block count and a strip of
its layers coloured by category). Each preset is loaded and analysed only when first
needed, one per event-loop turn, and the result is cached.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QModelIndex, QRectF, QSize, Qt, QTimer
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from engine.analysis import analyse
from engine.graph import Graph
from engine.registry import get_spec
from widgets.format import human_count, shape_text, thousands
from widgets.icons import category_color, search_icon
from widgets.language import category_title

_NAME_ROLE = Qt.ItemDataRole.UserRole + 1


@dataclass(frozen=True)
class PresetSummary:
    """What the gallery shows of one analysed preset."""

    input_shape: tuple[int, ...] | None
    output_shape: tuple[int, ...] | None
    params: int
    macs: int
    blocks: int
    categories: tuple[str, ...]  # of the nodes, in topological order
    problems: int


def summarise(graph: Graph) -> PresetSummary:
    """Analyse ``graph`` into what a gallery card and the details need."""
    analysis = analyse(graph)
    input_shape = analysis.nodes[analysis.input_id].shape if analysis.input_id else None
    categories = []
    for nid in analysis.order:
        spec = get_spec(graph.nodes[nid].type)
        categories.append(spec.category if spec else "")
    return PresetSummary(
        input_shape,
        analysis.output_shape,
        analysis.total_params,
        analysis.total_macs,
        len(graph.nodes),
        tuple(categories),
        len(analysis.problems),
    )


# Per loader: the shipped presets never change while the app runs.
_shared_cache: dict[Callable, dict[str, PresetSummary]] = {}


#: :func:`search_rank` of a preset the search doesn't match.
NO_MATCH = 4


def _squashed(text: str) -> str:
    """Lower case without spaces, dashes and underscores ("MobileNet-V2" → "mobilenetv2")."""
    return re.sub(r"[\W_]+", "", text.casefold())


def search_rank(info, words: list[str]) -> int:
    """0 when the search is the preset's name or title ("mobilenetv2" → MobileNetV2, not
    Small MobileNetV2), 1 when one begins with it, 2 when every word is in them
    ("resnet" → ResNet-18), 3 when some are only in its description (DenseNet-121
    mentions ResNet), else :data:`NO_MATCH`."""
    named = f"{info.name} {info.title}".casefold()
    described = f"{named} {info.description}".casefold()
    if all(w in named for w in words):
        query, names = _squashed("".join(words)), (_squashed(info.name), _squashed(info.title))
        if query and query in names:
            return 0
        return 1 if query and any(n.startswith(query) for n in names) else 2
    return 3 if all(w in described for w in words) else NO_MATCH


def _stats_line(summary: PresetSummary | None) -> str:
    if summary is None:
        return "…"
    params, macs = human_count(summary.params), human_count(summary.macs)
    return QCoreApplication.translate(
        "PresetGallery", "{shape} in  ·  {params} params  ·  {macs} MACs"
    ).format(shape=shape_text(summary.input_shape), params=params, macs=macs)


class _CardDelegate(QStyledItemDelegate):
    """Draws a preset as a card: title, one line of description, stats."""

    def __init__(self, gallery: PresetGallery):
        super().__init__(gallery)
        self.gallery = gallery

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:
        height = QFontMetrics(option.font).height()
        return QSize(240, height * 3 + 22)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        painter.save()
        style = option.widget.style() if option.widget else None
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, option.widget)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        palette = option.palette
        text = palette.color(
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        )
        muted = QColor(text)
        muted.setAlphaF(0.68)
        rect = option.rect.adjusted(12, 7, -10, -7)
        line = QFontMetrics(option.font).height()
        name = index.data(_NAME_ROLE)
        info = self.gallery.info(name)
        summary = self.gallery.cached_summary(name)
        title_font = QFont(option.font)
        title_font.setBold(True)
        painter.setFont(title_font)
        painter.setPen(text)
        painter.drawText(
            QRectF(rect.left(), rect.top(), rect.width(), line),
            Qt.AlignmentFlag.AlignLeft,
            info.title,
        )
        painter.setFont(option.font)
        painter.setPen(muted)
        metrics = QFontMetrics(option.font)
        description = metrics.elidedText(
            info.description, Qt.TextElideMode.ElideRight, rect.width()
        )
        painter.drawText(
            QRectF(rect.left(), rect.top() + line + 2, rect.width(), line),
            Qt.AlignmentFlag.AlignLeft,
            description,
        )
        small = QFont(option.font)
        small.setPointSizeF(max(6.5, small.pointSizeF() * 0.88))
        painter.setFont(small)
        stats = QFontMetrics(small).elidedText(
            _stats_line(summary), Qt.TextElideMode.ElideRight, rect.width()
        )
        painter.drawText(
            QRectF(rect.left(), rect.top() + 2 * line + 6, rect.width(), line),
            Qt.AlignmentFlag.AlignLeft,
            stats,
        )
        painter.restore()


class _LayerStrip(QWidget):
    """One thin bar per block, coloured by category: the shape of the network at a glance."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.categories: tuple[str, ...] = ()
        self.setMinimumHeight(22)
        self.setMaximumHeight(22)

    def set_categories(self, categories: tuple[str, ...]) -> None:
        self.categories = categories
        self.setToolTip(
            self.tr("Blocks in order, coloured by category:")
            + "\n"
            + "\n".join(f"• {category_title(c)}" for c in dict.fromkeys(categories))
        )
        self.update()

    def paintEvent(self, event) -> None:
        if not self.categories:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        n = len(self.categories)
        gap = 2.0 if self.width() / n > 6 else 0.0
        step = self.width() / n
        for i, category in enumerate(self.categories):
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(category_color(category))
            painter.drawRoundedRect(
                QRectF(i * step, 2, max(1.0, step - gap), self.height() - 4), 2, 2
            )
        painter.end()


class PresetGallery(QDialog):
    """Choose a preset network; after ``exec()``, :meth:`chosen_name` says which.

    Parameters
    ----------
    presets, loader
        The presets to list and how to load one; by default
        ``engine.presets.list_presets()`` and ``engine.presets.load_preset``.
    """

    def __init__(
        self,
        parent: QWidget | None = None,
        presets: list | None = None,
        loader: Callable[[str], Graph] | None = None,
    ):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Open a preset network"))
        self.setObjectName("preset-gallery")
        module = (
            None
            if presets is not None and loader is not None
            else importlib.import_module("engine.presets")
        )
        self._infos = {
            p.name: p for p in (presets if presets is not None else module.list_presets())
        }
        self._loader = loader or module.load_preset
        self._cache = _shared_cache.setdefault(self._loader, {}) if loader is None else {}
        self._errors: dict[str, str] = {}
        self._chosen: str | None = None
        self._pending: list[str] = []
        self._build()
        self._fill()
        self.resize(840, 540)

    # ----------------------------------------------------------------- building
    def _build(self) -> None:
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Search presets…"))
        self.search.setClearButtonEnabled(True)
        self.search.addAction(
            search_icon(self.palette().color(QPalette.ColorRole.PlaceholderText)),
            QLineEdit.ActionPosition.LeadingPosition,
        )
        self.search.textChanged.connect(self._apply_filter)
        self.list = QListWidget()
        self.list.setItemDelegate(_CardDelegate(self))
        self.list.setUniformItemSizes(True)
        self.list.setSpacing(1)
        self.list.currentItemChanged.connect(self._on_current)
        self.list.itemDoubleClicked.connect(lambda _item: self.accept())
        left = QVBoxLayout()
        left.addWidget(self.search)
        left.addWidget(self.list, 1)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Open | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        body = QHBoxLayout()
        body.addLayout(left, 5)
        body.addWidget(self._build_details(), 6)
        layout = QVBoxLayout(self)
        layout.addLayout(body, 1)
        layout.addWidget(self.buttons)

    def _build_details(self) -> QWidget:
        panel = QFrame()
        panel.setFrameShape(QFrame.Shape.StyledPanel)
        panel.setBackgroundRole(QPalette.ColorRole.Base)
        panel.setAutoFillBackground(True)
        column = QVBoxLayout(panel)
        column.setContentsMargins(18, 16, 18, 16)
        column.setSpacing(10)
        self.title = QLabel()
        font = QFont(self.title.font())
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.45)
        self.title.setFont(font)
        self.description = QLabel()
        self.description.setWordWrap(True)
        self.description.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.strip = _LayerStrip()
        grid = QGridLayout()
        grid.setHorizontalSpacing(16)
        grid.setVerticalSpacing(5)
        self.facts: dict[str, QLabel] = {}
        names = (
            ("Input", self.tr("Input")),
            ("Output", self.tr("Output")),
            ("Parameters", self.tr("Parameters")),
            ("MACs", self.tr("MACs")),
            ("Blocks", self.tr("Blocks")),
        )
        for row, (name, text) in enumerate(names):
            caption = QLabel(text)
            caption.setForegroundRole(QPalette.ColorRole.PlaceholderText)
            value = QLabel()
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            grid.addWidget(caption, row, 0)
            grid.addWidget(value, row, 1)
            self.facts[name] = value
        grid.setColumnStretch(1, 1)
        column.addWidget(self.title)
        column.addWidget(self.strip)
        column.addLayout(grid)
        column.addWidget(self.description, 1)
        return panel

    def _fill(self) -> None:
        for name, info in self._infos.items():
            item = QListWidgetItem()
            item.setData(_NAME_ROLE, name)
            item.setToolTip(info.description)
            self.list.addItem(item)
        if self.list.count():
            self.list.setCurrentRow(0)
        self._pending = [n for n in self._infos if n not in self._cache]
        QTimer.singleShot(0, self, self._summarise_next)

    # ----------------------------------------------------------------- data
    def info(self, name: str):
        return self._infos[name]

    def cached_summary(self, name: str) -> PresetSummary | None:
        """The summary of ``name`` if computed already (cards never block on loading)."""
        return self._cache.get(name)

    def summary(self, name: str) -> PresetSummary | None:
        """The summary of ``name``, loading and analysing it now if needed (None on error)."""
        if name not in self._cache and name not in self._errors:
            try:
                self._cache[name] = summarise(self._loader(name))
            except Exception as exc:  # a broken file must not break the gallery
                self._errors[name] = str(exc) or type(exc).__name__
        return self._cache.get(name)

    def _summarise_next(self) -> None:
        while self._pending:
            name = self._pending.pop(0)
            if name not in self._cache:
                self.summary(name)
                self.list.viewport().update()
                QTimer.singleShot(0, self, self._summarise_next)
                return

    # ----------------------------------------------------------------- choosing
    def chosen_name(self) -> str | None:
        """The preset picked with Open or a double-click, or None if cancelled."""
        return self._chosen

    def current_name(self) -> str | None:
        item = self.list.currentItem()
        return item.data(_NAME_ROLE) if item is not None and not item.isHidden() else None

    def names(self) -> list[str]:
        """The names the list shows now (after the search)."""
        return [
            self.list.item(i).data(_NAME_ROLE)
            for i in range(self.list.count())
            if not self.list.item(i).isHidden()
        ]

    def select(self, name: str) -> None:
        for i in range(self.list.count()):
            if self.list.item(i).data(_NAME_ROLE) == name:
                self.list.setCurrentRow(i)
                return

    def accept(self) -> None:
        name = self.current_name()
        if name is None:
            return
        self._chosen = name
        super().accept()

    def reject(self) -> None:
        self._chosen = None
        super().reject()

    def _apply_filter(self, text: str) -> None:
        """Show the presets matching every word; those named after the search first."""
        words = text.casefold().split()
        ranks = {name: search_rank(info, words) for name, info in self._infos.items()}
        order = sorted(self._infos, key=lambda name: ranks[name])  # stable: gallery order
        for row, name in enumerate(order):
            index = next(i for i in range(self.list.count()) if self._name_at(i) == name)
            if index != row:
                self.list.insertItem(row, self.list.takeItem(index))
        for i in range(self.list.count()):
            self.list.item(i).setHidden(ranks[self._name_at(i)] >= NO_MATCH)
        current = self.list.currentItem()
        if current is None or current.isHidden():
            shown = self.names()
            if shown:
                self.select(shown[0])
            else:
                self._show_details(None)

    def _name_at(self, row: int) -> str:
        return self.list.item(row).data(_NAME_ROLE)

    def _on_current(self, current: QListWidgetItem | None, _previous=None) -> None:
        self._show_details(current.data(_NAME_ROLE) if current is not None else None)

    def _show_details(self, name: str | None) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Open).setEnabled(name is not None)
        if name is None:
            self.title.setText(self.tr("No preset matches"))
            self.description.setText("")
            self.strip.set_categories(())
            for label in self.facts.values():
                label.setText("")
            return
        info = self._infos[name]
        summary = self.summary(name)
        self.title.setText(info.title)
        self.description.setText(info.description or "")
        if summary is None:
            self.description.setText(
                self.tr("Can't read this preset: {error}").format(error=self._errors.get(name, ""))
            )
        self.strip.set_categories(summary.categories if summary else ())
        self._show_facts(summary)
        self.list.viewport().update()

    def _show_facts(self, s: PresetSummary | None) -> None:
        values = {
            "Input": shape_text(s.input_shape) if s else "—",
            "Output": shape_text(s.output_shape) if s else "—",
            "Parameters": f"{thousands(s.params)}  ({human_count(s.params)})" if s else "—",
            "MACs": f"{thousands(s.macs)}  ({human_count(s.macs)})" if s else "—",
            "Blocks": str(s.blocks) if s else "—",
        }
        for key, text in values.items():
            self.facts[key].setText(text)
