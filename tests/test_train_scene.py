"""The train scene, run headless through the real app loop: it moves, it obeys its keys, and a
diverged network is shown as a banner over finite numbers."""

import json

import numpy as np
import pygame
import pytest
from app_process import main_py

from playground.core.session import Session
from playground.core.settings import Settings
from playground.core.training.figures import FEW_HELD_OUT
from playground.ui.app import App
from playground.ui.render import theme
from playground.ui.scenes.train import BANNER_DROP

STARTER_PER_DIGIT = 60  # read by the small_starter fixture in conftest.py


@pytest.fixture
def app(samples_dir, small_starter):
    session = Session(Settings(), samples_dir, small_starter)
    return App(session, scene="train")


def graph_pixels(app: App) -> np.ndarray:
    rect = pygame.Rect(app.scene.graph.graph)
    return pygame.surfarray.array3d(app.screen.subsurface(rect)).copy()


def press(app: App, name: str) -> None:
    app.press_key(name)
    app.step()


def test_training_animates_the_picture_every_few_frames(app):
    app.session.running = True
    changed, before = 0, None
    for frame in range(120):
        app.step()
        if frame % 4 == 0:
            now = graph_pixels(app)
            if before is not None and np.any(now != before):
                changed += 1
            before = now
    assert app.session.trainer.steps >= 100
    assert changed >= 25  # of 29 comparisons: pulses and sweeps keep moving
    assert app.scene.player.story is not None


def test_before_training_a_sample_is_shown_and_stays_still(app):
    app.step()
    first = graph_pixels(app)
    for _ in range(5):
        app.step()
    assert np.array_equal(first, graph_pixels(app))
    assert np.any(first != np.array(theme.PAPER))


def test_keys_step_toggle_animations_and_change_speed(app):
    press(app, "s")
    assert app.session.trainer.steps == 1
    press(app, "right")
    assert app.session.trainer.steps == 2
    press(app, "f")
    press(app, "b")
    assert not app.session.settings.anim_forward and not app.session.settings.anim_backward
    press(app, "]")
    assert app.session.settings.steps_per_frame > 1 and app.scene.speed == "fast"
    press(app, "[")
    press(app, "[")
    assert app.session.settings.steps_per_frame == 1 and app.scene.speed == "slow"
    press(app, "r")
    assert app.session.trainer.steps == 0


def test_divergence_shows_the_banner_and_nothing_blows_up(app):
    session = app.session
    for name, value in (("lr", "50"), ("activation", "relu"), ("loss", "xent")):
        session.set(name, value)
    session.running = True
    for _ in range(30):
        app.step()
    assert session.trainer.diverged and not session.running
    assert all(np.isfinite(w).all() for w in session.trainer.network.weights)
    graph = pygame.Rect(app.scene.graph.graph)  # the banner sits high, clear of the outputs
    banner = pygame.Rect(0, 0, 200, 60)
    banner.center = (graph.centerx, graph.top + theme.px(BANNER_DROP))
    outputs = pygame.Rect(app.scene.graph.bars[0]).union(app.scene.graph.bars[-1])
    assert not banner.inflate(0, 40).colliderect(outputs)
    pixels = pygame.surfarray.array3d(app.screen.subsurface(banner)).reshape(-1, 3)
    assert np.any(np.all(pixels == theme.BAD, axis=1))  # the banner's red headline and frame
    report = app.report()
    assert report["diverged"] and "nan" not in repr(report).lower()
    verdict = app.scene.view._outputs[1]  # the output column's words: the pass shown is older
    assert any(op[0] == "text" and op[1][0] == "the loss blew up after it" for op in verdict)
    press(app, "r")
    assert not session.trainer.diverged


@pytest.mark.parametrize(("layers", "digits"), [("2", "0-9"), ("64,64,64,64", "0-9"), ("5", "1,7")])
def test_every_network_shape_draws(app, layers, digits):
    app.session.set("layers", layers)
    app.session.set("digits", digits)
    app.session.running = True
    for _ in range(40):
        app.step()
    assert app.scene.graph is not None
    assert [len(c) for c in app.scene.graph.neurons] == app.session.settings.sizes[1:]


def test_slow_motion_tells_one_step_per_story(app):
    app.press_key("[")
    app.session.running = True
    for _ in range(200):
        app.step()
    assert app.scene.speed == "slow"
    assert 2 <= app.session.trainer.steps <= 4  # one step every 1.5 s of frames


def test_hovering_a_neuron_shows_its_numbers_and_a_click_pins_them(app):
    press(app, "s")  # one step, so the neuron has an error and a weight change to show
    x, y = app.scene.graph.neurons[1][3]
    before = graph_pixels(app)
    pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=(x, y), rel=(0, 0), buttons=()))
    app.step()
    assert app.scene.inspector.hover == ("neuron", 2, 3)
    assert np.any(graph_pixels(app) != before)
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=(x, y), button=1))
    pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=(5, 300), rel=(0, 0), buttons=()))
    app.step()
    assert app.scene.inspector.pinned == ("neuron", 2, 3) and app.scene.inspector.hover is None


def test_fast_speed_keeps_its_steps_under_a_fixed_clock(app):
    pace = app.scene.pace  # the test app runs on the fixed (headless) clock
    pace.set("fast")
    start = app.session.settings.steps_per_frame
    for _ in range(3):
        pace.measure(start * 0.001, trained=True)
    assert app.session.settings.steps_per_frame == start


def test_fast_speed_fits_its_steps_to_the_measured_training_time(app):
    pace = app.scene.pace
    pace.adaptive = True  # as in a window, paced by the real clock
    pace.set("fast")
    start = app.session.settings.steps_per_frame
    pace.measure(0.0, trained=True)  # the first fast frame: nothing measured yet
    assert app.session.settings.steps_per_frame == start
    pace.measure(start * 0.001, trained=True)  # 1 ms a step: 8 ms of budget fits 8 steps
    assert app.session.settings.steps_per_frame == 8
    app.session.set("steps_per_frame", "50")  # a script's own number is left alone
    pace.measure(0.05, trained=True)
    pace.measure(0.05, trained=True)
    assert app.session.settings.steps_per_frame == 50 and pace.speed == "fast"
    pace.set("slow")
    pace.measure(1.0, trained=True)
    assert app.session.settings.steps_per_frame == 1 and app.session.frames_per_step > 1


def test_fast_speed_fits_its_steps_to_what_the_rest_of_the_frame_leaves(app):
    from playground.ui.scenes.pace import FRAME_LIMIT

    pace = app.scene.pace
    pace.adaptive = True
    pace.set("fast")
    start = app.session.settings.steps_per_frame
    pace.measure(0.0, trained=True)
    pace.measure(start * 0.0001, trained=True, last_rest=FRAME_LIMIT - 0.004)  # 0.1 ms a step
    assert app.session.settings.steps_per_frame in (39, 40)  # 4 ms left for training
    pace.measure(0.004, trained=True, last_rest=FRAME_LIMIT - 0.010)  # a cheaper picture
    assert app.session.settings.steps_per_frame in (39, 40)  # its peak falls back slowly
    for _ in range(300):
        pace.measure(app.session.settings.steps_per_frame * 0.0001, True, FRAME_LIMIT - 0.010)
    assert app.session.settings.steps_per_frame in range(91, 101)  # nearly 10 ms left now
    pace.measure(0.01, trained=True, last_rest=FRAME_LIMIT - 0.002)  # a costly frame: at once
    assert app.session.settings.steps_per_frame in (19, 20)  # 2 ms left


def test_a_deadline_ends_a_frames_training_and_the_cut_steps_stay_owed(app):
    session = app.session
    session.set("steps_per_frame", "20")
    session.train_steps(30)
    session.time_budget = 0.0  # past at once: one step, then the deadline
    session.tick()
    assert session.steps_last_tick == 1 and session.trainer.steps == 1
    session.time_budget = None
    session.tick()
    assert session.steps_last_tick == 20 and session.running
    session.tick()
    assert session.trainer.steps == 30 and not session.running


def test_fast_speed_validates_on_one_frame_in_ten_and_a_train_command_ends_validated(app):
    session = app.session
    session.set("steps_per_frame", "8")
    session.train_steps(8 * 25)
    validated = []
    while session.running:
        session.tick()
        validated.append(session.trainer.validated_at)
    # at val_every 50 every frame but one in ten would be due; only the 10th and 20th run it,
    # then the end of `train 200` does, so a script's report reads the final weights' numbers
    assert sorted(set(validated)) == [0, 80, 160, 200]


def test_pausing_at_fast_speed_leaves_numbers_for_the_weights_as_they_are(app):
    session = app.session
    session.set("steps_per_frame", "30")
    session.toggle_training()
    for _ in range(5):  # 150 steps, and fast speed validates on one frame in ten
        session.tick()
    assert session.trainer.validated_at < session.trainer.steps
    session.toggle_training()  # Space: pause
    assert session.trainer.validated_at == session.trainer.steps == 150
    assert app.report()["val_acc"] is not None


def test_fast_speed_gives_a_validating_frame_fewer_steps(app):
    pace, session = app.scene.pace, app.session
    pace.adaptive = True
    pace.set("fast")
    session.running = True
    chosen, last_frame = [], 0.0
    for _ in range(60):  # as the app runs a frame: train, then measure the frame before
        steps = session.settings.steps_per_frame
        before = session.trainer.validated_at
        session.time_budget = None  # the frames' times are made up: no real deadline
        session.tick()
        pace.measure(last_frame, trained=True)
        # 0.125 ms a step, and a validation costs as much as 24 steps more
        last_frame = steps * 1.25e-4 + (3e-3 if session.trainer.validated_at != before else 0)
        chosen.append((session.settings.steps_per_frame, session.validates_next_frame()))
    settled = chosen[30:]
    assert {steps for steps, validating in settled if not validating} == {64}  # 8 ms budget
    fewer = {steps for steps, validating in settled if validating}
    assert fewer and max(fewer) < 64 - 12  # most of the 24 steps a validation costs


@pytest.mark.parametrize("size", [(1280, 800), (1024, 640), (1600, 1000)])
def test_the_train_scene_paints_every_pixel_so_the_window_needs_no_clearing(app, size):
    app._layout(size)
    app.session.running = True
    for _ in range(3):
        app.step()
    magenta = (255, 0, 255)
    app.screen.fill(magenta)  # whatever is left of this was not painted by the frame
    app.draw()
    pixels = pygame.surfarray.pixels3d(app.screen)
    assert not (pixels == magenta).all(axis=2).any()


def test_hovering_a_weight_names_it(app):
    app.step()
    lay = app.scene.graph
    (x0, y0), (x1, y1) = lay.neurons[2][0], lay.neurons[3][2]
    point = (int((x0 + x1) / 2), int((y0 + y1) / 2))
    pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=point, rel=(0, 0), buttons=()))
    app.step()
    target = app.scene.inspector.hover
    assert target is not None and target[:2] == ("edge", 4)


def test_an_earlier_run_stays_on_the_charts_as_a_labelled_ghost(app):
    app.session.running = True
    for _ in range(40):
        app.step()
    app.session.set("lr", "0.2")
    press(app, "r")
    for _ in range(40):
        app.step()
    ghosts = app.scene.panel._loss_series()
    faint = [s for s in ghosts if s.ghost]
    assert len(faint) == 1 and faint[0].label == "lr 0.05 tanh 784-16-16-16-3 xent"
    assert len(faint[0].steps) > 10


def test_with_both_animations_off_the_picture_still_follows_training(app):
    app.session.set("anim_forward", "off")
    app.session.set("anim_backward", "off")
    app.session.running = True
    shown = set()
    for _ in range(90):
        app.step()
        shown.add(app.scene.player.story.key)
    assert app.scene._story_timing().total == pytest.approx(0.15)  # only the short rest
    assert len(shown) >= 5  # a new step shown several times a second


def test_a_headless_script_trains_and_screenshots_each_speed(tmp_path, samples_dir):
    shots = {speed: tmp_path / f"{speed}.png" for speed in ("live", "fast", "slow")}
    script = tmp_path / "speeds.txt"
    script.write_text(
        "scene train\nkey space\nwait 30\n"
        f"screenshot {shots['live']}\nkey ]\nwait 30\nreport\n"
        f"screenshot {shots['fast']}\nkey [\nkey [\nwait 90\n"
        f"screenshot {shots['slow']}\nreport\n"
    )
    done = main_py("--headless", "--samples", str(samples_dir), "--script", str(script))
    assert done.returncode == 0, done.stderr
    fast, slow = (json.loads(line) for line in done.stdout.splitlines())
    assert fast["step"] > 30 * 2  # fast trains many steps a frame
    assert slow["step"] - fast["step"] < 90  # slow motion: far fewer steps than frames
    pictures = {pygame.image.tobytes(pygame.image.load(str(p)), "RGB") for p in shots.values()}
    assert len(pictures) == 3


def test_leaving_slow_motion_trains_again_on_the_next_frames(app):
    """Space, `[` (slow motion: a step every 1.5 s), then `]` (live): the leftover slow-motion
    countdown must not hold the live speed back."""
    app.press_key("space")
    app.press_key("[")
    for _ in range(5):
        app.step()
    assert app.scene.pace.speed == "slow" and app.session.running
    before = app.session.trainer.steps
    app.press_key("]")
    for _ in range(6):
        app.step()
    assert app.scene.pace.speed == "live"
    assert app.session.trainer.steps >= before + 5  # one a frame, from the first frame


def test_the_numbers_say_the_slow_motion_pace_not_a_step_rate(app, monkeypatch):
    from shown_text import capture

    app.press_key("space")
    for _ in range(30):  # a half second at one step a frame
        app.step()
    app.press_key("[")
    app.step()
    texts = capture(monkeypatch, app.step).texts
    rates = [t for t in texts if "samples seen" in t]
    assert rates and rates[0].endswith("1 step per 1.5 s"), rates
    assert not any("steps/s" in t for t in texts)


def test_a_script_opens_the_controls_and_confusion_tabs_with_c_and_m(app):
    from playground.demo.script import ScriptRunner, parse_script

    shown = []
    text = "key c\nwait 1\nkey m\nwait 1\nkey m\nwait 1\nkey c\nwait 1\n"
    app.script = ScriptRunner(parse_script(text, "tabs.txt"), app)
    for _ in range(12):
        app.step()
        shown.append(app.scene.tab)
    order = [tab for i, tab in enumerate(shown) if i == 0 or tab != shown[i - 1]]
    assert order == ["charts", "controls", "confusion", "charts", "controls"]


def test_when_training_stops_the_charts_and_numbers_show_the_final_figures(app, monkeypatch):
    """A script's `train N` ends with a whole validation of the final weights; the very next
    frame (a screenshot) must show it on the charts, and the samples seen of the last step, as
    the top bar does. The charts are otherwise redrawn every few frames only."""
    from shown_text import capture

    session = app.session
    session.train_steps(67)  # not a multiple of val_every: the last figures come at the end
    drawn = []  # every text drawn, frame after frame (a chart's only when it is redrawn)
    while session.running:
        drawn += capture(monkeypatch, app.step).texts
    last_frame = capture(monkeypatch, app.step).texts
    drawn += last_frame
    trainer = session.trainer
    assert trainer.validated_at == trainer.steps == 67
    legends = [t for t in drawn if t.startswith("validation ") and t.endswith("%")]
    few = trainer.val_count < FEW_HELD_OUT  # the test's small starter set holds out 36
    assert trainer.val_count == trainer.n_val  # measured on the whole split, after train N
    named = f"validation ({trainer.val_count})" if few else "validation"
    assert legends[-1] == f"{named} {100 * trainer.val_acc:.1f}%", legends
    if few:  # the top bar gives so coarse a figure to the whole percent, with its count
        assert any(f"val acc {trainer.val_acc:.0%} of {trainer.val_count}" in t for t in last_frame)
    assert any(t.startswith(f"{trainer.samples_seen:,} samples seen") for t in last_frame)


def test_a_reset_shows_the_new_networks_edges_on_its_first_frame(app):
    """The edges are re-baked a chunk a frame while training; after R the old network's edges
    stayed for some frames beside the new neurons. The first frame after it bakes them whole."""
    app.session.train_steps(40)
    while app.session.running:
        app.step()
    app.press_key("r")
    app.step()
    view = app.scene.view
    assert view._network is app.session.trainer.network
    assert view._baking is None and view._baked[0] == app.session.trainer.steps == 0


def test_a_pause_shows_the_last_step_whole_and_still(app):
    """Paused to inspect, the picture is of the newest step, its story told to the end, not
    an older step still moving (a story takes a second; live training is a step a frame)."""
    app.press_key("space")
    for _ in range(45):
        app.step()
    app.press_key("space")  # pause
    app.step()
    player, steps = app.scene.player, app.session.trainer.steps
    assert not app.session.running and player.story.step == steps
    told = player.t
    app.step()
    assert player.story.step == steps and player.t >= told  # still: nothing new to tell
    assert player.t >= app.scene._story_timing().total
