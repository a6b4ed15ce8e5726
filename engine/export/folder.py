"""``export --format python``: a folder with ``model.py``, the weights, ``train.py``
and a README, runnable with nothing but torch (and numpy / scikit-learn for training).
"""

from __future__ import annotations

import os
from pathlib import Path

from engine.analysis import analyse
from engine.export import FOLDER_FILES
from engine.export.codegen import generate_code, plain_text
from engine.export.trainscript import generate_train_script
from engine.export.weights import (
    WeightsLike,
    atomic_write,
    check_folder,
    resolve_model,
    save_state_dict,
    state_dict_of,
)
from engine.graph import Graph

MODEL_FILE, WEIGHTS_FILE, TRAIN_FILE, README_FILE = FOLDER_FILES


def export_python(
    graph: Graph,
    folder: str | os.PathLike,
    weights: WeightsLike = None,
    seed: int = 0,
    training: dict | None = None,
) -> list[Path]:
    """Write ``model.py``, ``weights.pt``, ``train.py`` and ``README.md`` into ``folder``.

    Parameters
    ----------
    graph
        The network; it must compile.
    folder
        Created if missing; files of these names in it are replaced.
    weights
        A state dict, a module or a weights file; None for fresh weights from ``seed``.
    seed
        Seed of the fresh weights.
    training
        The training settings (``TrainConfig`` fields) ``train.py`` uses by default;
        None takes the graph's own ``training`` settings, then the trainer's defaults.

    Returns
    -------
    list of Path
        The files written.
    """
    analysis = analyse(graph)
    code = generate_code(graph, analysis)
    folder = check_folder(folder)
    compiled = resolve_model(graph, weights, seed)
    settings = training if training is not None else (graph.training or {})
    train_py = generate_train_script(graph, settings)
    written = [
        _write_text(folder / MODEL_FILE, code.model_py),
        save_state_dict(state_dict_of(compiled), folder / WEIGHTS_FILE),
        _write_text(folder / TRAIN_FILE, train_py),
        _write_text(
            folder / README_FILE,
            readme(graph, analysis, code.class_name, seed, weights is not None),
        ),
    ]
    return written


def _write_text(path: Path, text: str) -> Path:
    return atomic_write(path, lambda tmp: tmp.write_text(text, encoding="utf-8"))


def readme(graph: Graph, analysis, class_name: str, seed: int, given_weights: bool) -> str:
    """A short README for the exported folder."""
    title = plain_text(graph.name, 80) or "Untitled network"
    about = _description(graph)
    shape = analysis.nodes[analysis.input_id].shape
    origin = (
        "the weights it was exported with"
        if given_weights
        else (f"freshly initialised weights (seed {seed})")
    )
    dims = ", ".join(map(str, shape))
    return f"""# {title}
{about}
Exported from Convas: a convolutional network of {analysis.total_params:,} parameters
taking images of {shape[0]} channel(s), {shape[1]}×{shape[2]} pixels.

| file | what it is |
| --- | --- |
| `model.py` | the network as plain PyTorch (`{class_name}`), needs only `torch` |
| `weights.pt` | its state dict: {origin} |
| `train.py` | trains it as the Convas window does (torch, numpy, scikit-learn) |

## Use the model

```python
import torch
from model import build_model

model = build_model()
model.load_state_dict(torch.load("weights.pt", weights_only=True))
model.eval()
logits = model(torch.randn(1, {dims}))
```

## Train it

```
python train.py                                  # one process (CPU or one GPU)
torchrun --nproc_per_node 4 train.py             # data parallel on 4 GPUs or processes
python train.py --help                           # epochs, batch size, learning rate...
```

Like the window, `train.py` starts from fresh weights drawn from the training seed
(`--weights weights.pt` continues from these weights instead); it prints one line per
epoch and the final metrics as JSON, and saves the trained weights to `trained.pt`.
Alone on a CPU it reproduces the window's run with the same settings exactly.
"""


def _description(graph: Graph) -> str:
    """The network's own description (``meta.description``) as a paragraph, or nothing."""
    text = (graph.meta or {}).get("description")
    if not isinstance(text, str) or not text.strip():
        return ""
    return "\n" + " ".join(text.split()) + "\n"
