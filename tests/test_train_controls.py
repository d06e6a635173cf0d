"""The train scene's controls, clicked through the real app loop: each knob reaches the
session's settings, a knob that needs a new network builds it and says so, refused values
leave the settings alone, and settings changed elsewhere move the widgets."""

import pygame
import pygame_gui
import pytest

from playground.core.session import Session
from playground.core.settings import Settings
from playground.ui.app import App
from playground.ui.scenes.train_controls import (
    LR_HIGH,
    LR_LOW,
    SLIDER_STEPS,
    lr_from_position,
    next_on_ladder,
    position_from_lr,
)

STARTER_PER_DIGIT = 30  # read by the small_starter fixture in conftest.py


@pytest.fixture
def app(samples_dir, small_starter):
    app = App(Session(Settings(), samples_dir, small_starter), scene="train")
    click(app, app.scene.buttons["tab_controls"])
    return app


def click(app: App, widget) -> None:
    """A left click in the middle of `widget`, then frames enough for the UI to report it."""
    pos = widget.get_abs_rect().center
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, button=1, pos=pos))
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, button=1, pos=pos))
    for _ in range(2):
        app.step()


def test_the_rate_slider_is_logarithmic_with_its_ends_at_the_limits():
    assert lr_from_position(0) == LR_LOW and lr_from_position(SLIDER_STEPS) == LR_HIGH
    assert lr_from_position(SLIDER_STEPS / 2) == pytest.approx(0.32)  # 0.001 to 100: 5 decades
    for lr in (0.001, 0.01, 0.05, 0.3, 1.0, 12.8, 40.0):  # 12.8: sigmoid's top with 4 neurons
        assert lr_from_position(position_from_lr(lr)) == pytest.approx(lr, rel=0.03)
    assert position_from_lr(200.0) == SLIDER_STEPS and position_from_lr(1e-6) == 0


def test_ladders_step_to_their_neighbours_and_stop_at_the_ends():
    ladder = (2, 4, 8)
    assert next_on_ladder(ladder, 4, 1) == 8 and next_on_ladder(ladder, 4, -1) == 2
    assert next_on_ladder(ladder, 5, 1) == 8 and next_on_ladder(ladder, 5, -1) == 4
    assert next_on_ladder(ladder, 8, 1) == 8 and next_on_ladder(ladder, 2, -1) == 2


def test_controls_show_only_on_their_tab(app):
    controls = app.scene.controls
    assert controls.slider.visible and controls.buttons["act_relu"].visible
    click(app, app.scene.buttons["tab_charts"])
    assert not controls.slider.visible and not controls.buttons["act_relu"].visible
    for scene in ("draw", "train"):  # entering the scene again keeps the other tab hidden
        app.request_scene(scene)
        app.step()
    assert not controls.slider.visible and not controls.buttons["act_relu"].visible
    assert app.scene.buttons["tab_controls"].visible


def test_shape_buttons_build_a_new_network_and_say_so(app):
    controls, session = app.scene.controls, app.session
    click(app, controls.buttons["layers_more"])
    assert session.settings.layers == (16, 16, 16, 16)
    click(app, controls.buttons["neurons_more"])
    assert session.settings.layers == (24, 24, 24, 24)
    assert session.trainer.network.sizes == [784, 24, 24, 24, 24, 3]
    assert "new network 784-24-24-24-24-3" in session.messages[-1]
    click(app, controls.buttons["act_relu"])
    click(app, controls.buttons["loss_mse"])
    assert session.trainer.network.activation == "relu"
    assert session.trainer.network.loss_name == "mse"
    assert controls.buttons["act_relu"].is_selected and not controls.buttons["act_tanh"].is_selected


def test_batch_normalise_and_digits(app):
    controls, session = app.scene.controls, app.session
    click(app, controls.buttons["batch_less"])
    assert session.settings.batch == 64
    click(app, controls.buttons["normalize"])
    assert session.settings.normalize is False
    click(app, controls.buttons["digit_7"])
    assert session.settings.digits == (1, 2, 3, 7)
    assert session.trainer.network.sizes[-1] == 4
    click(app, controls.buttons["preset_0-9"])
    assert session.settings.digits == tuple(range(10))
    assert controls.buttons["preset_0-9"].is_selected


def test_a_refused_change_leaves_the_settings_and_says_why(app):
    controls, session = app.scene.controls, app.session
    click(app, controls.buttons["digit_1"])
    click(app, controls.buttons["digit_2"])
    assert session.settings.digits == (2, 3)  # the second click was refused: one is too few
    assert "at least two digits" in session.messages[-1]
    assert controls.buttons["digit_2"].is_selected
    for _ in range(4):
        click(app, controls.buttons["layers_less"])
    assert session.settings.layers == (16,)


def test_the_slider_sets_the_rate_and_follows_a_change_made_elsewhere(app):
    slider, session = app.scene.controls.slider, app.session
    slider.set_current_value(position_from_lr(0.7))
    pygame.event.post(
        pygame.event.Event(
            pygame_gui.UI_HORIZONTAL_SLIDER_MOVED, ui_element=slider, value=slider.current_value
        )
    )
    app.step()
    assert session.settings.lr == pytest.approx(0.7, rel=0.03)
    session.set("lr", "0.01")
    app.step()
    assert slider.get_current_value() == position_from_lr(0.01)


def test_the_numbers_count_frames_per_second_in_app_time_when_headless(app):
    for _ in range(70):
        app.step()
    assert app.scene.panel.frames_per_second() == pytest.approx(60)


def test_the_own_share_stepper_sets_own_share_and_says_what_it_makes_of_it(app):
    buttons = app.scene.controls.buttons
    click(app, buttons["share_less"])
    assert app.session.settings.own_share == 0.4
    for _ in range(8):
        click(app, buttons["share_more"])
    assert app.session.settings.own_share == 1.0  # the ladder stops at its end
    app.session.set("own_share", "0.5")
    app.step()
    assert app.session.trainer.own_fraction == 0.0  # no own digits saved yet


def test_new_network_is_news_only_before_it_trains(app, monkeypatch):
    """Digits changed elsewhere and 300 steps trained fast: opening Controls then must not call
    the network new; a change seen before any step does."""
    from shown_text import capture

    app.press_key("c")  # back to the charts
    app.step()
    app.session.set("digits", "0-9")
    app.session.set("steps_per_frame", "50")  # fast: 300 steps in 6 frames
    app.session.train_steps(300)
    while app.session.running:
        app.step()
    app.press_key("c")
    texts = capture(monkeypatch, app.step).texts
    assert "network 784-16-16-16-10" in texts
    assert not any(t.startswith("new network:") for t in texts)
    app.session.set("digits", "1,2,3")
    texts = capture(monkeypatch, app.step).texts
    assert "new network: 784-16-16-16-3" in texts
