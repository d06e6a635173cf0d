"""The numbers the explain pages show, computed by `playground.core.nn` itself.

Pages must never teach maths the network does not do, so every value here comes from the
network core's own functions (activations and their derivatives, Network forward and
gradients). No pygame: the tests compare these with `playground.core.nn` directly.
"""

from __future__ import annotations

import numpy as np

from playground.core.nn.activations import ACTIVATIONS


def activation_curve(name: str, xs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(outputs, slopes) of the named hidden-layer activation at every x."""
    act = ACTIVATIONS[name]
    z = np.asarray(xs, dtype=np.float64)
    a = act.forward(z)
    return a, act.derivative(z, a)


def activation_at(name: str, x: float) -> tuple[float, float]:
    """(output, slope) of the named activation at one x."""
    a, d = activation_curve(name, np.array([x]))
    return float(a[0]), float(d[0])


def flat_spans(
    xs: np.ndarray, slopes: np.ndarray, below: float = 0.05
) -> list[tuple[float, float]]:
    """The x intervals where the slope is under `below`: where learning signals fade."""
    spans, start = [], None
    for x, flat in zip(xs, slopes < below, strict=True):
        if flat and start is None:
            start = x
        elif not flat and start is not None:
            spans.append((float(start), float(x)))
            start = None
    if start is not None:
        spans.append((float(start), float(xs[-1])))
    return spans


def two_layers(
    points: np.ndarray, layers: list[tuple[np.ndarray, np.ndarray]], bend: str | None
) -> np.ndarray:
    """Points (n, d) through layers of (W, b) as the network applies them (x @ W + b), with
    the activation `bend` between layers, or nothing between them when bend is None."""
    out = points
    for i, (w, b) in enumerate(layers):
        if i and bend is not None:
            out = ACTIVATIONS[bend].forward(out)
        out = out @ w + b
    return out


def collapse(layers: list[tuple[np.ndarray, np.ndarray]]) -> tuple[np.ndarray, np.ndarray]:
    """The one (W, b) that does what a stack of bend-free layers does: x W1 W2 + (b1 W2 + b2)."""
    w, b = layers[0]
    for w_next, b_next in layers[1:]:
        w, b = w @ w_next, b @ w_next + b_next
    return w, b


def neuron(x: np.ndarray, w: np.ndarray, b: float, name: str) -> tuple[np.ndarray, float, float]:
    """One neuron: (each input's share w_i x_i, the sum w.x + b, the activation of the sum)."""
    shares = np.asarray(w, np.float64) * np.asarray(x, np.float64)
    total = float(shares.sum() + b)
    return shares, total, activation_at(name, total)[0]


def bowl(w: np.ndarray | float) -> np.ndarray | float:
    """The learning-rate page's loss curve: loss(w) = w^2 / 2, whose slope is simply w."""
    return np.multiply(w, w) / 2.0


def descent(w0: float, lr: float, steps: int, limit: float = 1e6) -> list[float]:
    """Positions of gradient descent on `bowl` from w0: w <- w - lr * slope(w).

    Stops early once |w| passes `limit`: by then the steps have run away for good.
    """
    path = [float(w0)]
    for _ in range(steps):
        w = path[-1]
        path.append(w - lr * w)
        if abs(path[-1]) > limit:
            break
    return path


def rate_verdict(lr: float) -> str:
    """What plain descent on `bowl` does at this rate (each step multiplies w by 1 - lr)."""
    factor = 1.0 - lr
    if abs(factor) >= 1.0:
        return "diverges: every step lands further from the bottom"
    if factor < 0:
        return "overshoots: jumps across the bottom, back and forth"
    if factor > 0.8:
        return "crawls: tiny steps, the bottom is far away"
    return "converges: quick, steady steps down"
