"""One image file → uint8 ``[C, H, W]`` at a model's Input size, with Pillow.

What a camera, a scanner or a drawing program writes is converted correctly:

- every mode to 8-bit grey or colour: 16-bit grey (``I;16``) is scaled by 1/257, not
  clipped (clipping turns it almost white); 32-bit integer and float images are scaled to
  their range; palettes become colour; a transparent background becomes white;
  CMYK, YCbCr, LAB and HSV become RGB;
- the EXIF orientation is applied (a phone's portrait photo stands upright);
- large images are decoded at reduced size: JPEG decodes at 1/2, 1/4 or 1/8 scale
  (``draft``) and other formats are box-reduced (``reduce``) right after decoding, so
  memory follows the Input's size; images whose full decode is large wait for each
  other (:class:`MemoryGate`), so a folder of huge PNGs never decodes many at once;
- Pillow's decompression-bomb warning is not printed: an image over its size limit is
  reported (``Decoded.large``) and the caller says so in one notice.
"""

from __future__ import annotations

import sys
import threading
import warnings
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from engine.data.pixels import GREY_MODES, SIXTEEN_BIT, eight_bit
from engine.i18n import _

IMAGE_SUFFIXES = frozenset(
    {".png", ".jpg", ".jpeg", ".bmp", ".gif", ".webp", ".tif", ".tiff", ".ppm", ".pgm"}
)
#: Decoded images larger than this (bytes) wait for each other (see MemoryGate).
GATE_BYTES = 256 * 1024**2
#: Modes Image.reduce can't handle: converted first.
_CONVERT_FIRST = ("1", "P", *SIXTEEN_BIT)


@dataclass(frozen=True)
class Decoded:
    """The result of decoding one file: ``array`` uint8 ``[C, H, W]``, or None with a
    short ``problem`` (why it can't be read). ``large``: over Pillow's size limit."""

    array: np.ndarray | None
    problem: str | None = None
    large: bool = False
    #: the file's own (C, H, W): C 1 for grey modes, 3 for the others
    natural: tuple[int, int, int] | None = None


class MemoryGate:
    """Lets decodes proceed while their full-size pixels fit in ``budget`` bytes together.

    One image larger than the budget waits until it is alone, so a folder of huge PNGs
    (which can't be decoded at reduced size) is decoded one at a time.
    """

    def __init__(self, budget: int = GATE_BYTES):
        self.budget, self.used = budget, 0
        self._cond = threading.Condition()

    def acquire(self, nbytes: int) -> int:
        need = min(nbytes, self.budget)
        with self._cond:
            self._cond.wait_for(lambda: self.used + need <= self.budget)
            self.used += need
        return need

    def release(self, taken: int) -> None:
        with self._cond:
            self.used -= taken
            self._cond.notify_all()


_GATE = MemoryGate()


def _libc():
    try:
        import ctypes

        return ctypes.CDLL("libc.so.6") if sys.platform.startswith("linux") else None
    except OSError:
        return None


_LIBC = _libc()


def return_memory() -> None:
    """Hand freed heap memory back to the system: glibc keeps a huge image's freed pixels
    in each decoding thread's heap otherwise, and the process stays as large as if it
    still held them."""
    if _LIBC is not None:
        _LIBC.malloc_trim(0)


def _quiet_bomb_warnings() -> None:
    """Pillow warns (with Python's warnings) about images over its size limit; we say so
    in a notice instead. The filter is process-wide and only for that warning."""
    from PIL import Image

    warnings.filterwarnings("ignore", category=Image.DecompressionBombWarning)


def decode_file(path: str | Path, shape: tuple[int, int, int], gate: MemoryGate = _GATE) -> Decoded:
    """``path`` decoded and fitted to ``shape`` (C, H, W; C is 1 or 3)."""
    from PIL import Image

    _quiet_bomb_warnings()
    try:
        with Image.open(path) as img:
            large = img.width * img.height > (Image.MAX_IMAGE_PIXELS or float("inf"))
            natural = (1 if img.mode in GREY_MODES else 3, img.height, img.width)
            return Decoded(fit_image(img, shape, gate), None, large, natural)
    except Image.DecompressionBombError:
        return Decoded(None, "too_large", True)
    except Exception as exc:  # noqa: BLE001 - Pillow raises many types for a bad file
        return Decoded(None, type(exc).__name__)


def problem_text(path, problem: str | None) -> str:
    """One line saying why ``path`` couldn't be decoded (``Decoded.problem``)."""
    if problem == "FileNotFoundError":
        return _("{path}: no such file", path=path)
    if problem == "too_large":
        return _(
            "{path}: the image is too large to decode safely (Pillow's limit against "
            "decompression bombs)",
            path=path,
        )
    if problem in ("UnidentifiedImageError", "IsADirectoryError"):
        return _("{path}: not an image file Convas can read", path=path)
    return _("{path}: can't read the image ({reason})", path=path, reason=problem)


def fit_image(img, shape: tuple[int, int, int], gate: MemoryGate = _GATE) -> np.ndarray:
    """An opened (or in-memory) Pillow image as uint8 ``[C, H, W]`` of ``shape``."""
    from PIL import Image

    channels, height, width = shape
    side = max(height, width)  # the EXIF rotation may swap the axes: ask for both
    img.draft(None, (side, side))  # JPEG: decode at 1/2, 1/4 or 1/8 scale (no-op elsewhere)
    taken = gate.acquire(img.width * img.height * max(1, len(img.getbands())) * 2)
    try:
        img.load()
        reduced = _reduce(img, side)
        if reduced is not img:
            img.close()  # the full-size pixels go before the next large decode starts
            if taken >= gate.budget:
                return_memory()
        img = reduced
    finally:
        gate.release(taken)
    img = _oriented(img)
    img = eight_bit(img)
    img = img.convert("L" if channels == 1 else "RGB")
    if img.size != (width, height):
        img = img.resize((width, height), Image.Resampling.BILINEAR)
    array = np.asarray(img, dtype=np.uint8)
    array = array[None] if array.ndim == 2 else array.transpose(2, 0, 1)
    return np.ascontiguousarray(array)


def _reduce(img, side: int):
    """Box-reduce by the largest whole factor that keeps both sides ≥ ``side``."""
    factor = min(img.width, img.height) // max(1, side)
    if factor < 2:
        return img
    if img.mode in _CONVERT_FIRST:
        img = eight_bit(img)
    return img.reduce(factor)


def _oriented(img):
    """Apply the EXIF orientation (only when the file has one that isn't upright)."""
    try:
        orientation = img.getexif().get(0x0112, 1)
    except Exception:  # noqa: BLE001 - a damaged EXIF block: keep the pixels as stored
        return img
    if orientation in (None, 1):
        return img
    from PIL import ImageOps

    return ImageOps.exif_transpose(img)
