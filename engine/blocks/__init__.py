"""Every block type Convas offers, each declared once.

A declaration gives the parameter schema (with help in plain words, drawn from the
convolution lesson), the input arity, the analytic shape rule with parameter and
multiply-accumulate (MAC) counts, and a builder of the equivalent PyTorch module.
Builders import torch lazily so that shape analysis never does.

To add a block: write its shape rule under ``@block(...)`` in the module of its kind
(``conv``, ``pool``, ``layers``, ``modern``, ``composite``, ``mobile``, ``units``,
``inception3``),
with ``code=`` the module it is (:mod:`engine.blocks.code`: a torch.nn class, or a class
of :mod:`engine.nets` for a block of several layers). Importing this package registers
every block.
"""

from engine.blocks import (  # noqa: F401  (registers the blocks)
    composite,
    conv,
    inception3,
    layers,
    mobile,
    modern,
    pool,
    units,
)
from engine.blocks.common import (  # noqa: F401  (the helpers other modules use)
    OUT_CHANNELS,
    conv_geometry,
    feature_map,
    spatial_out,
)
