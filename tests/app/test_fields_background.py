"""Receptive fields in the window: the GUI thread never traces a composite's module;
what waits shows "…", and fills in when the background worker is done (app/fields.py)."""

from __future__ import annotations

import threading

import pytest

from engine import expand
from engine.teaching import receptive_inside

FIELD_COLUMN = 6


@pytest.fixture
def traces(monkeypatch):
    """An empty cache of effects, and the thread of every trace (module_ir) recorded."""
    from engine.importer import composites

    monkeypatch.setattr(receptive_inside, "_EFFECTS", {})
    threads: list[threading.Thread] = []
    real = composites.module_ir

    def recording(*args, **kwargs):
        threads.append(threading.current_thread())
        return real(*args, **kwargs)

    monkeypatch.setattr(composites, "module_ir", recording)
    return threads


def _field_texts(window, type_name: str) -> list[str]:
    rows = window.summary.model.rows
    return [r.texts()[FIELD_COLUMN] for r in rows if r.block_type == type_name]


def _first(window, type_name: str) -> str:
    graph = window.document.graph
    return next(n for n, v in graph.nodes.items() if v.type == type_name)


def _wait_for_fields(window, qtbot) -> None:
    qtbot.waitUntil(lambda: window.receptive_for(window.document.analysis).complete, timeout=60_000)
    qtbot.waitUntil(lambda: not window.fields.busy(), timeout=5_000)


def test_opening_a_network_traces_off_the_gui_thread_then_fills_the_views(window, qtbot, traces):
    window.files.open_preset("efficientnet_b0", ask=False)
    mbconv = _first(window, "MBConv")
    window.canvas.select_ids([mbconv])
    # at once: the blocks wait, neutrally
    assert set(_field_texts(window, "MBConv")) == {"…"}
    assert window.inspector.out_values["Receptive field"].text() == "…"
    assert window.summary.model.rows[-2].texts()[FIELD_COLUMN] == "…"  # the head too
    _wait_for_fields(window, qtbot)
    qtbot.waitUntil(lambda: "…" not in _field_texts(window, "MBConv"), timeout=5_000)
    assert traces and threading.main_thread() not in traces
    assert all(t.name == "convas-fields" for t in traces)
    texts = _field_texts(window, "MBConv")
    assert "—" not in texts and texts[0] == "7×7 /2"  # stem 3 /2, then a 3×3 depthwise, stride 1
    assert window.inspector.out_values["Receptive field"].text() == "7×7, stride 2"
    # one trace per kind of block (kernel, stride, squeeze-and-excitation), not per block
    blocks = sum(v.type == "MBConv" for v in window.document.graph.nodes.values())
    assert len(traces) < blocks // 2


def test_a_channel_edit_needs_no_trace(window, qtbot, traces):
    window.files.open_preset("mobilenet_v2", ask=False)
    _wait_for_fields(window, qtbot)
    before = len(traces)
    block = _first(window, "InvertedResidual")
    params = {**window.document.graph.nodes[block].params, "out_channels": 20}
    window.editor.set_params(block, params)
    fields = window.receptive_for(window.document.analysis)
    assert fields.complete and len(traces) == before
    assert "…" not in _field_texts(window, "InvertedResidual")


def test_a_new_kernel_size_is_traced_in_the_background(window, qtbot, traces):
    window.files.open_preset("mobilenet_v2", ask=False)
    _wait_for_fields(window, qtbot)
    block = _first(window, "InvertedResidual")
    params = {**window.document.graph.nodes[block].params, "kernel_size": 7}
    window.editor.set_params(block, params)
    row = window.summary.model.row_of(block)
    assert window.summary.model.rows[row].texts()[FIELD_COLUMN] == "…"
    _wait_for_fields(window, qtbot)
    qtbot.waitUntil(
        lambda: window.summary.model.rows[row].texts()[FIELD_COLUMN] not in ("…", "—"),
        timeout=5_000,
    )
    assert threading.main_thread() not in traces


def test_closing_the_window_leaves_no_worker(window, qtbot, traces):
    window.files.open_preset("efficientnet_b0", ask=False)
    assert window.fields.busy()
    window.close()
    assert not window.fields.busy()
    assert not [t for t in threading.enumerate() if t.name == "convas-fields"]


def test_hand_laid_blocks_need_no_worker(window, traces):
    window.files.open_preset("resnet18", ask=False)
    assert window.receptive_for(window.document.analysis).complete
    assert not window.fields.busy() and not traces
    assert expand.traces("ResidualBlock") is False


def test_a_big_network_paints_first_and_its_fields_follow(window, qtbot):
    from engine.graph import Edge, Graph, Node

    graph = Graph()
    graph.add_node(Node("input", "Input", {"shape": [1, 32, 32]}, position=(0, 0)))
    previous = "input"
    for i in range(600):  # 1,202 blocks: a whole pass waits for the paint
        for kind, params in (("Conv2d", {"out_channels": 4, "kernel_size": 3, "padding": 1}),
                             ("ReLU", {})):  # fmt: skip
            nid = f"{kind.lower()}{i}"
            graph.add_node(Node(nid, kind, params, position=(0, 100 * len(graph.nodes))))
            graph.add_edge(Edge(previous, nid, 0))
            previous = nid
    window.document.replace(graph)
    assert window.fields.waiting("conv2d599")  # not computed before the paint
    assert window.summary.model.rows[-1].texts()[FIELD_COLUMN] in ("…", "")
    qtbot.waitUntil(lambda: not window.fields.waiting("conv2d599"), timeout=5_000)

    def shown() -> str:
        row = next(r for r in window.summary.model.rows if r.texts()[1] == "conv2d599")
        return row.texts()[FIELD_COLUMN]

    qtbot.waitUntil(lambda: shown() not in ("…", ""), timeout=5_000)
    rf = window.receptive_for(window.document.analysis)["conv2d599"]
    assert (rf.size_h, rf.stride_h) == (1201, 1)  # 600 3×3 convolutions: 1 + 600·2
