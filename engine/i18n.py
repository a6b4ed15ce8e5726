"""The engine's text in the user's language (English or Korean), without Qt.

English is the source language: code writes the English text and its placeholders,

    raise ShapeProblem(_("{what} needs a feature map [C, H, W], got {shape}", what=w, shape=s))

and ``resources/translations/engine/*.po`` (GNU gettext catalogues, one per area of the
engine, all merged) hold the Korean. :func:`_` looks the text up in the catalogue of the
current language, then fills the placeholders with ``str.format``. A text defined at
import time (a constant, a table) is marked with :func:`N_` and translated where it is
shown, with ``_(CONSTANT)``.

The language is set once per process: the window sets its language setting with
:func:`set_language`; the command line takes it from the locale
(:func:`language_from_environment`: ``LANGUAGE``, ``LC_ALL``, ``LC_MESSAGES``, ``LANG``,
in the order gettext programs read them). JSON keys, node ids, problem codes and numbers
never change with the language; only human text does.

``tests/engine/test_i18n.py`` fails when a marked text has no Korean translation, when
a translation loses or invents a placeholder, or when a catalogue keeps a text the code
no longer has.
"""

from __future__ import annotations

import ast
import errno
import os
import threading
from collections.abc import Mapping
from pathlib import Path

ENGLISH, KOREAN = "en", "ko"
LANGUAGES = (ENGLISH, KOREAN)
CATALOGUE_DIR = Path(__file__).resolve().parent.parent / "resources" / "translations" / "engine"

_language = ENGLISH
_catalogues: dict[str, dict[str, str]] = {}
_lock = threading.Lock()


def set_language(code: str) -> None:
    """Make ``code`` (``"en"`` or ``"ko"``) the language of every text from now on."""
    global _language
    _language = KOREAN if code == KOREAN else ENGLISH


def get_language() -> str:
    """The current language, ``"en"`` or ``"ko"``."""
    return _language


def language_from_environment(environ: Mapping[str, str] | None = None) -> str:
    """The language a gettext program would choose from ``environ`` (default: os.environ).

    The first of ``LANGUAGE`` (a colon-separated list), ``LC_ALL``, ``LC_MESSAGES`` and
    ``LANG`` that is set decides; Korean (``ko``, ``ko_KR.UTF-8``…) gives ``"ko"``, any
    other value (``C``, ``POSIX``, ``en_US``…) ``"en"``. As in gettext, ``LANGUAGE`` is
    ignored when the locale is ``C``.
    """
    env = os.environ if environ is None else environ
    locale = env.get("LC_ALL") or env.get("LC_MESSAGES") or env.get("LANG") or ""
    candidates = [] if locale in ("", "C", "POSIX") else [locale]
    if locale not in ("C", "POSIX"):
        candidates = [c for c in env.get("LANGUAGE", "").split(":") if c] + candidates
    for value in candidates:
        return KOREAN if value.lower().startswith("ko") else ENGLISH
    return ENGLISH


def use_environment_language(environ: Mapping[str, str] | None = None) -> str:
    """Set the language from the locale (the command line's rule); returns it."""
    set_language(language_from_environment(environ))
    return _language


def _(text: str, /, **values) -> str:
    """``text`` in the current language, with ``values`` filled into its placeholders."""
    if _language != ENGLISH:
        text = catalogue(_language).get(text) or text
    return text.format(**values) if values else text


def ngettext(singular: str, plural: str, n: int, /, **values) -> str:
    """The singular or plural form for ``n`` (Korean has one form), filled with ``values``.

    ``n`` is also available to the text as ``{n}``.
    """
    english = singular if n == 1 else plural
    text = english
    if _language != ENGLISH:
        text = catalogue(_language).get(singular) or english
    return text.format(n=n, **values)


def N_(text: str) -> str:
    """Mark ``text`` for translation without translating it (translate it where shown)."""
    return text


def translated(text: str) -> str:
    """A text marked elsewhere with :func:`N_` (a constant, a table entry) in the current
    language; a text the catalogue lacks (a user's own) stays as it is."""
    if _language == ENGLISH or not text:
        return text
    return catalogue(_language).get(text, text)


#: The system's reasons for the usual file errors (glibc's wording), translated: Python
#: gives them in English whatever the locale.
_OS_REASONS = {
    errno.ENOENT: N_("No such file or directory"),
    errno.EACCES: N_("Permission denied"),
    errno.EPERM: N_("Operation not permitted"),
    errno.EISDIR: N_("Is a directory"),
    errno.ENOTDIR: N_("Not a directory"),
    errno.EEXIST: N_("File exists"),
    errno.ENOSPC: N_("No space left on device"),
    errno.EROFS: N_("Read-only file system"),
    errno.ENAMETOOLONG: N_("File name too long"),
    errno.EIO: N_("Input/output error"),
    errno.ENOTEMPTY: N_("Directory not empty"),
    errno.EMFILE: N_("Too many open files"),
    errno.EFBIG: N_("File too large"),
}


def os_reason(exc: BaseException) -> str:
    """Why an ``OSError`` happened, in the current language ("No such file or
    directory" → "그런 파일이나 폴더가 없습니다"); other exceptions as their text."""
    code = getattr(exc, "errno", None)
    if code in _OS_REASONS and _language != ENGLISH:
        return translated(_OS_REASONS[code])
    return getattr(exc, "strerror", None) or str(exc)


def catalogue(language: str) -> dict[str, str]:
    """English text → translation, from every ``.po`` file of ``language`` (cached)."""
    with _lock:
        if language not in _catalogues:
            merged: dict[str, str] = {}
            for path in sorted(CATALOGUE_DIR.glob(f"*.{language}.po")):
                merged.update(read_po(path))
            _catalogues[language] = merged
        return _catalogues[language]


def read_po(path: Path) -> dict[str, str]:
    """The translated entries of a gettext ``.po`` file (msgid → msgstr, or msgstr[0];
    a plural's msgid_plural → msgstr[0] too: Korean has one form).

    Untranslated entries (an empty msgstr) and the header are left out; ``msgctxt`` is
    not used by Convas.
    """
    entries: dict[str, str] = {}
    fields: dict[str, str] = {}
    current = None
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if line.startswith('"'):
            if current is not None:
                fields[current] += _unquote(line)
            continue
        current = None
        if not line or line.startswith("#"):
            continue
        keyword, _space, rest = line.partition(" ")
        if keyword in ("msgctxt", "msgid") and any(k.startswith("msgstr") for k in fields):
            _keep(entries, fields)
            fields = {}
        current = keyword
        fields[keyword] = _unquote(rest)
    _keep(entries, fields)
    return entries


def _keep(entries: dict[str, str], fields: dict[str, str]) -> None:
    msgid = fields.get("msgid")
    msgstr = fields.get("msgstr", fields.get("msgstr[0]", ""))
    if msgid and msgstr:
        entries[msgid] = msgstr
        if fields.get("msgid_plural"):
            entries[fields["msgid_plural"]] = msgstr


def _unquote(quoted: str) -> str:
    """The value of one C-style quoted string of a .po file."""
    return ast.literal_eval(quoted) if quoted else ""
