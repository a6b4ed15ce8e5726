"""Engine text in both languages: every marked text translated, the locale rule, the CLI."""

from __future__ import annotations

import ast
import json
import re
import string
from pathlib import Path

import pytest

from engine import i18n
from engine.analysis import analyse
from engine.graph import Graph, Node

ROOT = Path(__file__).resolve().parents[2]
MARKERS = {"_": 1, "N_": 1, "ngettext": 2}


def marked_texts() -> dict[str, str]:
    """Every literal text passed to _(), N_() or ngettext() in engine/: text → where."""
    found: dict[str, str] = {}
    for path in sorted((ROOT / "engine").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
                continue
            count = MARKERS.get(node.func.id)
            if count is None:
                continue
            for arg in node.args[:count]:
                assert isinstance(arg, ast.Constant) and isinstance(arg.value, str), (
                    f"{path.relative_to(ROOT)}:{node.lineno}: {node.func.id}() needs a literal "
                    "text (format values go in keyword arguments)"
                )
                found.setdefault(arg.value, f"{path.relative_to(ROOT)}:{node.lineno}")
    return found


def fields(text: str) -> set[str]:
    return {name for _lit, name, _spec, _conv in string.Formatter().parse(text) if name}


def test_every_marked_text_has_a_korean_translation():
    korean = i18n.catalogue("ko")
    missing = [f"{where}: {text!r}" for text, where in marked_texts().items() if text not in korean]
    assert not missing, "untranslated (add them to resources/translations/engine/*.ko.po):\n" + (
        "\n".join(missing)
    )


def test_translations_keep_their_placeholders_and_catalogues_hold_no_stale_text():
    korean = i18n.catalogue("ko")
    texts = marked_texts()
    plurals = {
        node.args[1].value
        for path in (ROOT / "engine").rglob("*.py")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "ngettext"
    }
    for text, translation in korean.items():
        assert text in texts, f"stale catalogue entry (no longer in the code): {text!r}"
        expected = fields(text) | {f for p in plurals if p for f in fields(p)} & fields(translation)
        assert fields(translation) <= expected | {"n"}, (text, translation)
        assert fields(text) <= fields(translation) | {"n"}, (text, translation)


def test_no_visible_particle_fallback_in_korean():
    # "9을(를)" reads as a machine's text: particles after placeholders need a rewrite.
    for text, translation in i18n.catalogue("ko").items():
        assert not re.search(r"\((을|를|이|가|은|는|으)\)", translation), (text, translation)


@pytest.mark.parametrize(
    "environ, expected",
    [
        ({}, "en"),
        ({"LANG": "ko_KR.UTF-8"}, "ko"),
        ({"LANG": "en_US.UTF-8"}, "en"),
        ({"LANG": "C"}, "en"),
        ({"LC_ALL": "ko_KR.UTF-8", "LANG": "en_US.UTF-8"}, "ko"),
        ({"LC_ALL": "C", "LANGUAGE": "ko"}, "en"),  # gettext ignores LANGUAGE under C
        ({"LANGUAGE": "ko:en", "LANG": "en_US.UTF-8"}, "ko"),
        ({"LC_MESSAGES": "ko_KR", "LANG": "en_US"}, "ko"),
    ],
)
def test_language_follows_the_locale_as_gettext_does(environ, expected):
    assert i18n.language_from_environment(environ) == expected


def test_problems_follow_the_language_and_keep_their_code():
    graph = Graph()
    graph.add_node(Node("in", "Input"))
    try:
        i18n.set_language("ko")
        korean = analyse(graph).problems
    finally:
        i18n.set_language("en")
    english = analyse(graph).problems
    assert [p.code for p in korean] == [p.code for p in english] == ["no_output"]
    assert english[0].message == "the graph has no Output block"
    assert korean[0].message == "그래프에 Output 블록이 없습니다"


def test_summary_json_under_a_korean_locale(run_cli_ko):
    out = json.loads(run_cli_ko)
    (problem,) = out["problems"]
    assert problem["code"] == "no_output" and problem["node"] is None
    assert "Output 블록이 없습니다" in problem["message"]


def test_read_po_handles_continuations_escapes_and_plurals(tmp_path):
    po = tmp_path / "x.ko.po"
    po.write_text(
        'msgid ""\nmsgstr "Language: ko\\n"\n\n'
        'msgid "a {n} b"\nmsgid_plural "a {n} bs"\nmsgstr[0] "가 {n}"\n\n'
        'msgid ""\n"long "\n"text \\"q\\""\nmsgstr "긴 "\n"글"\n'
        'msgid "untranslated"\nmsgstr ""\n',
        encoding="utf-8",
    )
    assert i18n.read_po(po) == {
        "a {n} b": "가 {n}",
        "a {n} bs": "가 {n}",
        'long text "q"': "긴 글",
    }


@pytest.fixture
def run_cli_ko(tmp_path):
    import subprocess
    import sys

    path = tmp_path / "only-input.convas"
    graph = Graph()
    graph.add_node(Node("in", "Input"))
    from engine.fileformat import save

    save(graph, path)
    env = {"LANG": "ko_KR.UTF-8", "PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)}
    result = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "summary", str(path), "--json"],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=60,
    )
    assert result.returncode == 1, result.stderr
    return result.stdout


def test_each_text_is_translated_in_one_catalogue_only():
    # Two catalogues translating one text would let the file order pick the wording.
    where: dict[str, str] = {}
    for path in sorted(i18n.CATALOGUE_DIR.glob("*.ko.po")):
        for text in i18n.read_po(path):
            assert text not in where, f"{text!r} is in {where[text]} and {path.name}"
            where[text] = path.name
