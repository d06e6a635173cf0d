"""The maths the explain pages show, checked against playground.core.nn: activations and their
slopes, the one-matrix collapse, one neuron, the small network's forward and backward numbers,
descent on the learning-rate bowl, and the picture-to-index geometry."""

import numpy as np
import pytest

from playground.core.nn.activations import ACTIVATIONS
from playground.core.settings import IMAGE_SIDE, N_INPUTS
from playground.ui.explain.kit import maths
from playground.ui.explain.kit.geometry import Column, Grid, input_index
from playground.ui.explain.kit.small_network import (
    INPUT,
    TARGET,
    backward_step,
    example_network,
    hidden_delta_parts,
    nudged_loss,
    steepest_weight,
)
from playground.ui.explain.pages.learning_rate import PRESETS


def test_grid_and_column_geometry_round_trip():
    grid = Grid(10, 20, 7)
    column = Column(400, 20, 500, 18, 40)
    for index in range(N_INPUTS):
        row, col = divmod(index, IMAGE_SIDE)
        x, y, w, h = grid.cell_box(row, col)
        assert grid.cell_at(x + w / 2, y + h / 2) == (row, col)
        assert input_index(row, col) == index
        x, y, w, h = column.slot_box(index)
        assert column.slot_at(x + w / 2, y + h / 2) == index
    with pytest.raises(ValueError):
        input_index(28, 0)


@pytest.mark.parametrize("name", list(ACTIVATIONS))
def test_activation_values_and_slopes_are_nn_s(name):
    xs = np.linspace(-5, 5, 101)
    values, slopes = maths.activation_curve(name, xs)
    act = ACTIVATIONS[name]
    np.testing.assert_allclose(values, act.forward(xs))
    np.testing.assert_allclose(slopes, act.derivative(xs, act.forward(xs)))
    for x in (-3.0, -0.4, 0.7, 2.5):  # and the slope really is the slope
        value, slope = maths.activation_at(name, x)
        numeric = (act.forward(np.array([x + 1e-6])) - act.forward(np.array([x - 1e-6]))) / 2e-6
        assert value == pytest.approx(float(act.forward(np.array([x]))[0]))
        assert slope == pytest.approx(float(numeric[0]), abs=1e-5)


def test_flat_spans_mark_the_tails_of_tanh_and_the_zero_side_of_relu():
    xs = np.linspace(-5, 5, 401)
    tanh_spans = maths.flat_spans(xs, maths.activation_curve("tanh", xs)[1])
    assert len(tanh_spans) == 2 and tanh_spans[0][0] == -5 and tanh_spans[1][1] == 5
    relu_spans = maths.flat_spans(xs, maths.activation_curve("relu", xs)[1])
    assert len(relu_spans) == 1 and relu_spans[0][0] == -5.0
    assert relu_spans[0][1] == pytest.approx(0.0, abs=0.03)


def test_layers_without_a_bend_are_one_matrix_and_with_tanh_are_not():
    rng = np.random.default_rng(1)
    layers = [
        (rng.normal(size=(2, 3)), rng.normal(size=3)),
        (rng.normal(size=(3, 2)), rng.normal(size=2)),
    ]
    x = rng.normal(size=(10, 2))
    w, b = maths.collapse(layers)
    np.testing.assert_allclose(maths.two_layers(x, layers, None), x @ w + b)
    assert not np.allclose(maths.two_layers(x, layers, "tanh"), x @ w + b)


def test_neuron_sums_weighted_inputs_and_bends_with_nn():
    shares, total, out = maths.neuron(
        np.array([0.5, -1.0, 0.25]), np.array([2.0, 0.5, -4.0]), 0.3, "sigmoid"
    )
    np.testing.assert_allclose(shares, [1.0, -0.5, -1.0])
    assert total == pytest.approx(-0.2)
    assert out == pytest.approx(float(ACTIVATIONS["sigmoid"].forward(np.array([-0.2]))[0]))


def test_forward_page_numbers_are_the_network_s():
    net = example_network()
    zs, acts = net.forward(INPUT)
    w, b = net.weights[0], net.biases[0]
    np.testing.assert_allclose(zs[0], INPUT @ w + b, rtol=1e-6)
    np.testing.assert_allclose(acts[1], np.tanh(zs[0]), rtol=1e-6)
    assert np.all(net.biases[0] != 0)  # every sum shows its bias


def test_backprop_page_numbers_are_a_training_step_s():
    net = example_network()
    before = [w.copy() for w in net.weights]
    step = backward_step(net, lr=0.5)
    grads_w, _ = net.gradients(INPUT, TARGET)
    for got, want in zip(step.weight_grads, grads_w, strict=True):
        np.testing.assert_allclose(got, want)
    assert step.loss == pytest.approx(net.loss(INPUT, TARGET))
    out = step.activations[-1]  # one sample: the loss is not divided by anything
    np.testing.assert_allclose(2 * (out - TARGET) * out * (1 - out), step.deltas[-1], rtol=1e-5)
    back, slope = hidden_delta_parts(step.deltas[1], net.weights[1], step.activations[1])
    np.testing.assert_allclose(back * slope, step.deltas[0], rtol=1e-5, atol=1e-8)
    np.testing.assert_allclose(step.weight_grads[0], INPUT.T @ step.deltas[0], rtol=1e-5)
    for old, new, grad in zip(before, step.new_weights, step.weight_grads, strict=True):
        np.testing.assert_allclose(new, old - 0.5 * grad, rtol=1e-5, atol=1e-7)
    for w, old in zip(net.weights, before, strict=True):
        np.testing.assert_array_equal(w, old)  # the page's network is never trained itself
    assert step.new_loss < step.loss


def test_nudging_the_steepest_weight_changes_the_loss_by_its_gradient():
    net = example_network()
    step = backward_step(net)
    layer, i, j = steepest_weight(step.weight_grads)
    assert abs(step.weight_grads[layer][i, j]) == max(np.abs(g).max() for g in step.weight_grads)
    change = nudged_loss(net, layer, i, j, 0.01) - step.loss
    assert change == pytest.approx(step.weight_grads[layer][i, j] * 0.01, rel=0.05)


def test_descent_on_the_bowl_and_the_verdict_for_each_preset():
    path = maths.descent(-2.0, 0.25, 3)
    np.testing.assert_allclose(path, [-2.0, -1.5, -1.125, -0.84375])
    verdicts = {name: maths.rate_verdict(lr).split(":")[0] for name, lr in PRESETS}
    assert verdicts == {
        "crawl": "crawls",
        "converge": "converges",
        "overshoot": "overshoots",
        "diverge": "diverges",
    }
    assert len(maths.descent(-2.0, 2.5, 100, limit=10.0)) < 10  # a run-away stops early
