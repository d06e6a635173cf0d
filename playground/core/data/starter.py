"""The bundled starter set: 10,000 MNIST digits so training can begin before anyone draws.

It is one compressed npz (built by samples/build_starter.py) holding uint8 pixels and labels,
so loading takes milliseconds and needs no network. The file ships with the repository, but a
user can still delete or damage it, so every way it can be wrong ends in one StarterError line
that names the file instead of a traceback from deep inside numpy or zipfile.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import numpy as np

from playground.core.settings import IMAGE_SIDE

STARTER_PATH = Path(__file__).resolve().parents[3] / "samples" / "starter" / "mnist.npz"


class StarterError(Exception):
    """The starter file is missing or not what build_starter.py writes."""


def load_starter(path: Path = STARTER_PATH) -> tuple[np.ndarray, np.ndarray]:
    """Return (images uint8 (n, 28, 28), labels int64 (n,)) from the starter npz at `path`."""
    path = Path(path)
    try:
        with np.load(path, allow_pickle=False) as archive:
            images = archive["images"]
            labels = archive["labels"]
    except FileNotFoundError:
        raise StarterError(f"{path}: not found (run samples/build_starter.py)") from None
    except KeyError as exc:
        raise StarterError(f"{path}: no {exc} array inside") from None
    except (OSError, ValueError, EOFError, zipfile.BadZipFile) as exc:
        raise StarterError(f"{path}: not a readable npz ({exc})") from None
    if images.dtype != np.uint8 or images.ndim != 3 or images.shape[1:] != (IMAGE_SIDE,) * 2:
        raise StarterError(
            f"{path}: images are {images.dtype} {images.shape}, need (n,28,28) uint8"
        )
    if labels.shape != (len(images),) or labels.dtype.kind not in "iu":
        raise StarterError(f"{path}: labels are {labels.dtype} {labels.shape}, need one int each")
    if len(labels) and (labels.min() < 0 or labels.max() > 9):
        raise StarterError(f"{path}: labels outside 0..9")
    # owned and read-only: rows read from it are then known not to change, so the split's
    # keys made for them once are kept for every run that reads them (split.content_keys)
    images = np.array(images)
    images.flags.writeable = False
    return images, labels.astype(np.int64)
