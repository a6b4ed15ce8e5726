"""Asking a trained network: predict on the command line, feature maps, Grad-CAM."""

from __future__ import annotations

import json

import numpy as np
import pytest
import torch
from PIL import Image

from engine.cli import main
from engine.compiler import compile_model
from engine.data import load_dataset
from engine.data.builtin import _MASKS, SHAPE_CLASSES, digits
from engine.graph import Graph, Node
from engine.inference import Predictor, TrainedMeta
from engine.inference.attribution import cam_block, grad_cam, saliency
from engine.training import TrainConfig, Trainer
from engine.training.artifacts import BEST
from tests.graphs import chain


@pytest.fixture(autouse=True)
def private_data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("CONVAS_DATA_DIR", str(tmp_path / "userdata"))


@pytest.fixture(scope="module")
def digits_run(tmp_path_factory):
    """digits_cnn trained a few epochs, its checkpoints and a few digit images."""
    from engine.presets import load_preset

    folder = tmp_path_factory.mktemp("run")
    graph = load_preset("digits_cnn")
    compiled = compile_model(graph)
    data = load_dataset("digits", compiled.input_shape)
    config = TrainConfig(epochs=4)
    finished = Trainer(compiled, data, config, lambda e: None, folder, graph=graph, threads=1).run()
    assert finished.metrics["val_accuracy"] > 0.9
    raw = digits()
    images = []
    for i in range(6):
        path = folder / f"digit{i}.png"
        Image.fromarray(raw.images[i, ..., 0]).save(path)
        images.append((str(path), str(raw.labels[i])))
    torch.save(compiled.module.state_dict(), folder / "bare.pt")
    return folder, images


def test_predict_names_the_class_of_known_images_as_json(digits_run, capsys):
    folder, images = digits_run
    paths = [p for p, _label in images]
    assert (
        main(
            [
                "predict",
                "digits_cnn",
                "--weights",
                str(folder / BEST),
                *paths,
                "--json",
                "--top",
                "3",
            ]
        )
        == 0
    )
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == len(images)
    right = 0
    for line, (path, label) in zip(lines, images):
        result = json.loads(line)
        assert set(result) == {"image", "top"} and result["image"] == path
        top = result["top"]
        assert len(top) == 3 and all(set(t) == {"class", "index", "probability"} for t in top)
        probabilities = [t["probability"] for t in top]
        assert probabilities == sorted(probabilities, reverse=True) and sum(probabilities) <= 1
        assert all(t["class"] == str(t["index"]) for t in top)
        right += top[0]["class"] == label
    assert right >= 5


def test_predict_plain_output_and_an_unreadable_image(digits_run, tmp_path, capsys):
    folder, images = digits_run
    bad = tmp_path / "notes.png"
    bad.write_text("not an image")
    code = main(["predict", "digits_cnn", "--weights", str(folder / BEST), images[0][0], str(bad)])
    out, err = capsys.readouterr()
    assert code == 2
    assert out.startswith(f"{images[0][0]}: {images[0][1]} ") and out.count("\n") == 1
    assert err.strip() == f"convas: {bad}: not an image file Convas can read"


def test_a_bare_weights_file_takes_the_datasets_names(digits_run, tmp_path, capsys):
    from engine import fileformat
    from engine.presets import load_preset

    folder, images = digits_run
    bare = str(folder / "bare.pt")
    project = tmp_path / "net.convas"
    graph = load_preset("digits_cnn")
    assert graph.training["dataset"] == "digits"  # the project says what it trained on
    assert main(["predict", "digits_cnn", "--weights", bare, images[1][0], "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["top"][0]["class"] == images[1][1]
    graph.training = None
    fileformat.save(graph, project)
    assert main(["predict", str(project), "--weights", bare, images[1][0]]) == 2
    assert "--dataset" in capsys.readouterr().err
    assert (
        main(["predict", str(project), "--weights", bare, images[1][0], "--dataset", "digits"]) == 0
    )
    assert main(["predict", "digits_cnn", "--weights", str(folder / "nope.pt"), "x.png"]) == 2


def test_features_of_a_block_for_one_image(digits_run):
    from engine.presets import load_preset
    from engine.training.artifacts import load_checkpoint

    folder, images = digits_run
    checkpoint = load_checkpoint(folder / BEST)
    graph = load_preset("digits_cnn")
    predictor = Predictor(graph, checkpoint["state_dict"], TrainedMeta.of_checkpoint(checkpoint))
    fitted = predictor.fit(images[0][0])
    assert fitted.shape == predictor.input_shape and fitted.dtype == np.uint8
    conv = next(n for n in graph.nodes.values() if n.type == "Conv2d")
    maps = predictor.features(fitted, conv.id)
    assert maps.ndim == 3 and maps.shape[0] == conv.params["out_channels"]
    drawn = np.zeros((80, 80), np.float32)
    drawn[10:70, 36:44] = 1.0  # a "1" drawn on the pad, white on black
    assert predictor.fit(drawn).shape == predictor.input_shape
    assert predictor.predict(predictor.fit(drawn)).top(1)[0][1] in predictor.classes


# --------------------------------------------------------------------------- Grad-CAM


def shapes_net() -> Graph:
    layers = [
        ("c1", "Conv2d", {"out_channels": 16, "kernel_size": 3, "padding": 1}),
        ("b1", "BatchNorm2d", {}),
        ("r1", "ReLU", {}),
        ("p1", "MaxPool2d", {}),
        ("c2", "Conv2d", {"out_channels": 32, "kernel_size": 3, "padding": 1}),
        ("b2", "BatchNorm2d", {}),
        ("r2", "ReLU", {}),
        ("p2", "MaxPool2d", {}),
        ("c3", "Conv2d", {"out_channels": 32, "kernel_size": 3, "padding": 1}),
        ("r3", "ReLU", {}),
        ("gap", "AdaptiveAvgPool2d", {}),
        ("flat", "Flatten", {}),
        ("fc", "Linear", {"out_features": 6}),
    ]
    nodes = [Node("in", "Input", {"channels": 3, "height": 32, "width": 32})]
    nodes += [Node(i, t, p) for i, t, p in layers] + [Node("out", "Output")]
    return chain("shapes", nodes)


def draw_shape(kind: str, cx: float, cy: float, rng, size: int = 32):
    """One shape at (cx, cy) in -1..1, on a plain background; the image and its mask."""
    axis = (np.arange(size * 2) + 0.5) / (size * 2) * 2 - 1
    x, y = (axis[None, :] - cx) / 0.42, (axis[:, None] - cy) / 0.42
    a = rng.uniform(0, 2 * np.pi)
    u, v = x * np.cos(a) + y * np.sin(a), -x * np.sin(a) + y * np.cos(a)
    mask = _MASKS[kind](u, v).astype(np.float32).reshape(size, 2, size, 2).mean(axis=(1, 3))
    background, foreground = np.array([0.15, 0.2, 0.25]), np.array([0.9, 0.8, 0.3])
    image = background * (1 - mask[..., None]) + foreground * mask[..., None]
    return np.clip(image * 255 + 0.5, 0, 255).astype(np.uint8), mask > 0.5


def test_grad_cam_is_highest_where_the_shape_is():
    graph = shapes_net()
    compiled = compile_model(graph)
    data = load_dataset("shapes", (3, 32, 32))
    config = TrainConfig(epochs=6, batch_size=64, lr=0.01)
    assert Trainer(compiled, data, config, lambda e: None, threads=1).run().status == "completed"
    predictor = Predictor(graph, compiled.module.state_dict(), TrainedMeta.of_bundle(data))
    assert cam_block(predictor) == "r3"  # the last block with a map larger than 1×1
    rng = np.random.default_rng(1)
    inside, quadrant, total = 0, 0, 0
    rows, cols = np.mgrid[:32, :32]
    for k, kind in enumerate(SHAPE_CLASSES):
        for cx, cy in [(-0.45, -0.45), (0.45, -0.45), (-0.45, 0.45), (0.45, 0.45)]:
            image, mask = draw_shape(kind, cx, cy, rng)
            cam, block = grad_cam(predictor, image.transpose(2, 0, 1).copy(), k)
            assert block == "r3" and cam.shape == (32, 32) and 0 <= cam.min() <= cam.max() <= 1
            total += 1
            inside += cam[mask].mean() > cam[~mask].mean()
            centre = ((cam * cols).sum() / cam.sum(), (cam * rows).sum() / cam.sum())
            quadrant += (centre[0] > 15.5) == (cx > 0) and (centre[1] > 15.5) == (cy > 0)
    assert inside / total >= 0.75 and quadrant / total >= 0.75, (inside, quadrant, total)
    salient = saliency(predictor, image.transpose(2, 0, 1).copy(), k)
    assert salient.shape == (32, 32) and salient.max() == pytest.approx(1.0)
