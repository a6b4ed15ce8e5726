"""The command line's core: parser, subcommand registry, loading a SOURCE, errors.

Exit status: 0 success; 1 the graph has problems (printed); 2 the input can't be
used (one line saying what and where). Never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from engine.analysis import Analysis, analyse
from engine.fileformat import FormatError, load
from engine.graph import Graph
from engine.i18n import use_environment_language

EXIT_OK, EXIT_PROBLEMS, EXIT_BAD_INPUT = 0, 1, 2
#: The subcommands, in the order ``--help`` lists them (``main.py`` dispatches on these).
SUBCOMMANDS = ("presets", "preset", "summary", "export", "train", "predict")


class UsageError(Exception):
    """Input that can't be used: exit 2 with this one-line message."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # one line, exit 2, as the contract says
        raise UsageError(f"{self.prog}: {message}")


def main(argv: list[str]) -> int:
    """Run one subcommand; returns the exit status."""
    use_environment_language()
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

    for name in sorted(_EXTRA_COMMANDS, key=_help_order):
        _EXTRA_COMMANDS[name](sub.add_parser(name, help=_EXTRA_HELP[name]))
    return parser


# Every subcommand registers here from its own module (engine.cli.summary, .export,
# .train); those that need torch import it inside their handler, so `summary` never does.
_EXTRA_COMMANDS: dict[str, Callable[[argparse.ArgumentParser], None]] = {}
_EXTRA_HELP: dict[str, str] = {}


def _help_order(name: str) -> int:
    return SUBCOMMANDS.index(name) if name in SUBCOMMANDS else len(SUBCOMMANDS)


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
