"""The values a traced operation can produce besides a block's key, and small helpers
shared by the torch.fx front end's modules."""

from __future__ import annotations

from typing import Any, NamedTuple

from torch import fx


class NHWC(NamedTuple):
    """The value of block ``key`` with its channels moved last."""

    key: str


class Grouped(NamedTuple):
    """Block ``key``'s channels reshaped into ``groups`` groups (``swapped``: transposed)."""

    key: str
    groups: int
    swapped: bool


class Chunks(NamedTuple):
    """Block ``key``'s channels split into ``chunks`` parts (``torch.chunk``)."""

    key: str
    chunks: int


class Dead:
    """A value that has no block (the reason is already in the unmapped list)."""


DEAD = Dead()


class Unmapped(Exception):
    def __init__(self, name: str, reason: str):
        super().__init__(reason)
        self.name, self.reason = name, reason


def line(exc: Exception) -> str:
    """The first line of an exception's message (at most 300 characters)."""
    lines = str(exc).strip().splitlines()
    return (lines[0] if lines else type(exc).__name__)[:300]


def arg(node: fx.Node, index: int, name: str, default: Any = None) -> Any:
    if name in node.kwargs:
        return node.kwargs[name]
    return node.args[index] if len(node.args) > index else default


def dims(node: fx.Node, first: int = 1) -> list[int]:
    dims = node.args[first:] if len(node.args) > first else [node.kwargs.get("dims", [])]
    if len(dims) == 1 and isinstance(dims[0], (list, tuple)):
        dims = dims[0]
    return list(dims)
