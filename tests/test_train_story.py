"""What the train scene tells: one step's story at a time, the newest step next, nothing stale."""

import dataclasses

import numpy as np
import pytest

from playground.core.nn import Network
from playground.ui.render.neuron_facts import edge_facts, neuron_facts
from playground.ui.render.shown import from_trace
from playground.ui.scenes.story import StoryPlayer

SIZES = [784, 5, 4, 3]


def step(net: Network, seed: int):
    rng = np.random.default_rng(seed)
    x = rng.random((4, 784), dtype=np.float32)
    y = np.eye(3, dtype=np.float32)[rng.integers(0, 3, 4)]
    return net.train_step(x, y, 0.1)


def test_a_new_step_waits_until_the_current_story_is_told():
    net, player = Network(SIZES), StoryPlayer()
    first, second, third = step(net, 1), step(net, 2), step(net, 3)
    player.advance(0.1, first, net, 1.0)
    told = player.story
    assert told is not None and player.t == 0
    player.advance(0.5, second, net, 1.0)
    player.advance(0.2, third, net, 1.0)
    assert player.story is told  # still telling the first step
    player.advance(0.4, third, net, 1.0)
    assert player.story is not told and player.t == 0
    assert np.array_equal(player.story.image, third.inputs[0])  # the newest, second skipped


def test_a_new_network_drops_the_old_story():
    net, player = Network(SIZES), StoryPlayer()
    trace = step(net, 1)
    player.advance(0.1, trace, net, 1.0)
    player.advance(0.1, trace, Network(SIZES, seed=1), 1.0)
    assert player.story is None
    player.advance(2.0, trace, Network([784, 6, 3]), 1.0)
    assert player.story is None  # an old trace of another shape is never shown


def test_preview_asks_for_its_sample_once_per_key():
    net, player = Network(SIZES), StoryPlayer()
    asked = []

    def sample():
        asked.append(1)
        return np.zeros(784, np.float32), 1

    first = player.preview(net, sample, ("a",))
    assert player.preview(net, sample, ("a",)) is first and len(asked) == 1
    again = player.preview(net, sample, ("b",))
    assert again is not first and again.key != first.key and len(asked) == 2
    assert first.target == 1 and first.probabilities.sum() == pytest.approx(1.0)


def test_neuron_facts_add_up_and_stay_finite_after_a_blow_up():
    net = Network(SIZES)
    trace = step(net, 1)
    shown = from_trace(trace, 0, "mse", 1)
    title, lines = neuron_facts(shown, net.biases, 2, 1, "tanh", "mse", (1, 2, 3))
    assert title == "layer 2, neuron 2"
    z = shown.pre_activations[1][1]
    b = float(net.biases[1][1])
    assert f"= {z:.3f}" in lines[1] and f"{z - b:.3f} (w·x)" in lines[1] and "(b)" in lines[1]
    assert lines[2].startswith("f(z) = tanh(z)")
    title, _ = neuron_facts(shown, net.biases, 3, 2, "tanh", "mse", (1, 2, 3))
    assert title == "output for 3"
    blown = dataclasses.replace(trace, loss=float("nan"))
    blown.activations[1][0, 0] = np.inf
    blown.pre_activations[0][0, 0] = np.nan
    _, lines = neuron_facts(from_trace(blown, 0, "mse", 2), net.biases, 1, 0, "tanh", "mse", (1,))
    assert not any("nan" in line or "inf" in line for line in lines)


def test_skip_lets_the_next_step_start_at_once():
    net, player = Network(SIZES), StoryPlayer()
    player.advance(0.1, step(net, 1), net, 1.0)
    told = player.story
    player.skip()
    player.advance(0.0, step(net, 2), net, 1.0)
    assert player.story is not told and player.t == 0


def test_a_story_knows_which_step_it_tells_while_newer_steps_wait():
    net, player = Network(SIZES), StoryPlayer()
    player.advance(0.1, step(net, 1), net, 1.0, steps=1)
    player.advance(0.5, step(net, 2), net, 1.0, steps=2)
    player.advance(0.2, step(net, 3), net, 1.0, steps=3)
    assert player.story.step == 1  # told while steps 2 and 3 are made
    player.advance(0.4, None, net, 1.0, steps=3)
    assert player.story.step == 3  # the newest next, with its own number
    shown = player.preview(net, lambda: (np.zeros(784, np.float32), None), ("k",), steps=7)
    assert shown.step == 7  # a sample passed forward by weights trained 7 steps


def test_an_error_signal_says_which_way_z_should_go():
    net = Network(SIZES)
    shown = from_trace(step(net, 1), 0, "mse", 1)
    for index, delta in enumerate(shown.deltas[2]):
        _, lines = neuron_facts(shown, net.biases, 3, index, "tanh", "mse", (1, 2, 3))
        way = "down" if delta > 0 else "up"  # gradient descent moves z against dLoss/dz
        assert f"   so z should go {way}" in lines


def test_edge_facts_show_the_weight_what_it_carries_and_its_change():
    net = Network(SIZES)
    trace = step(net, 1)
    shown = from_trace(trace, 0, "mse", 1)
    title, lines = edge_facts(shown, net.weights, 3, 1, 2, (4, 5, 6))
    assert title == "weight: layer 2 neuron 2 to output 6"
    w = net.weights[2][1, 2]
    assert lines[0] == f"w = {w:.3g}"
    assert f"= {shown.activations[2][1] * w:.3g}" in lines[1]
    assert lines[2] == f"last step: Δw = {trace.weight_changes[2][1, 2]:.3g}"


def test_an_output_delta_is_shown_as_the_digits_own_error_over_the_batch():
    """With softmax and cross-entropy an output's own error is p - y; the step's delta is that
    over the batch size (the loss is the batch's mean), and the card says so."""
    net = Network(SIZES, loss="xent")
    trace = step(net, 4)  # a batch of 4
    shown = from_trace(trace, 0, "xent", 1)
    _, lines = neuron_facts(shown, net.biases, 3, 0, "tanh", "xent", (1, 2, 3))
    p, y = float(trace.outputs[0, 0]), float(trace.targets[0, 0])
    assert lines[3] == f"error δ = dLoss/dz = {(p - y) / 4:.3g}"
    assert lines[4] == f"   = {p - y:.3g} (this digit's) / 4 (batch)"
