"""What the network refuses: writes that bypass it, steps that would push a weight past the
limit or make the loss non-finite, and inputs of the wrong shape. A refused step changes
nothing."""

import numpy as np
import pytest
from test_nn import fixed_batch

from playground.core.nn import LOSS_NAMES, Network
from playground.core.nn.parameters import WEIGHT_LIMIT


def test_parameters_are_read_only_views_written_through_set_parameters():
    net = Network([784, 8, 3])
    with pytest.raises(ValueError, match="read-only"):
        net.weights[0][0, 0] = 1.0
    with pytest.raises(ValueError):  # nor can they be made writable behind the network's back
        net.biases[0].flags.writeable = True
    with pytest.raises(ValueError, match="shape"):
        net.set_parameters(biases=[np.zeros(8), np.zeros(4)])
    with pytest.raises(ValueError, match="one per layer"):
        net.set_parameters(weights=net.weights[:1])
    net.set_parameters(biases=[np.full(8, 0.5), np.full(3, -0.25)])
    assert (net.biases[0] == 0.5).all() and (net.biases[1] == -0.25).all()


@pytest.mark.parametrize("start", [0.0, 999.0])
def test_a_step_is_refused_exactly_when_it_would_push_a_weight_past_the_limit(start):
    """Weights trained up from small values (where the check is a running bound) and weights
    set just under the limit from outside (where it is exact) are held to the same line."""
    x, y = fixed_batch()
    net = Network([784, 8, 3], "tanh", "xent")
    biases = [b.copy() for b in net.biases]
    biases[-1][0] = start
    net.set_parameters(biases=biases)
    lr = 0.5
    while True:
        grad_w, grad_b = net.gradients(x, y)
        before = [p.astype(np.float64) for p in net.weights + net.biases]
        after = [p - lr * g for p, g in zip(before, grad_w + grad_b, strict=True)]
        crosses = max(np.abs(p).max() for p in after) > WEIGHT_LIMIT
        trace = net.train_step(x, y, lr)
        assert trace.diverged == crosses
        if crosses:
            now = net.weights + net.biases
            assert all((p == q).all() for p, q in zip(before, now, strict=True))
            return
        lr *= 2.0  # ever larger steps: one of them crosses the limit


@pytest.mark.parametrize("loss", LOSS_NAMES)
def test_huge_learning_rate_diverges_without_touching_the_weights(loss):
    x, y = fixed_batch()
    net = Network([784, 16, 16, 3], "relu", loss)
    for _ in range(20):
        before = [p.copy() for p in net.weights + net.biases]
        trace = net.train_step(x, y, 1e5)
        if trace.diverged:
            break
    assert trace.diverged
    for old, new in zip(before, net.weights + net.biases, strict=True):
        np.testing.assert_array_equal(old, new)
    assert all(np.isfinite(w).all() and np.abs(w).max() <= WEIGHT_LIMIT for w in net.weights)
    assert all(not c.any() for c in trace.weight_changes + trace.bias_changes)


@pytest.mark.filterwarnings("ignore:invalid value:RuntimeWarning")
def test_non_finite_loss_is_divergence():
    x, y = fixed_batch(n=4)
    x[0, :2] = [np.inf, -np.inf]
    net = Network([784, 8, 3], "relu", "xent")
    before = net.weights[0].copy()
    trace = net.train_step(x, y, 0.1)
    assert trace.diverged and not np.isfinite(trace.loss)
    np.testing.assert_array_equal(net.weights[0], before)


def test_bad_input_shapes_are_refused():
    net = Network([784, 8, 3])
    with pytest.raises(ValueError, match="784"):
        net.predict(np.zeros((2, 783), np.float32))
    with pytest.raises(ValueError, match="targets"):
        net.train_step(np.zeros((2, 784), np.float32), np.zeros((2, 4), np.float32), 0.1)


def test_softmax_of_scores_past_float32s_range_is_still_a_distribution():
    """A blown-up network's output scores can be inf: the shifted retry counts them as the
    largest float32, so the shown probabilities stay finite (inf - inf would be NaN)."""
    from playground.core.nn.losses import softmax

    z = np.array([[np.inf, 1.0, -np.inf], [np.inf, np.inf, 0.0]], np.float32)
    p = softmax(z)
    assert np.isfinite(p).all()
    np.testing.assert_allclose(p.sum(axis=1), 1.0)
    np.testing.assert_allclose(p[0], [1.0, 0.0, 0.0])
    np.testing.assert_allclose(p[1], [0.5, 0.5, 0.0])
