"""Every failure on the command line is one line (and an exit status), the trace in the
log file: signals, a damaged run history, a failure inside training, the memory guard."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from engine import fileformat
from engine.cli import main
from engine.graph import Edge, Graph, Node
from engine.runs import RunStore
from tests.engine.test_cli_train import SPEC_KEYS
from tests.histories import garbage, truncated

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    folder = tmp_path / "userdata"
    monkeypatch.setenv("CONVAS_DATA_DIR", str(folder))
    return folder


def _popen(*args, data_dir: Path, env=None):
    return subprocess.Popen(
        [sys.executable, str(ROOT / "main.py"), *args],
        cwd=ROOT,
        env={**os.environ, "CONVAS_DATA_DIR": str(data_dir), **(env or {})},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _wait_for(predicate, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


# --------------------------------------------------------------------------- signals


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_sigterm_and_sighup_stop_train_like_ctrl_c(signum, tiny_residual_path, tmp_path):
    data_dir = tmp_path / "userdata"
    proc = _popen("train", str(tiny_residual_path), "--epochs", "1000", "--json", data_dir=data_dir)
    try:
        _wait_for(lambda: any(data_dir.glob("runs/*/last.pt")))  # one epoch saved
        proc.send_signal(signum)
        out, err = proc.communicate(timeout=60)
    finally:
        proc.kill()
    name = signal.Signals(signum).name
    assert proc.returncode == 128 + signum, err
    assert f"{name}: stopping after this step" in err and "Traceback" not in err
    result = json.loads(out.strip().splitlines()[-1])  # the last line still printed
    assert set(result) == SPEC_KEYS
    assert result["status"] == "stopped" and 1 <= result["epochs"] < 1000
    [record] = RunStore(data_dir / "runs.sqlite").list_runs()
    assert record.status == "stopped" and record.epochs == result["epochs"]
    folder = data_dir / "runs" / str(record.id)
    assert (folder / "last.pt").is_file() and (folder / "best.pt").is_file()


def test_a_termination_outside_training_is_one_line_and_128_plus_the_signal(monkeypatch, capsys):
    from engine.cli import summary

    def terminated(args):
        os.kill(os.getpid(), signal.SIGTERM)
        time.sleep(5)  # the handler interrupts this
        return 0

    monkeypatch.setattr(summary, "cmd_summary", terminated)
    started = time.monotonic()
    assert main(["summary", "lenet5"]) == 128 + signal.SIGTERM
    assert time.monotonic() - started < 4
    assert capsys.readouterr().err == "convas: interrupted (SIGTERM)\n"
    assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL  # restored


# --------------------------------------------------------------------------- history


@pytest.mark.parametrize("damage", [garbage, truncated])
def test_train_with_a_damaged_history_says_so_in_one_line_and_records_the_run(
    damage, data_dir, tiny_residual_path, capsys
):
    damage(data_dir / "runs.sqlite")
    first_ids = (
        {int(p.name) for p in (data_dir / "runs").iterdir()}
        if (data_dir / "runs").is_dir()
        else set()
    )
    assert main(["train", str(tiny_residual_path), "--epochs", "1", "--json"]) == 0
    captured = capsys.readouterr()
    notes = [line for line in captured.err.splitlines() if "run history" in line]
    [moved] = data_dir.glob("runs.damaged-*.sqlite")
    assert notes == [
        f"note: The run history was damaged: it was moved to {moved} and a new, empty "
        "history was started."
    ]
    assert json.loads(captured.out.splitlines()[-1])["status"] == "completed"
    [record] = RunStore(data_dir / "runs.sqlite").list_runs()
    assert record.status == "completed" and record.id not in first_ids
    # the next run is recorded as usual, without a notice
    assert main(["train", str(tiny_residual_path), "--epochs", "1", "--json"]) == 0
    assert "run history" not in capsys.readouterr().err
    assert len(RunStore(data_dir / "runs.sqlite").list_runs()) == 2


# --------------------------------------------------------------------------- failures


def test_a_failure_inside_training_is_one_line_and_the_trace_goes_to_the_log(
    tiny_residual_path, tmp_path
):
    """The trainer's own log.exception used to print a 40-line traceback on stderr."""
    data_dir = tmp_path / "userdata"
    script = textwrap.dedent(
        f"""
        import sys
        sys.path.insert(0, {str(ROOT)!r})
        from engine.training import trainer

        def out_of_memory(self, xb, yb):
            raise RuntimeError(
                "[enforce fail at alloc_cpu.cpp:117] . DefaultCPUAllocator: can't allocate "
                "memory: you tried to allocate 4161798144 bytes. Error code 12"
            )

        trainer.Trainer._step = out_of_memory
        from engine.cli import main
        sys.exit(main(["train", {str(tiny_residual_path)!r}, "--epochs", "1"]))
        """
    )
    proc = subprocess.run(
        [sys.executable, "-c", script],
        env={**os.environ, "CONVAS_DATA_DIR": str(data_dir)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert "Traceback" not in proc.stderr
    assert [line for line in lines if not line.startswith("note: ")] == [lines[-1]]
    # what it means first, then PyTorch's own words
    assert lines[-1].startswith(
        "convas: Training failed: the device ran out of memory. Use a smaller batch size or a "
        "smaller Input. (PyTorch: "
    )
    assert "alloc" in lines[-1]
    log = (data_dir / "convas.log").read_text(encoding="utf-8")
    assert "training failed" in log and "Traceback" in log and "alloc_cpu" in log
    [record] = RunStore(data_dir / "runs.sqlite").list_runs()
    assert record.status == "failed"


def test_an_unforeseen_error_is_one_line_with_the_log_file(monkeypatch, capsys, data_dir):
    from engine.cli import summary

    def broken(args):
        return 1 // 0

    monkeypatch.setattr(summary, "cmd_summary", broken)
    assert main(["summary", "lenet5"]) == 2
    log = data_dir / "convas.log"
    assert capsys.readouterr().err == (
        f"convas: unexpected error: ZeroDivisionError: integer division or modulo by zero "
        f"(details in {log})\n"
    )
    assert "ZeroDivisionError" in log.read_text(encoding="utf-8")


def test_a_quiet_command_writes_no_log_file(data_dir, capsys):
    assert main(["summary", "lenet5"]) == 0
    assert not (data_dir / "convas.log").exists()


# --------------------------------------------------------------------------- memory


def _huge_graph(path: Path) -> Path:
    """1.1e12 parameters: a 1×1000×1100 Input flattened into a Linear of 1,000,000."""
    graph = Graph(
        "huge",
        [
            Node("in", "Input", {"channels": 1, "height": 1000, "width": 1100}),
            Node("flat", "Flatten"),
            Node("fc", "Linear", {"out_features": 1_000_000}),
            Node("out", "Output"),
        ],
        [Edge("in", "flat"), Edge("flat", "fc"), Edge("fc", "out")],
    )
    fileformat.save(graph, path)
    return path


def test_export_of_a_trillion_parameters_is_refused_with_the_figure_before_allocating(
    tmp_path, capsys, data_dir
):
    source = _huge_graph(tmp_path / "huge.convas")
    started = time.monotonic()
    code = main(["export", str(source), "--format", "weights", "-o", str(tmp_path / "w.pt")])
    assert time.monotonic() - started < 5  # nothing was allocated
    assert code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith(
        f"convas: {source}: exporting needs about 4.4 TB"
    )
    assert "weights 4.4 TB" in err and not (tmp_path / "w.pt").exists()


def test_train_refuses_a_network_too_large_for_the_memory(
    tiny_residual_path, monkeypatch, capsys, data_dir
):
    monkeypatch.setenv("CONVAS_MEMORY_LIMIT", "1M")
    assert main(["train", str(tiny_residual_path), "--batch-size", "4096"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "training needs about" in err and "(batch of 4096)" in err
    assert "but 1 MB is available: use a smaller batch size" in err
    assert not (data_dir / "runs.sqlite").exists()  # refused before anything started
