"""``python -m engine.importer FILE.py NAME -o OUT.convas --trust``: import a model.

FILE is a ``.py`` file (NAME: the nn.Module class or factory function in it) or a
saved ``torch.export`` program (``.pt2``). Loading either runs code, so ``--trust``
is required. Writes the project file and its weights (``OUT.pt`` beside it, a state
dict of the compiled module) and lists what couldn't be mapped.

Exit status: 0 imported completely; 1 imported with operations that have no block
(listed); 2 the input can't be used (one line).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m engine.importer", description="Import a PyTorch model as a Convas project."
    )
    parser.add_argument("file", help="a .py file or a .pt2 torch.export program")
    parser.add_argument(
        "name",
        nargs="?",
        help="class or factory function in the .py file (default: build_model, or its only module)",
    )
    parser.add_argument("-o", "--output", required=True, help="the project file to write")
    parser.add_argument("--weights", help="where to write the weights (default: OUTPUT.pt)")
    parser.add_argument(
        "--input-shape",
        type=int,
        nargs=3,
        metavar=("C", "H", "W"),
        help="the input's channels, height and width (default: the file's "
        "INPUT_SHAPE, else guessed)",
    )
    parser.add_argument(
        "--trust", action="store_true", help="confirm the file is yours: loading it runs its code"
    )
    args = parser.parse_args(argv)
    if not args.trust:
        _err(
            f"{args.file}: loading it runs the code in it; pass --trust if it is your own "
            "(or a trusted) file"
        )
        return 2
    from engine import fileformat
    from engine.importer.api import ImportFailed, import_module

    try:
        result = import_module(args.file, args.name, args.input_shape, trust=True)
    except ImportFailed as exc:
        _err(str(exc))
        return 2
    output = Path(args.output)
    weights = Path(args.weights) if args.weights else output.with_suffix(".pt")
    try:
        fileformat.save(result.graph, output)
        import torch

        torch.save(result.state_dict, weights)
    except OSError as exc:
        _err(f"{output}: can't be written ({exc.strerror or exc})")
        return 2
    print(f"{output}: {len(result.graph.nodes)} blocks; weights in {weights}")
    for note in result.notes:
        print(f"note: {note}")
    for name, reason in result.unmapped:
        print(f"not imported: {name}: {reason}")
    return 1 if result.unmapped else 0


def _err(message: str) -> None:
    print(f"convas: {message}", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
