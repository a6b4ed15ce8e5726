"""Project files: the spec's format, validation messages that name what and where."""

from __future__ import annotations

import json

import pytest

from engine.fileformat import FormatError, dumps, load, loads, save
from engine.graph import Graph, Node


def _doc(nodes, edges=(), **top):
    return json.dumps(
        {"format": "convas", "version": 1, "nodes": nodes, "edges": list(edges), **top}
    )


def _conv(**params):
    return {"id": "c1", "type": "Conv2d", "params": {"out_channels": 8, **params}}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("{not json", "not valid JSON"),
        ("[]", "top level must be a JSON object"),
        ('{"format": "other", "version": 1, "nodes": [], "edges": []}', '"format" must be'),
        ('{"format": "convas", "version": 2, "nodes": [], "edges": []}', "version 2 is newer"),
        ('{"format": "convas", "version": "1", "nodes": [], "edges": []}', '"version" must be'),
        ('{"format": "convas", "version": 1, "nodes": []}', 'missing required key "edges"'),
        (_doc([], extra=1), 'unknown top-level key "extra"'),
        (_doc([{"id": "a", "type": "Conv3d", "params": {}}]), 'node "a": unknown block type'),
        (_doc([_conv(kernal_size=3)]), 'node "c1" (Conv2d): unknown parameter "kernal_size"'),
        (_doc([_conv(kernel_size="x")]), 'node "c1" (Conv2d): parameter "kernel_size": expected'),
        (_doc([_conv(kernel_size=0)]), 'parameter "kernel_size": 0 is below the minimum 1'),
        (_doc([_conv(bias=1)]), 'parameter "bias": expected true or false'),
        (
            _doc([_conv(padding="valid")]),
            'parameter "padding": expected an integer, [h, w] or "same"',
        ),
        (
            _doc([{"id": "d", "type": "Dropout", "params": {"p": 1.5}}]),
            'parameter "p": 1.5 is above',
        ),
        (
            _doc([{"id": "c1", "type": "Conv2d", "params": {}}]),
            'missing required parameter "out_channels"',
        ),
        (_doc([{"id": "a", "type": "ReLU"}, {"id": "a", "type": "ReLU"}]), 'duplicate node id "a"'),
        (
            _doc([{"id": "a", "type": "ReLU"}], [{"source": "a", "target": "zz"}]),
            'edge #0: target "zz" is not a node',
        ),
        (
            _doc([{"id": "a", "type": "ReLU"}], [{"source": "a", "target": "a", "port": -1}]),
            'edge #0: "port" must be',
        ),
        (_doc([{"id": "", "type": "ReLU"}]), 'node #0: "id" must be a string of 1 to 64'),
        (
            _doc([{"id": "a", "type": "ReLU", "position": [1]}]),
            'node "a": "position" must be [x, y]',
        ),
    ],
)
def test_broken_files_give_one_line_naming_what_and_where(text, expected):
    with pytest.raises(FormatError) as err:
        loads(text)
    message = str(err.value)
    assert expected in message
    assert "\n" not in message


def test_defaults_are_not_written_back_and_ids_may_hold_any_text(tmp_path):
    weird = 'a "quoted"\nid with 한글 and def'
    graph = Graph("네트워크", [Node(weird, "ReLU", {}, label="x\ny", position=(1.5, -2))])
    path = tmp_path / "w.convas"
    save(graph, path)
    again = load(path)
    assert list(again.nodes) == [weird]
    assert again.nodes[weird].label == "x\ny"
    assert again.nodes[weird].params == {}
    assert again.nodes[weird].position == (1.5, -2)


def test_save_load_save_is_identical(tiny_residual_path, tmp_path):
    first = dumps(load(tiny_residual_path))
    path = tmp_path / "again.convas"
    path.write_text(first, encoding="utf-8")
    assert dumps(load(path)) == first
    assert json.loads(first)["nodes"][6]["label"] == "residual sum"


def test_save_is_atomic_and_keeps_old_file_on_failure(tmp_path, monkeypatch):
    path = tmp_path / "p.convas"
    save(Graph("one"), path)
    before = path.read_text(encoding="utf-8")

    def boom(*_a, **_k):
        raise OSError("disk full")

    monkeypatch.setattr("engine.fileformat.os.replace", boom)
    with pytest.raises(OSError):
        save(Graph("two"), path)
    assert path.read_text(encoding="utf-8") == before
    assert [p.name for p in tmp_path.iterdir()] == ["p.convas"]  # no temporary left behind


def test_unreadable_and_missing_files(tmp_path):
    with pytest.raises(FormatError, match="no such file"):
        load(tmp_path / "missing.convas")
    binary = tmp_path / "bin.convas"
    binary.write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(FormatError, match="UTF-8"):
        load(binary)


def test_migration_hook_upgrades_older_versions(monkeypatch):
    import engine.fileformat as ff

    monkeypatch.setattr(ff, "VERSION", 2)
    monkeypatch.setitem(ff.MIGRATIONS, 1, lambda d: {**d, "name": d.get("name", "") + " (v2)"})
    graph = ff.loads(_doc([], name="old"))
    assert graph.name == "old (v2)"


def test_trainable_key_round_trips_and_is_checked():
    frozen = {**_conv(), "trainable": False}
    graph = loads(_doc([frozen, {"id": "c2", "type": "ReLU", "params": {}, "trainable": True}]))
    assert graph.nodes["c1"].trainable is False and graph.nodes["c2"].trainable is True
    again = json.loads(dumps(graph))
    assert again["nodes"][0]["trainable"] is False and "trainable" not in again["nodes"][1]
    assert loads(dumps(graph)).nodes["c1"].trainable is False
    with pytest.raises(FormatError, match='node "c1": "trainable" must be true or false'):
        loads(_doc([{**_conv(), "trainable": "no"}]))
