"""A pen that draws on the 28x28 grid the network reads, so what you see is what it gets.

Each position the pen passes strikes one pixel fully and bleeds into all eight neighbours
(0.3 to the sides, 0.15 to the corners), which gives strokes the soft edge of MNIST digits.
Mouse events arrive far apart when the hand moves fast, so consecutive positions are joined in
steps of at most a quarter pixel. Inside one stroke a pixel keeps the strongest touch it got
(a maximum, not a sum), so slow and fast movement leave the same line and lingering does not
thicken it; finished strokes add onto the canvas, so crossings darken as ink does.

The canvas shows the stroke while it is being drawn: each extend touches only the pixels near
the new segment. Positions are floats in canvas units (x right, y down, 0..28); positions off
the grid clamp to its edge, so dragging past the border draws along it instead of failing.

The canvas also remembers the strokes that made it (`strokes`), so a saved digit can be drawn
again at other sizes and places for training (`playground.core.data.redraw`); `rasterise` draws a
whole set of strokes at once, exactly as the canvas would, fast enough to do between frames.
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Iterable

import numpy as np

from playground.core.settings import IMAGE_SIDE

SIDE = IMAGE_SIDE
STEP = 0.25  # longest gap, in pixels, between two dabs of one stroke
UNDO_DEPTH = 64
EMPTY_BELOW = 0.05  # a canvas with no pixel above this counts as empty
# the footprint of one dab: the struck pixel and its 8 neighbours
DAB = np.array([[0.15, 0.3, 0.15], [0.3, 1.0, 0.3], [0.15, 0.3, 0.15]], dtype=np.float32)
_OFFSETS = [(dy, dx, DAB[dy + 1, dx + 1]) for dy in (-1, 0, 1) for dx in (-1, 0, 1)]
# the eraser clears the pen's whole footprint: with the pen's soft dab, erasing along a stroke
# left its grey edges behind (0.3 of ink times 0.7 kept), a canvas that still had a guess
_ERASER = [(dy, dx, np.float32(1.0)) for dy, dx, _ in _OFFSETS]
_DY, _DX, _WEIGHTS = (np.array([o[i] for o in _OFFSETS]) for i in range(3))  # for rasterise
_LEVELS = [(w, np.flatnonzero(w == _WEIGHTS)) for w in np.unique(_WEIGHTS)]  # ascending


def _clamp(x: float, y: float) -> tuple[float, float]:
    """Check a position is a real number and move it onto the grid if it lies outside."""
    if not (math.isfinite(x) and math.isfinite(y)):
        raise ValueError(f"pen position must be finite, got ({x}, {y})")
    top = math.nextafter(SIDE, 0)  # largest float whose floor is the last pixel
    return min(max(float(x), 0.0), top), min(max(float(y), 0.0), top)


class _Stroke:
    """One stroke in progress: the canvas before it, its own ink layer and where the pen is."""

    def __init__(self, before: np.ndarray, erase: bool, x: float, y: float) -> None:
        self.before = before
        self.erase = erase
        self.layer = np.zeros((SIDE, SIDE), np.float32)
        self.x, self.y = x, y
        self.points = [(x, y)]  # every clamped pen position, for `Canvas.strokes`


class Canvas:
    """A 28x28 float image in [0, 1] drawn on with strokes, with undo."""

    def __init__(self) -> None:
        # [row=y, col=x]; the same array for the canvas's whole life, changed in place; read only
        self.pixels = np.zeros((SIDE, SIDE), np.float32)
        self.version = 0  # goes up by one on every visible change
        # (pixels, strokes) before each change; strokes None: the picture has no usable strokes
        self._undo: deque[tuple[np.ndarray, list | None]] = deque(maxlen=UNDO_DEPTH)
        self._stroke: _Stroke | None = None
        self._strokes: list[np.ndarray] | None = []  # finished pen strokes since the last clear

    @property
    def strokes(self) -> tuple[np.ndarray, ...] | None:
        """The finished pen strokes that drew the picture, each (k, 2) float32 (x, y) in canvas
        units, oldest first; None when they no longer describe it (an eraser stroke, or an image
        loaded rather than drawn)."""
        return None if self._strokes is None else tuple(self._strokes)

    @property
    def is_empty(self) -> bool:
        return not bool((self.pixels > EMPTY_BELOW).any())

    @property
    def drawing(self) -> bool:
        """True between begin_stroke and end_stroke."""
        return self._stroke is not None

    def begin_stroke(self, x: float, y: float, erase: bool = False) -> None:
        """Put the pen (or the eraser) down at (x, y); ends any stroke still open."""
        x, y = _clamp(x, y)
        self.end_stroke()
        self._push_undo()
        self._stroke = _Stroke(self.pixels.copy(), erase, x, y)
        self._dab_path(self._stroke, np.array([x]), np.array([y]))

    def extend_stroke(self, x: float, y: float) -> None:
        """Move the pen to (x, y), inking the way there; starts a stroke if none is open."""
        x, y = _clamp(x, y)
        stroke = self._stroke
        if stroke is None:
            self.begin_stroke(x, y)
            return
        steps = max(1, math.ceil(math.hypot(x - stroke.x, y - stroke.y) / STEP))
        t = np.arange(1, steps + 1) / steps
        self._dab_path(stroke, stroke.x + (x - stroke.x) * t, stroke.y + (y - stroke.y) * t)
        stroke.x, stroke.y = x, y
        stroke.points.append((x, y))

    def end_stroke(self) -> None:
        """Lift the pen. A stroke that changed nothing leaves no undo step behind."""
        stroke, self._stroke = self._stroke, None
        if stroke is None:
            return
        if np.array_equal(stroke.before, self.pixels):
            self._undo.pop()
        elif stroke.erase:
            self._strokes = None
        elif self._strokes is not None:
            self._strokes.append(np.array(stroke.points, np.float32))

    def draw_stroke(self, points: Iterable[tuple[float, float]], erase: bool = False) -> None:
        """Draw one whole stroke through `points` (at least one (x, y) pair)."""
        points = list(points)
        if not points:
            raise ValueError("a stroke needs at least one point")
        self.begin_stroke(*points[0], erase=erase)
        for x, y in points[1:]:
            self.extend_stroke(x, y)
        self.end_stroke()

    def clear(self) -> None:
        """Blank the canvas (undoable)."""
        self.set_image(np.zeros((SIDE, SIDE), np.float32))

    def set_image(self, image: np.ndarray) -> None:
        """Replace the canvas with a 28x28 image: floats in [0, 1] or uint8 0..255 (undoable)."""
        image = np.asarray(image)
        if image.shape != (SIDE, SIDE):
            raise ValueError(f"canvas image must be {SIDE}x{SIDE}, got shape {image.shape}")
        scale = 255.0 if image.dtype == np.uint8 else 1.0
        image = image.astype(np.float32) / np.float32(scale)
        if not np.isfinite(image).all():
            raise ValueError("canvas image contains NaN or infinity")
        self.end_stroke()
        self._push_undo()
        np.clip(image, 0.0, 1.0, out=self.pixels)
        self._strokes = [] if not image.any() else None  # a blank image is a clear
        self.version += 1

    def undo(self) -> bool:
        """Go back to before the last stroke, clear or image; False if there is nothing to undo.

        Undo during a stroke drops that stroke."""
        self._stroke = None
        if not self._undo:
            return False
        pixels, strokes = self._undo.pop()
        self.pixels[...] = pixels
        self._strokes = strokes
        self.version += 1
        return True

    def _push_undo(self) -> None:
        strokes = None if self._strokes is None else list(self._strokes)
        self._undo.append((self.pixels.copy(), strokes))

    def _dab_path(self, stroke: _Stroke, xs: np.ndarray, ys: np.ndarray) -> None:
        """Stamp a dab at every position into the stroke layer and refresh the canvas there."""
        cells = np.unique(np.floor(ys).astype(np.intp) * SIDE + np.floor(xs).astype(np.intp))
        rows, cols = np.divmod(cells, SIDE)
        # only the box around the new dabs can change
        r0, r1 = max(rows.min() - 1, 0), min(rows.max() + 2, SIDE)
        c0, c1 = max(cols.min() - 1, 0), min(cols.max() + 2, SIDE)
        box = (slice(r0, r1), slice(c0, c1))
        layer = stroke.layer
        old = layer[box].copy()
        for dy, dx, weight in _ERASER if stroke.erase else _OFFSETS:
            r, c = rows + dy, cols + dx
            inside = (r >= 0) & (r < SIDE) & (c >= 0) & (c < SIDE)
            np.maximum.at(layer, (r[inside], c[inside]), weight)
        if np.array_equal(old, layer[box]):
            return
        if stroke.erase:
            self.pixels[box] = stroke.before[box] * (1.0 - layer[box])
        else:
            self.pixels[box] = np.minimum(stroke.before[box] + layer[box], 1.0)
        self.version += 1


def rasterise(strokes: Iterable[np.ndarray]) -> np.ndarray:
    """The (28, 28) float32 picture a fresh canvas shows after drawing these strokes (each
    (k, 2) x, y in canvas units): the same dabs, steps and clamping as `Canvas.draw_stroke`,
    done per stroke in a few numpy calls instead of per mouse position."""
    pixels = np.zeros(SIDE * SIDE, np.float32)
    top = np.nextafter(np.float64(SIDE), 0)
    for stroke in strokes:
        xy = np.clip(np.asarray(stroke, np.float64).reshape(-1, 2), 0.0, top)
        if not len(xy):
            continue
        gaps = np.hypot(*np.diff(xy, axis=0).T)
        steps = np.maximum(1, np.ceil(gaps / STEP)).astype(np.intp)
        seg = np.repeat(np.arange(len(gaps)), steps)
        t = (np.arange(len(seg)) - np.repeat(np.cumsum(steps) - steps, steps) + 1) / steps[seg]
        xs = np.concatenate([xy[:1, 0], xy[seg, 0] + (xy[seg + 1, 0] - xy[seg, 0]) * t])
        ys = np.concatenate([xy[:1, 1], xy[seg, 1] + (xy[seg + 1, 1] - xy[seg, 1]) * t])
        cells = np.unique(np.floor(ys).astype(np.intp) * SIDE + np.floor(xs).astype(np.intp))
        rows = np.divmod(cells, SIDE)[0][:, None] + _DY  # (cells, 9): each dab's footprint
        cols = (cells % SIDE)[:, None] + _DX
        inside = (rows >= 0) & (rows < SIDE) & (cols >= 0) & (cols < SIDE)
        flat = rows * SIDE + cols
        layer = np.zeros(SIDE * SIDE, np.float32)
        for weight, columns in _LEVELS:  # weakest first: a stronger touch overwrites it (a max)
            layer[flat[:, columns][inside[:, columns]]] = weight
        np.minimum(pixels + layer, 1.0, out=pixels)
    return pixels.reshape(SIDE, SIDE)
