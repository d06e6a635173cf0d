"""Losses, each owning the output activation it pairs with, and each beside its derivative.

"mse" reads sigmoid scores (each output in [0, 1] on its own, as the seed's network did) and
"xent" reads softmax probabilities. Because a loss owns the output layer, training hands it the
raw output pre-activations z and gets back, from one function, the outputs, the loss and
dLoss/dz: they share intermediates, and for softmax with cross-entropy the derivative has the
simple closed form (p - y) / n. At these sizes every numpy call costs more than its arithmetic,
so the functions are written to make few calls.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

import numpy as np

from playground.core.nn.activations import sigmoid


def mse(z: np.ndarray, y: np.ndarray, by: float = 1.0) -> tuple[np.ndarray, float, np.ndarray]:
    """Sigmoid outputs a, (a - y)^2 summed over outputs and averaged over the batch, dLoss/dz
    (times `by`, which costs nothing here: a training step without a trace passes -lr).

    Summed, not averaged, over outputs: each output's gradient then does not shrink as digits
    are added, so one learning rate suits 2 digits and 10 (averaged, 0-9 at lr 0.05 reached
    only 54% validation accuracy in a minute of training, summed 93%)."""
    a = sigmoid(z)
    delta = a - y
    loss = float(np.vdot(delta, delta)) / len(delta)
    scale = 2.0 * by / len(delta)  # dLoss/da = scale (a - y); da/dz = a (1 - a)
    slope = np.multiply(a, -scale)
    slope += scale
    slope *= a
    delta *= slope
    return a, loss, delta


def sigmoid_slope(a: np.ndarray, k: int) -> np.ndarray:
    """d a_k / dz for every output: only output k's own sigmoid moves it."""
    slope = np.zeros_like(a)
    a_k = a[:, k]
    slope[:, k] = a_k * (1.0 - a_k)
    return slope


# exp(z) of raw output scores may overflow, and the sum of a row of them underflow to 0: on
# purpose, as the checks below catch both and redo the row sums shifted, so numpy's warnings
# about them from this module say nothing worth saying. A blown-up network's forward pass can
# even make a score NaN (inf - inf inside a product): its loss is then not finite, which every
# caller checks (the step is refused, the figures shown made finite), so that warning too.
warnings.filterwarnings(
    "ignore",
    "(overflow encountered|divide by zero encountered in log|invalid value encountered)",
    RuntimeWarning,
    __name__,
)


def _exp_rows(z: np.ndarray, shift: bool = False) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """z - c, exp of it and its row sums (n, 1), for a per-row c that softmax ignores.

    Unshifted (c = 0) costs two calls; shifting by each row's maximum three more (picked
    through argmax: a row-wise max reduction is 2x slower here), a third of the loss's time at
    batch 16. So z is shifted only when asked to, after an unshifted try failed: a row whose
    exp overflows (some z above ~88) or whose sum underflows (every z below ~-103) has an
    infinite log-sum, which the callers check for. Shifted, the largest term is exactly 1, so
    no exp overflows and no sum is below 1. Scores trained with xent rarely need it: its
    gradient sums to 0 over each row, so training never moves a row's mean, which starts
    near 0.
    """
    n, k = z.shape
    if shift:  # scores past float32's range (a blown-up network) count as its largest value,
        # so a row's top score minus itself is 0, not inf - inf (NaN): its softmax stays finite
        finite_top = np.finfo(z.dtype).max
        z = np.clip(z, -finite_top, finite_top)
        z = z - z[_counting(n), z.argmax(axis=1)][:, None]
    e = np.exp(z)
    return z, e, np.dot(e, _ones_column(k, e.dtype))


@cache
def _counting(n: int) -> np.ndarray:
    """0..n-1, made once per n (read-only): making it costs more than the rest of a row pick."""
    rows = np.arange(n)
    rows.flags.writeable = False
    return rows


@cache
def _ones_column(k: int, dtype: np.dtype) -> np.ndarray:
    """(k, 1) ones (read-only), made once: e @ ones sums rows faster than e.sum(axis=1) here,
    straight into the (n, 1) shape that divides them."""
    ones = np.ones((k, 1), dtype=dtype)
    ones.flags.writeable = False
    return ones


def softmax(z: np.ndarray) -> np.ndarray:
    """Row-wise softmax that cannot overflow."""
    _, e, total = _exp_rows(z)
    if not math.isfinite(float(np.log(total).sum())):
        _, e, total = _exp_rows(z, shift=True)
    e /= total
    return e


def xent(z: np.ndarray, y: np.ndarray, by: float = 1.0) -> tuple[np.ndarray, float, np.ndarray]:
    """Softmax outputs p, mean over batch of -sum y log p, and dLoss/dz = (p - y) / n (times
    `by`, inside the division by n).

    log p is z minus the log of its row's sum of exp(z), never log(p), so a probability that
    underflowed to 0 still gives a finite loss. A row with an infinite log-sum (`_exp_rows`)
    makes the loss inf or nan, and only then are the sums taken again, shifted.
    """
    n = len(z)
    for shift in (False, True):
        shifted, e, total = _exp_rows(z, shift)
        log_p = shifted - np.log(total)
        loss = -float(np.vdot(y, log_p)) / n
        if math.isfinite(loss):
            break
    e /= total
    delta = e - y
    delta *= by / n
    return e, loss, delta


def softmax_slope(p: np.ndarray, k: int) -> np.ndarray:
    """d p_k / dz_j = p_k ([j == k] - p_j) for every output j."""
    slope = p * -p[:, k : k + 1]
    slope[:, k] += p[:, k]
    return slope


def as_probabilities(outputs: np.ndarray, loss: str) -> np.ndarray:
    """Output scores as probabilities along the last axis, for the bars the UI draws.

    Softmax outputs ("xent") already are; sigmoid scores ("mse") are divided by their sum,
    and become uniform where every score is 0.
    """
    if loss == "xent":
        return outputs
    total = outputs.sum(axis=-1, keepdims=True)
    uniform = np.full_like(outputs, 1.0 / outputs.shape[-1])
    return np.divide(outputs, total, out=uniform, where=total > 0)


@dataclass(frozen=True)
class Loss:
    output: Callable[[np.ndarray], np.ndarray]  # output activation, z -> a
    # (z, y[, by]) -> (a, loss, by * dLoss/dz)
    evaluate: Callable[..., tuple[np.ndarray, float, np.ndarray]]
    slope: Callable[[np.ndarray, int], np.ndarray]  # (a, k) -> d a_k / dz, shape of a


LOSSES: dict[str, Loss] = {
    "mse": Loss(sigmoid, mse, sigmoid_slope),
    "xent": Loss(softmax, xent, softmax_slope),
}
LOSS_NAMES: tuple[str, ...] = tuple(LOSSES)
