"""The animation's timing: forward runs left to right, then the error runs right to left."""

import numpy as np
import pytest

from playground.ui.render import timeline as tl

STORY = tl.Story(forward=0.4, hold=0.1, backward=0.4, rest=0.1)


def test_phases_follow_each_other_in_story_order():
    times = [0.0, 0.39, 0.41, 0.55, 0.95, 1.01]
    assert [tl.phase(t, STORY) for t in times] == [
        "forward",
        "forward",
        "hold",
        "backward",
        "rest",
        "done",
    ]
    assert STORY.total == pytest.approx(1.0)


def test_forward_front_moves_left_to_right_through_every_layer():
    fronts = [tl.forward_front(t, STORY, 4) for t in np.linspace(0, 1, 41)]
    assert fronts[0] == 0 and fronts[-1] == 4
    assert all(b >= a for a, b in zip(fronts, fronts[1:], strict=False))
    assert tl.forward_front(0.2, STORY, 4) == pytest.approx(2.0)


def test_backward_front_waits_for_the_guess_then_moves_right_to_left():
    assert tl.backward_front(0.3, STORY, 3) == 4 and not tl.reached(4, 3, backward=True)
    assert tl.backward_front(0.5, STORY, 3) == 3 and tl.reached(3, 3, backward=True)
    assert tl.backward_front(0.7, STORY, 3) == pytest.approx(1.5)
    assert tl.backward_front(0.95, STORY, 3) == 0


def test_pulses_fly_along_one_segment_at_a_time_in_order():
    front = tl.forward_front(0.25, STORY, 4)  # 2.5: halfway through segment 3
    flying = [s for s in (1, 2, 3, 4) if tl.in_flight(tl.segment_progress(front, s))]
    assert flying == [3]
    assert tl.segment_progress(front, 3) == pytest.approx(0.5)
    assert tl.segment_progress(front, 2) == 1 and tl.segment_progress(front, 4) == 0


def test_error_sweep_crosses_the_last_segment_first():
    front = tl.backward_front(0.55, STORY, 4)  # 3.5
    assert tl.segment_progress(front, 4, backward=True) == pytest.approx(0.5)
    assert tl.segment_progress(front, 3, backward=True) == 0
    assert tl.edge_flash(front, 4) == pytest.approx(1.0)
    assert tl.edge_flash(front, 3) == 0 and tl.edge_flash(front, 1) == 0
    assert tl.edge_flash(2.0, 4) == 0  # crossed: dark again, not a hair above zero


def test_neurons_light_when_the_front_arrives_and_the_flash_fades():
    layers = 4  # the forward front reaches layer 1 at 0.1 s, the sweep reaches it at 0.8 s
    assert tl.arrival_time(STORY, layers, 1) == pytest.approx(0.1)
    assert tl.arrival_flash(0.09, STORY, layers, 1) == 0 and not tl.reached(0.9, 1)
    assert tl.arrival_flash(0.1, STORY, layers, 1) == pytest.approx(1)
    assert 0 < tl.arrival_flash(0.2, STORY, layers, 1) < 1
    assert tl.arrival_flash(0.5, STORY, layers, 1) == 0
    assert tl.arrival_time(STORY, layers, 1, backward=True) == pytest.approx(0.8)
    assert tl.arrival_flash(0.79, STORY, layers, 1, backward=True) == 0
    assert tl.arrival_flash(0.8, STORY, layers, 1, backward=True) == pytest.approx(1)
    assert tl.reached(1.0, 2, backward=True) and not tl.reached(2.5, 2, backward=True)


def test_nothing_flashes_when_its_part_of_the_story_is_off():
    still = tl.Story(0.0, 0.0, 0.0, 0.0)
    assert tl.arrival_flash(0.0, still, 3, 3) == 0
    assert tl.arrival_flash(0.0, still, 3, 3, backward=True) == 0


def test_switched_off_parts_take_no_time():
    story = STORY.showing(forward=False, backward=True)
    assert story.total == pytest.approx(0.5)
    assert tl.forward_front(0.0, story, 3) == 3
    assert tl.phase(0.0, story) == "backward"
    quiet = STORY.showing(forward=False, backward=False)
    assert tl.phase(0.0, quiet) == "rest" and tl.backward_front(0.0, quiet, 3) == 0


def test_strongest_picks_the_largest_magnitudes_strongest_last():
    values = np.array([[0.1, -3.0], [2.0, np.nan], [0.0, -0.5]], np.float32)
    rows, cols, strength = tl.strongest(values, 2)
    assert list(zip(rows, cols, strict=True)) == [(1, 0), (0, 1)]
    assert strength[-1] == 1 and strength[0] == pytest.approx(2 / 3)
    assert len(tl.strongest(np.zeros((3, 3)), 5)[0]) == 0


def test_contributions_and_a_few_strongest_inputs_per_neuron():
    x = np.array([0.0, 1.0, 0.5, 1.0], np.float32)
    w = np.array([[9.0, 9.0], [1.0, -0.1], [-4.0, 0.2], [0.5, 0.3]], np.float32)
    c = tl.contributions(x, w)
    assert c[0].tolist() == [0, 0] and c[2].tolist() == pytest.approx([-2.0, 0.1])
    rows, cols = tl.strongest_per_neuron(c, 2)
    picked = {(int(r), int(k)) for r, k in zip(rows, cols, strict=True)}
    assert picked == {(2, 0), (1, 0), (3, 1), (2, 1)}
