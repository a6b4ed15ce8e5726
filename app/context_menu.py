"""Right-click menus on the canvas: a block, a connection, a port, the empty canvas.

The canvas only says what was clicked (``contextMenuRequested``); :class:`ContextMenus`
builds the menu from the window's actions (Delete, Duplicate, Rename, Look Inside…) and
its own (Insert Block After…, Disconnect, Show Feature Maps, Explain This Convolution,
Add 1×1 Bottleneck…, Copy as PyTorch Code, Paste Here…) and the fine-tuning edits
(Freeze / Unfreeze Weights on blocks with weights, Replace Head… on the last Linear).
An entry appears where it applies and is disabled when it can't be done now (the
training panels still loading).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QPoint, QPointF
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMenu

from app.actions import make_action
from engine.blocks.code import Module
from engine.export.codegen import ExportError, constructor
from engine.graph import Edge
from engine.naming import Namespace
from engine.registry import get_spec, has_output_port
from engine.teaching.explain import EXPLAINABLE
from engine.teaching.insight import bottleneck_problem


def builds_module(type_name: str) -> bool:
    """Whether a block of this type is a module of its own in an exported ``model.py``
    (not the graph's Input or Output, nor a statement in ``forward`` such as Add)."""
    spec = get_spec(type_name)
    return spec is not None and spec.role is None and isinstance(spec.code, Module)


def module_code(graph, analysis, node_ids: list[str]) -> str:
    """``name = nn.Conv2d(3, 64, kernel_size=3, padding=1)`` lines for the blocks that
    build a module (their input shapes known); "" when none does."""
    names, lines = Namespace(), []
    for node_id in node_ids:
        node = graph.nodes.get(node_id)
        if node is None or not builds_module(node.type):
            continue
        incoming = graph.inputs_of(node_id)
        shape = analysis.edge_shape(incoming[0].source) if incoming else None
        if shape is None:
            continue
        try:
            callee, args = constructor(node.type, get_spec(node.type).resolve(node.params), shape)
        except (ExportError, KeyError, TypeError, ValueError):
            continue
        lines.append(f"{names.create_name(node_id)} = {callee}({', '.join(args)})")
    return "\n".join(lines)


class ContextMenus(QObject):
    """The canvas's right-click menus for one window."""

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.menu: QMenu | None = None
        self._target: tuple[str, object] = ("canvas", None)
        self._pos = QPointF()
        self.acts = self._actions()
        window.canvas.contextMenuRequested.connect(self.show_for)

    def _actions(self):
        from types import SimpleNamespace

        w = self.window
        act = lambda text, slot: make_action(w, text, slot)  # noqa: E731
        return SimpleNamespace(
            insert_after=act(self.tr("&Insert Block After…"), self._insert_after),
            insert_here=act(self.tr("&Insert Block Here…"), self._insert_into_edge),
            add_here=act(self.tr("&Add Block Here…"), self._add_here),
            paste_here=act(self.tr("&Paste Here"), self._paste_here),
            disconnect=act(self.tr("Dis&connect"), self._disconnect),
            delete_edge=act(self.tr("&Delete Connection"), self._delete_edge),
            select_source=act(self.tr("Select &Source Block"), lambda: self._select_end(0)),
            select_target=act(self.tr("Select &Target Block"), lambda: self._select_end(1)),
            feature_maps=act(self.tr("Show &Feature Maps"), self._feature_maps),
            explain=act(self.tr("E&xplain This Convolution"), lambda: self._explain(False)),
            bottleneck=act(self.tr("Add 1×1 &Bottleneck…"), lambda: self._explain(True)),
            copy_code=act(self.tr("Copy as PyTorch C&ode"), self._copy_code),
        )

    # ----------------------------------------------------------------- showing
    def show_for(self, kind: str, what, scene_pos: QPointF, global_pos: QPoint) -> QMenu:
        """Build the menu for what was clicked and pop it up at ``global_pos``."""
        menu = self.build(kind, what, scene_pos)
        menu.popup(global_pos)
        return menu

    def build(self, kind: str, what, scene_pos: QPointF) -> QMenu:
        """The menu for a right-click on ``kind`` ("node", "edge", "port", "canvas")."""
        self._target, self._pos = (kind, what), QPointF(scene_pos)
        if kind == "node":
            self._select_clicked(what)
        if self.menu is not None:
            self.menu.deleteLater()
        self.menu = QMenu(self.window)
        self.menu.setObjectName(f"context-{kind}")
        {"node": self._node_menu, "edge": self._edge_menu, "port": self._port_menu}.get(
            kind, self._canvas_menu
        )(self.menu)
        return self.menu

    def _select_clicked(self, node_id: str) -> None:
        if node_id not in self.window.canvas.selected_ids():
            self.window.canvas.select_ids([node_id])

    def _node_menu(self, menu: QMenu) -> None:
        w, a, c = self.window, self.window.acts, self.acts
        node_id = self._target[1]
        node = w.document.graph.nodes[node_id]
        one = len(w.canvas.selected_ids()) == 1
        if w.editor.is_composite(node_id) and one:
            menu.addActions([a.look_inside, a.expand])
            menu.addSeparator()
        c.insert_after.setEnabled(one and has_output_port(node.type))
        menu.addActions([c.insert_after, a.rename, a.duplicate, a.copy, a.cut, c.copy_code])
        c.copy_code.setEnabled(bool(self._code()))
        c.disconnect.setEnabled(bool(self._node_edges()))
        menu.addActions([c.disconnect, a.delete])
        self._finetune_entries(menu, node_id)
        self._teaching_entries(menu, node, one)

    def _finetune_entries(self, menu: QMenu, node_id: str) -> None:
        """Freeze / Unfreeze the selected blocks with weights; Replace Head on the head."""
        ft = self.window.finetune
        ft.update_actions()
        entries = [ft.acts.freeze] if ft.with_weights(self.window.canvas.selected_ids()) else []
        if ft.head_id() == node_id:
            entries.append(ft.acts.replace_head)
        if entries:
            menu.addSeparator()
            menu.addActions(entries)

    def _teaching_entries(self, menu: QMenu, node, one: bool) -> None:
        w, c = self.window, self.acts
        menu.addSeparator()
        c.feature_maps.setEnabled(one and w.training is not None)
        menu.addAction(c.feature_maps)
        if node.type in EXPLAINABLE:
            c.explain.setEnabled(one and w.insight is not None)
            menu.addAction(c.explain)
        if node.type == "Conv2d":
            doc = w.document
            possible = not bottleneck_problem(doc.graph, doc.analysis, node.id)
            c.bottleneck.setEnabled(one and possible and w.insight is not None)
            menu.addAction(c.bottleneck)

    def _edge_menu(self, menu: QMenu) -> None:
        c = self.acts
        menu.addActions([c.insert_here, c.select_source, c.select_target])
        menu.addSeparator()
        menu.addAction(c.delete_edge)

    def _port_menu(self, menu: QMenu) -> None:
        node_id, is_output, _index = self._target[1]
        c = self.acts
        edges = self._port_edges()
        if is_output:
            c.insert_after.setEnabled(True)
            menu.addAction(c.insert_after)
        elif edges:
            menu.addAction(c.insert_here)
        c.disconnect.setEnabled(bool(edges))
        menu.addAction(c.disconnect)

    def _canvas_menu(self, menu: QMenu) -> None:
        w, a, c = self.window, self.window.acts, self.acts
        c.paste_here.setEnabled(w.editor.can_paste())
        menu.addActions([c.add_here, c.paste_here, a.select_all])
        menu.addSeparator()
        menu.addActions([a.fit, a.auto_layout])

    # ----------------------------------------------------------------- what was clicked
    def _node_edges(self) -> list[Edge]:
        graph = self.window.document.graph
        ids = set(self.window.canvas.selected_ids()) or {self._target[1]}
        return [e for e in graph.edges if e.source in ids or e.target in ids]

    def _port_edges(self) -> list[Edge]:
        node_id, is_output, index = self._target[1]
        graph = self.window.document.graph
        if is_output:
            return graph.outputs_of(node_id)
        return [e for e in graph.inputs_of(node_id) if e.port == index]

    def _edge(self) -> Edge | None:
        kind, what = self._target
        if kind == "edge":
            return what
        edges = self._port_edges() if kind == "port" else []
        return edges[0] if edges else None

    def _node(self) -> str:
        kind, what = self._target
        return what[0] if kind == "port" else what

    def _code(self) -> str:
        doc = self.window.document
        ids = self.window.canvas.selected_ids() or [self._target[1]]
        return module_code(doc.graph, doc.analysis, ids)

    # ----------------------------------------------------------------- doing
    def _quick(self, context) -> None:
        canvas = self.window.canvas
        canvas.open_quick_add(self._pos, context)

    def _insert_after(self) -> None:
        self._quick(("after", self._node()))

    def _insert_into_edge(self) -> None:
        edge = self._edge()
        if edge is not None:
            self._quick(("edge", edge))

    def _add_here(self) -> None:
        self._quick(("at", None))

    def _paste_here(self) -> None:
        self.window.editor.paste(self._pos)

    def _disconnect(self) -> None:
        kind = self._target[0]
        self.window.editor.disconnect(self._port_edges() if kind == "port" else self._node_edges())

    def _delete_edge(self) -> None:
        edge = self._edge()
        if edge is not None:
            self.window.editor.delete([], [edge])

    def _select_end(self, end: int) -> None:
        edge = self._edge()
        if edge is not None:
            node_id = edge.source if end == 0 else edge.target
            self.window.canvas.select_ids([node_id])
            self.window.canvas.center_on(node_id)

    def _feature_maps(self) -> None:
        self.window.docks.show("feature-maps")

    def _explain(self, bottleneck: bool) -> None:
        if self.window.insight is not None:
            self.window.insight.explain(self._node(), bottleneck)

    def _copy_code(self) -> None:
        code = self._code()
        if code:
            QGuiApplication.clipboard().setText(code)
            self.window.show_message(self.tr("Copied the PyTorch code of the block."))


def action_texts(menu: QMenu) -> list[str]:
    """The texts of a menu's entries without accelerators (tests and help read them)."""
    return [a.text().replace("&", "") for a in menu.actions() if not a.isSeparator()]
