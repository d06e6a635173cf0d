"""Validation in slices: the whole split's figures, measured a few hundred rows at a time.

Measuring the held-out digits (and the training-accuracy subset) whole every `val_every` steps
costs a frame a millisecond or two at once. Instead the rows are cut into slices of about
SLICE_ROWS, measured in turn over the `val_every` steps of a round, each with the weights its
step just made (every few steps, the last at the step that publishes), keeping for each row its
guess and for each slice its summed loss. A round has then measured every row once, so the
figures published from the kept results (`figures`) are those of the whole split, each row as
the weights judged it at most `val_every` steps ago. Slices are not made smaller than that to
spread them over more steps: below a few hundred rows numpy's per-call cost makes every row
dearer, and the average cost of a step is what limits how fast the app trains.

A slice not measured in the last round of steps is measured before publishing (`catch_up`):
after a new split or network, and when steps ran without measuring. That is fast speed, where
the app validates on one frame in ten (playground.core.session) and only that frame's last step
may: slices spread over the steps would cost more there than the whole split once in ten
frames, so there the publishing step measures (nearly) everything, slice after slice.
`measure_all` measures everything now, for when the weights must be judged as they are: a
paused run, the end of a script's `train N`, a resumed run.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from playground.core.nn import Network
from playground.core.nn.losses import LOSSES
from playground.core.training import saturation
from playground.core.training.split import Split

NEVER = -(2**62)  # the step a slice not yet measured was measured at
# Rows a slice measures, at least. Each numpy call costs the same for 60 rows as for 500, so
# small slices cost more per row: per row, slices of 60 rows took 0.76 us, 250 rows 0.64,
# 500 rows 0.51, the whole 3000 at once 0.55 (starter set, 784-16-16-16-10)
SLICE_ROWS = 500


@dataclass(frozen=True)
class Figures:
    exact: bool  # every row measured with the weights of the step published at
    train_acc: float
    val_loss: float | None  # None (and the rest too) with nothing held out
    val_acc: float | None
    confusion: np.ndarray | None  # (k, k) counts, rows the true output, columns the guess
    saturation: saturation.Saturation | None


class SlicedValidation:
    """The validation rows (then the training-accuracy rows) of `split`, in slices measured
    over a round of `val_every` steps."""

    def __init__(self, split: Split, k: int, val_every: int, activation: str) -> None:
        self._split, self._k, self._activation = split, k, activation
        self._n_val = n_val = len(split.val_labels)
        rows = n_val + len(split.acc_labels)
        self._round = max(1, val_every)  # steps from one publishing to the next
        self.slices = max(1, min(self._round, rows // SLICE_ROWS))
        self._stride = self._round // self.slices  # a slice on every this many steps
        self._rows = rows
        self._bounds = np.arange(self.slices + 1) * rows // self.slices  # slice j: rows b_j..
        self._guesses = np.zeros(rows, np.intp)  # per row: the output it was guessed as
        self._loss_sums = np.zeros(self.slices)  # per slice: its validation rows' loss, summed
        self._probe = min(saturation.PROBE, n_val)  # the rows saturation is judged on...
        self._flat = np.zeros((self._probe, 0))  # ...and per row, its flat neurons per layer
        self._next = 0  # the slice the next step measures
        self._measured_at = np.full(self.slices, NEVER)  # per slice: the step that measured it

    def measure_next(self, network: Network, step: int, to_publish: int) -> None:
        """On a round's measuring steps, measure the next slice in turn with the weights of
        `step`. They are every `stride` steps counted back from the publishing step, which is
        `to_publish` steps on: so the last slice of a round is judged by the weights published."""
        if to_publish % self._stride or to_publish >= self.slices * self._stride:
            return  # not a measuring step (or before the round's first one)
        self._measure(network, self._next, self._next + 1, step)
        self._next = (self._next + 1) % self.slices

    def measure_all(self, network: Network, step: int) -> None:
        """Measure every row now, slice after slice."""
        self._measure(network, 0, self.slices, step)
        self._next = 0

    def catch_up(self, network: Network, step: int) -> None:
        """Measure now the slices not measured in the last round of steps: none after a round
        whose steps measured them; all of them when the steps have not been measuring
        (fast speed validates one frame in ten) or the split or network is new. Slices are
        measured in turn, so the stale ones are the next ones: one or two runs of slices."""
        stale = int(np.count_nonzero(self._measured_at <= step - self._round))
        first, end = self._next, self._next + stale
        if end > self.slices:  # the run wraps round past the last slice
            self._measure(network, 0, end - self.slices, step)
            end = self.slices
        if first < end:
            self._measure(network, first, end, step)
        self._next = (self._next + stale) % self.slices

    def _measure(self, network: Network, first: int, end: int, step: int) -> None:
        """Measure slices first..end-1 with the weights as they are, one slice at a time: the
        same figures as one pass over their rows, at no more cost per row (SLICE_ROWS), while
        the rows gathered at once stay a slice's (all 3,000 at once, ~9 MB of inputs, left the
        C heap that much larger for good)."""
        for j in range(first, end):
            self._measure_slice(network, j, step)

    def _measure_slice(self, network: Network, j: int, step: int) -> None:
        self._measured_at[j] = step
        start, stop = int(self._bounds[j]), int(self._bounds[j + 1])
        split, n_val = self._split, self._n_val
        if start == stop:  # with more slices than rows, most slices are empty
            self._loss_sums[j] = 0.0
            return
        if start < n_val:  # validation rows
            a, b = start, min(stop, n_val)
            x, y = split.val_rows(a, b), split.val_y[a:b]
            if a < self._probe:  # saturation is judged on these rows too: one pass for both
                zs, acts = network.forward(x)
                outputs, loss, _ = LOSSES[network.loss_name].evaluate(zs[-1], y)
                flat = saturation.flat_counts(zs, acts, self._activation)[: self._probe - a]
                if self._flat.shape[1] != flat.shape[1]:
                    self._flat = np.zeros((self._probe, flat.shape[1]))
                self._flat[a : a + len(flat)] = flat
            else:
                outputs, loss = network.outputs_and_loss(x, y)
            self._guesses[a:b] = outputs.argmax(axis=1)
            self._loss_sums[j] = loss * (b - a)
        if stop > n_val:  # training-accuracy rows
            a, b = max(start, n_val) - n_val, stop - n_val
            guessed = network.predict(split.acc_rows(a, b))
            self._guesses[n_val + a : n_val + b] = guessed.argmax(axis=1)

    def figures(self, network: Network, step: int) -> Figures:
        """The whole split's figures from the rows' kept results (catching up first)."""
        self.catch_up(network, step)
        exact = bool((self._measured_at == step).all())
        split, n_val, k = self._split, self._n_val, self._k
        train_acc = float(np.mean(self._guesses[n_val:] == split.acc_labels))
        if not n_val:
            return Figures(exact, train_acc, None, None, None, None)
        guesses = self._guesses[:n_val]
        val_acc = float(np.mean(guesses == split.val_labels))
        pairs = split.val_labels * k + guesses
        confusion = np.bincount(pairs, minlength=k * k).reshape(k, k)
        widths = np.asarray(network.sizes[1:-1], np.float64)
        flat_share = np.mean(self._flat.sum(axis=0) / (self._probe * widths)) if len(widths) else 0
        flat = saturation.Saturation(float(flat_share), val_acc)
        val_loss = float(self._loss_sums.sum() / n_val)
        return Figures(exact, train_acc, val_loss, val_acc, confusion, flat)
