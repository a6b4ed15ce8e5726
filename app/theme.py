"""Light and dark themes that follow the system's colour scheme.

When the scheme is dark (or the user picks Dark), the app uses the Fusion style with
a dark palette, which looks the same on every platform; when light, the platform's
own style and palette. The choice (System/Light/Dark) is kept in the settings, and in
System mode the app follows ``QStyleHints.colorSchemeChanged`` as it happens.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory

from app import settings


def dark_palette() -> QPalette:
    """A calm dark palette for the Fusion style."""
    p = QPalette()
    role, group = QPalette.ColorRole, QPalette.ColorGroup
    colours = {
        role.Window: "#2b2d31",
        role.WindowText: "#e6e6e6",
        role.Base: "#1f2023",
        role.AlternateBase: "#27292d",
        role.ToolTipBase: "#3a3d42",
        role.ToolTipText: "#f0f0f0",
        role.PlaceholderText: "#8a8d93",
        role.Text: "#e6e6e6",
        role.Button: "#33363b",
        role.ButtonText: "#e6e6e6",
        role.BrightText: "#ff6b6b",
        role.Light: "#44474d",
        role.Midlight: "#3a3d42",
        role.Mid: "#2f3236",
        role.Dark: "#1b1c1f",
        role.Shadow: "#101113",
        role.Highlight: "#3d7fd9",
        role.HighlightedText: "#ffffff",
        role.Link: "#6aa9ff",
        role.LinkVisited: "#b08cff",
    }
    for r, colour in colours.items():
        p.setColor(r, QColor(colour))
    for r in (role.WindowText, role.Text, role.ButtonText, role.HighlightedText):
        p.setColor(group.Disabled, r, QColor("#7c7f85"))
    p.setColor(group.Disabled, role.Highlight, QColor("#4a4d52"))
    return p


def theme_manager(app: QApplication) -> ThemeManager:
    """The application's one :class:`ThemeManager`, created (and applied) on first use."""
    existing = app.findChild(ThemeManager, "convas-theme")
    return existing if existing is not None else ThemeManager(app)


def system_is_dark(app: QApplication) -> bool:
    return app.styleHints().colorScheme() == Qt.ColorScheme.Dark


class ThemeManager(QObject):
    """Applies the chosen theme to the application and keeps following the system.

    Signals
    -------
    themeChanged(bool)
        Emitted with ``True`` when the effective theme is dark.
    """

    themeChanged = Signal(bool)

    def __init__(self, app: QApplication):
        super().__init__(app)
        self.setObjectName("convas-theme")
        self.app = app
        self._native_style = app.style().name()
        self._dark: bool | None = None
        self.mode = settings.theme_mode()
        app.styleHints().colorSchemeChanged.connect(self._on_system_change)
        self.apply()

    @property
    def dark(self) -> bool:
        return bool(self._dark)

    def set_mode(self, mode: str) -> None:
        """Use ``"system"``, ``"light"`` or ``"dark"`` from now on (and remember it)."""
        settings.set_theme_mode(mode)
        self.mode = mode
        self.apply()

    def apply(self) -> None:
        dark = system_is_dark(self.app) if self.mode == "system" else self.mode == "dark"
        if dark == self._dark:
            return
        self._dark = dark
        if dark:
            self.app.setStyle(QStyleFactory.create("Fusion"))
            self.app.setPalette(dark_palette())
        else:
            self.app.setStyle(
                QStyleFactory.create(self._native_style) or QStyleFactory.create("Fusion")
            )
            self.app.setPalette(self.app.style().standardPalette())
        self.themeChanged.emit(dark)

    def _on_system_change(self, _scheme) -> None:
        if self.mode == "system":
            self.apply()
