"""Template of the image-file part of an exported ``train.py`` (torch, numpy, Pillow).

Images decoded as Convas decodes them (modes, EXIF orientation, reduced size, 16-bit
and float images), an image folder scanned into classes, and decoded once into a uint8
cache file that every process memory-maps (or by DataLoader workers as they are read
when there is no room for it). Part of :data:`engine.export.train_data_template.DATA_SOURCE`.
"""

import inspect

from engine.data import pixels


def _pixels_source() -> str:
    """engine/data/pixels.py as the script carries it: its code, not its docstring or
    its numpy import (the script has both numpy and its own header)."""
    code = inspect.getsource(pixels).split("import numpy as np\n", 1)[1].strip("\n")
    return "# Pixel modes: the code Convas runs (engine/data/pixels.py), copied.\n\n" + code


PIXELS_SOURCE = _pixels_source()

IMAGES_SOURCE = (
    r'''
# --- image files: decoded as Convas decodes them (modes, EXIF, reduced size)


def decode_image(path, shape):
    """One image file as uint8 [C, H, W] at ``shape``; None if unreadable."""
    from PIL import Image

    warnings.filterwarnings("ignore", category=Image.DecompressionBombWarning)
    channels, height, width = shape
    side = max(height, width)
    try:
        with Image.open(path) as img:
            img.draft(None, (side, side))  # JPEG: decode at 1/2, 1/4 or 1/8 scale
            img.load()
            factor = min(img.width, img.height) // side
            if factor >= 2:
                if img.mode in ("1", "P", *SIXTEEN_BIT):  # modes reduce can't take
                    img = eight_bit(img)
                img = img.reduce(factor)
            if img.getexif().get(0x0112, 1) not in (None, 1):
                from PIL import ImageOps

                img = ImageOps.exif_transpose(img)
            img = eight_bit(img).convert("L" if channels == 1 else "RGB")
            if img.size != (width, height):
                img = img.resize((width, height), Image.Resampling.BILINEAR)
            array = np.asarray(img, dtype=np.uint8)
    except Exception:  # noqa: BLE001 - Pillow raises many kinds for a bad file
        return None
    array = array[None] if array.ndim == 2 else array.transpose(2, 0, 1)
    return np.ascontiguousarray(array)


'''
    + PIXELS_SOURCE
    + r'''


class FileImages(torch.utils.data.Dataset):
    """Image files decoded on every read (in DataLoader worker processes)."""

    def __init__(self, paths: list, shape):
        self.paths, self.shape = paths, tuple(shape)

    def __len__(self) -> int:
        return len(self.paths)

    def __getitem__(self, index: int):
        image = decode_image(self.paths[index], self.shape)
        if image is None:
            return torch.zeros(self.shape, dtype=torch.uint8), False
        return torch.from_numpy(image), True


def scan_folder(folder: Path):
    """(classes, files, labels) of a folder with one subfolder per class."""
    classes, files, labels = [], [], []
    for sub in sorted(p for p in folder.iterdir() if p.is_dir()):
        if sub.name.startswith("."):
            continue
        found = sorted(
            p
            for p in sub.rglob("*")
            if p.suffix.lower() in SUFFIXES
            and p.is_file()
            and not any(part.startswith(".") for part in p.relative_to(folder).parts)
        )
        if found:
            files += [str(p) for p in found]
            labels += [len(classes)] * len(found)
            classes.append(sub.name)
    return classes, files, np.array(labels, dtype=np.int64)


def image_folder(folder: Path, shape, workers: int) -> dict:
    """The folder decoded once at ``shape``: into a uint8 cache file beside this
    script (memory-mapped by every process), or, without room for it, left to be
    decoded again as it is read. Returns the images, labels, classes and sums."""
    classes, files, labels = scan_folder(folder)
    key = hashlib.sha256(f"{folder.resolve()}|{tuple(shape)}".encode())
    for path in files:
        st = os.stat(path)
        key.update(f"|{path}:{st.st_size}:{st.st_mtime_ns}".encode())
    cache = Path(__file__).resolve().parent / "cache" / key.hexdigest()[:24]
    size = len(files) * int(np.prod(shape))
    rank = int(os.environ.get("RANK", "0"))
    if rank == 0 and not (cache / "index.npz").is_file():
        decode_folder(files, shape, workers, cache, size)
    if dist.is_initialized():
        dist.barrier()  # rank 0 has decoded the folder
    if (cache / "index.npz").is_file():
        with np.load(cache / "index.npz") as index:
            ok, sums, sumsq = index["ok"], index["sums"], index["sumsq"]
        images = np.memmap(cache / "images.u8", np.uint8, "r", 0, (len(files), *shape))
    else:  # no room for a cache: sums from a pass of this process, decoded as read
        images = FileImages(files, shape)
        ok, sums, sumsq = decode_pass(images, workers, None)
    labels = np.where(ok, labels, -1)
    present = sorted(set(labels[labels >= 0].tolist()))  # classes with a readable image
    remap = np.full(len(classes) + 1, -1, dtype=np.int64)
    remap[present] = np.arange(len(present))
    labels = remap[labels]  # -1 stays -1 (the last entry)
    return images, labels, [classes[i] for i in present], (sums, sumsq)


def decode_pass(dataset, workers: int, sink):
    """Decode every image once (DataLoader workers): (readable, sums, sums of squares)."""
    loader = torch.utils.data.DataLoader(dataset, batch_size=64, num_workers=workers)
    ok, sums, sumsq, start = [], [], [], 0
    for images, readable in loader:
        flat = images.reshape(len(images), images.shape[1], -1).to(torch.int64)
        sums.append(flat.sum(2).numpy())
        sumsq.append((flat * flat).sum(2).numpy())
        ok.append(readable.numpy())
        if sink is not None:
            sink[start : start + len(images)] = images.numpy()
        start += len(images)
    return np.concatenate(ok), np.concatenate(sums), np.concatenate(sumsq)


def decode_folder(files: list, shape, workers: int, cache: Path, size: int) -> None:
    """Decode into ``cache`` (images.u8, then index.npz) if the disk has room."""
    cache.mkdir(parents=True, exist_ok=True)
    if size > shutil.disk_usage(cache).free // 2:
        return
    path = cache / "images.u8"
    sink = np.memmap(path, np.uint8, "w+", 0, (len(files), *shape))
    ok, sums, sumsq = decode_pass(FileImages(files, shape), workers, sink)
    sink.flush()
    del sink
    with open(cache / "index.tmp", "wb") as f:
        np.savez(f, ok=ok, sums=sums, sumsq=sumsq)
    os.replace(cache / "index.tmp", cache / "index.npz")

'''
)
