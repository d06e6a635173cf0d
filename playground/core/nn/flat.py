"""The network's parameters as one flat float32 vector, and the guarded update that adds a step.

At 784-16-16-16-k the arithmetic of a step is a few microseconds; what costs is the number of
numpy calls. So all weights and biases live in one flat vector, layer after layer, each layer's
(n_in, n_out) weights followed by its n_out biases; the network reads them through views. The
gradient has the same layout, so the update, the divergence check and the momentum are each one
or two whole-vector operations instead of one per layer.

The divergence check keeps a bound on the parameters' length: a step of length s moves it by at
most s, so while the bound stays under SAFE_LENGTH no weight can have passed WEIGHT_LIMIT and the
step is added in place, unchecked. Only when the bound reaches the limit is the candidate built
and looked at whole, and the bound made exact again.
"""

from __future__ import annotations

import math

import numpy as np

WEIGHT_LIMIT = 1e3  # an update that would push any |weight| past this is refused as divergence
SAFE_LENGTH = 0.99 * WEIGHT_LIMIT  # parameters this long (2-norm) have no |weight| past the limit

Layout = list[tuple[tuple[int, int], int, int, int, int]]


def layout(sizes: list[int]) -> Layout:
    """Per layer: weight shape, then where its weights and its biases sit in the flat vector."""
    places, at = [], 0
    for n_in, n_out in zip(sizes[:-1], sizes[1:], strict=True):
        w_end = at + n_in * n_out
        places.append(((n_in, n_out), at, w_end, w_end, w_end + n_out))
        at = w_end + n_out
    return places


def split(flat: np.ndarray, places: Layout) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """Per-layer weight and bias views into a flat parameter-shaped vector."""
    weights = [flat[w0:w1].reshape(shape) for shape, w0, w1, _, _ in places]
    biases = [flat[b0:b1] for _, _, _, b0, b1 in places]
    return weights, biases


def length(params: np.ndarray) -> float:
    """The 2-norm of a parameter vector; inf or nan if any parameter is."""
    return math.sqrt(float(np.dot(params, params)))


def guarded_add(
    params: np.ndarray, step: np.ndarray, bound: float, scratch: np.ndarray
) -> float | None:
    """Add `step` to `params` in place unless some |p| would pass WEIGHT_LIMIT or stop being
    finite. Returns the new bound on the parameters' length, or None (nothing added).
    `bound` is the current bound; `scratch` a parameter-shaped buffer for the candidate."""
    size = length(step)  # inf or nan if the step is
    if bound + size <= SAFE_LENGTH:
        params += step
        return bound + size
    updated = np.add(params, step, out=scratch)
    exact = length(updated)
    if not math.isfinite(exact):
        return None
    if exact > SAFE_LENGTH and max(updated.max(), -updated.min()) > WEIGHT_LIMIT:
        return None
    params[...] = updated
    return exact
