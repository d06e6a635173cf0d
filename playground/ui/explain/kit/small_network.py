"""The tiny 3-4-3 network the forward and backprop pages walk through, number by number.

It is a real `playground.core.nn.Network` (tanh hidden layer, sigmoid outputs and mean squared
error, the seed's choice and the app's `loss mse`), so every number on those pages is what the digit
network does too, just few enough to read. Fixed seeds keep the example the same every time
the page opens.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from playground.core.nn import Network

SIZES = (3, 4, 3)
INPUT = np.array([[0.9, 0.2, -0.6]], np.float32)
TARGET = np.array([[0.0, 1.0, 0.0]], np.float32)  # "this input is the middle class"
LEARNING_RATE = 2.0  # large on purpose: one step should visibly move a three-neuron output


def example_network(seed: int = 7) -> Network:
    """The example network with small non-zero biases, so each sum shows all its parts."""
    net = Network(SIZES, "tanh", "mse", seed=seed)
    rng = np.random.default_rng(seed)
    net.set_parameters(biases=[np.round(rng.uniform(-0.3, 0.3, b.shape), 2) for b in net.biases])
    return net


@dataclass(frozen=True)
class BackwardStep:
    """Everything the backprop page states, taken from one training step of the network."""

    pre_activations: list[np.ndarray]  # z per layer, (1, n)
    activations: list[np.ndarray]  # a per layer, [0] is the input
    loss: float
    deltas: list[np.ndarray]  # dLoss/dz per layer, (1, n)
    weight_grads: list[np.ndarray]  # dLoss/dW per layer, (n_in, n_out)
    bias_grads: list[np.ndarray]
    new_weights: list[np.ndarray]
    new_activations: list[np.ndarray]  # a per layer after the update, same input
    new_loss: float

    @property
    def new_outputs(self) -> np.ndarray:
        return self.new_activations[-1]


def backward_step(
    net: Network, x: np.ndarray = INPUT, y: np.ndarray = TARGET, lr: float = LEARNING_RATE
) -> BackwardStep:
    """Run one SGD step on a copy of `net` and collect its numbers; `net` is left unchanged."""
    trained = net.copy()
    trace = trained.train_step(x, y, lr)
    weight_grads, bias_grads = net.gradients(x, y)
    return BackwardStep(
        pre_activations=trace.pre_activations,
        activations=trace.activations,
        loss=trace.loss,
        deltas=trace.deltas,
        weight_grads=weight_grads,
        bias_grads=bias_grads,
        new_weights=[w.copy() for w in trained.weights],
        new_activations=trained.forward(x)[1],
        new_loss=trained.loss(x, y),
    )


def nudged_loss(
    net: Network,
    layer: int,
    i: int,
    j: int,
    by: float,
    x: np.ndarray = INPUT,
    y: np.ndarray = TARGET,
) -> float:
    """The loss after adding `by` to one weight (on a copy): the gradient, measured by hand."""
    probe = net.copy()
    weights = [w.copy() for w in probe.weights]
    weights[layer][i, j] += np.float32(by)
    probe.set_parameters(weights)
    return probe.loss(x, y)


def steepest_weight(grads: list[np.ndarray]) -> tuple[int, int, int]:
    """(layer, i, j) of the weight whose gradient is largest in size."""
    layer = max(range(len(grads)), key=lambda k: float(np.abs(grads[k]).max()))
    i, j = np.unravel_index(int(np.abs(grads[layer]).argmax()), grads[layer].shape)
    return layer, int(i), int(j)


def node_positions(box: tuple[int, int, int, int], sizes=SIZES) -> list[list[tuple[int, int]]]:
    """Centres of every neuron, layer by layer, spread over a (x, y, w, h) box."""
    x, y, w, h = box
    columns = []
    for layer, count in enumerate(sizes):
        cx = x + round(w * layer / (len(sizes) - 1))
        step = h / max(sizes)
        top = y + h / 2 - step * (count - 1) / 2
        columns.append([(cx, round(top + k * step)) for k in range(count)])
    return columns


def hidden_delta_parts(
    next_delta: np.ndarray, next_weights: np.ndarray, hidden: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """The two factors of a tanh hidden layer's error signal: the error carried back through
    the weights (each weight times the error at its far end, summed), and tanh's slope 1 - a^2."""
    return next_delta @ next_weights.T, 1.0 - hidden * hidden
