"""One declaration for a block's module and for its code in an exported ``model.py``.

A block declares ``code=Module("nn.Conv2d", Arg(IN), Arg("out_channels"), ...)``: the
compiler builds ``torch.nn.Conv2d(...)`` from it and the exporter writes
``nn.Conv2d(3, 64, kernel_size=7, ...)`` from the same arguments, leaving out those that
equal their ``omit`` value. A class name without ``nn.`` is a class of
:mod:`engine.nets`, whose source the exporter copies into ``model.py`` (with every
definition it uses): the module the app trains is the code the user gets. Blocks
without weights that read better as an expression (``a + b``, ``torch.cat``) are
``Inline``: a module for the compiler, a statement in ``forward`` for the exporter.

Nothing here imports torch: exported code is generated on every edit.
"""

from __future__ import annotations

import ast
import importlib
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from engine.i18n import _

LINE_LENGTH = 88
TAB = "    "
NETS_DIR = Path(__file__).resolve().parent.parent / "nets"
_WORD = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")


class ExportError(Exception):
    """The graph can't be exported; ``problems`` lists the graph's problems, if any."""

    def __init__(self, message: str, problems: list | None = None):
        super().__init__(message)
        self.problems = list(problems or [])


def IN(p: dict[str, Any], inputs: Sequence[tuple[int, ...]]) -> int:  # noqa: N802
    """The argument value "channels of the first input"."""
    return inputs[0][0]


_KEEP = object()


@dataclass(frozen=True)
class Arg:
    """One constructor argument: a param's name or a function ``(params, inputs) → value``.

    ``keyword`` None makes it positional; ``omit`` (a value, or a predicate
    ``(value, params) → bool``) leaves it out of the exported code, never out of the
    module the compiler builds; ``convert`` is applied to the value first (``float``).
    """

    value: str | Callable[[dict[str, Any], Sequence], Any]
    keyword: str | None = None
    omit: Any = _KEEP
    convert: Callable[[Any], Any] | None = None

    def resolve(self, p: dict[str, Any], inputs: Sequence) -> Any:
        value = p[self.value] if isinstance(self.value, str) else self.value(p, inputs)
        if isinstance(value, list):
            value = tuple(value)
        return self.convert(value) if self.convert is not None and value is not None else value

    def omitted(self, value: Any, p: dict[str, Any]) -> bool:
        if self.omit is _KEEP:
            return False
        if callable(self.omit):
            return bool(self.omit(value, p))
        return literal(value) == literal(self.omit)


@dataclass(frozen=True)
class Module:
    """The block is the module ``cls(*args)``: ``"nn.X"`` from torch.nn, else a class
    (or factory) of :mod:`engine.nets`."""

    cls: str
    args: tuple[Arg, ...] = ()

    def __init__(self, cls: str, *args: Arg):
        object.__setattr__(self, "cls", cls)
        object.__setattr__(self, "args", tuple(args))

    def build(self, inputs: Sequence, p: dict[str, Any]) -> Any:
        """The ``nn.Module`` (imports torch)."""
        positional, keywords = [], {}
        for arg in self.args:
            value = arg.resolve(p, inputs)
            if arg.keyword is None:
                positional.append(value)
            else:
                keywords[arg.keyword] = value
        return _class(self.cls)(*positional, **keywords)

    def call(self, inputs: Sequence, p: dict[str, Any]) -> tuple[str, list[str]]:
        """(callee, arguments) as code text."""
        args = []
        for arg in self.args:
            value = arg.resolve(p, inputs)
            if arg.keyword is not None and arg.omitted(value, p):
                continue
            text = literal(value)
            args.append(text if arg.keyword is None else f"{arg.keyword}={text}")
        return self.cls, args

    @property
    def needs(self) -> tuple[str, ...]:
        """The :mod:`engine.nets` definitions its code needs (itself)."""
        return () if self.cls.startswith("nn.") else (self.cls,)


@dataclass(frozen=True)
class Inline:
    """A block without weights written as a statement in ``forward``; ``module`` is what
    the compiler builds. ``lines(target, args, params)`` returns the statement's lines;
    ``too_long(target, args)`` says when they reassign ``target`` step by step (then
    the target must not be one of the arguments)."""

    module: Module
    lines: Callable[[str, list[str], dict[str, Any]], list[str]]
    too_long: Callable[[str, list[str]], bool] | None = None
    needs: tuple[str, ...] = field(default=())

    def build(self, inputs: Sequence, p: dict[str, Any]) -> Any:
        return self.module.build(inputs, p)


def _class(name: str):
    """The class (or factory) ``name`` stands for, when a module is built (torch loads).

    The only place the blocks reach torch, and only at build time: the import is made
    by name so the rule "shape rules never import torch" holds for every other line
    (``lint-imports`` checks it).
    """
    if name.startswith("nn."):
        return getattr(importlib.import_module("torch.nn"), name[3:])
    module = definitions()[name].module
    return getattr(importlib.import_module(f"engine.nets.{module}"), name)


# --------------------------------------------------------------------------- literals


def literal(value: Any) -> str:
    """Python text for a value: numbers, booleans, None, pairs, and single words
    ("same", "ReLU6"); anything else is refused, so no text from a file becomes code."""
    if value is None:
        return "None"
    if isinstance(value, bool):
        return "True" if value else "False"
    if isinstance(value, int):
        return str(int(value))
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ExportError(_("parameter value {value} is not a finite number", value=value))
        return repr(float(value))
    if isinstance(value, str) and _WORD.match(value) and len(value) <= 32:
        return f'"{value}"'
    if isinstance(value, (list, tuple)) and len(value) == 2:
        a, b = (_int(v) for v in value)
        return str(a) if a == b else f"({a}, {b})"
    raise ExportError(_("unexpected parameter value of type {type}", type=type(value).__name__))


def _int(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ExportError(_("expected an integer, got {type}", type=type(value).__name__))
    return int(value)


# --------------------------------------------------------------------------- layout


def call_lines(indent: int, target: str, callee: str, args: list[str]) -> list[str]:
    """``target = callee(args)`` split as ruff format splits a call that is too long."""
    pad, inner = TAB * indent, TAB * (indent + 1)
    one = f"{pad}{target} = {callee}({', '.join(args)})"
    if len(one) <= LINE_LENGTH:
        return [one]
    body = inner + ", ".join(args)
    if len(body) <= LINE_LENGTH:
        return [f"{pad}{target} = {callee}(", body, f"{pad})"]
    return [f"{pad}{target} = {callee}(", *(f"{inner}{a}," for a in args), f"{pad})"]


def operator_lines(symbol: str) -> Callable[[str, list[str], dict], list[str]]:
    """``target = a <symbol> b <symbol> c``; when too long, one step a line, left to right
    as Python evaluates it (the compiled module rounds the same way)."""

    def lines(target: str, args: list[str], p: dict) -> list[str]:
        pad = TAB * 2
        one = f"{pad}{target} = {f' {symbol} '.join(args)}"
        if len(one) <= LINE_LENGTH:
            return [one]
        out = [f"{pad}{target} = {args[0]} {symbol} {args[1]}"]
        return out + [f"{pad}{target} = {target} {symbol} {a}" for a in args[2:]]

    return lines


def operator_too_long(symbol: str, target: str, args: list[str]) -> bool:
    """Whether :func:`operator_lines` needs several lines (and reassigns ``target``)."""
    return len(f"{TAB * 2}{target} = {f' {symbol} '.join(args)}") > LINE_LENGTH


def concat_lines(target: str, args: list[str], p: dict) -> list[str]:
    """``target = torch.cat([a, b], dim=1)``, split as ruff format would."""
    pad, inner = TAB * 2, TAB * 3
    one = f"{pad}{target} = torch.cat([{', '.join(args)}], dim=1)"
    if len(one) <= LINE_LENGTH:
        return [one]
    items = f"{inner}[{', '.join(args)}],"
    if len(items) <= LINE_LENGTH:
        middle = [items]
    else:
        middle = [f"{inner}[", *(f"{inner}{TAB}{a}," for a in args), f"{inner}],"]
    return [f"{pad}{target} = torch.cat(", *middle, f"{inner}dim=1,", f"{pad})"]


# --------------------------------------------------------------------------- sources


@dataclass(frozen=True)
class Definition:
    """A top-level class or function of :mod:`engine.nets`: its text and what it uses."""

    name: str
    module: str  # the file's stem
    source: str
    uses: frozenset[str]


@cache
def definitions() -> dict[str, Definition]:
    """Every top-level definition of ``engine/nets/*.py``, read with :mod:`ast`."""
    found: dict[str, Definition] = {}
    for path in sorted(NETS_DIR.glob("*.py")):
        text = path.read_text(encoding="utf-8")
        for node in ast.parse(text).body:
            if isinstance(node, (ast.ClassDef, ast.FunctionDef)):
                used = {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}
                source = ast.get_source_segment(text, node)
                found[node.name] = Definition(node.name, path.stem, source, frozenset(used))
    return found


def sources(names: Sequence[str]) -> list[Definition]:
    """The definitions ``names`` need, each once, every one after those it uses."""
    defs = definitions()
    order: list[str] = []

    def visit(name: str) -> None:
        if name in order:
            return
        for used in sorted(defs[name].uses - {name}):
            if used in defs:
                visit(used)
        order.append(name)

    for name in names:
        visit(name)
    return [defs[name] for name in order]
