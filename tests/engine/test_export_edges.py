"""Export's rough edges as a user meets them: new and full folders, a file where a folder
should be, weights files holding objects, permissions, one clear line for each failure."""

from __future__ import annotations

import contextlib
import io
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
import torch

from engine import presets
from engine.export import ExportError, export_onnx, export_python, export_weights
from engine.export.weights import WeightsError
from engine.fileformat import save


def _cli(*args: str) -> tuple[int, str, str]:
    from engine import cli

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = cli.main(list(args))
    return status, out.getvalue(), err.getvalue()


class _Thing:
    pass


@pytest.fixture
def umask_022():
    old = os.umask(0o022)
    yield
    os.umask(old)


def test_every_exported_file_gets_a_saved_projects_permissions(tmp_path, umask_022):
    graph = presets.load_preset("lenet5")
    written = [
        export_weights(graph, tmp_path / "w.safetensors"),
        export_weights(graph, tmp_path / "w.pt"),
        export_onnx(graph, tmp_path / "m.onnx"),
        *export_python(graph, tmp_path / "code"),
    ]
    modes = {p.name: stat.S_IMODE(p.stat().st_mode) for p in written}
    assert set(modes.values()) == {0o644}, modes
    assert not [p for p in tmp_path.rglob(".*")], "a temporary file was left behind"


def test_exports_create_missing_folders_and_name_a_file_in_the_way(tmp_path):
    graph = presets.load_preset("lenet5")
    export_onnx(graph, tmp_path / "a" / "b" / "m.onnx")
    export_python(graph, tmp_path / "new" / "code")
    assert (tmp_path / "a" / "b" / "m.onnx").is_file()
    assert (tmp_path / "new" / "code" / "model.py").is_file()
    (tmp_path / "file").write_text("x")
    for export, target in (
        (export_onnx, tmp_path / "file" / "m.onnx"),
        (export_weights, tmp_path / "file" / "deeper" / "w.pt"),
        (export_python, tmp_path / "file"),
    ):
        with pytest.raises(ExportError, match="exists and is not a folder"):
            export(graph, target)
    assert (tmp_path / "file").read_text() == "x"


def test_cli_says_convas_once_and_names_the_subcommand():
    status, _, err = _cli("export", "lenet5", "--format", "jpeg", "-o", "x")
    assert status == 2
    assert err.startswith("convas: export: argument --format: invalid choice"), err
    status, _, err = _cli("export", "lenet5", "--format", "python", "-o", "x", "--seed", "abc")
    assert status == 2 and err.count("convas") == 1 and len(err.splitlines()) == 1, err


def test_cli_replaces_an_earlier_export_as_the_contract_says_and_names_it(tmp_path):
    folder = tmp_path / "code"
    assert _cli("export", "lenet5", "--format", "python", "-o", str(folder))[0] == 0
    (folder / "notes.txt").write_text("mine")
    status, out, err = _cli("export", "digits_cnn", "--format", "python", "-o", str(folder))
    assert status == 0, err
    assert err.strip().splitlines() == [
        f"convas: {folder}: replaced model.py, weights.pt, train.py, README.md of an earlier export"
    ]
    assert str(folder / "model.py") in out.splitlines()
    assert "digits" in (folder / "README.md").read_text().lower()
    assert (folder / "notes.txt").read_text() == "mine"  # not an export's: untouched


def test_cli_writes_into_an_existing_folder_of_other_files(tmp_path):
    (tmp_path / "notes.txt").write_text("mine")
    status, _, err = _cli("export", "lenet5", "--format", "python", "-o", str(tmp_path))
    assert status == 0, err
    assert (tmp_path / "model.py").is_file() and (tmp_path / "notes.txt").read_text() == "mine"


def test_cli_onnx_under_a_file_is_one_clear_line(tmp_path):
    (tmp_path / "file").write_text("x")
    status, _, err = _cli(
        "export", "lenet5", "--format", "onnx", "-o", str(tmp_path / "file/m.onnx")
    )
    assert status == 2
    assert err.strip() == f"convas: {tmp_path / 'file'}: exists and is not a folder"


def test_weights_holding_objects_say_what_to_do(tmp_path):
    path = tmp_path / "checkpoint.pt"
    torch.save({"model": _Thing(), "epoch": 3}, path)
    graph = presets.load_preset("lenet5")
    with pytest.raises(WeightsError) as caught:
        export_weights(graph, tmp_path / "w.pt", weights=path)
    message = str(caught.value)
    assert "weights_only" not in message and "UnpicklingError" not in message
    assert "model.state_dict()" in message and "torch.save" in message


def test_exported_train_py_refuses_objects_in_one_line(tmp_path):
    folder = tmp_path / "code"
    export_python(presets.load_preset("digits_cnn"), folder, training={"epochs": 1})
    path = tmp_path / "checkpoint.pt"
    torch.save({"model": _Thing()}, path)
    (tmp_path / "junk.pt").write_bytes(b"not a weights file")
    torch.save({"a": 1}, tmp_path / "numbers.pt")
    for weights, says in (
        (path, "model.state_dict()"),
        (tmp_path / "junk.pt", "not a weights file"),
        (tmp_path / "numbers.pt", "not a state dict"),
        (tmp_path / "missing.pt", "no such file"),
    ):
        done = subprocess.run(
            [sys.executable, "train.py", "--weights", str(weights)],
            cwd=folder,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 1
        assert done.stderr.strip().splitlines() == [done.stderr.strip()], done.stderr
        assert says in done.stderr and "Traceback" not in done.stderr


def test_readme_carries_the_description_and_the_files_name(tmp_path):
    graph = presets.load_preset("lenet5")
    graph.meta = {"description": "Two convolutions\nand three linear layers."}
    export_python(graph, tmp_path / "a")
    text = (tmp_path / "a" / "README.md").read_text(encoding="utf-8")
    assert text.startswith("# LeNet-5\n\nTwo convolutions and three linear layers.\n\n")
    graph.name, graph.meta = None, None
    save(graph, tmp_path / "my_cnn.convas")
    status, _, err = _cli(
        "export", str(tmp_path / "my_cnn.convas"), "--format", "python", "-o", str(tmp_path / "b")
    )
    assert status == 0, err
    text = (tmp_path / "b" / "README.md").read_text(encoding="utf-8")
    assert text.startswith("# my_cnn\n\nExported from Convas")
    assert "class MyCnn(" in Path(tmp_path / "b" / "model.py").read_text(encoding="utf-8")
