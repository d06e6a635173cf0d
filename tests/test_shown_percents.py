"""A guess's percentages as shown: whole numbers that add up to 100 wherever a guess is drawn,
and the same number for a digit in the big guess as on its bar."""

import re

import numpy as np
from scene_app import make_app
from shown_text import capture

from playground.ui.render.shown import whole_percents

STARTER_PER_DIGIT = 20


def test_whole_percents_add_up_to_100_for_a_distribution_and_round_otherwise():
    assert whole_percents(np.array([1 / 3, 1 / 3, 1 / 3])) == [34, 33, 33]
    assert whole_percents(np.array([0.335, 0.205, 0.46])) == [34, 20, 46]  # 33.5 rounds up
    rng = np.random.default_rng(0)
    for _ in range(200):
        shares = rng.dirichlet(np.ones(rng.integers(2, 11)))
        shown = whole_percents(shares)
        assert sum(shown) == 100
        assert all(abs(p - 100 * s) < 1 for p, s in zip(shown, shares, strict=True))
    # squared-error scores are not a distribution: each is rounded on its own
    assert whole_percents(np.array([0.56, 0.56, 0.41])) == [56, 56, 41]


def percents(texts: list[str]) -> list[int]:
    return [int(t[:-1]) for t in texts if re.fullmatch(r"\d+%", t)]


def test_the_draw_scenes_bars_add_up_to_100_and_the_big_guess_agrees(
    samples_dir, small_starter, monkeypatch
):
    app = make_app(samples_dir, small_starter, "draw")
    app.session.set("digits", "0-9")
    for stroke in ([(14, 4), (14, 24)], [(8, 8), (20, 8), (8, 24), (20, 24)]):
        app.session.canvas.clear()
        app.session.canvas.draw_stroke(stroke)
        app.step()
        shown = percents(capture(monkeypatch, app.step).texts)
        big, bars = shown[0], shown[-10:]
        assert sum(bars) == 100 and big == max(bars)


def test_the_train_scenes_outputs_add_up_to_100(samples_dir, small_starter, monkeypatch):
    app = make_app(samples_dir, small_starter, "train")
    app.session.set("digits", "0-9")
    app.session.step_once()
    for _ in range(90):  # the story reaches the outputs
        app.step()
    bars = percents(capture(monkeypatch, app.step).texts)[-10:]
    assert len(bars) == 10 and sum(bars) == 100
