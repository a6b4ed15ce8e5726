"""Start-up: display checks, error reporting, torch loaded after the window."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QThreadPool
from PySide6.QtWidgets import QApplication

from app import main as app_main
from app import startup, torch_loader

ROOT = Path(__file__).resolve().parents[2]


def test_no_display_is_explained():
    message = startup.check_display(env={}, platform="linux")
    assert "no display" in message
    assert "QT_QPA_PLATFORM=offscreen" in message and "xvfb-run" in message


def test_explicit_platform_or_wayland_or_other_os_is_trusted():
    assert startup.check_display(env={"QT_QPA_PLATFORM": "offscreen"}, platform="linux") is None
    assert startup.check_display(env={"WAYLAND_DISPLAY": "wayland-0"}, platform="linux") is None
    assert startup.check_display(env={}, platform="win32") is None


def test_missing_xcb_libraries_name_debian_packages():
    message = startup.check_display(
        env={"DISPLAY": ":0"},
        platform="linux",
        find_missing=lambda: ["libxcb-cursor.so.0", "libxkbcommon-x11.so.0"],
    )
    assert "sudo apt-get install libxcb-cursor0 libxkbcommon-x11-0" in message
    assert "libxcb-cursor.so.0" in message
    assert (
        startup.check_display(env={"DISPLAY": ":0"}, platform="linux", find_missing=lambda: [])
        is None
    )


@pytest.mark.parametrize(
    ("soname", "package"),
    [
        ("libxcb-cursor.so.0", "libxcb-cursor0"),
        ("libxcb-icccm.so.4", "libxcb-icccm4"),
        ("libxkbcommon-x11.so.0", "libxkbcommon-x11-0"),
        ("libX11-xcb.so.1", "libx11-xcb1"),
        ("libEGL.so.1", "libegl1"),
        ("libdbus-1.so.3", "libdbus-1-3"),
        ("libglib-2.0.so.0", "libglib2.0-0"),
        ("libxcb-render-util.so.0", "libxcb-render-util0"),
    ],
)
def test_debian_package_names(soname, package):
    assert startup.debian_package(soname) == package


def test_missing_libraries_found_by_loading_them():
    def loader(name):
        if name == "libxcb-cursor.so.0":
            raise OSError("not found")

    assert startup.missing_with_ctypes(("libxcb-cursor.so.0", "libc.so.6"), loader) == [
        "libxcb-cursor.so.0"
    ]


def test_this_machines_xcb_plugin_is_checkable():
    plugin = startup.xcb_plugin()
    assert plugin is not None and plugin.name == "libqxcb.so"
    assert isinstance(startup.missing_with_ldd(plugin), list)


def test_run_returns_3_without_a_display(monkeypatch, capsys):
    monkeypatch.setattr(startup, "check_display", lambda: startup.no_display_message())
    assert app_main.run(None) == startup.EXIT_NO_DISPLAY
    assert "no display" in capsys.readouterr().err


def test_error_reporter_logs_and_shows_one_line(data_dir):
    shown = []
    reporter = startup.ErrorReporter(show=shown.append)
    log_path = startup.setup_logging()
    try:
        raise ValueError("bad value\nsecond line")
    except ValueError:
        reporter(*sys.exc_info())
    assert len(shown) == 1
    assert "ValueError: bad value" in shown[0] and "second line" not in shown[0]
    assert "Traceback" not in shown[0]
    root = logging.getLogger()
    mine = [h for h in root.handlers if getattr(h, "baseFilename", None) == str(log_path)]
    for handler in mine:
        handler.close()
        root.removeHandler(handler)
    assert log_path == data_dir / startup.LOG_NAME
    assert "Traceback" in log_path.read_text(encoding="utf-8")


def test_run_opens_the_file_or_shows_why_not(qtbot, monkeypatch, tmp_path, dialogs):
    monkeypatch.setattr(startup, "check_display", lambda: None)
    monkeypatch.setattr(startup, "install_excepthook", lambda: None)
    monkeypatch.setattr(QApplication, "exec", lambda self: 0)
    monkeypatch.setattr(torch_loader, "start", lambda: None)
    from app.window import MainWindow

    monkeypatch.setattr(MainWindow, "add_panels", lambda self: None)  # tested on their own

    before = set(QApplication.topLevelWidgets())
    bad = tmp_path / "bad.convas"
    bad.write_text("{not json", encoding="utf-8")
    assert app_main.run(bad) == 0
    windows = [
        w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w not in before
    ]
    assert len(windows) == 1
    window = windows[0]
    qtbot.addWidget(window)
    assert window.isVisible()
    assert dialogs.kinds() == ["warning"] and "not valid JSON" in dialogs.shown[0][2]
    assert set(window.document.graph.nodes) == {"input", "output"}
    good = ROOT / "resources" / "presets" / "lenet5.convas"
    assert app_main.run(good) == 0
    window = [
        w
        for w in QApplication.topLevelWidgets()
        if isinstance(w, MainWindow) and w not in before and w is not window
    ][0]
    qtbot.addWidget(window)
    assert window.document.path == good


def test_torch_loads_in_the_background():
    thread = torch_loader.start()
    assert thread.name == "convas-torch-loader" and not thread.daemon
    torch = torch_loader.wait(120)
    assert torch_loader.is_ready()
    assert hasattr(torch, "nn")


def test_window_appears_before_torch_is_imported(tmp_path):
    code = (
        "import sys, json\n"
        "from PySide6.QtWidgets import QApplication\n"
        "import app.main, app.window, app.startup, app.torch_loader, app.training\n"
        "qapp = QApplication([])\n"
        "from app.window import MainWindow\n"
        "w = MainWindow(); w.show(); qapp.processEvents()\n"
        "w.files.open_preset('resnet18', ask=False); qapp.processEvents()\n"
        "print(json.dumps({'torch': 'torch' in sys.modules, 'visible': w.isVisible()}))\n"
        "w.document.undo_stack.setClean(); w.close()\n"
    )
    env = dict(
        os.environ, QT_QPA_PLATFORM="offscreen", CONVAS_DATA_DIR=str(tmp_path), PYTHONPATH=str(ROOT)
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result == {"torch": False, "visible": True}


def test_no_thread_left_running(window):
    window.files.open_preset("googlenet", ask=False)
    window.editor.expand("inception3a")
    window.close()
    assert QThreadPool.globalInstance().activeThreadCount() == 0
    # A QThread that ran Python code leaves a threading._DummyThread entry behind for
    # good on Python 3.11 (not a running thread; running QThreads are caught above and
    # by the autouse guard in tests/conftest.py). A window that trained earlier in this
    # process has handed shared tensors to a child: multiprocessing's resource sharer
    # serves their file descriptors from a daemon thread of its own, for good.
    others = [
        t
        for t in threading.enumerate()
        if t is not threading.main_thread()
        and t.name != "convas-torch-loader"
        and not isinstance(t, threading._DummyThread)
        and getattr(getattr(t, "_target", None), "__module__", "")
        != "multiprocessing.resource_sharer"
    ]
    assert others == []
