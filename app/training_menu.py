"""The training feature in the window: its docks, the Run menu, the devices.

:func:`install` creates the training views, fills their docks (created by
:mod:`app.docks`), builds the :class:`app.training.TrainingController` with what it
needs, puts Train (F5), Continue (Ctrl+F5), Pause and Stop (Shift+F5) at the top of the
Run menu, and tells the panel which devices exist once PyTorch has loaded in the
background. The panel's "Replace Head" notice goes to the window's fine-tuning edits.
"""

from __future__ import annotations

from functools import partial
from types import SimpleNamespace

from PySide6.QtCore import QCoreApplication, QTimer

from app.actions import make_action

translate = QCoreApplication.translate

#: The training docks and the widget each holds, in the order the controller takes them.
DOCKS = ("training", "plots", "feature-maps", "data", "runs")


def install(window, document, controller_cls):
    """Create the training views in ``window``'s docks, the controller, and the Run menu."""
    import os

    from PySide6.QtWidgets import QApplication

    from widgets.data_preview import DataPreview

    # Idle OpenMP threads sleep instead of spinning on the core the window needs (read
    # when torch loads; the app loads it in the background after this).
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    from widgets.feature_maps import FeatureMapView
    from widgets.plots import TrainingPlots
    from widgets.runs_panel import RunsPanel
    from widgets.training_panel import TrainingPanel

    widgets = (TrainingPanel(), TrainingPlots(), FeatureMapView(), DataPreview(), RunsPanel())
    ctl = controller_cls(
        document,
        *widgets,
        parent=window,
        files=window.files,
        receptive=window.receptive_for,
    )
    ctl.docks = {name: window.docks.fill(name, w) for name, w in zip(DOCKS, widgets)}
    window.canvas.selectionChanged.connect(ctl.set_selection)
    ctl.actions = _build_menu(window, ctl)
    ctl.panel.replaceHeadRequested.connect(window.finetune.replace_head)
    ctl.new_head = window.finetune.head_command  # the fit check's new head: the same edit
    window.installEventFilter(ctl)  # closing the window stops and joins the run
    QApplication.instance().aboutToQuit.connect(ctl.shutdown)
    ctl.device_probe = DeviceProbe(ctl.panel, ctl)
    return ctl


def _build_menu(window, ctl):
    """Train F5, Pause and Stop Shift+F5 at the top of the Run menu."""
    from app.actions import menu_named

    action = partial(make_action, window)

    a = SimpleNamespace(
        train=action(
            translate("TrainingViews", "&Train"),
            ctl.train,
            "F5",
            translate("TrainingViews", "Train the network on the chosen data"),
        ),
        resume_run=action(
            translate("TrainingViews", "&Continue"),
            ctl.continue_run,
            "Ctrl+F5",
            translate("TrainingViews", "Continue the stopped run where it stopped"),
        ),
        pause=action(
            translate("TrainingViews", "&Pause"),
            lambda: ctl.resume() if ctl.state == "paused" else ctl.pause(),
            None,
            translate("TrainingViews", "Pause or resume the run"),
        ),
        stop=action(
            translate("TrainingViews", "&Stop"),
            ctl.stop,
            "Shift+F5",
            translate("TrainingViews", "Stop training (the weights are kept)"),
        ),
    )
    menu = menu_named(window, "run")
    first = menu.actions()[0] if menu.actions() else None
    menu.insertActions(first, [a.train, a.resume_run, a.pause, a.stop])
    menu.insertSeparator(first)
    a.menu = menu

    def follow(state: str) -> None:
        a.train.setEnabled(state == "idle")
        a.resume_run.setEnabled(state == "idle" and ctl.continuation is not None)
        a.stop.setEnabled(state in ("loading", "training", "paused"))
        a.pause.setEnabled(state in ("training", "paused"))
        a.pause.setText(
            translate("TrainingViews", "&Resume")
            if state == "paused"
            else translate("TrainingViews", "&Pause")
        )
        if state == "training":
            for name in ("training", "plots"):
                window.docks.show(name)

    ctl.stateChanged.connect(follow)
    ctl.continuableChanged.connect(lambda _can: follow(ctl.state))
    follow(ctl.state)
    return a


class DeviceProbe:
    """Tells the panel which devices exist once PyTorch has loaded in the background."""

    def __init__(self, panel, parent):
        self.panel, self.tries = panel, 0
        self.timer = QTimer(parent, interval=1000)
        self.timer.timeout.connect(self.check)
        self.timer.start()
        self.check()

    def check(self) -> None:
        from app import torch_loader

        self.tries += 1
        if torch_loader.is_ready():
            self.timer.stop()
            self.panel.set_devices(available_devices())
        elif self.tries > 300:
            self.timer.stop()


def available_devices() -> list[str]:
    """``cpu`` plus ``cuda``/``mps`` when this machine has them."""
    import torch

    devices = ["cpu"]
    if torch.cuda.is_available():
        devices.append("cuda")
    mps = getattr(torch.backends, "mps", None)
    if mps is not None and mps.is_available():
        devices.append("mps")
    return devices
