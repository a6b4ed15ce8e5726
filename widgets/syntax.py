"""Python syntax colours for the Code dock: keywords, builtins, strings, numbers and
comments, in a light and a dark variant that follow the palette."""

from __future__ import annotations

import builtins
import keyword
import re

from PySide6.QtGui import (
    QColor,
    QFont,
    QPalette,
    QSyntaxHighlighter,
    QTextCharFormat,
)

# (light, dark) colour and style of each kind of token.
_STYLES = {
    "keyword": (("#0033b3", "#cc7832"), "bold"),
    "builtin": (("#7a3e9d", "#8888c6"), ""),
    "self": (("#94558d", "#94558d"), "italic"),
    "string": (("#067d17", "#6a8759"), ""),
    "comment": (("#8c8c8c", "#808080"), "italic"),
    "number": (("#1750eb", "#6897bb"), ""),
    "decorator": (("#9e880d", "#bbb529"), ""),
    "definition": (("#00627a", "#ffc66d"), "bold"),
}
_KEYWORDS = frozenset(keyword.kwlist)
_BUILTINS = frozenset(name for name in dir(builtins) if not name.startswith("_"))
_TOKEN = re.compile(
    r"""
    (?P<triple>[rRbBuUfF]{0,2}(?:\"\"\"|'''))
  | (?P<string>[rRbBuUfF]{0,2}(?:"(?:[^"\\]|\\.)*"?|'(?:[^'\\]|\\.)*'?))
  | (?P<comment>\#.*)
  | (?P<decorator>@[\w.]+)
  | (?P<number>\b(?:0[xXoObB][0-9a-fA-F_]+|\d[\d_]*(?:\.\d*)?(?:[eE][+-]?\d+)?j?)\b)
  | (?P<word>[A-Za-z_]\w*)
    """,
    re.VERBOSE,
)
_IN_DOUBLE, _IN_SINGLE = 1, 2


def is_dark(palette: QPalette) -> bool:
    """Whether ``palette`` is a dark theme (its window colour is dark)."""
    return palette.color(QPalette.ColorRole.Window).lightnessF() < 0.5


class PythonHighlighter(QSyntaxHighlighter):
    """Colours Python keywords, builtins, strings, comments, numbers and definitions."""

    def __init__(self, document, dark: bool = False):
        super().__init__(document)
        self.dark = dark
        self.formats = self._make_formats(dark)

    def set_dark(self, dark: bool) -> None:
        """Switch to the light or dark colours (and recolour the text)."""
        if dark != self.dark:
            self.dark = dark
            self.formats = self._make_formats(dark)
            self.rehighlight()

    @staticmethod
    def _make_formats(dark: bool) -> dict[str, QTextCharFormat]:
        formats = {}
        for kind, (colours, style) in _STYLES.items():
            fmt = QTextCharFormat()
            fmt.setForeground(QColor(colours[1] if dark else colours[0]))
            if style == "bold":
                fmt.setFontWeight(QFont.Weight.Bold)
            elif style == "italic":
                fmt.setFontItalic(True)
            formats[kind] = fmt
        return formats

    def highlightBlock(self, text: str) -> None:  # noqa: N802 (Qt override)
        self.setCurrentBlockState(0)
        pos = self._continue_string(text)
        after_def = False
        while pos < len(text):
            match = _TOKEN.search(text, pos)
            if match is None:
                return
            kind, start, pos = match.lastgroup, match.start(), match.end()
            if kind == "triple":
                pos = self._triple(text, start, match.group()[-3:])
                continue
            if kind == "word":
                kind = self._word_kind(match.group(), after_def)
                after_def = match.group() in ("def", "class")
            if kind is not None:
                self.setFormat(start, pos - start, self.formats[kind])

    def _continue_string(self, text: str) -> int:
        """Colour the end of a triple-quoted string begun on an earlier line."""
        state = self.previousBlockState()
        if state not in (_IN_DOUBLE, _IN_SINGLE):
            return 0
        return self._triple(text, 0, '"""' if state == _IN_DOUBLE else "'''", opened=False)

    def _triple(self, text: str, start: int, quote: str, opened: bool = True) -> int:
        """Colour a triple-quoted string from ``start``; return where it ends."""
        end = text.find(quote, start + (3 if opened else 0))
        if end < 0:
            self.setFormat(start, len(text) - start, self.formats["string"])
            self.setCurrentBlockState(_IN_DOUBLE if quote == '"""' else _IN_SINGLE)
            return len(text)
        self.setFormat(start, end + 3 - start, self.formats["string"])
        return end + 3

    @staticmethod
    def _word_kind(word: str, after_def: bool) -> str | None:
        if after_def:
            return "definition"
        if word in _KEYWORDS:
            return "keyword"
        if word in ("self", "cls"):
            return "self"
        if word in _BUILTINS:
            return "builtin"
        return None
