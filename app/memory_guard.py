"""The memory guard in the window: ask before training or exporting a network too large.

The command line refuses such a network with the figure (``engine.memory``); the window
asks instead, since the user may know better (memory about to be freed, swap): "Training
needs about 133 GB of memory (…), but 12 GB is available. Train anyway?", No by default.
A network that fits asks nothing.

Hooks: :func:`confirm_training` where Run → Train starts (``app/training.py``),
:func:`confirm_export` where every File → Export starts (``app/export_actions.py``).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from engine import memory
from engine.analysis import analyse


def confirm_training(parent: QWidget | None, graph, analysis, config) -> bool:
    """True when training ``graph`` with ``config`` fits, or the user says to go on."""
    from engine.gpu_memory import device_memory

    need = memory.training_need(graph, analysis, config)
    return _confirm(
        parent,
        memory.refusal(need, device_memory(config.device)),
        QCoreApplication.translate("MemoryGuard", "Train anyway?"),
    )


def confirm_export(parent: QWidget | None, graph) -> bool:
    """True when exporting ``graph`` fits in memory, or the user says to go on."""
    need = memory.export_need(graph, analyse(graph))
    return _confirm(
        parent,
        memory.refusal(need, memory.available_bytes()),
        QCoreApplication.translate("MemoryGuard", "Export anyway?"),
    )


def _confirm(parent: QWidget | None, reason: str | None, question: str) -> bool:
    if reason is None:
        return True
    text = f"{reason[:1].upper()}{reason[1:]}.\n\n{question}"
    answer = QMessageBox.question(
        parent,
        QCoreApplication.translate("MemoryGuard", "Not enough memory"),
        text,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    return answer == QMessageBox.StandardButton.Yes
