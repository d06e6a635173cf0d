"""The buffers one training step of batch size n works in, allocated once per batch size.

At 784-16-16-16-10 a step's arithmetic takes a few microseconds and each numpy call costs about
half a microsecond more, so the step is written to make few calls, into buffers made once (only
what the trace keeps is allocated per step). Three tricks:

- Neurons down, samples across. The hidden layers' buffers hold one row per neuron and one
  column per sample: z^T, a^T and delta^T, the transposes of the (n, width) arrays the trace
  shows. Every hidden activation a^T gets a last row of constant ones, so with W~ = [W; b]
  (playground/core/nn/parameters.py) the next layer's z^T = W~^T [a^T; 1] adds the bias inside
  the matrix product, and its gradient [a^T; 1] delta = [dLoss/dW; dLoss/db] sums the bias
  gradient inside it too: no bias add, no separate bias sum. A row of ones under a C-ordered
  (width + 1, n) buffer leaves the width rows above it one contiguous block, so the activation
  writes into it without striding (a column of ones beside an (n, width) buffer would not).
- All hidden activations sit in one block, so the slopes da/dz of every hidden layer are found
  in one or two calls over it (`Activation.slope`); each layer's delta then takes its slope in
  place with one multiply.
- The first and last layers keep the trace's own (n, width) orientation: z_1 = x W_1 reads
  the caller's (n, 784) inputs as they are (at batch 128 twice as fast as W_1^T x^T; having no
  row of ones, it adds b_1 and sums its gradient apart), and the output z (n, k) is what the
  losses and the one-hot targets expect.

What the trace keeps of a step (every layer's z, activation and delta but the output's, which
the loss allocates fresh) lies in one flat vector, `record`, so the trace's copy of it is one
call; `cut` turns such a copy back into the (n, width) arrays.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

Record = tuple[list[np.ndarray], list[np.ndarray], list[np.ndarray]]


class Workspace:
    """Buffers for batch size `n` of a network with layer widths `sizes`."""

    def __init__(self, sizes: Sequence[int], n: int) -> None:
        hidden, k = list(sizes[1:-1]), sizes[-1]
        # where each array sits in `record`: (offset, rows, columns)
        at = 0

        def place(rows: int, columns: int) -> tuple[int, int, int]:
            nonlocal at
            at += rows * columns
            return at - rows * columns, rows, columns

        self._z_first_at = [place(n, w) for w in hidden[:1]]
        self._zs_at = [place(w, n) for w in hidden[1:]]  # z^T per later hidden layer
        acts_start = at
        self._acts_at = [place(w + 1, n) for w in hidden]  # [a^T; 1] per hidden layer
        acts_end = at
        self._deltas_at = [place(w, n) for w in hidden]  # delta^T per hidden layer
        self._z_out_at = place(n, k)  # the output layer's z, (n, k)
        self.record = np.zeros(at, dtype=np.float32)
        view = self._view
        self.z_first = [view(self.record, spot) for spot in self._z_first_at]  # [] or [z_1]
        self.zs_t = [view(self.record, spot) for spot in self._zs_at]
        self.acts_t = [view(self.record, spot) for spot in self._acts_at]
        for a in self.acts_t:
            a[-1] = 1.0  # the constant row the next layer's bias row multiplies
        self.values_t = [a[:-1] for a in self.acts_t]  # the activations proper, contiguous
        self.deltas_t = [view(self.record, spot) for spot in self._deltas_at]
        self.z_out = view(self.record, self._z_out_at)
        self.acts_block = self.record[acts_start:acts_end]  # every hidden [a^T; 1], flat
        self.slopes_block = np.zeros_like(self.acts_block)  # da/dz of each, same layout
        self.slopes_t = [
            view(self.slopes_block, (start - acts_start, rows, columns))[:-1]
            for start, rows, columns in self._acts_at
        ]
        self.ones = np.ones(n, dtype=np.float32)  # sums a delta over the batch: a bias gradient

    def cut(self, record: np.ndarray) -> Record:
        """A copy of `record` as (n, width) arrays: z of layers 1..L, the activations of the
        hidden layers, and their deltas (views into the copy, transposed where stored so)."""
        view = self._view
        zs = [view(record, spot) for spot in self._z_first_at]
        zs += [view(record, spot).T for spot in self._zs_at] + [view(record, self._z_out_at)]
        acts = [view(record, spot)[:-1].T for spot in self._acts_at]
        deltas = [view(record, spot).T for spot in self._deltas_at]
        return zs, acts, deltas

    @staticmethod
    def _view(flat: np.ndarray, spot: tuple[int, int, int]) -> np.ndarray:
        start, rows, columns = spot
        return flat[start : start + rows * columns].reshape(rows, columns)
