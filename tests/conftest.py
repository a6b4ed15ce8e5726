"""Shared test set-up: headless Qt, the repository on sys.path, example files, thread guard."""

from __future__ import annotations

import functools
import gc
import os
import sys
from pathlib import Path

# Before anything imports Qt: no display is needed (or used) by the tests.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# The suite runs on the CPU on every machine: device "auto", bit-for-bit comparisons and
# "training on cpu" notices assume it (with a GPU visible, four tests failed on an H200).
# The CUDA path is checked on a real GPU by bench/gpu_checks.py, and on the CPU by the
# tests that hand the trainer a CUDA-like plan. Children (training processes, the
# command line) inherit this.
os.environ["CUDA_VISIBLE_DEVICES"] = ""
if os.environ.get("PYTEST_XDIST_WORKER"):
    # Each xdist worker gets one core's worth of torch threads, so workers don't oversubscribe.
    os.environ.setdefault("OMP_NUM_THREADS", "1")

import pytest  # noqa: E402
from hypothesis import HealthCheck, settings  # noqa: E402

REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

# A loaded CI machine makes per-example timings meaningless; keep hypothesis from failing on them.
settings.register_profile(
    "convas", deadline=None, suppress_health_check=[HealthCheck.too_slow], print_blob=True
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "convas"))

#: How long a QThread still running after a test may take to finish before the test fails.
THREAD_GRACE_MS = 1000


@pytest.fixture(scope="session")
def repo_root() -> Path:
    """The checkout's root folder."""
    return REPO_ROOT


#: Example project files the tests need, kept inside the project so that every clone
#: runs the same tests (``tiny-residual.convas`` is a copy of ``shared/examples``').
EXAMPLES = REPO_ROOT / "tests" / "examples"


@pytest.fixture(scope="session")
def tiny_residual_path() -> Path:
    """``tests/examples/tiny-residual.convas``: 3,922 parameters, output ``[10]``."""
    return EXAMPLES / "tiny-residual.convas"


@pytest.fixture(scope="module")
def one_torch_thread():
    """Tiny tensors on a shared machine: one torch thread is many times faster."""
    import torch

    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(threads)


# --- no QThread may outlive its test ------------------------------------------------------

_started_threads: list = []  # QThreads started during the current test (strong references)
_leaked_threads: list = []  # threads that would not stop: kept alive so Qt doesn't abort


def _hook_qthread_start() -> bool:
    """Record every ``QThread.start`` once PySide6 is loaded; return whether the hook is on."""
    if "PySide6.QtCore" not in sys.modules:
        return False
    from PySide6.QtCore import QThread

    if getattr(QThread.start, "_convas_recorded", False):
        return True
    original = QThread.start

    @functools.wraps(original)
    def start(self, *args, **kwargs):
        _started_threads.append(self)
        return original(self, *args, **kwargs)

    start._convas_recorded = True
    QThread.start = start
    return True


def _all_qthread_wrappers() -> list:
    """Every QThread with a Python wrapper: the slow fallback when PySide6 arrived mid-test."""
    from PySide6.QtCore import QThread

    return [obj for obj in gc.get_objects() if isinstance(obj, QThread)]


def _still_running(thread) -> bool:
    import shiboken6

    if not shiboken6.isValid(thread) or not thread.isRunning():
        return False
    return not thread.wait(THREAD_GRACE_MS)


def _stop(thread) -> None:
    thread.requestInterruption()
    thread.quit()
    if not thread.wait(5000):
        _leaked_threads.append(thread)


@pytest.fixture(autouse=True)
def no_qthread_left_running():
    """Fail a test that leaves a QThread running (checked only once PySide6 is imported)."""
    hooked = _hook_qthread_start()
    _started_threads.clear()
    yield
    if "PySide6.QtCore" not in sys.modules:
        return
    candidates = list(_started_threads) if hooked else _all_qthread_wrappers()
    _started_threads.clear()
    running = [thread for thread in candidates if _still_running(thread)]
    if not running:
        return
    names = ", ".join(f"{type(t).__name__}({t.objectName()!r})" for t in running)
    for thread in running:
        _stop(thread)
    pytest.fail(f"test left QThread(s) running: {names}; stop and wait for them in the test")


@pytest.fixture(autouse=True)
def english_engine_text():
    """Every test starts and ends with the engine speaking English (a Korean test's
    language must not leak into the next test of the same worker)."""
    from engine import i18n

    i18n.set_language(i18n.ENGLISH)
    yield
    i18n.set_language(i18n.ENGLISH)


@pytest.fixture(autouse=True)
def light_application_palette():
    """Every test ends with the application's own style and palette (a test that turns the
    dark theme on must not leave the next test of the same worker dark)."""
    yield
    if "PySide6.QtWidgets" not in sys.modules:
        return
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is None or not isinstance(app, QApplication):
        return
    if app.palette().color(app.palette().ColorRole.Window).lightnessF() < 0.5:
        app.setPalette(app.style().standardPalette())
