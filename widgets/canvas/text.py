"""The words on a node: title, key params, shape and count lines, and the tooltip.

Numbers and shapes are written by :mod:`widgets.format`, as everywhere else in the app.
"""

from __future__ import annotations

import html

from engine.analysis import NodeInfo
from engine.graph import Node
from engine.registry import BlockSpec
from widgets.format import human_count, shape_text


def title_of(node: Node, spec: BlockSpec | None) -> str:
    if node.label:
        return node.label
    return spec.title if spec else node.type


def key_params(node: Node, spec: BlockSpec | None) -> str:
    """The spec's one-line summary of the node's params ("3×3 · 64 · s2"), or ""."""
    if spec is None:
        return f"unknown block type {node.type}"
    try:
        return spec.describe(spec.resolve(node.params))
    except (KeyError, TypeError, ValueError, IndexError):
        return ""  # a required param is missing: analysis reports it as a problem


def composite_contents(spec: BlockSpec, params: dict) -> list[str]:
    """What a composite block holds, one layer or branch per line."""
    p = spec.resolve(params)
    try:
        return _CONTENTS[spec.type](p)
    except (KeyError, TypeError):
        return []


def _residual(p) -> list[str]:
    s = f", stride {p['stride']}" if p["stride"] != 1 else ""
    if p["bottleneck"]:
        width = p["width"] or max(1, p["out_channels"] // 4)
        body = [
            f"1×1 conv → {width}, BN, ReLU",
            f"3×3 conv → {width}{s}, BN, ReLU",
            f"1×1 conv → {p['out_channels']}, BN",
        ]
    else:
        body = [
            f"3×3 conv → {p['out_channels']}{s}, BN, ReLU",
            f"3×3 conv → {p['out_channels']}, BN",
        ]
    return body + ["shortcut: identity (1×1 conv + BN when the shape changes)", "add, then ReLU"]


def _dense(p) -> list[str]:
    mid = p["bn_size"] * p["growth_rate"]
    return [
        f"{p['num_layers']} layers, each: BN, ReLU, 1×1 conv → {mid}, BN, ReLU, "
        f"3×3 conv → {p['growth_rate']}",
        "each layer sees the concatenation of all earlier outputs",
    ]


def _transition(p) -> list[str]:
    return ["BN, ReLU", f"1×1 conv → {p['out_channels']}", "2×2 average pooling"]


def _inception(p) -> list[str]:
    k = p["kernel_5x5"]
    return [
        f"1×1 conv → {p['ch1x1']}",
        f"1×1 conv → {p['ch3x3red']}, 3×3 conv → {p['ch3x3']}",
        f"1×1 conv → {p['ch5x5red']}, {k}×{k} conv → {p['ch5x5']}",
        f"3×3 max pool, 1×1 conv → {p['pool_proj']}",
        "concatenated on channels",
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
    kind = spec.title if spec else node.type
    parts = [
        f"<b>{esc(title_of(node, spec))}</b>"
        f"<br><span style='color:gray'>{esc(kind)} · id “{esc(node.id)}”</span>"
    ]
    summary = key_params(node, spec)
    if summary:
        parts.append(esc(summary))
    if info is not None and info.shape is not None:
        parts.append(
            f"Output {esc(shape_text(info.shape))} · "
            f"{human_count(info.params)} params · {human_count(info.macs)} MACs"
        )
    if spec is not None and spec.composite:
        inside = composite_contents(spec, node.params)
        if inside:
            items = "".join(f"<li>{esc(line)}</li>" for line in inside)
            parts.append(f"Inside:<ul style='margin:0'>{items}</ul>")
    if info is not None and info.problems:
        items = "".join(f"<li>{esc(msg)}</li>" for msg in info.problems)
        parts.append(
            f"<span style='color:{problem_colour}'><b>Problems</b></span>"
            f"<ul style='margin:0; color:{problem_colour}'>{items}</ul>"
        )
    return "<br>".join(parts)
