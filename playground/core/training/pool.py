"""The samples a run learns from, prepared for the settings in play.

Preparing digits (crop, scale, centre by mass, deskew) is the costliest part of start-up, so only
the digits in play are prepared, and each result is kept per preparation: toggling normalisation
back and forth, or saving one more digit, prepares nothing twice. The user's samples change with
every save, so they are prepared apart from the starter set and read after it (two arrays as
one, `rows.StackedRows`: joining them copied the starter set); how much they weigh in training
is the trainer's business (`playground.core.training.own_mix`). The prepared starter digits and
their twins are kept as 16-bit codes (`rows.encode`, half of float32's ~63 MB for ten digits) and
read as floats wherever they are gathered.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from playground.core.data.preprocess import prepare
from playground.core.settings import N_INPUTS, Settings
from playground.core.training.own_mix import OwnSamples
from playground.core.training.rows import CODE, Rows, StackedRows, encode

_KEPT = 2  # preparations of the starter set kept at once (~16 MB for ten digits, twins too)
CHUNK = 500  # images prepared at once


@dataclass(frozen=True)
class TrainingSet:
    """What the trainer gets: inputs, labels, and how each sample counts."""

    # (n, 784) float32, read-only: starter digits in play first, then the user's (stored
    # apart and read as one, the starter rows as codes, so they are not copied: rows.py)
    x: Rows
    labels: np.ndarray  # (n,) int64 digit labels
    twins: Rows | None  # (m, 784) mouse-drawn twins of the first m samples, m <= n
    own: OwnSamples | None  # the user's samples among them (the last rows), or None
    # the starter rows of x then their twins in one array (the pool's, as 16-bit codes: rows.py),
    # which the trainer's batches gather from; None where there are no twins
    source: np.ndarray | None = None

    def trainer_args(self) -> tuple:
        return self.x, self.labels, self.twins, self.own, self.source


class SamplePool:
    """The starter set (and its twins) plus caches of their preparations; `build` assembles the
    training set for given settings and user samples."""

    def __init__(
        self, images: np.ndarray, labels: np.ndarray, twins: np.ndarray | None = None
    ) -> None:
        self.images = images  # (n, 28, 28) uint8 starter digits
        self.labels = labels.astype(np.int64)  # (n,)
        self.twins = twins  # (n, 28, 28) uint8 redrawn twins of the starter digits, or None
        self._starter: dict[
            tuple, tuple[np.ndarray, np.ndarray, np.ndarray | None, np.ndarray]
        ] = {}
        self._user: tuple[np.ndarray, bool, bool, np.ndarray] | None = (
            None  # (images, normalize, deskew, prepared inputs)
        )

    def user_inputs(self, images: np.ndarray, normalize: bool, deskew: bool) -> np.ndarray:
        """The user's samples as network inputs (all digits), prepared once per load."""
        cached = self._user
        if cached is None or cached[0] is not images or cached[1:3] != (normalize, deskew):
            cached = self._user = (images, normalize, deskew, prepare(images, normalize, deskew))
        return cached[3]

    def build(
        self,
        settings: Settings,
        user_images: np.ndarray,
        user_labels: np.ndarray,
        user_strokes: list | None = None,
    ) -> TrainingSet:
        """The training set the `mix`, `twins` and preparation settings ask for; `user_strokes`
        (aligned with the images, None where a sample has none) lets the trainer redraw them."""
        s = settings
        labels, twins, source = [], None, None
        starter = user_x = None  # the starter rows in play (as codes), the user's (floats)
        if s.mix != "yours":
            starter, y, twin_rows, both = self._starter_in_play(s)
            labels.append(y)
            if s.twins and twin_rows is not None:
                twins, source = StackedRows(twin_rows), both
        n_starter = sum(len(y) for y in labels)
        keep = np.isin(user_labels, s.digits)
        own = None
        if s.mix != "starter" and keep.any():
            user_x = self.user_inputs(user_images, s.normalize, s.deskew)[keep]
            labels.append(user_labels[keep].astype(np.int64))
            strokes = user_strokes or [None] * len(user_labels)
            kept = tuple(strokes[i] for i in np.flatnonzero(keep))
            own = OwnSamples(n_starter, user_images[keep], kept, s.normalize, s.deskew)
        rows: Rows
        if starter is not None:
            rows = StackedRows(starter, user_x)
        else:
            rows = np.zeros((0, N_INPUTS), np.float32) if user_x is None else user_x.view()
            rows.setflags(write=False)
        labels = labels or [np.zeros(0, np.int64)]
        return TrainingSet(rows, np.concatenate(labels), twins, own, source)

    def _starter_in_play(
        self, s: Settings
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray | None, np.ndarray]:
        """(inputs, labels, twins' inputs, both) of the starter digits in play, as codes
        (`rows.encode`); inputs and twins are views of `both`, one array, prepared in chunks so
        that preparing never holds more than a chunk's intermediate arrays at once."""
        key = (s.normalize, s.deskew, s.digits)
        if key not in self._starter:
            if len(self._starter) >= _KEPT:
                self._starter.pop(next(iter(self._starter)))
            in_play = np.flatnonzero(np.isin(self.labels, s.digits))
            n = len(in_play)
            both = np.empty((n * (1 + (self.twins is not None)), N_INPUTS), CODE)
            _prepare_into(both[:n], self.images, in_play, s.normalize, s.deskew)
            twins = None
            if self.twins is not None:
                twins = both[n:]
                _prepare_into(twins, self.twins, in_play, s.normalize, s.deskew)
            both.setflags(write=False)
            self._starter[key] = (both[:n], self.labels[in_play], twins, both)
        return self._starter[key]


def _prepare_into(
    out: np.ndarray, images: np.ndarray, rows: np.ndarray, normalize: bool, deskew: bool
) -> None:
    """out[i] = prepare(images[rows[i]]) as codes (`rows.encode`), CHUNK images at a time:
    each image is prepared on its own, so the result is the same, while the float64
    intermediates of 10,000 images at once (~60 MB each) would linger in the C heap after."""
    for start in range(0, len(rows), CHUNK):
        part = rows[start : start + CHUNK]
        encode(prepare(images[part], normalize, deskew), out[start : start + len(part)])
