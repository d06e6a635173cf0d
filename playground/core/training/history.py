"""Training curves that cost the same to draw after an hour as after a minute.

Every point is kept (a few floats per step is nothing), but charts never read the raw points.
Beside them each series keeps at most BUCKETS running sums: consecutive points share a bucket,
and when the buckets fill up, neighbours merge pairwise and each bucket takes twice as many
points from then on. A chart asks for a few hundred points and gets bucket means, computed from
those fixed-size sums in time that does not grow with the length of the run.
"""

from __future__ import annotations

import numpy as np

BUCKETS = 1024  # running sums kept per series; a power of two so pairs merge evenly
BLOCK = 4096  # raw rows are kept in blocks this long: a full block starts a new one


class Series:
    """Rows of (step, value, ...) appended in step order.

    The raw rows live in fixed blocks, never in one array grown by doubling: at fast speed a
    doubling copied megabytes into fresh memory inside one frame (at 131,072 steps a 20 ms
    frame, at 262,144 a 45 ms one). A new block's pages are touched a row at a time."""

    def __init__(self, n_values: int) -> None:
        self._blocks = [np.zeros((BLOCK, 1 + n_values))]
        self._count = 0
        self._sums = np.zeros((BUCKETS, 1 + n_values))  # closed buckets: column sums
        self._sizes = np.zeros(BUCKETS, dtype=np.int64)  # closed buckets: points in each
        self._closed = 0
        self._open = [0.0] * (1 + n_values)  # the bucket being filled, in plain floats (cheap)
        self._open_size = 0
        self._per_bucket = 1  # points a bucket takes before it closes

    def __len__(self) -> int:
        return self._count

    def append(self, step: int, *values: float) -> None:
        block, at = divmod(self._count, BLOCK)
        if block == len(self._blocks):
            self._blocks.append(np.zeros_like(self._blocks[0]))
        row = (step, *values)
        self._blocks[block][at] = row
        self._count += 1
        if self._open_size == self._per_bucket:
            self._close_bucket()
        sums = self._open  # added to in place: a step at fast speed appends ~250 rows a frame
        for i, value in enumerate(row):
            sums[i] += value
        self._open_size += 1

    def amend_last(self, step: int, *values: float) -> None:
        """Put new values in the last row (which is always in the open bucket)."""
        row = (step, *values)
        block, at = divmod(self._count - 1, BLOCK)
        old = self._blocks[block][at].tolist()
        self._blocks[block][at] = row
        self._open = [t - o + n for t, o, n in zip(self._open, old, row, strict=True)]

    def _close_bucket(self) -> None:
        self._sums[self._closed] = self._open
        self._sizes[self._closed] = self._open_size
        self._closed += 1
        self._open = [0.0] * len(self._open)
        self._open_size = 0
        if self._closed == BUCKETS:  # full: merge neighbours, buckets hold twice as much
            half = BUCKETS // 2
            self._sums[:half] = self._sums[0::2] + self._sums[1::2]
            self._sizes[:half] = self._sizes[0::2] + self._sizes[1::2]
            self._closed = half
            self._per_bucket *= 2

    def column(self, i: int) -> np.ndarray:
        """All raw values of column i (0 = step), oldest first; read-only (a fresh array once
        there is more than one block: asked for when a run is saved or resumed, not per frame)."""
        used = -(-self._count // BLOCK) or 1
        joined = (
            self._blocks[0][:, i]
            if used == 1
            else np.concatenate([b[:, i] for b in self._blocks[:used]])
        )
        view = joined[: self._count]
        view.flags.writeable = False
        return view

    def decimated(self, max_points: int) -> np.ndarray:
        """(m, 1 + n_values) means of consecutive points, m <= max_points; steps in column 0."""
        if max_points < 1:
            raise ValueError(f"max_points must be at least 1, got {max_points}")
        sums = np.vstack([self._sums[: self._closed], [self._open]])
        sizes = np.append(self._sizes[: self._closed], self._open_size)
        if not self._open_size:
            sums, sizes = sums[:-1], sizes[:-1]
        if len(sizes) > max_points:
            starts = np.arange(max_points) * len(sizes) // max_points
            sums = np.add.reduceat(sums, starts, axis=0)
            sizes = np.add.reduceat(sizes, starts)
        return sums / sizes[:, None]


class History:
    """Train loss per step (raw and smoothed) and evaluation points, for the charts."""

    def __init__(self) -> None:
        self._steps = Series(2)  # loss, smoothed loss
        self._evals = Series(3)  # val loss, val accuracy, train accuracy

    def __len__(self) -> int:
        """Number of training steps recorded."""
        return len(self._steps)

    def record_step(self, step: int, loss: float, smoothed: float) -> None:
        self._steps.append(step, loss, smoothed)

    def record_eval(self, step: int, val_loss: float, val_acc: float, train_acc: float) -> None:
        """A new evaluation point; one at the same step as the last replaces it (a whole
        validation that follows the sliced one published at that step)."""
        steps = self._evals.column(0)
        if len(steps) and steps[-1] == step:
            self._evals.amend_last(step, val_loss, val_acc, train_acc)
        else:
            self._evals.append(step, val_loss, val_acc, train_acc)

    @property
    def steps(self) -> np.ndarray:
        return self._steps.column(0)

    @property
    def train_loss(self) -> np.ndarray:
        return self._steps.column(1)

    @property
    def train_loss_smoothed(self) -> np.ndarray:
        return self._steps.column(2)

    @property
    def eval_steps(self) -> np.ndarray:
        return self._evals.column(0)

    @property
    def val_loss(self) -> np.ndarray:
        return self._evals.column(1)

    @property
    def val_acc(self) -> np.ndarray:
        return self._evals.column(2)

    @property
    def train_acc(self) -> np.ndarray:
        return self._evals.column(3)

    def series(self, max_points: int = 400) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(steps, loss, smoothed loss), each at most max_points long, for the loss chart."""
        table = self._steps.decimated(max_points)
        return table[:, 0], table[:, 1], table[:, 2]

    def eval_series(
        self, max_points: int = 400
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """(steps, val loss, val accuracy, train accuracy), each at most max_points long."""
        table = self._evals.decimated(max_points)
        return table[:, 0], table[:, 1], table[:, 2], table[:, 3]
