"""Every dock of the main window: declared once, created at start-up, placed in one place.

:data:`DOCKS` lists each dock with its title, where the default layout puts it and the
menu that shows or hides it. :class:`DockRegistry` creates all of them when the window
is built (empty until their panel is installed, with a "Loading…" line), so the saved
layout is restored once, exactly, before the window first shows: the same docks, tabs
and sizes after every restart (see :mod:`app.layout`).

Adding a dock is one line in :data:`DOCKS`, e.g.::

    DockSpec("try-it", QT_TRANSLATE_NOOP("Docks", "Try It"), "right", tab_with="inspector"),

then, where its panel is built, ``window.docks.fill("try-it", widget)`` (and the title's
Korean in ``resources/translations/convas_ko.ts``).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent, Qt
from PySide6.QtWidgets import QDockWidget, QFrame, QLabel, QMainWindow, QScrollArea, QWidget

translate = QCoreApplication.translate

AREAS = {
    "left": Qt.DockWidgetArea.LeftDockWidgetArea,
    "right": Qt.DockWidgetArea.RightDockWidgetArea,
    "bottom": Qt.DockWidgetArea.BottomDockWidgetArea,
}


@dataclass(frozen=True)
class DockSpec:
    """One dock: its name (object name ``dock-<name>``, the key of the saved layout), its
    title (translated where shown), and its place in the default layout: ``area``, as a
    tab behind dock ``tab_with``, or split ``below`` another dock. ``size`` is its default
    width (left, right) or height (bottom). Every dock's toggle is in View › Panels; the
    ``run`` ones (training's) are also in the Run menu."""

    name: str
    title: str
    area: str
    tab_with: str = ""
    below: str = ""
    size: int = 0
    menu: str = "view"


#: Default height of the bottom docks: a fifth of the default window, not a third.
BOTTOM_HEIGHT = 170

#: Every dock of the window, in the order of its menu entries.
DOCKS: tuple[DockSpec, ...] = (
    DockSpec("palette", QT_TRANSLATE_NOOP("Docks", "Blocks"), "left", size=220),
    # The right docks' width: what Explain Convolution, Try It and the lessons need
    # side by side with their controls (their panels scroll rather than widen it).
    DockSpec("inspector", QT_TRANSLATE_NOOP("Docks", "Inspector"), "right", size=560),
    DockSpec("training", QT_TRANSLATE_NOOP("Docks", "Training"), "right", "inspector", menu="run"),
    DockSpec(
        "feature-maps",
        QT_TRANSLATE_NOOP("Docks", "Feature Maps"),
        "right",
        below="inspector",
        menu="run",
    ),
    DockSpec("explain", QT_TRANSLATE_NOOP("Docks", "Explain Convolution"), "right", "inspector"),
    DockSpec("kernels", QT_TRANSLATE_NOOP("Docks", "Kernels"), "right", "inspector"),
    DockSpec("evaluation", QT_TRANSLATE_NOOP("Docks", "Evaluation"), "right", "inspector"),
    DockSpec("image-numbers", QT_TRANSLATE_NOOP("Docks", "Image as Numbers"), "right", "inspector"),
    DockSpec(
        "stacked-kernels", QT_TRANSLATE_NOOP("Docks", "Stacked Kernels"), "right", "inspector"
    ),
    DockSpec(
        "receptive-field", QT_TRANSLATE_NOOP("Docks", "Receptive Field"), "right", "inspector"
    ),
    DockSpec("try-it", QT_TRANSLATE_NOOP("Docks", "Try It"), "right", "inspector", menu="run"),
    DockSpec("summary", QT_TRANSLATE_NOOP("Docks", "Summary"), "bottom", size=BOTTOM_HEIGHT),
    DockSpec("code", QT_TRANSLATE_NOOP("Docks", "Code"), "bottom", "summary"),
    DockSpec(
        "plots", QT_TRANSLATE_NOOP("Docks", "Training Curves"), "bottom", "summary", menu="run"
    ),
    DockSpec("data", QT_TRANSLATE_NOOP("Docks", "Data"), "bottom", "summary", menu="run"),
    DockSpec("runs", QT_TRANSLATE_NOOP("Docks", "Runs"), "bottom", "summary", menu="run"),
)

LOADING = QT_TRANSLATE_NOOP("Docks", "Loading…")


class DockRegistry:
    """The docks of one main window, by name (``registry["inspector"]``)."""

    def __init__(self, window: QMainWindow, specs: tuple[DockSpec, ...] = DOCKS):
        self.window = window
        self.specs = {spec.name: spec for spec in specs}
        self.docks: dict[str, QDockWidget] = {}
        for spec in specs:
            self.docks[spec.name] = self._create(spec)
        self.place_default()

    # ----------------------------------------------------------------- access
    def __getitem__(self, name: str) -> QDockWidget:
        return self.docks[name]

    def __iter__(self) -> Iterator[QDockWidget]:
        return iter(self.docks.values())

    def __len__(self) -> int:
        return len(self.docks)

    def name_of(self, dock: QDockWidget) -> str:
        return dock.objectName().removeprefix("dock-")

    def in_menu(self, menu: str) -> list[QDockWidget]:
        """The docks whose toggle belongs in menu ``menu`` ("view", "run")."""
        return [self.docks[s.name] for s in self.specs.values() if s.menu == menu]

    # ----------------------------------------------------------------- content
    def fill(self, name: str, widget: QWidget) -> QDockWidget:
        """Put a panel's ``widget`` into dock ``name`` (where the layout already put it)."""
        dock = self.docks[name]
        if dock.widget() is not widget:
            dock.setWidget(widget)  # (the placeholder goes)
        return dock

    def unavailable(self, name: str, text: str) -> None:
        """Say in dock ``name`` why its panel is missing (it failed to load)."""
        label = _message(text)
        self.fill(name, label)

    def is_filled(self, name: str) -> bool:
        return self.docks[name].widget() is not None and not self.docks[name].widget().property(
            "convas-placeholder"
        )

    def show(self, name: str) -> None:
        """Show dock ``name`` and bring its tab to the front."""
        dock = self.docks[name]
        dock.show()
        dock.raise_()

    # ----------------------------------------------------------------- layout
    def place_default(self) -> None:
        """Put every dock where the default layout has it (shown, first tab in front)."""
        window = self.window
        for dock in self.docks.values():
            dock.setFloating(False)
            if window.dockWidgetArea(dock) != Qt.DockWidgetArea.NoDockWidgetArea:
                window.removeDockWidget(dock)
        specs = self.specs.values()
        # Splits before tabs: Qt splits a dock only while its neighbour is not tabbed yet.
        for spec in (s for s in specs if not s.tab_with):
            self._add(spec)
        for spec in (s for s in specs if s.tab_with):
            window.tabifyDockWidget(self.docks[spec.tab_with], self._add(spec))
        for spec in specs:
            self.docks[spec.name].show()
        for spec in specs:
            if not spec.tab_with:
                self.docks[spec.name].raise_()
        self.apply_default_sizes()

    def apply_default_sizes(self) -> None:
        """The default widths of the side docks and height of the bottom ones (in a
        small window, no more than a share of it: the canvas keeps the most room)."""
        window = self.window
        for orientation, areas, most in (
            (Qt.Orientation.Horizontal, ("left", "right"), window.width() * 0.4),
            (Qt.Orientation.Vertical, ("bottom",), window.height() * 0.25),
        ):
            sized = [s for s in self.specs.values() if s.size and s.area in areas]
            if sized:
                docks = [self.docks[s.name] for s in sized]
                sizes = [min(s.size, round(most)) for s in sized]
                window.resizeDocks(docks, sizes, orientation)

    def _add(self, spec: DockSpec) -> QDockWidget:
        dock = self.docks[spec.name]
        if spec.below:
            self.window.splitDockWidget(self.docks[spec.below], dock, Qt.Orientation.Vertical)
        else:
            self.window.addDockWidget(AREAS[spec.area], dock)
        return dock

    def _create(self, spec: DockSpec) -> QDockWidget:
        dock = PanelDock(translate("Docks", spec.title), self.window)
        dock.setObjectName(f"dock-{spec.name}")
        dock.setWidget(_message(translate("Docks", LOADING)))
        return dock


class PanelDock(QDockWidget):
    """A dock whose panel scrolls inside it when the dock is smaller than the panel
    needs. A panel's own minimum (a wider page of Explain Convolution, a prediction in
    Try It) would otherwise become the dock area's: the side of the window would widen,
    the docks beside it be pushed, the window grow. ``widget()`` is the panel."""

    def setWidget(self, widget: QWidget) -> None:  # noqa: N802 (Qt's name)
        scroller = PanelScroller(widget)
        old = super().widget()
        super().setWidget(scroller)
        if old is not None:
            old.deleteLater()

    def widget(self) -> QWidget | None:
        scroller = super().widget()
        return scroller.widget() if isinstance(scroller, QScrollArea) else scroller


class PanelScroller(QScrollArea):
    """Holds a dock's panel: the panel fills the dock, and scrolls only where the dock
    is smaller than the panel's least size (Qt's own resizing would give a panel with
    wrapped text its preferred height, scrolling where nothing needs to)."""

    def __init__(self, panel: QWidget):
        super().__init__()
        self.setObjectName("panel-scroller")
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setWidgetResizable(False)
        self.setWidget(panel)
        panel.installEventFilter(self)

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        self._fit()

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt's name)
        if watched is self.widget() and event.type() == QEvent.Type.LayoutRequest:
            self._fit()
        return False

    def _fit(self) -> None:
        panel, room = self.widget(), self.viewport().size()
        if panel is None:
            return
        least = panel.minimumSizeHint().expandedTo(panel.minimumSize())
        width = max(room.width(), least.width())
        layout = panel.layout()
        height = least.height()
        if layout is not None and layout.hasHeightForWidth():
            height = layout.totalMinimumHeightForWidth(width)
        panel.resize(width, max(room.height(), height))


def _message(text: str) -> QLabel:
    label = QLabel(text)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setWordWrap(True)
    label.setEnabled(False)
    label.setProperty("convas-placeholder", True)
    return label
