"""Real people's pen strokes (the UCI pen-digits format), replayed as mouse strokes on the canvas.

Accuracy on the app's own validation split says how well the network reads scanned MNIST digits.
What matters to a user is how it reads *their* drawing. The UCI "Pen-Based Recognition of
Handwritten Digits" collection (Alpaydin and Alimoglu, 1996, CC BY 4.0) stores each digit as the
pen's trajectory, so it can be drawn through the app's own pen at any size and place, exactly as
a stranger at the mouse would. The file is a measuring set only: the app never reads it, and
nothing made from it ships (see `playground.evaluate --strangers`).

Format: `.SEGMENT DIGIT n ? "8"` starts a digit, `.COMMENT label writer item` names its writer,
`.PEN_DOWN` / `.PEN_UP` bracket a stroke of `x y` lines in tablet units (0..500, y up).
"""

from __future__ import annotations

import gzip
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from playground.core.data.pen import Canvas
from playground.core.settings import IMAGE_SIDE


@dataclass(frozen=True)
class PenDigit:
    label: int
    writer: int
    strokes: tuple[np.ndarray, ...]  # each (k, 2) float (x, y) in tablet units, y pointing up


def read_pendigits(path: Path) -> list[PenDigit]:
    """Every digit in a UCI pen-digits file (plain or .gz), in file order."""
    opener = gzip.open if str(path).endswith(".gz") else open
    with opener(path, "rt", encoding="ascii", errors="replace") as f:
        lines = f.read().splitlines()
    digits: list[PenDigit] = []
    label = writer = None
    strokes: list[np.ndarray] = []
    points: list[tuple[float, float]] | None = None

    def finish() -> None:
        if label is not None and strokes:
            digits.append(PenDigit(label, writer or 0, tuple(strokes)))

    for line in lines:
        word = line.split()
        if not word:
            continue
        if word[0] == ".SEGMENT":
            finish()
            label, writer, strokes, points = int(word[-1].strip('"')), None, [], None
        elif word[0] == ".COMMENT" and len(word) >= 3:
            writer = int(word[2])
        elif word[0] == ".PEN_DOWN":
            points = []
        elif word[0] == ".PEN_UP":
            if points:
                strokes.append(np.array(points, np.float64))
            points = None
        elif points is not None and len(word) == 2 and not word[0].startswith("."):
            points.append((float(word[0]), float(word[1])))
    finish()
    return digits


def place(
    strokes: tuple[np.ndarray, ...], height: float, centre: tuple[float, float]
) -> list[np.ndarray]:
    """The strokes flipped to y-down and scaled so the digit's longer side is `height` canvas
    cells, its box centred on `centre`; each (k, 2) in canvas units."""
    points = np.concatenate(strokes)
    low, high = points.min(axis=0), points.max(axis=0)
    scale = height / max(float((high - low).max()), 1e-9)
    middle = (low + high) / 2
    out = []
    for s in strokes:
        xy = (s - middle) * scale
        xy[:, 1] = -xy[:, 1]  # tablet y points up, the canvas's down
        out.append(xy + np.asarray(centre))
    return out


def draw_strokes(strokes: list[np.ndarray]) -> np.ndarray:
    """The (28, 28) float32 canvas the app's pen leaves after these strokes."""
    canvas = Canvas()
    for s in strokes:
        canvas.draw_stroke(map(tuple, s))
    return canvas.pixels.copy()


def render_as_mouse(
    digits: list[PenDigit], seed: int = 0, sizes: tuple[float, float] = (14.0, 22.0)
) -> np.ndarray:
    """Each digit drawn with the pen at a random height in `sizes` and a random place off the
    middle, as a person with a mouse draws; (n, 28, 28) float32 in [0, 1]."""
    rng = np.random.default_rng(seed)
    out = np.zeros((len(digits), IMAGE_SIDE, IMAGE_SIDE), np.float32)
    for i, d in enumerate(digits):
        height = rng.uniform(*sizes)
        room = max(0.0, (IMAGE_SIDE - height) / 2 - 1)
        centre = IMAGE_SIDE / 2 + rng.uniform(-room, room, size=2)
        out[i] = draw_strokes(place(d.strokes, height, tuple(centre)))
    return out
