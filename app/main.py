"""Start the application: checks, the window, then PyTorch in the background."""

from __future__ import annotations

import logging
import sys
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
    window.show()
    if path is not None:
        window.open_initial(path)
    else:
        window.show_network_start()
    QTimer.singleShot(0, window.offer_recovery)
    QTimer.singleShot(100, torch_loader.start)
    return app.exec()


def _add_training(window) -> None:
    """The Run menu and training docks; the editor still opens if they can't load."""
    try:
        from app.training import install_training

        window.training = install_training(window)
    except Exception as exc:  # noqa: BLE001  (logged with its traceback; editing goes on)
        log.exception("training views could not be added")
        window.show_message(f"Training is unavailable: {exc}")
