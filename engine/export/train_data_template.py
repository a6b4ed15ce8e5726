"""Template of the data part of an exported ``train.py`` (torch, numpy; no Convas).

The text reproduces :mod:`engine.data`'s pipeline for the built-in datasets, MNIST and
CIFAR-10 files and image folders, formatted as ``ruff format`` leaves it.
"""

DATA_SOURCE = r'''
# --------------------------------------------------------------------------- data
# The same pipeline as the Convas window: images decoded to uint8, split per class by
# the seed, converted to the Input's channels and size, normalised per channel with
# the training split's mean and standard deviation.

CHUNK = 4096
LUMA = torch.tensor([0.299, 0.587, 0.114])
SHAPE_CLASSES = ("circle", "square", "triangle", "cross", "star", "ring")
SHAPES_SEED = 20240611


class Data:
    """A dataset split and fitted to the network's input."""

    def __init__(self, images, labels, classes, val=None):
        self.images, self.labels, self.classes, self.val = images, labels, classes, val


def load_images(name: str, size: tuple[int, int]) -> Data:
    """Decoded uint8 images [N, H, W, C] with labels, from a name or a folder."""
    if name == "digits":
        return digits()
    if name == "shapes":
        return shapes()
    path = Path(os.path.expanduser(name))
    if not path.is_dir():
        raise SystemExit(
            f"dataset {name!r}: use digits, shapes, or a folder of images with one "
            "subfolder per class (or MNIST / CIFAR-10 files)"
        )
    if any(path.glob("train-images*idx3-ubyte*")):
        return mnist(path)
    for root in (path, path / "cifar-10-batches-py"):
        if (root / "data_batch_1").is_file():
            return cifar10(root)
    return image_folder(path, size)


def digits() -> Data:
    """scikit-learn's 1,797 handwritten digits (8x8, grey), pixel values 0..16."""
    spec = importlib.util.find_spec("sklearn")
    roots = spec.submodule_search_locations if spec is not None else None
    found = [Path(r) / "datasets" / "data" / "digits.csv.gz" for r in roots or []]
    found = [path for path in found if path.is_file()]
    if found:  # the bundled file itself: much quicker than importing sklearn
        data = np.loadtxt(found[0], delimiter=",")
        pixels, labels = data[:, :-1], data[:, -1]
    else:
        from sklearn.datasets import load_digits

        bunch = load_digits()
        pixels, labels = bunch.data, bunch.target
    images = np.rint(pixels.reshape(-1, 8, 8, 1) * (255.0 / 16.0)).astype(np.uint8)
    return Data(images, labels.astype(np.int64), [str(d) for d in range(10)])


def shapes(per_class: int = 600, size: int = 32) -> Data:
    """Six kinds of shape at random size, position, rotation and colour, with noise."""
    rng = np.random.default_rng(SHAPES_SEED)
    images, labels = [], []
    for label, kind in enumerate(SHAPE_CLASSES):
        images.append(draw_shapes(kind, per_class, size, rng))
        labels.append(np.full(per_class, label, dtype=np.int64))
    return Data(np.concatenate(images), np.concatenate(labels), list(SHAPE_CLASSES))


def draw_shapes(kind: str, n: int, size: int, rng: np.random.Generator) -> np.ndarray:
    grid = size * 2
    axis = (np.arange(grid, dtype=np.float32) + 0.5) / grid * 2.0 - 1.0
    scale = rng.uniform(0.38, 0.7, n).astype(np.float32)
    reach = 0.95 - scale
    cx = rng.uniform(-1.0, 1.0, n).astype(np.float32) * reach
    cy = rng.uniform(-1.0, 1.0, n).astype(np.float32) * reach
    angle = rng.uniform(0.0, 2.0 * np.pi, n).astype(np.float32)
    x = (axis[None, None, :] - cx[:, None, None]) / scale[:, None, None]
    y = (axis[None, :, None] - cy[:, None, None]) / scale[:, None, None]
    cos, sin = np.cos(angle)[:, None, None], np.sin(angle)[:, None, None]
    u, v = x * cos + y * sin, -x * sin + y * cos
    mask = shape_mask(kind, u, v).astype(np.float32)
    mask = mask.reshape(n, size, 2, size, 2).mean(axis=(2, 4))
    background = rng.uniform(0.0, 1.0, (n, 3)).astype(np.float32)
    foreground = rng.uniform(0.0, 1.0, (n, 3)).astype(np.float32)
    luma = np.array([0.299, 0.587, 0.114], dtype=np.float32)
    weak = np.abs((foreground - background) @ luma) < 0.3
    dark = (background @ luma) > 0.5
    foreground[weak & dark] *= 0.25
    foreground[weak & ~dark] = 0.75 + 0.25 * foreground[weak & ~dark]
    img = background[:, None, None, :] * (1.0 - mask[..., None])
    img = img + foreground[:, None, None, :] * mask[..., None]
    img += 0.04 * rng.standard_normal(img.shape, dtype=np.float32)
    return np.clip(img * 255.0 + 0.5, 0, 255).astype(np.uint8)


def shape_mask(kind: str, u: np.ndarray, v: np.ndarray) -> np.ndarray:
    au, av, r2 = np.abs(u), np.abs(v), u * u + v * v
    if kind == "circle":
        return r2 <= 1.0
    if kind == "ring":
        return (r2 <= 1.0) & (r2 >= 0.36)
    if kind == "square":
        return np.maximum(au, av) <= 0.78
    if kind == "cross":
        return ((au <= 0.3) & (av <= 0.95)) | ((av <= 0.3) & (au <= 0.95))
    if kind == "triangle":
        inside = np.ones(u.shape, dtype=bool)
        for k in range(3):
            a = math.pi / 2 + k * 2 * math.pi / 3
            inside &= (u * math.cos(a) + v * math.sin(a)) >= -0.5
        return inside
    sector = math.pi / 5  # a five-pointed star, inner radius 0.42
    phi = sector - np.abs(np.mod(np.arctan2(v, u), 2 * sector) - sector)
    p2x, p2y = 0.42 * math.cos(sector), 0.42 * math.sin(sector)
    nx, ny = p2y, 1.0 - p2x
    return np.sqrt(r2) * (nx * np.cos(phi) + ny * np.sin(phi)) <= nx


def read_idx(path: Path) -> np.ndarray:
    data = path.read_bytes()
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    dtypes = {0x08: ">u1", 0x09: ">i1", 0x0B: ">i2", 0x0C: ">i4", 0x0D: ">f4"}
    ndim = data[3]
    dims = tuple(int(d) for d in np.frombuffer(data, ">u4", count=ndim, offset=4))
    array = np.frombuffer(data, dtype=dtypes[data[2]], offset=4 + 4 * ndim)
    return array.reshape(dims)


def mnist(folder: Path) -> Data:
    """MNIST-style IDX files; the t10k files are the validation set."""

    def pair(prefix: str):
        images = next(folder.glob(f"{prefix}-images*idx3-ubyte*"), None)
        labels = next(folder.glob(f"{prefix}-labels*idx1-ubyte*"), None)
        if images is None or labels is None:
            return None
        x = np.clip(read_idx(images), 0, 255).astype(np.uint8)[..., None]
        return np.ascontiguousarray(x), read_idx(labels).astype(np.int64)

    train, val = pair("train"), pair("t10k")
    classes = [str(i) for i in range(int(train[1].max()) + 1)]
    return Data(train[0], train[1], classes, val)


PICKLED_ARRAYS = frozenset(
    {
        ("numpy", "ndarray"),
        ("numpy", "dtype"),
        ("numpy.core.multiarray", "_reconstruct"),
        ("numpy._core.multiarray", "_reconstruct"),
        ("numpy.core.multiarray", "scalar"),
        ("numpy._core.multiarray", "scalar"),
    }
)


class ArraysOnly(pickle.Unpickler):
    """Unpickles dicts, lists, bytes and numpy arrays, and nothing that runs code."""

    def find_class(self, module: str, name: str):
        if (module, name) in PICKLED_ARRAYS:
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"refusing to load {module}.{name}")


def cifar10(root: Path) -> Data:
    """CIFAR-10 python batches; test_batch is the validation set."""

    def batch(path: Path):
        with path.open("rb") as f:
            raw = ArraysOnly(f, encoding="bytes").load()
        raw = {k.decode() if isinstance(k, bytes) else k: v for k, v in raw.items()}
        x = raw["data"].astype(np.uint8).reshape(-1, 3, 32, 32).transpose(0, 2, 3, 1)
        return np.ascontiguousarray(x), np.asarray(raw["labels"], dtype=np.int64)

    parts = [batch(p) for p in sorted(root.glob("data_batch_*"))]
    images = np.concatenate([p[0] for p in parts])
    labels = np.concatenate([p[1] for p in parts])
    test = root / "test_batch"
    val = batch(test) if test.is_file() else None
    classes = ["airplane", "automobile", "bird", "cat", "deer", "dog"]
    classes += ["frog", "horse", "ship", "truck"]
    return Data(images, labels, classes, val)


def decode_image(path: Path, size: tuple[int, int]) -> np.ndarray | None:
    """One image as uint8 [H, W, 1 or 3] resized to ``size``; None if unreadable."""
    from PIL import Image

    try:
        with Image.open(path) as img:
            grey = img.mode in ("1", "L", "LA", "I", "I;16", "F")
            img = img.convert("L" if grey else "RGB")
            img = img.resize((size[1], size[0]), Image.Resampling.BILINEAR)
            array = np.asarray(img, dtype=np.uint8)
    except Exception:  # noqa: BLE001 - Pillow raises many kinds for a bad file
        return None
    return array[..., None] if array.ndim == 2 else array


def image_folder(folder: Path, size: tuple[int, int]) -> Data:
    """One subfolder of images per class, decoded with Pillow, resized to ``size``."""
    suffixes = {".png", ".jpg", ".jpeg", ".bmp", ".gif", ".webp", ".tif", ".tiff"}
    subfolders = sorted(p for p in folder.iterdir() if p.is_dir())
    images, labels, classes = [], [], []
    for sub in subfolders:
        files = sorted(p for p in sub.rglob("*") if p.suffix.lower() in suffixes)
        decoded = [decode_image(path, size) for path in files]
        decoded = [img for img in decoded if img is not None]
        if decoded:
            labels += [len(classes)] * len(decoded)
            images += decoded
            classes.append(sub.name)
    if len(classes) < 2:
        raise SystemExit(
            f"{folder}: needs one subfolder of images per class (two or more)"
        )
    channels = 3 if any(img.shape[2] == 3 for img in images) else 1
    images = [np.repeat(img, channels // img.shape[2], axis=2) for img in images]
    return Data(np.stack(images), np.array(labels, dtype=np.int64), classes)


def stratified_split(labels: np.ndarray, val_fraction: float, seed: int):
    """Train and validation indices: ``val_fraction`` of each class."""
    rng = np.random.default_rng(seed)
    train, val = [], []
    for cls in np.unique(labels):
        idx = np.flatnonzero(labels == cls)
        rng.shuffle(idx)
        n_val = round(len(idx) * val_fraction)
        if len(idx) >= 2:
            n_val = min(max(n_val, 1), len(idx) - 1)
        val.append(idx[:n_val])
        train.append(idx[n_val:])
    train_idx = rng.permutation(np.concatenate(train))
    return train_idx, rng.permutation(np.concatenate(val))


def to_tensor(images: np.ndarray, shape: tuple[int, int, int]) -> torch.Tensor:
    """uint8 [N, H, W, C] to float32 [N, C, H, W] in 0..1, fitted to ``shape``."""
    c, h, w = shape
    out = torch.empty((len(images), c, h, w), dtype=torch.float32)
    for start in range(0, len(images), CHUNK):
        chunk = torch.from_numpy(np.ascontiguousarray(images[start : start + CHUNK]))
        x = chunk.permute(0, 3, 1, 2).float().div_(255.0)
        if x.shape[1] != c:
            if x.shape[1] == 1:
                x = x.expand(-1, c, -1, -1)
            elif x.shape[1] == 3 and c == 1:
                x = (x * LUMA.view(1, 3, 1, 1)).sum(1, keepdim=True)
            else:
                raise SystemExit(f"can't convert {x.shape[1]}-channel images to {c}")
        if x.shape[-2:] != (h, w):
            down = h < x.shape[-2] or w < x.shape[-1]
            x = F.interpolate(
                x, size=(h, w), mode="bilinear", align_corners=False, antialias=down
            ).clamp_(0.0, 1.0)
        out[start : start + len(x)] = x
    return out


def channel_stats(x: torch.Tensor) -> tuple[tuple[float, ...], tuple[float, ...]]:
    """Per-channel mean and standard deviation over all pixels."""
    c = x.shape[1]
    total = torch.zeros(c, dtype=torch.float64)
    total_sq = torch.zeros(c, dtype=torch.float64)
    for start in range(0, len(x), CHUNK):
        part = x[start : start + CHUNK].double()
        total += part.sum(dim=(0, 2, 3))
        total_sq += (part * part).sum(dim=(0, 2, 3))
    count = x.shape[0] * x.shape[2] * x.shape[3]
    mean = total / count
    std = (total_sq / count - mean * mean).clamp_min(0).sqrt().clamp_min(1e-3)
    return tuple(float(v) for v in mean), tuple(float(v) for v in std)


def load_dataset(name: str, shape, val_fraction: float, seed: int):
    """(train_x, train_y, val_x, val_y, classes), normalised as the window does."""
    data = load_images(name, (shape[1], shape[2]))
    if data.val is not None:
        (train_x, train_y), (val_x, val_y) = (data.images, data.labels), data.val
    else:
        train_idx, val_idx = stratified_split(data.labels, val_fraction, seed)
        train_x, train_y = data.images[train_idx], data.labels[train_idx]
        val_x, val_y = data.images[val_idx], data.labels[val_idx]
    train_x, val_x = to_tensor(train_x, shape), to_tensor(val_x, shape)
    mean, std = channel_stats(train_x)
    mean_t, std_t = (
        torch.tensor(mean).view(1, -1, 1, 1),
        torch.tensor(std).view(1, -1, 1, 1),
    )
    for x in (train_x, val_x):
        x.sub_(mean_t).div_(std_t)
    labels = [torch.from_numpy(np.asarray(y, dtype=np.int64)) for y in (train_y, val_y)]
    return train_x, labels[0], val_x, labels[1], data.classes
'''
