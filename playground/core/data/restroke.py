"""Redraw a digit image with the app's own pen, the way a stranger with a mouse would draw it.

People who check the app draw digits as mouse strokes: a line of fixed pen width, at whatever
size and place on the canvas they like, a little tilted. MNIST digits are pen on paper,
scanned: their stroke width grows with the digit and they are always centred. To measure (and
train for) the first kind with only the second kind at hand, this module thins a digit's ink to
a one-pixel skeleton (Zhang-Suen, on a 3x upsampled image so curves stay smooth), follows that
skeleton as a few pen strokes (going straight on through crossings, as a hand does), and draws
them again on a `Canvas` at a random height of 8 to 26 canvas units, anywhere it fits, rotated
by up to 15 degrees, with a little wobble.

Only the pen's look is borrowed from a person, not their stroke order; the pen keeps the
strongest touch inside a stroke and adds strokes together, so where two strokes cross the ink
is a little darker than along one, as on the real canvas.
"""

from __future__ import annotations

import math

import numpy as np

from playground.core.data.hand_styles import restyle
from playground.core.data.pen import Canvas
from playground.core.settings import IMAGE_SIDE

SIDE = IMAGE_SIDE
UPSAMPLE = 3  # skeletons are found on a 3x image, so one pixel step is a third of a canvas unit
INK = 0.35  # upsampled pixels above this (of the image's brightest) count as ink
MIN_STROKE = 1.5  # strokes shorter than this many canvas units are skeleton spurs and dropped
SMOOTH = 2  # moving-average half width (in skeleton pixels) that irons out pixel stair steps
SPACING = 3  # keep every third skeleton pixel: a mouse position per pixel of the original
HEIGHT = (8.0, 26.0)  # range of drawn digit heights, in canvas units
TILT = math.radians(15)  # largest rotation either way
SQUASH = 0.15  # width is scaled by up to this fraction more or less than height
WOBBLE = 0.12  # standard deviation of hand tremor per mouse position, in canvas units
MARGIN = 0.6  # keep every position this far inside the canvas edge so the pen's bleed fits
# the eight neighbours, four-connected ones first so a walk prefers them
_STEPS = [(-1, 0), (0, 1), (1, 0), (0, -1), (-1, 1), (1, 1), (1, -1), (-1, -1)]


def _upsample(image: np.ndarray, factor: int) -> np.ndarray:
    """Bilinear upsampling of a square image by an integer factor."""
    n = image.shape[0]
    u = np.clip((np.arange(n * factor) + 0.5) / factor - 0.5, 0, n - 1)
    low = np.floor(u).astype(np.intp)
    high = np.minimum(low + 1, n - 1)
    weights = np.zeros((n * factor, n), np.float32)
    np.add.at(weights, (np.arange(n * factor), low), 1 - (u - low))
    np.add.at(weights, (np.arange(n * factor), high), u - low)
    return weights @ image @ weights.T


def _removable(first_pass: bool) -> np.ndarray:
    """Zhang-Suen's rule as a table over the 256 neighbourhoods (bit i = neighbour P(i+2))."""
    codes = np.arange(256)
    nb = [(codes >> i) & 1 for i in range(8)]  # P2..P9 clockwise from north
    count = sum(nb)
    rises = sum((nb[i] == 0) & (nb[(i + 1) % 8] == 1) for i in range(8))
    north, east, south, west = nb[0], nb[2], nb[4], nb[6]
    if first_pass:
        guard = (north * east * south == 0) & (east * south * west == 0)
    else:
        guard = (north * east * west == 0) & (north * south * west == 0)
    return (count >= 2) & (count <= 6) & (rises == 1) & guard


_REMOVABLE = (_removable(True), _removable(False))
_CLOCKWISE = ((-1, 0), (-1, 1), (0, 1), (1, 1), (1, 0), (1, -1), (0, -1), (-1, -1))


def skeleton(mask: np.ndarray) -> np.ndarray:
    """Thin a boolean image to lines one pixel wide (Zhang-Suen), keeping it connected."""
    img = np.pad(mask.astype(np.uint8), 1)
    h, w = img.shape
    while True:
        changed = False
        for table in _REMOVABLE:
            p = np.pad(img, 1)
            code = sum(
                p[1 + dy : h + 1 + dy, 1 + dx : w + 1 + dx].astype(np.intp) << i
                for i, (dy, dx) in enumerate(_CLOCKWISE)
            )
            remove = (img == 1) & table[code]
            if remove.any():
                img[remove] = 0
                changed = True
        if not changed:
            return img[1:-1, 1:-1].astype(bool)


def _neighbours(pixels: set[tuple[int, int]]) -> dict[tuple[int, int], list[tuple[int, int]]]:
    """Skeleton adjacency; a diagonal link is dropped where a 4-connected detour exists."""
    links = {}
    for r, c in pixels:
        near = []
        for dr, dc in _STEPS:
            q = (r + dr, c + dc)
            if q not in pixels:
                continue
            if dr and dc and ((r + dr, c) in pixels or (r, c + dc) in pixels):
                continue  # the corner is reached through the 4-connected pixel instead
            near.append(q)
        links[(r, c)] = near
    return links


def _straightness(heading: tuple[int, int], step: tuple[int, int]) -> float:
    """Cosine of the angle between the way the pen was going and a step it could take next."""
    if heading == (0, 0):
        return 0.0
    dot = heading[0] * step[0] + heading[1] * step[1]
    return dot / (math.hypot(*heading) * math.hypot(*step))


def _walk(
    start: tuple[int, int],
    links: dict[tuple[int, int], list[tuple[int, int]]],
    used: set[frozenset[tuple[int, int]]],
) -> list[tuple[int, int]]:
    """Follow unused links from `start`, at each fork taking the straightest way on."""
    path = [start]
    while True:
        here = path[-1]
        free = [q for q in links[here] if frozenset((here, q)) not in used]
        if not free:
            return path
        back = path[max(0, len(path) - 4)]  # the heading over the last few pixels
        heading = (here[0] - back[0], here[1] - back[1])
        nxt = max(free, key=lambda q: _straightness(heading, (q[0] - here[0], q[1] - here[1])))
        used.add(frozenset((here, nxt)))
        path.append(nxt)


def trace(image: np.ndarray) -> list[np.ndarray]:
    """Pen strokes that retrace a digit image: a list of (k, 2) arrays of (x, y) canvas units.

    `image` is 28x28, uint8 0..255 or floats 0..1, bright ink on dark. The strokes lie where the
    ink's centre line lies in the image. A blank image gives no strokes."""
    image = np.asarray(image)
    if image.shape != (SIDE, SIDE):
        raise ValueError(f"expected a {SIDE}x{SIDE} image, got shape {image.shape}")
    image = image.astype(np.float32) / (255.0 if image.dtype.kind in "iub" else 1.0)
    big = _upsample(image, UPSAMPLE)
    if big.max() <= 0:
        return []
    rows, cols = np.nonzero(skeleton(big > INK * big.max()))
    pixels = set(zip(rows.tolist(), cols.tolist(), strict=True))
    links = _neighbours(pixels)
    # start where a hand would: free ends first (top-left first), then anything left (loops)
    ends = sorted(p for p, near in links.items() if len(near) == 1)
    used: set = set()
    strokes = []
    for start in ends + sorted(pixels):
        while any(frozenset((start, q)) not in used for q in links[start]):
            path = np.array(_walk(start, links, used), np.float32)
            if len(path) > 1:
                strokes.append(path)
    strokes = [_smooth(path) for path in strokes]
    long = [s for s in strokes if _length(s) >= MIN_STROKE]
    return long or strokes[:1]


def _smooth(path: np.ndarray) -> np.ndarray:
    """Skeleton pixels (row, col) -> smoothed, thinned-out (x, y) positions in canvas units."""
    closed = np.array_equal(path[0], path[-1])
    padded = np.pad(path, ((SMOOTH, SMOOTH), (0, 0)), mode="wrap" if closed else "edge")
    kernel = np.ones(2 * SMOOTH + 1, np.float32) / (2 * SMOOTH + 1)
    smooth = np.stack([np.convolve(padded[:, i], kernel, mode="valid") for i in (0, 1)], axis=1)
    keep = np.unique(np.r_[np.arange(0, len(smooth), SPACING), len(smooth) - 1])
    return ((smooth[keep] + 0.5) / UPSAMPLE)[:, ::-1].copy()


def _length(stroke: np.ndarray) -> float:
    return float(np.hypot(*np.diff(stroke, axis=0).T).sum())


def draw(strokes: list[np.ndarray], rng: np.random.Generator) -> np.ndarray:
    """Draw strokes on a fresh canvas at a random size, place and tilt; returns its pixels."""
    canvas = Canvas()
    if not strokes:
        return canvas.pixels
    points = np.concatenate(strokes)
    low, high = points.min(axis=0), points.max(axis=0)
    centre = (low + high) / 2
    height = max(high[1] - low[1], 1.0)
    angle = rng.uniform(-TILT, TILT)
    cos, sin = math.cos(angle), math.sin(angle)
    rotate = np.array([[cos, -sin], [sin, cos]], np.float32)
    stretch = np.array([1 + rng.uniform(-SQUASH, SQUASH), 1.0], np.float32)
    shaped = [((s - centre) * stretch) @ rotate.T for s in strokes]
    moved = np.concatenate(shaped)
    extent = moved.max(axis=0) - moved.min(axis=0)
    scale = min(rng.uniform(*HEIGHT) / height, (SIDE - 2 * MARGIN) / max(extent.max(), 1e-6))
    room = SIDE - 2 * MARGIN - extent * scale
    corner = MARGIN + rng.uniform(0, 1, 2) * room - moved.min(axis=0) * scale
    for s in shaped:
        xy = s * scale + corner + rng.normal(0, WOBBLE, s.shape)
        canvas.draw_stroke(np.clip(xy, MARGIN, SIDE - MARGIN).tolist())
    return canvas.pixels.copy()


def restroke(images: np.ndarray, seed: int = 0, labels: np.ndarray | None = None) -> np.ndarray:
    """Redraw each (28, 28) image of a stack as mouse strokes; (n, 28, 28) float32 in [0, 1].

    With `labels`, some 1s, 4s, 7s and 9s are drawn in another hand's style
    (`playground.core.data.hand_styles`); the other digits are drawn exactly as without labels."""
    images = np.asarray(images)
    if images.ndim != 3:
        raise ValueError(f"expected a stack of images (n, 28, 28), got shape {images.shape}")
    if labels is not None and np.shape(labels) != (len(images),):
        raise ValueError(f"need one label per image, got {np.shape(labels)}")
    # one random stream per image: a twin depends on its image, its place and the seed only
    streams = np.random.SeedSequence(seed).spawn(len(images))
    out = np.zeros((len(images), SIDE, SIDE), np.float32)
    for i, image in enumerate(images):
        rng = np.random.default_rng(streams[i])
        strokes = trace(image)
        if labels is not None:
            strokes = restyle(strokes, labels[i], np.random.default_rng(streams[i].spawn(1)[0]))
        out[i] = draw(strokes, rng)
    return out
