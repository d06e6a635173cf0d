"""The user's own digits in every batch: a fixed share of it, spread over the digits, redrawn.

Beside 10,000 starter digits a user's fifty are lost if each counts once, and repeating each a
fixed number of times makes their weight depend on the size of the starter set. So when own
digits are in play, a fixed part of every batch comes from them, whatever else is in play.

The rule (`own_fractions`): output i of k gets `own_share * min(1, n_i / FULL) / k` of each
batch from the user's n_i training digits of that kind; the rest of the batch comes from the
starter set. The own part is spread over the digits as the batch is, so three saved sevens move
at most share/k of a batch to sevens and cannot teach the network that everything is a 7; it
grows with the number of own digits of a kind up to FULL, and with the number of kinds covered,
reaching `own_share` once every digit in play has FULL of them. With no starter samples (mix
yours) the whole batch is own, one k-th per digit.

Chosen by measurement (`python -m playground.own_hand`, UCI pen-digits writers 1-20, digits
0-9, 5 own of each, 3600 steps, mean accuracy on each writer's other digits): each own digit
repeated x10 beside the starter set 0.825; this rule without redraws 0.902; with a redraw a
frame 0.950 (0.960 once a user's first five of a kind all train, see split.OWN_HOLD_FROM). A
user's first saves of a 7 with 0-9 in play (writers 1-10, 600 steps; their other 7s read right
/ their other digits read as 7): none 0.869 / 0.077, one 0.875 / 0.076, three 0.956 / 0.082,
ten 0.981 / 0.082: no flood of 7s. Without the ramp (share/k from the first save) one 7 gave
0.969 / 0.110, and half of every batch from own digits, not spread, 0.988 / 0.157: it learns
the 7 at once but calls twice as many other digits 7. own_share 0.6 and 0.7 measured 0.961
against 0.960 for 0.5 (1, 2, 3 at 600 steps: 0.990 against 0.988): the default stays at half.

Each own digit is not shown as its one picture but as one of VARIANTS versions: the picture
itself and redraws from its strokes (`playground.core.data.redraw`, or image jitter for a digit
without strokes). Redraws are made one every other frame (`refresh`: drawn on one frame,
prepared on the next), never in bulk, so they cost no frames; until they are made the picture
stands in. Variant j of a digit is drawn from a generator seeded by (seed, the digit's content,
j): the same seed gives the same variants in any order. Pure numpy.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from hashlib import blake2b

import numpy as np

from playground.core.data.preprocess import prepare
from playground.core.data.redraw import jitter, redraw
from playground.core.settings import N_INPUTS
from playground.core.training.own_deal import OwnDealer
from playground.core.training.rows import Rows

FULL = 5  # own digits of one kind that earn that kind its whole part of the share
VARIANTS = 8  # versions kept per own digit: the picture and 7 redraws, renewed as it trains
PER_FRAME = 1  # variants drawn on one frame and prepared on the next (each ~0.3 ms)


_NO_X = np.zeros((0, N_INPUTS), np.float32)  # an empty own part, shared: never written
_NO_OUTPUTS = np.zeros(0, np.intp)
_NO_X.flags.writeable = _NO_OUTPUTS.flags.writeable = False


@dataclass(frozen=True)
class OwnSamples:
    """The user's samples as the pool appended them: rows `start`.. of the training inputs."""

    start: int
    images: np.ndarray  # (m, 28, 28) uint8, as saved
    strokes: tuple  # (m,) strokes of each, or None
    normalize: bool
    deskew: bool


def own_fractions(
    share: float, counts: Sequence[int] | np.ndarray, only_own: bool = False
) -> np.ndarray:
    """Part of each batch to take from the own digits of each output, from their counts (k,)."""
    counts = np.asarray(counts, np.float64)
    k = len(counts)
    if only_own:
        covered = counts > 0
        return covered / max(1, covered.sum())
    return share * np.minimum(1.0, counts / FULL) / k


class OwnBatches:
    """Picks the own part of each batch and keeps a bank of variants of every own digit."""

    def __init__(self, seed: int) -> None:
        self._seed = seed
        self._bank: dict[tuple, list] = {}  # (content, normalize, deskew) -> [variants, made]
        self._entries: list[list] = []  # bank entries of the own training digits, in order
        self._sources: list[tuple] = []  # (strokes, image, content) per own training digit
        self._by_output: list[np.ndarray] = []  # own training digit positions per output
        self._fractions = np.zeros(0)
        self._bank_rows = np.zeros((0, N_INPUTS), np.float32)
        self._dealer = OwnDealer([], self._fractions, VARIANTS)  # the order they come in
        self._prep = (True, True)
        self._pending: tuple | None = None  # variants drawn by refresh, to prepare next call

    @property
    def active(self) -> bool:
        return bool(self._fractions.sum() > 0)

    @property
    def fraction(self) -> float:
        """The part of each batch that comes from own digits now (0 when none train)."""
        return float(self._fractions.sum())

    @property
    def count(self) -> int:
        """Own digits that train (held-out ones are not counted)."""
        return len(self._entries)

    def set_samples(
        self,
        own: OwnSamples | None,
        sample_of_row: np.ndarray,
        output_of_row: np.ndarray,
        x_of_sample: Rows,
        k: int,
    ) -> None:
        """The own digits that train: `sample_of_row` (sample index per training row),
        `output_of_row` (output index) from the split, and `x_of_sample` (the prepared inputs of
        all the samples split, so the split need not copy its rows)."""
        self._entries, self._sources, outputs = [], [], []
        self._pending = None  # drawn for digits or a preparation that may be gone
        if own is not None:
            self._prep = (own.normalize, own.deskew)
            kept = {}
            for row in np.flatnonzero(sample_of_row >= own.start):
                i = int(sample_of_row[row]) - own.start
                image, strokes = own.images[i], own.strokes[i]
                content = blake2b(image.tobytes(), digest_size=8).digest()
                key = (content, *self._prep)
                first = x_of_sample[i + own.start][None]
                entry = self._bank.get(key) or [np.repeat(first, VARIANTS, 0), 0]
                kept[key] = entry
                self._entries.append(entry)
                self._sources.append((strokes, image, int.from_bytes(content)))
                outputs.append(int(output_of_row[row]))
            self._bank = kept  # variants of deleted digits are dropped
        # one array for all the variants, so a batch takes its rows in one indexing; each
        # entry's variants become a view into it, which `refresh` writes through
        shape = (len(self._entries), VARIANTS, N_INPUTS)
        self._variants = (
            np.stack([e[0] for e in self._entries])
            if self._entries
            else np.zeros(shape, np.float32)
        )
        for entry, view in zip(self._entries, self._variants, strict=True):
            entry[0] = view
        output_of_entry = np.array(outputs, np.intp)
        self._by_output = [np.flatnonzero(output_of_entry == i) for i in range(k)]
        self._bank_rows = self._variants.reshape(-1, N_INPUTS)  # version v of digit d: d*V + v
        # (the dealer is made by set_share, which follows: the fractions come from the counts)

    def set_share(self, share: float, only_own: bool) -> None:
        counts = [len(p) for p in self._by_output]
        self._fractions = own_fractions(share, counts, only_own) if counts else np.zeros(0)
        self._dealer = OwnDealer(self._by_output, self._fractions, VARIANTS)

    def draw(
        self, batch: int, rng: np.random.Generator, out: np.ndarray | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """The own part of the next batch: inputs (m, 784) and output indices (m,). With `out`
        ((batch, 784) float32) the inputs are its last m rows, gathered there: the trainer
        then fills the rows before them, and the batch is made without joining two arrays."""
        if not self._entries:  # none in play: nothing to spread (and ~8 us a step saved)
            return _NO_X, _NO_OUTPUTS
        flat, outputs = self._dealer.next(batch, rng)
        if out is None:
            return self._bank_rows[flat], outputs
        rows = out[len(out) - len(flat) :]
        # mode "wrap": the same rows for indices in range, and no buffered copy as with "raise"
        return self._bank_rows.take(flat, axis=0, out=rows, mode="wrap"), outputs

    def refresh(self, budget: int = PER_FRAME) -> int:
        """Make up to `budget` new variants, for the digits with the fewest so far, in two
        halves on alternate calls (draw them, then prepare and store them), so that no frame
        pays for both; returns how many were stored by this call."""
        if self._pending is not None:
            entries, images = self._pending
            self._pending = None
            for entry, x in zip(entries, prepare(np.stack(images), *self._prep), strict=True):
                entry[0][1 + entry[1] % (VARIANTS - 1)] = x  # slot 0 keeps the picture itself
                entry[1] += 1
            return len(entries)
        n = len(self._entries)
        if not n or not self.active or budget <= 0:
            return 0
        made = np.array([entry[1] for entry in self._entries])
        chosen = np.argsort(made, kind="stable")[: min(budget, n)]
        images = []
        for position in chosen:
            strokes, image, content = self._sources[position]
            rng = np.random.default_rng([self._seed, content, int(made[position])])
            images.append(redraw(strokes, rng) if strokes else jitter(image, rng))
        self._pending = ([self._entries[position] for position in chosen], images)
        return 0
