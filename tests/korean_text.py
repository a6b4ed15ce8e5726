"""Whether a text shown to a Korean user is Korean: one rule for the window and the engine.

A text passes when every Latin word in it reads the same in both languages: an
identifier (``out_channels``, ``conv1``, ``nn.Conv2d``, ``MaxPool2d``, ``ResNet-50``), an
acronym or a name (``CNN``, ``GELU``, ``SENet``), a file name or path, an option
(``--weights``), a math function (``tanh``), or a word of ``allowed`` (block types,
parameter names, dataset and class names of the user's data…). An English gloss in
brackets right after the Korean term it glosses ("복합 확장(compound scaling)") is
allowed, as Korean technical writing does. Anything else is English left in a Korean
text: "학습 failed" fails as surely as "Training failed".
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable

import pytest

from engine import i18n
from engine.registry import all_specs
from engine.training.config import TrainConfig

HANGUL = re.compile("[\uac00-\ud7a3]")
#: Words that read the same in Korean: names, formats, units, keys, options shown as is.
SAME_IN_BOTH = frozenset(
    """
    Convas PyTorch ONNX onnx torch compile export safetensors pt pt2 py model train README md
    weights json convas python MNIST Fashion CIFAR Adam AdamW Nesterov Ctrl Shift Alt Esc Return
    Enter Del Backspace Tab Space Home End Ins auto same id English cpu cuda mps
    true false inf nan Infinity fx Python PySide Linux macOS Windows Pillow numpy torchvision
    ImageNet
    tanh sigmoid softmax min max exp log swish hard-swish Qt
    digits shapes mnist fashion cifar fashion-mnist cifar10 onecycle cosine step constant
    sgd adam adamw px ms Inception None True False affine null Apple Metal
    kB MB GB TB KiB MiB GiB TiB
    """.split()
)
#: Names written with spaces or hyphens that are one name (removed before looking).
NAMES = re.compile(
    r"scikit-learn|Fashion-MNIST|CIFAR-10|Grad-CAM|hard-swish|channels-last|pip install \w+",
    re.IGNORECASE,
)
#: An identifier, a path, a name or a gloss: read the same in any language.
_IDENTIFIER = re.compile(
    r"""
      [\w.~-]*[/\\][\w./\\~:-]*          # a path: /tmp/x/a.convas, C:\data
    | [A-Za-z_]\w*(?:\.\w+)+             # dotted: nn.Conv2d, model.py, torch.export
    | \w*_\w*                            # snake_case: out_channels, kernel_size
    | [\w-]*\d[\w-]*                     # with digits: conv1, Conv2d, ResNet-50, 1e-4
    | (?<![\w.])\*?\.[a-z0-9]+(?![a-z0-9])        # an extension: .gz, *.png
    | ["'][a-z_]+["']                    # a quoted key: "format", 'labels'
    | [A-Za-z_]\w*(?==|\{|\([^()\uac00-\ud7a3]*\)) # code: trust=True, permute{dims}, max(x)
    | [A-Z]{2,}\w*                       # an acronym or a name: CNN, RGB, GELU, SENet
    | [A-Z][a-z0-9]+(?:[A-Z][a-z0-9]*)+  # CamelCase: MaxPool, BatchNorm, ReLU
    | (?<![\w-])--?[a-z][\w-]*               # an option: --weights, -o
    | \{[^}]*\}                          # a placeholder left for a format
    | (?<=[\uac00-\ud7a3])\([^()\uac00-\ud7a3]*\)  # a gloss: 합성곱(convolution)
    """,
    re.VERBOSE,
)
_WORD = re.compile(r"[A-Za-z][A-Za-z'’]*")


def foreign_words(text: str, allowed: Iterable[str] = ()) -> list[str]:
    """The Latin words of ``text`` that are neither identifiers nor ``allowed`` words."""
    allowed = SAME_IN_BOTH | set(allowed)
    rest = _IDENTIFIER.sub(" ", NAMES.sub(" ", text))
    return [w for w in _WORD.findall(rest) if w not in allowed and len(w) > 1]


def english_left(text: str, allowed: Iterable[str] = ()) -> str | None:
    """What in ``text`` is English to a Korean reader (its foreign words), or None."""
    words = foreign_words(text, allowed)
    return " ".join(words) if words else None


def korean_problems(texts: Iterable[tuple[str, str]], allowed: Iterable[str] = ()) -> list[str]:
    """``where: text  ← words`` for each (where, text) that has English left in it."""
    allowed = set(allowed)
    found = []
    for where, text in texts:
        left = english_left(text, allowed)
        if left:
            found.append(f"{where}: {text!r}  ← {left}")
    return sorted(set(found))


#: Identifiers a Korean message may name: block types, parameters, training settings and
#: the file format's keys (what the user typed or the code is called, as it is).
ENGINE_WORDS = frozenset(
    {s.type for s in all_specs()}
    | {p.name for s in all_specs() for p in s.params}
    | {f.name for f in dataclasses.fields(TrainConfig)}
    | set("format version name nodes edges id type params position label source target".split())
    | set("port training meta trainable".split())
)
#: Values from the user's file or data, quoted in a message ("kernal_size", 'ten').
QUOTED = re.compile(r'"(?:[^"\\]|\\.)*"|\'(?:[^\'\\]|\\.)*\'')


def assert_korean(texts, allowed=()) -> None:
    """Fail on English left in engine messages: ``texts`` are (where, message) pairs; the
    user's own quoted values and ``allowed`` words (the test's names) aside."""
    texts = [(where, QUOTED.sub(" ", text)) for where, text in texts]
    bad = korean_problems(texts, ENGINE_WORDS | set(allowed))
    assert not bad, "English in Korean messages:\n" + "\n".join(bad)


@pytest.fixture
def engine_in_korean(tmp_path, monkeypatch):
    """The engine speaks Korean for the test (and English again after it); a private
    data folder for whatever the test writes there."""
    monkeypatch.setenv("CONVAS_DATA_DIR", str(tmp_path / "userdata"))
    i18n.set_language("ko")
    yield
    i18n.set_language("en")
