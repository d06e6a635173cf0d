"""Reading and writing a network as a plain .npz archive of numbers and short strings.

A model file is something a person may download or hand-edit, so it is never unpickled: the
archive holds only numeric arrays and small unicode arrays, it is opened with
allow_pickle=False, and everything in it is checked before a network is built from it. Any
problem becomes one ModelFileError line that names the file. Writes are atomic (temporary file
in the same folder, then os.replace), so a crash never leaves half a model behind.

Layout: `sizes` (int64, L+1), `activation` and `loss` (0-d unicode), `W0`..`W{L-1}` of shape
(sizes[i], sizes[i+1]) and `b0`..`b{L-1}` of shape (sizes[i+1],). Unknown keys are ignored.
"""

from __future__ import annotations

import os
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from playground.core.nn.activations import ACTIVATION_NAMES
from playground.core.nn.losses import LOSS_NAMES
from playground.files.atomic import atomic_write

# What a damaged archive can raise while numpy reads it.
_READ_ERRORS = (OSError, ValueError, EOFError, zipfile.BadZipFile, zlib.error)


class ModelFileError(ValueError):
    """A model file could not be read or written; the message is one line naming the file."""


@dataclass(frozen=True)
class ModelArrays:
    sizes: list[int]
    activation: str
    loss: str
    weights: list[np.ndarray]  # float32 (sizes[i], sizes[i+1])
    biases: list[np.ndarray]  # float32 (sizes[i+1],)


def write_model(path: str | os.PathLike, model: ModelArrays) -> None:
    """Write `model` to `path` atomically, creating its folder if needed."""
    name = os.fspath(path)
    arrays = {
        "sizes": np.asarray(model.sizes, dtype=np.int64),
        "activation": np.array(model.activation),
        "loss": np.array(model.loss),
    }
    for i, (w, b) in enumerate(zip(model.weights, model.biases, strict=True)):
        arrays[f"W{i}"] = w
        arrays[f"b{i}"] = b
    try:
        os.makedirs(os.path.dirname(name) or ".", exist_ok=True)
        with atomic_write(Path(name)) as handle:
            np.savez(handle, **arrays)  # type: ignore[arg-type]  # no name is allow_pickle
    except OSError as exc:
        raise ModelFileError(f"{name}: cannot save model ({exc.strerror or exc})") from exc


def read_model(path: str | os.PathLike) -> ModelArrays:
    """Read and check a model file; raise ModelFileError naming the file on any problem."""
    name = os.fspath(path)
    if not os.path.isfile(name):
        raise ModelFileError(f"{name}: no such model file")
    try:
        archive = np.load(name, allow_pickle=False)
    except _READ_ERRORS as exc:
        raise ModelFileError(f"{name}: not a playground model ({_first_line(exc)})") from exc
    if not isinstance(archive, np.lib.npyio.NpzFile):
        raise ModelFileError(f"{name}: not a playground model (a single array, not an .npz)")
    with archive:
        return _ModelReader(name, archive).model()


class _ModelReader:
    """Pulls one array at a time out of an open archive, turning every fault into one line."""

    def __init__(self, name: str, archive: np.lib.npyio.NpzFile) -> None:
        self.name = name
        self.archive = archive

    def fail(self, reason: str) -> ModelFileError:
        return ModelFileError(f"{self.name}: not a playground model ({reason})")

    def array(self, key: str) -> np.ndarray:
        if key not in self.archive.files:
            raise self.fail(f"missing {key}")
        try:
            return self.archive[key]
        except _READ_ERRORS as exc:
            raise self.fail(f"{key} unreadable: {_first_line(exc)}") from exc

    def text(self, key: str, allowed: tuple[str, ...]) -> str:
        value = self.array(key)
        if value.shape != () or value.dtype.kind != "U":
            raise self.fail(f"{key} is not a name")
        if str(value) not in allowed:
            raise self.fail(f"unknown {key} {str(value)!r}, expected one of {', '.join(allowed)}")
        return str(value)

    def numbers(self, key: str, shape: tuple[int, ...]) -> np.ndarray:
        value = self.array(key)
        if value.dtype.kind not in "fiu":
            raise self.fail(f"{key} holds {value.dtype} values, not numbers")
        if value.shape != shape:
            raise self.fail(f"{key} has shape {value.shape}, expected {shape}")
        if not np.isfinite(value).all():
            raise self.fail(f"{key} contains non-finite values")
        return value.astype(np.float32)

    def model(self) -> ModelArrays:
        stored = self.array("sizes")
        if stored.ndim != 1 or len(stored) < 2 or stored.dtype.kind not in "iu" or stored.min() < 1:
            raise self.fail("sizes must list at least two positive layer sizes")
        sizes = [int(s) for s in stored]
        activation = self.text("activation", ACTIVATION_NAMES)
        loss = self.text("loss", LOSS_NAMES)
        pairs = list(zip(sizes[:-1], sizes[1:], strict=True))
        weights = [self.numbers(f"W{i}", pair) for i, pair in enumerate(pairs)]
        biases = [self.numbers(f"b{i}", (n_out,)) for i, (_, n_out) in enumerate(pairs)]
        return ModelArrays(sizes, activation, loss, weights, biases)


def _first_line(exc: BaseException) -> str:
    lines = str(exc).strip().splitlines()
    return lines[0] if lines else type(exc).__name__
