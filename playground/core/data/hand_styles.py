"""Ways of writing digits that MNIST's American writers rarely use, drawn into traced strokes.

The starter digits come from American writers: a 1 is a bare bar, a 7 has no cross-stroke, a 9
ends in a straight tail. Many people write a 1 with a flag (and sometimes a foot), cross their
7s, curl or hook the tail of their 9s and give their 4s a short stem. A network that never saw
those reads a flagged 1 as a 9 or a 3, a crossed 7 as a 2, a hooked 9 as a 3 and such a 4 as a
6. Drawing some mouse-drawn twins of the starter digits in those styles
(`playground.core.data.restroke`) teaches them from MNIST digits alone: the new strokes are
added to the digit's own traced strokes (a 4's, and a small-looped 9's, replace them), in the
digit's own size, before the twin is drawn with the pen, so they have the pen's look. The
shapes and shares were chosen by looking at the strangers' digits the network misread
(`playground.evaluate`, writers 1-20).

Strokes are (k, 2) float arrays of (x, y) canvas units, y pointing down, as `trace` gives them.
"""

from __future__ import annotations

import math

import numpy as np

FLAG_LENGTH = (0.3, 1.3)  # a 1's flag, as a share of its height (up to longer than the bar)
FLAG_ANGLE = (20.0, 75.0)  # degrees the flag falls below the horizontal, to the left
FOOT_SHARE = 0.4  # share of flagged 1s that also stand on a foot
FOOT_HALF = (0.2, 0.7)  # half the foot's width, as a share of the height
CROSS_AT = (0.45, 0.8)  # where a 7's cross-stroke sits, as a share of the height from the top
CROSS_HALF = (0.2, 0.4)  # half the cross-stroke's width, as a share of the height
CROSS_LEFT = (0.0, 0.6)  # how far the cross's middle sits left of the stem, in half-widths
CURL_TURN = (70.0, 150.0)  # degrees a 9's soft curl turns
CURL_LENGTH = (0.25, 0.5)  # the curl's length, as a share of the height
HOOK_SHARE = 0.6  # share of curled 9s whose tail bends sharply into a flat hook instead
HOOK_BEND = (60.0, 120.0)  # degrees the tail turns at the hook's bend
HOOK_RADIUS = (0.05, 0.12)  # the bend's step length, as a share of the height
HOOK_LIFT = (-10.0, 30.0)  # degrees the hook's flat part turns on, up and to the left
HOOK_LENGTH = (0.3, 0.7)  # the flat part's length, as a share of the height
SMALL_LOOP_SHARE = 0.2  # share of styled 9s redrawn with a small loop on a long hooked stem
SMALL_LOOP_HEIGHT = (0.25, 0.45)  # that loop's height, as a share of the 9's height
NINE_WIDTH = (0.4, 0.7)  # such a 9's width, as a share of its height
FOUR_WIDTH = (0.35, 0.7)  # a short-stemmed 4's width, as a share of its height
FOUR_BAR_AT = (0.55, 0.75)  # where its bar sits, as a share of the height from the top
FOUR_LEAN = (0.0, 0.5)  # how far right of the bar's start its upright begins, in widths
FOUR_STEM_AT = (0.6, 0.9)  # where its stem crosses the bar, in widths from the bar's start
FOUR_STEM_RISE = (0.0, 0.2)  # how far above the bar its stem starts, as a share of the height
POINTS = 8  # positions along each added stroke


def _segment(start: np.ndarray, end: np.ndarray) -> np.ndarray:
    return np.linspace(start, end, POINTS).astype(np.float32)


def _extent(strokes: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    points = np.concatenate(strokes)
    return points.min(axis=0), points.max(axis=0)


def flag_the_one(strokes: list[np.ndarray], rng: np.random.Generator) -> list[np.ndarray]:
    """A 1 written with a flag: a stroke from down-left up to the top of the bar, drawn first,
    and sometimes a foot across the bottom. Flags reach past the bar's length and feet run
    wide, as in strangers' 1s drawn as a wide Λ or on a broad foot, which read as 2s and 3s
    while the longest flag was the bar's length and the widest foot its height."""
    low, high = _extent(strokes)
    height = float(high[1] - low[1])
    points = np.concatenate(strokes)
    top = points[points[:, 1].argmin()]
    length = height * rng.uniform(*FLAG_LENGTH)
    angle = math.radians(rng.uniform(*FLAG_ANGLE))
    start = top + length * np.array([-math.cos(angle), math.sin(angle)], np.float32)
    out = [_segment(start, top), *strokes]
    if rng.uniform() < FOOT_SHARE:
        bottom = points[points[:, 1].argmax()]
        half = height * rng.uniform(*FOOT_HALF)
        out.append(_segment(bottom - [half, 0], bottom + [half, 0]))
    return out


def cross_the_seven(strokes: list[np.ndarray], rng: np.random.Generator) -> list[np.ndarray]:
    """A 7 with a bar across its stem, a little below the middle of its height, often reaching
    further left of the stem than right (as strangers' crossed 7s do)."""
    low, high = _extent(strokes)
    height = float(high[1] - low[1])
    y = low[1] + height * rng.uniform(*CROSS_AT)
    points = np.concatenate(strokes)
    near = points[np.abs(points[:, 1] - y) < max(height * 0.08, 0.5)]
    x = float(np.median(near[:, 0])) if len(near) else float((low[0] + high[0]) / 2)
    half = height * rng.uniform(*CROSS_HALF)
    x -= half * rng.uniform(*CROSS_LEFT)
    tilt = height * rng.uniform(-0.05, 0.05)
    return [*strokes, _segment(np.array([x - half, y + tilt]), np.array([x + half, y - tilt]))]


def _arc(tip: np.ndarray, heading: float, turn: float, step: float, n: int) -> np.ndarray:
    """n points walking on from `tip`, `step` apart, their heading turning evenly by `turn`
    radians from `heading` (+ turns from down towards the left, y pointing down)."""
    angles = heading + turn * np.linspace(0, 1, n + 1)[1:]
    return tip + np.cumsum(step * np.stack([np.cos(angles), np.sin(angles)], axis=1), axis=0)


def _hook(tip: np.ndarray, heading: float, height: float, rng: np.random.Generator) -> np.ndarray:
    """A tail that bends sharply and runs on flat to the left: the "ʖ" foot many people give a 9
    (their 9s read as 3s until the network has seen it)."""
    bend = math.radians(rng.uniform(*HOOK_BEND))
    arc = _arc(tip, heading, bend, height * rng.uniform(*HOOK_RADIUS), 4)
    final = heading + bend + math.radians(rng.uniform(*HOOK_LIFT))
    length = height * rng.uniform(*HOOK_LENGTH)
    run = (
        np.linspace(0, 1, POINTS)[1:, None] * length * np.array([math.cos(final), math.sin(final)])
    )
    return np.concatenate([arc, arc[-1] + run])


def curl_the_nine(strokes: list[np.ndarray], rng: np.random.Generator) -> list[np.ndarray]:
    """A 9 whose tail turns to the left at the bottom: the stroke ending lowest goes on either
    in a sharp hook with a flat foot (`HOOK_SHARE` of them) or along a soft arc that turns from
    its own heading towards the left and up."""
    low, high = _extent(strokes)
    height = float(high[1] - low[1])
    ends = [(i, s[-1], s[-2]) for i, s in enumerate(strokes) if len(s) > 1]
    ends += [(i, s[0], s[1]) for i, s in enumerate(strokes) if len(s) > 1]
    if not ends:
        return strokes
    i, tip, before = max(ends, key=lambda e: e[1][1])
    heading = math.atan2(*(tip - before)[::-1])
    if rng.uniform() < HOOK_SHARE:
        tail = _hook(tip, heading, height, rng)
    else:
        turn = math.radians(rng.uniform(*CURL_TURN))
        length = height * rng.uniform(*CURL_LENGTH)
        tail = _arc(tip, heading, turn, length / (POINTS - 1), POINTS - 1)
    stroke = strokes[i] if np.array_equal(strokes[i][-1], tip) else strokes[i][::-1]
    out = list(strokes)
    out[i] = np.concatenate([stroke, tail.astype(np.float32)])
    return out


def small_loop_nine(strokes: list[np.ndarray], rng: np.random.Generator) -> list[np.ndarray]:
    """A 9 in one stroke with a small loop on top of a long stem that ends in a flat hook: the
    "g"-like 9 that strangers write and that MNIST's big-looped 9s never show. Like the 4 below,
    it is redrawn from the traced strokes' size and place only."""
    low, high = _extent(strokes)
    height, left, top = float(high[1] - low[1]), float(low[0]), float(low[1])
    width = height * rng.uniform(*NINE_WIDTH)
    loop_h = height * rng.uniform(*SMALL_LOOP_HEIGHT)
    loop_w = width * rng.uniform(0.7, 1.0)
    centre = np.array([left + loop_w / 2, top + loop_h / 2])
    turn = np.linspace(0, -2 * np.pi, 17)  # from its right side, up and round to the left
    loop = centre + np.stack([loop_w / 2 * np.cos(turn), loop_h / 2 * np.sin(turn)], axis=1)
    tip = np.array(
        [loop[-1][0] - width * rng.uniform(0.0, 0.2), top + height * rng.uniform(0.7, 0.85)]
    )
    stem = _segment(loop[-1], tip)
    foot = _hook(tip, math.atan2(*(tip - loop[-1])[::-1]), height, rng)
    return [np.concatenate([loop, stem[1:], foot]).astype(np.float32)]


def tail_the_nine(strokes: list[np.ndarray], rng: np.random.Generator) -> list[np.ndarray]:
    """A 9 whose tail turns left at the bottom: `SMALL_LOOP_SHARE` of them redrawn with a small
    loop, the others keeping their own loop with the tail curled or hooked."""
    if rng.uniform() < SMALL_LOOP_SHARE:
        return small_loop_nine(strokes, rng)
    return curl_the_nine(strokes, rng)


def short_stem_four(strokes: list[np.ndarray], rng: np.random.Generator) -> list[np.ndarray]:
    """A 4 whose stem starts near its bar and runs only below it: a tall upright leaning like a
    '/' down to the bar, the bar to the right, then a short stem across the bar's end. Strangers
    write 4s so (theirs read as 6s until the network has seen some). Unlike the other styles
    this one redraws the digit, from its traced strokes' size and place only."""
    low, high = _extent(strokes)
    height, left, top = float(high[1] - low[1]), float(low[0]), float(low[1])
    width = height * rng.uniform(*FOUR_WIDTH)
    bar_y = top + height * rng.uniform(*FOUR_BAR_AT)
    corner = np.array([left, bar_y])
    upright_top = np.array([left + width * rng.uniform(*FOUR_LEAN), top])
    stem_x = left + width * rng.uniform(*FOUR_STEM_AT)
    bar_end = np.array([left + width, bar_y + height * rng.uniform(-0.05, 0.03)])
    first = np.concatenate([_segment(upright_top, corner), _segment(corner, bar_end)[1:]])
    stem_top = np.array(
        [stem_x + width * rng.uniform(-0.05, 0.1), bar_y - height * rng.uniform(*FOUR_STEM_RISE)]
    )
    stem_foot = np.array([stem_x - width * rng.uniform(0.0, 0.2), top + height])
    return [first, _segment(stem_top, stem_foot)]


# digit -> (its other style, the share of its twins drawn that way)
# (chosen on strangers' pen digits, writers 1-20: playground.evaluate)
STYLES = {
    1: (flag_the_one, 0.65),
    4: (short_stem_four, 0.3),
    7: (cross_the_seven, 0.6),
    9: (tail_the_nine, 0.7),
}


def restyle(strokes: list[np.ndarray], label: int, rng: np.random.Generator) -> list[np.ndarray]:
    """The strokes of a digit labelled `label`, drawn in another hand's style for that digit's
    share of calls; otherwise (and for digits without one) as they are. Draws from `rng` only
    for digits that have a style, so the other digits' twins do not change."""
    style, share = STYLES.get(int(label), (None, 0.0))
    if style is None or not strokes or rng.uniform() >= share:
        return strokes
    return style(strokes, rng)
