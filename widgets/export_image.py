"""Saving a view as a picture: PNG (pixels) or SVG (vector), and the menu that offers it.

:func:`save_widget_image` handles any widget or graphics scene; widgets that paint
with QPainter come out as true vector drawings in SVG (``QSvgGenerator`` from
``PySide6.QtSvg``, part of PySide6-Essentials). :func:`save_plot` does the same for
pyqtgraph plots through pyqtgraph's own exporters.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QPoint, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QAction, QColor, QImage, QPainter
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QFileDialog, QGraphicsScene, QMenu, QWidget

#: PNGs are drawn at this multiple of the on-screen size, so they stay sharp in documents.
PNG_SCALE = 2.0
SUFFIXES = (".png", ".svg")


def save_widget_image(
    target: QWidget | QGraphicsScene, path: str | Path, scale: float = PNG_SCALE
) -> Path:
    """Save a widget or a scene as ``.png`` or ``.svg`` (chosen by the suffix).

    Raises ``ValueError`` for another suffix and ``OSError`` when the file can't be
    written.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise ValueError(f"save as .png or .svg, not {suffix or 'no suffix'}")
    if isinstance(target, QGraphicsScene):
        rect = target.itemsBoundingRect().adjusted(-20, -20, 20, 20)
        draw = lambda painter, area: target.render(painter, QRectF(area), rect)  # noqa: E731
        size = rect.size().toSize()
    else:
        draw = lambda painter, area: target.render(painter, QPoint(0, 0))  # noqa: E731
        size = target.size()
    if size.isEmpty():
        raise ValueError("nothing to save: the view is empty")
    if suffix == ".svg":
        _save_svg(draw, size, path, target)
    else:
        _save_png(draw, size, path, scale, target)
    return path


def _save_png(draw: Callable, size: QSize, path: Path, scale: float, target) -> None:
    image = QImage(
        QSize(round(size.width() * scale), round(size.height() * scale)),
        QImage.Format.Format_ARGB32_Premultiplied,
    )
    image.setDevicePixelRatio(scale)
    image.fill(_background(target))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    draw(painter, QRect(QPoint(0, 0), size))
    painter.end()
    if not image.save(str(path), "PNG"):
        raise OSError(f"could not write {path}")


def _save_svg(draw: Callable, size: QSize, path: Path, target) -> None:
    generator = QSvgGenerator()
    generator.setFileName(str(path))
    generator.setSize(size)
    generator.setViewBox(QRect(QPoint(0, 0), size))
    generator.setTitle(path.stem)
    generator.setDescription("Saved from Convas")
    painter = QPainter()
    if not painter.begin(generator):
        raise OSError(f"could not write {path}")
    painter.fillRect(QRect(QPoint(0, 0), size), _background(target))
    draw(painter, QRect(QPoint(0, 0), size))
    painter.end()
    if not path.is_file():
        raise OSError(f"could not write {path}")


def _background(target) -> QColor:
    if isinstance(target, QWidget):
        return QWidget.palette(target).color(target.backgroundRole())  # palette may be shadowed
    brush = target.backgroundBrush()
    return brush.color() if brush.style() != Qt.BrushStyle.NoBrush else QColor("white")


def save_plot(plot_item, path: str | Path, width: int | None = None) -> Path:
    """Save a pyqtgraph ``PlotItem`` (or ``PlotWidget``) as ``.png`` or ``.svg``.

    PNG goes through pyqtgraph's ``ImageExporter``. SVG is drawn with ``QSvgGenerator``
    from the plot's scene: pyqtgraph 0.14's ``SVGExporter`` fails on the path syntax Qt
    6.12 writes (pyqtgraph issue #3485, "x,y = c.split(',')" ValueError).
    """
    import pyqtgraph.exporters as exporters

    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise ValueError(f"save as .png or .svg, not {suffix or 'no suffix'}")
    item = plot_item.getPlotItem() if hasattr(plot_item, "getPlotItem") else plot_item
    if suffix == ".svg":
        rect = item.sceneBoundingRect()
        size = rect.size().toSize()
        scene = item.scene()
        draw = lambda painter, area: scene.render(painter, QRectF(area), rect)  # noqa: E731
        _save_svg(draw, size, path, scene)
    else:
        exporter = exporters.ImageExporter(item)
        target_width = width or int(max(1.0, item.sceneBoundingRect().width()) * PNG_SCALE)
        exporter.parameters()["width"] = target_width
        exporter.export(str(path))
    if not path.is_file():
        raise OSError(f"could not write {path}")
    return path


def ask_and_save(
    parent: QWidget, target, suffix: str, name: str = "view", saver: Callable | None = None
) -> Path | None:
    """Ask where to save ``target`` as ``suffix`` (".png"/".svg"), then save; the path or None."""
    translate = QCoreApplication.translate
    kind = (
        translate("ExportImage", "PNG image (*.png)")
        if suffix == ".png"
        else translate("ExportImage", "SVG drawing (*.svg)")
    )
    chosen, _ = QFileDialog.getSaveFileName(
        parent, translate("ExportImage", "Save as Image"), f"{name}{suffix}", kind
    )
    if not chosen:
        return None
    path = Path(chosen)
    if path.suffix.lower() != suffix:
        path = path.with_suffix(suffix)
    (saver or save_widget_image)(target, path)
    return path


def save_actions(
    parent,
    target,
    name: str = "view",
    saver: Callable | None = None,
    dialog_parent: QWidget | None = None,
) -> list[QAction]:
    """ "Save as PNG…" and "Save as SVG…" actions for ``target`` (a widget, scene or plot).

    The actions belong to ``parent``; the file dialog opens over ``dialog_parent``
    (default ``parent``).
    """
    actions = []
    owner = dialog_parent or parent
    texts = (
        (".png", QCoreApplication.translate("ExportImage", "Save as &PNG…")),
        (".svg", QCoreApplication.translate("ExportImage", "Save as &SVG…")),
    )
    for suffix, text in texts:
        action = QAction(text, parent)
        action.triggered.connect(
            lambda _checked=False, s=suffix: ask_and_save(owner, target, s, name, saver)
        )
        actions.append(action)
    return actions


def add_save_menu(
    widget: QWidget, target=None, name: str = "view", saver: Callable | None = None
) -> None:
    """Give ``widget`` a context menu that saves ``target`` (default: itself) as an image."""
    target = widget if target is None else target
    widget.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)

    def show(point) -> None:
        menu = QMenu(widget)
        menu.addActions(save_actions(menu, target, name, saver, dialog_parent=widget))
        menu.exec(widget.mapToGlobal(point))
        menu.deleteLater()

    widget.customContextMenuRequested.connect(show)
