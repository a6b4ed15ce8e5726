"""``python main.py predict SOURCE --weights W IMAGE... [--top K] [--json]``.

Classifies each image with the network and weights W, the image fitted to the Input as
training fits an image folder. The class names and normalisation come from W when it is
a Convas checkpoint (``best.pt``, ``last.pt``), otherwise from the dataset it was
trained on (``--dataset``, else the project's). Plain output: one line per image; with
``--json`` one JSON object per image, one a line (the spec's keys). An image that can't
be read gets one line on standard error and the others are still classified; the exit
status is then 2.
"""

from __future__ import annotations

import argparse
import json
import sys

from engine.cli.core import EXIT_BAD_INPUT, EXIT_OK, EXIT_PROBLEMS, UsageError, err, subcommand
from engine.i18n import N_, _

DEFAULT_TOP = 5


@subcommand("predict", N_("classify images with a trained network"))
def register(p: argparse.ArgumentParser) -> None:
    p.add_argument("source", metavar="SOURCE", help=_("a project file or a preset name"))
    p.add_argument(
        "--weights",
        metavar="W",
        required=True,
        help=_("the trained weights: a run's checkpoint (best.pt, last.pt) or a weights file"),
    )
    p.add_argument("images", metavar="IMAGE", nargs="+", help=_("image files to classify"))
    p.add_argument(
        "--top",
        type=int,
        default=DEFAULT_TOP,
        metavar="K",
        help=_("how many classes to show, most probable first (default {n})", n=DEFAULT_TOP),
    )
    p.add_argument(
        "--dataset",
        metavar="NAME_OR_FOLDER",
        help=_(
            "the dataset W was trained on, for its class names and normalisation when W is "
            "a bare weights file (default: the project's)"
        ),
    )
    p.add_argument("--json", action="store_true", help=_("one JSON object per image, one a line"))
    p.set_defaults(handler=cmd_predict)


def cmd_predict(args: argparse.Namespace) -> int:
    from engine.cli.core import load_compilable

    if args.top < 1:
        raise UsageError(_("--top: must be 1 or more, not {value}", value=args.top))
    loaded = load_compilable(args.source)
    if loaded is None:
        return EXIT_PROBLEMS
    predictor = _predictor(args, loaded[0])
    failed = 0
    for image in args.images:
        failed += not _classify(predictor, image, args.top, args.json)
    return EXIT_BAD_INPUT if failed else EXIT_OK


def _predictor(args, graph):
    from engine.inference import PredictError, Predictor, TrainedMeta

    state, meta = _weights(args.weights)
    try:
        if meta is None:
            meta = TrainedMeta.of_dataset(_dataset(args, graph), _input_shape(graph))
        return Predictor(graph, state, meta)
    except PredictError as exc:
        raise UsageError(f"--weights {args.weights}: {exc}") from None


def _weights(path: str):
    """(state dict, metadata or None) from a checkpoint or a bare weights file."""
    from engine.export.weights import WeightsError, load_state_dict
    from engine.inference import TrainedMeta
    from engine.training.artifacts import load_checkpoint

    try:
        checkpoint = load_checkpoint(path)
    except ValueError:
        checkpoint = None
    if checkpoint is not None:
        return checkpoint["state_dict"], TrainedMeta.of_checkpoint(checkpoint)
    try:
        return load_state_dict(path), None
    except WeightsError as exc:
        raise UsageError(f"--weights: {exc}") from None


def _dataset(args, graph) -> str:
    training = graph.training if isinstance(graph.training, dict) else {}
    name = args.dataset or training.get("dataset")
    if not name:
        raise UsageError(
            _(
                "--weights {path}: a bare weights file holds no class names or "
                "normalisation: name the dataset it was trained on with --dataset",
                path=args.weights,
            )
        )
    return str(name)


def _input_shape(graph):
    from engine.analysis import analyse

    analysis = analyse(graph)
    return analysis.nodes[analysis.input_id].shape


def _classify(predictor, image: str, top: int, as_json: bool) -> bool:
    from engine.data import class_labels
    from engine.inference import PredictError

    try:
        prediction = predictor.predict(predictor.fit(image))
    except PredictError as exc:
        err(str(exc))
        return False
    best = prediction.top(top)
    if as_json:
        entries = [{"class": c, "index": i, "probability": p} for i, c, p in best]
        print(json.dumps({"image": image, "top": entries}, ensure_ascii=False), flush=True)
    else:
        labels = class_labels(predictor.classes)
        shown = ", ".join(f"{labels[i]} {p:.1%}" for i, _c, p in best)
        print(f"{image}: {shown}", file=sys.stdout, flush=True)
    return True
