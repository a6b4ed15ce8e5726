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

import re
from collections.abc import Iterable

HANGUL = re.compile("[\uac00-\ud7a3]")
#: Words that read the same in Korean: names, formats, units, keys, options shown as is.
SAME_IN_BOTH = frozenset(
    """
    Convas PyTorch ONNX onnx torch compile export safetensors pt pt2 py model train README md
    weights json convas python MNIST Fashion CIFAR Adam AdamW Nesterov Ctrl Shift Alt Esc Return
    Enter Del Backspace Tab Space Home End Ins auto same id English cpu cuda mps
    true false inf nan fx Python PySide Linux macOS Windows Pillow numpy torchvision ImageNet
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
