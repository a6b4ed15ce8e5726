"""Decoding image files: every mode converted correctly, big images at reduced size,
unreadable files and classes named, Pillow's warnings turned into notices."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from PIL import Image

from engine.data import DatasetError, load_dataset
from engine.data.decode import MemoryGate, decode_file


@pytest.fixture(autouse=True)
def private_data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("CONVAS_DATA_DIR", str(tmp_path / "userdata"))


def _save(path, image: Image.Image, **options):
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path, **options)
    return path


def test_sixteen_bit_grey_is_scaled_not_clipped(tmp_path):
    ramp = (np.arange(64 * 64, dtype=np.uint32).reshape(64, 64) * 16).astype(np.uint16)
    path = _save(tmp_path / "deep.png", Image.fromarray(ramp))
    with Image.open(path) as opened:
        assert opened.mode == "I;16"
    decoded = decode_file(path, (1, 64, 64))
    expected = np.rint(ramp / 257.0)
    assert np.abs(decoded.array[0].astype(int) - expected).max() <= 1
    assert decoded.array.mean() == pytest.approx(ramp.mean() / 257, rel=0.01)  # not white
    colour = decode_file(path, (3, 64, 64)).array
    assert np.array_equal(colour[0], colour[2]) and np.array_equal(colour[0], decoded.array[0])


@pytest.mark.parametrize("mode", ["I", "F"])
def test_wide_integer_and_float_images_are_scaled_to_their_range(tmp_path, mode):
    values = np.linspace(0, 1 if mode == "F" else 4000, 32 * 32).reshape(32, 32)
    image = Image.fromarray(values.astype(np.float32 if mode == "F" else np.int32), mode)
    path = _save(tmp_path / "wide.tif", image)
    array = decode_file(path, (1, 32, 32)).array[0]
    assert array.min() == 0 and array.max() >= 245  # its range (12 bits), not a white sheet


def test_transparency_becomes_white_and_palettes_colour(tmp_path):
    rgba = np.zeros((8, 8, 4), np.uint8)
    rgba[..., 0] = 200  # red, but only the left half is opaque
    rgba[:, :4, 3] = 255
    path = _save(tmp_path / "alpha.png", Image.fromarray(rgba, "RGBA"))
    array = decode_file(path, (3, 8, 8)).array
    assert array[:, :, :4].reshape(3, -1).mean(1).tolist() == [200, 0, 0]
    assert (array[:, :, 4:] == 255).all()
    palette = Image.fromarray(rgba[..., :3]).convert("P")
    array = decode_file(_save(tmp_path / "p.png", palette), (3, 8, 8)).array
    assert array[0].max() >= 190 and array[1].max() <= 10


def test_exif_orientation_is_applied(tmp_path):
    pixels = np.zeros((20, 40, 3), np.uint8)
    pixels[:, :20] = 255  # white on the left of a landscape picture
    image = Image.fromarray(pixels)
    exif = image.getexif()
    exif[0x0112] = 6  # "rotate 90° clockwise to view"
    path = _save(tmp_path / "phone.jpg", image, exif=exif, quality=95)
    array = decode_file(path, (1, 40, 20)).array[0]  # portrait once upright
    assert array[:18].mean() > 200 and array[22:].mean() < 50  # white now on top


def test_large_jpeg_is_decoded_at_reduced_size(tmp_path, monkeypatch):
    big = Image.fromarray(np.full((2048, 2048, 3), 128, np.uint8))
    path = _save(tmp_path / "big.jpg", big, quality=90)
    sizes = []
    real_load = Image.Image.load

    def spy(self):
        sizes.append(self.size)
        return real_load(self)

    monkeypatch.setattr(Image.Image, "load", spy)
    array = decode_file(path, (3, 64, 64)).array
    assert array.shape == (3, 64, 64) and abs(int(array.mean()) - 128) <= 2
    assert sizes[0] == (256, 256)  # JPEG's 1/8 scale: 64× fewer pixels than the file


def test_huge_images_wait_for_each_other():
    gate = MemoryGate(budget=100)
    first = gate.acquire(1_000)  # larger than the budget: takes all of it
    assert first == 100 and gate.used == 100
    gate.release(first)
    small = [gate.acquire(30) for _ in range(3)]
    assert gate.used == 90
    for taken in small:
        gate.release(taken)
    assert gate.used == 0


def _folder(root, classes: dict[str, int], size=(10, 10)):
    rng = np.random.default_rng(0)
    for name, count in classes.items():
        (root / name).mkdir(parents=True, exist_ok=True)
        for i in range(count):
            pixels = rng.integers(0, 256, (*size, 3), dtype=np.uint8)
            Image.fromarray(pixels).save(root / name / f"{i}.png")
    return root


def test_a_class_whose_every_file_is_unreadable_is_named(tmp_path):
    root = _folder(tmp_path / "pets", {"cat": 4, "dog": 4, "fox": 0})
    (root / "fox").mkdir(exist_ok=True)
    for i in range(3):
        (root / "fox" / f"{i}.png").write_bytes(b"not a png")
    bundle = load_dataset(str(root))
    assert bundle.classes == ["cat", "dog"]
    text = " | ".join(bundle.notices)
    assert "skipped 3 unreadable files: fox/0.png, fox/1.png, fox/2.png" in text
    assert "whose images are all unreadable: fox" in text


def test_only_one_readable_class_is_refused_naming_the_others(tmp_path):
    root = _folder(tmp_path / "pets", {"cat": 3})
    (root / "dog").mkdir()
    (root / "dog" / "0.jpg").write_bytes(b"garbage")
    (root / "empty").mkdir()
    with pytest.raises(DatasetError) as caught:
        load_dataset(str(root))
    message = str(caught.value)
    assert "at least two classes" in message and "found 1" in message
    assert "dog/0.jpg" in message and "all unreadable: dog" in message
    (root / "dog" / "0.jpg").unlink()
    with pytest.raises(DatasetError, match="without images: dog, empty"):
        load_dataset(str(root))


def test_an_empty_class_folder_is_named_in_a_notice(tmp_path):
    root = _folder(tmp_path / "pets", {"cat": 3, "dog": 3})
    (root / "bird").mkdir()
    bundle = load_dataset(str(root))
    assert bundle.classes == ["cat", "dog"]
    assert any("left out class folders without images: bird" in n for n in bundle.notices)


def test_decompression_bomb_warnings_become_notices(tmp_path, monkeypatch):
    root = _folder(tmp_path / "pets", {"cat": 3, "dog": 3}, size=(10, 10))
    Image.fromarray(np.zeros((12, 12, 3), np.uint8)).save(root / "cat" / "big.png")
    Image.fromarray(np.zeros((16, 16, 3), np.uint8)).save(root / "dog" / "bomb.png")
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 120)  # 12×12 warns, 16×16 is over 2×
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # any Python warning fails the test
        bundle = load_dataset(str(root), input_shape=(3, 10, 10))
    text = " | ".join(bundle.notices)
    assert "over 0 million pixels; it was decoded at reduced size: cat/big.png" in text
    assert "skipped 1 image over 0 million pixels" in text and "dog/bomb.png" in text
    assert len(bundle.train_y) + len(bundle.val_y) == 7


def test_the_exported_train_py_decodes_every_mode_as_convas_does(tmp_path, monkeypatch):
    """One source: train.py carries engine/data/pixels.py, so its pixels are the app's."""
    import importlib.util
    import sys

    from engine import export
    from engine.presets import load_preset

    folder = tmp_path / "code"
    export.export_python(load_preset("digits_cnn"), folder, None, 0)
    monkeypatch.syspath_prepend(str(folder))  # train.py imports its model.py
    monkeypatch.delitem(sys.modules, "model", raising=False)
    spec = importlib.util.spec_from_file_location("exported_train", folder / "train.py")
    train = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(train)
    sys.modules.pop("model", None)  # the exported model.py: not for the next test
    ramp = (np.arange(64 * 64, dtype=np.uint32).reshape(64, 64) * 16).astype(np.uint16)
    rgba = np.zeros((8, 8, 4), np.uint8)
    rgba[..., 0], rgba[:, :4, 3] = 200, 255
    floats = np.linspace(0, 1, 32 * 32, dtype=np.float32).reshape(32, 32)
    images = {
        "deep.png": Image.fromarray(ramp),
        "alpha.png": Image.fromarray(rgba, "RGBA"),
        "palette.png": Image.fromarray(rgba[..., :3]).convert("P"),
        "float.tif": Image.fromarray(floats, "F"),
        "wide.tif": Image.fromarray((floats * 4000).astype(np.int32), "I"),
    }
    for name, image in images.items():
        path = _save(tmp_path / name, image)
        for shape in ((1, 16, 16), (3, 16, 16)):
            mine = decode_file(path, shape).array
            assert np.array_equal(train.decode_image(path, shape), mine), (name, shape)
