"""The digits a user draws, kept on disk as one PNG per sample in a folder per label.

The layout is the ImageFolder convention (root/<label>/<name>.png) that torchvision's
ImageFolder and Keras' image_dataset_from_directory read, so samples drawn here can be used
elsewhere, looked at in any image viewer, and pruned by deleting files. Files are the user's:
loading never changes or removes one it cannot use, it lists it in `skipped` with the reason.

A digit drawn in the app also keeps its pen strokes in `<name>.strokes.json` beside the PNG
(`playground.files.stroke_file`); a sample without a usable one still loads, as an image.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import numpy as np

from playground.core.settings import IMAGE_SIDE
from playground.files.png import PNGError, read_png, read_png_text, write_png
from playground.files.stroke_file import (
    MISSING,
    PNG_KEY,
    StrokeFileError,
    is_strokes_file,
    read_strokes,
    strokes_path,
    write_strokes,
)

LABELS = range(10)


class StoreError(Exception):
    """A sample could not be saved or deleted; the message names the file and the reason."""


@dataclass
class LoadResult:
    """Everything usable under the store's root, plus what was passed over and why."""

    images: np.ndarray  # uint8 (n, 28, 28)
    labels: np.ndarray  # int64 (n,)
    paths: list[Path] = field(default_factory=list)
    skipped: list[tuple[Path, str]] = field(default_factory=list)
    strokes: list[tuple[np.ndarray, ...] | None] = field(default_factory=list)  # per sample
    # strokes files that could not be used (their samples load as images), with the reason
    bad_strokes: list[tuple[Path, str]] = field(default_factory=list)


def _visible(name: str) -> bool:
    return not name.startswith(".")


class SampleStore:
    """User samples under `root`, one folder per digit 0-9."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def save(
        self,
        image: np.ndarray,
        label: int,
        strokes: tuple[np.ndarray, ...] | None = None,
        name: str | None = None,
    ) -> Path:
        """Write a (28, 28) image (floats in [0, 1] or uint8) as root/<label>/<timestamp>.png,
        and the strokes that drew it (if any) beside it; both or neither are written. `name`
        (a deleted sample's, to bring it back where it was) is used if no file has it."""
        if (
            not isinstance(label, int | np.integer)
            or isinstance(label, bool)
            or label not in LABELS
        ):
            raise ValueError(f"label must be an integer 0-9, got {label!r}")
        image = np.asarray(image)
        if image.dtype != np.uint8:
            image = image.astype(np.float32)
        if image.shape != (IMAGE_SIDE, IMAGE_SIDE):
            raise ValueError(f"sample must be 28x28, got shape {image.shape}")
        if not np.isfinite(image).all():
            raise ValueError("sample contains NaN or infinity")
        folder = self.root / str(int(label))
        try:
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / name if name else None
            if path is None or path.name != name or path.suffix != ".png" or path.exists():
                path = self._fresh_name(folder)
        except OSError as exc:
            raise StoreError(f"cannot save a sample in {folder}: {exc.strerror or exc}") from None
        marker = None  # the strokes go first, so the PNG names its strokes file only if kept
        if strokes:
            try:
                marker = {PNG_KEY: write_strokes(path, strokes).name}
            except StrokeFileError:
                pass  # too many strokes to keep: the digit is kept, and trains as an image
            except OSError as exc:
                reason = exc.strerror or exc
                raise StoreError(f"cannot save the strokes of {path}: {reason}") from None
        try:
            write_png(path, image, marker)
        except OSError as exc:
            if marker:
                strokes_path(path).unlink(missing_ok=True)
            raise StoreError(f"cannot save a sample in {folder}: {exc.strerror or exc}") from None
        return path

    @staticmethod
    def _fresh_name(folder: Path) -> Path:
        """A timestamped name no file in `folder` has yet (a counter breaks same-instant ties)."""
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
        path, n = folder / f"{stamp}.png", 0
        while path.exists():
            n += 1
            path = folder / f"{stamp}-{n}.png"
        return path

    def _files(self) -> tuple[list[tuple[int, Path]], list[tuple[Path, str]]]:
        """(label, path) of every visible file under the label folders (and their subfolders,
        as ImageFolder reads them), sorted; symlinked folders inside a label folder are not
        entered, so a link loop cannot trap the walk, and a label folder that is a link to the
        samples folder or above it is passed over: walked, it gave every digit its own label.
        Returns the files and the folders passed over, with why."""
        found, passed = [], []
        root = self.root.resolve()
        for label in LABELS:
            folder = self.root / str(label)
            if not folder.is_dir():
                continue
            if folder.resolve() in (root, *root.parents):
                passed.append((folder, f"a link back to {root}, not read"))
                continue
            for top, dirs, files in os.walk(folder, followlinks=False):
                dirs[:] = sorted(d for d in dirs if _visible(d))
                found += [
                    (label, Path(top) / f)
                    for f in sorted(files)
                    if _visible(f) and not is_strokes_file(Path(f))
                ]
        return found, passed

    def load(self) -> LoadResult:
        """Read every sample; files that are not 28x28 PNGs are listed in `skipped`, untouched."""
        images, labels, paths = [], [], []
        strokes, bad_strokes = [], []
        files, skipped = self._files()
        for label, path in files:
            if path.suffix.lower() != ".png":
                skipped.append((path, "not a .png file"))
                continue
            try:
                pixels, text = read_png_text(path)
            except (PNGError, OSError) as exc:  # strerror: the path is named once, not twice
                skipped.append((path, getattr(exc, "strerror", None) or str(exc)))
                continue
            if pixels.shape != (IMAGE_SIDE, IMAGE_SIDE):
                h, w = pixels.shape
                skipped.append((path, f"image is {w}x{h}, samples must be 28x28"))
                continue
            images.append(pixels)
            labels.append(label)
            paths.append(path)
            drawn, problem = _strokes_of(path)
            if drawn is None and problem is None and PNG_KEY in text:
                problem = MISSING  # saved with strokes, and the strokes file has gone
            strokes.append(drawn)
            if problem:
                bad_strokes.append((strokes_path(path), problem))
        stack = np.stack(images) if images else np.zeros((0, IMAGE_SIDE, IMAGE_SIDE), np.uint8)
        return LoadResult(
            stack, np.array(labels, dtype=np.int64), paths, skipped, strokes, bad_strokes
        )

    def delete(self, path: Path) -> tuple[np.ndarray, int, tuple[np.ndarray, ...] | None]:
        """Remove one sample and its strokes file; return its pixels (float32 in [0, 1]), label
        and strokes (None if it had none usable), so it can be saved again to undo."""
        path = Path(path)
        try:
            relative = path.resolve().relative_to(self.root.resolve())
        except ValueError:
            raise StoreError(f"{path} is not inside the sample folder {self.root}") from None
        if not relative.parts or relative.parts[0] not in {str(d) for d in LABELS}:
            raise StoreError(f"{path} is not in a label folder 0-9 of {self.root}")
        try:
            pixels = read_png(path).astype(np.float32) / np.float32(255)
            strokes, _ = _strokes_of(path)
            path.unlink()
            strokes_path(path).unlink(missing_ok=True)
        except (PNGError, OSError) as exc:
            reason = getattr(exc, "strerror", None) or exc
            raise StoreError(f"cannot delete {path}: {reason}") from None
        return pixels, int(relative.parts[0]), strokes

    def counts(self) -> dict[int, int]:
        """Number of .png files per label (0-9, zeros included), without decoding them."""
        counts = dict.fromkeys(LABELS, 0)
        for label, path in self._files()[0]:
            counts[label] += path.suffix.lower() == ".png"
        return counts


def _strokes_of(png: Path) -> tuple[tuple[np.ndarray, ...] | None, str | None]:
    """The strokes kept beside a sample, or None and why not (None, None: there is no file)."""
    path = strokes_path(png)
    try:
        return read_strokes(path), None
    except FileNotFoundError:
        return None, None
    except StrokeFileError as exc:
        return None, str(exc)
    except OSError as exc:
        return None, exc.strerror or str(exc)
