"""Standard JSON only (RFC 8259), with the key of anything else named.

Python's ``json`` module accepts more than the standard: ``NaN`` and ``Infinity``,
numbers that overflow to infinity (``1e400``), a key given twice (the last wins
silently), strings that are not Unicode (a lone surrogate, which can't be written back
as UTF-8), and it fails on integers of more than 4,300 digits with a message that names
nothing. :func:`parse` reads a document and raises :class:`JsonValueError` with the
path of the first value that is not standard JSON (or that could not be saved again),
so the caller can say "node "c1": params.kernel_size: …" instead of "internal error".
"""

from __future__ import annotations

import json
from typing import Any

from engine.i18n import N_, _, translated

#: Deeper nesting can't be saved again with indentation (Python's encoder recurses).
MAX_DEPTH = 100
#: Python refuses to convert integers longer than this (``sys.int_info``'s default).
MAX_DIGITS = 4300

Path = tuple[str | int, ...]


#: Plain words for the syntax errors of Python's decoder (its ``msg``), which names
#: nothing a person who edits a file by hand can act on ("Expecting value").
SYNTAX_REASONS = {
    "Expecting value": N_(
        'a value is missing here (a number, a "string", true, false, null, a list or an object)'
    ),
    "Expecting property name enclosed in double quotes": N_(
        "a key in double quotes is missing here (no comma may come right before an object's end)"
    ),
    "Expecting ':' delimiter": N_("a colon (:) must follow the key"),
    "Expecting ',' delimiter": N_("a comma (,) is missing between two items"),
    "Unterminated string starting at": N_('a string is not closed (its last " is missing)'),
    "Invalid control character at": N_(
        "a string holds a control character (a tab or line break): write it as \\t or \\n"
    ),
    "Invalid \\escape": N_("a backslash (\\) in a string starts no valid escape"),
    "Invalid \\uXXXX escape": N_("a \\u escape needs four hexadecimal digits"),
    "Extra data": N_("more text follows the end of the JSON document"),
    "Illegal trailing comma before end of object": N_(
        "a comma comes right before the end of an object"
    ),
    "Illegal trailing comma before end of array": N_(
        "a comma comes right before the end of a list"
    ),
}


def syntax_reason(exc: json.JSONDecodeError) -> str:
    """Why ``exc``'s text is not JSON, in plain words of the user's language."""
    reason = SYNTAX_REASONS.get(exc.msg)
    return translated(reason) if reason else exc.msg


class JsonValueError(ValueError):
    """A value that is not standard JSON, at ``path`` (keys and indices from the top)."""

    def __init__(self, path: Path, message: str):
        super().__init__(message)
        self.path = path
        self.message = message


class _Bad:
    """Stands in for a literal that is not a JSON number, until its key is known."""

    def __init__(self, literal: str, message: str):
        self.literal = literal
        self.message = message


class _Duplicated(dict):
    """An object in which ``key`` appears twice."""

    key: str = ""


def parse(text: str) -> Any:
    """Decode ``text``; raise ``json.JSONDecodeError``, ``RecursionError`` or
    :class:`JsonValueError` (with the path) when it is not standard JSON."""
    data = json.loads(
        text,
        parse_constant=_constant,
        parse_float=_float,
        parse_int=_int,
        object_pairs_hook=_object,
    )
    check(data)
    return data


def check(data: Any) -> None:
    """Raise :class:`JsonValueError` for the first value of ``data`` that can't be saved."""
    stack: list[tuple[Any, Path]] = [(data, ())]
    while stack:
        value, path = stack.pop()
        if len(path) > MAX_DEPTH:
            raise JsonValueError(path, _("nested more than {n} levels deep", n=MAX_DEPTH))
        if isinstance(value, _Bad):
            raise JsonValueError(path, value.message)
        if isinstance(value, str):
            _unicode(value, path)
        elif isinstance(value, dict):
            if isinstance(value, _Duplicated):
                raise JsonValueError(path, _("the key {key} appears twice", key=show(value.key)))
            for key, item in value.items():
                _unicode(key, path)
                stack.append((item, (*path, key)))
        elif isinstance(value, list):
            stack.extend((item, (*path, i)) for i, item in enumerate(value))


def show(value: Any, limit: int = 60) -> str:
    """A short JSON rendering of ``value`` for a message."""
    try:
        text = json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _unicode(text: str, path: Path) -> None:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise JsonValueError(
            path, _("text that is not valid Unicode (an unpaired surrogate \\u escape)")
        ) from None


def _constant(literal: str) -> _Bad:
    return _Bad(literal, _("{value} is not a JSON number", value=literal))


def _float(literal: str) -> float | _Bad:
    value = float(literal)
    if value in (float("inf"), float("-inf")):
        return _Bad(literal, _("the number {value} is too large", value=literal[:30]))
    return value


def _int(literal: str) -> int | _Bad:
    digits = len(literal.lstrip("-"))
    if digits > MAX_DIGITS:
        return _Bad(literal, _("an integer of {n} digits is too large", n=f"{digits:,}"))
    return int(literal)


def _object(pairs: list[tuple[str, Any]]) -> dict:
    result = dict(pairs)
    if len(result) == len(pairs):
        return result
    seen: set[str] = set()
    duplicated = _Duplicated(result)
    duplicated.key = next(k for k, _v in pairs if k in seen or seen.add(k))
    return duplicated
