"""A run history that heals: damaged files set aside, ids and folders never reused,
runs whose process died recorded as interrupted."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from engine.runs import INTERRUPTED, RUNNING, RunStore
from tests.histories import foreign, garbage, truncated

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("damage", [garbage, truncated, foreign])
def test_a_damaged_history_is_set_aside_and_a_fresh_one_started(tmp_path, damage):
    path = tmp_path / "runs.sqlite"
    damage(path)
    broken = path.read_bytes()
    with RunStore(path) as store:
        assert store.persistent and store.moved_to is not None
        assert store.moved_to.name.startswith("runs.damaged-")
        assert store.moved_to.read_bytes() == broken  # kept for whoever wants it
        assert "damaged" in store.notice and str(store.moved_to) in store.notice
        run = store.create("{}", {}, "after")
        store.finish(run, "completed", {})
        assert [r.name for r in store.list_runs()] == ["after"]
    with RunStore(path) as again:  # healed for good: no second notice
        assert again.notice is None and len(again.list_runs()) == 1


def test_damage_found_while_in_use_heals_and_tells(tmp_path):
    path = tmp_path / "runs.sqlite"
    store = RunStore(path)
    told = []
    store.on_notice = told.append
    store._db.close()
    garbage(path)
    for extra in ("-wal", "-shm"):
        Path(str(path) + extra).unlink(missing_ok=True)
    store._db = sqlite3.connect(path, check_same_thread=False)
    assert store.list_runs() == []
    assert len(told) == 1 and "damaged" in told[0]
    assert store.create("{}", {}, "x") >= 1
    store.close()


def test_a_history_that_cannot_be_written_lives_in_memory(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the data folder should be")
    with RunStore(blocker / "runs.sqlite") as store:
        assert not store.persistent and "kept in memory only" in store.notice
        run = store.create("{}", {}, "in memory")
        store.finish(run, "completed", {})
        assert [r.name for r in store.list_runs()] == ["in memory"]


def test_ids_and_folders_are_never_reused_after_a_reset(tmp_path):
    path = tmp_path / "runs.sqlite"
    with RunStore(path) as store:
        first = store.create("{}", {}, "old")
        (store.checkpoint_dir(first) / "best.pt").write_bytes(b"the old run's weights")
        store.finish(first, "completed", {})
    garbage(path)
    with RunStore(path) as store:
        second = store.create("{}", {}, "new")
        assert second > first
        assert (store.checkpoint_dir(first) / "best.pt").read_bytes() == b"the old run's weights"
        assert not (store.checkpoint_dir(second) / "best.pt").exists()


def test_a_deleted_last_run_does_not_give_its_id_again(tmp_path):
    with RunStore(tmp_path / "runs.sqlite") as store:
        first = store.create("{}", {}, "a")
        store.delete(first)
        assert store.create("{}", {}, "b") > first


def test_two_stores_creating_runs_at_once_get_distinct_ids_and_folders(tmp_path):
    path = tmp_path / "runs.sqlite"
    with RunStore(path) as a, RunStore(path) as b:
        ids = [s.create("{}", {}, "x") for s in (a, b, a, b, b, a)]
    assert len(set(ids)) == 6
    assert {int(p.name) for p in (tmp_path / "runs").iterdir()} == set(ids)


def test_a_run_whose_process_died_becomes_interrupted_and_a_live_one_stays_running(tmp_path):
    path = tmp_path / "runs.sqlite"
    script = textwrap.dedent(
        f"""
        import sys, time
        sys.path.insert(0, {str(ROOT)!r})
        from engine.runs import RunStore
        store = RunStore({str(path)!r})
        print(store.create("{{}}", {{}}, sys.argv[1]), flush=True)
        time.sleep(120)
        """
    )
    children = [
        subprocess.Popen([sys.executable, "-c", script, name], stdout=subprocess.PIPE, text=True)
        for name in ("killed", "alive")
    ]
    try:
        ids = [int(child.stdout.readline()) for child in children]
        children[0].kill()
        children[0].wait()
        with RunStore(path) as store:
            status = {r.id: r.status for r in store.list_runs()}
        assert status == {ids[0]: INTERRUPTED, ids[1]: RUNNING}
    finally:
        for child in children:
            child.kill()
            child.wait()
            child.stdout.close()
    with RunStore(path) as store:  # now both are gone
        assert {r.status for r in store.list_runs()} == {INTERRUPTED}


def test_a_store_closed_with_a_run_still_running_records_it_interrupted(tmp_path):
    path = tmp_path / "runs.sqlite"
    with RunStore(path) as store:
        run = store.create("{}", {}, "cut short")
    with RunStore(path) as store:
        assert store.list_runs()[0].status == INTERRUPTED
        assert not (store.checkpoint_dir(run) / ".running").exists()
