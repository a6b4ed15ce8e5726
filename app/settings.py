"""The app's settings: one table of keys, types and defaults, in an INI file.

Settings live in ``settings.ini`` inside :func:`engine.paths.data_dir` (the same folder
as the run history and recovery files), so ``CONVAS_DATA_DIR`` moves everything at
once and tests never touch the real user's settings.

Every key the app reads or writes is declared once in :data:`TABLE` (name, key in the
file, type, default, allowed values). :func:`get` returns the stored value when it has
the declared type and is allowed, else the default: a broken or hand-edited file never
breaks the app. The file carries :data:`VERSION`; :func:`settings` brings an older file
up to date once with :data:`MIGRATIONS` (each step takes the store from version ``n``
to ``n + 1``).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QSettings

from engine.paths import data_dir

MAX_RECENT = 10
THEMES = ("system", "light", "dark")
LANGUAGES = ("system", "en", "ko")
#: The settings file's own version (see MIGRATIONS).
VERSION = 2
VERSION_KEY = "settings/version"


@dataclass(frozen=True)
class Setting:
    """One setting: where it is stored, its type, its default and its allowed values."""

    key: str
    type: type
    default: Any
    choices: tuple = ()


#: Every setting of the app, by name.
TABLE: dict[str, Setting] = {
    "recent_files": Setting("files/recent", list, []),
    "last_folder": Setting("files/last_folder", str, ""),
    "theme": Setting("view/theme", str, "system", THEMES),
    "language": Setting("view/language", str, "system", LANGUAGES),
    "window_geometry": Setting("layout/geometry", bytes, b""),
    "window_state": Setting("layout/window_state", bytes, b""),
    "splitters": Setting("layout/splitters", dict, {}),
    "minimap": Setting("view/minimap", bool, True),
}
#: Kept for callers that name the key (tests, the language switch).
LANGUAGE_KEY = TABLE["language"].key


def _from_v1(store: QSettings) -> None:
    """Version 1 (no version key): the window's geometry moves under ``layout/``; its dock
    state is dropped, because it was saved before every dock existed at start-up and
    restoring it loses the teaching docks (the default layout replaces it)."""
    geometry = store.value("window/geometry")
    if geometry is not None:
        store.setValue(TABLE["window_geometry"].key, geometry)
    store.remove("window/geometry")
    store.remove("window/state")


#: version n → the function that brings a store from n to n + 1.
MIGRATIONS: dict[int, Callable[[QSettings], None]] = {1: _from_v1}


def settings() -> QSettings:
    """The settings store (an INI file in the data folder), migrated to :data:`VERSION`."""
    store = QSettings(str(data_dir() / "settings.ini"), QSettings.Format.IniFormat)
    migrate(store)
    return store


def migrate(store: QSettings) -> int:
    """Apply the migrations a store needs; return the version it had."""
    found = _int(store.value(VERSION_KEY), 1 if store.allKeys() else VERSION)
    version = found
    while version < VERSION:
        MIGRATIONS[version](store)
        version += 1
    if found != VERSION or store.value(VERSION_KEY) is None:
        store.setValue(VERSION_KEY, VERSION)
        store.sync()
    return found


def _int(value, default: int) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def get(name: str) -> Any:
    """The value of setting ``name`` (its default when missing, mistyped or not allowed)."""
    setting = TABLE[name]
    try:
        value = _decode(setting, settings().value(setting.key))
    except (TypeError, ValueError):
        return _copy(setting.default)
    if value is None or (setting.choices and value not in setting.choices):
        return _copy(setting.default)
    return value


def put(name: str, value: Any) -> None:
    """Store ``value`` for setting ``name``; ``ValueError`` when it is not allowed."""
    setting = TABLE[name]
    if not isinstance(value, setting.type) or (setting.choices and value not in setting.choices):
        raise ValueError(f"{value!r} is not a valid {name}")
    store = settings()
    store.setValue(setting.key, _encode(setting, value))
    store.sync()


def _decode(setting: Setting, raw) -> Any:
    if raw is None:
        return None
    if setting.type is bytes:
        return bytes(raw) if isinstance(raw, (QByteArray, bytes)) else None
    if setting.type is bool:  # INI files give "true"/"false" back as text
        return raw if isinstance(raw, bool) else {"true": True, "false": False}.get(str(raw))
    if setting.type in (list, dict):
        # JSON text: QSettings turns a one-item list into a plain string in INI files.
        value = json.loads(raw) if isinstance(raw, str) else None
        return value if isinstance(value, setting.type) else None
    return raw if isinstance(raw, setting.type) else None


def _encode(setting: Setting, value) -> Any:
    if setting.type is bytes:
        return QByteArray(value)
    if setting.type in (list, dict):
        return json.dumps(value)
    return value


def _copy(value):
    return type(value)(value) if isinstance(value, (list, dict)) else value


# --------------------------------------------------------------------------- recent files


def recent_files() -> list[Path]:
    """Recently opened or saved files that still exist, newest first."""
    paths = [Path(p) for p in get("recent_files") if isinstance(p, str)]
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
    put("recent_files", [str(p) for p in paths])


# --------------------------------------------------------------------------- others


def theme_mode() -> str:
    """``"system"``, ``"light"`` or ``"dark"``."""
    return get("theme")


def set_theme_mode(mode: str) -> None:
    if mode not in THEMES:
        raise ValueError(f"unknown theme {mode!r}")
    put("theme", mode)


def last_folder() -> str:
    """The folder of the last file dialog, or the user's home."""
    value = get("last_folder")
    return value if value and Path(value).is_dir() else str(Path.home())


def set_last_folder(folder: Path | str) -> None:
    put("last_folder", str(folder))
