"""The open document: a graph, its file, its undo stack and its current analysis."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoStack

from engine.analysis import Analysis
from engine.graph import Graph, GraphEvent
from engine.i18n import translated
from engine.incremental import LiveAnalysis


class Document(QObject):
    """One network being edited.

    The :class:`Graph` object lives as long as the document: opening a file replaces
    its content (views subscribed to it rebuild from the ``RESET`` event). Every edit
    goes through :attr:`undo_stack`; the document is modified when the stack is not
    at its clean index, or when it was recovered from an autosave.

    Signals
    -------
    analysisChanged(object)
        A fresh :class:`engine.analysis.Analysis`, at most once per event-loop turn
        after edits that can change it (moves don't). It is an incremental update of
        the one before (:mod:`engine.incremental`): ``changed_since`` tells views which
        nodes to redraw.
    pathChanged(object)
        The file path (a ``Path``) or None.
    modifiedChanged(bool)
    aboutToReplace(), replaced()
        Before and after the whole content changes (open, new, recover).
    """

    aboutToReplace = Signal()
    replaced = Signal()
    analysisChanged = Signal(object)
    pathChanged = Signal(object)
    modifiedChanged = Signal(bool)

    def __init__(self, graph: Graph | None = None, parent: QObject | None = None):
        super().__init__(parent)
        self.graph = graph if graph is not None else Graph()
        self.undo_stack = QUndoStack(self)
        self._path: Path | None = None
        self._preset: str | None = None
        self._forced_modified = False
        #: Called with a preset's graph before it is shown (the window arranges it to read
        #: well in its canvas); None leaves the preset's own positions.
        self.prepare_preset: Callable[[Graph], None] | None = None
        #: Called with any other graph before it is shown (an opened file, a recovery,
        #: an import): the window arranges one that would not read (app.canvas_actions).
        self.prepare: Callable[[Graph], None] | None = None
        self._live = LiveAnalysis(self.graph)
        self._analysis = self._live.analysis
        self._pending = False
        self._was_modified = False
        #: Grows with every change (graph events and undo-stack moves, including edits
        #: that touch only ``graph.training``), so autosave can tell what it has written.
        self.changes = 0
        self.graph.subscribe(self._on_graph_event)
        self.undo_stack.cleanChanged.connect(self._update_modified)
        self.undo_stack.indexChanged.connect(self._count_change)

    # ----------------------------------------------------------------- state
    @property
    def path(self) -> Path | None:
        return self._path

    @property
    def preset(self) -> str | None:
        """The preset name when the document came from the gallery and is unsaved."""
        return self._preset

    @property
    def analysis(self) -> Analysis:
        """The analysis of the current graph (recomputed now if an edit is pending)."""
        if self._pending:
            self._run_analysis()
        return self._analysis

    def is_modified(self) -> bool:
        return self._forced_modified or not self.undo_stack.isClean()

    def display_name(self) -> str:
        """File stem, else the graph's name (a preset's in the user's language), else
        "Untitled"."""
        if self._path is not None:
            return self._path.stem
        return translated(self.graph.name) or self.tr("Untitled")

    def set_path(self, path: Path | str | None) -> None:
        self._path = None if path is None else Path(path)
        if path is not None:
            self._preset = None
        self.pathChanged.emit(self._path)

    def mark_saved(self, path: Path | str) -> None:
        """The graph was just written to ``path``: that is now the clean state."""
        self._forced_modified = False
        self.set_path(path)
        self.undo_stack.setClean()
        self._update_modified()

    # ----------------------------------------------------------------- content
    def replace(
        self,
        graph: Graph,
        path: Path | str | None = None,
        preset: str | None = None,
        modified: bool = False,
    ) -> None:
        """Show ``graph`` instead of the current content; the undo history starts afresh."""
        self.aboutToReplace.emit()
        self.undo_stack.clear()
        if preset is not None and self.prepare_preset is not None:
            self.prepare_preset(graph)
        elif preset is None and self.prepare is not None:
            self.prepare(graph)
        self.graph.replace_all(graph)
        self._forced_modified = modified
        self._path = None if path is None else Path(path)
        self._preset = preset
        self.undo_stack.setClean()
        self.pathChanged.emit(self._path)
        self._update_modified()
        self._run_analysis()
        self.replaced.emit()

    def set_canvas_options(self, options: dict) -> None:
        """Keep the canvas's view options (folded stages…) in the graph's ``meta``: saved
        with the document, but not an edit (no undo step, not "modified")."""
        if (self.graph.meta or {}).get("canvas") != options:
            self.graph.set_meta("canvas", options)

    def push(self, command) -> None:
        """Do an edit and put it on the undo stack."""
        self.undo_stack.push(command)

    # ----------------------------------------------------------------- internals
    def _count_change(self, *_args) -> None:
        self.changes += 1

    def _on_graph_event(self, event: GraphEvent) -> None:
        self.changes += 1
        self._live.note(event)
        if not self._pending and self._live.pending:
            self._pending = True
            QTimer.singleShot(0, self, self._flush)

    def _flush(self) -> None:
        if self._pending:
            self._run_analysis()

    def _run_analysis(self) -> None:
        self._pending = False
        self._analysis = self._live.update()
        self.analysisChanged.emit(self._analysis)

    def _update_modified(self, *_args) -> None:
        modified = self.is_modified()
        if modified != self._was_modified:
            self._was_modified = modified
            self.modifiedChanged.emit(modified)
