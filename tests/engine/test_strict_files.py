"""Strict project files: standard JSON only, numbers in range, the same validation for
every command, saves with normal permissions that leave nothing behind."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from engine import atomicfile, locks
from engine.cli import main
from engine.fileformat import FormatError, dumps, load, loads, save
from engine.graph import Graph, Node

ROOT = Path(__file__).resolve().parents[2]


def _doc(nodes=None, **top) -> dict:
    nodes = nodes if nodes is not None else [{"id": "r", "type": "ReLU"}]
    return {"format": "convas", "version": 1, "nodes": nodes, "edges": [], **top}


def _error(text: str) -> str:
    with pytest.raises(FormatError) as err:
        loads(text)
    message = str(err.value)
    assert "\n" not in message and len(message) < 400
    return message


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            '{"format": "convas", "version": 1, "nodes": [{"id": "c", "type": "Dropout", '
            '"params": {"p": NaN}}], "edges": []}',
            'node "c": params.p: NaN is not a JSON number',
        ),
        (
            '{"format": "convas", "version": 1, "nodes": [], "edges": [], '
            '"meta": {"zoom": -Infinity}}',
            "meta.zoom: -Infinity is not a JSON number",
        ),
        (
            '{"format": "convas", "version": 1, "nodes": [{"id": "a", "type": "ReLU", '
            '"position": [1e400, 0]}], "edges": []}',
            'node "a": position[0]: the number 1e400 is too large',
        ),
        (
            '{"format": "convas", "version": 1, "nodes": [], "edges": [], '
            '"name": "a", "name": "b"}',
            'the top level: the key "name" appears twice',
        ),
        (
            '{"format": "convas", "version": 1, "nodes": [{"id": "a", "type": "ReLU", '
            '"label": "\\ud800"}], "edges": []}',
            'node "a": label: text that is not valid Unicode',
        ),
        (
            json.dumps(_doc(meta={"deep": json.loads("[" * 150 + "]" * 150)})),
            "meta.deep[0][0][0][0][0][0][0][0][0][0][…][0][0]",  # a long path shown short
        ),
    ],
)
def test_what_is_not_standard_json_is_refused_naming_the_key(text, expected):
    message = _error(text)
    assert message.startswith(expected)
    if "deep" in expected:
        assert message.endswith(": nested more than 100 levels deep")


def test_an_integer_of_more_than_4300_digits_names_the_file_and_key(tmp_path):
    path = tmp_path / "huge.convas"
    digits = "9" * 5000
    path.write_text(
        '{"format": "convas", "version": 1, "nodes": [{"id": "c", "type": "Conv2d", '
        f'"params": {{"out_channels": {digits}}}}}], "edges": []}}'
    )
    with pytest.raises(FormatError) as err:
        load(path)
    assert str(err.value) == (
        f'{path}: node "c": params.out_channels: an integer of 5,000 digits is too large'
    )


@pytest.mark.parametrize(
    ("node", "expected"),
    [
        (
            {"id": "c", "type": "Conv2d", "params": {"out_channels": 10**40}},
            'node "c" (Conv2d): parameter "out_channels": 100000000000000000000... is out of range',
        ),
        (
            {
                "id": "c",
                "type": "Conv2d",
                "params": {"out_channels": 8, "kernel_size": [3, -(10**30)]},
            },
            'parameter "kernel_size": -10000000000000000000... is out of range',
        ),
        (
            {"id": "n", "type": "LocalResponseNorm", "params": {"alpha": 1e300}},
            'parameter "alpha": 1e+300 is out of range',
        ),
        ({"id": "a", "type": "ReLU", "position": [10**400, 0]}, '"position" [1000000000000'),
        ({"id": "a", "type": "ReLU", "position": [0, -1.5e9]}, "out of range (each within ±1e9)"),
    ],
)
def test_numbers_out_of_range_name_the_node_and_key(node, expected):
    assert expected in _error(json.dumps(_doc([node])))


def test_positions_at_the_limit_load_and_save():
    graph = loads(json.dumps(_doc([{"id": "a", "type": "ReLU", "position": [1e9, -1e9]}])))
    assert loads(dumps(graph)).nodes["a"].position == (1e9, -1e9)


@pytest.mark.parametrize(
    ("training", "expected"),
    [
        ({"epochs": 0}, "training.epochs: 0 is out of range"),
        ({"epochs": "ten"}, "training.epochs: expected a number"),
        ({"lr": -1}, "training.lr: -1.0 is out of range"),
        ({"optimizer": "lbfgs"}, "training.optimizer: 'lbfgs' is not one of"),
    ],
)
def test_invalid_training_settings_are_refused_when_the_file_loads(training, expected):
    assert expected in _error(json.dumps(_doc(training=training)))


def test_the_applications_own_training_keys_pass():
    graph = loads(json.dumps(_doc(training={"epochs": 3, "dataset_kind": "folder", "x": [1]})))
    assert graph.training["dataset_kind"] == "folder"


@pytest.mark.parametrize("command", ["summary", "export", "train"])
def test_every_command_refuses_an_invalid_training_epochs_the_same_way(
    command, tmp_path, capsys, tiny_residual_path
):
    data = json.loads(tiny_residual_path.read_text())
    data["training"] = {"epochs": 0}
    path = tmp_path / "bad.convas"
    path.write_text(json.dumps(data))
    extra = {"export": ["--format", "weights", "-o", str(tmp_path / "w.pt")]}.get(command, [])
    assert main([command, str(path), *extra]) == 2
    err = capsys.readouterr().err
    assert err == f"convas: {path}: training.epochs: 0 is out of range (1 to 100000)\n"
    assert not (tmp_path / "w.pt").exists()


def test_saved_projects_get_the_umasks_permissions_and_keep_an_existing_files(tmp_path):
    path = tmp_path / "p.convas"
    save(Graph("one"), path)
    expected = 0o666 & ~atomicfile.current_umask()
    assert stat.S_IMODE(path.stat().st_mode) == expected
    path.chmod(0o640)
    save(Graph("two"), path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert load(path).name == "two"


def test_the_umask_is_respected_in_a_fresh_process(tmp_path):
    script = textwrap.dedent(
        f"""
        import os, sys
        sys.path.insert(0, {str(ROOT)!r})
        os.umask(0o027)
        from engine.fileformat import save
        from engine.graph import Graph
        save(Graph("x"), {str(tmp_path / "u.convas")!r})
        """
    )
    subprocess.run([sys.executable, "-c", script], check=True, timeout=60)
    assert stat.S_IMODE((tmp_path / "u.convas").stat().st_mode) == 0o640


def test_leftovers_of_killed_saves_are_cleaned_but_a_save_in_progress_is_not(tmp_path):
    path = tmp_path / "p.convas"
    save(Graph("one"), path)
    killed = [tmp_path / f".p.convas.dead{i}.tmp" for i in range(3)]
    for file in killed:
        file.write_bytes(b"x" * 1000)  # as a save killed mid-write leaves it
    in_progress = tmp_path / ".p.convas.live.tmp"
    in_progress.write_bytes(b"half")
    other = tmp_path / ".other.convas.x.tmp"
    other.write_bytes(b"not ours")
    holder = locks.try_lock(in_progress)
    try:
        save(Graph("two"), path)
    finally:
        holder.release()
    assert not any(f.exists() for f in killed)
    assert in_progress.exists() and other.exists()
    assert load(path).name == "two"


def test_kills_during_saves_leave_no_corrupt_project_and_the_next_save_cleans_up(tmp_path):
    """Real kills (SIGKILL) of a child halfway through writing its save."""
    path = tmp_path / "net.convas"
    save(Graph("old", [Node("relu", "ReLU")]), path)
    script = textwrap.dedent(
        f"""
        import os, sys, time
        sys.path.insert(0, {str(ROOT)!r})
        from engine import atomicfile
        from engine.fileformat import save
        from engine.graph import Graph, Node

        def half_then_hang(fd, data):
            os.write(fd, data[: len(data) // 2])
            print("half written", flush=True)
            time.sleep(60)

        atomicfile._write_all = half_then_hang
        save(Graph("new", [Node(f"r{{i}}", "ReLU") for i in range(500)]), {str(path)!r})
        """
    )
    for _kill in range(3):
        child = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
        assert child.stdout.readline() == "half written\n"
        child.kill()
        child.wait()
        child.stdout.close()
        assert load(path).name == "old"  # never half a project
        # each save cleans what the previous kill left: they never pile up
        assert len(list(tmp_path.glob(".net.convas.*.tmp"))) == 1
    save(Graph("clean"), path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["net.convas"]


def test_every_preset_round_trips_byte_identical(tmp_path):
    from engine import presets

    for info in presets.list_presets():
        text = dumps(presets.load_preset(info.name))
        path = tmp_path / f"{info.name}.convas"
        path.write_text(text, encoding="utf-8")
        assert dumps(load(path)) == text, info.name


def test_files_the_format_accepts_can_always_be_saved(tmp_path):
    tricky = _doc(
        [{"id": "한글 \U0001f600", "type": "ReLU", "label": "\u0000", "position": [0.001, -0.0]}],
        meta={"big": 10**4000, "tiny": 5e-324, "list": [[[]]]},
        name="x" * 10_000,
    )
    graph = loads(json.dumps(tricky))
    path = tmp_path / "t.convas"
    save(graph, path)
    first = path.read_bytes()
    save(load(path), path)
    assert path.read_bytes() == first
    assert os.path.getsize(path) > 10_000
