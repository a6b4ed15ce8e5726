"""The words on a node: title, key params, shape and count lines, and the tooltip.

Numbers and shapes are written by :mod:`widgets.format`, as everywhere else in the app.
"""

from __future__ import annotations

import html
import re

from PySide6.QtCore import QCoreApplication

from engine.analysis import NodeInfo
from engine.graph import Node
from engine.registry import BlockSpec
from widgets.format import human_count, shape_text
from widgets.language import block_summary, block_title

translate = QCoreApplication.translate


def title_of(node: Node, spec: BlockSpec | None) -> str:
    if node.label:
        return node.label
    return block_title(spec) if spec else node.type


#: A last word that says only what kind of thing a block is ("ConvNeXt block").
_GENERIC = re.compile(r"\s+(block|module|unit|블록|모듈|유닛)$", re.IGNORECASE)


def card_titles(title: str) -> list[str]:
    """``title`` and shorter forms of it, longest first, for a card too narrow for it:
    without what its brackets add ("Layer norm (channels)" → "Layer norm", "선형 (완전
    연결)" → "선형"), then without a generic last word ("ConvNeXt block" → "ConvNeXt").
    The tooltip keeps the whole title."""
    forms = [title]
    bare = re.sub(r"\s*\([^)]*\)", "", title).strip()
    for form in (bare, _GENERIC.sub("", bare).strip()):
        if form and form not in forms:
            forms.append(form)
    return forms


def key_params(node: Node, spec: BlockSpec | None) -> str:
    """The spec's one-line summary of the node's params ("3×3 · 64 · s2"), or ""."""
    if spec is None:
        return translate("CanvasText", "unknown block type {type}").format(type=node.type)
    try:
        return block_summary(spec, spec.resolve(node.params))
    except (KeyError, TypeError, ValueError, IndexError):
        return ""  # a required param is missing: analysis reports it as a problem


def composite_contents(spec: BlockSpec, params: dict) -> list[str]:
    """What a composite block holds, one layer or branch per line."""
    p = spec.resolve(params)
    lines = _CONTENTS.get(spec.type) or spec.contents  # newer blocks declare their own
    try:
        return lines(p) if lines else []
    except (KeyError, TypeError):
        return []


def _residual(p) -> list[str]:
    s = (
        translate("CanvasText", ", stride {stride}").format(stride=p["stride"])
        if p["stride"] != 1
        else ""
    )
    conv = translate("CanvasText", "{size} conv → {channels}")
    out = p["out_channels"]
    if p["bottleneck"]:
        width = p["width"] or max(1, out // 4)
        body = [
            conv.format(size="1×1", channels=width) + ", BN, ReLU",
            conv.format(size="3×3", channels=width) + s + ", BN, ReLU",
            conv.format(size="1×1", channels=out) + ", BN",
        ]
    else:
        body = [
            conv.format(size="3×3", channels=out) + s + ", BN, ReLU",
            conv.format(size="3×3", channels=out) + ", BN",
        ]
    return body + [
        translate("CanvasText", "shortcut: identity (1×1 conv + BN when the shape changes)"),
        translate("CanvasText", "add, then ReLU"),
    ]


def _dense(p) -> list[str]:
    mid = p["bn_size"] * p["growth_rate"]
    conv = translate("CanvasText", "{size} conv → {channels}")
    return [
        translate("CanvasText", "{count} layers, each: {layers}").format(
            count=p["num_layers"],
            layers="BN, ReLU, "
            + conv.format(size="1×1", channels=mid)
            + ", BN, ReLU, "
            + conv.format(size="3×3", channels=p["growth_rate"]),
        ),
        translate("CanvasText", "each layer sees the concatenation of all earlier outputs"),
    ]


def _transition(p) -> list[str]:
    conv = translate("CanvasText", "{size} conv → {channels}")
    return [
        "BN, ReLU",
        conv.format(size="1×1", channels=p["out_channels"]),
        translate("CanvasText", "2×2 average pooling"),
    ]


def _inception(p) -> list[str]:
    k = p["kernel_5x5"]
    conv = translate("CanvasText", "{size} conv → {channels}")
    return [
        conv.format(size="1×1", channels=p["ch1x1"]),
        conv.format(size="1×1", channels=p["ch3x3red"])
        + ", "
        + conv.format(size="3×3", channels=p["ch3x3"]),
        conv.format(size="1×1", channels=p["ch5x5red"])
        + ", "
        + conv.format(size=f"{k}×{k}", channels=p["ch5x5"]),
        translate("CanvasText", "3×3 max pool")
        + ", "
        + conv.format(size="1×1", channels=p["pool_proj"]),
        translate("CanvasText", "concatenated on channels"),
    ]


_CONTENTS = {
    "ResidualBlock": _residual,
    "DenseBlock": _dense,
    "Transition": _transition,
    "InceptionBlock": _inception,
}


def tooltip_html(
    node: Node, spec: BlockSpec | None, info: NodeInfo | None, problem_colour: str
) -> str:
    """Rich-text tooltip: title, type and id, summary, shape/params/MACs, contents, problems."""
    esc = html.escape
    # the type key (the name in exported code) under the title; a labelled block keeps
    # its kind's title there too, so both the label and what the block is are shown
    title = block_title(spec) if spec else node.type
    kind = f"{title} · {node.type}" if node.label and title != node.type else node.type
    where = translate("CanvasText", "{type} · id “{id}”").format(type=kind, id=node.id)
    parts = [f"<b>{esc(title_of(node, spec))}</b><br><span style='color:gray'>{esc(where)}</span>"]
    summary = key_params(node, spec)
    if summary:
        parts.append(esc(summary))
    if info is not None and info.shape is not None:
        text = translate("CanvasText", "Output {shape} · {params} params · {macs} MACs")
        parts.append(
            esc(
                text.format(
                    shape=shape_text(info.shape),
                    params=human_count(info.params),
                    macs=human_count(info.macs),
                )
            )
        )
    if info is not None and info.waiting and not info.problems:
        waiting = translate(
            "CanvasText",
            "Waiting: its input shape is unknown until the problem before it is fixed.",
        )
        parts.append(f"<i>{esc(waiting)}</i>")
    if not node.trainable:
        frozen = translate("CanvasText", "Frozen: training leaves its weights as they are.")
        parts.append(f"<i>{esc(frozen)}</i>")
    if spec is not None and spec.composite:
        inside = composite_contents(spec, node.params)
        if inside:
            items = "".join(f"<li>{esc(line)}</li>" for line in inside)
            inside_text = esc(translate("CanvasText", "Inside:"))
            parts.append(f"{inside_text}<ul style='margin:0'>{items}</ul>")
    if info is not None and info.problems:
        items = "".join(f"<li>{esc(msg)}</li>" for msg in info.problems)
        problems = esc(translate("CanvasText", "Problems"))
        parts.append(
            f"<span style='color:{problem_colour}'>"
            f"<b>{problems}</b></span>"
            f"<ul style='margin:0; color:{problem_colour}'>{items}</ul>"
        )
    return "<br>".join(parts)
