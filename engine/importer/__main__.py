"""``python -m engine.importer FILE.py NAME -o OUT.convas --trust``: import a model.

FILE is a ``.py`` file (NAME: the nn.Module class or factory function in it) or a
saved ``torch.export`` program (``.pt2``). Loading either runs code, so ``--trust``
is required. Writes the project file and its weights (``OUT.pt`` beside it, a state
dict of the compiled module). An import that can't map everything says so first:
how many operations have no block, grouped by what they are, and the share of the
model's parameters the graph holds.

Exit status: 0 imported completely; 1 imported with operations that have no block
(listed first); 2 the input can't be used (one line, never a traceback).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from engine.cli import argparse_text
from engine.i18n import _, os_reason, use_environment_language


def main(argv: list[str] | None = None) -> int:
    use_environment_language()
    argparse_text.install()
    args = _parser().parse_args(argv)
    if not args.trust:
        _err(
            _(
                "{file}: loading it runs the code in it; pass --trust if it is your own "
                "(or a trusted) file",
                file=args.file,
            )
        )
        return 2
    from engine.importer.api import ImportFailed, import_module

    try:
        result = import_module(args.file, args.name, args.input_shape, trust=True)
    except ImportFailed as exc:
        _err(str(exc))
        return 2
    for text in result.gap_lines():
        print(text)
    return _write(args, result)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m engine.importer",
        description=_("Import a PyTorch model as a Convas project."),
        formatter_class=argparse_text.ColumnsFormatter,
    )
    parser.add_argument("file", metavar="FILE", help=_("a .py file or a .pt2 torch.export program"))
    parser.add_argument(
        "name",
        metavar="NAME",
        nargs="?",
        help=_(
            "class or factory function in the .py file (default: build_model, or its only module)"
        ),
    )
    parser.add_argument(
        "-o", "--output", required=True, metavar="OUTPUT", help=_("the project file to write")
    )
    parser.add_argument("--weights", help=_("where to write the weights (default: OUTPUT.pt)"))
    parser.add_argument(
        "--input-shape",
        type=int,
        nargs=3,
        metavar=("C", "H", "W"),
        help=_(
            "the input's channels, height and width (default: the file's INPUT_SHAPE, else guessed)"
        ),
    )
    parser.add_argument(
        "--trust",
        action="store_true",
        help=_("confirm the file is yours: loading it runs its code"),
    )
    return parser


def _write(args, result) -> int:
    from engine import fileformat

    output = Path(args.output)
    weights = Path(args.weights) if args.weights else output.with_suffix(".pt")
    try:
        fileformat.save(result.graph, output)
        import torch

        torch.save(result.state_dict, weights)
    except OSError as exc:
        _err(_("{path}: can't be written ({error})", path=output, error=os_reason(exc)))
        return 2
    blocks = len(result.graph.nodes)
    print(_("{path}: {n} blocks; weights in {weights}", path=output, n=blocks, weights=weights))
    for note in result.notes:
        print(_("note: {note}", note=note))
    for name, reason in result.unmapped:
        print(_("not imported: {name}: {reason}", name=name, reason=reason))
    return 1 if result.unmapped else 0


def _err(message: str) -> None:
    print(f"convas: {message}", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
