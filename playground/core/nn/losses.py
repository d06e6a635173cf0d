"""Losses, each owning the output activation it pairs with, and each beside its derivative.

"mse" reads sigmoid scores (each output in [0, 1] on its own, as the seed's network did) and
"xent" reads softmax probabilities. Because a loss owns the output layer, training hands it the
raw output pre-activations z and gets back, from one function, the outputs, the loss and
dLoss/dz: they share intermediates, and for softmax with cross-entropy the derivative has the
simple closed form (p - y) / n. At these sizes every numpy call costs more than its arithmetic,
so the functions are written to make few calls.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

import numpy as np

from playground.core.nn.activations import sigmoid


def mse(z: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, float, np.ndarray]:
    """Sigmoid outputs a, (a - y)^2 summed over outputs and averaged over the batch, dLoss/dz.

    Summed, not averaged, over outputs: each output's gradient then does not shrink as digits
    are added, so one learning rate suits 2 digits and 10 (averaged, 0-9 at lr 0.05 reached
    only 54% validation accuracy in a minute of training, summed 93%)."""
    a = sigmoid(z)
    delta = a - y
    loss = float(np.vdot(delta, delta)) / len(delta)
    scale = 2.0 / len(delta)  # dLoss/da = scale (a - y); da/dz = a (1 - a)
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


def _shifted_exp(z: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """z minus its row maxima, exp of that, and the row sums of the exp (each sum >= 1).

    Shifting by the row maximum means exp never overflows and the largest term is exactly 1.
    The maxima are picked through argmax because a row-wise max reduction is 2x slower here.
    """
    n, k = z.shape
    shifted = z - z[_counting(n), z.argmax(axis=1)][:, None]
    e = np.exp(shifted)
    return shifted, e, np.dot(e, _ones(k, e.dtype))


@cache
def _counting(n: int) -> np.ndarray:
    """0..n-1, made once per n (read-only): making it costs more than the rest of a row pick."""
    rows = np.arange(n)
    rows.flags.writeable = False
    return rows


@cache
def _ones(k: int, dtype: np.dtype) -> np.ndarray:
    """k ones (read-only), made once: e @ ones sums rows faster than e.sum(axis=1) here."""
    ones = np.ones(k, dtype=dtype)
    ones.flags.writeable = False
    return ones


def softmax(z: np.ndarray) -> np.ndarray:
    """Row-wise softmax that cannot overflow."""
    _, e, total = _shifted_exp(z)
    e /= total[:, None]
    return e


def xent(z: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, float, np.ndarray]:
    """Softmax outputs p, mean over batch of -sum y log p, and dLoss/dz = (p - y) / n.

    log p is the shifted z minus the log of the row sum, never log(p), so a probability that
    underflowed to 0 still gives a finite loss.
    """
    n = len(z)
    shifted, p, total = _shifted_exp(z)
    shifted -= np.log(total)[:, None]
    loss = -float(np.vdot(y, shifted)) / n
    p /= total[:, None]
    delta = p - y
    delta *= 1.0 / n
    return p, loss, delta


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
    evaluate: Callable[..., tuple[np.ndarray, float, np.ndarray]]  # (z, y) -> (a, loss, dL/dz)
    slope: Callable[[np.ndarray, int], np.ndarray]  # (a, k) -> d a_k / dz, shape of a


LOSSES: dict[str, Loss] = {
    "mse": Loss(sigmoid, mse, sigmoid_slope),
    "xent": Loss(softmax, xent, softmax_slope),
}
LOSS_NAMES: tuple[str, ...] = tuple(LOSSES)
