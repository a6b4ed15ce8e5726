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

    from app import i18n

    i18n.install_translator(app, i18n.language_setting())

    from app.window import MainWindow

    window = MainWindow()
    _on_first_expose(window, lambda: _after_shown(window))
    window.show()
    if path is not None:
        window.open_initial(path)
    else:
        window.show_network_start()
    QTimer.singleShot(0, window.offer_recovery)
    code = app.exec()
    _release_clipboard(app)
    return code


def _on_first_expose(window, callback) -> None:
    """Call ``callback`` once, when the window is first on screen (its first expose)."""
    from PySide6.QtCore import QEvent, QObject

    class _Exposed(QObject):
        def eventFilter(self, obj, event):  # noqa: N802 (Qt override)
            if event.type() == QEvent.Type.Expose and obj.isExposed():
                obj.removeEventFilter(self)
                callback()
            return False

    window.winId()  # creates the native window so its handle exists before show()
    window._first_expose = _Exposed(window)
    window.windowHandle().installEventFilter(window._first_expose)


def _after_shown(window) -> None:
    """Once the window is visible: add the panels, then load torch in the background.

    With ``CONVAS_STARTUP_PROBE`` set (bench/bench_startup.py), write the time instead
    and quit.
    """
    from PySide6.QtCore import QTimer

    from app import torch_loader

    probe = os.environ.get("CONVAS_STARTUP_PROBE")
    if probe:
        Path(probe).write_text(repr(time.time()))
        QTimer.singleShot(0, window.close)
        return
    QTimer.singleShot(0, window.add_panels)
    QTimer.singleShot(100, torch_loader.start)


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
