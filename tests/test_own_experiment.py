"""The build log's lesson run live on the what-works page: the starter set alone against the
starter set plus the user's digits, both scored on the user's digits that neither trains on."""

import time

import numpy as np
import pygame
import pytest

from playground.ui.explain.pages import own_digits
from playground.ui.explain.pages.own_digits import MIN_PER_DIGIT, OWN_DIGITS, split_own

SCENE = "explain"  # read by the app fixture in conftest.py
STARTER_PER_DIGIT = 20  # read by the small_starter fixture in conftest.py

# a hand unlike the starter set: its 1 is a dash, its 2 an upright bar, its 3 a plus sign
HAND = {
    1: [[(6, 14), (22, 14)]],
    2: [[(14, 5), (14, 23)]],
    3: [[(14, 6), (14, 22)], [(6, 14), (22, 14)]],
}


def click(app, pos) -> None:
    """A left click as the mouse makes it (pygame_gui buttons fire on release)."""
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=pos, button=1))
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=pos, button=1))
    app.step()


def save_own(session, per_digit: int, seed: int = 0) -> None:
    rng = np.random.default_rng(seed)
    for _ in range(per_digit):
        for digit, strokes in HAND.items():
            session.canvas.clear()
            dx, dy, k = rng.uniform(-4, 4), rng.uniform(-4, 4), rng.uniform(0.6, 1.0)
            turn = rng.uniform(-0.25, 0.25)
            cos, sin = np.cos(turn) * k, np.sin(turn) * k
            for stroke in strokes:
                ends = np.array(stroke, float) - 14 + rng.uniform(-1.5, 1.5, (len(stroke), 2))
                points = [
                    (14 + x * cos - y * sin + dx, 14 + x * sin + y * cos + dy) for x, y in ends
                ]
                session.canvas.draw_stroke(points)
            session.label = digit
            assert session.save_sample() is not None


def run_to_the_end(runs) -> None:
    deadline = time.monotonic() + 60
    while not runs.done and time.monotonic() < deadline:
        runs.advance()
        if not runs.ready:
            time.sleep(0.002)  # the worker thread is setting the runs up
    assert runs.done


def test_your_digits_help_it_read_your_held_out_digits(app):
    session = app.session
    save_own(session, 6)
    train, held = split_own(session)
    assert not set(train) & set(held) and len(held) == 3 * 2  # 2 of each 6 held out
    runs = own_digits.start(session)
    run_to_the_end(runs)
    alone, plus = (runs.right(i) for i in range(2))
    assert plus >= alone  # the build log's claim, on digits of this hand it never saw
    assert alone < plus  # a hand unlike the starter set: only its own digits teach it
    for i, run in enumerate(runs.runs):  # the figures shown are the networks' own
        guesses, _ = run.trainer.predict_digits(runs.held_x)
        assert runs.right(i) == int(np.count_nonzero(guesses == runs.held_labels))
        assert runs.scores[i][-1][0] == run.trainer.steps == runs.total
    starter = session.training_set_with("starter", train).labels
    plus_set = session.training_set_with("both", train)  # what the second run learns from
    assert len(plus_set.labels) == len(starter) + len(train)  # no held-out digit among them
    lifted = f"{runs.n_own} of your digits lifted it from {alone / runs.n_held:.0%} to "
    assert runs.lesson().startswith(lifted + f"{plus / runs.n_held:.0%}")
    assert session.trainer.steps == 0  # the app's own network was left alone


def test_without_enough_digits_the_button_says_what_to_do_first(app):
    scene = app.scenes["explain"]
    scene.set_page(scene.page_count)
    app.step()
    page = scene.page
    save_own(app.session, 2)
    app.step()
    button = page.buttons[-1]
    assert button.label == f"save {MIN_PER_DIGIT} of each first"
    click(app, button.rect.center)
    app.step()
    assert page.experiment is OWN_DIGITS and page.runs is None
    assert page.shortfall.startswith(
        f"save at least {MIN_PER_DIGIT} of each digit in play in the draw scene first"
    )
    assert "you have 2 ones, 2 twos, 2 threes" in page.shortfall
    save_own(app.session, 1, seed=1)
    app.step()
    assert button.label == OWN_DIGITS.label
    assert page.shortfall is None  # the panel no longer asks for digits the user now has
    click(app, button.rect.center)
    app.step()
    deadline = time.monotonic() + 30
    while not page.runs.ready and time.monotonic() < deadline:
        app.step()
    app.step()
    assert all(run.trainer.steps > 0 for run in page.runs.runs[:1])


@pytest.mark.parametrize("have", [0, 1])
def test_shortfall_counts_each_digit_in_play(app, have):
    save_own(app.session, have)
    said = own_digits.shortfall(app.session)
    names = ("ones", "twos", "threes") if have != 1 else ("one", "two", "three")
    assert f"you have {have} {names[0]}, {have} {names[1]}, {have} {names[2]}" in said


def test_headless_the_experiment_is_set_up_on_the_frame_after_the_click(app):
    """Headless frames are exact app time: a worker thread finishing in real time left a
    recorded demo on 'setting up the two copies' for a different number of frames each run."""
    save_own(app.session, MIN_PER_DIGIT)
    scene = app.scenes["explain"]
    scene.set_page(7)
    app.step()
    assert not app.clock.real_time
    scene.page.start(OWN_DIGITS)
    app.step()
    assert scene.page.runs.ready
