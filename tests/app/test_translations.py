"""The interface in Korean and English through Qt's translation system.

The Korean test builds the whole window (editor, training, teaching and export panels)
with the Korean translator installed and reads every text a user can see: menus,
actions, tooltips, status tips, dock titles, labels, buttons, headers, placeholders,
combo items, tabs and plot titles. A text passes when it contains Hangul or is made only
of words that read the same in both languages (block type keys, parameter names,
ONNX, PyTorch...). The .ts file must cover every string the code marks for translation.
"""

from __future__ import annotations

import html
import re
import string
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QDialogButtonBox,
    QDockWidget,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QMenu,
    QProgressBar,
    QTabBar,
    QTabWidget,
    QTreeWidget,
    QWidget,
)

from app import i18n, settings
from engine.korean import PARTICLES
from engine.registry import all_specs
from widgets import language

ROOT = Path(__file__).resolve().parents[2]
TRANSLATIONS = ROOT / "resources" / "translations"
TS_FILE = TRANSLATIONS / "convas_ko.ts"
SOURCES = sorted(
    str(p.relative_to(ROOT))
    for pattern in ("app/*.py", "widgets/*.py", "widgets/canvas/*.py")
    for p in ROOT.glob(pattern)
)
HANGUL = re.compile("[\uac00-\ud7a3]")
PARTICLE = re.compile("(?:" + "|".join(PARTICLES) + r")\}$")
WORD = re.compile(r"[A-Za-z]+")
#: Words that read the same in Korean: names, formats, units, keys, file names.
SAME_IN_BOTH = {
    "Convas", "PyTorch", "ONNX", "onnx", "torch", "compile", "export", "safetensors",
    "pt", "py", "model", "train", "README", "md", "weights", "json", "convas",
    "MNIST", "Fashion", "CIFAR", "SGD", "Adam", "AdamW", "Nesterov", "AMP", "CUDA",
    "GPU", "cpu", "cuda", "mps", "auto", "same", "id", "English",
    "Ctrl", "Shift", "Esc", "BN", "ReLU", "MAC", "MACs", "LeNet", "ResNet", "DenseNet",
    "in", "out", "H", "W", "C",
}  # fmt: skip


def _lrelease() -> str:
    return str(Path(sys.executable).with_name("pyside6-lrelease"))


@pytest.fixture(scope="session")
def qm_folder(tmp_path_factory) -> Path:
    """The Korean translation compiled from the .ts as it is now (not a stale build)."""
    folder = tmp_path_factory.mktemp("translations")
    subprocess.run(
        [_lrelease(), "-silent", str(TS_FILE), "-qm", str(folder / "convas_ko.qm")],
        check=True,
        timeout=60,
    )
    return folder


@pytest.fixture
def korean(qapp, qm_folder):
    assert i18n.install_translator(qapp, i18n.KOREAN, folder=qm_folder) == i18n.KOREAN
    yield
    i18n.install_translator(qapp, i18n.ENGLISH)


@pytest.fixture
def english(qapp):
    assert i18n.install_translator(qapp, i18n.ENGLISH) == i18n.ENGLISH
    yield


def _full_window(qtbot):
    """The main window with every panel, a preset open and a convolution selected."""
    from app.window import MainWindow

    window = MainWindow(autosave_ms=60_000)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.add_panels()
    assert {"training", "insight", "exports"} <= set(vars(window))
    assert window.files.open_preset("resnet_cifar", ask=False)
    conv = next(i for i, n in window.document.graph.nodes.items() if n.type == "Conv2d")
    window.canvas.select_ids([conv])
    window.rebuild_recent_menu()
    return window


@pytest.fixture
def window_ko(qtbot, korean):
    window = _full_window(qtbot)
    yield window
    _close(window)


@pytest.fixture
def window_en(qtbot, english):
    window = _full_window(qtbot)
    yield window
    _close(window)


def _close(window) -> None:
    window.document.undo_stack.setClean()
    window.close()
    for name in ("training", "insight", "exports"):
        getattr(window, name).shutdown()


# --------------------------------------------------------------------------- reading texts


def _plain(text: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", text or "")).strip()


def _widget_texts(widget: QWidget) -> list[tuple[str, str]]:
    """(what, text) pairs of what ``widget`` shows itself, tooltips included."""
    out = [("toolTip", widget.toolTip()), ("statusTip", widget.statusTip())]
    if isinstance(widget, QLabel):
        out.append(("text", widget.text()))
    if isinstance(widget, QAbstractButton):
        out.append(("text", widget.text()))
    if isinstance(widget, QGroupBox):
        out.append(("title", widget.title()))
    if isinstance(widget, QDockWidget):
        out.append(("title", widget.windowTitle()))
    if isinstance(widget, QLineEdit):
        out.append(("placeholder", widget.placeholderText()))
    if isinstance(widget, QAbstractSpinBox):
        for attribute in ("prefix", "suffix", "specialValueText"):
            if hasattr(widget, attribute):
                out.append((attribute, getattr(widget, attribute)()))
    if isinstance(widget, QComboBox) and not widget.isEditable():
        out += [("item", widget.itemText(i)) for i in range(widget.count())]
    if isinstance(widget, QTabWidget):
        out += [("tab", widget.tabText(i)) for i in range(widget.count())]
    if isinstance(widget, QTabBar):
        out += [("tab", widget.tabText(i)) for i in range(widget.count())]
    if isinstance(widget, QMenu):
        out.append(("title", widget.title()))
    if isinstance(widget, QProgressBar):
        out.append(("format", widget.format()))
    if isinstance(widget, QHeaderView) and widget.orientation() == Qt.Orientation.Horizontal:
        model = widget.model()
        for section in range(widget.count()):
            out.append(("header", str(model.headerData(section, Qt.Orientation.Horizontal) or "")))
    if isinstance(widget, QTreeWidget):
        out += _tree_texts(widget)
    if isinstance(widget, QListWidget):
        for i in range(widget.count()):
            item = widget.item(i)
            out += [("item", item.text()), ("item toolTip", item.toolTip())]
    return out


def _tree_texts(tree: QTreeWidget) -> list[tuple[str, str]]:
    out = [("header", tree.headerItem().text(c)) for c in range(tree.columnCount())]
    stack = [tree.topLevelItem(i) for i in range(tree.topLevelItemCount())]
    while stack:
        item = stack.pop()
        out += [("item", item.text(0)), ("item toolTip", item.toolTip(0))]
        out.append(("item statusTip", item.statusTip(0)))
        stack += [item.child(i) for i in range(item.childCount())]
    return out


def _plot_texts(window) -> list[tuple[str, str]]:
    """Titles, axis labels and legends of the pyqtgraph plots (drawn, not widgets)."""
    plots = window.training.plots
    out = []
    for plot in (plots.loss_plot, plots.accuracy_plot, plots.lr_plot):
        out.append(("plot title", plot.titleLabel.text))
        out.append(("axis", plot.getAxis("bottom").labelText))
        if plot.legend is not None:
            out += [("legend", label.text) for _sample, label in plot.legend.items]
    return out


def _canvas_texts(scene) -> list[tuple[str, str]]:
    """What the blocks on the canvas say, and their tooltips and ports' tooltips."""
    out = []
    for node_id, item in scene.node_items.items():
        where = f"NodeItem({node_id})"
        out += [(f"{where}.title", item.title), (f"{where}.summary", item.summary)]
        out += [(f"{where}.stats", item.stats), (f"{where}.toolTip", scene.node_tooltip(node_id))]
        out += [(f"{where}.port", port.toolTip()) for port in item.childItems()]
    return out


def interface_texts(window, skip: tuple = ()) -> list[tuple[str, str]]:
    """Every (where, text) a user can read in ``window`` and its panels (but ``skip``)."""
    found = []
    for widget in [window, *window.findChildren(QWidget)]:
        if type(widget).__module__.startswith("pyqtgraph") or widget in skip:
            continue  # the plot widgets themselves: their texts are read below
        name = f"{type(widget).__name__}({widget.objectName()})"
        found += [(f"{name}.{what}", text) for what, text in _widget_texts(widget)]
    for action in window.findChildren(QAction):
        for what in ("text", "toolTip", "statusTip"):
            found.append((f"QAction({action.text()!r}).{what}", getattr(action, what)()))
    found += [(where, text) for where, text in _plot_texts(window)]
    found += _canvas_texts(window.canvas.canvas_scene)
    found.append(("statusBar", window.statusBar().currentMessage()))
    return [(where, _plain(text)) for where, text in found if _plain(text)]


def _user_words(window) -> set[str]:
    """Words from the user's data, the registry and file names: the same in any language."""
    words = set(SAME_IN_BOTH) | set(string.ascii_letters)  # units, axes, accelerators
    for spec in all_specs():
        words.update(WORD.findall(spec.type))
        for param in spec.params:
            words.update(WORD.findall(param.name))
    graph = window.document.graph
    for node in graph.nodes.values():
        words.update(WORD.findall(f"{node.id} {node.label or ''}"))
    words.update(WORD.findall(window.document.display_name()))
    return words


# --------------------------------------------------------------------------- the window


def test_the_korean_window_has_no_english_left(window_ko):
    words = _user_words(window_ko)
    untranslated = sorted(
        {
            f"{where}: {text!r}"
            for where, text in interface_texts(window_ko)
            if not HANGUL.search(text) and not set(WORD.findall(text)) <= words
        }
    )
    assert not untranslated, "untranslated text:\n" + "\n".join(untranslated)
    assert len(interface_texts(window_ko)) > 400  # the walk reads the whole interface


def test_the_korean_window_speaks_korean(window_ko):
    acts = window_ko.acts
    assert acts.new.text() == "새로 만들기(&N)"
    # The panels found the translated menus (by object name) instead of adding new ones.
    menus = [a.menu().objectName() for a in window_ko.menuBar().actions()]
    assert menus == ["menu-file", "menu-edit", "menu-view", "menu-run", "menu-help"]
    file_menu = window_ko.findChild(QMenu, "menu-file")
    assert window_ko.exports.actions.menu.menuAction() in file_menu.actions()
    assert window_ko.docks["palette"].windowTitle() == "블록"
    assert window_ko.problems_button.text() == "✓ 문제 없음"
    assert window_ko.training.panel.train_button.text() == "학습"
    assert window_ko.inspector.header.title.text() == "합성곱"
    # Block help comes from the registry's Korean text.
    spec = next(s for s in all_specs() if s.type == "Conv2d")
    assert window_ko.inspector.block_help.text() == spec.help_ko
    # Qt's own standard buttons come from qtbase_ko.qm.
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    assert HANGUL.search(buttons.button(QDialogButtonBox.StandardButton.Cancel).text())


def test_the_english_window_shows_english(window_en):
    korean = sorted(
        f"{where}: {text!r}" for where, text in interface_texts(window_en) if HANGUL.search(text)
    )
    languages = [a.text() for a in window_en.acts.languages.actions()]
    assert korean == [f"QAction('한국어').{what}: '한국어'" for what in ("text", "toolTip")]
    assert languages == ["&System", "English", "한국어"]
    assert window_en.acts.new.text() == "&New"
    assert window_en.docks["palette"].windowTitle() == "Blocks"
    assert window_en.training.panel.train_button.text() == "Train"
    assert window_en.inspector.header.title.text() == "Convolution"
    assert window_en.statusBar().findChild(QLabel).text().startswith("Params: ")


# --------------------------------------------------------------------------- the .ts file


def _messages(path: Path) -> dict[tuple[str, str], ET.Element]:
    root = ET.parse(path).getroot()
    return {
        (context.findtext("name"), message.findtext("source")): message.find("translation")
        for context in root.iter("context")
        for message in context.iter("message")
    }


def test_every_message_has_a_korean_translation():
    messages = _messages(TS_FILE)
    unfinished = [key for key, t in messages.items() if t.get("type") or not (t.text or "")]
    assert not unfinished, f"untranslated in {TS_FILE.name}: {unfinished}"
    for (_context, source), translation in messages.items():
        text = translation.text
        # a Korean placeholder may name its particle ({label을}: engine.korean.with_particles)
        korean = {PARTICLE.sub("}", f) for f in re.findall(r"\{\w+\}", text)}
        assert set(re.findall(r"\{\w+\}", source)) == korean, source
        if re.search(r"&\w", source):  # keep the accelerator (Korean style: "파일(&F)")
            assert re.search(r"&\w", text), source


def test_the_ts_file_holds_exactly_the_strings_of_the_code(tmp_path):
    fresh = tmp_path / "fresh_ko.ts"
    lupdate = Path(sys.executable).with_name("pyside6-lupdate")
    subprocess.run(
        [str(lupdate), "-silent", "-locations", "none", *SOURCES, "-ts", str(fresh)],
        cwd=ROOT,
        check=True,
        timeout=60,
    )
    in_code, in_ts = set(_messages(fresh)), set(_messages(TS_FILE))
    assert not in_code - in_ts, f"not in {TS_FILE.name} (run make update-translations)"
    assert not in_ts - in_code, f"{TS_FILE.name} has strings the code no longer uses"


def test_every_block_title_and_category_has_a_korean_name():
    from engine.registry import CATEGORY_KO

    untranslated = [s.type for s in all_specs() if not s.title_ko and s.title != s.type]
    assert not untranslated, f"add title_ko to these blocks' declarations: {untranslated}"
    assert all(HANGUL.search(s.title_ko) for s in all_specs() if s.title_ko)
    assert {s.category for s in all_specs()} <= set(CATEGORY_KO)


def test_every_word_of_the_block_summaries_is_listed_for_translation():
    from app.commands import default_params

    words = set()
    for spec in all_specs():
        params = default_params(spec.type)
        for flag in ("bottleneck",) if "bottleneck" in {p.name for p in spec.params} else ():
            words.update(WORD.findall(spec.describe(spec.resolve({**params, flag: True}))))
        words.update(WORD.findall(spec.describe(spec.resolve(params))))
    assert {w for w in words if len(w) > 1} <= set(language.SUMMARY_WORDS)


# --------------------------------------------------------------------------- the setting


def test_the_system_language_decides_by_default():
    korean, english = QLocale(QLocale.Language.Korean), QLocale(QLocale.Language.English)
    assert i18n.resolve(i18n.SYSTEM, korean) == i18n.KOREAN
    assert i18n.resolve(i18n.SYSTEM, english) == i18n.ENGLISH
    assert i18n.resolve(i18n.KOREAN, english) == i18n.KOREAN
    assert i18n.resolve(i18n.ENGLISH, korean) == i18n.ENGLISH
    assert i18n.language_setting() == i18n.SYSTEM


def test_block_help_follows_the_language(english):
    spec = next(s for s in all_specs() if s.type == "MaxPool2d")
    assert language.block_help(spec) == spec.help
    language.set_language(language.KOREAN)
    try:
        assert language.block_help(spec) == spec.help_ko
        assert language.block_help(spec.params[0]) == spec.params[0].help_ko
    finally:
        language.set_language(language.ENGLISH)


def test_the_language_menu_saves_the_choice_and_offers_a_restart(window):
    menu = window.findChild(QMenu, "menu-language")
    codes = [a.data() for a in menu.actions()]
    assert codes == [i18n.SYSTEM, i18n.ENGLISH, i18n.KOREAN]
    assert [a.isChecked() for a in menu.actions()] == [True, False, False]
    asked = []
    restarted = i18n.choose_language(window, i18n.KOREAN, ask=lambda w, name: asked.append(name))
    assert not restarted and asked == ["한국어"]
    assert i18n.language_setting() == i18n.KOREAN
    assert settings.settings().value(settings.LANGUAGE_KEY) == "ko"
    assert "next time" in window.statusBar().currentMessage()
    # Choosing the language already shown asks nothing.
    assert not i18n.choose_language(window, i18n.ENGLISH, ask=lambda *a: pytest.fail("asked"))


def test_an_automatic_value_reads_and_types_in_korean(korean, qtbot):
    from engine.analysis import analyse
    from engine.graph import Edge, Graph, Node
    from widgets.inspector import Inspector

    graph = Graph()
    graph.add_node(Node("in", "Input"))
    graph.add_node(Node("pool", "MaxPool2d", {"kernel_size": 2, "stride": 2}))
    graph.add_edge(Edge("in", "pool", 0))
    inspector = Inspector()
    qtbot.addWidget(inspector)
    analysis = analyse(graph)
    inspector.show_node(graph, "pool", analysis.nodes["pool"], analysis)
    stride = inspector.editor("stride")
    assert stride.placeholderText() == "자동"
    stride.setText("자동")
    with qtbot.waitSignal(inspector.paramsEdited) as signal:
        stride.editingFinished.emit()
    assert signal.args == ["pool", {"kernel_size": 2, "stride": None}]
