"""Every weight and bias of a network in one flat float32 vector, and the divergence guard.

Layer l's weights (n_in, n_out) sit in the vector row by row with its biases (n_out,) straight
after them, so the same stretch read as one (n_in + 1, n_out) matrix is the layer with its bias
as an extra last row, W~ = [W; b]. Fed an input with a constant 1 appended, W~ adds the bias
inside the matrix product: [a, 1] W~ = a W + b (the network's step uses this, see
playground/core/nn/workspace.py). The first layer is the exception. Its input is the caller's
x, with no constant 1 beside it, so it has no W~; and its weights are stored transposed,
(n_out, n_in), so that its gradient, delta^T x, is written in place without a transposing copy
(and at batch 16, x (W^T)^T runs faster than x W). `weights[0]` is the transposed view,
(n_in, n_out) like every layer's.

Because all parameters are one vector, the update, the divergence check and momentum are each
one or two whole-vector operations instead of one per layer; the gradient lands in a second
vector of the same layout through views.

The divergence check keeps a bound on the parameters' length (2-norm): a step of length s moves
it by at most s, so while the bound stays under the limit no weight can have passed it and the
step is added in place, unchecked. Only when the bound reaches the limit is the candidate built
and looked at whole, and the bound made exact again. That is why the public views are read-only
and every write goes through `set`: the bound must see it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

WEIGHT_LIMIT = 1e3  # an update that would push any |weight| past this is refused as divergence
SAFE_LENGTH = 0.99 * WEIGHT_LIMIT  # parameters this long (2-norm) have no |weight| past the limit

Layers = tuple[list[np.ndarray], list[np.ndarray]]


class Parameters:
    """The flat parameter vector of a network with layer widths `sizes`, and views into it."""

    def __init__(self, sizes: Sequence[int]) -> None:
        self.layout = _layout(list(sizes))
        self.flat = np.zeros(self.layout[-1][-1], dtype=np.float32)
        self.weights, self.biases = self.split(read_only(self.flat))
        self.length = 0.0  # an upper bound on the 2-norm of `flat`
        self._scratch = np.zeros_like(self.flat)  # candidate parameters while checking a step

    def split(self, flat: np.ndarray) -> Layers:
        """Per-layer weight (n_in, n_out) and bias (n_out,) views into a parameter-shaped vector."""
        weights = [flat[w0:w1].reshape(shape) for shape, w0, w1, _, _ in self.layout]
        weights[0] = self.first_t(flat).T
        biases = [flat[b0:b1] for _, _, _, b0, b1 in self.layout]
        return weights, biases

    def first_t(self, flat: np.ndarray) -> np.ndarray:
        """The first layer's weights as stored, transposed: (n_out, n_in), contiguous."""
        (n_in, n_out), w0, w1, _, _ = self.layout[0]
        return flat[w0:w1].reshape(n_out, n_in)

    def augmented(self, flat: np.ndarray) -> list[np.ndarray]:
        """For every layer after the first, W~ = [W; b]: the (n_in + 1, n_out) view of its
        weights and bias together."""
        return [
            flat[w0:b1].reshape(n_in + 1, n_out) for (n_in, n_out), w0, _, _, b1 in self.layout[1:]
        ]

    def set(
        self, weights: Sequence[np.ndarray] | None, biases: Sequence[np.ndarray] | None
    ) -> None:
        """Copy new values into every layer's weights and/or biases (None keeps them)."""
        for new, old in ((weights, self.weights), (biases, self.biases)):
            if new is None:
                continue
            if len(new) != len(old):
                raise ValueError(f"need {len(old)} arrays, one per layer, got {len(new)}")
            for src, dst in zip(new, old, strict=True):
                if np.shape(src) != dst.shape:
                    raise ValueError(f"need an array of shape {dst.shape}, got {np.shape(src)}")
        writable = self.split(self.flat)  # fresh views: the public ones are read-only
        for new, views in zip((weights, biases), writable, strict=True):
            for src, dst in zip(new or [], views, strict=False):
                dst[...] = src
        self.length = length(self.flat)

    def apply(self, step: np.ndarray) -> bool:
        """Add `step` to the parameters unless some |p| would pass WEIGHT_LIMIT or stop being
        finite; True if it was added."""
        size = math.sqrt(float(np.dot(step, step)))  # inf or nan if the step is
        if self.length + size <= SAFE_LENGTH:
            self.flat += step
            self.length += size
            return True
        updated = np.add(self.flat, step, out=self._scratch)
        exact = length(updated)
        if not math.isfinite(exact):
            return False
        if exact > SAFE_LENGTH and max(updated.max(), -updated.min()) > WEIGHT_LIMIT:
            return False
        self.flat[...] = updated
        self.length = exact
        return True


def read_only(flat: np.ndarray) -> np.ndarray:
    """A view of `flat` through a read-only buffer, so it cannot be made writable again."""
    return np.frombuffer(memoryview(flat).toreadonly(), np.float32)  # type: ignore[arg-type]  # ndarray is a Buffer; numpy's stubs say so on 3.12+ only


def length(params: np.ndarray) -> float:
    """The 2-norm of a parameter vector; inf or nan if any parameter is."""
    return math.sqrt(float(np.dot(params, params)))


def _layout(sizes: list[int]) -> list[tuple[tuple[int, int], int, int, int, int]]:
    """Per layer: weight shape, then where its weights and its biases sit in the flat vector."""
    layout, at = [], 0
    for n_in, n_out in zip(sizes[:-1], sizes[1:], strict=True):
        w_end = at + n_in * n_out
        layout.append(((n_in, n_out), at, w_end, w_end, w_end + n_out))
        at = w_end + n_out
    return layout
