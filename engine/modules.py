"""The modules behind blocks now live in :mod:`engine.nets` (one definition each, copied
into exported code); these names stay importable from here for older code."""

from engine.nets.basic import Add, Concat  # noqa: F401
from engine.nets.classic import (  # noqa: F401
    ConvUnit,
    DenseBlock,
    DenseLayer,
    InceptionBlock,
    ResidualBlock,
    Transition,
)
