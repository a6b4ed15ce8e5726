"""Keyboard shortcuts that never clash, whatever the platform's key bindings.

An action asks for keys as :class:`QKeySequence.StandardKey` values (the platform's own
bindings: Delete, Undo, Copy…) and as fixed strings ("Ctrl+Shift+D"). Standard keys
expand to different sequences on each platform (on X11, Delete also means Ctrl+D), so a
fixed key can collide with a standard one on one platform only: Qt then runs neither
("Ambiguous shortcut overload"). :class:`ShortcutMap` hands out every sequence once per
window: a platform's standard binding wins over a fixed key (the platform's convention
stays), and a fixed key that is already taken is dropped, with a log line. A
:class:`Claim` is a fixed key that wins even over a platform's binding: Ctrl+D duplicates
in every canvas editor, and X11's Ctrl+D for Delete (an Emacs key for deleting a
character) would silently delete blocks instead; text fields keep their own Ctrl+D.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence

log = logging.getLogger(__name__)
SK = QKeySequence.StandardKey


class Claim(str):
    """A fixed key that an action keeps even where a platform's standard key has it."""


Key = SK | str
#: How strongly an action holds a sequence: a fixed key, a standard key, a claimed key.
FIXED, STANDARD, CLAIMED = 0, 1, 2
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
        self._holder: dict[str, tuple[QAction, int]] = {}  # sequence → (action, strength)
        #: action → (its command name, the keys a person would press: each standard
        #: key's primary binding, then the fixed keys asked for)
        self._named: dict[QAction, tuple[str, list[QKeySequence]]] = {}

    def assign(self, action: QAction, keys: Iterable[Key]) -> None:
        """Give ``action`` the free sequences of ``keys`` (standard ones take theirs back
        from fixed keys of other actions, claimed ones from anybody)."""
        keys = list(keys)
        wanted: list[tuple[QKeySequence, int]] = []  # standard keys first, then fixed ones
        for key in keys:
            if isinstance(key, SK):
                wanted += [(seq, STANDARD) for seq in self._bindings(key)]
        for key in keys:
            if not isinstance(key, SK) and not QKeySequence(key).isEmpty():
                wanted.append((QKeySequence(key), CLAIMED if isinstance(key, Claim) else FIXED))
        primary = [b[0] for k in keys if isinstance(k, SK) for b in [self._bindings(k)] if b]
        fixed = [seq for seq, strength in wanted if strength != STANDARD]
        self._named[action] = (action.text(), primary + fixed)
        mine = list(action.shortcuts())
        mine += [seq for seq, strength in wanted if self._take(action, seq, strength)]
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

    def _take(self, action: QAction, seq: QKeySequence, strength: int) -> bool:
        text = seq.toString(QKeySequence.SequenceFormat.PortableText)
        holder = self._holder.get(text)
        if holder is None:
            self._holder[text] = (action, strength)
            return True
        other, other_strength = holder
        if other is action:
            return False
        if strength > other_strength:
            other.setShortcuts([s for s in other.shortcuts() if s != seq])
            self._holder[text] = (action, strength)
            log.info("%s: %s is taken by %s", other.text(), text, action.text())
            return True
        log.info("%s: %s already belongs to %s", action.text(), text, other.text())
        return False

    def holder(self, seq: QKeySequence | str) -> QAction | None:
        text = QKeySequence(seq).toString(QKeySequence.SequenceFormat.PortableText)
        holder = self._holder.get(text)
        return holder[0] if holder else None
