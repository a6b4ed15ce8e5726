"""The Code dock: the network as the PyTorch source an export writes, kept up to date.

:class:`CodePreview` follows a :class:`~engine.graph.Graph`: after an edit it waits
:data:`DEBOUNCE_MS` for the next one, then regenerates ``model.py`` with
:func:`engine.export.generate_code` (pure and torch-free, about a millisecond). While
the dock is hidden or tabbed away nothing is generated; the text catches up when it is
shown. A graph that can't compile shows its problems instead of code. Selecting a
node scrolls to its lines (its layer in ``__init__`` and its statement in ``forward``)
and highlights them.
"""

from __future__ import annotations

import logging
import weakref
from pathlib import Path

import shiboken6
from PySide6.QtCore import QEvent, QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QFontDatabase,
    QGuiApplication,
    QPainter,
    QPalette,
    QTextCursor,
    QTextFormat,
)
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QStackedWidget,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from engine.export import ExportError, generate_code
from engine.graph import Graph, GraphEvent
from engine.i18n import os_reason
from widgets.syntax import PythonHighlighter, is_dark

log = logging.getLogger(__name__)

#: Quiet time after an edit before the code is regenerated.
DEBOUNCE_MS = 150
CODE_PAGE, PROBLEMS_PAGE = 0, 1


class _LineNumbers(QWidget):
    def __init__(self, view: CodeView):
        super().__init__(view)
        self.view = view

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        return QSize(self.view.line_number_width(), 0)

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt override)
        self.view.paint_line_numbers(self, event)


class CodeView(QPlainTextEdit):
    """A read-only, monospace code view with line numbers and highlighted lines."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setReadOnly(True)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        self.setFont(font)
        self.highlighter = PythonHighlighter(self.document(), is_dark(self.palette()))
        self.numbers = _LineNumbers(self)
        self.marked: list[int] = []
        self.blockCountChanged.connect(self._update_margin)
        self.updateRequest.connect(self._update_numbers)
        self._update_margin()

    def line_number_width(self) -> int:
        digits = len(str(max(1, self.blockCount())))
        return 12 + self.fontMetrics().horizontalAdvance("9") * max(3, digits)

    def _update_margin(self, *_args) -> None:
        self.setViewportMargins(self.line_number_width(), 0, 0, 0)

    def _update_numbers(self, rect: QRect, dy: int) -> None:
        if dy:
            self.numbers.scroll(0, dy)
        else:
            self.numbers.update(0, rect.y(), self.numbers.width(), rect.height())

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        rect = self.contentsRect()
        self.numbers.setGeometry(
            QRect(rect.left(), rect.top(), self.line_number_width(), rect.height())
        )

    def paint_line_numbers(self, area: QWidget, event) -> None:
        palette = self.palette()
        painter = QPainter(area)
        painter.fillRect(event.rect(), palette.color(QPalette.ColorRole.AlternateBase))
        dim = palette.color(QPalette.ColorRole.PlaceholderText)
        bright = palette.color(QPalette.ColorRole.Text)
        block = self.firstVisibleBlock()
        top = round(self.blockBoundingGeometry(block).translated(self.contentOffset()).top())
        height = self.fontMetrics().height()
        while block.isValid() and top <= event.rect().bottom():
            bottom = top + round(self.blockBoundingRect(block).height())
            if block.isVisible() and bottom >= event.rect().top():
                number = block.blockNumber() + 1
                painter.setPen(bright if number in self.marked else dim)
                painter.drawText(
                    0, top, area.width() - 6, height, Qt.AlignmentFlag.AlignRight, str(number)
                )
            block, top = block.next(), bottom
        painter.end()

    def mark_lines(self, lines: list[int], scroll_to: int | None = None) -> None:
        """Highlight 1-based ``lines`` (the first most strongly); scroll to ``scroll_to``."""
        self.marked = [n for n in lines if 1 <= n <= self.blockCount()]
        highlight = self.palette().color(QPalette.ColorRole.Highlight)
        selections = []
        for i, number in enumerate(self.marked):
            selection = QTextEdit.ExtraSelection()
            colour = QColor(highlight)
            colour.setAlphaF(0.35 if i == 0 else 0.18)
            selection.format.setBackground(colour)
            selection.format.setProperty(QTextFormat.Property.FullWidthSelection, True)
            selection.cursor = QTextCursor(self.document().findBlockByNumber(number - 1))
            selections.append(selection)
        self.setExtraSelections(selections)
        if scroll_to is not None and 1 <= scroll_to <= self.blockCount():
            self.setTextCursor(QTextCursor(self.document().findBlockByNumber(scroll_to - 1)))
            self.centerCursor()
        self.numbers.update()

    def changeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().changeEvent(event)
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            self.highlighter.set_dark(is_dark(self.palette()))
            self.mark_lines(list(self.marked))


class _Listener:
    """Forwards graph events without keeping a deleted preview alive."""

    def __init__(self, preview: CodePreview, graph: Graph):
        self._preview = weakref.ref(preview)
        self._graph = graph

    def __call__(self, event: GraphEvent) -> None:
        preview = self._preview()
        if preview is None or not shiboken6.isValid(preview):
            self._graph.unsubscribe(self)
            return
        preview.schedule()


class CodePreview(QWidget):
    """The generated ``model.py`` of a graph, or why it can't be generated.

    Signals
    -------
    nodeActivated(str)
        A line of code or a problem was double-clicked: the node it belongs to.
    message(str)
        A short status message ("Copied the code.").
    """

    nodeActivated = Signal(str)
    message = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.graph: Graph | None = None
        self.line_map: dict[str, int] = {}
        self.forward_line_map: dict[str, int] = {}
        self.problems: list[tuple[str | None, str]] = []
        self.generations = 0
        #: Folder the Save As dialog starts in.
        self.start_folder = ""
        self._selected: str | None = None
        self._stale = True
        self._listener: _Listener | None = None
        self._timer = QTimer(self, singleShot=True, interval=DEBOUNCE_MS)
        self._timer.timeout.connect(self._on_timer)
        self._build()

    def _build(self) -> None:
        self.view = CodeView(self)
        self.view.viewport().installEventFilter(self)
        self.problem_list = QListWidget(self)
        self.problem_list.itemActivated.connect(self._on_problem_activated)
        self.problem_title = QLabel(self.tr("The network can't be turned into code yet:"))
        self.problem_title.setWordWrap(True)
        problems_page = QWidget(self)
        column = QVBoxLayout(problems_page)
        column.setContentsMargins(6, 6, 6, 6)
        column.addWidget(self.problem_title)
        column.addWidget(self.problem_list)
        self.pages = QStackedWidget(self)
        self.pages.addWidget(self.view)
        self.pages.addWidget(problems_page)
        self.status = QLabel(self)
        self.copy_button = QPushButton(self.tr("Copy"), self)
        self.copy_button.setToolTip(self.tr("Copy the code to the clipboard"))
        self.copy_button.clicked.connect(self.copy)
        self.save_button = QPushButton(self.tr("Save as…"), self)
        self.save_button.setToolTip(self.tr("Save the code as a Python file"))
        self.save_button.clicked.connect(lambda: self.save_as())
        bar = QHBoxLayout()
        bar.setContentsMargins(6, 4, 6, 0)
        bar.addWidget(self.status, 1)
        bar.addWidget(self.copy_button)
        bar.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(bar)
        layout.addWidget(self.pages, 1)

    # ----------------------------------------------------------------- following a graph
    def set_graph(self, graph: Graph) -> None:
        """Show the code of ``graph`` and follow its edits from now on."""
        if self._listener is not None and self.graph is not None:
            self.graph.unsubscribe(self._listener)
        self.graph = graph
        self._listener = _Listener(self, graph)
        graph.subscribe(self._listener)
        self._stale = True
        if self.isVisible():
            self.refresh()

    def schedule(self) -> None:
        """The graph changed: regenerate after a quiet moment (only while shown)."""
        self._stale = True
        if self.isVisible():
            self._timer.start()

    def is_stale(self) -> bool:
        """Whether the text is older than the graph (edits since, while hidden)."""
        return self._stale

    def _on_timer(self) -> None:
        if self.isVisible():
            self.refresh()

    def showEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().showEvent(event)
        if self._stale:
            self.refresh()

    def refresh(self) -> None:
        """Regenerate the code now."""
        self._timer.stop()
        self._stale = False
        if self.graph is None:
            return
        self.generations += 1
        try:
            code = generate_code(self.graph)
        except ExportError as exc:
            problems = [(p.node, p.message) for p in exc.problems] or [(None, str(exc))]
            self.show_problems(problems)
            return
        except Exception as exc:  # a bug in code generation must not break the window
            log.exception("generating the code preview failed")
            self.show_problems([(None, f"{type(exc).__name__}: {exc}")])
            return
        self.show_code(code.model_py, code.line_map, code.forward_line_map)

    # ----------------------------------------------------------------- content
    def show_code(
        self, text: str, line_map: dict[str, int], forward_line_map: dict[str, int] | None = None
    ) -> None:
        """Show ``text``; ``line_map`` (node id → 1-based line) drives the highlighting."""
        self.problems = []
        self.line_map = dict(line_map)
        self.forward_line_map = dict(forward_line_map or {})
        if text != self.view.toPlainText():
            scroll = self.view.verticalScrollBar().value()
            self.view.setPlainText(text)
            self.view.verticalScrollBar().setValue(scroll)
        self.pages.setCurrentIndex(CODE_PAGE)
        lines = len(text.splitlines())
        self.status.setText(self.tr("model.py · {count} lines").format(count=lines))
        self.copy_button.setEnabled(True)
        self.save_button.setEnabled(True)
        self._mark_selected(scroll=False)

    def show_problems(self, problems: list[tuple[str | None, str]]) -> None:
        """Show why there is no code: ``(node id or None, message)`` pairs."""
        self.problems = list(problems)
        self.line_map, self.forward_line_map = {}, {}
        self.problem_list.clear()
        for node, text in self.problems:
            item = QListWidgetItem(f"⚠ {node}: {text}" if node else f"⚠ {text}")
            item.setData(Qt.ItemDataRole.UserRole, node)
            item.setToolTip(text)
            self.problem_list.addItem(item)
        self.pages.setCurrentIndex(PROBLEMS_PAGE)
        count = len(self.problems)
        text = (
            self.tr("No code: {count} problem")
            if count == 1
            else self.tr("No code: {count} problems")
        )
        self.status.setText(text.format(count=count))
        self.copy_button.setEnabled(False)
        self.save_button.setEnabled(False)

    def code(self) -> str:
        """The code shown ("" while problems are shown instead)."""
        return "" if self.problems else self.view.toPlainText()

    def showing_problems(self) -> bool:
        return self.pages.currentIndex() == PROBLEMS_PAGE

    # ----------------------------------------------------------------- selection
    def select_nodes(self, ids: list) -> None:
        """Highlight the lines of the one selected node (several or none: no highlight)."""
        self._selected = ids[0] if len(ids) == 1 else None
        self._mark_selected(scroll=True)

    def highlighted_lines(self) -> list[int]:
        """1-based lines highlighted now (the selected node's)."""
        return list(self.view.marked)

    def _mark_selected(self, scroll: bool) -> None:
        node = self._selected
        first = self.line_map.get(node) if node else None
        if first is None:
            self.view.mark_lines([])
            return
        second = self.forward_line_map.get(node)
        lines = [first] + ([second] if second and second != first else [])
        self.view.mark_lines(lines, first if scroll else None)

    def node_at_line(self, line: int) -> str | None:
        """The node whose layer or statement is on 1-based ``line``."""
        for mapping in (self.line_map, self.forward_line_map):
            for node, number in mapping.items():
                if number == line:
                    return node
        return None

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt override)
        if watched is self.view.viewport() and event.type() == QEvent.Type.MouseButtonDblClick:
            line = self.view.cursorForPosition(event.position().toPoint()).blockNumber() + 1
            node = self.node_at_line(line)
            if node is not None:
                self.nodeActivated.emit(node)
                return True
        return super().eventFilter(watched, event)

    def _on_problem_activated(self, item: QListWidgetItem) -> None:
        node = item.data(Qt.ItemDataRole.UserRole)
        if node:
            self.nodeActivated.emit(node)

    # ----------------------------------------------------------------- buttons
    def copy(self) -> None:
        """Put the code on the clipboard."""
        text = self.code()
        if text:
            QGuiApplication.clipboard().setText(text)
            self.message.emit(self.tr("Copied the code to the clipboard."))

    def save_as(self, path: str | Path | None = None) -> Path | None:
        """Write the code to ``path`` (asked for when None); the path written, or None."""
        text = self.code()
        if not text:
            return None
        if path is None:
            start = str(Path(self.start_folder) / "model.py") if self.start_folder else "model.py"
            chosen, _ = QFileDialog.getSaveFileName(
                self, self.tr("Save Code As"), start, self.tr("Python files (*.py);;All files (*)")
            )
            if not chosen:
                return None
            path = Path(chosen)
            if not path.suffix:
                path = path.with_suffix(".py")
        path = Path(path)
        try:
            path.write_text(text, encoding="utf-8")
        except OSError as exc:
            QMessageBox.warning(self, self.tr("Can't save the code"), f"{path}: {os_reason(exc)}")
            return None
        self.message.emit(self.tr("Saved the code to {path}.").format(path=path))
        return path
