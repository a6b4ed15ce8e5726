"""Fine-tuning edits in the window: freezing blocks and replacing the head.

:func:`install` builds a :class:`FineTuning` for a main window: Edit → Freeze Weights /
Unfreeze Weights (Ctrl+Shift+F, the selected blocks in one undo step) and Edit →
Replace Head for N Classes…, the inspector's "Train this block's weights" switch, and
its "Show" button of a waiting block's cause. The block context menu offers the same
actions (:mod:`app.context_menu`); the training panel's notice asks for a new head
through :meth:`FineTuning.replace_head`.
"""

from __future__ import annotations

from types import SimpleNamespace

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtWidgets import QInputDialog

from app.actions import make_action, menu_named
from app.commands import ReplaceHead, SetTrainable
from engine.training.fit import last_linear

translate = QCoreApplication.translate


class FineTuning(QObject):
    """Freeze/unfreeze and Replace Head for one window. :attr:`ask_classes` is
    replaceable (tests answer for the user)."""

    def __init__(self, window):
        super().__init__(window)
        self.window, self.document = window, window.document
        self.ask_classes = ask_classes
        self.acts = self._actions()

    def _actions(self) -> SimpleNamespace:
        w = self.window
        return SimpleNamespace(
            freeze=make_action(
                w,
                self.tr("&Freeze Weights"),
                self.toggle_frozen,
                "Ctrl+Shift+F",
                self.tr("Keep the selected blocks' weights as they are when training"),
            ),
            replace_head=make_action(
                w,
                self.tr("Replace &Head for N Classes…"),
                self.replace_head,
                tip=self.tr("A fresh last Linear with one output per class of the new data"),
            ),
        )

    # ----------------------------------------------------------------- freezing
    def with_weights(self, ids: list[str]) -> list[str]:
        """The blocks among ``ids`` that freezing concerns: those with weights, and any
        already frozen (so they can be unfrozen)."""
        graph, infos = self.document.graph, self.document.analysis.nodes
        out = []
        for node_id in ids:
            node, info = graph.nodes.get(node_id), infos.get(node_id)
            if node is not None and (not node.trainable or (info is not None and info.params)):
                out.append(node_id)
        return out

    def toggle_frozen(self, ids: list[str] | None = None) -> None:
        """Freeze the blocks (the selection by default); when all are frozen, unfreeze them."""
        ids = self.with_weights(self.window.canvas.selected_ids() if ids is None else ids)
        if ids:
            freeze = any(self.document.graph.nodes[i].trainable for i in ids)
            self.set_trainable(ids, not freeze)

    def set_trainable(self, ids: list[str], trainable: bool) -> None:
        """One undo step that sets ``trainable`` on the blocks that differ."""
        graph = self.document.graph
        changed = [i for i in ids if i in graph.nodes and graph.nodes[i].trainable != trainable]
        if changed:
            self.document.push(SetTrainable(graph, changed, trainable))
            self.update_actions()

    def edit_one(self, node_id: str, trainable: bool) -> None:
        """The inspector's switch of one block."""
        self.set_trainable([node_id], trainable)

    def update_actions(self, *_args) -> None:
        """Freeze or Unfreeze, as the selection needs; Replace Head where there is a head."""
        ids = self.with_weights(self.window.canvas.selected_ids())
        graph = self.document.graph
        unfreeze = bool(ids) and not any(graph.nodes[i].trainable for i in ids)
        self.acts.freeze.setEnabled(bool(ids))
        self.acts.freeze.setText(
            self.tr("Un&freeze Weights") if unfreeze else self.tr("&Freeze Weights")
        )
        self.acts.replace_head.setEnabled(self.head_id() is not None)

    # ----------------------------------------------------------------- the head
    def head_id(self) -> str | None:
        """The Linear that sets the network's output size, or None."""
        analysis = self.document.analysis
        if analysis.output_id is None:
            return None
        return last_linear(self.document.graph, analysis.output_id)

    def replace_head(self, classes: int | None = None) -> bool:
        """Replace the head by a fresh Linear of ``classes`` outputs (asked when None)."""
        from engine.training.head import HeadError

        head = self.head_id()
        if head is None:
            self.window.show_message(
                self.tr("The network has no Linear block before its Output to replace.")
            )
            return False
        if classes is None:
            current = self.document.graph.nodes[head].params.get("out_features", 10)
            classes = self.ask_classes(self.window, head, self._suggested(current))
            if classes is None:
                return False
        try:
            command = self.head_command(classes)
        except HeadError as exc:
            self.window.show_message(str(exc))
            return False
        self.document.push(command)
        self.window.canvas.select_ids([command.plan.new.id])
        self.window.show_message(
            self.tr("“{block}” is now a fresh Linear of {count} outputs.").format(
                block=command.plan.new.label or command.plan.new.id, count=classes
            )
        )
        return True

    def head_command(self, classes: int) -> ReplaceHead:
        """The Replace Head edit, the new head where the canvas shows the old one."""
        head = self.head_id()
        position = self.window.editor.placer.positions().get(head) if head else None
        return ReplaceHead(self.document.graph, classes, position)

    def _suggested(self, current: int) -> int:
        """The class count of the data chosen for training, when known; else ``current``."""
        training = self.window.training
        classes = training.data_classes() if training is not None else None
        return classes or current

    def show_node(self, node_id: str) -> None:
        """Select and centre ``node_id`` (the block a waiting block waits for)."""
        if node_id in self.document.graph.nodes:
            self.window.canvas.select_ids([node_id])
            self.window.canvas.center_on(node_id)


def ask_classes(parent, head: str, suggested: int) -> int | None:
    """How many classes the new head has (None: cancelled)."""
    value, ok = QInputDialog.getInt(
        parent,
        translate("FineTuning", "Replace Head"),
        translate(
            "FineTuning", "A fresh Linear replaces “{block}”, with one output per class.\nClasses:"
        ).format(block=head),
        suggested,
        1,
        1_000_000,
    )
    return value if ok else None


def install(window) -> FineTuning:
    """The fine-tuning edits of ``window``: Edit menu, inspector switch, waiting cause."""
    ft = FineTuning(window)
    edit = menu_named(window, "edit")
    if edit is not None:
        edit.addSeparator()
        edit.addActions([ft.acts.freeze, ft.acts.replace_head])
    inspector = window.inspector
    inspector.trainableEdited.connect(ft.edit_one)  # bound methods: they go with the window
    inspector.nodeRequested.connect(ft.show_node)
    window.canvas.selectionChanged.connect(ft.update_actions)
    window.document.analysisChanged.connect(ft.update_actions)
    ft.update_actions()
    return ft
