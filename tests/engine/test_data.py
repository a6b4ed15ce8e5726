"""Datasets: built-ins, image folders, IDX and CIFAR files, downloads, fitting to an Input."""

from __future__ import annotations

import gzip
import http.server
import pickle
import struct
import threading
from functools import partial

import numpy as np
import pytest
import torch

from engine.data import (
    BUILTIN_DATASETS,
    DatasetError,
    RawImages,
    archives,
    builtin,
    describe_dataset,
    download,
    load_dataset,
    load_raw,
)
from engine.data.prepare import build_bundle


@pytest.fixture(autouse=True)
def private_data_dir(tmp_path, monkeypatch):
    """Caches and downloads go to a temporary user data folder."""
    monkeypatch.setenv("CONVAS_DATA_DIR", str(tmp_path / "userdata"))


# --------------------------------------------------------------------------- built-ins


def test_digits_bundle_is_split_stratified_and_normalised():
    bundle = load_dataset("digits")
    assert bundle.classes == [str(d) for d in range(10)]
    assert bundle.input_shape == (1, 8, 8) and bundle.natural_shape == (1, 8, 8)
    assert len(bundle.train_y) + len(bundle.val_y) == 1797
    assert len(bundle.val_y) == pytest.approx(0.2 * 1797, abs=10)
    assert bundle.train_x.dtype == torch.float32 and bundle.train_y.dtype == torch.int64
    # every class in both splits, in proportion
    assert torch.bincount(bundle.val_y, minlength=10).min() >= 30
    # normalised with the training split's statistics
    train = bundle.train_x[:]
    assert abs(float(train.mean())) < 1e-4
    assert float(train.std()) == pytest.approx(1.0, abs=1e-3)
    assert bundle.storage.kind == "memory" and bundle.storage.memory_bytes == 1797 * 64
    assert bundle.notices == []


def test_split_depends_on_seed_and_only_on_seed():
    a, b, c = (load_dataset("digits", seed=s) for s in (0, 0, 1))
    assert torch.equal(a.val_x[:], b.val_x[:]) and torch.equal(a.val_y, b.val_y)
    assert not torch.equal(a.val_y, c.val_y)


def test_resize_and_channel_conversion_say_so():
    bundle = load_dataset("digits", input_shape=(3, 16, 20))
    assert tuple(bundle.train_x.shape[1:]) == (3, 16, 20)
    assert len(bundle.mean) == 3 and bundle.input_shape == (3, 16, 20)
    text = " ".join(bundle.notices)
    assert "resized from 8×8 to 16×20" in text
    assert "grey to colour" in text


def test_colour_to_grey_uses_luminance():
    images = np.zeros((20, 4, 4, 3), dtype=np.uint8)
    images[:10, ..., 0] = 200  # red images, class 0
    images[10:, ..., 1] = 200  # green images, class 1
    raw = RawImages(images, np.repeat([0, 1], 10), ["red", "green"])
    bundle = build_bundle("colours", raw, (1, 4, 4), 0.2, 0)
    assert bundle.train_x.shape[1:] == (1, 4, 4)
    assert any("colour to grey (3 → 1 channels)" in n for n in bundle.notices)
    preview, labels = bundle.raw_preview(len(bundle.train_y))
    expected = np.where(labels == 0, 0.299 * 200, 0.587 * 200)
    assert np.abs(preview[:, 0, 0, 0] - expected).max() <= 1


def test_unconvertible_channels_are_refused_and_huge_inputs_stream():
    with pytest.raises(DatasetError, match="channels"):
        load_dataset("digits", input_shape=(2, 8, 8))
    with pytest.raises(DatasetError, match="val_fraction"):
        load_dataset("digits", val_fraction=1.5)


def test_a_dataset_too_large_for_memory_is_fitted_as_it_is_read(monkeypatch):
    held = load_dataset("digits", input_shape=(3, 20, 16), seed=3)
    monkeypatch.setenv("CONVAS_DATA_MEMORY_MB", "0")
    streamed = load_dataset("digits", input_shape=(3, 20, 16), seed=3)
    assert held.storage.kind == "memory" and streamed.storage.kind == "fit"
    assert streamed.storage.memory_bytes == 1797 * 64  # the natural 8×8 images only
    assert "fitted to the Input as training reads them" in streamed.storage.describe()
    assert held.mean == streamed.mean and held.std == streamed.std
    for split in ("train_x", "val_x"):
        assert torch.equal(getattr(held, split)[:], getattr(streamed, split)[:])


def test_shapes_is_a_fixed_balanced_colour_dataset():
    raw = builtin.shapes(per_class=20)
    assert raw.images.shape == (20 * 6, 32, 32, 3) and raw.images.dtype == np.uint8
    assert len(raw.classes) >= 6 and set(raw.classes) >= {"circle", "square", "triangle"}
    assert np.bincount(raw.labels).tolist() == [20] * 6
    assert np.array_equal(raw.images, builtin.shapes(per_class=20).images)
    # a shape is drawn: each image has a clear foreground and background
    spread = raw.images.reshape(len(raw.images), -1).std(axis=1)
    assert spread.min() > 10


def test_raw_preview_gives_back_the_pixels():
    _, raw = load_raw("digits")
    bundle = load_dataset("digits")
    images, labels = bundle.raw_preview(12)
    assert images.shape == (12, 8, 8, 1) and images.dtype == np.uint8
    assert labels.shape == (12,)
    assert len(set(labels.tolist())) > 3  # the first images mix the classes
    # each preview image is one of the original images, within rounding
    originals = raw.images.reshape(len(raw.images), -1).astype(int)
    for image in images:
        distance = np.abs(originals - image.reshape(-1).astype(int)).max(axis=1)
        assert distance.min() <= 1


def test_names_and_descriptions():
    assert BUILTIN_DATASETS == ("digits", "shapes")
    assert "8×8" in describe_dataset("digits")
    assert "folder" not in describe_dataset("shapes")
    with pytest.raises(DatasetError, match="unknown dataset 'nope'"):
        load_dataset("nope")
    with pytest.raises(DatasetError, match="isn't downloaded yet"):
        load_dataset("mnist")


# --------------------------------------------------------------------------- folders


def _png_folder(root, classes=("cat", "dog"), per_class=4, size=(12, 10), mode="RGB"):
    from PIL import Image

    rng = np.random.default_rng(0)
    for c, name in enumerate(classes):
        (root / name).mkdir(parents=True)
        for i in range(per_class):
            channels = 3 if mode == "RGB" else 1
            pixels = rng.integers(0, 256, (size[0], size[1], channels), dtype=np.uint8)
            pixels[..., 0] = 40 + 150 * c  # classes differ in brightness
            image = Image.fromarray(pixels if channels == 3 else pixels[..., 0])
            image.save(root / name / f"{i}.png")
    return root


def test_folder_with_a_corrupt_image_loads_and_reports_it(tmp_path):
    root = _png_folder(tmp_path / "pets")
    (root / "dog" / "broken.png").write_bytes(b"\x89PNG\r\n\x1a\n this is not an image")
    (root / "notes.txt").write_text("ignored")
    bundle = load_dataset(str(root), val_fraction=0.25)
    assert bundle.name == "pets" and bundle.classes == ["cat", "dog"]
    assert bundle.input_shape == (3, 12, 10)
    assert len(bundle.train_y) + len(bundle.val_y) == 8
    assert any("skipped 1 unreadable file: dog/broken.png" in n for n in bundle.notices)


def test_folder_is_cached_until_it_changes(tmp_path):
    root = _png_folder(tmp_path / "pets")
    messages = []
    first = load_dataset(str(root), progress=lambda f, text: messages.append(text))
    assert not any("cache" in m for m in messages)
    messages.clear()
    second = load_dataset(str(root), progress=lambda f, text: messages.append(text))
    assert any("from cache" in m for m in messages)
    assert torch.equal(first.train_x[:], second.train_x[:])
    _png_folder(tmp_path / "more", classes=("bird",))
    (tmp_path / "more" / "bird").rename(root / "bird")
    messages.clear()
    third = load_dataset(str(root), progress=lambda f, text: messages.append(text))
    assert not any("from cache" in m for m in messages)
    assert third.classes == ["bird", "cat", "dog"]


def test_folder_images_of_mixed_sizes_and_modes_are_unified(tmp_path):
    root = _png_folder(tmp_path / "mixed", size=(12, 12))
    _png_folder(tmp_path / "grey", classes=("cat2",), size=(20, 16), mode="L")
    (tmp_path / "grey" / "cat2").rename(root / "cat2")
    bundle = load_dataset(str(root))
    assert bundle.input_shape == (3, 12, 12)  # the most common size; colour wins
    assert any("resized to 12×12" in n for n in bundle.notices)
    fitted = load_dataset(str(root), input_shape=(1, 8, 8))
    assert fitted.input_shape == (1, 8, 8)


def test_folder_without_class_subfolders_is_refused(tmp_path):
    root = _png_folder(tmp_path / "one", classes=("only",))
    with pytest.raises(DatasetError, match="one subfolder of images per class"):
        load_dataset(str(root))
    (tmp_path / "file.png").write_bytes(b"x")
    with pytest.raises(DatasetError, match="not a folder"):
        load_dataset(str(tmp_path / "file.png"))


# --------------------------------------------------------------------------- IDX and CIFAR


def _idx_bytes(array: np.ndarray) -> bytes:
    header = struct.pack(">BBBB", 0, 0, 0x08, array.ndim)
    header += b"".join(struct.pack(">I", d) for d in array.shape)
    return header + array.astype(np.uint8).tobytes()


def _write_idx(folder, n_train=40, n_test=10, gz=True):
    folder.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(1)
    files = {}
    for split, n in (("train", n_train), ("t10k", n_test)):
        labels = np.arange(n) % 10
        images = rng.integers(0, 256, (n, 28, 28)).astype(np.uint8)
        files[f"{split}-images-idx3-ubyte"] = _idx_bytes(images)
        files[f"{split}-labels-idx1-ubyte"] = _idx_bytes(labels)
    for name, data in files.items():
        if gz:
            (folder / f"{name}.gz").write_bytes(gzip.compress(data))
        else:
            (folder / name).write_bytes(data)
    return files


@pytest.mark.parametrize("gz", [True, False])
def test_idx_folder_reads_as_mnist_with_test_split_for_validation(tmp_path, gz):
    folder = tmp_path / "fashion-mnist"
    _write_idx(folder, gz=gz)
    bundle = load_dataset(str(folder), input_shape=(1, 32, 32))
    assert len(bundle.train_y) == 40 and len(bundle.val_y) == 10
    assert bundle.classes[0] == "T-shirt/top"  # the folder name says Fashion-MNIST
    assert any("official test set" in n for n in bundle.notices)
    assert any("28×28 to 32×32" in n for n in bundle.notices)


def test_idx_reader_checks_magic_and_length(tmp_path):
    bad = tmp_path / "train-images-idx3-ubyte"
    bad.write_bytes(b"\x01\x02\x03\x04")
    with pytest.raises(DatasetError, match="magic"):
        archives.read_idx(bad)
    short = _idx_bytes(np.zeros((2, 3, 3)))[:-1]
    bad.write_bytes(short)
    with pytest.raises(DatasetError, match="expected 18 bytes"):
        archives.read_idx(bad)


def _write_cifar(folder, batches=2, n=20):
    folder.mkdir(parents=True)
    rng = np.random.default_rng(2)
    for name in [f"data_batch_{i}" for i in range(1, batches + 1)] + ["test_batch"]:
        batch = {
            b"data": rng.integers(0, 256, (n, 3072)).astype(np.uint8),
            b"labels": [int(v) for v in np.arange(n) % 10],
        }
        (folder / name).write_bytes(pickle.dumps(batch, protocol=2))
    names = [n.encode() for n in archives.CIFAR10_CLASSES]
    (folder / "batches.meta").write_bytes(pickle.dumps({b"label_names": names}, protocol=2))


def test_cifar_batches_read_with_test_batch_for_validation(tmp_path):
    _write_cifar(tmp_path / "cifar" / "cifar-10-batches-py")
    bundle = load_dataset(str(tmp_path / "cifar"))
    assert bundle.input_shape == (3, 32, 32)
    assert len(bundle.train_y) == 40 and len(bundle.val_y) == 20
    assert bundle.classes[:2] == ["airplane", "automobile"]


class _Exploit:
    def __reduce__(self):
        return (print, ("this must never run",))


def test_cifar_reader_refuses_pickles_that_run_code(tmp_path):
    folder = tmp_path / "evil"
    folder.mkdir()
    (folder / "data_batch_1").write_bytes(pickle.dumps({b"data": _Exploit(), b"labels": []}))
    with pytest.raises(DatasetError, match="it holds builtins.print, which could run code"):
        load_dataset(str(folder))


# --------------------------------------------------------------------------- download


@pytest.fixture
def file_server(tmp_path):
    """A local HTTP server (127.0.0.1, a free port) serving ``tmp_path / "www"``."""
    root = tmp_path / "www"
    root.mkdir()

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), partial(Quiet, directory=root))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield root, f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()
    thread.join()


def test_download_fetches_every_file_then_loads(tmp_path, file_server):
    root, url = file_server
    _write_idx(root)
    target = tmp_path / "mnist"
    progress = []
    result = download("mnist", target, base_url=url, progress=lambda f, t: progress.append(f))
    assert result == target
    assert sorted(p.name for p in target.iterdir()) == sorted(p.name for p in root.iterdir())
    assert progress[-1] == 1.0 and progress == sorted(progress)
    bundle = load_dataset(str(target))
    assert len(bundle.train_y) == 40 and bundle.classes[0] == "0"
    # a second download finds the files there and fetches nothing
    for p in root.iterdir():
        p.unlink()
    download("mnist", target, base_url=url)


def test_download_failures_are_one_clear_line(tmp_path, file_server):
    root, url = file_server
    with pytest.raises(DatasetError, match="can't download .*train-images-idx3-ubyte.gz"):
        download("mnist", tmp_path / "m", base_url=url)
    assert not any((tmp_path / "m").glob("*.part"))
    _write_idx(root)
    with pytest.raises(DatasetError, match="checksum"):
        download("mnist", tmp_path / "m", base_url=url, verify=True)
    with pytest.raises(DatasetError, match="choose one of"):
        download("imagenet", tmp_path / "i")


def test_named_download_is_found_by_name(tmp_path, file_server, monkeypatch):
    from engine.data import dataset_folder

    root, url = file_server
    _write_idx(root)
    download("fashion-mnist", dataset_folder("fashion-mnist"), base_url=url)
    bundle = load_dataset("fashion-mnist")
    assert bundle.name == "fashion-mnist" and bundle.classes[-1] == "Ankle boot"
