"""The window's layout kept across sessions: geometry, docks, tabs and splitters.

:func:`save` writes the window's geometry, its dock state (areas, sizes, tabs, the tab in
front, hidden docks; stamped with :data:`LAYOUT_VERSION`) and the state of every
splitter inside the docks. :func:`restore` puts them back: the docks when the window is
built (every dock exists by then, see :mod:`app.docks`), the splitters once the panels
holding them are installed. A layout saved with another version, or unreadable, is
ignored: the default layout stays. :func:`reset` is View → Reset Layout.
"""

from __future__ import annotations

import base64
import binascii
import logging

from PySide6.QtCore import QByteArray
from PySide6.QtWidgets import QMainWindow, QSplitter

from app import settings

log = logging.getLogger(__name__)

#: Bump when a saved layout can no longer be restored faithfully (docks renamed or
#: removed): the user then gets the default layout once.
LAYOUT_VERSION = 1
DEFAULT_SIZE = (1400, 860)


def restore(window: QMainWindow) -> bool:
    """Put back the geometry and the docks saved last time; True when the docks were."""
    geometry = settings.get("window_geometry")
    if not (geometry and window.restoreGeometry(QByteArray(geometry))):
        default_geometry(window)
    state = settings.get("window_state")
    if not state:
        return False
    if window.restoreState(QByteArray(state), LAYOUT_VERSION):
        return True
    log.info("the saved window layout is from another version: using the default one")
    return False


def save(window: QMainWindow) -> None:
    """Remember the geometry, the docks and the splitters of ``window``."""
    settings.put("window_geometry", bytes(window.saveGeometry()))
    settings.put("window_state", bytes(window.saveState(LAYOUT_VERSION)))
    states = settings.get("splitters")
    for key, splitter in splitters(window).items():
        states[key] = base64.b64encode(bytes(splitter.saveState())).decode("ascii")
    settings.put("splitters", states)


def restore_splitters(window: QMainWindow) -> None:
    """Put back the splitters of the docks' panels (call once the panels exist)."""
    states = settings.get("splitters")
    for key, splitter in splitters(window).items():
        text = states.get(key)
        if not isinstance(text, str):
            continue
        try:
            splitter.restoreState(QByteArray(base64.b64decode(text, validate=True)))
        except (binascii.Error, ValueError):
            log.info("ignoring the saved state of splitter %s", key)


def default_geometry(window: QMainWindow) -> None:
    """The window at its default size (within the screen), the docks at theirs."""
    if window.isMaximized() or window.isFullScreen():
        window.showNormal()
    width, height = DEFAULT_SIZE
    screen = window.screen().availableGeometry() if window.screen() else None
    if screen is not None and not screen.isEmpty():
        width, height = min(width, screen.width()), min(height, screen.height())
    window.resize(width, height)
    window.docks.apply_default_sizes()


def reset(window: QMainWindow) -> None:
    """View → Reset Layout: the window at its default size, every dock back where the
    default layout has it."""
    window.docks.place_default()
    default_geometry(window)
    for splitter in splitters(window).values():
        count = splitter.count()
        if count:
            total = sum(splitter.sizes()) or count
            splitter.setSizes([total // count] * count)
    window.readable_tabs()


def splitters(window: QMainWindow) -> dict[str, QSplitter]:
    """Every splitter inside the docks, keyed ``dock-<name>/<n>`` (n in widget order)."""
    found = {}
    for dock in window.docks:
        for i, splitter in enumerate(dock.findChildren(QSplitter)):
            found[f"{dock.objectName()}/{i}"] = splitter
    return found
