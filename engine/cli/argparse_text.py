"""argparse in the user's language and script: its own words ("usage:", "options", "the
following arguments are required…") and help wrapped by terminal columns.

argparse writes its words through gettext, through the module globals ``_`` and
``ngettext`` it imported from :mod:`gettext`, but Python ships no Korean for them.
:func:`install` points those two at our catalogue
(``resources/translations/cli/argparse.ko.po``, read like the engine's) when the language
is Korean, and back at gettext's otherwise; the command line calls it once it has read
the locale. Our own help texts go through :func:`engine.i18n._` as every engine text does.
:class:`ColumnsFormatter` wraps them by the columns a terminal gives each character
(Hangul takes two, where argparse counts one).
"""

from __future__ import annotations

import argparse
import unicodedata

from engine import i18n

CATALOGUE = i18n.CATALOGUE_DIR.parent / "cli" / "argparse.ko.po"
_ORIGINAL = (getattr(argparse, "_", None), getattr(argparse, "ngettext", None))


def install() -> None:
    """Make argparse speak the current language (:func:`engine.i18n.get_language`)."""
    gettext, ngettext = _ORIGINAL
    if gettext is None or ngettext is None:
        return  # an argparse without gettext hooks: leave it as it is
    if i18n.get_language() != i18n.KOREAN:
        argparse._, argparse.ngettext = gettext, ngettext
        return
    table = i18n.read_po(CATALOGUE)
    argparse._ = lambda text: table.get(text, text)
    argparse.ngettext = lambda singular, plural, n: (
        table.get(singular) or (singular if n == 1 else plural)
    )


class ColumnsFormatter(argparse.HelpFormatter):
    """Help wrapped by the columns a terminal gives each character: Hangul takes two."""

    def _split_lines(self, text: str, width: int) -> list[str]:
        return wrap_columns(" ".join(text.split()), width)

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        return "\n".join(indent + line for line in wrap_columns(" ".join(text.split()), width))


def wrap_columns(text: str, width: int) -> list[str]:
    """``text``'s words in lines of at most ``width`` terminal columns (a longer word
    gets a line of its own)."""
    lines: list[str] = []
    for word in text.split(" "):
        if lines and display_width(lines[-1]) + 1 + display_width(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [""]


def display_width(text: str) -> int:
    """Columns ``text`` takes in a terminal: wide (Hangul, CJK) characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
