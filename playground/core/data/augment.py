"""Mouse-drawn twins of the starter digits, so the network also learns what strangers draw.

A network trained only on scanned MNIST digits reads mouse-drawn ones worse: a mouse line has
one width whatever the digit's size, so after scaling to 20x20 a small drawing is fat and a
large one thin, unlike any MNIST digit. Training on a redrawn twin of every starter digit
(`playground.core.data.restroke`) next to the original closes much of that gap. Many twins of
1s, 4s, 7s and 9s (`hand_styles.STYLES` says how many) are drawn in the styles MNIST's American
writers rarely use (a flagged 1, a short-stemmed 4, a crossed 7, a curled or hooked 9:
`playground.core.data.hand_styles`), which strangers use all the time.
Redrawing all 10,000 digits takes a few minutes, far too long for start-up, so the twins are
built once, stored beside the starter set in the same order, and loaded in milliseconds:

    python -m playground.core.data.augment            # writes samples/starter/restroked.npz

A twin is only ever trained on when its original is: the validation split must not see a
drawing of a digit it holds out, so callers pick twins by the same indices as the originals.
"""

from __future__ import annotations

import io
import sys
import time
import zipfile
from pathlib import Path

import numpy as np

from playground.core.data.restroke import restroke
from playground.core.data.starter import STARTER_PATH, StarterError, load_starter
from playground.files.atomic import atomic_write

TWINS_PATH = STARTER_PATH.with_name("restroked.npz")
SEED = 1  # the twins are one fixed drawing of each digit, so every run trains on the same set


class TwinsError(Exception):
    """The twins file is missing, damaged or does not match the starter set."""


def build_twins(
    images: np.ndarray, labels: np.ndarray | None = None, seed: int = SEED
) -> np.ndarray:
    """Redraw every (28, 28) image with the pen; uint8 (n, 28, 28) like the starter set. With
    `labels`, some 1s, 4s, 7s and 9s are drawn in other hands' styles (data/hand_styles.py)."""
    return np.round(restroke(images, seed, labels) * 255).astype(np.uint8)


def save_twins(path: Path, twins: np.ndarray, labels: np.ndarray) -> None:
    """Write twins and their labels (the originals', for checking alignment) atomically."""
    buffer = io.BytesIO()
    np.savez_compressed(buffer, images=twins, labels=labels)
    with atomic_write(Path(path)) as handle:
        handle.write(buffer.getvalue())


def load_twins(labels: np.ndarray, path: Path = TWINS_PATH) -> np.ndarray:
    """The twins at `path` as uint8 (n, 28, 28), checked to match the originals' `labels`."""
    path = Path(path)
    try:
        with np.load(path, allow_pickle=False) as archive:
            twins, twin_labels = archive["images"], archive["labels"]
    except FileNotFoundError:
        raise TwinsError(
            f"{path}: no restroked twins (run python -m playground.core.data.augment)"
        ) from None
    except KeyError as exc:
        raise TwinsError(f"{path}: no {exc} array inside") from None
    except (OSError, ValueError, EOFError, zipfile.BadZipFile) as exc:
        raise TwinsError(f"{path}: not a readable npz ({exc})") from None
    if twins.dtype != np.uint8 or twins.shape != (len(labels), 28, 28):
        raise TwinsError(f"{path}: images are {twins.dtype} {twins.shape}, need uint8 (n,28,28)")
    if not np.array_equal(twin_labels, labels):
        raise TwinsError(f"{path}: labels differ from the starter set's (rebuild it)")
    return twins


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    out = Path(args[0]) if args else TWINS_PATH
    try:
        images, labels = load_starter()
    except StarterError as error:
        print(error, file=sys.stderr)
        return 1
    started = time.perf_counter()
    twins = build_twins(images, labels)
    save_twins(out, twins, labels)
    print(f"wrote {len(twins)} twins to {out} in {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
