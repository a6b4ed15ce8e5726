"""``python main.py export SOURCE --format python|onnx|weights -o PATH [--weights W] [--seed S]``.

Writes standalone PyTorch code (a folder), an ONNX model or a weights file for the
compiled network. The weights are W's when given, else fresh ones drawn from seed S
(default 0), so every format exported with the same W or S carries the same numbers.

torch is imported inside the handler only: ``engine.cli`` imports this module on
every command, and ``summary`` must stay quick.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from engine.cli.core import (
    EXIT_OK,
    EXIT_PROBLEMS,
    UsageError,
    err,
    load_compilable,
    refuse_if_too_big,
    subcommand,
)
from engine.i18n import N_, _, os_reason
from engine.memory import export_need

FORMATS = ("python", "onnx", "weights")


@subcommand("export", N_("write PyTorch code (a folder), an ONNX model or a weights file"))
def register(p: argparse.ArgumentParser) -> None:
    p.add_argument("source", metavar="SOURCE", help=_("a project file or a preset name"))
    p.add_argument(
        "--format",
        required=True,
        choices=FORMATS,
        help=_(
            "python: a folder with model.py, weights.pt, train.py and a README; "
            "onnx: one .onnx file; weights: a state dict (.pt, or .safetensors "
            "when PATH ends so)"
        ),
    )
    p.add_argument("-o", "--output", required=True, metavar="PATH")
    p.add_argument(
        "--weights",
        metavar="W",
        help=_(
            "a state dict (.pt or .safetensors) to export, e.g. from training; "
            "default: fresh weights drawn from --seed"
        ),
    )
    p.add_argument(
        "--seed", type=int, default=0, metavar="S", help=_("seed of the fresh weights (default 0)")
    )
    p.set_defaults(handler=cmd_export)


def cmd_export(args) -> int:
    loaded = load_compilable(args.source)
    if loaded is None:
        return EXIT_PROBLEMS
    graph, analysis = loaded
    refuse_if_too_big(args.source, export_need(graph, analysis))
    if args.weights is not None and not Path(args.weights).is_file():
        raise UsageError(_("{path}: no such weights file", path=args.weights))
    from engine import export
    from engine.export.weights import WeightsError

    output = Path(args.output)
    replaced = replaced_files(output) if args.format == "python" else []
    if Path(args.source).is_file():  # named after its file, as the window does
        export.named_after_file(graph, args.source)
    try:
        if args.format == "python":
            written = export.export_python(graph, output, args.weights, args.seed)
        elif args.format == "onnx":
            written = [export.export_onnx(graph, output, args.weights, args.seed)]
        else:
            written = [export.export_weights(graph, output, args.weights, args.seed)]
    except WeightsError as exc:
        raise UsageError(str(exc)) from None
    except export.ExportError as exc:
        raise UsageError(str(exc)) from None
    except OSError as exc:
        raise UsageError(
            _("{path}: can't be written ({reason})", path=output, reason=os_reason(exc))
        ) from None
    if replaced:
        err(_("{folder}: replaced {files} of an earlier export", folder=output, files=replaced))
    for path in written:
        print(path)
    return EXIT_OK


def replaced_files(folder: Path) -> str:
    """The files of an earlier export in ``folder`` that this one writes again ("" if
    none): the command line writes them, as the format's contract says, and names them
    (other files in the folder are never touched)."""
    from engine.export import files_to_replace

    return ", ".join(files_to_replace(folder)) if folder.is_dir() else ""
