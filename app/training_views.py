"""Keeping the feature-map viewer and the run history in step with training.

:class:`ProbeFeeder` decides what the feature-map viewer shows for the block selected
on the canvas: live activations from the trainer while a run goes on (it asks the
trainer to probe that block), or activations computed here from the last trained
model afterwards (one small forward pass). :func:`reopen_run` opens a past run's
network with its trained weights.
"""

from __future__ import annotations

import logging
from functools import partial
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from app.training_jobs import compute_activations, sample_picture
from engine.teaching.receptive import receptive_fields

log = logging.getLogger(__name__)
translate = QCoreApplication.translate

#: Hints of the feature-map viewer (translated where they are shown).
NO_SELECTION = QT_TRANSLATE_NOOP(
    "TrainingViews", "Select a block on the canvas to see what it computes."
)
NO_MODEL = QT_TRANSLATE_NOOP(
    "TrainingViews", "Train the network (F5) to see what this block computes for a sample."
)
WAITING = QT_TRANSLATE_NOOP("TrainingViews", "Waiting for the trainer's next look at this block…")
NOT_TRAINED = QT_TRANSLATE_NOOP(
    "TrainingViews", "This block was not in the trained network: train again to see it."
)
ADDED_DURING_RUN = QT_TRANSLATE_NOOP(
    "TrainingViews", "This block was added after the run started: train again to see it."
)


class ProbeFeeder:
    """Feeds :class:`widgets.feature_maps.FeatureMapView` for the controller ``ctl``.

    ``ctl`` provides ``document``, ``bundle``, ``compiled``, ``snapshot`` and
    ``trainer()`` (the running trainer or None) and ``training()`` (a run in progress).
    """

    def __init__(self, ctl, view):
        self.ctl, self.view = ctl, view
        self.node_id: str | None = None
        #: (node id, sample index) to probe; the worker reads it when its trainer starts
        self.current: tuple[str | None, int] = (None, 0)
        self._shown_node: str | None = None
        self._fields: tuple[object, dict] = (None, {})  # (analysis, receptive fields)
        view.sampleChanged.connect(lambda _i: self.update())

    def select(self, ids: list) -> None:
        """The canvas selection: one block is probed, anything else shows a hint."""
        self.node_id = ids[0] if len(ids) == 1 else None
        self.update()

    def request(self) -> tuple[str | None, int]:
        """(node id, sample index) the trainer should probe."""
        return self.node_id, self.view.sample_index()

    def new_run(self, bundle) -> None:
        self.view.set_sample_count(len(bundle.val_y))

    def update(self) -> None:
        """Show what fits the selection and the run state now."""
        node_id, index = self.current = self.request()
        if node_id is None:
            self.view.set_title("")
            self.view.show_message(translate("TrainingViews", NO_SELECTION))
            return
        self.view.set_title(self._title(node_id))
        self._show_sample(index)
        self.view.set_receptive_field(self._receptive_field(node_id))
        if self.ctl.training():
            self._ask_trainer(node_id, index)
        elif self.ctl.compiled is None or self.ctl.bundle is None:
            self.view.show_message(translate("TrainingViews", NO_MODEL))
        else:
            self._compute(node_id, index)
        self._shown_node = node_id

    def _ask_trainer(self, node_id: str, index: int) -> None:
        """During a run the trainer looks at the block a few times a second."""
        graph = self.ctl.live_snapshot
        if graph is not None and node_id not in graph.nodes:
            self.view.show_message(translate("TrainingViews", ADDED_DURING_RUN))
            return
        trainer = self.ctl.trainer()
        if trainer is not None:
            trainer.set_probe(node_id, index)
        if node_id != self._shown_node or self.view.activations is None:
            self.view.show_message(
                translate("TrainingViews", WAITING)
            )  # another sample keeps the old maps meanwhile

    def show_probe(self, event) -> None:
        """A ProbeEvent from the trainer (the latest of a pump tick)."""
        if event.node_id != self.node_id:
            return
        self._show_sample(event.sample_index)
        self.view.show_activations(event.activations, self._labels(event.activations))

    # ----------------------------------------------------------------- internals
    def _receptive_field(self, node_id: str):
        """The block's receptive field in the current network (once per analysis)."""
        document = self.ctl.document
        analysis = document.analysis
        window = getattr(self.ctl, "dialog_parent", None)  # the main window keeps them
        if hasattr(window, "receptive_for"):
            return window.receptive_for(analysis).get(node_id)
        if self._fields[0] is not analysis:
            self._fields = (analysis, receptive_fields(document.graph, analysis))
        return self._fields[1].get(node_id)

    def _title(self, node_id: str) -> str:
        node = self.ctl.document.graph.nodes.get(node_id)
        if node is None:
            return node_id
        shown = node.label or node.id
        return f"{shown} · {node.type}"

    def _show_sample(self, index: int) -> None:
        bundle = self.ctl.bundle
        if bundle is None or not 0 <= index < len(bundle.val_y):
            self.view.set_sample(None, "")
            return
        picture = sample_picture(bundle.val_x[index].numpy(), bundle.mean, bundle.std)
        label = bundle.classes[int(bundle.val_y[index])]
        self.view.set_sample(
            picture, translate("TrainingViews", "label: {label}").format(label=label)
        )

    def _compute(self, node_id: str, index: int) -> None:
        snapshot = self.ctl.snapshot
        node = snapshot.nodes.get(node_id) if snapshot is not None else None
        if node is None:
            self.view.show_message(translate("TrainingViews", NOT_TRAINED))
            return
        try:
            activations = compute_activations(
                self.ctl.compiled, node_id, node.type, self.ctl.bundle.val_x[index].numpy()
            )
        except Exception as exc:  # a viewer must not take the window down
            log.exception("computing activations failed")
            self.view.show_message(
                translate("TrainingViews", "Can't compute this block's output: {error}").format(
                    error=exc
                )
            )
            return
        self.view.show_activations(activations, self._labels(activations))

    def _labels(self, activations) -> list[str] | None:
        bundle = self.ctl.bundle
        classes = bundle.classes if bundle is not None else None
        if classes and activations.ndim == 1 and len(activations) == len(classes):
            return list(classes)
        return None


def find_checkpoint(folder: Path) -> Path | None:
    """The run's best checkpoint, else its last one, else None."""
    from engine.training.artifacts import BEST, LAST

    for name in (BEST, LAST):
        if (folder / name).is_file():
            return folder / name
    return None


def reopen_run(ctl, run_id: int, maybe_save=None) -> bool:
    """Open run ``run_id``'s network as an unsaved document, with its weights when saved.

    ``maybe_save`` (the window's "save changes?" question) may refuse. Returns whether
    the network was opened.
    """
    from engine.compiler import compile_model
    from engine.fileformat import FormatError, loads
    from engine.training.artifacts import load_checkpoint

    store = ctl.store
    try:
        graph = loads(store.graph_json(run_id))
    except (FormatError, KeyError, ValueError) as exc:
        ctl.show_error(translate("TrainingViews", "Can't reopen the run"), str(exc))
        return False
    if maybe_save is not None and not maybe_save():
        return False
    ctl.document.replace(graph, modified=True)
    ctl.plots.clear()
    for epoch in store.epochs(run_id):
        ctl.plots.add_epoch(
            epoch["epoch"],
            epoch["train_loss"],
            epoch["val_loss"],
            epoch["train_accuracy"],
            epoch["val_accuracy"],
        )
    ctl.plots.refresh()
    checkpoint = find_checkpoint(store.checkpoint_dir(run_id))
    if checkpoint is None:
        ctl.panel.set_status(
            translate("TrainingViews", "Opened run #{run}'s network (no saved weights).").format(
                run=run_id
            )
        )
        return True
    try:
        compiled = compile_model(graph.copy())
        state = load_checkpoint(checkpoint)["state_dict"]
        compiled.module.load_state_dict(state)
        compiled.module.eval()
    except Exception as exc:  # weights from another version of the network, a bad file…
        log.exception("loading run weights failed")
        ctl.panel.set_status(
            translate(
                "TrainingViews", "Opened run #{run}'s network; its weights didn't load: {error}"
            ).format(run=run_id, error=exc),
            "warning",
        )
        return True
    ctl.adopt_model(graph.copy(), compiled, state)
    ctl.panel.set_status(
        translate("TrainingViews", "Opened run #{run} with its trained weights ({file}).").format(
            run=run_id, file=checkpoint.name
        ),
        "success",
    )
    return True


# --------------------------------------------------------------------------- installing

#: (title, object name suffix, area) of each training dock, in creation order.
DOCKS = (
    (QT_TRANSLATE_NOOP("TrainingViews", "Training"), "training", "right"),
    (QT_TRANSLATE_NOOP("TrainingViews", "Feature Maps"), "feature-maps", "right"),
    (QT_TRANSLATE_NOOP("TrainingViews", "Training Curves"), "plots", "bottom"),
    (QT_TRANSLATE_NOOP("TrainingViews", "Data"), "data", "bottom"),
    (QT_TRANSLATE_NOOP("TrainingViews", "Runs"), "runs", "bottom"),
)


def install(window, document, controller_cls):
    """Create the training views as docks of ``window``, the controller, and the Run menu."""
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

    panel, plots, maps = TrainingPanel(), TrainingPlots(), FeatureMapView()
    preview, runs = DataPreview(), RunsPanel()
    ctl = controller_cls(document, panel, plots, maps, preview, runs, parent=window)
    widgets = (panel, maps, plots, preview, runs)
    ctl.docks = {
        name: _dock(window, title, name, widget)
        for (title, name, _area), widget in zip(DOCKS, widgets)
    }
    _place(window, ctl.docks)
    canvas = getattr(window, "canvas", None)
    if canvas is not None and hasattr(canvas, "selectionChanged"):
        canvas.selectionChanged.connect(ctl.set_selection)
    files = getattr(window, "files", None)
    if files is not None and hasattr(files, "maybe_save"):
        ctl.maybe_save = files.maybe_save
    ctl.actions = _build_menu(window, ctl)
    window.installEventFilter(ctl)  # closing the window stops and joins the run
    QApplication.instance().aboutToQuit.connect(ctl.shutdown)
    _DeviceProbe(panel, ctl)
    return ctl


def _dock(window, title: str, name: str, widget):
    from PySide6.QtWidgets import QDockWidget

    dock = QDockWidget(translate("TrainingViews", title), window)
    dock.setObjectName(f"dock-{name}")
    dock.setWidget(widget)
    return dock


def _place(window, docks: dict) -> None:
    """Restore each dock where the user left it; otherwise tab it beside the window's own."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QDockWidget

    areas = {
        "right": Qt.DockWidgetArea.RightDockWidgetArea,
        "bottom": Qt.DockWidgetArea.BottomDockWidgetArea,
    }
    existing = {
        key: [
            d
            for d in window.findChildren(QDockWidget)
            if d not in docks.values() and window.dockWidgetArea(d) == area
        ]
        for key, area in areas.items()
    }
    # Feature maps first: Qt splits a dock only while its neighbour is not tabbed yet.
    order = sorted(zip(DOCKS, docks.values()), key=lambda item: item[0][1] != "feature-maps")
    placed = False
    for (_title, name, key), dock in order:
        if window.restoreDockWidget(dock):  # where the user left it last time
            continue
        placed = True
        window.addDockWidget(areas[key], dock)
        anchor = existing[key][0] if existing[key] else None
        if name == "feature-maps":
            if anchor is not None:
                window.splitDockWidget(anchor, dock, Qt.Orientation.Vertical)
        elif anchor is not None:
            window.tabifyDockWidget(anchor, dock)
        elif key == "bottom" and name != "plots":
            window.tabifyDockWidget(docks["plots"], dock)
    for first in existing["right"][:1] + existing["bottom"][:1]:
        first.raise_()
    if placed:  # curves need more height than a table
        window.resizeDocks([docks["plots"]], [280], Qt.Orientation.Vertical)


def _build_menu(window, ctl):
    """The Run menu (before Help): Train F5, Pause, Stop Shift+F5, and the panels."""
    from types import SimpleNamespace

    from PySide6.QtWidgets import QMenu

    from app.actions import make_action, menu_named

    action = partial(make_action, window)

    a = SimpleNamespace(
        train=action(
            translate("TrainingViews", "&Train"),
            ctl.train,
            "F5",
            translate("TrainingViews", "Train the network on the chosen data"),
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
    menu = QMenu(translate("TrainingViews", "&Run"), window)
    menu.setObjectName("menu-run")
    menu.addActions([a.train, a.pause, a.stop])
    menu.addSeparator()
    for dock in ctl.docks.values():
        menu.addAction(dock.toggleViewAction())
    bar = window.menuBar()
    help_menu = menu_named(window, "help")
    if help_menu is not None:
        bar.insertMenu(help_menu.menuAction(), menu)
    else:
        bar.addMenu(menu)
    a.menu = menu

    def follow(state: str) -> None:
        a.train.setEnabled(state == "idle")
        a.stop.setEnabled(state in ("loading", "training", "paused"))
        a.pause.setEnabled(state in ("training", "paused"))
        a.pause.setText(
            translate("TrainingViews", "&Resume")
            if state == "paused"
            else translate("TrainingViews", "&Pause")
        )
        if state == "training":
            for name in ("training", "plots"):
                ctl.docks[name].show()
                ctl.docks[name].raise_()

    ctl.stateChanged.connect(follow)
    follow(ctl.state)
    return a


class _DeviceProbe:
    """Tells the panel which devices exist once PyTorch has loaded in the background."""

    def __init__(self, panel, parent):
        from PySide6.QtCore import QTimer

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


# --------------------------------------------------------------------------- messages


def show_message_box(parent, title: str, text: str, details: str = "", icon=None):
    """A non-modal message box (the window stays usable); returns it."""
    from PySide6.QtWidgets import QMessageBox

    icon = QMessageBox.Icon.Critical if icon is None else icon
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, parent)
    if details:
        box.setDetailedText(details)
    box.setModal(False)
    box.show()
    return box


def show_problems(ctl, problems) -> None:
    """Why the network can't be trained yet: each problem with its block."""
    from PySide6.QtWidgets import QMessageBox

    lines = [f"• {p.node + ': ' if p.node else ''}{p.message}" for p in problems[:12]]
    if len(problems) > 12:
        more = translate("TrainingViews", "… and {count} more (see the Summary)")
        lines.append(more.format(count=len(problems) - 12))
    ctl.panel.set_status(
        translate("TrainingViews", "The network has problems: fix them, then train."), "error"
    )
    ctl.show_error(
        translate("TrainingViews", "The network can't be trained yet"),
        "\n".join(lines),
        icon=QMessageBox.Icon.Warning,
    )


def report_result(ctl, result) -> None:
    """How a run ended, in the panel's status line (and a box when it went wrong)."""
    from PySide6.QtWidgets import QMessageBox

    from app.training_jobs import duration_text

    metrics = result.metrics or {}
    accuracy = metrics.get("val_accuracy")
    facts = (
        ""
        if accuracy is None
        else translate("TrainingViews", "validation accuracy {accuracy} %").format(
            accuracy=f"{100 * accuracy:.1f}"
        )
    )
    if result.status == "completed":
        ctl.panel.set_progress(1.0, translate("TrainingViews", "done"))
        ctl.panel.set_status(
            translate("TrainingViews", "Done: {facts} after {epochs} epochs ({time}).").format(
                facts=facts,
                epochs=metrics.get("epochs", "?"),
                time=duration_text(metrics.get("seconds")),
            ),
            "success",
        )
    elif result.status == "stopped":
        stopped = translate("TrainingViews", "Stopped.")
        ctl.panel.set_status(f"{stopped} {facts}".strip(), "info")
    elif result.status == "diverged":
        ctl.panel.set_status(result.message, "warning")
        ctl.show_error(
            translate("TrainingViews", "Training diverged"),
            result.message,
            icon=QMessageBox.Icon.Warning,
        )
    else:
        ctl.panel.set_status(
            translate("TrainingViews", "Training failed: {error}").format(error=result.message),
            "error",
        )
        ctl.show_error(translate("TrainingViews", "Training failed"), result.message)
