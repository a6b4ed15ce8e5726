"""Does a network fit its data? Issues with one-click fixes (no torch import).

The GUI shows each :class:`FitIssue` with a button that applies ``new_params`` to
``node_id`` as one undoable edit; the command line applies ``set_classes`` fixes
itself, with a notice.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from engine.analysis import Analysis, analyse
from engine.graph import Graph
from engine.i18n import _, ngettext

SET_CLASSES = "set_classes"
ADAPT_INPUT = "adapt_input"
#: Blocks that keep a vector's length: the last Linear's size is the output's size.
_PASS_THROUGH = frozenset({"ReLU", "Tanh", "Sigmoid", "GELU", "SiLU", "LeakyReLU", "Dropout"})


@dataclass(frozen=True)
class FitIssue:
    """A mismatch between network and data, and the edit that fixes it."""

    message: str
    fix: str  # SET_CLASSES or ADAPT_INPUT
    node_id: str
    new_params: dict[str, Any] = field(default_factory=dict)


def fit_check(graph: Graph, analysis: Analysis | None, data) -> list[FitIssue]:
    """Issues between ``graph`` and ``data``: a DatasetBundle or ``(input_shape, classes)``.

    The Input is compared with the images' own shape (``natural_shape`` of a bundle),
    and an ``adapt_input`` fix is offered only when the adapted network still
    analyses without problems; images that don't match are otherwise resized and
    converted when training, with a notice.
    """
    analysis = analysis or analyse(graph)
    shape, classes = _data_shape(data)
    issues = []
    issue = _input_issue(graph, analysis, shape)
    if issue:
        issues.append(issue)
    issue = _classes_issue(graph, analysis, classes)
    if issue:
        issues.append(issue)
    return issues


def _data_shape(data) -> tuple[tuple[int, int, int], int]:
    if isinstance(data, tuple):
        shape, classes = data
        return tuple(int(d) for d in shape), int(classes)
    shape = getattr(data, "natural_shape", None) or data.input_shape
    return tuple(shape), len(data.classes)


def _input_issue(graph: Graph, analysis: Analysis, shape) -> FitIssue | None:
    input_id = analysis.input_id
    if input_id is None:
        return None
    node = graph.nodes[input_id]
    current = analysis.nodes[input_id].shape
    if current is None or tuple(current) == tuple(shape):
        return None
    channels, height, width = shape
    full = {**node.params, "channels": channels, "height": height, "width": width}
    only_channels = {**node.params, "channels": channels}
    images, net = f"{channels}×{height}×{width}", "×".join(map(str, current))
    what = _input_mismatch(channels, f"{height}×{width}", net)
    if _still_fits(graph, input_id, full):
        return FitIssue(
            what
            + " "
            + _(
                "Adapt the Input to {shape}? (Otherwise the images are resized and converted.)",
                shape=images,
            ),
            ADAPT_INPUT,
            input_id,
            full,
        )
    if current[0] != channels and _still_fits(graph, input_id, only_channels):
        return FitIssue(
            what
            + " "
            + ngettext(
                "Adapt the Input to {n} channel? (The images are resized either way.)",
                "Adapt the Input to {n} channels? (The images are resized either way.)",
                channels,
            ),
            ADAPT_INPUT,
            input_id,
            only_channels,
        )
    return None


def _input_mismatch(channels: int, images: str, net: str) -> str:
    """ "The images are grey 8×8 but the Input is 3×32×32." in the user's language."""
    if channels == 1:
        return _("The images are grey {images} but the Input is {net}.", images=images, net=net)
    if channels == 3:
        return _("The images are colour {images} but the Input is {net}.", images=images, net=net)
    return _(
        "The images are {channels}-channel {images} but the Input is {net}.",
        channels=channels,
        images=images,
        net=net,
    )


def _still_fits(graph: Graph, node_id: str, params: dict) -> bool:
    trial = graph.copy()
    trial.nodes[node_id].params = dict(params)
    return analyse(trial).ok


def _classes_issue(graph: Graph, analysis: Analysis, classes: int) -> FitIssue | None:
    out = analysis.output_shape
    if out is None or len(out) != 1 or out[0] == classes or analysis.output_id is None:
        return None
    head = last_linear(graph, analysis.output_id)
    if head is None:
        return None
    params = {**graph.nodes[head].params, "out_features": classes}
    return FitIssue(
        _(
            "The network ends in {outputs} outputs but the data have {classes} classes. "
            "Set out_features of {node} to {classes}?",
            outputs=out[0],
            classes=classes,
            node=head,
        ),
        SET_CLASSES,
        head,
        params,
    )


def last_linear(graph: Graph, output_id: str) -> str | None:
    """The Linear that sets the output's size, through activations and dropout."""
    current = output_id
    for _step in range(len(graph.nodes)):
        sources = graph.inputs_of(current)
        if len(sources) != 1:
            return None
        current = sources[0].source
        kind = graph.nodes[current].type
        if kind == "Linear":
            return current
        if kind not in _PASS_THROUGH:
            return None
    return None
