"""What happens before and around the window: display checks, logging, error dialogs.

On Linux, Qt aborts the whole process (with a hard-to-read message) when its X11
platform plugin can't load its libraries, or when there is no display at all. Convas
checks first and says, in one paragraph, what to install or what to run instead.
"""

from __future__ import annotations

import ctypes
import logging
import logging.handlers
import os
import re
import shutil
import subprocess
import sys
import threading
import traceback
from collections.abc import Callable, Mapping
from pathlib import Path

from engine.paths import data_dir

log = logging.getLogger(__name__)

EXIT_NO_DISPLAY = 3
LOG_NAME = "convas.log"

#: Libraries Qt's xcb plugin loads (used when ``ldd`` is not available).
XCB_LIBRARIES = (
    "libxcb-cursor.so.0",
    "libxcb-icccm.so.4",
    "libxcb-image.so.0",
    "libxcb-keysyms.so.1",
    "libxcb-randr.so.0",
    "libxcb-render-util.so.0",
    "libxcb-shape.so.0",
    "libxcb-xkb.so.1",
    "libxcb-util.so.1",
    "libxkbcommon-x11.so.0",
    "libxkbcommon.so.0",
    "libX11-xcb.so.1",
    "libxcb.so.1",
    "libfontconfig.so.1",
    "libEGL.so.1",
    "libGL.so.1",
)
#: Debian packages whose names don't follow from the library's name.
_PACKAGES = {
    "libglib-2.0": "libglib2.0-0",
    "libgthread-2.0": "libglib2.0-0",
    "libGLdispatch": "libglvnd0",
    "libicui18n": "libicu",
    "libicuuc": "libicu",
    "libicudata": "libicu",
}


def debian_package(soname: str) -> str:
    """The Debian package that usually provides a library: libxcb-cursor.so.0 -> libxcb-cursor0."""
    base, _, version = soname.partition(".so")
    major = version.lstrip(".").split(".")[0]
    known = _PACKAGES.get(base)
    if known == "libicu":
        return f"libicu{major}"
    if known:
        return known
    base = base.lower()
    return f"{base}-{major}" if base[-1:].isdigit() and major else f"{base}{major}"


def xcb_plugin() -> Path | None:
    """Qt's xcb platform plugin in the installed PySide6, if there is one."""
    try:
        import PySide6
    except ImportError:
        return None
    path = Path(PySide6.__file__).parent / "Qt" / "plugins" / "platforms" / "libqxcb.so"
    return path if path.exists() else None


def missing_with_ldd(plugin: Path) -> list[str] | None:
    """Libraries ``ldd`` can't find for ``plugin``; None when ldd can't tell."""
    ldd = shutil.which("ldd")
    if ldd is None:
        return None
    try:
        out = subprocess.run([ldd, str(plugin)], capture_output=True, text=True, timeout=15)
    except (OSError, subprocess.SubprocessError):
        return None
    return re.findall(r"^\s*(\S+)\s*=>\s*not found", out.stdout, re.MULTILINE)


def missing_with_ctypes(names=XCB_LIBRARIES, loader: Callable = ctypes.CDLL) -> list[str]:
    """The libraries among ``names`` that the dynamic loader can't open."""
    missing = []
    for name in names:
        try:
            loader(name)
        except OSError:
            missing.append(name)
    return missing


def check_display(
    env: Mapping[str, str] | None = None,
    platform: str | None = None,
    find_missing: Callable[[], list[str]] | None = None,
) -> str | None:
    """Why Qt would fail to open a window here, as a message for the user; None if fine.

    Only Linux without an explicit ``QT_QPA_PLATFORM`` is checked: no display at all,
    or an X11 display whose xcb plugin misses libraries.
    """
    env = os.environ if env is None else env
    platform = sys.platform if platform is None else platform
    if not platform.startswith("linux") or env.get("QT_QPA_PLATFORM"):
        return None
    if not env.get("DISPLAY") and not env.get("WAYLAND_DISPLAY"):
        return no_display_message()
    if env.get("WAYLAND_DISPLAY") or env.get("XDG_SESSION_TYPE") == "wayland":
        return None  # Qt picks its Wayland plugin
    missing = (find_missing or _missing_xcb_libraries)()
    return missing_libraries_message(missing) if missing else None


def _missing_xcb_libraries() -> list[str]:
    plugin = xcb_plugin()
    found = missing_with_ldd(plugin) if plugin is not None else None
    # ldd may not see xcb-cursor on older Qt builds that dlopen it: check it directly.
    extra = missing_with_ctypes(("libxcb-cursor.so.0",))
    return list(dict.fromkeys((found if found is not None else missing_with_ctypes()) + extra))


def no_display_message() -> str:
    return (
        "Convas can't open its window: no display was found (neither DISPLAY nor "
        "WAYLAND_DISPLAY is set).\n"
        "Start it from a desktop session, or run it without a screen:\n"
        "  QT_QPA_PLATFORM=offscreen python main.py   (no visible window)\n"
        "  xvfb-run python main.py                    (a virtual X display)\n"
        "The subcommands (presets, summary, export, train) need no display."
    )


def missing_libraries_message(missing: list[str]) -> str:
    packages = " ".join(dict.fromkeys(debian_package(name) for name in missing))
    qt_own = [name for name in missing if name.startswith("libQt6")]
    lines = [
        "Convas can't open its window: Qt's X11 (xcb) platform plugin needs libraries "
        "that are not installed:",
        "  " + ", ".join(missing),
    ]
    if qt_own:
        lines.append("Qt's own libraries are missing: reinstall PySide6 in this environment.")
    else:
        lines += [
            "On Debian or Ubuntu, install them with:",
            f"  sudo apt-get install {packages}",
            "(on other distributions, install the packages that provide these files).",
        ]
    lines.append("Or, without a visible window: QT_QPA_PLATFORM=offscreen python main.py")
    return "\n".join(lines)


# --------------------------------------------------------------------------- logging


def log_file() -> Path:
    return data_dir() / LOG_NAME


def setup_logging(level: int = logging.INFO) -> Path:
    """Send log records to ``convas.log`` in the data folder (rotated at 1 MB)."""
    path = log_file()
    root = logging.getLogger()
    if not any(getattr(h, "baseFilename", None) == str(path) for h in root.handlers):
        handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=1_000_000, backupCount=2, encoding="utf-8"
        )
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        root.addHandler(handler)
    root.setLevel(min(root.level or level, level))
    return path


class ErrorReporter:
    """``sys.excepthook``: log the traceback, show one line in a dialog, carry on."""

    def __init__(self, show: Callable[[str], None] | None = None):
        self.show = show or _show_dialog
        self._showing = False

    def __call__(self, exc_type, exc, tb) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        text = "".join(traceback.format_exception(exc_type, exc, tb))
        log.error("unexpected error\n%s", text)
        if self._showing:
            return  # an error while the dialog is up: logged, not stacked
        self._showing = True
        try:
            detail = str(exc).splitlines()[0] if str(exc) else ""
            summary = f"{exc_type.__name__}: {detail}" if detail else exc_type.__name__
            self.show(
                translate(
                    "ErrorReporter",
                    "Something went wrong: {summary}\n\nConvas carries on; the details "
                    "were written to {log}.",
                ).format(summary=summary, log=log_file())
            )
        except Exception:  # noqa: BLE001  (the hook itself must never raise)
            log.exception("could not show the error dialog")
        finally:
            self._showing = False


def _show_dialog(message: str) -> None:
    from PySide6.QtWidgets import QApplication, QMessageBox

    if QApplication.instance() is None:
        sys.stderr.write(message + "\n")
        return
    QMessageBox.critical(
        QApplication.activeWindow(), translate("ErrorReporter", "Unexpected error"), message
    )


def translate(context: str, text: str) -> str:
    """``text`` in the interface language once Qt is loaded (English before)."""
    if "PySide6.QtCore" not in sys.modules:
        return text
    from PySide6.QtCore import QCoreApplication

    return QCoreApplication.translate(context, text)


def _thread_hook(args: threading.ExceptHookArgs) -> None:
    text = "".join(traceback.format_exception(args.exc_type, args.exc_value, args.exc_traceback))
    log.error("unexpected error in thread %s\n%s", getattr(args.thread, "name", "?"), text)


def install_excepthook() -> ErrorReporter:
    """Route uncaught errors (GUI thread: dialog + log; other threads: log)."""
    setup_logging()
    reporter = ErrorReporter()
    sys.excepthook = reporter
    threading.excepthook = _thread_hook
    return reporter
