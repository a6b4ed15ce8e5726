"""Downloading MNIST, Fashion-MNIST and CIFAR-10 (on machines with internet).

Files go to a temporary name first and are renamed when complete and verified, so an
interrupted download never leaves a file that looks whole.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tarfile
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from engine.data.bundle import DatasetError
from engine.i18n import _

Progress = Callable[[float, str], None]
_CHUNK = 1 << 16


@dataclass(frozen=True)
class Source:
    """Where a dataset is published: a base URL and its files with their MD5."""

    title: str
    base_url: str
    files: tuple[tuple[str, str], ...]
    extract: bool = False  # a tar.gz to unpack after download


SOURCES = {
    "mnist": Source(
        "MNIST",
        "https://ossci-datasets.s3.amazonaws.com/mnist/",
        (
            ("train-images-idx3-ubyte.gz", "f68b3c2dcbeaaa9fbdd348bbdeb94873"),
            ("train-labels-idx1-ubyte.gz", "d53e105ee54ea40749a09fcbcd1e9432"),
            ("t10k-images-idx3-ubyte.gz", "9fb629c4189551a2d022fa330f9573f3"),
            ("t10k-labels-idx1-ubyte.gz", "ec29112dd5afa0611ce80d1b7f02629c"),
        ),
    ),
    "fashion-mnist": Source(
        "Fashion-MNIST",
        "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/",
        (
            ("train-images-idx3-ubyte.gz", "8d4fb7e6c68d591d4c3dfef9ec88bf0d"),
            ("train-labels-idx1-ubyte.gz", "25c81989df183df01b3e8a0aad5dffbe"),
            ("t10k-images-idx3-ubyte.gz", "bef4ecab320f06d8554ea6380940ec79"),
            ("t10k-labels-idx1-ubyte.gz", "bb300cfdad3c16e7a12a480ee83cd310"),
        ),
    ),
    "cifar10": Source(
        "CIFAR-10",
        "https://www.cs.toronto.edu/~kriz/",
        (("cifar-10-python.tar.gz", "c58f30108f718f92721af3b95e74349a"),),
        extract=True,
    ),
}
DOWNLOADABLE = tuple(SOURCES)


def download(
    name: str,
    folder: str | os.PathLike,
    base_url: str | None = None,
    progress: Progress | None = None,
    verify: bool | None = None,
    timeout: float = 30.0,
) -> Path:
    """Download dataset ``name`` into ``folder`` and return the folder.

    ``base_url`` replaces the official address (a mirror, or a local server in
    tests); ``verify`` checks the official MD5 sums and defaults to True only for the
    official address. Files already present (and valid) are not fetched again.
    ``progress(fraction, text)`` may raise to cancel. Raises :class:`DatasetError`.
    """
    source = SOURCES.get(name)
    if source is None:
        raise DatasetError(
            _(
                "can't download {name!r}: choose one of {choices}",
                name=name,
                choices=", ".join(DOWNLOADABLE),
            )
        )
    verify = base_url is None if verify is None else verify
    base = (base_url or source.base_url).rstrip("/") + "/"
    target = Path(folder)
    target.mkdir(parents=True, exist_ok=True)
    count = len(source.files)
    for index, (filename, md5) in enumerate(source.files):
        path = target / filename
        if _already_there(path, md5 if verify else None, source.extract):
            continue

        def report(fraction: float, index=index, filename=filename) -> None:
            if progress:
                progress(
                    (index + fraction) / count,
                    _("{title}: downloading {file}", title=source.title, file=filename),
                )

        _fetch(base + filename, path, md5 if verify else None, report, timeout)
        if source.extract:
            _extract(path, target)
    if progress:
        progress(1.0, _("{title}: ready in {folder}", title=source.title, folder=target))
    return target


def _already_there(path: Path, md5: str | None, extracted: bool) -> bool:
    if extracted:  # the archive is removed after unpacking; look for what it held
        return (path.parent / "cifar-10-batches-py" / "data_batch_1").is_file()
    return path.is_file() and (md5 is None or _md5(path) == md5)


def _fetch(
    url: str, path: Path, md5: str | None, report: Callable[[float], None], timeout: float
) -> None:
    partial = path.with_name(path.name + ".part")
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response, partial.open("wb") as out:
            total = int(response.headers.get("Content-Length") or 0)
            done = 0
            report(0.0)
            while chunk := response.read(_CHUNK):
                out.write(chunk)
                done += len(chunk)
                report(done / total if total else 0.0)
        if md5 is not None and _md5(partial) != md5:
            raise DatasetError(
                _("{url}: the downloaded file is damaged (checksum mismatch)", url=url)
            )
        os.replace(partial, path)
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", None) or exc
        raise DatasetError(_("can't download {url}: {reason}", url=url, reason=reason)) from None
    finally:
        partial.unlink(missing_ok=True)


def _extract(archive: Path, target: Path) -> None:
    try:
        with tarfile.open(archive, "r:gz") as tar:
            tar.extractall(target, filter="data")  # refuses absolute paths and "..": safe
    except (tarfile.TarError, OSError) as exc:
        shutil.rmtree(target / "cifar-10-batches-py", ignore_errors=True)
        raise DatasetError(
            _("{name}: can't be unpacked ({error})", name=archive.name, error=exc)
        ) from None
    archive.unlink(missing_ok=True)


def _md5(path: Path) -> str:
    digest = hashlib.md5(usedforsecurity=False)
    with path.open("rb") as f:
        while chunk := f.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()
