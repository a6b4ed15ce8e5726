"""Looking inside a composite block is read-only and has a way back; expanding stays a
separate, undoable edit."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from app.look_inside import inner_graph
from engine import fileformat


def test_double_click_shows_the_inside_without_editing(window):
    window.files.open_preset("resnet18", ask=False)
    before = fileformat.dumps(window.document.graph)
    window.canvas.nodeDoubleClicked.emit("layer2_0")
    assert window.inner.is_open()
    view = window.inner.view
    inside = view.canvas.canvas_scene.graph
    assert {"input", "output"} <= set(inside.nodes) and len(inside.nodes) > 8
    assert "layer2_0" in view.crumbs.text() and "ResNet-18" in view.crumbs.text()
    analysis = view.canvas.canvas_scene.analysis
    outer = window.document.analysis.nodes["layer2_0"]
    assert analysis.ok and analysis.total_params == outer.params
    assert analysis.output_shape == outer.shape
    assert fileformat.dumps(window.document.graph) == before
    assert window.document.undo_stack.count() == 0


def test_esc_back_and_the_breadcrumb_lead_back(window):
    window.files.open_preset("resnet18", ask=False)
    view = window.inner.view
    for leave in (
        lambda: QTest.keyClick(view.canvas, Qt.Key.Key_Escape),
        view.back.click,
        lambda: view.crumbs.linkActivated.emit("back"),
    ):
        assert window.inner.open("layer1_0")
        leave()
        assert not window.inner.is_open()
        assert window.centralWidget().currentWidget() is window.canvas


def test_the_inside_is_read_only(window):
    window.files.open_preset("resnet18", ask=False)
    window.inner.open("layer1_0")
    canvas = window.inner.view.canvas
    assert not canvas.acceptDrops()
    item = next(iter(canvas.canvas_scene.node_items.values()))
    assert not item.flags() & item.GraphicsItemFlag.ItemIsMovable
    canvas.canvas_scene.select_only([item.node_id])
    QTest.keyClick(canvas, Qt.Key.Key_Delete)
    assert item.node_id in canvas.canvas_scene.graph.nodes
    assert window.document.undo_stack.count() == 0


def test_expand_from_the_inside_is_one_undoable_edit(window):
    window.files.open_preset("resnet18", ask=False)
    window.acts.look_inside.setEnabled(True)
    window.canvas.select_ids(["layer3_0"])
    window.acts.look_inside.trigger()
    assert window.inner.is_open()
    window.inner.view.expand.click()
    assert not window.inner.is_open()
    assert "layer3_0" not in window.document.graph.nodes
    assert window.acts.undo.text() == "&Undo Expand ResidualBlock"
    window.document.undo_stack.undo()
    assert "layer3_0" in window.document.graph.nodes


def test_a_primitive_has_no_inside_and_a_loose_block_says_why(window):
    window.files.open_preset("resnet18", ask=False)
    window.canvas.nodeDoubleClicked.emit("conv1")
    assert not window.inner.is_open()
    window.editor.delete([], window.document.graph.inputs_of("layer2_0"))
    assert not window.inner.open("layer2_0")
    assert "connect the block's input" in window.statusBar().currentMessage()


def test_the_inside_of_every_composite_of_a_preset_matches_its_counts(window):
    from engine.analysis import analyse

    window.files.open_preset("googlenet", ask=False)
    graph, analysis = window.document.graph, window.document.analysis
    for node_id, node in graph.nodes.items():
        if node.type == "InceptionBlock":
            inside = analyse(inner_graph(graph, node_id))
            assert inside.total_params == analysis.nodes[node_id].params
            assert inside.output_shape == analysis.nodes[node_id].shape


def test_leaving_follows_the_document(window):
    window.files.open_preset("resnet18", ask=False)
    window.inner.open("layer2_0")
    window.files.open_preset("lenet5", ask=False)
    assert not window.inner.is_open()


def _inner_conv(view, kernel: int, stride: int = 1) -> str:
    """The id of the inner convolution with that kernel size and stride."""
    graph = view.canvas.canvas_scene.graph
    for node_id, node in graph.nodes.items():
        params = node.params
        if node.type == "Conv2d" and params.get("kernel_size") == kernel:
            if params.get("stride", 1) == stride:
                return node_id
    raise AssertionError(f"no {kernel}×{kernel}/{stride} convolution inside")


def test_a_layer_selected_inside_is_shown_read_only_in_the_inspector(window):
    window.files.open_preset("resnet50", ask=False)
    window.canvas.select_ids(["layer4_0"])
    assert window.inspector.node_id() == "layer4_0"
    assert window.look_inside_selected()
    view, inspector = window.inner.view, window.inspector
    conv = _inner_conv(view, 3, 2)
    view.canvas.select_ids([conv])
    assert inspector.node_id() == conv and inspector.read_only()
    assert "Inside layer4_0" in inspector.inside_note.text() and inspector.inside_note.isVisible()
    assert inspector.editor("kernel_size").text() == "3"
    assert not inspector.editor("kernel_size").isEnabled()
    assert not inspector.label_edit.isEnabled()
    info = view.canvas.canvas_scene.analysis.nodes[conv]
    assert inspector.out_values["Shape"].text().startswith("512")
    assert inspector.out_values["Parameters"].text().startswith(f"{info.params:,}")
    assert "stride 32" in inspector.out_values["Receptive field"].text()  # on the network input
    view.canvas.select_ids([])  # nothing inside: the block again, editable
    assert inspector.node_id() == "layer4_0" and not inspector.read_only()
    view.canvas.select_ids([conv])
    window.inner.leave()
    assert inspector.node_id() == "layer4_0" and inspector.editor("stride").isEnabled()
    assert not inspector.inside_note.isVisible()
    assert window.document.undo_stack.count() == 0


def test_the_explainer_explains_the_layer_selected_inside(window):
    window.add_panels()
    window.files.open_preset("resnet50", ask=False)
    window.canvas.select_ids(["layer4_0"])
    window.look_inside_selected()
    view, animation = window.inner.view, window.insight.explainer.animation
    assert animation.title.text().startswith("Example")
    conv = _inner_conv(view, 3, 2)
    view.canvas.select_ids([conv])
    assert conv in animation.title.text()
    assert animation.geometry_.kernel_size == (3, 3) and animation.geometry_.stride == (2, 2)
    view.canvas.select_ids([_inner_conv(view, 1)])
    assert animation.geometry_.kernel_size == (1, 1)
    window.inner.leave()
    assert animation.title.text().startswith("Example")
    for controller in (window.training, window.insight, window.exports):
        controller.shutdown()


def test_inner_cards_show_their_kernel_sizes(window):
    from widgets.canvas import lod

    window.resize(1600, 1000)
    window.files.open_preset("resnet50", ask=False)
    assert window.inner.open("layer4_0")
    canvas = window.inner.view.canvas
    assert canvas.zoom() >= lod.FULL_SCALE  # the cards' parameter line is drawn
    items = canvas.canvas_scene.node_items
    assert items[_inner_conv(window.inner.view, 3, 2)].summary_text.startswith("3×3")
    assert items[_inner_conv(window.inner.view, 1)].summary_text.startswith("1×1")
    top = canvas.mapFromScene(items["input"].sceneBoundingRect().topLeft())
    assert canvas.viewport().rect().contains(top)  # it starts at the block's input
