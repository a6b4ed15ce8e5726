"""Fuzzing the presets' files: whatever a careless hand or a broken disk makes of them,
the command line answers with exit 0, 1 or 2, unusable input in one line and never a
traceback, and whatever loads also saves and reloads byte-identical."""

from __future__ import annotations

import contextlib
import io
import json
import os
import tempfile
from functools import cache
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine import presets
from engine.cli import main
from engine.fileformat import FormatError, dumps, load

#: Text a careless edit, a bad tool or a broken disk might leave in a file.
SNIPPETS = [
    "NaN",
    "-Infinity",
    "1e400",
    "9" * 5000,
    "-" + "1" * 40,
    '"\\ud800"',
    "\\u0000",
    "{",
    "}",
    "[",
    "]",
    ",",
    ":",
    '"',
    "null",
    "true",
    "0.5",
    '"id"',
    '"type": "Conv2d"',
    '"params": {}',
    '"position": [1e10, 0]',
    '"port": 3',
    '"training": {"epochs": 0}',
    "\x00",
    "한글",
]

json_leaves = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.sampled_from([0, -1, 65537, 2**63, 10**30, -(10**30), 1e300, 5e-324])
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=8)
)
json_values = st.recursive(
    json_leaves,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=6,
)


@pytest.fixture(autouse=True, scope="module")
def private_data_dir(tmp_path_factory):
    """A log file, if anything were logged, goes to a temporary folder."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CONVAS_DATA_DIR", str(tmp_path_factory.mktemp("userdata")))
        yield


@cache
def preset_texts() -> dict[str, str]:
    return {info.name: dumps(presets.load_preset(info.name)) for info in presets.list_presets()}


def _paths(value, prefix=()):
    yield prefix
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _paths(item, (*prefix, i))


def _replace(value, path, new):
    if not path:
        return new
    head, rest = path[0], path[1:]
    value[head] = _replace(value[head], rest, new)
    return value


@st.composite
def structural(draw, text: str) -> str:
    """A value somewhere in the document replaced by any JSON (NaN and ±inf included)."""
    data = json.loads(text)
    path = draw(st.sampled_from(list(_paths(data))))
    return json.dumps(_replace(data, path, draw(json_values)), ensure_ascii=False)


@st.composite
def textual(draw, text: str) -> str:
    """Characters deleted, inserted or the file cut short, at random places."""
    for _edit in range(draw(st.integers(1, 3))):
        at = draw(st.integers(0, len(text)))
        kind = draw(st.sampled_from(["insert", "delete", "truncate", "duplicate"]))
        if kind == "insert":
            text = text[:at] + draw(st.sampled_from(SNIPPETS) | st.text(max_size=4)) + text[at:]
        elif kind == "delete":
            text = text[:at] + text[at + draw(st.integers(1, 40)) :]
        elif kind == "truncate":
            text = text[:at]
        else:  # a line given twice: duplicate keys, ids or edges
            start = text.rfind("\n", 0, at) + 1
            end = text.find("\n", at)
            end = len(text) if end < 0 else end + 1
            text = text[:end] + text[start:end] + text[end:]
    return text


def _run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(argv))
    return code, out.getvalue(), err.getvalue()


@settings(max_examples=int(os.environ.get("FUZZ_EXAMPLES", "250")))  # more: FUZZ_EXAMPLES
@given(data=st.data())
def test_mutated_presets_give_0_1_or_2_one_line_and_round_trip(data):
    name = data.draw(st.sampled_from(sorted(preset_texts())))
    text = preset_texts()[name]
    mutated = data.draw(st.one_of(structural(text), textual(text)))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "fuzzed.convas"
        path.write_text(mutated, encoding="utf-8", errors="surrogatepass")
        code, out, err = _run("summary", str(path), "--json")
        assert code in (0, 1, 2), (code, err)
        assert "Traceback" not in out + err and "unexpected error" not in err, err
        if code == 2:
            assert err.startswith("convas: ") and err.count("\n") == 1, err
            assert out == ""
            return
        summary = json.loads(out)  # exit 0 and 1 print the spec's JSON
        assert bool(summary["problems"]) == (code == 1)
        _assert_round_trip(path)


def _assert_round_trip(path: Path) -> None:
    """Load → save → load: the saves are byte-identical, the graphs equal."""
    try:
        graph = load(path)
    except FormatError as exc:  # pragma: no cover - summary loaded it a moment ago
        raise AssertionError(f"summary accepted what load refuses: {exc}") from exc
    first = dumps(graph)
    path.write_text(first, encoding="utf-8")
    again = load(path)
    assert dumps(again) == first
    assert list(again.nodes) == list(graph.nodes) and again.edges == graph.edges
