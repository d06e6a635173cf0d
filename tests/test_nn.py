"""The network core, checked against an independent float64 copy of the maths."""

from __future__ import annotations

import numpy as np
import pytest

from playground.core import settings
from playground.core.nn import ACTIVATION_NAMES, LOSS_NAMES, Network, Trace
from playground.core.nn.losses import as_probabilities

COMBOS = [(a, loss) for a in ACTIVATION_NAMES for loss in LOSS_NAMES]


# -- an independent float64 reference -------------------------------------------------------
def ref_hidden(name: str, z: np.ndarray) -> np.ndarray:
    return {"sigmoid": lambda: 1 / (1 + np.exp(-z)), "tanh": lambda: np.tanh(z)}.get(
        name, lambda: np.maximum(z, 0)
    )()


def ref_logits(ws, bs, x, activation):
    a = x
    for w, b in zip(ws[:-1], bs[:-1], strict=True):
        a = ref_hidden(activation, a @ w + b)
    return a @ ws[-1] + bs[-1]


def ref_outputs(ws, bs, x, activation, loss):
    z = ref_logits(ws, bs, x, activation)
    if loss == "mse":
        return 1 / (1 + np.exp(-z))
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def ref_loss(ws, bs, x, y, activation, loss):
    if loss == "mse":
        return np.mean(((ref_outputs(ws, bs, x, activation, loss) - y) ** 2).sum(axis=1))
    z = ref_logits(ws, bs, x, activation)
    log_p = z - z.max(axis=1, keepdims=True)
    log_p -= np.log(np.exp(log_p).sum(axis=1, keepdims=True))
    return -np.mean((y * log_p).sum(axis=1))


def params64(net):
    return [w.astype(np.float64) for w in net.weights], [b.astype(np.float64) for b in net.biases]


def small_problem(activation, loss, seed=1, sizes=(6, 5, 4, 3), n=4):
    rng = np.random.default_rng(seed)
    net = Network(list(sizes), activation, loss, seed=seed)
    # exercise the bias paths with non-zero biases
    net.set_parameters(biases=[rng.normal(0, 0.5, b.shape) for b in net.biases])
    x = rng.normal(0, 1, (n, sizes[0])).astype(np.float32)
    y = np.eye(sizes[-1], dtype=np.float32)[rng.integers(0, sizes[-1], n)]
    return net, x, y


def set_output_layer(net, bias):
    """Zero the output layer's weights and give it these biases."""
    net.set_parameters(
        [*net.weights[:-1], np.zeros_like(net.weights[-1])],
        [*net.biases[:-1], np.broadcast_to(np.float32(bias), net.biases[-1].shape)],
    )


def numeric_gradient(f, arrays):
    """Central differences of scalar f() wrt every entry of every float64 array (in place)."""
    eps = 1e-6
    grads = []
    for arr in arrays:
        g = np.zeros_like(arr)
        for i in np.ndindex(arr.shape):
            keep = arr[i]
            arr[i] = keep + eps
            up = f()
            arr[i] = keep - eps
            down = f()
            arr[i] = keep
            g[i] = (up - down) / (2 * eps)
        grads.append(g)
    return grads


def assert_close_vectors(analytic, numeric):
    a = np.concatenate([g.ravel() for g in analytic]).astype(np.float64)
    n = np.concatenate([g.ravel() for g in numeric])
    assert np.linalg.norm(n) > 1e-4  # the check must have something to compare
    assert np.linalg.norm(a - n) / np.linalg.norm(n) < 2e-4
    np.testing.assert_allclose(a, n, rtol=1e-2, atol=1e-3 * np.abs(n).max())


def fixed_batch(k=3, n=32, seed=0):
    rng = np.random.default_rng(seed)
    labels = np.arange(n) % k
    centres = rng.random((k, 784)).astype(np.float32)
    x = centres[labels] + rng.normal(0, 0.1, (n, 784)).astype(np.float32)
    return x, np.eye(k, dtype=np.float32)[labels]


# -- maths ----------------------------------------------------------------------------------
@pytest.mark.parametrize(("activation", "loss"), COMBOS)
def test_loss_matches_reference(activation, loss):
    net, x, y = small_problem(activation, loss)
    ws, bs = params64(net)
    expected = ref_loss(ws, bs, x.astype(np.float64), y, activation, loss)
    assert net.loss(x, y) == pytest.approx(expected, rel=1e-5)
    np.testing.assert_allclose(
        net.predict(x), ref_outputs(ws, bs, x.astype(np.float64), activation, loss), atol=1e-6
    )


@pytest.mark.parametrize(("activation", "loss"), COMBOS)
def test_gradients_match_finite_differences(activation, loss):
    net, x, y = small_problem(activation, loss)
    ws, bs = params64(net)
    x64 = x.astype(np.float64)
    numeric = numeric_gradient(lambda: ref_loss(ws, bs, x64, y, activation, loss), ws + bs)
    grad_w, grad_b = net.gradients(x, y)
    assert [g.shape for g in grad_w] == [w.shape for w in net.weights]
    assert [g.shape for g in grad_b] == [b.shape for b in net.biases]
    assert_close_vectors(grad_w + grad_b, numeric)


@pytest.mark.parametrize(("activation", "loss"), COMBOS)
def test_input_gradient_matches_finite_differences(activation, loss):
    net, x, _ = small_problem(activation, loss)
    ws, bs = params64(net)
    x64 = x.astype(np.float64)
    for k in range(3):
        numeric = numeric_gradient(
            lambda k=k: ref_outputs(ws, bs, x64, activation, loss)[:, k].sum(), [x64]
        )
        got = net.input_gradient(x, k)
        assert got.shape == x.shape
        assert_close_vectors([got], numeric)


def test_mse_outputs_are_independent_scores_and_probabilities_sum_to_one():
    net, x, _ = small_problem("tanh", "mse")
    scores = net.predict(x)
    assert ((scores >= 0) & (scores <= 1)).all()
    assert not np.allclose(scores.sum(axis=1), 1)
    np.testing.assert_allclose(net.probabilities(x).sum(axis=1), 1, rtol=1e-6)
    np.testing.assert_allclose(net.probabilities(x), scores / scores.sum(axis=1, keepdims=True))


def test_probabilities_are_uniform_when_every_score_is_zero():
    net, x, _ = small_problem("tanh", "mse")
    set_output_layer(net, bias=-500)
    assert (net.predict(x) == 0).all()
    np.testing.assert_allclose(net.probabilities(x), 1 / 3)


def test_as_probabilities_works_on_a_single_row():
    scores = np.array([0.2, 0.6, 0.0], np.float32)
    np.testing.assert_allclose(as_probabilities(scores, "mse"), [0.25, 0.75, 0.0])
    np.testing.assert_allclose(as_probabilities(np.zeros(4, np.float32), "mse"), 0.25)
    assert as_probabilities(scores, "xent") is scores


def test_xent_probabilities_are_the_softmax_of_the_logits():
    net, x, _ = small_problem("relu", "xent")
    logits = net.forward(x)[0][-1].astype(np.float64)
    softmax = np.exp(logits - logits.max(axis=1, keepdims=True))
    softmax /= softmax.sum(axis=1, keepdims=True)
    np.testing.assert_allclose(net.probabilities(x), softmax, rtol=1e-5, atol=1e-7)
    np.testing.assert_allclose(net.probabilities(x).sum(axis=1), 1, rtol=1e-6)


def test_xent_stays_finite_for_extreme_logits():
    net, x, y = small_problem("tanh", "xent")
    set_output_layer(net, bias=[200.0, -200.0, 0.0])
    y = np.zeros_like(y)
    y[:, 1] = 1  # the target has probability exp(-400): underflows to 0 in float32
    assert net.loss(x, y) == pytest.approx(400, rel=1e-4)


# -- initialisation and description ---------------------------------------------------------
def test_init_is_seeded_float32_glorot_or_he_with_zero_biases():
    a = Network([784, 16, 16, 3], "tanh", seed=5)
    b = Network([784, 16, 16, 3], "tanh", seed=5)
    c = Network([784, 16, 16, 3], "tanh", seed=6)
    relu = Network([784, 16, 16, 3], "relu", seed=5)
    for w1, w2, w3 in zip(a.weights, b.weights, c.weights, strict=True):
        np.testing.assert_array_equal(w1, w2)
        assert not np.array_equal(w1, w3)
    assert all(p.dtype == np.float32 for p in a.weights + a.biases)
    assert all((bias == 0).all() for bias in a.biases)
    assert a.weights[0].std() == pytest.approx(np.sqrt(2 / (784 + 16)), rel=0.05)
    assert relu.weights[0].std() == pytest.approx(np.sqrt(2 / 784), rel=0.05)


def test_description_and_repr():
    net = Network([784, 16, 16, 16, 3], "relu", "xent", momentum=0.5)
    assert net.sizes == [784, 16, 16, 16, 3]
    assert (net.activation, net.loss_name, net.momentum) == ("relu", "xent", 0.5)
    assert repr(net) == "Network(784-16-16-16-3, relu, xent)"
    assert [w.shape for w in net.weights] == [(784, 16), (16, 16), (16, 16), (16, 3)]
    assert [b.shape for b in net.biases] == [(16,), (16,), (16,), (3,)]


@pytest.mark.parametrize(
    "args", [([784],), ([784, 0, 3],), ([784, 3], "softsign"), ([784, 3], "tanh", "hinge")]
)
def test_bad_construction_is_refused(args):
    with pytest.raises(ValueError):
        Network(*args)


@pytest.mark.parametrize("activation", settings.ACTIVATIONS)
@pytest.mark.parametrize("loss", settings.LOSSES)
def test_every_choice_the_settings_offer_builds_a_network_that_learns(activation, loss):
    net = Network([4, 3, 2], activation, loss, seed=0)
    x = np.eye(4, dtype=np.float32)
    y = np.eye(2, dtype=np.float32)[[0, 1, 0, 1]]
    before = net.loss(x, y)
    for _ in range(20):
        net.train_step(x, y, 0.5)
    assert net.loss(x, y) < before
    with pytest.raises(ValueError):
        Network([4, 3, 2], activation + "x", loss, seed=0)


def test_copy_is_independent():
    net, x, y = small_problem("tanh", "mse")
    clone = net.copy()
    np.testing.assert_array_equal(clone.predict(x), net.predict(x))
    clone.train_step(x, y, 0.5)
    assert not np.array_equal(clone.predict(x), net.predict(x))


def test_start_weights_keep_where_training_began_read_only():
    net, x, y = small_problem("tanh", "mse")
    drawn = [w.copy() for w in net.weights]
    steps = [net.train_step(x, y, 0.5) for _ in range(3)]
    for (
        start,
        first,
        now,
    ) in zip(net.start_weights, drawn, net.weights, strict=True):
        np.testing.assert_array_equal(start, first)  # training never moves them
        assert not np.array_equal(start, now)
    total = sum(s.weight_changes[0] for s in steps)
    np.testing.assert_allclose(net.weights[0] - net.start_weights[0], total, atol=1e-6)
    with pytest.raises(ValueError):
        net.start_weights[0][0, 0] = 1.0
    assert not net.start_weights[0].flags.writeable
    clone = net.copy()
    np.testing.assert_array_equal(clone.start_weights[0], drawn[0])
    net.set_parameters(weights=[w * 2 for w in net.weights])  # a loaded run starts here
    np.testing.assert_array_equal(net.start_weights[1], net.weights[1])
    np.testing.assert_array_equal(clone.start_weights[0], drawn[0])  # the copy is its own


# -- training -------------------------------------------------------------------------------
@pytest.mark.parametrize(("activation", "loss"), COMBOS)
def test_loss_falls_on_a_fixed_batch(activation, loss):
    x, y = fixed_batch()
    net = Network([784, 16, 16, 16, 3], activation, loss, seed=3)
    lr = {"mse": 0.5, "xent": 0.05}[loss] * (8 if activation == "sigmoid" else 1)  # sigmoid: slow
    losses = [net.train_step(x, y, lr).loss for _ in range(100)]
    assert losses[-1] < 0.5 * losses[0]
    assert (net.predict(x).argmax(axis=1) == y.argmax(axis=1)).all()


def test_step_applies_minus_lr_times_gradient_and_traces_it():
    net, x, y = small_problem("sigmoid", "xent")
    before = [w.copy() for w in net.weights + net.biases]
    grad_w, grad_b = net.gradients(x, y)
    zs, acts = net.forward(x)
    trace = net.train_step(x, y, 0.3)
    changes = trace.weight_changes + trace.bias_changes
    for old, new, grad, change in zip(
        before, net.weights + net.biases, grad_w + grad_b, changes, strict=True
    ):
        np.testing.assert_allclose(change, -0.3 * grad, rtol=1e-6, atol=1e-9)
        np.testing.assert_array_equal(new, old + change)
    for got, want in zip(trace.pre_activations + trace.activations, zs + acts, strict=True):
        np.testing.assert_array_equal(got, want)


def test_trace_shapes_and_views():
    x, y = fixed_batch(k=3, n=8)
    net = Network([784, 16, 12, 3], "tanh", "mse")
    loss_before = net.loss(x, y)
    trace = net.train_step(x, y, 0.1)
    assert isinstance(trace, Trace)
    assert trace.loss == pytest.approx(loss_before)
    assert (trace.lr, trace.diverged) == (0.1, False)
    assert trace.inputs.shape == (8, 784) and trace.targets.shape == (8, 3)
    assert [a.shape for a in trace.activations] == [(8, 784), (8, 16), (8, 12), (8, 3)]
    assert [z.shape for z in trace.pre_activations] == [(8, 16), (8, 12), (8, 3)]
    assert [d.shape for d in trace.deltas] == [(8, 16), (8, 12), (8, 3)]
    assert [c.shape for c in trace.weight_changes] == [(784, 16), (16, 12), (12, 3)]
    assert [c.shape for c in trace.bias_changes] == [(16,), (12,), (3,)]
    assert trace.outputs is trace.activations[-1]
    np.testing.assert_array_equal(trace.guesses, trace.outputs.argmax(axis=1))


def test_trace_survives_later_steps_unchanged():
    x, y = fixed_batch(n=8)
    net = Network([784, 16, 3], "relu", "xent")
    trace = net.train_step(x, y, 0.1)
    frozen = [a.copy() for a in trace.activations + trace.deltas + trace.weight_changes]
    for _ in range(3):
        net.train_step(x, y, 0.1)
    for a, b in zip(trace.activations + trace.deltas + trace.weight_changes, frozen, strict=True):
        np.testing.assert_array_equal(a, b)


def test_deltas_are_loss_gradients_wrt_pre_activations():
    net, x, y = small_problem("tanh", "xent")
    trace = net.train_step(x, y, 0.0)
    ws, bs = params64(net)
    x64 = x.astype(np.float64)
    numeric = numeric_gradient(lambda: ref_loss(ws, bs, x64, y, "tanh", "xent"), [bs[0]])[0]
    np.testing.assert_allclose(trace.deltas[0].sum(axis=0), numeric, rtol=1e-3, atol=1e-7)


def test_momentum_carries_the_previous_change():
    net, x, y = small_problem("tanh", "mse")
    net.momentum = 0.9
    first = net.train_step(x, y, 0.2)
    grad_w, _ = net.gradients(x, y)
    second = net.train_step(x, y, 0.2)
    for g, c1, c2 in zip(grad_w, first.weight_changes, second.weight_changes, strict=True):
        np.testing.assert_allclose(c2, -0.2 * g + 0.9 * c1, rtol=1e-5, atol=1e-9)
