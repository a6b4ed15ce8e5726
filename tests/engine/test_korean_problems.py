"""A problem of every problem code, and every kind of broken file, made for real in Korean.

Every problem code the engine's code has (found by reading it) must come out of a broken
graph or of the sweep of every block's shape rule over awkward inputs and parameters, with
Korean text; broken project files of every kind, and fuzzed presets, are explained in
Korean (the user's own quoted values aside).
"""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine.analysis import analyse
from engine.graph import Edge, Graph, Node
from engine.registry import MANY, SOURCE, ShapeProblem, all_specs
from tests.engine.test_fuzz_files import preset_texts, structural, textual
from tests.korean_text import assert_korean, engine_in_korean  # noqa: F401  (the fixture)

ROOT = Path(__file__).resolve().parents[2]


pytestmark = pytest.mark.usefixtures("engine_in_korean")


# --------------------------------------------------------------------------- problems


def problem_codes_in_code() -> set[str]:
    """Every problem code written in engine/: ``code=`` of a ShapeProblem, the code of a
    structural problem (``s.add(node, "code", message)``, ``("code", message)``), the
    codes made from a block type (no_input, extra_output…) and ShapeProblem's default."""
    codes = {"shape_mismatch", "no_input", "no_output", "extra_input", "extra_output"}
    snake = re.compile(r"^[a-z]+(_[a-z]+)+$")
    for path in (ROOT / "engine").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            found = []
            if isinstance(node, ast.Call):
                found += [k.value for k in node.keywords if k.arg == "code"]
                if isinstance(node.func, ast.Attribute) and node.func.attr == "add":
                    found += node.args[1:2] if len(node.args) >= 3 else []
            elif isinstance(node, ast.Tuple) and len(node.elts) == 2:
                second = node.elts[1]
                if isinstance(second, ast.Name) and second.id == "message":
                    found.append(node.elts[0])
            codes |= {
                f.value
                for f in found
                if isinstance(f, ast.Constant) and isinstance(f.value, str) and snake.match(f.value)
            }
    return codes


def _graph(nodes, edges) -> Graph:
    return Graph("broken", [Node(*n) for n in nodes], [Edge(*e) for e in edges])


#: One broken graph per structural problem: (code, graph).
STRUCTURAL = [
    ("no_input", lambda: Graph("empty")),
    ("extra_input", lambda: _graph([("a", "Input"), ("b", "Input"), ("o", "Output")], [])),
    ("extra_output", lambda: _graph([("i", "Input"), ("a", "Output"), ("b", "Output")], [])),
    (
        "port_taken",
        lambda: _graph(
            [("i", "Input"), ("r", "ReLU"), ("s", "ReLU"), ("o", "Output")],
            [("i", "r"), ("i", "s"), ("r", "o"), ("s", "o")],
        ),
    ),
    ("unexpected_input", lambda: _graph([("i", "Input"), ("j", "Input")], [("i", "j")])),
    (
        "port_gap",
        lambda: _graph(
            [("i", "Input"), ("a", "Add"), ("o", "Output")],
            [("i", "a", 0), ("i", "a", 2), ("a", "o")],
        ),
    ),
    (
        "too_few_inputs",
        lambda: _graph([("i", "Input"), ("a", "Add"), ("o", "Output")], [("i", "a"), ("a", "o")]),
    ),
    ("missing_input", lambda: _graph([("i", "Input"), ("r", "ReLU"), ("o", "Output")], [])),
    (
        "wrong_port",
        lambda: _graph(
            [("i", "Input"), ("r", "ReLU"), ("o", "Output")], [("i", "r", 1), ("r", "o")]
        ),
    ),
    (
        "cycle",
        lambda: _graph(
            [("i", "Input"), ("a", "Add"), ("r", "ReLU"), ("o", "Output")],
            [("i", "a", 0), ("r", "a", 1), ("a", "r"), ("r", "o")],
        ),
    ),
    (
        "off_path",
        lambda: _graph(
            [("i", "Input"), ("r", "ReLU"), ("d", "ReLU"), ("o", "Output")],
            [("i", "r"), ("r", "o"), ("r", "d")],
        ),
    ),
    (
        "missing_parameter",
        lambda: _graph(
            [("i", "Input"), ("c", "Conv2d"), ("o", "Output")], [("i", "c"), ("c", "o")]
        ),
    ),
]

SINGLE_INPUTS = [(10,), (1,), (3, 1, 1), (3, 2, 2), (3, 8, 8), (16, 32, 32), (6, 7, 7)]
MANY_INPUTS = [
    [(3, 8, 8), (4, 8, 8)],
    [(3, 8, 8), (3, 4, 4)],
    [(10,), (3, 8, 8)],
    [(10,), (5,)],
]


def _awkward_values(param) -> list:
    """The values of ``param`` most likely to break a shape rule: its bounds and more."""
    if param.kind in ("int", "int_or_pair", "padding"):
        values = [param.minimum, param.maximum, 0, 1, 2, 3, 4, 7, 64, 1000]
        values = [
            int(v)
            for v in values
            if v is not None
            and (param.minimum is None or v >= param.minimum)
            and (param.maximum is None or v <= param.maximum)
        ]
        return values + (["same"] if param.kind == "padding" else [])
    if param.kind == "float":
        return [v for v in (param.minimum, param.maximum, 0.5) if v is not None]
    return list(param.choices) if param.kind == "choice" else [True, False]


def _variants(spec) -> list[dict]:
    base = spec.defaults()
    for p in spec.params:
        if p.required and base.get(p.name) is None:
            base[p.name] = p.start if p.start is not None else 1
    variants = [base] + [{**base, p.name: v} for p in spec.params for v in _awkward_values(p)]
    kinds = {p.name: p.kind for p in spec.params}
    if kinds.get("padding") == "padding" and "stride" in kinds:
        variants.append({**base, "stride": 2, "padding": "same"})
    return variants


def shape_rule_problems() -> list[tuple[str, str, str]]:
    """(code, block type, message) of every problem the sweep finds."""
    found = []
    for spec in all_specs():
        inputs = MANY_INPUTS if spec.arity == MANY else [[s] for s in SINGLE_INPUTS]
        for params in _variants(spec):
            for shapes in [[]] if spec.arity == SOURCE else inputs:
                try:
                    spec.infer(shapes, spec.resolve(params))
                except ShapeProblem as exc:
                    found.append((exc.code, spec.type, str(exc)))
    return found


def test_a_problem_of_every_code_reads_korean():
    made = []
    for code, make in STRUCTURAL:
        problems = analyse(make()).problems
        assert code in {p.code for p in problems}, (code, problems)
        made += [(p.code, f"graph {code}", p.message) for p in problems]
    made += shape_rule_problems()
    texts = [(f"{where}: {code}", message) for code, where, message in made]
    missing = problem_codes_in_code() - {code for code, _b, _m in made}
    assert not missing, f"no broken graph or sweep gives these codes: {sorted(missing)}"
    assert_korean(texts)


# --------------------------------------------------------------------------- files


def _doc(nodes=(), edges=(), **top) -> str:
    return json.dumps(
        {"format": "convas", "version": 1, "nodes": list(nodes), "edges": list(edges), **top}
    )


BROKEN_FILES = [
    "",
    "{",
    '{"a" 1}',
    "[1 2]",
    '{"a": "x',
    '{"a": "\x01"}',
    '{"a": "\\q"}',
    '{"a": "\\u12"}',
    "{} {}",
    "[" * 200 + "]" * 200,
    "[]",
    '{"format": "other", "version": 1, "nodes": [], "edges": []}',
    '{"format": "convas", "version": 9, "nodes": [], "edges": []}',
    '{"format": "convas", "version": "1", "nodes": [], "edges": []}',
    '{"format": "convas", "version": 1, "nodes": []}',
    '{"format": "convas", "version": 1, "nodes": [], "edges": [], "name": 1, "name": 2}',
    _doc().replace(
        '"nodes": []', '"nodes": [{"id": "c", "type": "Dropout", "params": {"p": NaN}}]'
    ),
    _doc().replace('"nodes": []', '"nodes": [{"id": "a", "type": "ReLU", "position": [1e400, 0]}]'),
    _doc().replace('"nodes": []', '"nodes": [{"id": "a", "type": "ReLU", "label": "\\ud800"}]'),
    _doc(extra=1),
    _doc(name=5),
    _doc([{"id": "a", "type": "Conv3d"}]),
    _doc([{"id": "c", "type": "Conv2d", "params": {"out_channels": 8, "kernal_size": 3}}]),
    _doc([{"id": "c", "type": "Conv2d", "params": {"out_channels": 8, "kernel_size": "x"}}]),
    _doc([{"id": "c", "type": "Conv2d", "params": {"out_channels": 8, "kernel_size": 0}}]),
    _doc([{"id": "c", "type": "Conv2d", "params": {"out_channels": 8, "bias": 1}}]),
    _doc([{"id": "c", "type": "Conv2d", "params": {"out_channels": 8, "padding": "valid"}}]),
    _doc([{"id": "c", "type": "Conv2d", "params": {"out_channels": 10**40}}]),
    _doc([{"id": "d", "type": "Dropout", "params": {"p": 1.5}}]),
    _doc([{"id": "c", "type": "Conv2d", "params": {}}]),
    _doc([{"id": "a", "type": "ReLU"}, {"id": "a", "type": "ReLU"}]),
    _doc([{"id": "a", "type": "ReLU"}], [{"source": "a", "target": "zz"}]),
    _doc([{"id": "a", "type": "ReLU"}], [{"source": "a", "target": "a", "port": -1}]),
    _doc([{"id": "", "type": "ReLU"}]),
    _doc([{"id": "a", "type": "ReLU", "position": [1]}]),
    _doc([{"id": "a", "type": "ReLU", "position": [0, -1.5e9]}]),
    _doc([{"id": "a", "type": "ReLU", "trainable": 1}]),
    _doc([{"id": "a", "type": "ReLU", "params": []}]),
    _doc(training={"epochs": 0}),
    _doc(training={"epochs": "ten"}),
    _doc(training={"lr": -1}),
    _doc(training={"optimizer": "lbfgs"}),
    _doc(training={"augment": "yes"}),
    _doc(training={"dataset": ""}),
    _doc(training={"epochs": 2.5}),
    _doc(training=[]),
]


def _load_error(text: str) -> str:
    from engine.fileformat import FormatError, loads

    with pytest.raises(FormatError) as err:
        loads(text)
    return str(err.value)


def test_every_kind_of_broken_file_is_explained_in_korean(tmp_path):
    from engine.fileformat import FormatError, load

    texts = [(f"file {text[:50]!r}", _load_error(text)) for text in BROKEN_FILES]
    (tmp_path / "latin1.convas").write_bytes(b'{"name": "\xe9"}')
    (tmp_path / "folder.convas").mkdir()
    for name in ("latin1.convas", "folder.convas", "missing.convas"):
        with pytest.raises(FormatError) as err:
            load(tmp_path / name)
        texts.append((name, str(err.value)))
    assert_korean(texts)


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_mutated_presets_are_explained_in_korean(data):
    from engine.fileformat import FormatError, loads

    text = preset_texts()[data.draw(st.sampled_from(sorted(preset_texts())))]
    mutated = data.draw(st.one_of(structural(text), textual(text)))
    try:
        messages = [p.message for p in analyse(loads(mutated)).problems]
    except FormatError as exc:
        messages = [str(exc)]
    assert_korean([("mutated preset", m) for m in messages])
