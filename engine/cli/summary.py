"""``presets``, ``preset NAME -o FILE`` and ``summary SOURCE [--json]``: no torch needed."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from engine.analysis import Analysis, analyse
from engine.cli.argparse_text import display_width
from engine.cli.core import EXIT_OK, EXIT_PROBLEMS, UsageError, err, load_source, subcommand
from engine.graph import Graph
from engine.i18n import N_, _, ngettext, os_reason
from engine.numbers import human_count


@subcommand("presets", N_("list the preset names"))
def register_presets(p: argparse.ArgumentParser) -> None:
    p.set_defaults(handler=cmd_presets)


@subcommand("preset", N_("write a preset as a project file"))
def register_preset(p: argparse.ArgumentParser) -> None:
    p.add_argument("name", metavar="NAME", help=_("the preset's name (see: presets)"))
    p.add_argument(
        "-o", "--output", required=True, metavar="FILE", help=_("the project file to write")
    )
    p.set_defaults(handler=cmd_preset)


@subcommand("summary", N_("shapes, parameters and MACs of every node"))
def register_summary(p: argparse.ArgumentParser) -> None:
    p.add_argument("source", metavar="SOURCE", help=_("a project file or a preset name"))
    p.add_argument("--json", action="store_true", help=_("print one JSON object"))
    p.set_defaults(handler=cmd_summary)


def cmd_presets(args) -> int:
    from engine import presets

    for info in presets.list_presets():
        print(info.name)
    return EXIT_OK


def cmd_preset(args) -> int:
    from engine import fileformat, presets

    try:
        graph = presets.load_preset(args.name)
    except KeyError:
        names = ", ".join(p.name for p in presets.list_presets())
        raise UsageError(
            _("no preset named {name} (presets: {names})", name=repr(args.name), names=names)
        ) from None
    replaced = Path(args.output).is_file()
    try:
        fileformat.save(graph, args.output)
    except OSError as exc:
        raise UsageError(
            _(
                "{path}: can't be written ({reason})",
                path=args.output,
                reason=os_reason(exc),
            )
        ) from None
    if replaced:  # the contract says "writes"; a replaced file is named, never silently
        err(_("{path}: replaced", path=args.output))
    return EXIT_OK


def summary_dict(graph: Graph, analysis: Analysis) -> dict:
    """The spec's ``summary --json`` object."""
    out_shape = analysis.output_shape
    return {
        "total_params": analysis.total_params,
        "output_shape": list(out_shape) if out_shape else None,
        "macs": analysis.total_macs,
        "nodes": [
            {
                "id": nid,
                "type": graph.nodes[nid].type,
                "output_shape": list(info.shape) if info.shape else None,
                "params": info.params,
                "macs": info.macs,
            }
            for nid, info in analysis.nodes.items()
        ],
        "problems": [
            {"node": p.node, "code": p.code, "message": p.message} for p in analysis.problems
        ],
    }


def cmd_summary(args) -> int:
    graph = load_source(args.source)
    analysis = analyse(graph)
    if args.json:
        print(json.dumps(summary_dict(graph, analysis), ensure_ascii=False))
    else:
        print(format_summary(graph, analysis))
    return EXIT_OK if analysis.ok else EXIT_PROBLEMS


def _shape(shape) -> str:
    if shape is None:
        return "—"
    return "×".join(str(d) for d in shape) if len(shape) > 1 else f"[{shape[0]}]"


def format_summary(graph: Graph, analysis: Analysis) -> str:
    """A table a person likes to read: one row per node, totals, then problems."""
    order = analysis.order + [n for n in graph.nodes if n not in analysis.order]
    rows = [("#", _("node"), _("type"), _("output"), _("params"), _("MACs"))]
    for i, nid in enumerate(order, 1):
        info = analysis.nodes[nid]
        node = graph.nodes[nid]
        flag = " !" if info.problems else ""
        name = (nid if not node.label else f"{nid} ({node.label})")[:40] + flag
        rows.append(
            (str(i), name, node.type, _shape(info.shape), f"{info.params:,}", f"{info.macs:,}")
        )
    from engine.presets import translated

    title = translated(graph.name) if graph.name else _("Untitled network")
    lines = [title, "", *_table(rows)]
    lines += _totals(analysis)
    if analysis.problems:
        n = len(analysis.problems)
        lines += ["", ngettext("{n} problem:", "{n} problems:", n)]
        for p in analysis.problems:
            lines.append(f"  - {p.node or _('(graph)')}: {p.message}")
    return "\n".join(lines)


def _totals(analysis: Analysis) -> list[str]:
    params, macs = analysis.total_params, analysis.total_macs
    return [
        _("Total parameters: {count} ({human})", count=f"{params:,}", human=human_count(params)),
        _(
            "Multiply-accumulates per sample: {count} ({human})",
            count=f"{macs:,}",
            human=human_count(macs),
        ),
        _("Output shape: {shape}", shape=_shape(analysis.output_shape)),
    ]


def _table(rows: list[tuple[str, ...]]) -> list[str]:
    """The rows as aligned columns between rules (Hangul counts two columns wide)."""
    widths = [max(display_width(r[c]) for r in rows) for c in range(6)]
    right = {0, 4, 5}

    def fmt(row):
        cells = [_pad(row[c], widths[c], c in right) for c in range(6)]
        return "  ".join(cells).rstrip()

    rule = "  ".join("─" * w for w in widths)
    return [fmt(rows[0]), rule, *(fmt(r) for r in rows[1:]), rule]


def _pad(text: str, width: int, right: bool) -> str:
    fill = " " * (width - display_width(text))
    return fill + text if right else text + fill
