"""Import a PyTorch model as a Convas graph, with its weights.

The API lives in :mod:`engine.importer.api` and is loaded on first use (it imports
torch), so ``python -m engine.importer`` can refuse an untrusted file at once:

- :func:`import_module` (``obj_or_path, name=None, example_input_shape=None, *,
  trust=False, verify=True``) → :class:`ImportResult` (``graph``, ``state_dict``,
  ``unmapped``, ``notes``, ``max_difference``, ``coverage``, ``gap_lines()``);
- :class:`ImportFailed` (one line saying why), :class:`UntrustedFile` (a file given
  without ``trust=True``: loading it would run its code).
"""

from __future__ import annotations

__all__ = ["ImportFailed", "ImportResult", "UntrustedFile", "import_module"]


def __getattr__(name: str):
    if name in __all__:
        from engine.importer import api

        return getattr(api, name)
    raise AttributeError(f"module 'engine.importer' has no attribute {name!r}")
