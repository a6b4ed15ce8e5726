"""Pieces of the training controller that are not about widgets.

- :class:`Job`: a QObject that runs one function in a QThread and keeps its result.
- :class:`EventBuffer`: where the worker drops trainer events for the GUI to drain at
  screen rate (a deque: appends from the worker never wait for the GUI).
- :func:`push_fit_fixes`: one undo step for every fix the fit check offers (the
  commands live in :mod:`app.commands`); another number of classes gets a new head.
- :func:`compute_activations`: one sample through a trained model, in the GUI thread.
"""

from __future__ import annotations

import collections
import logging
import threading
import traceback
from collections.abc import Callable
from typing import Any

import numpy as np
from PySide6.QtCore import QCoreApplication, QObject, QThread, Signal, Slot
from PySide6.QtWidgets import QMessageBox, QWidget

from app.commands import ReplaceHead, SetManyParams
from engine.training.messages import error_text
from widgets.common import ask

log = logging.getLogger(__name__)
translate = QCoreApplication.translate


class Cancelled(Exception):
    """Raised inside a job (from a progress callback) when the user stopped it."""


class Job(QObject):
    """Runs ``work()`` once in the thread it was moved to.

    The outcome is kept in :attr:`result` or :attr:`error` (a one-line message) and
    :attr:`details` (the traceback); :attr:`cancelled` says the user stopped it. The
    controller reads them when the thread has finished, in the GUI thread.
    """

    finished = Signal()

    def __init__(self, name: str, work: Callable[[], Any]):
        super().__init__()
        self.name = name
        self._work = work
        self.result: Any = None
        self.error: str | None = None
        self.details = ""
        self.cancelled = False

    @Slot()
    def run(self) -> None:
        try:
            self.result = self._work()
        except Cancelled:
            self.cancelled = True
        except Exception as exc:  # reported to the user by the controller, never lost
            self.error = error_text(exc)
            # a child process's failure carries the child's traceback
            self.details = getattr(exc, "details", "") or traceback.format_exc()
            log.warning("%s failed: %s", self.name, self.details)
        finally:
            self.finished.emit()
            QThread.currentThread().quit()


def start_job(job: Job, on_finished: Callable[[], None]) -> QThread:
    """Move ``job`` to a new thread, start it; ``on_finished`` runs in the GUI thread after."""
    thread = QThread()
    thread.setObjectName(f"convas-{job.name}")
    job.moveToThread(thread)
    thread.started.connect(job.run)
    thread.finished.connect(on_finished)
    thread.start()
    return thread


class EventBuffer:
    """Thread-safe hand-over of trainer events and progress to the GUI thread."""

    def __init__(self):
        self._events: collections.deque = collections.deque()
        self._progress: tuple[float, str] | None = None
        self._lock = threading.Lock()

    def put(self, event: object) -> None:
        self._events.append(event)

    def set_progress(self, fraction: float, text: str) -> None:
        with self._lock:
            self._progress = (fraction, text)

    def progress_callback(self, cancel: threading.Event):
        """A ``progress(fraction, text)`` for loaders: records progress, raises
        :class:`Cancelled` once ``cancel`` is set (that is how Stop ends a load)."""

        def progress(fraction: float, text: str = "") -> None:
            if cancel.is_set():
                raise Cancelled()
            self.set_progress(fraction, text)

        return progress

    def drain(self) -> list:
        out = []
        while self._events:
            out.append(self._events.popleft())
        return out

    def take_progress(self) -> tuple[float, str] | None:
        with self._lock:
            progress, self._progress = self._progress, None
        return progress


def push_fit_fixes(document, issues, new_head=None) -> None:
    """Apply every fixable issue as ONE undo step ("Fit Network to Data"): the Input's
    new params, and for another number of classes a new head (the same edit as Replace
    Head, :class:`app.commands.ReplaceHead`: a fresh last Linear), made by
    ``new_head(classes)`` when given (the window places it where the old one is drawn)."""
    from engine.training.fit import SET_CLASSES

    fixes = [i for i in issues if i.node_id is not None and i.new_params]
    if not fixes:
        return
    params: dict[str, dict] = {}
    for issue in fixes:
        if issue.fix != SET_CLASSES:
            node_params = params.setdefault(
                issue.node_id, dict(document.graph.nodes[issue.node_id].params)
            )
            node_params.update(issue.new_params)
    text = translate("TrainingJobs", "Fit Network to Data")
    command = SetManyParams(document.graph, params, text)
    for issue in fixes:
        if issue.fix == SET_CLASSES:
            classes = issue.new_params["out_features"]
            command.adopt(new_head(classes) if new_head else ReplaceHead(document.graph, classes))
    document.push(command)


def compute_activations(compiled, node_id: str, node_type: str, x) -> np.ndarray:
    """What ``node_id`` outputs for one normalised sample ``x`` ``[C, H, W]``.

    ``compiled`` is an :class:`engine.compiler.CompiledModel` holding the weights to
    use (on the CPU). The Input gives the sample itself, the Output the network's output.
    """
    import torch

    from engine.training.artifacts import probe_activations

    sample = torch.as_tensor(np.asarray(x, dtype=np.float32))[None]
    activation = probe_activations(
        compiled.module, sample, compiled.module_names.get(node_id), is_output=node_type == "Output"
    )
    return activation.float().cpu().numpy()


def sample_picture(x, mean, std) -> np.ndarray:
    """A normalised sample ``[C, H, W]`` back to a uint8 picture ``[H, W, C]``."""
    x = np.asarray(x, dtype=np.float32)
    channels = x.shape[0]
    mean = np.asarray(mean, dtype=np.float32).reshape(-1, 1, 1)[:channels]
    std = np.asarray(std, dtype=np.float32).reshape(-1, 1, 1)[:channels]
    picture = np.clip(x * std + mean, 0.0, 1.0)
    return (picture.transpose(1, 2, 0) * 255 + 0.5).astype(np.uint8)


FIX, AS_IS = "fix", "as_is"


def ask_fit_fix(parent: QWidget | None, issues) -> str | None:
    """Say plainly why the network doesn't fit the data and offer the fix.

    Returns ``"fix"`` (apply the fixes, then train), ``"as_is"`` (train without them:
    offered when every issue is about the Input, since the images can be resized and
    converted instead), or None (don't train).
    """
    fixable = [i for i in issues if i.new_params]
    lines = "\n\n".join(_issue_text(issue) for issue in issues)
    box = QMessageBox(parent)
    box.setWindowTitle(translate("TrainingJobs", "The network doesn't fit the data"))
    box.setIcon(QMessageBox.Icon.Question if fixable else QMessageBox.Icon.Warning)
    box.setText(lines)
    answers = {}
    if fixable:
        box.setInformativeText(translate("TrainingJobs", "Fixing is one edit you can undo."))
        fix = box.addButton(
            translate("TrainingJobs", "Fix and Train"), QMessageBox.ButtonRole.AcceptRole
        )
        answers[fix] = FIX
        box.setDefaultButton(fix)
    if all(issue.fix == "adapt_input" for issue in issues):
        answers[
            box.addButton(
                translate("TrainingJobs", "Train As Is"), QMessageBox.ButtonRole.ActionRole
            )
        ] = AS_IS
    box.addButton(QMessageBox.StandardButton.Cancel)
    return ask(box, answers)


def _issue_text(issue) -> str:
    """The fit check's words; another number of classes is fixed by a new head."""
    if issue.fix != "set_classes":
        return issue.message
    return translate(
        "TrainingJobs",
        "The data have {classes} classes but the network's output has another size. "
        "Replace its head (the last Linear, “{block}”) with a fresh one of {classes} outputs?",
    ).format(classes=issue.new_params["out_features"], block=issue.node_id)


def duration_text(seconds: float | None) -> str:
    """``75`` -> ``"1:15"``, ``3725`` -> ``"1:02:05"``; ``"?"`` when unknown."""
    if seconds is None or seconds != seconds or seconds < 0 or seconds == float("inf"):
        return "?"
    seconds = int(round(seconds))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"
