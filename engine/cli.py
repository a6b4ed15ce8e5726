"""The command line: ``python main.py SUBCOMMAND ...`` (see the spec's contract).

Exit status: 0 success; 1 the graph has problems (printed); 2 the input can't be
used (one line saying what and where). Never a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path

from engine.analysis import Analysis, analyse
from engine.fileformat import FormatError, load
from engine.graph import Graph

EXIT_OK, EXIT_PROBLEMS, EXIT_BAD_INPUT = 0, 1, 2
SUBCOMMANDS = ("presets", "preset", "summary", "export", "train")


class UsageError(Exception):
    """Input that can't be used: exit 2 with this one-line message."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # one line, exit 2, as the contract says
        raise UsageError(f"{self.prog}: {message}")


def main(argv: list[str]) -> int:
    """Run one subcommand; returns the exit status."""
    parser = _build_parser()
    try:
        args = parser.parse_args(argv)
        return args.handler(args)
    except (UsageError, FormatError) as exc:
        err(str(exc))
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        err("interrupted")
        return 130
    except Exception as exc:  # last resort: a message, never a traceback
        err(f"internal error: {type(exc).__name__}: {exc}")
        return EXIT_BAD_INPUT


def err(message: str) -> None:
    """One line on standard error, prefixed like every message of the command line."""
    print(f"convas: {message}", file=sys.stderr)


def _build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="convas", description="Convas command line (no display needed).")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    p = sub.add_parser("presets", help="list the preset names")
    p.set_defaults(handler=cmd_presets)

    p = sub.add_parser("preset", help="write a preset as a project file")
    p.add_argument("name")
    p.add_argument("-o", "--output", required=True)
    p.set_defaults(handler=cmd_preset)

    p = sub.add_parser("summary", help="shapes, parameters and MACs of every node")
    p.add_argument("source", help="a project file or a preset name")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(handler=cmd_summary)

    for name, register in _EXTRA_COMMANDS.items():
        register(sub.add_parser(name, help=_EXTRA_HELP[name]))
    return parser


# Subcommands that need torch register here lazily, so `summary` never imports it.
_EXTRA_COMMANDS: dict[str, Callable[[argparse.ArgumentParser], None]] = {}
_EXTRA_HELP: dict[str, str] = {}


def subcommand(name: str, help: str):
    """Register ``register(parser)`` that adds arguments and sets ``handler``."""

    def deco(register):
        _EXTRA_COMMANDS[name] = register
        _EXTRA_HELP[name] = help
        return register

    return deco


def load_source(source: str) -> Graph:
    """A project file path, or else a preset name."""
    path = Path(source)
    if path.exists() or source.endswith(".convas") or "/" in source:
        return load(path)
    from engine import presets

    try:
        return presets.load_preset(source)
    except KeyError:
        names = ", ".join(p.name for p in presets.list_presets())
        raise UsageError(f"{source}: no such file or preset (presets: {names})") from None


def load_compilable(source: str) -> tuple[Graph, Analysis] | None:
    """Load SOURCE and analyse it; print its problems and return None when it has any.

    For the subcommands that build a model (``export``, ``train``): they exit 1 then.
    """
    graph = load_source(source)
    analysis = analyse(graph)
    if analysis.ok:
        return graph, analysis
    err(f"{source}: the network has {len(analysis.problems)} problem(s):")
    for problem in analysis.problems:
        err(f"  - {problem.node or '(graph)'}: {problem.message}")
    return None


# --------------------------------------------------------------------------- commands


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
        raise UsageError(f"no preset named {args.name!r} (presets: {names})") from None
    try:
        fileformat.save(graph, args.output)
    except OSError as exc:
        raise UsageError(f"{args.output}: can't be written ({exc.strerror or exc})") from None
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
        "problems": [{"node": p.node, "message": p.message} for p in analysis.problems],
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


def _human(n: int) -> str:
    for unit, size in (("G", 1e9), ("M", 1e6), ("K", 1e3)):
        if n >= size:
            return f"{n / size:.3g} {unit}"
    return str(n)


def format_summary(graph: Graph, analysis: Analysis) -> str:
    """A table a person likes to read: one row per node, totals, then problems."""
    order = analysis.order + [n for n in graph.nodes if n not in analysis.order]
    rows = [("#", "node", "type", "output", "params", "MACs")]
    for i, nid in enumerate(order, 1):
        info = analysis.nodes[nid]
        node = graph.nodes[nid]
        flag = " !" if info.problems else ""
        name = (nid if not node.label else f"{nid} ({node.label})")[:40] + flag
        rows.append(
            (str(i), name, node.type, _shape(info.shape), f"{info.params:,}", f"{info.macs:,}")
        )
    widths = [max(len(r[c]) for r in rows) for c in range(6)]
    right = {0, 4, 5}

    def fmt(row):
        cells = [
            row[c].rjust(widths[c]) if c in right else row[c].ljust(widths[c]) for c in range(6)
        ]
        return "  ".join(cells).rstrip()

    rule = "  ".join("─" * w for w in widths)
    title = graph.name or "Untitled network"
    lines = [title, "", fmt(rows[0]), rule, *(fmt(r) for r in rows[1:]), rule]
    lines.append(f"Total parameters: {analysis.total_params:,} ({_human(analysis.total_params)})")
    lines.append(
        f"Multiply-accumulates per sample: {analysis.total_macs:,} ({_human(analysis.total_macs)})"
    )
    lines.append(f"Output shape: {_shape(analysis.output_shape)}")
    if analysis.problems:
        lines += ["", f"{len(analysis.problems)} problem(s):"]
        for p in analysis.problems:
            lines.append(f"  - {p.node or '(graph)'}: {p.message}")
    return "\n".join(lines)


def _load_extra_commands() -> None:
    """Import the modules that register torch-using subcommands (export, train)."""
    import importlib

    for module in ("engine.cli_export", "engine.cli_train"):
        try:
            importlib.import_module(module)
        except ModuleNotFoundError as exc:
            if exc.name != module:
                raise


_load_extra_commands()
