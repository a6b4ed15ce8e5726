"""Keyboard shortcuts that never clash, whatever the platform's key bindings.

An action asks for keys as :class:`QKeySequence.StandardKey` values (the platform's own
bindings: Delete, Undo, Copy…) and as fixed strings ("Ctrl+Shift+D"). Standard keys
expand to different sequences on each platform (on X11, Delete also means Ctrl+D), so a
fixed key can collide with a standard one on one platform only: Qt then runs neither
("Ambiguous shortcut overload"). :class:`ShortcutMap` hands out every sequence once per
window: a platform's standard binding wins over a fixed key (the platform's convention
stays), and a fixed key that is already taken is dropped, with a log line.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable

from PySide6.QtGui import QAction, QKeySequence

log = logging.getLogger(__name__)
SK = QKeySequence.StandardKey
Key = SK | str


class ShortcutMap:
    """Which action holds each key sequence in one window.

    ``bindings(standard_key)`` gives a standard key's sequences (Qt's, for the platform
    running; tests pass another platform's).
    """

    def __init__(self, bindings: Callable[[SK], list[QKeySequence]] = QKeySequence.keyBindings):
        self.bindings = bindings
        self._holder: dict[str, tuple[QAction, bool]] = {}  # sequence → (action, standard)

    def assign(self, action: QAction, keys: Iterable[Key]) -> None:
        """Give ``action`` the free sequences of ``keys`` (standard ones take theirs back
        from fixed keys of other actions)."""
        standard, fixed = [], []
        for key in keys:
            if isinstance(key, SK):
                standard += [s for s in self.bindings(key) if not s.isEmpty()]
            else:
                fixed.append(QKeySequence(key))
        mine = list(action.shortcuts())
        for seq in standard:
            if self._take(action, seq, True):
                mine.append(seq)
        for seq in fixed:
            if not seq.isEmpty() and self._take(action, seq, False):
                mine.append(seq)
        action.setShortcuts(list(dict.fromkeys(mine)))

    def _take(self, action: QAction, seq: QKeySequence, standard: bool) -> bool:
        text = seq.toString(QKeySequence.SequenceFormat.PortableText)
        holder = self._holder.get(text)
        if holder is None:
            self._holder[text] = (action, standard)
            return True
        other, other_standard = holder
        if other is action:
            return False
        if standard and not other_standard:
            other.setShortcuts([s for s in other.shortcuts() if s != seq])
            self._holder[text] = (action, True)
            log.info("%s: %s is the platform's key for %s", other.text(), text, action.text())
            return True
        log.info("%s: %s already belongs to %s", action.text(), text, other.text())
        return False

    def holder(self, seq: QKeySequence | str) -> QAction | None:
        text = QKeySequence(seq).toString(QKeySequence.SequenceFormat.PortableText)
        holder = self._holder.get(text)
        return holder[0] if holder else None
