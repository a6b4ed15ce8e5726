"""The app's settings and the files it keeps: an INI file in the data folder.

Settings live in ``settings.ini`` inside :func:`engine.paths.data_dir` (the same folder
as the run history and recovery files), so ``CONVAS_DATA_DIR`` moves everything at
once and tests never touch the real user's settings.
"""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import QSettings

from engine.paths import data_dir

MAX_RECENT = 10
RECENT_KEY = "files/recent"
THEME_KEY = "view/theme"
THEMES = ("system", "light", "dark")
LANGUAGE_KEY = "view/language"


def settings() -> QSettings:
    """The settings store (an INI file in the data folder)."""
    return QSettings(str(data_dir() / "settings.ini"), QSettings.Format.IniFormat)


def _read_json_list(key: str) -> list:
    # JSON text, because QSettings turns a one-item list into a plain string in INI files.
    raw = settings().value(key, "[]")
    try:
        value = json.loads(raw) if isinstance(raw, str) else []
    except json.JSONDecodeError:
        return []
    return value if isinstance(value, list) else []


def recent_files() -> list[Path]:
    """Recently opened or saved files that still exist, newest first."""
    paths = [Path(p) for p in _read_json_list(RECENT_KEY) if isinstance(p, str)]
    existing = [p for p in paths if p.is_file()]
    if len(existing) != len(paths):
        _write_recent(existing)
    return existing


def add_recent_file(path: Path | str) -> list[Path]:
    """Put ``path`` first in the recent files (at most :data:`MAX_RECENT`)."""
    path = Path(path).resolve()
    paths = [path] + [p for p in recent_files() if p.resolve() != path]
    _write_recent(paths[:MAX_RECENT])
    return paths[:MAX_RECENT]


def clear_recent_files() -> None:
    _write_recent([])


def _write_recent(paths: list[Path]) -> None:
    store = settings()
    store.setValue(RECENT_KEY, json.dumps([str(p) for p in paths]))
    store.sync()


def theme_mode() -> str:
    """``"system"``, ``"light"`` or ``"dark"``."""
    value = settings().value(THEME_KEY, "system")
    return value if value in THEMES else "system"


def set_theme_mode(mode: str) -> None:
    if mode not in THEMES:
        raise ValueError(f"unknown theme {mode!r}")
    store = settings()
    store.setValue(THEME_KEY, mode)
    store.sync()


def last_folder() -> str:
    """The folder of the last file dialog, or the user's home."""
    value = settings().value("files/last_folder", "")
    return value if isinstance(value, str) and Path(value).is_dir() else str(Path.home())


def set_last_folder(folder: Path | str) -> None:
    store = settings()
    store.setValue("files/last_folder", str(folder))
    store.sync()


def saved_window_state() -> bytes:
    """The window layout saved at the last close (empty when there is none or it can't
    be read: a layout is a convenience, never a reason to fail)."""
    try:
        state = settings().value("window/state")
        return bytes(state) if state is not None else b""
    except Exception:  # noqa: BLE001
        return b""
