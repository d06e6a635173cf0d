"""What the app says about learning rates is what the network does: the measured useful range
(playground/core/training/rates.py), saturation at rates far above it, and pages 6 and 7 telling
the same story about a run that blew up."""

import re
from dataclasses import replace

import numpy as np
import pygame
import pytest
from scene_app import make_app
from shown_text import capture

from playground.core.data.preprocess import prepare
from playground.core.settings import Settings
from playground.core.training.rates import (
    FAILS_ABOVE,
    MEASURED_BATCH,
    USEFUL_RATES,
    USEFUL_RATES_FEW,
    range_words,
    rate_note,
    useful_rates,
)
from playground.core.training.trainer import Trainer
from playground.ui.explain.pages.experiments import EXPERIMENTS
from playground.ui.explain.pages.rate_race import race_rates

SCENE = "explain"
STARTER_PER_DIGIT = 30
TEN = replace(Settings(), digits=tuple(range(10)))


@pytest.fixture(scope="module")
def digits(small_starter):
    """0-9 from the small starter set, prepared as the app prepares them."""
    with np.load(small_starter) as f:
        images, labels = f["images"], f["labels"]
    return prepare(images, True, True), labels


def trained(data, steps: int, digits=tuple(range(10)), **changes) -> Trainer:
    settings = replace(Settings(), digits=digits, val_every=10**5, **changes)
    trainer = Trainer(settings, *data)
    for _ in range(steps):
        trainer.step()
        if trainer.problem:
            break
    trainer.validate()
    return trainer


def test_the_top_of_the_useful_range_learns_and_far_above_it_saturates(digits):
    low, high = useful_rates(TEN)
    good = trained(digits, 800, lr=high)
    assert not good.diverged and good.stalled is None and good.val_acc >= 0.6
    bad = trained(digits, 800, lr=high * FAILS_ABOVE)
    assert bad.diverged or bad.stalled is not None
    if bad.stalled:  # said in words, with what to do
        assert "Saturated" in bad.stalled and "Use a rate of" in bad.stalled
        assert f"{low:g} to {high:g}" in bad.stalled


def test_rate_5_on_ten_digits_is_called_saturated_in_the_report(digits, small_starter, tmp_path):
    from playground.core.session import Session

    session = Session(Settings(), tmp_path, small_starter)
    session.set("digits", "0-9")
    session.set("loss", "mse")  # squared error saturates at rate 5; cross-entropy blows up
    session.set("lr", "5")
    session.train_steps(400)
    while session.running:
        session.tick()
    report = session.report()
    assert report["stalled"] and "Saturated" in report["stalled"]
    said = [m for m in session.messages if m.startswith("Saturated")]
    assert len(said) == 1  # said in the status line, once per run
    session.reset()
    assert session.report()["stalled"] is None


@pytest.mark.parametrize(
    ("scene", "said"),
    [("draw", "saturated"), ("train", "saturated: learning stalled")],
)
def test_the_scene_says_saturated(scene, said, small_starter, tmp_path, monkeypatch):
    """The draw scene's guess and the train scene's caption both say the network saturated."""
    app = make_app(tmp_path, small_starter, scene)
    app.session.set("digits", "0-9")
    app.session.set("loss", "mse")  # squared error saturates at rate 5; cross-entropy blows up
    app.session.set("lr", "5")
    app.session.train_steps(300)
    while app.session.running:
        app.session.tick()
    if scene == "draw":
        app.session.canvas.draw_stroke([(14.5, 4.5), (14.5, 24.5)])
    texts = capture(monkeypatch, app.step).texts
    assert any(t.startswith(said) for t in texts), texts
    pygame.event.clear()


def test_three_digits_read_their_own_range_which_blows_up_where_ten_digits_learn(digits):
    """Measured: tanh with cross-entropy learns 0-9 at 1.6, but 1, 2, 3 blow up there (their
    loss starts lower, so a jump throws it past the blow-up bound), so the app must not offer
    0-9's range while it trains on three digits."""
    few, ten = useful_rates(Settings()), useful_rates(TEN)
    assert few == USEFUL_RATES_FEW[("tanh", "xent")] and ten == USEFUL_RATES[("tanh", "xent")]
    assert few[1] < ten[1]
    wild = trained(digits, 300, digits=(1, 2, 3), lr=few[1] * FAILS_ABOVE)
    assert wild.diverged or wild.stalled is not None
    calm = trained(digits, 300, digits=(1, 2, 3), lr=few[1])
    assert not calm.diverged and calm.stalled is None and calm.val_acc >= 0.8
    middle = replace(Settings(), digits=(0, 1, 2, 3, 4))  # unmeasured: what both tables share
    assert useful_rates(middle) == (max(few[0], ten[0]), min(few[1], ten[1]))
    assert "digits 1, 2, 3" in rate_note(Settings()) and "digits 0-9" in rate_note(TEN)


@pytest.mark.parametrize("digit_set", [(1, 2, 3), tuple(range(10))])
@pytest.mark.parametrize("pair", list(USEFUL_RATES))
def test_the_slider_note_says_the_measured_range_for_the_activation_and_loss(pair, digit_set):
    activation, loss = pair
    table = USEFUL_RATES_FEW if len(digit_set) == 3 else USEFUL_RATES
    low, high = table[pair]
    inside = replace(
        Settings(), activation=activation, loss=loss, lr=(low * high) ** 0.5, digits=digit_set
    )
    note = rate_note(inside)
    assert f"{low:g} to {high:g}" in note and activation in note
    assert f"batch {MEASURED_BATCH}" in note
    assert "too large" in rate_note(replace(inside, lr=high * FAILS_ABOVE * 1.1))
    assert f"{low:g} to {high:g}" in rate_note(inside, short=True)
    assert "below" in rate_note(replace(inside, lr=low / 2))
    assert "yours is 64" in rate_note(replace(inside, batch=64))


@pytest.mark.parametrize("digit_set", [(1, 2, 3), (0, 1, 2, 3, 4), tuple(range(10))])
@pytest.mark.parametrize("pair", list(USEFUL_RATES))
def test_the_race_has_a_rate_below_in_and_far_above_the_useful_range(pair, digit_set):
    """Whatever the settings, the race shows what its footnote says: a rate in the measured
    range, one under it and one far over it (fixed rates missed sigmoid's range entirely)."""
    settings = replace(Settings(), activation=pair[0], loss=pair[1], digits=digit_set)
    low, high = useful_rates(settings)
    rates = race_rates(settings)
    assert len(rates) == 4 and all(a < b for a, b in zip(rates, rates[1:], strict=False))
    assert rates[0] < low and low <= rates[1] <= high and rates[2] > high
    assert rates[3] > high * FAILS_ABOVE
    assert low < high  # for 4-9 digits the range both tables share: never empty


def test_page_7s_rate_experiment_tells_what_happened_when_the_rate_still_learns(app):
    """Rate 16 is far above tanh's range but only 2.5 times the top of sigmoid-with-squared-
    error's on 0-9: there it may learn, and the lesson must not say that learning stops."""
    from playground.ui.explain.pages import experiments
    from playground.ui.explain.pages.experiment_lessons import lesson

    app.session.set("digits", "0-9")
    app.session.set("activation", "sigmoid")
    app.session.set("loss", "mse")
    rate16 = next(e for e in EXPERIMENTS if e.changes.get("lr") == 16.0)
    runs = experiments.start(rate16, app.session)
    while not runs.done:
        runs.advance()
    run = runs.runs[-1]
    said = lesson(rate16, runs)
    if run.outcome() is None:
        assert said.startswith("At rate 16 it still learned") and "1.6 to 6.4" in said
    else:
        assert "training stopped" in said


def test_a_run_that_blew_up_is_told_the_same_way_on_pages_6_and_7(app, monkeypatch):
    """Rate 16 blows up: page 7 names the step (not a loss 'checked at the end') and its
    lesson says what happened; page 6's race says the same words for its rate-16 run."""
    scene = app.scenes["explain"]
    scene.set_page(7)
    page = scene.page
    rate16 = next(e for e in EXPERIMENTS if e.changes.get("lr") == 16.0)
    page.start(rate16)
    while not page.runs.done:
        page.runs.advance()
    failed = page.runs.runs[-1].trainer
    assert failed.diverged or failed.stalled
    texts = capture(monkeypatch, app.step).texts
    said = [t for t in texts if re.match(r"(blew up|saturated)", t)]
    assert said and not any("checked at the end" in t for t in texts)
    step = failed.steps if failed.diverged else failed.validated_at
    assert f"step {step}" in said[0]
    lesson = next(t for t in texts if t.startswith("At rate 16"))
    assert f"at step {step}" in lesson and range_words(Settings()) in lesson

    scene.set_page(6)
    race = scene.page.race
    race.start()
    while not race.runs.done:
        race.runs.advance()
    texts = capture(monkeypatch, app.step).texts
    run16 = race.runs.runs[-1]  # the race's last rate, far above the range: it fails too
    assert race_rates(app.session.settings)[-1] > useful_rates(app.session.settings)[1] * 4
    assert run16.outcome() in texts
    assert page.runs.runs[-1].outcome().split(":")[0] == run16.outcome().split(":")[0]


@pytest.mark.parametrize("size", [(1024, 640), (1280, 800)])
@pytest.mark.parametrize("changes", [{}, {"batch": "64"}, {"lr": "5"}])
def test_the_controls_note_says_the_range_and_fits(
    small_starter, tmp_path, monkeypatch, size, changes
):
    from playground.ui.render import theme

    app = make_app(tmp_path, small_starter, "train", size)
    for name, value in changes.items():
        app.session.set(name, value)
    app.press_key("c")
    app.step()
    texts = capture(monkeypatch, app.step).texts
    (note,) = [t for t in texts if "learns well" in t]
    assert range_words(app.session.settings) in note
    assert theme.font(13).size(note)[0] <= app.scene.controls.rect.width
    pygame.event.clear()


def test_the_saturation_message_fits_the_status_line_at_1024(digits):
    from playground.ui.render import theme

    bad = trained(digits, 800, lr=useful_rates(TEN)[1] * FAILS_ABOVE * 2)
    if bad.stalled is None:
        pytest.skip("this seed blew up instead of saturating")
    hint = theme.font(14).size("Press ? for every key")[0]
    assert theme.font(14).size(bad.stalled)[0] <= 1024 - 12 - 24 - hint


def test_the_measuring_tool_runs_and_picks_the_range_within_3_points_of_the_best(
    monkeypatch, capsys
):
    from playground import measure_rates

    assert measure_rates.useful_range((0.01, 0.1, 1.0, 10.0), [0.5, 0.92, 0.9, 0.1]) == (0.1, 1.0)
    monkeypatch.setattr(measure_rates, "LADDER", (0.05, 0.8))
    monkeypatch.setattr(measure_rates, "SEEDS", (0,))
    monkeypatch.setattr(measure_rates, "ACTIVATIONS", ("tanh",))
    monkeypatch.setattr(measure_rates, "LOSSES", ("mse",))
    measure_rates.main(["--steps", "3", "--digits", "1,2"])
    out = capsys.readouterr().out
    assert "tanh mse: useful" in out and out.count("val acc") == 2


def test_saturation_advice_blames_the_rate_only_when_it_is_above_the_range():
    """relu with 4 neurons can saturate at rate 0.05, inside the range: 'use a rate of 0.01 to
    0.8' would be no help there. The share is of (neuron, digit) pairs: said as time."""
    from playground.core.settings import Settings
    from playground.core.training.saturation import Saturation, advice

    stuck = Saturation(flat_share=0.84, accuracy=0.73)
    settings = Settings(activation="relu", loss="mse", layers=(4,), lr=0.05)
    said = advice(stuck, settings)
    assert said.startswith("Saturated: neurons sit below zero 84% of the time, 73% right.")
    assert said.endswith("The rate is in range: press R for new weights, or add neurons.")
    high = advice(stuck, Settings(activation="relu", loss="mse", layers=(4,), lr=5.0))
    assert high.endswith("Use a rate of 0.01 to 0.8, then press R.")
