"""What the training panel offers: the datasets, optimisers and schedules (labels marked
for translation in the panel's context) and a dataset's one-line description."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from engine.data import describe_dataset
from widgets.language import is_korean

translate = QCoreApplication.translate

#: Dataset choices: (kind, label). Built-ins are names; the others are a folder.
DATASET_KINDS = (
    ("digits", QT_TRANSLATE_NOOP("TrainingPanel", "Digits")),
    ("shapes", QT_TRANSLATE_NOOP("TrainingPanel", "Shapes")),
    ("mnist", "MNIST"),
    ("fashion-mnist", "Fashion-MNIST"),
    ("cifar10", "CIFAR-10"),
    ("folder", QT_TRANSLATE_NOOP("TrainingPanel", "Image folder…")),
)
BUILTIN_KINDS = ("digits", "shapes")
DOWNLOADABLE_KINDS = ("mnist", "fashion-mnist", "cifar10")
OPTIMIZERS = (("sgd", "SGD"), ("adam", "Adam"), ("adamw", "AdamW"))
SCHEDULES = (
    ("constant", QT_TRANSLATE_NOOP("TrainingPanel", "Constant")),
    ("step", QT_TRANSLATE_NOOP("TrainingPanel", "Step decay")),
    ("cosine", QT_TRANSLATE_NOOP("TrainingPanel", "Cosine")),
    ("onecycle", QT_TRANSLATE_NOOP("TrainingPanel", "One-cycle")),
)


def dataset_text(kind: str) -> str:
    """What dataset ``kind`` is, as a sentence in the user's language."""
    if kind == "folder":
        return translate(
            "TrainingPanel",
            "One subfolder per class, images inside (PNG, JPEG…); they are resized to "
            "the network's Input.",
        )
    text = describe_dataset(kind)
    if not is_korean():  # an English sentence starts with a capital ("Scikit-learn's…")
        text = text[:1].upper() + text[1:]
    return text + "."
