"""The command line contract: output, exit statuses, never a traceback."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from engine.cli import main

ROOT = Path(__file__).resolve().parents[2]

SPEC_COUNTS = {  # the spec's parameter counts; torchvision's published operation counts
    "alexnet": (61_100_840, 0.714e9),
    "vgg16": (138_357_544, 15.5e9),
    "googlenet": (6_624_904, 1.50e9),
    "resnet18": (11_689_512, 1.81e9),
    "resnet50": (25_557_032, 4.09e9),
    "densenet121": (7_978_856, 2.83e9),
}


def _run(*args, cwd=ROOT):
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=120,
    )


def _summary_json(capsys, source):
    code = main(["summary", source, "--json"])
    return code, json.loads(capsys.readouterr().out)


def test_tiny_residual_summary_json(tiny_residual_path):
    proc = _run("summary", str(tiny_residual_path), "--json")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["total_params"] == 3922
    assert data["output_shape"] == [10]
    assert data["problems"] == []
    assert set(data) == {"total_params", "output_shape", "macs", "nodes", "problems"}
    assert set(data["nodes"][0]) == {"id", "type", "output_shape", "params", "macs"}


@pytest.mark.parametrize("name", sorted(SPEC_COUNTS))
def test_imagenet_presets_have_published_counts(capsys, name):
    code, data = _summary_json(capsys, name)
    params, macs = SPEC_COUNTS[name]
    assert code == 0
    assert data["total_params"] == params
    assert data["output_shape"] == [1000]
    assert float(f"{data['macs']:.3g}") == pytest.approx(macs, rel=1e-9)


def test_human_summary_is_a_table_with_totals(capsys):
    assert main(["summary", "resnet18"]) == 0
    out = capsys.readouterr().out
    assert "Total parameters: 11,689,512" in out
    assert "Output shape: [1000]" in out
    assert "ResidualBlock" in out


def test_presets_and_preset_round_trip(capsys, tmp_path):
    assert main(["presets"]) == 0
    names = capsys.readouterr().out.split()
    assert {
        "lenet5",
        "alexnet",
        "vgg16",
        "googlenet",
        "resnet18",
        "resnet50",
        "densenet121",
    } <= set(names)
    target = tmp_path / "r18.convas"
    assert main(["preset", "resnet18", "-o", str(target)]) == 0
    assert capsys.readouterr().err == ""
    code, data = _summary_json(capsys, str(target))
    assert code == 0 and data["total_params"] == 11_689_512
    assert main(["preset", "lenet5", "-o", str(target)]) == 0  # written, and said so
    assert capsys.readouterr().err == f"convas: {target}: replaced\n"


BROKEN = {
    "bad_json": "{",
    "wrong_version": '{"format": "convas", "version": 9, "nodes": [], "edges": []}',
    "unknown_type": '{"format": "convas", "version": 1, "nodes": [{"id": "a", "type": "Nope"}],'
    ' "edges": []}',
    "unknown_param": '{"format": "convas", "version": 1, "nodes": [{"id": "a", "type": "ReLU",'
    ' "params": {"inplace": true}}], "edges": []}',
    "out_of_range": '{"format": "convas", "version": 1, "nodes": [{"id": "a", "type": "Dropout",'
    ' "params": {"p": 2}}], "edges": []}',
    "missing_node": '{"format": "convas", "version": 1, "nodes": [{"id": "a", "type": "ReLU"}],'
    ' "edges": [{"source": "a", "target": "b"}]}',
    "duplicate_ids": '{"format": "convas", "version": 1, "nodes": [{"id": "a", "type": "ReLU"},'
    ' {"id": "a", "type": "ReLU"}], "edges": []}',
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_broken_files_exit_2_with_one_line(tmp_path, case):
    path = tmp_path / f"{case}.convas"
    path.write_text(BROKEN[case], encoding="utf-8")
    proc = _run("summary", str(path), "--json")
    assert proc.returncode == 2
    assert proc.stdout == ""
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert str(path) in lines[0] and "Traceback" not in proc.stderr


def test_unknown_source_and_bad_arguments_exit_2(capsys):
    assert main(["summary", "no-such-preset"]) == 2
    assert "no such file or preset" in capsys.readouterr().err
    assert main(["summary"]) == 2
    assert main(["preset", "nope", "-o", "/tmp/x.convas"]) == 2


def test_graph_with_problems_exits_1_and_names_nodes(tmp_path, capsys):
    path = tmp_path / "p.convas"
    path.write_text(
        json.dumps(
            {
                "format": "convas",
                "version": 1,
                "nodes": [
                    {"id": "in", "type": "Input", "params": {}},
                    {"id": "fc", "type": "Linear", "params": {"out_features": 2}},
                    {"id": "out", "type": "Output"},
                ],
                "edges": [{"source": "in", "target": "fc"}, {"source": "fc", "target": "out"}],
            }
        ),
        encoding="utf-8",
    )
    code, data = _summary_json(capsys, str(path))
    assert code == 1
    assert [p["node"] for p in data["problems"]] == ["fc"]
    assert main(["summary", str(path)]) == 1
    assert "fc: Linear needs a flat input" in capsys.readouterr().out
