"""The block registry: one :class:`BlockSpec` per block type.

Everything the rest of Convas knows about a block comes from here: the palette and the
inspector are generated from the parameter schema (with the values a new block starts
with), shape analysis calls ``infer``, the compiler calls ``build``, the exporter writes
``code``, the canvas and the compiler ask the ``role`` (the graph's Input and Output),
and expanding a composite calls ``expand`` (or traces its module). Adding a block means
declaring it once, in ``engine/blocks/``, with the :func:`block` decorator.

This module never imports torch: the editor analyses graphs before torch has loaded.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from engine.i18n import _

Shape = tuple[int, ...]

# Parameter kinds understood by validation and by the inspector.
INT = "int"
FLOAT = "float"
BOOL = "bool"
INT_OR_PAIR = "int_or_pair"  # 3 or [3, 5]
PADDING = "padding"  # int, [h, w] or "same"
CHOICE = "choice"  # one of the param's ``choices`` (a word such as "ReLU6")

# Roles: the blocks the graph's data enters and leaves by.
INPUT_ROLE = "input"
OUTPUT_ROLE = "output"


class ShapeProblem(Exception):
    """A rule of a block that the current input shapes break (a graph problem).

    ``message`` is human text in the user's language (:func:`engine.i18n._`); ``code``
    is the stable snake_case kind of problem that scripts read (``summary --json``).
    """

    def __init__(self, message: str, code: str = "shape_mismatch"):
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class Param:
    """One parameter of a block type: its kind, default, range and plain-words help.

    ``label_ko`` is its name in the Korean interface ("출력 채널 수"); English shows the
    identifier itself, which is also PyTorch's name for it.
    """

    name: str
    kind: str
    default: Any = None
    required: bool = False
    minimum: float | None = None
    maximum: float | None = None
    nullable: bool = False
    help: str = ""
    help_ko: str = ""
    label_ko: str = ""
    choices: tuple[str, ...] = ()  # CHOICE: the words allowed
    start: Any = None  # a required param's value in a block just added to the canvas

    def check(self, value: Any) -> str | None:
        """Return why ``value`` is not acceptable for this parameter, or None."""
        if value is None:
            return None if self.nullable else _("must not be null")
        if self.kind == BOOL:
            return None if isinstance(value, bool) else _("expected true or false")
        if self.kind == CHOICE:
            if value in self.choices:
                return None
            return _("expected one of {choices}", choices=", ".join(self.choices))
        if self.kind == INT:
            if not _is_int(value):
                return _("expected an integer")
            return self._range(value)
        if self.kind == FLOAT:
            if not _is_number(value) or not math.isfinite(value):
                return _("expected a number")
            return self._range(value)
        if self.kind in (INT_OR_PAIR, PADDING):
            if self.kind == PADDING and value == "same":
                return None
            if _is_int(value):
                return self._range(value)
            if isinstance(value, list) and len(value) == 2 and all(_is_int(v) for v in value):
                return self._range(value[0]) or self._range(value[1])
            if self.kind == PADDING:
                return _('expected an integer, [h, w] or "same"')
            return _("expected an integer or [h, w]")
        raise AssertionError(f"unknown parameter kind {self.kind}")

    def _range(self, value: float) -> str | None:
        if self.minimum is not None and value < self.minimum:
            return _(
                "{value} is below the minimum {minimum}", value=value, minimum=_fmt(self.minimum)
            )
        if self.maximum is not None and value > self.maximum:
            return _(
                "{value} is above the maximum {maximum}", value=value, maximum=_fmt(self.maximum)
            )
        return None


@dataclass(frozen=True)
class Inference:
    """What analysis derives for one node: output shape, parameter and MAC counts."""

    shape: Shape
    params: int = 0
    macs: int = 0


# Arity: how many inputs a block takes.
SOURCE = 0  # Input
SINGLE = 1
MANY = -1  # Add, Concat: two or more


@dataclass(frozen=True)
class BlockSpec:
    """Everything Convas knows about one block type."""

    type: str
    category: str
    title: str
    help: str
    params: tuple[Param, ...]
    arity: int
    infer: Callable[[list[Shape], dict[str, Any]], Inference]
    build: Callable[[list[Shape], dict[str, Any]], Any] | None
    describe: Callable[[dict[str, Any]], str] = field(default=lambda p: "")
    help_ko: str = ""
    aliases: tuple[str, ...] = ()
    composite: bool = False
    title_ko: str = ""  # empty: the title reads the same in Korean (ReLU, GELU…)
    role: str | None = None  # INPUT_ROLE or OUTPUT_ROLE: where data enters or leaves
    code: Any = None  # engine.blocks.code.Module or Inline: the module and its code
    expand: Callable | None = None  # composite → primitives; None: traced from its module
    #: a composite's layers, one line each, in the user's language (the canvas's "Inside")
    contents: Callable[[dict[str, Any]], list[str]] | None = None

    def param(self, name: str) -> Param:
        for p in self.params:
            if p.name == name:
                return p
        raise KeyError(name)

    def defaults(self) -> dict[str, Any]:
        return {p.name: p.default for p in self.params if not p.required}

    def resolve(self, params: dict[str, Any]) -> dict[str, Any]:
        """Explicit params over defaults; required ones missing stay missing."""
        full = self.defaults()
        full.update(params)
        return full

    def starting_params(self) -> dict[str, Any]:
        """The params of a block just added: a value for each required one."""
        return {p.name: p.start for p in self.params if p.required}


REGISTRY: dict[str, BlockSpec] = {}
ALIASES: dict[str, str] = {}
#: Palette categories in order, and their Korean names.
CATEGORY_KO = {
    "Input / Output": "입력 / 출력",
    "Convolution": "합성곱",
    "Pooling": "풀링",
    "Normalization": "정규화",
    "Activation": "활성화 함수",
    "Regularization": "규제",
    "Dense": "완전 연결",
    "Merge": "병합",
    "Composite": "복합 블록",
}
CATEGORIES = (
    "Input / Output",
    "Convolution",
    "Pooling",
    "Normalization",
    "Activation",
    "Regularization",
    "Dense",
    "Merge",
    "Composite",
)


def block(
    type: str,
    category: str,
    title: str,
    help: str,
    params: Sequence[Param] = (),
    arity: int = SINGLE,
    help_ko: str = "",
    title_ko: str = "",
    aliases: Sequence[str] = (),
    composite: bool = False,
    describe: Callable[[dict[str, Any]], str] | None = None,
    build: Callable[[list[Shape], dict[str, Any]], Any] | None = None,
    code: Any = None,
    role: str | None = None,
    expand: Callable | None = None,
    contents: Callable[[dict[str, Any]], list[str]] | None = None,
):
    """Register a block type; decorates its shape rule ``infer(inputs, params)``.

    ``code`` (:class:`engine.blocks.code.Module` or ``Inline``) says which module the
    block is and how exported code writes it; ``build`` defaults to building that module.
    Every required param needs a ``start`` value.
    """
    missing = [p.name for p in params if p.required and p.start is None]
    if missing:
        raise ValueError(f"block type {type}: required param {missing[0]} needs a start value")

    def register(infer):
        spec = BlockSpec(
            type=type,
            category=category,
            title=title,
            help=help,
            params=tuple(params),
            arity=arity,
            infer=infer,
            build=build or (code.build if code is not None else None),
            describe=describe or (lambda p: ""),
            help_ko=help_ko,
            title_ko=title_ko,
            aliases=tuple(aliases),
            composite=composite,
            role=role,
            code=code,
            expand=expand,
            contents=contents,
        )
        if type in REGISTRY:
            raise ValueError(f"block type {type} registered twice")
        REGISTRY[type] = spec
        for alias in aliases:
            ALIASES[alias] = type
        return infer

    return register


def get_spec(type_name: str) -> BlockSpec | None:
    """The spec of a block type, following renamed types' aliases."""
    _ensure_loaded()
    return REGISTRY.get(type_name) or REGISTRY.get(ALIASES.get(type_name, ""))


def all_specs() -> list[BlockSpec]:
    _ensure_loaded()
    return list(REGISTRY.values())


def role_of(type_name: str) -> str | None:
    """INPUT_ROLE, OUTPUT_ROLE or None for a block type (None for an unknown one)."""
    spec = get_spec(type_name)
    return spec.role if spec is not None else None


def has_output_port(type_name: str) -> bool:
    """Whether blocks of this type feed others (every block but the graph's Output)."""
    return role_of(type_name) != OUTPUT_ROLE


def type_with_role(role: str) -> str:
    """The block type that plays ``role`` ("Input" for INPUT_ROLE)."""
    return next(s.type for s in all_specs() if s.role == role)


def starting_params(type_name: str) -> dict[str, Any]:
    """Values for the required params of a new block of this type, so it is usable at once."""
    return get_spec(type_name).starting_params()


def _ensure_loaded() -> None:
    if not REGISTRY:
        from engine import blocks  # noqa: F401  (registers every block)


def pair(value: Any) -> tuple[int, int]:
    """``3`` -> (3, 3); ``[3, 5]`` -> (3, 5)."""
    if isinstance(value, (list, tuple)):
        return int(value[0]), int(value[1])
    return int(value), int(value)


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _fmt(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else str(x)
