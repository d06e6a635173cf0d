"""The network's fast step proven to do plain SGD: hundreds of steps, traced and untraced, against
a float64 reference written the obvious way, and traces that later steps (of any batch size, with
a trace or without) never touch."""

from __future__ import annotations

import numpy as np
import pytest
from test_nn import COMBOS, fixed_batch, ref_hidden

from playground.core.nn import Network

SIZES = (30, 12, 10, 8, 4)  # three hidden layers, as in the app, small enough to be quick


def ref_step(ws, bs, velocity, x, y, lr, momentum, activation, loss):
    """One SGD step in float64, row by row as a textbook writes it; returns the loss."""
    acts, zs = [x], []
    for i, (w, b) in enumerate(zip(ws, bs, strict=True)):
        zs.append(acts[-1] @ w + b)
        if i < len(ws) - 1:
            acts.append(ref_hidden(activation, zs[-1]))
    z, n = zs[-1], len(x)
    if loss == "mse":
        a = 1 / (1 + np.exp(-z))
        value = np.sum((a - y) ** 2) / n
        delta = 2 * (a - y) * a * (1 - a) / n
    else:
        shifted = z - z.max(axis=1, keepdims=True)
        p = np.exp(shifted) / np.exp(shifted).sum(axis=1, keepdims=True)
        value = -np.sum(y * (shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True)))) / n
        delta = (p - y) / n
    grads = []
    for i in range(len(ws) - 1, -1, -1):
        grads.append((acts[i].T @ delta, delta.sum(axis=0)))
        if i:
            a = acts[i]
            slope = {"sigmoid": a * (1 - a), "tanh": 1 - a**2}.get(activation, zs[i - 1] > 0)
            delta = (delta @ ws[i].T) * slope
    for i, (gw, gb) in enumerate(reversed(grads)):
        for j, (p, g) in enumerate(((ws[i], gw), (bs[i], gb))):
            change = -lr * g + momentum * velocity[2 * i + j]
            p += change
            velocity[2 * i + j] = change
    return value


@pytest.mark.parametrize(("activation", "loss"), COMBOS)
def test_three_hundred_steps_match_a_float64_reference(activation, loss):
    rng = np.random.default_rng(7)
    net = Network(SIZES, activation, loss, seed=4, momentum=0.5)
    net.set_parameters(biases=[rng.normal(0, 0.1, b.shape) for b in net.biases])
    ws = [w.astype(np.float64) for w in net.weights]
    bs = [b.astype(np.float64) for b in net.biases]
    start = [p.copy() for p in ws + bs]
    velocity = [np.zeros_like(p) for pair in zip(ws, bs, strict=True) for p in pair]
    centres = rng.random((SIZES[-1], SIZES[0]))
    lr = {"mse": 0.2, "xent": 0.1}[loss] * (4 if activation == "sigmoid" else 1)  # slow
    losses, reference = [], []
    for step in range(300):
        n = (16, 5, 8, 32)[step % 4]  # batch sizes change, as when a run's setting does
        labels = rng.integers(0, SIZES[-1], n)
        x = (centres[labels] + rng.normal(0, 0.3, (n, SIZES[0]))).astype(np.float32)
        y = np.eye(SIZES[-1], dtype=np.float32)[labels]
        if step % 3:  # most steps as fast speed runs them, with no trace
            losses.append(net.train_step_untraced(x, y, lr))
        else:
            losses.append(net.train_step(x, y, lr).loss)
        reference.append(
            ref_step(ws, bs, velocity, x.astype(np.float64), y, lr, 0.5, activation, loss)
        )
    # it learned, so the comparison means something
    assert np.mean(losses[-20:]) < 0.7 * np.mean(losses[:20])
    np.testing.assert_allclose(losses, reference, rtol=2e-3, atol=1e-5)
    # what training changed, layer by layer, to within float32 noise of that change's size
    for got, want, first in zip(net.weights + net.biases, ws + bs, start, strict=True):
        change = want - first
        assert np.abs(change).max() > 1e-3
        np.testing.assert_allclose(got - first, change, atol=1e-2 * np.abs(change).max())


@pytest.mark.parametrize(("activation", "loss"), COMBOS)
def test_a_trace_is_unchanged_by_later_steps_of_any_batch_size(activation, loss):
    x, y = fixed_batch(k=4, n=8)
    net = Network([784, 16, 12, 16, 4], activation, loss, seed=2, momentum=0.9)
    net.train_step(x, y, 0.1)  # so the traced step carries momentum too
    trace = net.train_step(x, y, 0.1)
    fields = ("pre_activations", "activations", "deltas", "weight_changes", "bias_changes")
    frozen = {name: [a.copy() for a in getattr(trace, name)] for name in fields}
    outputs, loss_value = trace.outputs.copy(), trace.loss
    net.forward(x[:3])
    for n in (8, 8, 3, 8, 1):
        net.train_step(x[:n], y[:n], 0.1)
        net.train_step_untraced(x[:n], y[:n], 0.1)
    net.gradients(x, y)
    net.outputs_and_loss(x[:5], y[:5])
    for name, arrays in frozen.items():
        for got, want in zip(getattr(trace, name), arrays, strict=True):
            np.testing.assert_array_equal(got, want, err_msg=name)
    np.testing.assert_array_equal(trace.outputs, outputs)
    assert trace.loss == loss_value and trace.outputs is trace.activations[-1]


def test_forward_results_are_fresh_arrays():
    x, y = fixed_batch(k=4, n=6)
    net = Network([784, 16, 16, 4], "tanh", "xent", seed=1)
    zs, acts = net.forward(x)
    kept = [a.copy() for a in zs + acts]
    net.train_step(x, y, 0.5)
    net.forward(x)
    for got, want in zip(zs + acts, kept, strict=True):
        np.testing.assert_array_equal(got, want)


def test_a_network_without_hidden_layers_trains():
    x, y = fixed_batch(k=3, n=12)
    net = Network([784, 3], "relu", "xent", seed=0)
    trace = net.train_step(x, y, 0.1)
    assert [z.shape for z in trace.pre_activations] == [(12, 3)]
    assert [a.shape for a in trace.activations] == [(12, 784), (12, 3)]
    assert [d.shape for d in trace.deltas] == [(12, 3)]
    losses = [net.train_step(x, y, 0.1).loss for _ in range(30)]
    assert losses[-1] < trace.loss


@pytest.mark.parametrize("momentum", [0.0, 0.9])
def test_an_untraced_step_that_would_diverge_is_refused_like_a_traced_one(momentum):
    x, y = fixed_batch(k=4, n=8)
    net = Network([784, 16, 16, 4], "relu", "xent", seed=5, momentum=momentum)
    assert net.train_step_untraced(x, y, 0.1) is not None
    before = [p.copy() for p in net.weights + net.biases]
    assert net.train_step_untraced(x, y, 1e9) is None  # refused: nothing applied
    for got, want in zip(net.weights + net.biases, before, strict=True):
        np.testing.assert_array_equal(got, want)
    trace = net.train_step(x, y, 1e9)  # the same step, traced, says why
    assert trace.diverged and not np.any(trace.changes)
