"""The panels added just after the window first shows: training, teaching, export.

Each pulls in pyqtgraph and the viewers (about a second), so :func:`add_panels` builds
them once the window is on screen, in the one order that gives each controller what it
needs (the teaching views and the exports use the training controller). Their docks
exist from the start (:mod:`app.docks`) and are filled here. A panel that fails to load
is logged, its docks say so, and the editor still works.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from app import layout

log = logging.getLogger(__name__)
translate = QCoreApplication.translate

#: The docks each panel fills (they say "unavailable" when it fails to load).
TRAINING_DOCKS = ("training", "feature-maps", "plots", "data", "runs")
INSIGHT_DOCKS = ("explain", "kernels", "evaluation")
LESSON_DOCKS = ("image-numbers", "stacked-kernels", "receptive-field")
EXPORT_DOCKS = ("code",)


def add_panels(window) -> None:
    """Build the training, teaching and export controllers of ``window``."""
    from app.export_menu import install_export
    from app.insight import install_insight
    from app.lessons import install_lessons
    from app.training import install_training

    window.training = _build(
        window,
        QT_TRANSLATE_NOOP("Main", "Training"),
        TRAINING_DOCKS,
        lambda: install_training(window, window.document),
    )
    window.insight = _build(
        window,
        QT_TRANSLATE_NOOP("Main", "The explainer, kernel and evaluation views"),
        INSIGHT_DOCKS,
        lambda: install_insight(window, window.document, window.training),
    )
    window.lessons = _build(
        window,
        QT_TRANSLATE_NOOP("Main", "The lesson views"),
        LESSON_DOCKS,
        lambda: install_lessons(window, window.document, window.training),
    )
    window.exports = _build(
        window,
        QT_TRANSLATE_NOOP("Main", "Export and import"),
        EXPORT_DOCKS,
        lambda: install_export(window, window.training),
    )
    layout.restore_splitters(window)
    window.readable_tabs()


def _build(window, what: str, docks: tuple[str, ...], install):
    """``install()``'s controller, or None (said in the status bar and the docks)."""
    try:
        return install()
    except Exception as exc:  # noqa: BLE001  (logged with its traceback; editing goes on)
        log.exception("%s could not be added", what)
        text = translate("Main", "{what} unavailable: {error}").format(
            what=translate("Main", what), error=exc
        )
        window.show_message(text)
        for name in docks:
            window.docks.unavailable(name, text)
        return None
