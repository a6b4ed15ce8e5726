"""Safe identifiers from any node id or label.

Ids and labels may hold any text (quotes, newlines, keywords, non-ASCII). Nothing
derived from them is ever executed: compiled modules and exported code use names
made here, which are legal, unique, not keywords and not reserved. Modelled on
torch.fx's ``_Namespace.create_name``.
"""

from __future__ import annotations

import builtins
import keyword
import re
import unicodedata

_INVALID = re.compile(r"[^0-9a-zA-Z_]+")

#: Attributes of ``torch.nn.Module`` (a submodule must not shadow them), plus names
#: generated code relies on. Listed here so this module needs no torch import.
RESERVED = frozenset(
    """self torch nn F x inputs outputs forward training eval train cuda cpu to float half
    double type parameters buffers children modules state_dict load_state_dict apply zero_grad
    register_buffer register_parameter add_module get_submodule named_modules named_children
    named_parameters named_buffers requires_grad_ extra_repr dump_patches call_super_init
    graph code meta T_destination""".split()
) | frozenset(dir(builtins))


class Namespace:
    """Allocates unique, legal, non-keyword Python identifiers."""

    def __init__(self, reserved: frozenset[str] = RESERVED):
        self._used: set[str] = set()
        self._reserved = reserved
        self._counts: dict[str, int] = {}

    def create_name(self, candidate: str) -> str:
        """A fresh identifier that reads like ``candidate``."""
        base = identifier(candidate)
        if base in self._reserved:
            base += "_"
        name = base
        n = self._counts.get(base, 1)
        while name in self._used or name in self._reserved:
            n += 1
            name = f"{base}_{n}"
        self._counts[base] = n
        self._used.add(name)
        return name


def identifier(text: str) -> str:
    """A legal lower-case identifier resembling ``text`` (never empty, never a keyword)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    name = _INVALID.sub("_", ascii_text).strip("_").lower()[:40] or "node"
    if name[0].isdigit():
        name = "n" + name
    if keyword.iskeyword(name) or keyword.issoftkeyword(name):
        name += "_"
    return name
