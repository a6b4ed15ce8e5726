"""Where Convas keeps the user's data (run history, checkpoints, recovery files).

``CONVAS_DATA_DIR`` overrides the platform's user data folder (tests use it).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path


def data_dir() -> Path:
    """The user data folder, created on first use."""
    override = os.environ.get("CONVAS_DATA_DIR")
    if override:
        path = Path(override)
    elif sys.platform == "win32":
        path = Path(os.environ.get("APPDATA", Path.home() / "AppData" / "Roaming")) / "Convas"
    elif sys.platform == "darwin":
        path = Path.home() / "Library" / "Application Support" / "Convas"
    else:
        base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
        path = Path(base) / "Convas"
    path.mkdir(parents=True, exist_ok=True)
    return path


def cache_dir() -> Path:
    """Decoded-dataset cache, under the data folder."""
    path = data_dir() / "cache"
    path.mkdir(parents=True, exist_ok=True)
    return path
