"""Guard against a reference-count bug of PySide6 6.12 on Python 3.11.

PySide6 6.12.0 (abi3 wheels) returns the singletons ``None``, ``True`` and ``False``
without taking a new reference: every void C++ method (``QLabel.setText``,
``QSpinBox.setValue``...) and every ``Signal.emit`` drops one. On Python 3.12+ those
objects are immortal and nothing happens; on 3.11, after a few thousand calls Python
aborts with "none_dealloc: deallocating None" (or "bool_dealloc"). PySide6 6.11.3
does not have the bug.

:func:`protect_singletons` gives them a huge reference count, as Python 3.12 does
(PEP 683), so the lost references can never reach zero. Every widget module imports
this one, so the guard is in place before any widget is built.
"""

from __future__ import annotations

import ctypes
import sys

_HEADROOM = 1 << 40  # at a million lost references a second: twelve days
_SINGLETONS = (None, True, False, NotImplemented, Ellipsis)


def protect_singletons() -> None:
    """Make the singletons practically immortal on Python < 3.12 (a no-op later on)."""
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return
    for obj in _SINGLETONS:
        refcount = ctypes.c_ssize_t.from_address(id(obj))  # ob_refcnt is the first field
        if refcount.value < _HEADROOM // 2:
            refcount.value += _HEADROOM


protect_singletons()
