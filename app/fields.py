"""The window's receptive fields: computed on the GUI thread, traced in the background.

Every node's field is computed once per analysis (:func:`engine.teaching.receptive.
receptive_fields`, which never traces on the GUI thread). A composite whose effect isn't
cached yet (its module must be traced on the meta device, 20–40 ms, and torch imported
first) waits: :class:`FieldKeeper` hands it to one background worker, a plain thread
started when there is something to trace and gone when there is nothing left, which
traces it (importing torch if need be, or waiting while the loader imports it). When
the worker has traced all it was given, :attr:`FieldKeeper.arrived` fires on the GUI
thread, once, the same way whether the wait was for torch or for a trace: the window
recomputes the fields (from the cache now) and refreshes the views that show them.
Meanwhile they show "…" for the fields that wait (:meth:`FieldKeeper.waiting`).

A whole pass over a big network (opening a file, adding or deleting a block in it) is
also left until the canvas is painted: the fields show "…" and arrive a moment later
the same way (an open of a 3,000-block file paints 0.1 s sooner).
"""

from __future__ import annotations

import contextlib
import logging
import threading

from PySide6.QtCore import QObject, QTimer, Signal

from engine.analysis import Analysis
from engine.graph import Graph
from engine.teaching import receptive_inside
from engine.teaching.receptive import Fields, receptive_fields

log = logging.getLogger(__name__)

#: What a field that waits for its block to be traced shows.
WAITING_TEXT = "…"
#: How long closing the window waits for a trace in progress (seconds).
STOP_WAIT_S = 10.0
#: The worker lets the GUI thread finish what asked for the trace (the open or edit
#: being painted) before it starts to trace and compete for the interpreter (seconds).
START_DELAY_S = 0.05
#: From this many blocks a whole pass of the fields waits until the canvas is painted.
DEFER_NODES = 1000
#: ... and starts this long after (milliseconds): the paint comes first.
DEFER_MS = 30


class FieldKeeper(QObject):
    """Node id → receptive field for the window's current analysis (see module doc)."""

    arrived = Signal()  # traced effects are in: ask for the fields again

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._fields = Fields()
        self._analysis: Analysis | None = None
        self._stale = False
        self._lock = threading.Lock()
        self._queue: dict[tuple, tuple] = {}  # key → request, not yet traced
        self._failed: set[tuple] = set()  # traces that raised: not asked for again
        self._thread: threading.Thread | None = None
        self._stopped = False
        self._stop = threading.Event()  # wakes a worker waiting to start
        self.arrived.connect(self._mark_stale)

    def fields_for(self, graph: Graph, analysis: Analysis) -> Fields:
        """Every node's field for ``analysis`` of ``graph``: once per analysis, and again
        after traced effects arrived. What waits is traced in the background."""
        if analysis is not self._analysis or self._stale:
            if not self._stale and self._defer(graph, analysis):
                return self._fields
            self._fields = receptive_fields(graph, analysis)
            self._analysis, self._stale = analysis, False
            if self._fields.pending:
                self._ask(self._fields.pending)
        return self._fields

    def _defer(self, graph: Graph, analysis: Analysis) -> bool:
        """Leave a whole pass over a big network until after the paint (see module doc):
        every field waits, and :attr:`arrived` brings them."""
        if len(analysis.order) < DEFER_NODES or not analysis.structure_changed:
            return False
        self._fields = Fields()
        self._fields.complete = False
        self._fields.waiting = set(analysis.order)
        self._analysis = analysis
        QTimer.singleShot(DEFER_MS, self, self.arrived.emit)
        return True

    def waiting(self, node_id: str) -> bool:
        """Whether ``node_id``'s field waits for a block to be traced."""
        return node_id in self._fields.waiting

    def busy(self) -> bool:
        """Whether the worker is tracing (or about to)."""
        thread = self._thread
        return thread is not None and thread.is_alive()

    def stop(self) -> None:
        """Trace nothing more and let no result arrive (the window is closing); waits for
        a trace in progress to end."""
        with self._lock:
            self._stopped = True
            self._stop.set()
            self._queue.clear()
            thread = self._thread
        if thread is not None:
            thread.join(STOP_WAIT_S)

    # ----------------------------------------------------------------- the worker
    def _ask(self, pending: dict[tuple, tuple]) -> None:
        with self._lock:
            if self._stopped:
                return
            for key, request in pending.items():
                if not receptive_inside.cached(key) and key not in self._failed:
                    self._queue.setdefault(key, request)
            if self._queue and (self._thread is None or not self._thread.is_alive()):
                self._thread = threading.Thread(target=self._work, name="convas-fields")
                self._thread.start()

    def _work(self) -> None:
        """The worker: trace what is queued, one at a time; say so when all is done."""
        self._stop.wait(START_DELAY_S)
        while True:
            with self._lock:
                if self._stopped:
                    return
                if not self._queue:
                    self._thread_done()
                    return
                key = next(iter(self._queue))
                request = self._queue[key]
            self._trace(key, request)
            with self._lock:
                self._queue.pop(key, None)

    def _trace(self, key: tuple, request: tuple) -> None:
        if receptive_inside.cached(key):
            return
        try:
            receptive_inside.effect(*request, trace=True)
        except Exception as exc:  # noqa: BLE001  (no field for it; the editor goes on)
            with self._lock:
                self._failed.add(key)
            log.warning("could not trace %s for its receptive field: %s", request[0], exc)

    def _thread_done(self) -> None:
        """Called with the lock held, the queue empty: the GUI thread asks again."""
        self._thread = None
        with contextlib.suppress(RuntimeError):  # the window is gone
            self.arrived.emit()  # queued to the GUI thread (this object lives there)

    def _mark_stale(self) -> None:
        self._stale = True
