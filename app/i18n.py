"""The interface language: Qt translators, the setting, and switching languages.

The window's strings go through Qt's translation system (``self.tr`` and
``QCoreApplication.translate``); ``resources/translations/convas_ko.ts`` holds the
Korean translation and ``make`` compiles it to ``convas_ko.qm`` (a build output). English
is the source language, so it needs no file. Qt's own ``qtbase_ko.qm`` translates the
standard buttons and dialogs (OK, Cancel, Save…).

Texts made by the engine (graph problems, dataset and trainer notices) come from its
own catalogues (:mod:`engine.i18n`, no Qt); :mod:`widgets.language` sets the engine's
language together with the widgets'. Block help texts come in both languages from the
registry and :mod:`widgets.language` picks one.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from PySide6.QtCore import (
    QCoreApplication,
    QLibraryInfo,
    QLocale,
    QProcess,
    QTranslator,
)

from app import settings
from widgets import language as widget_language

log = logging.getLogger(__name__)

TRANSLATIONS_DIR = Path(__file__).resolve().parent.parent / "resources" / "translations"
#: The setting's values: follow the system, or one language.
SYSTEM, ENGLISH, KOREAN = "system", "en", "ko"
LANGUAGES = settings.LANGUAGES  # (SYSTEM, ENGLISH, KOREAN): the setting's allowed values
#: Each language's name in that language (how a language menu lists them).
NATIVE_NAMES = {ENGLISH: "English", KOREAN: "한국어"}

#: Translators installed by :func:`install_translator` (kept alive; removed on reinstall).
_installed: list[QTranslator] = []


def system_language(locale: QLocale | None = None) -> str:
    """``"ko"`` when the system's language (or ``locale``'s) is Korean, else ``"en"``."""
    locale = QLocale.system() if locale is None else locale
    return KOREAN if locale.language() == QLocale.Language.Korean else ENGLISH


def resolve(language: str | None, locale: QLocale | None = None) -> str:
    """The language to show (``"en"`` or ``"ko"``) for a setting value."""
    if language in (ENGLISH, KOREAN):
        return language
    return system_language(locale)


def qm_path(language: str, folder: Path | None = None) -> Path:
    """Where the compiled translation of ``language`` lives."""
    return (folder or TRANSLATIONS_DIR) / f"convas_{language}.qm"


def install_translator(app, language: str | None = SYSTEM, folder: Path | None = None) -> str:
    """Translate the interface of ``app`` into ``language`` (``"system"``, ``"en"``, ``"ko"``).

    Call it before the window is built: widgets translate their texts when they are
    made. ``None`` reads the saved setting. Returns the language now shown (``"en"``
    when the Korean translation is missing: run ``make`` to compile it).
    """
    if language is None:
        language = language_setting()
    code = resolve(language)
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    if code == KOREAN:
        if _load(app, qm_path(KOREAN, folder)):
            qt_folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
            _load(app, Path(qt_folder) / "qtbase_ko.qm")
        else:
            log.warning(
                "no compiled Korean translation in %s: run make", folder or TRANSLATIONS_DIR
            )
            code = ENGLISH
    widget_language.set_language(code)
    return code


def _load(app, path: Path) -> bool:
    translator = QTranslator(app)
    if not path.is_file() or not translator.load(str(path)):
        return False
    app.installTranslator(translator)
    _installed.append(translator)
    return True


def current_language() -> str:
    """The language the interface shows now: ``"en"`` or ``"ko"``."""
    return widget_language.language()


# --------------------------------------------------------------------------- the setting


def language_setting() -> str:
    """The saved choice: ``"system"`` (the default), ``"en"`` or ``"ko"``."""
    return settings.get("language")


def set_language_setting(language: str) -> None:
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}")
    settings.put("language", language)


# --------------------------------------------------------------------------- switching


def choose_language(window, language: str, ask=None) -> bool:
    """View → Language: remember ``language``; offer to restart when the shown one changes.

    ``ask(window, name)`` answers whether to restart now (tests replace it). Returns
    True when Convas restarts.
    """
    previous = language_setting()
    set_language_setting(language)
    if language == previous or resolve(language) == current_language():
        return False
    ask = ask or ask_restart
    if not ask(window, NATIVE_NAMES[resolve(language)]):
        window.show_message(
            QCoreApplication.translate(
                "Language", "The new language is used the next time Convas starts."
            )
        )
        return False
    return restart(window)


def ask_restart(window, name: str) -> bool:
    """Ask whether to restart now to show the interface in language ``name``."""
    from PySide6.QtWidgets import QMessageBox

    from widgets.common import ask

    box = QMessageBox(
        QMessageBox.Icon.Question,
        QCoreApplication.translate("Language", "Change Language"),
        QCoreApplication.translate(
            "Language", "Convas shows {language} after a restart. Restart now?"
        ).format(language=name),
        QMessageBox.StandardButton.NoButton,
        window,
    )
    restart_button = box.addButton(
        QCoreApplication.translate("Language", "Restart Now"), QMessageBox.ButtonRole.AcceptRole
    )
    box.addButton(
        QCoreApplication.translate("Language", "Later"), QMessageBox.ButtonRole.RejectRole
    )
    box.setDefaultButton(restart_button)
    return ask(box, {restart_button: True}) is True


def restart(window) -> bool:
    """Close ``window`` (asking to save) and start Convas again on its file."""
    if not window.close():
        return False
    main = Path(__file__).resolve().parent.parent / "main.py"
    arguments = [str(main)]
    path = window.document.path
    if path is not None and Path(path).is_file():
        arguments.append(str(path))
    started = QProcess.startDetached(sys.executable, arguments)
    ok = started[0] if isinstance(started, tuple) else bool(started)
    if not ok:
        log.error("could not restart Convas with %s %s", sys.executable, arguments)
    return ok
