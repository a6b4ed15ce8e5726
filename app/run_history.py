"""The window's side of a run history that heals: tell the user, keep training available.

:class:`engine.runs.RunStore` never fails to open: a damaged ``runs.sqlite`` is moved
aside and a fresh one started, or, where no file can be written, the history lives in
memory. Its ``notice`` says which; :func:`announce` shows it once in a non-modal message
(the window stays usable, the Run menu and the training panels stay), and shows any
later notice (damage found while in use, possibly from the training thread) the same way.

Hook: ``TrainingController.store`` calls :func:`announce` when it opens the history.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtWidgets import QMessageBox

log = logging.getLogger(__name__)


class _Notices(QObject):
    """Carries a notice from any thread to the GUI thread (a queued signal)."""

    posted = Signal(str)


def announce(controller, store) -> None:
    """Show ``store``'s notice now (if any) and every later one, on ``controller``."""

    def show(text: str) -> None:
        log.warning("run history: %s", text)
        controller.show_error(
            QCoreApplication.translate("RunHistory", "Run history"),
            text,
            icon=QMessageBox.Icon.Warning,
        )

    notices = _Notices(controller)
    notices.posted.connect(show)
    controller._history_notices = notices  # kept alive with the controller
    store.on_notice = notices.posted.emit
    if store.notice:
        show(store.notice)
