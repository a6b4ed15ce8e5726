"""The interface language, for the texts Qt's translator can't reach: block help and names.

Qt translates the widgets' own strings (``self.tr``). The block registry lives in the
engine, without Qt: each block's help comes in English (``help``) and Korean
(``help_ko``), and so does its title (``title_ko``) and category (``CATEGORY_KO``):
adding a block touches the registry alone. The app sets the language at start-up
(:func:`set_language`, from ``app.i18n``); widgets only read it.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from engine import i18n as engine_i18n
from engine.i18n import ENGLISH, KOREAN  # noqa: F401  (re-exported: the language codes)
from engine.registry import CATEGORY_KO

#: The words of the registry's one-line block summaries (``spec.describe``: "basic · 64",
#: "4 layers · +32", "slope 0.01"); the numbers and symbols around them stay as they are.
SUMMARY_WORDS = (
    QT_TRANSLATE_NOOP("BlockSummary", "basic"),
    QT_TRANSLATE_NOOP("BlockSummary", "bottleneck"),
    QT_TRANSLATE_NOOP("BlockSummary", "layers"),
    QT_TRANSLATE_NOOP("BlockSummary", "pool"),
    QT_TRANSLATE_NOOP("BlockSummary", "slope"),
)
_SUMMARY_WORD = re.compile(r"\b(" + "|".join(SUMMARY_WORDS) + r")\b")


def set_language(code: str) -> None:
    """Use ``"en"`` or ``"ko"`` for the texts below and for every text of the engine
    (problems, notices: :mod:`engine.i18n`); the app calls this once, at start."""
    engine_i18n.set_language(code)


def language() -> str:
    """``"en"`` or ``"ko"``."""
    return engine_i18n.get_language()


def is_korean() -> bool:
    return language() == KOREAN


def block_help(item) -> str:
    """The help of a block spec or a parameter in the interface language.

    Korean uses ``help_ko`` when the registry has one, English (``help``) otherwise.
    """
    korean = getattr(item, "help_ko", "") if is_korean() else ""
    return korean or getattr(item, "help", "") or ""


def block_title(spec) -> str:
    """A block spec's title (``"Max pooling"``) in the interface language."""
    return (spec.title_ko or spec.title) if is_korean() else spec.title


def param_label(param) -> str:
    """A parameter's label: its Korean name (``label_ko``) in Korean, else the identifier."""
    return (param.label_ko or param.name) if is_korean() else param.name


def category_title(category: str) -> str:
    """A palette category (``"Pooling"``) in the interface language."""
    return CATEGORY_KO.get(category, category) if is_korean() else category


def block_summary(spec, resolved: dict) -> str:
    """``spec.describe(resolved)`` ("3×3 · 64 · s2") with its words in the interface language.

    Raises what ``describe`` raises for params it can't use.
    """
    text = spec.describe(resolved)
    return _SUMMARY_WORD.sub(lambda m: QCoreApplication.translate("BlockSummary", m.group(1)), text)
