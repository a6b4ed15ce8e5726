"""The PyTorch modules behind Convas's blocks, one definition each.

The compiler builds these classes; the exporter copies their source (read with
:mod:`ast`, see :mod:`engine.blocks.code`) into ``model.py``, so what the app trains is
exactly the code the user gets. They are therefore written as a person would write them
in a standalone file: only ``torch``, ``nn`` and ``F`` from outside, formatted for
ruff's defaults (line length 88, this folder's ``ruff.toml``), and no two definitions in
this package share a name. Submodule names follow torchvision's, so state dicts line up
with the published models.

- :mod:`engine.nets.basic`: the modules of one-layer blocks torch.nn lacks (Add, Mul,
  channel chunks and shuffle, layer norm over channels, layer scale, stochastic depth).
- :mod:`engine.nets.classic`: ResNet, DenseNet and GoogLeNet's blocks.
- :mod:`engine.nets.mobile`: squeeze-and-excitation, MobileNet, EfficientNet,
  ShuffleNet and SqueezeNet's blocks, ConvNeXt's block.
- :mod:`engine.nets.inception3`: Inception v3's five modules.
- :mod:`engine.nets.sizes`: channel rounding shared with the shape rules (no torch).
"""
