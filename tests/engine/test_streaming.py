"""Data at any size: held in memory, streamed from a disk cache, or decoded as read,
with the same batches for the same seed."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from engine.compiler import compile_model
from engine.data import cache, load_dataset
from engine.data.images import Images
from engine.training import TrainConfig, Trainer
from tests.engine.folders import conv_net, image_folder

SHAPE = (3, 16, 16)


@pytest.fixture(autouse=True)
def private_data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("CONVAS_DATA_DIR", str(tmp_path / "userdata"))


@pytest.fixture
def folder(tmp_path):
    return image_folder(tmp_path / "colours")


def load(folder, monkeypatch, path: str):
    """The folder loaded the way ``path`` says: memory, disk or decode."""
    with monkeypatch.context() as m:
        if path != "memory":
            m.setenv("CONVAS_DATA_MEMORY_MB", "0")
        if path == "decode":  # no room on the disk (and no cache from an earlier load)
            m.setattr(cache, "make_room", lambda nbytes, keep=None: False)
            m.setenv("CONVAS_DATA_DIR", str(folder.parent / "other-userdata"))
        bundle = load_dataset(str(folder), SHAPE, 0.25, seed=4)
    assert bundle.storage.kind == path
    return bundle


def train(bundle, epochs=2):
    compiled = compile_model(conv_net())
    config = TrainConfig(epochs=epochs, batch_size=8, augment=True, seed=2, lr=0.01)
    finished = Trainer(compiled, bundle, config, lambda e: None, threads=1).run()
    assert finished.status == "completed", finished.message
    return finished, compiled.module.state_dict()


def test_memory_disk_and_decode_give_the_same_batches_and_training(folder, monkeypatch):
    bundles = {p: load(folder, monkeypatch, p) for p in ("memory", "disk", "decode")}
    memory = bundles["memory"]
    assert memory.storage.memory_bytes == 60 * 3 * 16 * 16
    assert bundles["disk"].storage.disk_bytes == 60 * 3 * 16 * 16
    assert bundles["disk"].storage.memory_bytes == 0
    assert bundles["decode"].storage.memory_bytes == bundles["decode"].storage.disk_bytes == 0
    order = [np.array([5, 0, 44]), np.array([12, 3]), np.arange(10)]
    expected = [b.clone() for b in memory.train_x.batches(order)]
    for name, bundle in bundles.items():
        assert (bundle.mean, bundle.std) == (memory.mean, memory.std), name
        assert torch.equal(bundle.train_y, memory.train_y) and torch.equal(
            bundle.val_y, memory.val_y
        )
        got = list(bundle.train_x.batches(order))
        assert all(torch.equal(a, b) for a, b in zip(got, expected)), name
        assert torch.equal(bundle.val_x[:], memory.val_x[:]), name
    results = {name: train(bundle) for name, bundle in bundles.items()}
    reference_metrics, reference = results["memory"]
    for name, (finished, state) in results.items():
        assert finished.metrics["val_loss"] == reference_metrics.metrics["val_loss"], name
        assert all(torch.equal(state[k], reference[k]) for k in reference), name


def test_the_disk_cache_is_reused_and_read_without_holding_it(folder, monkeypatch):
    first = load(folder, monkeypatch, "disk")
    messages = []
    monkeypatch.setenv("CONVAS_DATA_MEMORY_MB", "0")
    again = load_dataset(str(folder), SHAPE, 0.25, 4, progress=lambda f, t: messages.append(t))
    assert any("from cache" in m for m in messages)
    assert again.storage.kind == "disk" and again.train_x.store.resident_bytes() == 0
    assert torch.equal(again.train_x[:], first.train_x[:])
    monkeypatch.delenv("CONVAS_DATA_MEMORY_MB")  # now it fits: the cache loads into memory
    held = load_dataset(str(folder), SHAPE, 0.25, 4)
    assert held.storage.kind == "memory" and torch.equal(held.train_x[:], first.train_x[:])


def test_an_interrupted_decode_leaves_no_cache_behind(folder, monkeypatch):
    from engine.paths import cache_dir

    def stop(fraction, text):
        if fraction > 0.3:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        load_dataset(str(folder), SHAPE, progress=stop)
    assert list(cache_dir().glob("folder2-*")) == []
    assert load_dataset(str(folder), SHAPE).storage.kind == "memory"


def test_images_index_like_a_tensor(folder, monkeypatch):
    bundle = load(folder, monkeypatch, "disk")
    images: Images = bundle.train_x
    whole = images[:]
    assert whole.shape == (len(images), *SHAPE) and whole.dtype == torch.float32
    assert torch.equal(images[3], whole[3]) and torch.equal(images[-1], whole[-1])
    assert torch.equal(images[torch.tensor([4, 1])], whole[[4, 1]])
    assert np.array_equal(np.asarray(images), whole.numpy())
    assert torch.equal(images.subset([2, 0])[:], whole[[2, 0]])
    with pytest.raises(IndexError):
        images[len(images)]
    pixels, labels = bundle.raw_preview(4)
    assert pixels.shape == (4, 16, 16, 3) and pixels.dtype == np.uint8
    assert torch.equal(torch.from_numpy(labels), bundle.train_y[:4])
