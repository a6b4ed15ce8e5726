"""Start the application: checks, the window, then PyTorch in the background."""

from __future__ import annotations

import logging
import os
import sys
import time
from pathlib import Path

from app import startup

APP_NAME = "Convas"
log = logging.getLogger(__name__)


def run(path: str | Path | None = None) -> int:
    """Open the editor (with ``path`` when given) and return the exit code.

    3 when no window can be opened here (no display, or Qt's X11 plugin misses
    libraries); the message says what to do.
    """
    problem = startup.check_display()
    if problem:
        sys.stderr.write(problem + "\n")
        return startup.EXIT_NO_DISPLAY
    startup.install_excepthook()

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_NAME)

    from app import torch_loader
    from app.window import MainWindow

    window = MainWindow()
    _add_training(window)
    _add_insight(window)
    _watch_startup(window)
    window.show()
    if path is not None:
        window.open_initial(path)
    else:
        window.show_network_start()
    QTimer.singleShot(0, window.offer_recovery)
    QTimer.singleShot(100, torch_loader.start)
    code = app.exec()
    _release_clipboard(app)
    return code


def _watch_startup(window) -> None:
    """For bench/bench_startup.py: with ``CONVAS_STARTUP_PROBE`` set, write the time the
    window is first exposed to that file, then quit."""
    probe = os.environ.get("CONVAS_STARTUP_PROBE")
    if not probe:
        return
    from PySide6.QtCore import QEvent, QObject, QTimer

    class _Exposed(QObject):
        def eventFilter(self, obj, event):  # noqa: N802 (Qt override)
            if event.type() == QEvent.Type.Expose and obj.isExposed():
                Path(probe).write_text(repr(time.time()))
                obj.removeEventFilter(self)
                QTimer.singleShot(0, window.close)
            return False

    window.winId()  # creates the native window so its handle exists before show()
    window._startup_probe = _Exposed(window)
    window.windowHandle().installEventFilter(window._startup_probe)


def _release_clipboard(app) -> None:
    """Swap our QMimeData on the clipboard for plain text before Python tears down.

    Otherwise Qt frees the QMimeData after its Python wrapper is gone (a crash at exit);
    the copied fragment stays available to other programs as text.
    """
    from app.editing import FRAGMENT_MIME

    clipboard = app.clipboard()
    data = clipboard.mimeData()
    if data is not None and data.hasFormat(FRAGMENT_MIME):
        clipboard.setText(data.text())


def _add_training(window) -> None:
    """The Run menu and training docks; the editor still opens if they can't load."""
    try:
        from app.training import install_training

        window.training = install_training(window)
    except Exception as exc:  # noqa: BLE001  (logged with its traceback; editing goes on)
        log.exception("training views could not be added")
        window.show_message(f"Training is unavailable: {exc}")


def _add_insight(window) -> None:
    """The teaching docks (explainer, kernels, evaluation); the editor opens without them."""
    try:
        from app.insight import install_insight

        install_insight(window)
    except Exception as exc:  # noqa: BLE001  (logged with its traceback; editing goes on)
        log.exception("teaching views could not be added")
        window.show_message(f"Explainer and kernel views are unavailable: {exc}")
