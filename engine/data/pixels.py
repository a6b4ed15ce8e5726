"""Any Pillow image mode to 8-bit grey or colour, as Convas reads images.

16-bit grey (``I;16``) is scaled by 1/257, not clipped (clipping turns it almost white);
32-bit integer and float images are scaled to their range; palettes become colour; a
transparent background becomes white; CMYK, YCbCr, LAB and HSV become RGB.

One source for two places: :mod:`engine.data.decode` uses it, and the exported
``train.py`` carries this module's text (:mod:`engine.export.train_images_template`),
so it imports nothing but numpy and Pillow and names nothing the script names.
"""

import numpy as np

SIXTEEN_BIT = ("I;16", "I;16L", "I;16B", "I;16N")
GREY_MODES = ("1", "L", "LA", "La", "I", "F", *SIXTEEN_BIT)
ALPHA_MODES = ("RGBA", "LA", "PA", "RGBa", "La")


def eight_bit(img):
    """Any mode → L, RGB, or one of them with alpha composited over white."""
    from PIL import Image

    mode = img.mode
    if mode in ("L", "RGB"):
        return img
    if mode == "1":
        return img.convert("L")
    if mode in ("P", "PA"):
        transparent = mode == "PA" or "transparency" in img.info
        img = img.convert("RGBA" if transparent else "RGB")
        mode = img.mode
    if mode in SIXTEEN_BIT or mode in ("I", "F"):
        return Image.fromarray(scaled(np.asarray(img), mode), "L")
    if mode in ALPHA_MODES:
        return over_white(img)
    return img.convert("RGB")


def scaled(values: np.ndarray, mode: str) -> np.ndarray:
    """16-bit, 32-bit or float pixels → uint8 over their range (row by row, little memory)."""
    values = values.astype(values.dtype.newbyteorder("="), copy=False)
    top = 65535.0 if mode in SIXTEEN_BIT else range_top(values, mode)
    out = np.empty(values.shape, dtype=np.uint8)
    for row in range(0, values.shape[0], 256):
        part = np.nan_to_num(values[row : row + 256].astype(np.float32), nan=0.0)
        out[row : row + 256] = np.clip(np.rint(part * (255.0 / top)), 0, 255)
    return out


def range_top(values: np.ndarray, mode: str) -> float:
    """The white level of a 32-bit or float image: 1.0 for floats within 0..1, else the
    smallest of 8, 10, 12, 14 or 16 bits that holds the brightest pixel (a 12-bit camera
    image is 0..4095), else the brightest pixel itself."""
    finite = values[np.isfinite(values)] if mode == "F" else values
    peak = float(finite.max()) if finite.size else 0.0
    if mode == "F" and peak <= 1.0:
        return 1.0
    for bits in (8, 10, 12, 14, 16):
        if peak < 2**bits:
            return float(2**bits - 1)
    return peak


def over_white(img):
    """Composite an image with alpha over a white background (L or RGB)."""
    from PIL import Image

    if img.mode in ("RGBa", "La"):  # premultiplied alpha
        img = img.convert("RGBA" if img.mode == "RGBa" else "LA")
    base = "L" if img.mode == "LA" else "RGB"
    background = Image.new(base, img.size, "white")
    background.paste(img.convert(base), mask=img.getchannel("A"))
    return background
