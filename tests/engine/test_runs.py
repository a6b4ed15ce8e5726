"""Run history: SQLite records of runs and epochs, shared by the GUI and a worker thread."""

from __future__ import annotations

import math
import threading

import pytest

from engine.runs import RunRecord, RunStore


@pytest.fixture
def store(tmp_path):
    with RunStore(tmp_path / "runs.sqlite") as s:
        yield s


def _epoch(n: int, accuracy: float) -> dict:
    return {
        "epoch": n,
        "epochs": 3,
        "train_loss": 1.0 / n,
        "train_accuracy": accuracy,
        "val_loss": 0.5 / n,
        "val_accuracy": accuracy,
        "lr": 0.01,
        "seconds": 0.2,
    }


def test_a_run_is_created_recorded_and_finished(store):
    run = store.create('{"format": "convas"}', {"dataset": "digits", "epochs": 3}, "LeNet")
    assert store.list_runs() == [
        RunRecord(run, "LeNet", store.list_runs()[0].created, "running", None, 0, "digits", {})
    ]
    for n, acc in [(1, 0.8), (2, 0.95), (3, 0.9)]:
        store.add_epoch(run, _epoch(n, acc))
    metrics = {"epochs": 3, "val_accuracy": 0.9, "status": "completed"}
    store.finish(run, "completed", metrics)
    [record] = store.list_runs()
    assert (record.status, record.epochs, record.best_val_accuracy) == ("completed", 3, 0.95)
    assert record.metrics == metrics and record.dataset == "digits"
    assert record.created.endswith("+00:00")
    assert [e["epoch"] for e in store.epochs(run)] == [1, 2, 3]
    assert store.epochs(run)[1] == _epoch(2, 0.95)
    assert store.graph_json(run) == '{"format": "convas"}'
    assert store.config(run) == {"dataset": "digits", "epochs": 3}


def test_runs_are_listed_newest_first_and_deleted_with_their_checkpoints(store):
    first = store.create("{}", {}, "a")
    second = store.create("{}", {}, "b")
    assert [r.name for r in store.list_runs()] == ["b", "a"]
    folder = store.checkpoint_dir(first)
    assert folder.is_dir() and folder.parent == store.path.parent / "runs"
    (folder / "last.pt").write_bytes(b"weights")
    store.add_epoch(first, _epoch(1, 0.5))
    store.delete(first)
    assert [r.id for r in store.list_runs()] == [second]
    assert not folder.exists() and store.epochs(first) == []
    with pytest.raises(KeyError):
        store.graph_json(first)


def test_nan_metrics_are_stored_as_null(store):
    run = store.create("{}", {}, "diverged")
    store.add_epoch(run, {**_epoch(1, float("nan")), "val_loss": math.inf})
    store.finish(run, "diverged", {"train_loss": float("nan"), "status": "diverged"})
    [record] = store.list_runs()
    assert record.best_val_accuracy is None
    assert record.metrics == {"train_loss": None, "status": "diverged"}
    assert store.epochs(run)[0]["val_loss"] is None


def test_a_worker_thread_and_the_gui_thread_share_a_store(store):
    run = store.create("{}", {}, "threaded")
    errors = []

    def worker():
        try:
            for n in range(1, 101):
                store.add_epoch(run, _epoch(n, n / 100))
            store.finish(run, "completed", {})
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    thread = threading.Thread(target=worker)
    thread.start()
    while thread.is_alive():
        store.list_runs()
        store.epochs(run)
    thread.join()
    assert not errors
    [record] = store.list_runs()
    assert record.epochs == 100 and record.best_val_accuracy == 1.0


def test_the_history_survives_reopening(tmp_path):
    path = tmp_path / "runs.sqlite"
    with RunStore(path) as s:
        run = s.create("{}", {"dataset": "shapes"}, "kept")
        s.add_epoch(run, _epoch(1, 0.7))
    with RunStore(path) as s:
        assert [(r.name, r.epochs) for r in s.list_runs()] == [("kept", 1)]


def test_the_default_store_lives_in_the_user_data_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("CONVAS_DATA_DIR", str(tmp_path / "data"))
    with RunStore() as s:
        assert s.path == tmp_path / "data" / "runs.sqlite"
