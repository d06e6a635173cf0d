"""Fresh versions of one of the user's digits, so each saved digit teaches like many.

A digit drawn in the app keeps its pen strokes (`playground.files.stroke_file`). `redraw` draws
those strokes again with the app's pen (`pen.rasterise`, the canvas's own dabs) the way the
same hand might draw the digit next time: bent a little (a loop larger, a stroke's end further
out), at another height and place on the canvas, a little wider or narrower, slanted and
turned a few degrees, with a wobble, faster (fewer mouse positions, so curves turn into
chords) and now and then with a broader line. The bend is what teaches the network the
writer's *other* digits rather than these five again: measured with real people's pen digits
(`python -m playground.own_hand`, 5 of each digit 0-9 saved, writers 1-20), their other digits
read 0.972 without it and 0.975, 0.983, 0.982, 0.983 and 0.979 with BEND 0.04, 0.08, 0.1, 0.12
and 0.16; writers 21-30, only checked, 0.983 -> 0.985. With 1, 2, 3 (600 steps) writers
1-20 read 0.996 -> 0.994 and writers 21-30 0.985 either way. A digit
dropped in as an image has no strokes; `jitter` shifts, scales, turns and shears its pixels a
little instead. Both take their randomness from the generator passed in, so the same seed
draws the same variants.
"""

from __future__ import annotations

import math

import numpy as np

from playground.core.data.pen import rasterise
from playground.core.settings import IMAGE_SIDE

SIDE = IMAGE_SIDE
HEIGHT = (12.0, 24.0)  # drawn height in canvas units
SQUASH = 0.15  # width scaled by up to this fraction either way
SLANT = 0.25  # horizontal shear per unit of height, either way
TURN = math.radians(10)  # rotation either way
WOBBLE = 0.1  # hand tremor per position, canvas units
SPEEDS = (1, 1, 2, 3)  # keep every n-th mouse position: a faster hand reports fewer
BROAD = 0.25  # chance of a broader line: each stroke drawn twice, half a cell apart
MARGIN = 0.6  # positions stay this far inside the canvas edge
BEND = 0.1  # how far the smooth bend moves a point, as a fraction of the digit's height
BEND_WAVES = 3  # the bend is this many long waves across the digit, added
BEND_CYCLES = 0.6  # ...each of about this many cycles over the digit's height (random)
JITTER_SHIFT = 2.0  # image jitter: shift in pixels, either way
JITTER_SCALE = 0.1  # ... scale by up to this fraction
JITTER_TURN = math.radians(10)  # ... rotation
JITTER_SHEAR = 0.15  # ... horizontal shear


def redraw(strokes: tuple[np.ndarray, ...], rng: np.random.Generator) -> np.ndarray:
    """The strokes drawn again at a random size, place, shape and speed; (28, 28) float32."""
    points = np.concatenate(strokes).astype(np.float64)
    low, high = points.min(axis=0), points.max(axis=0)
    centre, height = (low + high) / 2, max(float(high[1] - low[1]), 1.0)
    strokes = bent(strokes, centre, height, rng)
    turn, slant = rng.uniform(-TURN, TURN), rng.uniform(-SLANT, SLANT)
    cos, sin = math.cos(turn), math.sin(turn)
    shape = np.array([[cos, -sin], [sin, cos]]) @ np.array([[1.0, slant], [0.0, 1.0]])
    shape = shape @ np.diag([1 + rng.uniform(-SQUASH, SQUASH), 1.0])
    speed = int(rng.choice(SPEEDS))
    shaped = []
    for s in strokes:
        s = np.asarray(s, np.float64)
        keep = np.unique(np.r_[np.arange(0, len(s), speed), len(s) - 1])
        shaped.append((s[keep] - centre) @ shape.T)
    moved = np.concatenate(shaped)
    extent = np.maximum(moved.max(axis=0) - moved.min(axis=0), 1e-6)
    scale = min(rng.uniform(*HEIGHT) / height, float((SIDE - 2 * MARGIN) / extent.max()))
    room = SIDE - 2 * MARGIN - extent * scale
    corner = MARGIN + rng.uniform(0, 1, 2) * room - moved.min(axis=0) * scale
    drawn = [
        np.clip(s * scale + corner + rng.normal(0, WOBBLE, s.shape), MARGIN, SIDE - MARGIN)
        for s in shaped
    ]
    if rng.uniform() < BROAD:
        angle = rng.uniform(0, 2 * math.pi)
        offset = 0.5 * np.array([math.cos(angle), math.sin(angle)])
        drawn += [s + offset for s in drawn]
    return rasterise(drawn)


def bent(
    strokes: tuple[np.ndarray, ...], centre: np.ndarray, height: float, rng: np.random.Generator
) -> tuple[np.ndarray, ...]:
    """Every point moved by one smooth random field over the digit: a sum of BEND_WAVES long
    sine waves, so neighbouring points move together and a stroke stays a smooth stroke while
    a loop grows or a tail reaches further, as one hand varies from one digit to the next."""
    # (wave, output axis, input axis): cycles per digit height; a phase per wave and axis
    cycles = rng.normal(0.0, BEND_CYCLES, (BEND_WAVES, 2, 2))
    phase = rng.uniform(0.0, 2 * math.pi, (BEND_WAVES, 2))
    # the waves add up to a move of about BEND of the height, root mean square (the largest
    # moves, where waves agree, reach about 2.5 times that)
    size = BEND * height / math.sqrt(BEND_WAVES)
    moved = []
    for s in strokes:
        points = np.asarray(s, np.float64)  # (n, 2)
        where = (points - centre) / height  # (n, 2), the digit about -0.5..0.5
        angle = 2 * math.pi * np.einsum("wai,ni->nwa", cycles, where) + phase  # (n, wave, axis)
        moved.append(points + size * np.sin(angle).sum(axis=1))
    return tuple(moved)


def jitter(image: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """A (28, 28) image moved, scaled, turned and sheared a little (bilinear); float32 0..1."""
    image = np.asarray(image, np.float32)
    if image.dtype.kind in "iu" or image.max() > 1.0:
        image = image / np.float32(255)
    turn = rng.uniform(-JITTER_TURN, JITTER_TURN)
    scale = 1 + rng.uniform(-JITTER_SCALE, JITTER_SCALE)
    cos, sin = math.cos(turn), math.sin(turn)
    forward = (
        scale
        * np.array([[cos, -sin], [sin, cos]])
        @ np.array([[1.0, rng.uniform(-JITTER_SHEAR, JITTER_SHEAR)], [0.0, 1.0]])
    )
    inverse = np.linalg.inv(forward)  # output pixel -> where it reads from
    shift = rng.uniform(-JITTER_SHIFT, JITTER_SHIFT, 2)
    middle = (SIDE - 1) / 2
    ys, xs = np.mgrid[0:SIDE, 0:SIDE].astype(np.float64)
    out_xy = np.stack([xs.ravel() - middle - shift[0], ys.ravel() - middle - shift[1]])
    src_x, src_y = inverse @ out_xy + middle
    x0, y0 = np.floor(src_x).astype(np.intp), np.floor(src_y).astype(np.intp)
    fx, fy = (src_x - x0).astype(np.float32), (src_y - y0).astype(np.float32)
    padded = np.pad(image, 1)  # reads outside the image see background

    def at(r: np.ndarray, c: np.ndarray) -> np.ndarray:
        return padded[np.clip(r, -1, SIDE) + 1, np.clip(c, -1, SIDE) + 1]

    out = (
        at(y0, x0) * (1 - fx) * (1 - fy)
        + at(y0, x0 + 1) * fx * (1 - fy)
        + at(y0 + 1, x0) * (1 - fx) * fy
        + at(y0 + 1, x0 + 1) * fx * fy
    )
    return np.clip(out, 0.0, 1.0).reshape(SIDE, SIDE).astype(np.float32)
