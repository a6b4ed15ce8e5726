"""What an import mapped and what it didn't: parameters and the operations left out.

An import that can't map everything says so before anything else: how many operations
have no block, grouped by what they are, and the share of the model's parameters that
the graph holds. Parameters the model's forward pass never uses (an auxiliary
classifier that runs only in training) are counted apart: they are not a gap.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from engine.i18n import _, ngettext
from engine.importer.ir import IR


@dataclass(frozen=True)
class Coverage:
    """Parameters of the model and of the imported graph."""

    #: parameters the model's forward pass uses
    model_params: int = 0
    #: of those, parameters the graph holds
    mapped_params: int = 0
    #: parameters the forward pass never uses (left out)
    unused_params: int = 0
    #: the top-level modules that hold them
    unused_modules: tuple[str, ...] = ()

    @property
    def share(self) -> float:
        return self.mapped_params / self.model_params if self.model_params else 1.0


def coverage(parameters: dict[str, int], ir: IR) -> Coverage:
    """``parameters``: the model's parameter paths and sizes (shared ones once)."""
    mapped = {path for node in ir.nodes.values() for path in node.paths.values()}
    unused = [p for p in parameters if p not in ir.touched]
    modules = tuple(dict.fromkeys(p.split(".", 1)[0] for p in unused))
    total_unused = sum(parameters[p] for p in unused)
    return Coverage(
        sum(parameters.values()) - total_unused,
        sum(n for p, n in parameters.items() if p in mapped),
        total_unused,
        modules,
    )


def gaps(unmapped: list[tuple[str, str]]) -> list[tuple[str, int, list[str]]]:
    """The operations left out grouped by reason: (reason, count, the first names)."""
    counts = Counter(reason for _name, reason in unmapped)
    return [
        (reason, count, [n for n, r in unmapped if r == reason][:3])
        for reason, count in counts.most_common()
    ]


def gap_lines(unmapped: list[tuple[str, str]], cover: Coverage) -> list[str]:
    """The report of an incomplete import, one line each: the totals, then each kind."""
    head = ngettext(
        "{n} operation has no block; the graph holds {share} of the model's parameters "
        "({mapped} of {total})",
        "{n} operations have no block; the graph holds {share} of the model's parameters "
        "({mapped} of {total})",
        len(unmapped),
        share=f"{cover.share:.1%}",
        mapped=f"{cover.mapped_params:,}",
        total=f"{cover.model_params:,}",
    )
    lines = [head]
    for reason, count, names in gaps(unmapped):
        more = ", …" if count > len(names) else ""
        lines.append(f"  {count} × {reason} ({', '.join(names)}{more})")
    return lines


def unused_note(cover: Coverage) -> str | None:
    if not cover.unused_params:
        return None
    return _(
        "{n} parameters in {modules} are not used by the model's forward pass at inference "
        "(an auxiliary classifier?) and are left out",
        n=f"{cover.unused_params:,}",
        modules=", ".join(cover.unused_modules),
    )
