"""The command line's core: parser, subcommand registry, loading a SOURCE, errors.

Exit status: 0 success; 1 the graph has problems (printed); 2 the input can't be
used (one line saying what and where); 128 + N when signal N ended the command.
Never a traceback: a failure nobody foresaw is one line on the terminal and its
traceback in the log file (:mod:`engine.logfile`).
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable
from pathlib import Path

from engine import memory
from engine.analysis import Analysis, analyse
from engine.cli import argparse_text
from engine.cli.signals import Interrupted, signal_name, terminations_interrupt
from engine.fileformat import FormatError, load
from engine.gpu_memory import device_memory
from engine.graph import Graph
from engine.i18n import _, os_reason, translated, use_environment_language
from engine.logfile import log_path, logging_to_file

log = logging.getLogger(__name__)

EXIT_OK, EXIT_PROBLEMS, EXIT_BAD_INPUT = 0, 1, 2
#: The subcommands, in the order ``--help`` lists them (``main.py`` dispatches on these).
SUBCOMMANDS = ("presets", "preset", "summary", "export", "train", "predict")


class UsageError(Exception):
    """Input that can't be used: exit 2 with this one-line message."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # one line, exit 2, as the contract says
        raise UsageError(usage_error(self.prog, message))


def usage_error(prog: str, message: str) -> str:
    """argparse's complaint as one line under :func:`err`'s "convas: " prefix: the
    subcommand's name once ("convas: export: argument --format: ..."), never
    "convas: convas export: ..."."""
    command = prog.split(" ", 1)[1] if " " in prog else ""
    return f"{command}: {message}" if command else message


def main(argv: list[str]) -> int:
    """Run one subcommand; returns the exit status."""
    use_environment_language()
    argparse_text.install()
    with logging_to_file(), terminations_interrupt():
        return _run(argv)


def wrong_usage() -> int:
    """``python main.py A B`` that is neither a subcommand nor one file: how to call it."""
    use_environment_language()
    err(_("usage: python main.py [FILE.convas] | SUBCOMMAND ..."))
    return EXIT_BAD_INPUT


def _run(argv: list[str]) -> int:
    parser = _build_parser()
    try:
        args = parser.parse_args(argv)
        return args.handler(args)
    except (UsageError, FormatError) as exc:
        err(str(exc))
        return EXIT_BAD_INPUT
    except KeyboardInterrupt as exc:
        signum = exc.signum if isinstance(exc, Interrupted) else 2
        err(_("interrupted ({signal})", signal=signal_name(signum)))
        return 128 + signum
    except MemoryError:
        log.exception("out of memory")
        err(_("not enough memory to finish (details in {log})", log=log_path()))
        return EXIT_BAD_INPUT
    except OSError as exc:  # the environment: a full disk, a folder that went away
        log.exception("system error")
        where = f"{exc.filename}: " if exc.filename else ""
        err(f"{where}{os_reason(exc)}")
        return EXIT_BAD_INPUT
    except Exception as exc:  # last resort: one line here, the traceback in the log
        log.exception("unexpected error")
        err(
            _(
                "unexpected error: {error} (details in {log})",
                error=_first_line(exc),
                log=log_path(),
            )
        )
        return EXIT_BAD_INPUT


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0][:200]}" if text else type(exc).__name__


def err(message: str) -> None:
    """One line on standard error, prefixed like every message of the command line."""
    print(f"convas: {message}", file=sys.stderr)


def _build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="convas",
        description=_("Convas command line (no display needed)."),
        formatter_class=argparse_text.ColumnsFormatter,
    )
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    for name in sorted(_EXTRA_COMMANDS, key=_help_order):
        help_text = translated(_EXTRA_HELP[name])
        parser_of = sub.add_parser(
            name,
            help=help_text,
            description=help_text,
            formatter_class=argparse_text.ColumnsFormatter,
        )
        _EXTRA_COMMANDS[name](parser_of)
    return parser


# Every subcommand registers here from its own module (engine.cli.summary, .export,
# .train); those that need torch import it inside their handler, so `summary` never does.
_EXTRA_COMMANDS: dict[str, Callable[[argparse.ArgumentParser], None]] = {}
_EXTRA_HELP: dict[str, str] = {}


def _help_order(name: str) -> int:
    return SUBCOMMANDS.index(name) if name in SUBCOMMANDS else len(SUBCOMMANDS)


def subcommand(name: str, help: str):
    """Register ``register(parser)`` that adds arguments and sets ``handler``; ``help``
    is marked with ``N_()`` and translated when the parser is built (after the locale is
    read)."""

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
        raise UsageError(
            _("{source}: no such file or preset (presets: {names})", source=source, names=names)
        ) from None


def load_compilable(source: str) -> tuple[Graph, Analysis] | None:
    """Load SOURCE and analyse it; print its problems and return None when it has any.

    For the subcommands that build a model (``export``, ``train``): they exit 1 then.
    """
    graph = load_source(source)
    analysis = analyse(graph)
    if analysis.ok:
        return graph, analysis
    err(_("{source}: the network has {n} problem(s):", source=source, n=len(analysis.problems)))
    for problem in analysis.problems:
        err(f"  - {problem.node or _('(graph)')}: {problem.message}")
    return None


def refuse_if_too_big(source: str, need: memory.MemoryNeed, device: str = "cpu") -> None:
    """The memory guard: raise UsageError (exit 2, the figure in one line) when ``need``
    is more than the memory available on ``device`` (a TrainConfig device name)."""
    reason = memory.refusal(need, device_memory(device))
    if reason:
        raise UsageError(f"{source}: {reason}")
