"""argparse's own words ("usage:", "options", "the following arguments are required…")
in the user's language.

argparse writes its words through gettext, through the module globals ``_`` and
``ngettext`` it imported from :mod:`gettext`, but Python ships no Korean for them.
:func:`install` points those two at our catalogue
(``resources/translations/cli/argparse.ko.po``, read like the engine's) when the language
is Korean, and back at gettext's otherwise; the command line calls it once it has read
the locale. Our own help texts go through :func:`engine.i18n._` as every engine text does.
"""

from __future__ import annotations

import argparse

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
