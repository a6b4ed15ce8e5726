"""The lesson views: the explainer with an even kernel, the 1×1 and depthwise separable
pages in the window, an image as numbers, stacked kernels, the receptive field on the
image, and Korean parameter labels."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtWidgets import QLabel

from engine.analysis import analyse
from engine.fileformat import dumps
from engine.presets import load_preset
from engine.registry import get_spec
from engine.teaching.explain import layer_geometry
from engine.teaching.separable import separable_savings
from tests.widgets.test_teaching_widgets import show_page
from tests.widgets.test_teaching_widgets import window as insight_window  # noqa: F401
from widgets.explainer import ExplainerView
from widgets.pixel_grid import PixelGridView
from widgets.separable import SeparablePanel
from widgets.stacked_kernels import StackedKernelsView


def click(widget, point: QPointF) -> None:
    from PySide6.QtTest import QTest

    QTest.mouseClick(widget, Qt.MouseButton.LeftButton, pos=point.toPoint())


# --------------------------------------------------------------------------- explainer


@pytest.mark.parametrize("size", [(760, 560), (480, 420)])
def test_explainer_draws_an_even_kernel_same_as_pytorch_and_keeps_the_text(qtbot, size):
    view = ExplainerView()
    qtbot.addWidget(view)
    view.resize(*size)
    view.show()
    qtbot.waitExposed(view)
    params = get_spec("Conv2d").resolve({"out_channels": 8, "kernel_size": 4, "padding": "same"})
    page = view.animation
    page.show_layer(layer_geometry("Conv2d", params), "conv · 4×4 same")
    e = page.explanation
    assert e.output.shape == (7, 7) and e.padding == ((1, 2), (1, 2))
    canvas = page.canvas
    lines = canvas.formula_lines()
    assert lines[0] == "H_out = W_out = (7 − 4 + 1 + 2) / 1 + 1 = 6 + 1 = 7"
    assert "(W − K + P₁ + P₂) / S" in lines[1]
    assert "bottom and right" in page.note.text()
    page.go_to(48)  # the last cell: its window reaches the extra zeros
    assert canvas.text_fits(), "the out[r, c] = … line and the formula must not be cut off"
    assert canvas._arithmetic().startswith("out[6, 6] = ")


# --------------------------------------------------------------------------- separable panel


def test_separable_panel_shows_the_layer_and_asks_to_replace(qtbot):
    panel = SeparablePanel()
    qtbot.addWidget(panel)
    savings = separable_savings(load_preset("vgg16"), "conv4_1")
    panel.show_savings(savings, "conv4_1")
    text = panel.layer.text()
    assert "depthwise 3×3, groups 256" in text and "pointwise 1×1, 256 → 512" in text
    assert f"{9 * 256:,}" in text and f"{256 * 512 + 512:,}" in text  # the bias moved here
    assert "1/512 + 1/9" in panel.explanation.text()
    with qtbot.waitSignal(panel.replaceRequested) as replaced:
        panel.replace_button.click()
    assert replaced.args == [False]
    panel.show_unavailable("no")
    assert panel.replace_button.isHidden()


# --------------------------------------------------------------------------- in the window


@pytest.fixture
def window(insight_window):  # noqa: F811  (the fixture imported above)
    """The teaching tests' window (digits CNN, fake training) with the lesson docks too."""
    from app.lessons import install_lessons

    insight_window.lessons = install_lessons(
        insight_window, insight_window.document, insight_window.fake_training
    )
    return insight_window


def test_window_replaces_a_convolution_by_depthwise_separable_in_one_undo_step(window, qtbot):
    ctl = window.insight
    page = ctl.explainer.separable
    show_page(ctl, qtbot, page)
    before = dumps(window.document.graph)
    window.canvas.select_ids(["conv2"])
    qtbot.waitUntil(lambda: page.savings is not None and page.savings.node_id == "conv2")
    assert page.savings.depthwise.params == 9 * 16
    page.relu.setChecked(True)
    page.replace_button.click()
    graph = window.document.graph
    assert graph.nodes["conv2"].params["groups"] == 16
    assert [e.source for e in graph.inputs_of("relu2")] == ["conv2_pointwise"]
    assert analyse(graph).ok and analyse(graph).output_shape == (10,)
    stack = window.document.undo_stack
    assert stack.count() == 1 and stack.undoText() == "Make conv2 Depthwise Separable"
    stack.undo()
    assert dumps(window.document.graph) == before


def test_window_bottleneck_page_looks_inside_an_inception_block(window, qtbot):
    window.document.replace(load_preset("inception_small"))
    ctl = window.insight
    page = ctl.explainer.bottleneck
    show_page(ctl, qtbot, page)
    window.canvas.select_ids(["inception1"])
    qtbot.waitUntil(lambda: page.branches.isVisible())
    text = page.branches.text()
    assert "1×1 → 5×5" in text and "5×5, 32 → 8" in text  # the branch without its 1×1
    assert page.insert_button.isHidden()


def test_receptive_field_dock_outlines_a_unit_on_the_image(window, qtbot):
    lessons = window.lessons
    dock = lessons.docks["receptive-field"]
    dock.show()
    dock.raise_()
    qtbot.waitUntil(dock.isVisible)
    window.canvas.select_ids(["conv2"])
    view = lessons.receptive
    qtbot.waitUntil(lambda: view.canvas.field is not None)
    assert view.canvas.field.size == (5, 5) and view.canvas.image.shape == (8, 8, 3)
    assert "5×5" in view.heading.text()
    assert "outside the image" in view.details.text()  # unit (0, 0) reaches into the padding
    picture = view.canvas.picture_rect()
    canvas = view.canvas  # drawn large, not as a thumbnail: it fills the view's height
    assert picture.height() >= 0.8 * (canvas.height() - 2 * canvas._margin()) or (
        picture.right() >= 0.6 * canvas.width()
    )
    scale = picture.width() / 8
    click(view.canvas, QPointF(picture.left() + 4.5 * scale, picture.top() + 4.5 * scale))
    assert view.canvas.unit == (4, 4)
    assert "rows 2–6 and columns 2–6" in view.details.text()
    assert "outside" not in view.details.text()


def test_stacked_kernel_dock_takes_the_selected_convolution(window, qtbot):
    lessons = window.lessons
    dock = lessons.docks["stacked-kernels"]
    dock.show()
    dock.raise_()
    qtbot.waitUntil(dock.isVisible)
    window.canvas.select_ids(["conv2"])
    qtbot.waitUntil(lambda: lessons.stacked.channels.value() == 32)
    assert lessons.stacked.size.value() == 8 and "conv2" in lessons.stacked.context.text()


# --------------------------------------------------------------------------- stacked kernels


def test_stacked_kernels_view_compares_27_and_49(qtbot):
    view = StackedKernelsView()
    qtbot.addWidget(view)
    view.show()
    numbers = view.numbers.text()
    assert "27·C²" in numbers and "49·C²" in numbers
    assert f"{27 * 64 * 64:,}" in numbers and f"{49 * 64 * 64:,}" in numbers
    assert "3×3 → 5×5 → 7×7" in view.explanation.text()
    assert "45 %" in view.explanation.text()
    view.layers.setValue(2)
    assert view.comparison.single_kernel == 5 and "18·C²" in view.numbers.text()
    view.use_layer("conv", 16, 12)
    assert view.comparison.channels == 16 and view.comparison.size == 12


# --------------------------------------------------------------------------- image as numbers


def test_pixel_grid_shows_a_real_sample_and_its_layouts(qtbot):
    view = PixelGridView()
    qtbot.addWidget(view)
    view.resize(900, 560)
    view.show()
    qtbot.waitExposed(view)
    image = view.canvas.image
    assert image.shape == (32, 32, 3) and image.std() > 10
    view.canvas.select(5, 3, 2)
    details = view.details.text()
    assert "x[5, 3, 2]" in details and "x[2, 5, 3]" in details and "x[3, 5, 2]" in details
    assert "32×32×3" in details and "3×32×32" in details
    assert f"{int(image[5, 3, 2])} of 255" in details
    assert str((5 * 32 + 3) * 3 + 2) in details and str((2 * 32 + 5) * 32 + 3) in details
    rect = view.canvas._grid_rect(1)  # click a number in the green grid
    top, left = view.canvas.patch_origin()
    cell = view.canvas._grid_cell()
    click(view.canvas, QPointF(rect.left() + 2.5 * cell, rect.top() + 1.5 * cell))
    assert (view.canvas.row, view.canvas.col, view.canvas.channel) == (top + 1, left + 2, 1)
    view.source.setCurrentIndex(view.source.findData("digits"))
    assert view.canvas.image.shape == (8, 8, 1) and "label: 0" in view.caption.text()


# --------------------------------------------------------------------------- Korean labels


def test_inspector_labels_are_korean_with_the_identifier_in_the_tooltip(qtbot):
    from widgets import language
    from widgets.param_editors import ParamForm

    language.set_language("ko")
    try:
        form = ParamForm(get_spec("Conv2d"))
        qtbot.addWidget(form)
        labels = {label.text(): label.toolTip() for label in form.findChildren(QLabel)}
    finally:
        language.set_language("en")
    assert "출력 채널 수 *" in labels and "커널 크기" in labels and "팽창" in labels
    assert labels["출력 채널 수 *"].startswith("out_channels\n")
    assert labels["그룹 수"].startswith("groups\n") and "AlexNet" in labels["그룹 수"]
    english = ParamForm(get_spec("Conv2d"))
    qtbot.addWidget(english)
    assert "kernel_size" in [label.text() for label in english.findChildren(QLabel)]
