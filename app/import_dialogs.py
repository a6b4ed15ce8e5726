"""Import dialogs: find the models a .py file defines (statically), ask which one and
its input shape, ask for trust before any of it runs, and report what didn't map.

Nothing here executes the user's file: :func:`scan_candidates` only parses it with
``ast``.
"""

from __future__ import annotations

import ast
import html
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from engine.i18n import os_reason
from widgets.common import ask

translate = QCoreApplication.translate

#: Answers of :func:`ask_weights`.
RUN, FRESH = "run", "fresh"

_MODULE_BASES = {"Module", "Sequential", "ModuleList", "ModuleDict"}


# --------------------------------------------------------------------------- static scan


@dataclass(frozen=True)
class Candidate:
    """A module class or factory function found in a ``.py`` file (never run)."""

    name: str
    kind: str  # "class" or "function"
    line: int

    def text(self) -> str:
        call = f"{self.name}()" if self.kind == "function" else self.name
        if self.kind == "function":
            text = translate("ExportActions", "{call}   (function, line {line})")
        else:
            text = translate("ExportActions", "{call}   (class, line {line})")
        return text.format(call=call, line=self.line)


def scan_candidates(path: Path | str) -> tuple[list[Candidate], tuple[int, int, int] | None]:
    """Module classes and factories in ``path`` buildable without arguments, and the
    file's ``INPUT_SHAPE``; read with :mod:`ast`, so no code runs. ValueError: unreadable."""
    path = Path(path)
    try:
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    except SyntaxError as exc:
        text = translate("ExportActions", "{file}: line {line}: {error}")
        raise ValueError(text.format(file=path.name, line=exc.lineno, error=exc.msg)) from None
    except (OSError, UnicodeDecodeError) as exc:
        reason = os_reason(exc)
        text = translate("ExportActions", "{path}: can't be read ({reason})")
        raise ValueError(text.format(path=path, reason=reason)) from None
    body = tree.body
    classes = _module_classes(body)
    found = [
        Candidate(n.name, "class", n.lineno)
        for n in body
        if isinstance(n, ast.ClassDef) and n.name in classes and _buildable_class(n)
    ]
    found += [
        Candidate(n.name, "function", n.lineno)
        for n in body
        if isinstance(n, ast.FunctionDef) and _factory(n, classes)
    ]
    found.sort(key=lambda c: c.line)
    return found, _input_shape(body)


def _dotted(node: ast.AST) -> str:
    if isinstance(node, ast.Attribute):
        return f"{_dotted(node.value)}.{node.attr}"
    if isinstance(node, ast.Call):
        return _dotted(node.func)
    return node.id if isinstance(node, ast.Name) else ""


def _module_classes(body: list[ast.stmt]) -> set[str]:
    """Top-level classes deriving (directly or through each other) from nn.Module."""
    found: set[str] = set()
    changed = True
    while changed:
        changed = False
        for node in body:
            if isinstance(node, ast.ClassDef) and node.name not in found:
                bases = {_dotted(b).rsplit(".", 1)[-1] for b in node.bases}
                if bases & (_MODULE_BASES | found):
                    found.add(node.name)
                    changed = True
    return found


def _no_required_args(args: ast.arguments, skip: int = 0) -> bool:
    positional = [*args.posonlyargs, *args.args][skip:]
    required = len(positional) - len(args.defaults)
    return required <= 0 and all(d is not None for d in args.kw_defaults)


def _buildable_class(node: ast.ClassDef) -> bool:
    init = next(
        (n for n in node.body if isinstance(n, ast.FunctionDef) and n.name == "__init__"), None
    )
    return init is None or _no_required_args(init.args, skip=1)


def _factory(node: ast.FunctionDef, classes: set[str]) -> bool:
    if node.name.startswith("_") or not _no_required_args(node.args):
        return False
    if node.name == "build_model":
        return True
    returns = _dotted(node.returns).rsplit(".", 1)[-1] if node.returns is not None else ""
    if returns in _MODULE_BASES | classes:
        return True
    for sub in ast.walk(node):
        if isinstance(sub, ast.Return) and isinstance(sub.value, ast.Call):
            callee = _dotted(sub.value.func).rsplit(".", 1)[-1]
            if callee in _MODULE_BASES | classes:
                return True
    return False


def _input_shape(body: list[ast.stmt]) -> tuple[int, int, int] | None:
    for node in body:
        target = node.targets[0] if isinstance(node, ast.Assign) else getattr(node, "target", None)
        if isinstance(target, ast.Name) and target.id == "INPUT_SHAPE" and node.value is not None:
            try:
                value = ast.literal_eval(node.value)
            except ValueError:
                return None
            ok = isinstance(value, tuple) and len(value) == 3
            return value if ok and all(isinstance(v, int) and v > 0 for v in value) else None
    return None


def default_candidate(candidates: list[Candidate]) -> int:
    """Index to preselect: ``build_model``, else the last class (usually the whole model)."""
    names = [c.name for c in candidates]
    if "build_model" in names:
        return names.index("build_model")
    classes = [i for i, c in enumerate(candidates) if c.kind == "class"]
    return classes[-1] if classes else 0


# --------------------------------------------------------------------------- dialogs


class ImportOptionsDialog(QDialog):
    """Which class or factory to import from a file, and the input shape."""

    def __init__(self, parent, path: Path, candidates: list[Candidate], shape):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Import PyTorch Model"))
        self.candidates = candidates
        self.list = QListWidget(self)
        for candidate in candidates:
            self.list.addItem(QListWidgetItem(candidate.text()))
        self.list.setCurrentRow(default_candidate(candidates))
        self.list.itemDoubleClicked.connect(lambda _item: self.accept())
        self.spins = []
        row = QHBoxLayout()
        labels = (self.tr("Channels"), self.tr("Height"), self.tr("Width"))
        for label, value in zip(labels, shape):
            spin = QSpinBox(self, minimum=1, maximum=4096, value=int(value))
            row.addWidget(QLabel(label))
            row.addWidget(spin)
            self.spins.append(spin)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Continue…"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        text = self.tr("The network to import from <b>{file}</b>:")
        layout.addWidget(QLabel(text.format(file=html.escape(path.name))))
        layout.addWidget(self.list)
        layout.addWidget(QLabel(self.tr("Input of one sample (channels × height × width):")))
        layout.addLayout(row)
        hint = QLabel(self.tr("Nothing in the file runs before you confirm in the next step."))
        hint.setEnabled(False)
        layout.addWidget(hint)
        layout.addWidget(buttons)

    def choice(self) -> tuple[str, tuple[int, int, int]]:
        name = self.candidates[max(0, self.list.currentRow())].name
        return name, tuple(spin.value() for spin in self.spins)


def ask_import_options(parent, path: Path, candidates: list[Candidate], shape):
    """``(name, (C, H, W))`` chosen by the user, or None when cancelled."""
    dialog = ImportOptionsDialog(parent, path, candidates, shape)
    try:
        return dialog.choice() if dialog.exec() else None
    finally:
        dialog.deleteLater()


def trust_text(path: Path) -> str:
    text = translate(
        "ExportActions",
        "This will run the code in {path} on your machine. Only continue if you trust it.",
    )
    return text.format(path=path)


def ask_trust(parent, path: Path) -> bool:
    """The user confirms the file's code may run (Cancel is the default)."""
    box = QMessageBox(
        QMessageBox.Icon.Warning,
        translate("ExportActions", "Run this file's code?"),
        trust_text(path),
    )
    return _confirm(parent, box, translate("ExportActions", "Run It and Import"))


def _confirm(parent, box: QMessageBox, accept: str) -> bool:
    """Ask ``box`` with the ``accept`` button and Cancel (the default): True if accepted."""
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setParent(parent, box.windowFlags())
    yes = box.addButton(accept, QMessageBox.ButtonRole.AcceptRole)
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(cancel)
    box.setEscapeButton(cancel)
    return ask(box, {yes: True}) is True


def ask_weights(parent, text: str, use_label: str) -> str | None:
    """RUN (the trained or imported weights), FRESH (seed 0), or None (cancel)."""
    box = QMessageBox(QMessageBox.Icon.Question, translate("ExportActions", "Which weights?"), text)
    box.setParent(parent, box.windowFlags())
    use = box.addButton(use_label, QMessageBox.ButtonRole.AcceptRole)
    fresh = box.addButton(
        translate("ExportActions", "Fresh weights (seed 0)"), QMessageBox.ButtonRole.AcceptRole
    )
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(use)
    return ask(box, {use: RUN, fresh: FRESH})


def ask_open_partial(parent, lines: list[str]) -> bool:
    """Before a partial import opens: what couldn't be mapped (the engine's report, in the
    interface language) and whether to open the graph anyway (Cancel is the default)."""
    box = QMessageBox(
        QMessageBox.Icon.Warning,
        translate("ExportActions", "Import incomplete"),
        translate("ExportActions", "Not everything in the model could be imported."),
    )
    box.setInformativeText("\n".join(lines))
    return _confirm(parent, box, translate("ExportActions", "Open What Was Imported"))


def import_report(parent, unmapped: list[tuple[str, str]], notes: list[str]) -> QDialog:
    """A non-modal dialog listing operations that have no block (name + reason), and notes."""
    dialog = QDialog(parent)
    dialog.setWindowTitle(
        translate("ExportActions", "Imported with gaps")
        if unmapped
        else translate("ExportActions", "Imported: notes")
    )
    layout = QVBoxLayout(dialog)
    if unmapped:
        text = translate("ExportActions", "{count} operation(s) have no Convas block:")
        layout.addWidget(QLabel(text.format(count=len(unmapped))))
        table = QTableWidget(len(unmapped), 2, dialog)
        table.setHorizontalHeaderLabels(
            [translate("ExportActions", "Operation"), translate("ExportActions", "Why")]
        )
        for row, (name, reason) in enumerate(unmapped):
            table.setItem(row, 0, QTableWidgetItem(name))
            table.setItem(row, 1, QTableWidgetItem(reason))
        table.horizontalHeader().setStretchLastSection(True)
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        dialog.table = table
        layout.addWidget(table)
    if notes:
        label = QLabel("\n".join(f"• {note}" for note in notes))
        label.setWordWrap(True)
        layout.addWidget(label)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, dialog)
    buttons.rejected.connect(dialog.close)
    layout.addWidget(buttons)
    dialog.resize(560, 320)
    dialog.show()
    return dialog
