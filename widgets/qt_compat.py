"""Guard against a reference-count bug of PySide6 6.12 on Python 3.11.

PySide6 6.12.0 (abi3 wheels) returns ``None`` from every void C++ method without
taking a new reference. On Python 3.12+ ``None`` is immortal and nothing happens; on
3.11 each call (``QLabel.setText``, ``QSpinBox.setValue``...) drops one reference,
and after a few thousand calls Python aborts with "none_dealloc: deallocating None".
PySide6 6.11.3 does not have the bug.

:func:`protect_none` gives ``None`` a huge reference count, as Python 3.12 does
(PEP 683), so the lost references can never reach zero. Every widget module imports
this one, so the guard is in place before any widget is built.
"""

from __future__ import annotations

import ctypes
import sys

_HEADROOM = 1 << 40  # at a million lost references a second: twelve days


def protect_none() -> None:
    """Make ``None`` practically immortal on Python < 3.12 (a no-op on later versions)."""
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return
    refcount = ctypes.c_ssize_t.from_address(id(None))  # ob_refcnt is the first field
    if refcount.value < _HEADROOM // 2:
        refcount.value += _HEADROOM


protect_none()
