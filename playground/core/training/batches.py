"""The order minibatches come in: every training row once per epoch, shuffled, beside the share
of each batch that the user's own digits get (`playground.core.training.own_mix`).

Kept apart from the trainer so that the trainer reads as "next batch, step, record": this class
is the only place that knows where in an epoch training is and how a batch's rows are gathered.
"""

from __future__ import annotations

import numpy as np

from playground.core.settings import N_INPUTS
from playground.core.training.own_mix import OwnBatches
from playground.core.training.rows import gather
from playground.core.training.split import Split


class BatchOrder:
    """Deals the minibatches of one split. `rng` is the trainer's minibatch generator, shared
    (not copied), so a new split carries on the same random stream. `done` is the part of an
    epoch already trained when the split before this one was replaced (saving a digit splits
    again): the new order starts that far in, so a person saving a digit every few seconds
    still sees epochs finish."""

    def __init__(
        self,
        split: Split,
        own_start: int | None,
        own: OwnBatches,
        rng: np.random.Generator,
        k: int,
        done: float = 0.0,
    ) -> None:
        self._split, self._own, self._rng = split, own, rng
        self._eye = np.eye(k, dtype=np.float32)  # one-hot targets of the own rows, by output
        lead = len(split.train_index)
        # own digits come in their share of each batch (own_mix), not in the shuffled order
        self._base = np.arange(split.n_train)
        if own_start is not None:
            self._base = self._base[
                np.r_[split.train_index < own_start, np.ones(len(self._base) - lead, bool)]
            ]
        self.only_own = own_start == 0  # every training row is an own digit
        self._shuffle()
        self._position = int(done * len(self._order_sources))  # done < 1: inside the order
        self._kept: tuple[np.ndarray, np.ndarray] | None = None  # buffers reused untraced

    @property
    def done(self) -> float:
        """The part of the current epoch trained so far, 0 to 1."""
        return self._position / len(self._order_sources) if len(self._order_sources) else 0.0

    def next(self, size: int, reuse: bool = False) -> tuple[np.ndarray, np.ndarray, bool]:
        """Inputs (size, 784) and one-hot targets (size, k) of the next minibatch, and whether
        it finished a pass over the shuffled rows (an epoch; never, with only own digits).

        One new array per batch (the step's trace keeps it): the own rows are gathered into its
        end and the shuffled rows into its start, with no joining copy. With `reuse` (a step
        no trace will keep: fast speed's) the batch is written into the same two arrays each
        time, only good until the next batch: no allocation, and rows land in memory the cache
        holds already (measured 51.0 -> 49.6 us an untraced trainer step at batch 16)."""
        if reuse and (self._kept is None or len(self._kept[0]) != size):
            k = len(self._eye)
            self._kept = (np.empty((size, N_INPUTS), np.float32), np.empty((size, k), np.float32))
        kept = self._kept if reuse else None
        x = np.empty((size, N_INPUTS), np.float32) if kept is None else kept[0]
        own_x, own_outputs = self._own.draw(size, self._rng, out=x)
        if self.only_own:
            return own_x, self._eye[own_outputs], False
        start, end = self._position, self._position + size - len(own_outputs)
        sources, y = self._order_sources[start:end], self._order_y[start:end]
        self._position += len(sources)
        wrapped = self._position >= len(self._order_sources)
        if wrapped:
            self._shuffle()
            self._position = 0
        source = self._split.source  # floats or codes: `gather` reads either as floats
        if len(sources) + len(own_outputs) == size:
            gather(source, sources, out=x[: len(sources)])
        else:  # the epoch's last rows fall short of the batch: join them to the own rows
            x = np.concatenate([gather(source, sources), own_x])
        if kept is not None and len(y) + len(own_outputs) == size:
            kept[1][: len(y)] = y
            self._eye.take(own_outputs, axis=0, out=kept[1][len(y) :])
            return x, kept[1], wrapped
        if len(own_outputs):
            y = np.concatenate([y, self._eye[own_outputs]])
        return x, y, wrapped

    def _shuffle(self) -> None:
        """A new order of the shuffled training rows, as each one's row in the split's source
        (so a batch gathers its inputs with one `take`) and its targets in that order (so a
        batch's targets are a slice, read-only: the trace of its step keeps them)."""
        order = self._base[self._rng.permutation(len(self._base))]
        self._order_sources = self._split.source_rows[order]
        self._order_y = self._split.train_y[order]
        self._order_y.flags.writeable = False
