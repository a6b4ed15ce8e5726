"""Confusion matrix, per-class accuracy and the misclassified gallery's order."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from sklearn.metrics import confusion_matrix as sk_confusion
from torch import nn

from engine.teaching.evaluation import confusion_matrix, evaluate, summarise


def test_confusion_matrix_equals_sklearn():
    rng = np.random.default_rng(0)
    labels, predictions = rng.integers(0, 5, 300), rng.integers(0, 5, 300)
    np.testing.assert_array_equal(
        confusion_matrix(labels, predictions, 5), sk_confusion(labels, predictions, labels=range(5))
    )


def test_summary_counts_accuracy_and_mistakes():
    labels = [0, 0, 1, 1, 2, 2]
    probs = np.array(
        [
            [0.9, 0.05, 0.05],  # right
            [0.2, 0.7, 0.1],  # 0 → 1 at 0.7
            [0.1, 0.8, 0.1],  # right
            [0.05, 0.05, 0.9],  # 1 → 2 at 0.9
            [0.1, 0.3, 0.6],  # right
            [0.1, 0.3, 0.6],  # right
        ]
    )
    result = summarise(["a", "b", "c"], labels, probs)
    assert result.accuracy == pytest.approx(4 / 6)
    np.testing.assert_allclose(result.per_class_accuracy, [0.5, 0.5, 1.0])
    assert result.confusion[0, 1] == 1 and result.confusion[1, 2] == 1
    assert list(result.mistakes) == [3, 1]  # most confident mistake first
    assert result.confidences[3] == pytest.approx(0.9)
    assert sorted(result.most_confused(5)) == [(0, 1, 1), (1, 2, 1)]  # ties in any order
    assert list(result.class_counts) == [2, 2, 2]


def test_a_class_without_samples_has_no_accuracy():
    result = summarise(["a", "b"], [0, 0], np.array([[0.6, 0.4], [0.3, 0.7]]))
    assert result.per_class_accuracy[0] == 0.5 and np.isnan(result.per_class_accuracy[1])


def test_evaluate_runs_a_model_in_batches():
    torch.manual_seed(0)
    model = nn.Sequential(nn.Flatten(), nn.Linear(4, 3), nn.Dropout(0.9))
    x = torch.randn(50, 1, 2, 2)
    y = torch.randint(0, 3, (50,))
    seen = []
    result = evaluate(model, x, y, ["a", "b", "c"], batch_size=16, progress=seen.append)
    assert not model.training  # eval mode: dropout off, so the result is deterministic
    with torch.no_grad():
        want = model(x).argmax(1).numpy()
    np.testing.assert_array_equal(result.predictions, want)
    assert result.confusion.sum() == 50
    assert seen[-1] == 1.0 and len(seen) == 4
    assert result.accuracy == pytest.approx(float((want == y.numpy()).mean()))


def test_sample_pictures_undo_the_normalisation():
    from engine.teaching.evaluation import sample_pictures

    pixels = np.random.default_rng(1).integers(0, 256, size=(4, 3, 5, 6)).astype(np.float32)
    mean, std = (0.5, 0.4, 0.3), (0.2, 0.25, 0.3)
    m = np.array(mean, dtype=np.float32).reshape(1, 3, 1, 1)
    s = np.array(std, dtype=np.float32).reshape(1, 3, 1, 1)
    normalised = (pixels / 255 - m) / s
    pictures = sample_pictures(torch.tensor(normalised), mean, std)
    assert pictures.shape == (4, 5, 6, 3) and pictures.dtype == np.uint8
    np.testing.assert_array_equal(pictures, pixels.transpose(0, 2, 3, 1).astype(np.uint8))


def test_reading_a_compiled_model():
    from engine.compiler import compile_model
    from engine.presets import load_preset
    from engine.teaching.evaluation import conv_weights, first_conv, node_input

    compiled = compile_model(load_preset("digits_cnn"))
    module = compiled.module
    conv, path = first_conv(module.get_submodule(compiled.module_names["conv2"]))
    assert path == "" and conv.weight.shape == (32, 16, 3, 3)
    weights = conv_weights(conv)
    weights[...] = 0  # a copy: the model is untouched
    assert conv.weight.abs().sum() > 0
    x = torch.randn(1, 8, 8)
    got = node_input(module, compiled.module_names["conv2"], x.numpy())
    with torch.no_grad():
        relu1 = module.get_submodule(compiled.module_names["relu1"])
        conv1 = module.get_submodule(compiled.module_names["conv1"])
        want = relu1(conv1(x[None]))[0]
    np.testing.assert_allclose(got, want.numpy(), atol=1e-6)
    residual = compile_model(load_preset("resnet_cifar"))
    block = residual.module.get_submodule(residual.module_names["layer1_0"])
    conv, path = first_conv(block)
    assert path == "conv1"
    assert first_conv(torch.nn.ReLU()) == (None, "")


def test_background_evaluation_uses_a_copy_and_can_be_cancelled():
    from types import SimpleNamespace

    from engine.teaching.evaluation import BackgroundEvaluation

    torch.manual_seed(0)
    model = nn.Sequential(nn.Flatten(), nn.Linear(4, 3))
    bundle = SimpleNamespace(
        val_x=torch.randn(40, 1, 2, 2),
        val_y=torch.randint(0, 3, (40,)),
        classes=["a", "b", "c"],
        mean=(0.5,),
        std=(0.25,),
    )
    job = BackgroundEvaluation(model, bundle, batch_size=8).start()
    assert job.join(10)
    assert job.error is None and job.result.confusion.sum() == 40
    assert job.pictures.shape == (40, 2, 2, 1)
    assert job.module is not model and model.training  # the original was not touched
    stopped = BackgroundEvaluation(model, bundle, batch_size=8)
    stopped.cancel()
    assert stopped.start().join(10) and stopped.error == "stopped" and stopped.result is None
