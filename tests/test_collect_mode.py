"""The quick path to teach it a hand, driven by keys as a person does: collect mode asks for each
digit in play a few times with its progress, a misread drawing is saved under the right label
with one key, and a digit that is not in play says so and where to add it."""

import pygame
import pytest
from test_draw_scene import draw_one, key

from playground.ui.scenes.collect import EACH

SCENE = "draw"  # read by the app fixture in conftest.py
STARTER_PER_DIGIT = 20  # read by the small_starter fixture in conftest.py


def prompt(app):
    """What the two lines above the canvas say now."""
    return app.scenes["draw"].prompt()


def draw_and_save(app, shift: int) -> None:
    """A vertical line, moved `shift` cells so no two saves are the same drawing."""
    app.session.canvas.draw_stroke([(5 + shift, 5), (6 + shift, 23)])
    key(app, pygame.K_RETURN)


def test_collect_mode_asks_each_digit_in_turn_and_shows_the_progress(app, samples_dir):
    key(app, pygame.K_p)
    shown = prompt(app)
    assert shown.headline == "Draw a 1"
    assert shown.progress == "0 of 5 ones collected · 0 of 15 in all"
    asked = []
    for i in range(3 * EACH):
        asked.append(app.session.label)
        if i == 4:
            assert prompt(app).progress == "1 of 5 twos collected · 4 of 15 in all"
        draw_and_save(app, i)
        assert app.session.canvas.is_empty
    assert asked == [1, 2, 3] * EACH
    assert [len(list((samples_dir / str(d)).glob("*.png"))) for d in (1, 2, 3)] == [EACH] * 3
    assert app.scenes["draw"].collection is None  # done: collect mode switched itself off
    score = app.session.own_score
    assert score.guessed == 3 * EACH
    said = f"collected 5 of each of 1, 2, 3: it read {score.right} of 15 right before learning them"
    assert said in app.session.messages


def test_collect_mode_starts_with_the_digit_already_chosen(app):
    key(app, pygame.K_3, unicode="3")
    key(app, pygame.K_p)
    assert app.session.label == 3
    draw_and_save(app, 0)
    assert app.session.label == 1  # then round from the start
    key(app, pygame.K_p)
    assert app.scenes["draw"].collection is None and "collect mode off" in app.session.messages


def test_a_misread_drawing_is_offered_and_saved_under_the_right_label_with_enter(app, samples_dir):
    draw_one(app)
    guess = app.session.prediction()["label"]
    right = next(d for d in app.session.settings.digits if d != guess)
    key(app, getattr(pygame, f"K_{right}"), unicode=str(right))
    shown = prompt(app)
    assert shown.tone == "bad"
    assert shown.hints[0] == (  # a network that has not trained guesses, it does not read
        f"untrained, it guesses a {guess}, not a {right} · Enter saves it as a {right} to teach it"
    )
    key(app, pygame.K_RETURN)  # the one key
    assert len(list((samples_dir / str(right)).glob("*.png"))) == 1
    assert app.session.own_score.per_digit() == {right: (0, 1)}
    just_saved = f"saved as a {right} · C clears the canvas for the next one"
    assert prompt(app).hints[0] == just_saved  # Enter again would only copy it
    key(app, pygame.K_RETURN)  # so Enter again saves nothing
    assert len(list((samples_dir / str(right)).glob("*.png"))) == 1
    other = next(d for d in app.session.settings.digits if d != right)
    key(app, getattr(pygame, f"K_{other}"), unicode=str(other))  # nor under another label
    key(app, pygame.K_RETURN)
    assert not (samples_dir / str(other)).exists() or not list(
        (samples_dir / str(other)).glob("*.png")
    )


def test_a_right_read_says_so(app):
    app.session.trainer.step()
    draw_one(app)
    guess = app.session.prediction()["label"]
    key(app, getattr(pygame, f"K_{guess}"), unicode=str(guess))
    assert prompt(app).tone == "good"
    assert prompt(app).hints[0] == f"it reads your {guess} · Enter saves it"


@pytest.mark.parametrize("digit", [7, 0])
def test_a_digit_not_in_play_says_so_and_how_to_add_it(app, digit):
    draw_one(app)
    key(app, getattr(pygame, f"K_{digit}"), unicode=str(digit))
    said = app.session.messages[-1]
    assert said.startswith(f"{digit} is not in play: add it with the digit buttons")
    assert "train scene's Controls tab" in said
    shown = prompt(app)
    assert shown.tone == "bad"
    assert shown.hints[0] == f"{digit} is not in play: add it in the train scene's Controls tab"
    key(app, pygame.K_RETURN)
    assert app.session.own_score.guessed == 0  # no output could have read it
    app.session.set("digits", f"1,2,3,{digit}")
    assert prompt(app).hints[0].startswith(f"saved as a {digit} · C clears")  # in play, kept
    app.session.set("digits", "1,2,3")  # kept, and out of play again: Enter still saves nothing
    assert prompt(app).hints[0] == (
        f"saved as a {digit} · {digit} is not in play: add it in the train scene's Controls tab"
    )


def test_an_eight_is_said_with_an():
    from playground.ui.scenes.draw_prompt import prompt_for

    shown = prompt_for(8, (3, 8), 3, None, None)
    assert shown.hints[0] == "it reads a 3, not an 8 · Enter saves it as an 8 to teach it"
    assert prompt_for(8, (3, 8), 8, 8, None).hints[0].startswith("saved as an 8 · ")


def test_a_saved_drawing_given_another_label_says_how_to_relabel_it(app):
    """Enter refuses a copy under a second label; the line above the canvas and the refusal
    both say what does work (delete it from the first digit's samples), not a dead end."""
    draw_one(app)
    key(app, pygame.K_1, unicode="1")
    key(app, pygame.K_RETURN)
    key(app, pygame.K_2, unicode="2")
    assert prompt(app).hints[0] == "saved as a 1 · to save it as a 2, delete it from your 1s first"
    key(app, pygame.K_RETURN)
    said = app.session.messages[-1]
    assert said.startswith("already saved as a 1: to save it as a 2 instead") and "Delete" in said


def test_clearing_the_canvas_clears_its_label_but_keeps_the_samples_listed(app):
    """A label is for one drawing: kept after C, the next drawing (a 4) was offered to be
    saved as the stale 3 'to teach it'. The 3s stay listed for browsing."""
    draw_one(app)
    key(app, pygame.K_3, unicode="3")
    key(app, pygame.K_RETURN)
    key(app, pygame.K_c)
    assert app.session.label is None
    scene = app.scenes["draw"]
    assert scene.samples.listed() == 3 and len(scene.samples.items()) == 1
    app.session.canvas.draw_stroke([(8, 6), (20, 6), (12, 24)])  # another drawing, a 7
    assert prompt(app).hints[0].endswith("press the right digit, then Enter saves it")
    key(app, pygame.K_RETURN)  # nothing to save it as
    assert "pick a label first" in app.session.messages[-1]
