"""Template of the data part of an exported ``train.py`` (torch, numpy; no Convas).

The text reproduces :mod:`engine.data`'s pipeline — the built-in datasets, MNIST and
CIFAR-10 files and image folders, decoded to uint8 at the Input's size, split per
class by the seed, normalised with exact sums over the training split — and reads the
images the same way whatever their number: an image folder is decoded once into a
uint8 cache file beside the script that every process memory-maps (the system's file
cache keeps it in memory when it fits, shared by all torchrun processes); without
room on the disk, DataLoader worker processes decode the files as they are read. It
is formatted as ``ruff format`` leaves it.

The image files' part (decoding as Convas decodes, the folder's cache) is in
:mod:`engine.export.train_images_template`; :data:`DATA_SOURCE` is the three parts in
the order ``train.py`` has them.
"""

from engine.export.train_images_template import IMAGES_SOURCE

#: The built-in datasets, MNIST and CIFAR-10 files, arrays fitted to the Input.
DATASETS_SOURCE = r'''
# --------------------------------------------------------------------------- data
# The same pipeline as the Convas window: images decoded to uint8 at the network's
# Input size, split per class by the seed, normalised per channel with the training
# split's mean and standard deviation (exact sums of the stored pixels).

CHUNK = 1024
LUMA = torch.tensor([0.299, 0.587, 0.114])
SHAPE_CLASSES = ("circle", "square", "triangle", "cross", "star", "ring")
SHAPES_SEED = 20240611
STATS_SAMPLE = 4096
SUFFIXES = {".png", ".jpg", ".jpeg", ".bmp", ".gif", ".webp", ".tif", ".tiff"}
SUFFIXES |= {".ppm", ".pgm"}


class Natural:
    """Decoded uint8 images [N, H, W, C] at their own size, with labels."""

    def __init__(self, images, labels, classes, val=None):
        self.images, self.labels, self.classes, self.val = images, labels, classes, val


def load_natural(name: str):
    """A built-in dataset or MNIST / CIFAR-10 files; None for an image folder."""
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
    return None


def digits() -> Natural:
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
    return Natural(images, labels.astype(np.int64), [str(d) for d in range(10)])


def shapes(per_class: int = 600, size: int = 32) -> Natural:
    """Six kinds of shape at random size, position, rotation and colour, with noise."""
    rng = np.random.default_rng(SHAPES_SEED)
    images, labels = [], []
    for label, kind in enumerate(SHAPE_CLASSES):
        images.append(draw_shapes(kind, per_class, size, rng))
        labels.append(np.full(per_class, label, dtype=np.int64))
    return Natural(np.concatenate(images), np.concatenate(labels), list(SHAPE_CLASSES))


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


def mnist(folder: Path) -> Natural:
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
    return Natural(train[0], train[1], classes, val)


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


def cifar10(root: Path) -> Natural:
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
    return Natural(images, labels, classes, val)


def fit_arrays(images: np.ndarray, shape) -> torch.Tensor:
    """uint8 [N, H, W, C] to uint8 [N, *shape]: channels and size converted."""
    c, h, w = shape
    out = torch.empty((len(images), c, h, w), dtype=torch.uint8)
    for start in range(0, len(images), CHUNK):
        part = np.array(images[start : start + CHUNK])
        x = torch.from_numpy(part).permute(0, 3, 1, 2)
        if tuple(x.shape[1:]) == (c, h, w):
            out[start : start + len(x)] = x
            continue
        x = x.float()
        if x.shape[1] == 1 and c == 3:
            x = x.expand(-1, 3, -1, -1)
        elif x.shape[1] == 3 and c == 1:
            x = (x * LUMA.view(1, 3, 1, 1)).sum(1, keepdim=True)
        elif x.shape[1] != c:
            raise SystemExit(f"can't convert {x.shape[1]}-channel images to {c}")
        if tuple(x.shape[-2:]) != (h, w):
            down = h < x.shape[-2] or w < x.shape[-1]
            x = F.interpolate(
                x, size=(h, w), mode="bilinear", align_corners=False, antialias=down
            )
        out[start : start + len(x)] = x.round_().clamp_(0, 255).to(torch.uint8)
    return out

'''

#: Splits, statistics and the dataset loader that puts the parts together.
SPLITS_SOURCE = r'''
# --- splits, statistics and reading


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


class Split(torch.utils.data.Dataset):
    """Some slots of a store of uint8 [C, H, W] images, read a batch at a time."""

    def __init__(self, images, slots: np.ndarray, labels: np.ndarray, fit=None):
        self.images, self.slots, self.fit = images, slots, fit
        self.labels = torch.from_numpy(labels[slots].copy())

    def __len__(self) -> int:
        return len(self.slots)

    def __getitems__(self, positions):
        """(the images at ``positions`` as uint8 [B, C, H, W], the positions)."""
        positions = np.asarray(positions, dtype=np.int64)
        return self.read_slots(self.slots[positions]), torch.from_numpy(positions)

    def read_slots(self, slots: np.ndarray) -> torch.Tensor:
        if isinstance(self.images, FileImages):
            return torch.stack([self.images[int(s)][0] for s in slots])
        if self.fit is not None:
            return fit_arrays(self.images[slots], self.fit)
        if isinstance(self.images, torch.Tensor):
            return torch.index_select(self.images, 0, torch.from_numpy(slots))
        return torch.from_numpy(np.array(self.images[slots]))


class Data:
    """A dataset split, with the normalisation of its training split."""

    def __init__(self, train: Split, val: Split, classes: list, mean, std):
        self.train, self.val, self.classes = train, val, classes
        self.mean, self.std = mean, std
        std_t = torch.tensor(std, dtype=torch.float32).view(-1, 1, 1)
        self.scale = 1.0 / (255.0 * std_t)
        self.shift = -torch.tensor(mean, dtype=torch.float32).view(-1, 1, 1) / std_t

    def normalise(self, raw: torch.Tensor) -> torch.Tensor:
        scale, shift = self.scale.to(raw.device), self.shift.to(raw.device)
        return raw.float().mul_(scale).add_(shift)


def channel_stats(sums, sumsq, shape, count: int):
    """Per-channel mean and standard deviation of pixel values in 0..1."""
    total, total_sq = sums.sum(0).astype(np.float64), sumsq.sum(0).astype(np.float64)
    pixels = max(1, count * shape[1] * shape[2])
    mean = total / (255.0 * pixels)
    var = total_sq / (255.0 * 255.0 * pixels) - mean * mean
    std = np.maximum(np.sqrt(np.maximum(var, 0.0)), 1e-3)
    return tuple(float(v) for v in mean), tuple(float(v) for v in std)


def fitted_store(natural, shape):
    """Natural arrays fitted in memory when they fit, else as they are read."""
    count = len(natural) * int(np.prod(shape))
    if count <= memory_budget():
        return fit_arrays(natural, shape), None
    return natural, tuple(shape)


def memory_budget() -> int:
    try:
        pages = os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (ValueError, OSError, AttributeError):
        pages = 4 * 1024**3
    return int(0.4 * pages)


def array_sums(split: Split, seed: int):
    """Sums over a seeded sample of the training split (as Convas does for arrays)."""
    slots = split.slots
    if len(slots) > STATS_SAMPLE:
        rng = np.random.default_rng(seed)
        slots = np.sort(rng.choice(slots, STATS_SAMPLE, replace=False))
    sums, sumsq = [], []
    for start in range(0, len(slots), 256):
        raw = split.read_slots(slots[start : start + 256])
        flat = raw.reshape(len(raw), raw.shape[1], -1).to(torch.int64)
        sums.append(flat.sum(2).numpy())
        sumsq.append((flat * flat).sum(2).numpy())
    return np.concatenate(sums), np.concatenate(sumsq)


def load_dataset(name: str, shape, val_fraction: float, seed: int, workers: int = 2):
    """The dataset, fitted to ``shape``, split and normalised as the window does."""
    shape = tuple(shape)
    natural = load_natural(name)
    if natural is None:
        folder = Path(os.path.expanduser(name))
        images, labels, classes, (sums, sumsq) = image_folder(folder, shape, workers)
        kept = np.flatnonzero(labels >= 0)
        train_pos, val_pos = stratified_split(labels[kept], val_fraction, seed)
        train = Split(images, kept[train_pos], labels)
        val = Split(images, kept[val_pos], labels)
        stats = sums[train.slots], sumsq[train.slots]
    else:
        images, fit = fitted_store(natural.images, shape)
        classes = natural.classes
        if natural.val is not None:
            train = Split(images, np.arange(len(natural.labels)), natural.labels, fit)
            val_images, val_fit = fitted_store(natural.val[0], shape)
            val_slots = np.arange(len(natural.val[1]))
            val = Split(val_images, val_slots, natural.val[1], val_fit)
        else:
            train_idx, val_idx = stratified_split(natural.labels, val_fraction, seed)
            train = Split(images, train_idx, natural.labels, fit)
            val = Split(images, val_idx, natural.labels, fit)
        stats = array_sums(train, seed)
    mean, std = channel_stats(*stats, shape, len(train))
    return Data(train, val, classes, mean, std)
'''

DATA_SOURCE = DATASETS_SOURCE + IMAGES_SOURCE + SPLITS_SOURCE
