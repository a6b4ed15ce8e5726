"""What decoding a folder tells the user: skipped files, left-out classes, big images."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from engine.i18n import _, ngettext

#: Files named in a notice before "and N more".
SHOWN = 3


def listing(names: list[str]) -> str:
    """``a, b, c and 4 more``."""
    shown = ", ".join(names[:SHOWN])
    if len(names) > SHOWN:
        shown += _(" and {count} more", count=len(names) - SHOWN)
    return shown


def folder_notices(folder: Path, files, work, classes, empty, shape, natural) -> list[str]:
    """Notices of one decode pass (``work``: an ``engine.data.folder._Pass``)."""
    name = folder.name
    notices = []
    unreadable = [
        rel for kind, rels in work.problems.items() if kind != "too_large" for rel in rels
    ]
    if unreadable:
        notices.append(
            ngettext(
                "{name}: skipped {n} unreadable file: {files}",
                "{name}: skipped {n} unreadable files: {files}",
                len(unreadable),
                name=name,
                files=listing(sorted(unreadable)),
            )
        )
    too_large = work.problems.get("too_large", [])
    limit = _pillow_limit_millions()
    if too_large:
        notices.append(
            ngettext(
                "{name}: skipped {n} image over {limit} million pixels (Pillow's limit "
                "against decompression bombs): {files}",
                "{name}: skipped {n} images over {limit} million pixels (Pillow's limit "
                "against decompression bombs): {files}",
                len(too_large),
                name=name,
                limit=_pillow_limit_millions(2),
                files=listing(too_large),
            )
        )
    decoded_large = [rel for rel in work.large if rel not in set(too_large)]
    if decoded_large:
        notices.append(
            ngettext(
                "{name}: {n} image is over {limit} million pixels; it was decoded at "
                "reduced size: {files}",
                "{name}: {n} images are over {limit} million pixels; they were decoded at "
                "reduced size, one at a time: {files}",
                len(decoded_large),
                name=name,
                limit=limit,
                files=listing(decoded_large),
            )
        )
    notices += class_notices(name, files, work.labels, classes, empty)
    other = sum(n for (c, h, w), n in work.naturals.items() if (h, w) != natural[1:])
    if other:
        notices.append(
            ngettext(
                "{name}: {n} image of another size resized to {height}×{width}",
                "{name}: {n} images of other sizes resized to {height}×{width}",
                other,
                name=name,
                height=shape[1],
                width=shape[2],
            )
        )
    return notices


def class_notices(name: str, files, labels: np.ndarray, classes, empty) -> list[str]:
    """Class folders left out: no image files at all, or none of them readable."""
    notices = []
    if empty:
        notices.append(
            _(
                "{name}: left out class folders without images: {classes}",
                name=name,
                classes=listing(empty),
            )
        )
    dead = dead_classes(files, labels, classes)
    if dead:
        notices.append(
            _(
                "{name}: left out class folders whose images are all unreadable: {classes}",
                name=name,
                classes=listing(dead),
            )
        )
    return notices


def dead_classes(files, labels: np.ndarray, classes) -> list[str]:
    """Classes with image files of which none could be read."""
    alive = set(labels[labels >= 0].tolist())
    having = {label for _rel, label in files}
    return [classes[i] for i in sorted(having - alive)]


def too_few_classes(folder, kept: list[str], empty: list[str], notices=()) -> str:
    """Why a folder can't be a dataset: fewer than two classes with readable images."""
    text = _(
        "{folder}: expected one subfolder of images per class (at least two classes), "
        "found {count} with images",
        folder=folder,
        count=len(kept),
    )
    details = [n.split(": ", 1)[1] for n in notices if ": " in n]
    if empty and not any(empty[0] in d for d in details):
        details.append(
            _("left out class folders without images: {classes}", classes=listing(empty))
        )
    return text + ("; " + "; ".join(details) if details else "")


def _pillow_limit_millions(times: int = 1) -> str:
    """Pillow's decompression-bomb size (it warns above it, refuses above twice it)."""
    from PIL import Image

    return f"{times * (Image.MAX_IMAGE_PIXELS or 0) / 1e6:.0f}"
