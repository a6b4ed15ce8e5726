"""Small HTML tables of parameters and multiply-accumulates for the teaching panels
(1×1 bottleneck, depthwise separable, stacked kernels): one place for how the numbers
are written, so the three panels read alike."""

from __future__ import annotations

import html
from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QLabel

translate = QCoreApplication.translate


def mega(n: int) -> str:
    """MACs the way the lesson writes them: ``120.4 M``, ``2.4 M``; small counts exactly."""
    if abs(n) >= 1e9:
        return f"{n / 1e9:.2f} G"
    if abs(n) >= 1e5:
        return f"{n / 1e6:.1f} M"
    return f"{n:,}"


def change(before: int, after: int) -> str:
    """``−89.7 %`` (a saving) or ``+12.0 %`` (a cost), or ``—`` when there was nothing."""
    if not before:
        return "—"
    percent = 100 * (after - before) / before
    return f"{'−' if percent < 0 else '+'}{abs(percent):.1f} %"


def table(head: Sequence[str], rows: Sequence[Sequence[str]], bold_last: bool = False) -> str:
    """Rows of cells under ``head``; the first column is text, the others numbers."""
    head_html = "".join(
        f"<th align={'left' if i == 0 else 'right'}>{html.escape(h)}</th>"
        for i, h in enumerate(head)
    )
    body = []
    for index, row in enumerate(rows):
        bold = bold_last and index == len(rows) - 1
        cells = "".join(_cell(text, i == 0, bold) for i, text in enumerate(row))
        body.append(f"<tr>{cells}</tr>")
    return f"<table cellspacing=4><tr>{head_html}</tr>{''.join(body)}</table>"


def _cell(text: str, first: bool, bold: bool) -> str:
    text = html.escape(text)
    if bold:
        text = f"<b>{text}</b>"
    return f"<td align={'left' if first else 'right'}>{text}</td>"


def cost_row(label: str, cost) -> tuple[str, str, str]:
    """One row of a layer table: what, its parameters (exact) and its MACs."""
    return label, f"{cost.params:,}", mega(cost.macs)


def layer_heading(title: str, s) -> str:
    """``conv4_2: 3×3 convolution, 512 → 512 channels on 28×28`` (HTML) for a view of the
    selected convolution ``s`` (with ``kernel``, ``in_channels``, ``out_channels``, ``size``)."""
    text = translate(
        "CostTable", "{size} convolution, {inputs} → {outputs} channels on {height}×{width}"
    ).format(
        size=f"{s.kernel[0]}×{s.kernel[1]}",
        inputs=s.in_channels,
        outputs=s.out_channels,
        height=s.size[0],
        width=s.size[1],
    )
    return f"<b>{html.escape(title)}</b>: {html.escape(text)}"


def cost_head(first: str = "") -> list[str]:
    """``["", "Parameters", "MACs"]`` in the interface language."""
    return [
        first,
        translate("CostTable", "Parameters"),
        translate("CostTable", "MACs"),
    ]


def network_table(before, after) -> str:
    """The whole network's totals now and after an edit, and the change."""
    head = [
        "",
        translate("CostTable", "network now"),
        translate("CostTable", "after"),
        translate("CostTable", "change"),
    ]
    rows = [
        (
            translate("CostTable", "Parameters"),
            f"{before.params:,}",
            f"{after.params:,}",
            change(before.params, after.params),
        ),
        (
            translate("CostTable", "MACs"),
            mega(before.macs),
            mega(after.macs),
            change(before.macs, after.macs),
        ),
    ]
    return table(head, rows)


def text_label(rich: bool = False) -> QLabel:
    """A wrapping, selectable label for a panel's heading, table or explanation."""
    label = QLabel()
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.RichText if rich else Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label
