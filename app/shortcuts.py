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

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence

log = logging.getLogger(__name__)
SK = QKeySequence.StandardKey
Key = SK | str
PORTABLE = QKeySequence.SequenceFormat.PortableText

#: Keys beyond the printable ones that every keyboard has and people press.
_COMMON_KEYS = {
    Qt.Key.Key_Escape, Qt.Key.Key_Tab, Qt.Key.Key_Backtab, Qt.Key.Key_Backspace,
    Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Insert, Qt.Key.Key_Delete,
    Qt.Key.Key_Home, Qt.Key.Key_End, Qt.Key.Key_Left, Qt.Key.Key_Up, Qt.Key.Key_Right,
    Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown, Qt.Key.Key_Space,
    *(Qt.Key(Qt.Key.Key_F1.value + i) for i in range(12)),
}  # fmt: skip


def pressable(sequence: QKeySequence) -> bool:
    """Whether every key of ``sequence`` is on an ordinary keyboard: characters, F1–F12,
    arrows, Delete…, not F13–F35 nor the Copy, Undo or Open keys of X11's bindings."""
    keys = [sequence[i].key() for i in range(sequence.count())]
    return bool(keys) and all(k.value < 0x01000000 or k in _COMMON_KEYS for k in keys)


class ShortcutMap:
    """Which action holds each key sequence in one window.

    ``bindings(standard_key)`` gives a standard key's sequences (Qt's, for the platform
    running; tests pass another platform's).
    """

    def __init__(self, bindings: Callable[[SK], list[QKeySequence]] = QKeySequence.keyBindings):
        self.bindings = bindings
        self._holder: dict[str, tuple[QAction, bool]] = {}  # sequence → (action, standard)
        #: action → (its command name, the keys a person would press: each standard
        #: key's primary binding, then the fixed keys asked for)
        self._named: dict[QAction, tuple[str, list[QKeySequence]]] = {}

    def assign(self, action: QAction, keys: Iterable[Key]) -> None:
        """Give ``action`` the free sequences of ``keys`` (standard ones take theirs back
        from fixed keys of other actions)."""
        standard, fixed = [], []
        for key in keys:
            if isinstance(key, SK):
                standard += self._bindings(key)
            else:
                fixed.append(QKeySequence(key))
        primary = [b[0] for k in keys if isinstance(k, SK) for b in [self._bindings(k)] if b]
        self._named[action] = (action.text(), primary + [s for s in fixed if not s.isEmpty()])
        mine = list(action.shortcuts())
        for seq in standard:
            if self._take(action, seq, True):
                mine.append(seq)
        for seq in fixed:
            if not seq.isEmpty() and self._take(action, seq, False):
                mine.append(seq)
        action.setShortcuts(list(dict.fromkeys(mine)))

    def _bindings(self, key: SK) -> list[QKeySequence]:
        return [s for s in self.bindings(key) if not s.isEmpty()]

    def command(self, action: QAction) -> str:
        """The action's name as it was when it got its keys ("&Undo", not the undo
        stack's "&Undo Rename Block")."""
        named = self._named.get(action)
        return named[0] if named else action.text()

    def keys_to_show(self, action: QAction) -> list[QKeySequence]:
        """The keys a person would press for ``action``: its standard keys' primary
        bindings and the fixed keys it asked for, as far as it holds them, without the
        keyboard-specific extras of a platform (F13–F35, X11's Copy, Undo, Open keys…)."""
        named = self._named.get(action)
        wanted = named[1] if named else list(action.shortcuts())
        held = {s.toString(PORTABLE) for s in action.shortcuts()}
        shown = [s for s in wanted if s.toString(PORTABLE) in held and pressable(s)]
        return list({s.toString(PORTABLE): s for s in shown}.values())

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
