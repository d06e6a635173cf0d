"""Hidden-layer activation functions, each written beside its derivative.

Why a registry: the network, the file loader and the settings all name an activation by a short
string, and one table keeps the function, its slope and its weight-initialisation rule together
so they can never disagree. Every function preserves the dtype it is given (float32 in the
network, float64 in the gradient checks) and allocates a fresh result unless handed `out`: the
training step writes into its own preallocated buffers (playground/core/nn/workspace.py) and copies
what the trace keeps.

Every activation here has a slope that can be read off its output a alone (tanh: 1 - a^2,
sigmoid: a (1 - a), relu: [a > 0]), so the step finds the slopes of all hidden layers in one or
two calls over one buffer holding them all (`slope`), instead of a few calls per layer.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

# numpy scalars, not Python floats: each call would convert a float (about 0.1 us of a 0.4 us
# call at these sizes); float32 leaves float32 arrays float32 and float64 ones float64
ZERO, HALF, ONE = np.float32(0.0), np.float32(0.5), np.float32(1.0)


def sigmoid(z: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
    """1 / (1 + e^-z), computed as (1 + tanh(z/2)) / 2, which cannot overflow."""
    a = np.multiply(z, HALF, out=out)
    np.tanh(a, out=a)
    a *= HALF
    a += HALF
    return a


def sigmoid_derivative(z: np.ndarray, a: np.ndarray) -> np.ndarray:
    """da/dz = a (1 - a), taken from the activation the forward pass already computed."""
    d = 1.0 - a
    d *= a
    return d


def sigmoid_slope(a: np.ndarray, out: np.ndarray) -> None:
    """out = a (1 - a), as a - a^2."""
    np.multiply(a, a, out=out)
    np.subtract(a, out, out=out)


def sigmoid_backprop(delta: np.ndarray, z: np.ndarray, a: np.ndarray) -> None:
    """delta *= a (1 - a), in place."""
    slope = np.multiply(a, a)
    np.subtract(a, slope, out=slope)
    delta *= slope


def tanh_backprop(delta: np.ndarray, z: np.ndarray, a: np.ndarray) -> None:
    """delta *= 1 - a^2, in place, as delta - delta a^2: a constant minus an array is the
    slowest of numpy's small operations."""
    part = np.multiply(a, a)
    part *= delta
    delta -= part


def tanh_derivative(z: np.ndarray, a: np.ndarray) -> np.ndarray:
    """da/dz = 1 - a^2."""
    d = np.multiply(a, a)
    np.subtract(1.0, d, out=d)
    return d


def relu(z: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
    return np.maximum(z, ZERO, out=out)


def tanh_slope(a: np.ndarray, out: np.ndarray) -> None:
    """out = 1 - a^2."""
    np.multiply(a, a, out=out)
    np.subtract(ONE, out, out=out)


def relu_derivative(z: np.ndarray, a: np.ndarray) -> np.ndarray:
    """da/dz = 1 where z > 0, else 0 (the kink at 0 counts as flat)."""
    return (z > 0).astype(z.dtype)


def relu_backprop(delta: np.ndarray, z: np.ndarray, a: np.ndarray) -> None:
    """delta *= [z > 0], in place."""
    np.multiply(delta, z > 0, out=delta)


def relu_slope(a: np.ndarray, out: np.ndarray) -> None:
    """out = [a > 0]: relu's output is positive exactly where its input is."""
    np.greater(a, ZERO, out=out)


def glorot_std(n_in: int, n_out: int) -> float:
    """Xavier/Glorot: keeps the signal's variance steady through tanh and sigmoid layers."""
    return math.sqrt(2.0 / (n_in + n_out))


def he_std(n_in: int, n_out: int) -> float:
    """He: doubles the variance to make up for relu zeroing half of its inputs."""
    return math.sqrt(2.0 / n_in)


@dataclass(frozen=True)
class Activation:
    forward: Callable[..., np.ndarray]  # (z, out=None) -> a
    derivative: Callable[[np.ndarray, np.ndarray], np.ndarray]  # (z, a) -> da/dz
    # (delta, z, a) -> None: delta *= da/dz in place, the backward pass's fewest-calls form
    backprop: Callable[[np.ndarray, np.ndarray, np.ndarray], None]
    slope: Callable[[np.ndarray, np.ndarray], None]  # (a, out) -> None: out = da/dz, from a
    init_std: Callable[[int, int], float]  # (n_in, n_out) -> std of the initial weights


ACTIVATIONS: dict[str, Activation] = {
    "sigmoid": Activation(sigmoid, sigmoid_derivative, sigmoid_backprop, sigmoid_slope, glorot_std),
    "tanh": Activation(np.tanh, tanh_derivative, tanh_backprop, tanh_slope, glorot_std),
    "relu": Activation(relu, relu_derivative, relu_backprop, relu_slope, he_std),
}
ACTIVATION_NAMES: tuple[str, ...] = tuple(ACTIVATIONS)
