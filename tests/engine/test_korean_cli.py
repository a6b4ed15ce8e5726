"""The command line under a Korean locale (``LANG=ko_KR.UTF-8``): problems, one-line
errors, notices, progress and help in Korean, as a Korean user's terminal shows them.

Each command runs in a fresh process with only the locale set, as a user would run it.
JSON keys, codes and ids stay as they are; the human text around them is Korean.
Argparse's own words ("usage:", "the following arguments are required") come from
``resources/translations/cli/argparse.ko.po`` (:mod:`engine.cli.argparse_text`).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from engine import i18n
from engine.fileformat import save
from engine.presets import list_presets
from engine.registry import all_specs
from engine.training.config import TrainConfig
from tests.graphs import tiny_chain
from tests.korean_text import HANGUL, korean_problems

ROOT = Path(__file__).resolve().parents[2]
#: What a Korean line may name as it is: block types, parameters, settings, options.
IDENTIFIERS = (
    {s.type for s in all_specs()}
    | {p.name for s in all_specs() for p in s.params}
    | {f.name for f in dataclasses.fields(TrainConfig)}
    | {"summary", "preset", "presets", "export", "predict", "weights", "onnx", "python"}
    | {"SOURCE", "NAME", "PATH", "IMAGE", "CHECKPOINT", "NAME_OR_FOLDER", "OUTPUT", "FORMAT"}
    | {"tiny", "broken", "missing", "notes", "nowhere", "nosuchpreset"}  # the tests' names
    | {"input", "conv", "relu", "flat", "head", "output"}  # the tests' node ids
    | {"int", "float"}  # argparse names the type a value should have
    | {info.name for info in list_presets()}
)


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("korean-cli")
    save(tiny_chain(), folder / "tiny.convas")
    broken = tiny_chain()
    broken.nodes["conv"].params["kernel_size"] = 20  # larger than the 8×8 input
    broken.remove_edge(next(e for e in broken.edges if e.target == "flat"))
    save(broken, folder / "broken.convas")
    (folder / "bad.convas").write_text('{"format": "convas", "version": 1, "nodes": [}')
    (folder / "notes.png").write_text("not a picture")
    (folder / "taken").write_text("a file where a folder should go")
    return folder


def run_ko(*args: str, data_dir: Path, module: str | None = None) -> subprocess.CompletedProcess:
    env = {
        "LANG": "ko_KR.UTF-8",
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "PYTHONPATH": str(ROOT),
        "CONVAS_DATA_DIR": str(data_dir),
        "CUDA_VISIBLE_DEVICES": "",
        "OMP_NUM_THREADS": "1",
    }
    return subprocess.run(
        [sys.executable, *(["-m", module] if module else [str(ROOT / "main.py")]), *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=data_dir,
        timeout=180,
    )


def assert_korean_lines(text: str, allowed=()) -> None:
    """Every line that says something says it in Korean (numbers and names aside)."""
    lines = [(f"line {i}", line) for i, line in enumerate(text.splitlines(), 1) if line.strip()]
    assert lines, "nothing was printed"
    bad = korean_problems(lines, IDENTIFIERS | set(allowed))
    assert not bad, "English on a Korean terminal:\n" + "\n".join(bad)


@pytest.mark.parametrize(
    ("args", "code", "says"),
    [
        (["summary", "{d}/broken.convas"], 1, "커널"),
        (["summary", "{d}/bad.convas"], 2, "올바른 JSON이 아닙니다"),
        (["summary", "{d}/missing.convas"], 2, "파일이 없습니다"),
        (["summary", "nosuchpreset"], 2, "그런 파일이나 프리셋이 없습니다"),
        (["preset", "nosuchpreset", "-o", "{d}/x.convas"], 2, "프리셋"),
        (["train", "{d}/tiny.convas", "--dataset", "nowhere"], 2, "알 수 없는 데이터셋"),
        (["train", "{d}/tiny.convas", "--epochs", "zero"], 2, "값이 잘못되었습니다"),
        (["train", "{d}/tiny.convas", "--epochs", "0"], 2, "범위를 벗어났습니다"),
        (["train", "{d}/broken.convas"], 1, "문제"),
        (["export", "{d}/tiny.convas", "-o", "{d}/out"], 2, "다음 인수가 필요합니다"),
        (["export", "{d}/tiny.convas", "--format", "zip", "-o", "{d}/o"], 2, "고를 수 없는"),
        (["export", "{d}/broken.convas", "--format", "onnx", "-o", "{d}/o.onnx"], 1, "문제"),
        (
            [
                "export",
                "{d}/tiny.convas",
                "--format",
                "weights",
                "-o",
                "{d}/w.pt",
                "--weights",
                "x",
            ],
            2,
            "그런 가중치 파일이 없습니다",
        ),
        (["export", "{d}/tiny.convas", "--format", "python", "-o", "{d}/taken"], 2, "폴더가 아닌"),
        (
            ["predict", "{d}/tiny.convas", "--weights", "{d}/notes.png", "{d}/notes.png"],
            2,
            "가중치",
        ),
        (["summary"], 2, "다음 인수가 필요합니다: SOURCE"),
        (["summary", "{d}/tiny.convas", "extra"], 2, "알 수 없는 인수"),
        (["{d}/tiny.convas", "{d}/broken.convas"], 2, "사용법"),
    ],
)
def test_problems_and_errors_are_korean(files, tmp_path, args, code, says):
    proc = run_ko(*(a.replace("{d}", str(files)) for a in args), data_dir=tmp_path)
    assert proc.returncode == code, (proc.stdout, proc.stderr)
    assert "Traceback" not in proc.stderr
    printed = proc.stdout + proc.stderr
    assert says in printed, printed
    assert_korean_lines(printed, {"zip", "zero", "out", "taken", "png", "extra"})


def test_predict_says_in_korean_which_image_it_could_not_read(files, tmp_path):
    weights = tmp_path / "w.pt"
    exported = run_ko(
        "export",
        f"{files}/tiny.convas",
        "--format",
        "weights",
        "-o",
        str(weights),
        data_dir=tmp_path,
    )
    assert exported.returncode == 0, exported.stderr
    proc = run_ko(
        "predict",
        f"{files}/tiny.convas",
        "--weights",
        str(weights),
        "--dataset",
        "digits",
        f"{files}/notes.png",
        f"{files}/nothing.png",
        data_dir=tmp_path,
    )
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert proc.stderr.count("\n") == 2  # one line per image
    assert_korean_lines(proc.stderr, {"png", "nothing"})


def test_a_training_run_reports_in_korean(files, tmp_path):
    proc = run_ko(
        "train",
        f"{files}/tiny.convas",
        "--dataset",
        "digits",
        "--epochs",
        "1",
        "--batch-size",
        "128",
        "--json",
        data_dir=tmp_path,
    )
    assert proc.returncode == 0, proc.stderr
    *lines, last = proc.stdout.splitlines()
    result = json.loads(last)  # the contract's keys, unchanged by the language
    assert result["status"] == "completed" and "val_accuracy" in result
    assert "에폭 1/1" in proc.stderr and "알림: 학습 장치" in proc.stderr
    assert_korean_lines(proc.stderr, {"digits"})


@pytest.mark.parametrize(
    "command", [[], ["presets"], ["preset"], ["summary"], ["export"], ["train"], ["predict"]]
)
def test_help_is_korean(tmp_path, command):
    proc = run_ko(*command, "--help", data_dir=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("사용법: ")
    assert "옵션:" in proc.stdout and "이 도움말을 보여 주고 끝냅니다" in proc.stdout
    assert len(HANGUL.findall(proc.stdout)) > 20  # our own help texts, not only argparse's
    assert_korean_lines(proc.stdout)


def test_the_importer_refuses_and_helps_in_korean(files, tmp_path):
    script = tmp_path / "net.py"
    script.write_text("import torch\nmodel = torch.nn.Linear(2, 2)\n")
    refused = run_ko(str(script), "-o", "out.convas", data_dir=tmp_path, module="engine.importer")
    assert refused.returncode == 2 and "--trust" in refused.stderr
    helped = run_ko("--help", data_dir=tmp_path, module="engine.importer")
    assert helped.returncode == 0 and helped.stdout.startswith("사용법: ")
    assert_korean_lines(refused.stderr + helped.stdout, {"net", "py", "importer", "OUTPUT"})


def test_argparse_speaks_english_again_when_the_locale_is_english():
    from engine.cli import argparse_text

    parser = argparse.ArgumentParser(prog="p")
    try:
        i18n.set_language("ko")
        argparse_text.install()
        assert parser.format_usage().startswith("사용법: ")
        i18n.set_language("en")
        argparse_text.install()
        assert parser.format_usage().startswith("usage: ")
    finally:
        i18n.set_language("en")
        argparse_text.install()


def test_the_argparse_catalogue_translates_words_argparse_uses():
    import argparse as module

    source = Path(module.__file__).read_text(encoding="utf-8")
    table = i18n.read_po(ROOT / "resources" / "translations" / "cli" / "argparse.ko.po")
    used = [text for text in table if repr(text) in source or json.dumps(text) in source]
    assert len(used) >= 15, "argparse's messages changed: update cli/argparse.ko.po"
    for must in ("usage: ", "options", "the following arguments are required: %s"):
        assert must in table
