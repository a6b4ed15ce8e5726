"""Start the application: checks, the window, then PyTorch in the background."""

from __future__ import annotations

import sys
from pathlib import Path

from app import startup

APP_NAME = "Convas"


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
    window.show()
    if path is not None:
        window.open_initial(path)
    else:
        window.canvas.fit_to_view()
    QTimer.singleShot(0, window.offer_recovery)
    QTimer.singleShot(100, torch_loader.start)
    return app.exec()
