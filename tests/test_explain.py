"""The explain scene driven as a person drives it: turning pages, drawing every page, pointing,
dragging and clicking; and the side runs on copies of the digit network (pages 6 and 7).
The maths the pages show is checked in test_explain_maths.py."""

from dataclasses import replace

import numpy as np
import pygame
import pytest
from app_process import main_py
from scene_app import make_app

from playground.core.settings import IMAGE_SIDE, N_INPUTS, Settings
from playground.ui.app import App
from playground.ui.explain import PAGE_COUNT
from playground.ui.explain.kit.side_runs import SideRuns
from playground.ui.explain.pages import experiments
from playground.ui.explain.pages.experiments import EXPERIMENTS
from playground.ui.explain.pages.rate_race import RACERS
from playground.ui.render import theme

SCENE = "explain"  # read by the app fixture in conftest.py
STARTER_PER_DIGIT = 20  # read by the small_starter fixture in conftest.py


def test_set_page_accepts_every_page_and_names_the_range_otherwise(app):
    scene = app.scenes["explain"]
    assert scene.page_count == PAGE_COUNT
    for n in range(1, scene.page_count + 1):
        scene.set_page(n)
        assert scene.page is scene.pages[n - 1]
    for bad in (0, -1, scene.page_count + 1):
        with pytest.raises(ValueError, match=f"between 1 and {scene.page_count}"):
            scene.set_page(bad)
    assert scene.page is scene.pages[-1]  # a refused page changes nothing


def test_pages_follow_the_issue_order(app):
    order = [
        "Pixels to numbers",
        "One neuron",
        "Activation functions",
        "The forward pass",
        "Loss and backpropagation",
        "The learning rate",
        "What works and what hurts",
    ]
    titles = [page.title for page in app.scenes["explain"].pages]
    assert titles == [t for t in order if t in titles]


def test_left_and_right_keys_turn_pages(app):
    scene = app.scenes["explain"]
    app.press_key("right")
    app.step()
    assert scene.index == 1
    app.press_key("left")
    app.press_key("left")
    app.step()
    assert scene.index == 0  # stops at the first page, like a book
    assert not scene.prev_button.is_enabled and scene.next_button.is_enabled
    scene.set_page(scene.page_count)
    app.press_key("right")
    app.step()
    assert scene.index == scene.page_count - 1
    assert scene.prev_button.is_enabled and not scene.next_button.is_enabled


def test_help_lists_navigation_and_the_page_keys(app):
    scene = app.scenes["explain"]
    for n in range(1, scene.page_count + 1):
        scene.set_page(n)
        assert scene.keys[0][0] == "Left / Right"
        assert set(scene.page.keys) <= set(scene.keys)


@pytest.mark.parametrize("size", [(1280, 800), (1024, 640)])
def test_every_page_draws_something(samples_dir, small_starter, size):
    app = make_app(samples_dir, small_starter, SCENE, size)
    scene = app.scenes["explain"]
    for n in range(1, scene.page_count + 1):
        scene.set_page(n)
        for _ in range(3):
            app.step()
        area = scene.page_rect()
        pixels = pygame.surfarray.pixels3d(app.screen)[
            area.left : area.right, area.top : area.bottom
        ]
        inked = np.count_nonzero((pixels.astype(int) - np.array(theme.PAPER)).any(axis=2))
        del pixels
        assert inked > area.width * area.height // 50, f"page {n} looks empty"
    pygame.event.clear()


def test_pixels_page_reads_the_canvas_and_points_at_the_right_input(app):
    """It reads the 784 numbers the network gets: the drawing as prepared (a tiny drawing in a
    corner was read into the corner's cells, while the network sees it enlarged, centred)."""
    scene = app.scenes["explain"]
    scene.set_page(1)
    app.session.canvas.draw_stroke([(1.5, 1.5), (1.5, 6.5), (4.5, 6.5)])  # tiny, top left
    app.step()
    page = scene.page
    assert np.allclose(page.values, app.session.canvas_input().reshape(N_INPUTS))
    assert page.values.reshape(28, 28)[:4, :4].max() < 0.05  # not left in the corner
    row, col = 20, 12
    x, y, w, h = page.grid.cell_box(row, col)
    pygame.event.post(
        pygame.event.Event(
            pygame.MOUSEMOTION, pos=(x + w // 2, y + h // 2), rel=(0, 0), buttons=(0, 0, 0)
        )
    )
    app.step()
    assert page.hovered() == row * IMAGE_SIDE + col
    sx, sy, sw, sh = page.column.slot_box(row * IMAGE_SIDE + col)
    pygame.event.post(
        pygame.event.Event(
            pygame.MOUSEMOTION, pos=(sx + sw // 2, sy + sh // 2), rel=(0, 0), buttons=(0, 0, 0)
        )
    )
    app.step()
    assert page.hovered() == row * IMAGE_SIDE + col


def test_pixels_page_shows_a_starter_digit_in_play_when_the_canvas_is_empty(app):
    page = app.scenes["explain"].pages[0]
    page.update(0.0)
    label = int(page.source.split()[2])
    assert label in app.session.settings.digits
    assert page.values.max() > 0.5


def test_reading_moves_row_by_row(app):
    page = app.scenes["explain"].pages[0]
    page.update(0.0)
    page.clock = 0.0
    assert page.reading()[0] == 0
    page.update(0.32 * 5 + 0.01)
    assert page.reading()[0] == 5


def test_one_neuron_page_follows_its_sliders_and_activation_keys(app):
    scene = app.scenes["explain"]
    scene.set_page(2)
    page = scene.page
    for slider, value in zip(page.sliders, (1.0, 0.0, 0.0, 0.5, 2.0, 2.0, -0.25), strict=True):
        slider.value = value
    app.press_key("r")
    app.step()
    shares, total, out = page.values()
    assert page.activation == "relu"
    assert total == pytest.approx(0.25) and out == pytest.approx(0.25)


def test_stage_keys_step_through_the_small_network_pages(app):
    scene = app.scenes["explain"]
    for title in ("The forward pass", "Loss and backpropagation"):
        scene.set_page([p.title for p in scene.pages].index(title) + 1)
        for _ in range(10):
            app.press_key("n")
        app.step()
        assert scene.page.stage == 4
        app.press_key("b")
        app.step()
        assert scene.page.stage == 3


def test_side_runs_keep_level_and_stop_at_their_total(app):
    """A frame's steps are shared by the runs, so a race's runs stand at the same step on
    every frame (taking turns, they stood up to a frame's steps apart)."""
    session = app.session
    session.set("batch", "32")  # per_frame steps a frame at batch 32 (bigger batches take fewer)
    runs = SideRuns.with_changes(
        session.settings,
        session.training_data(),
        [("mine", {}), ("fast", {"lr": 0.5}), ("slow", {"lr": 0.01})],
        total=10,
        per_frame=6,
    )
    assert runs.runs[1].trainer.network.sizes == session.settings.sizes
    frames = 0
    while not runs.done:
        before = sum(run.trainer.steps for run in runs.runs)
        runs.advance()
        assert sum(run.trainer.steps for run in runs.runs) - before <= 6
        assert len({run.trainer.steps for run in runs.runs}) == 1
        frames += 1
    assert [run.trainer.steps for run in runs.runs] == [10, 10, 10]
    assert frames == 5  # 2 steps a run a frame: 6 a frame, shared by three


def test_a_side_run_checked_at_its_finish_reports_its_final_weights_on_every_held_out_digit():
    """The race validates once, at the finish: the accuracy it shows must be the finished
    network's on all its held-out digits, not slices of them read at many earlier steps (the
    real starter set's 3,000 checked rows make six slices; these 1,600 make three)."""
    rng = np.random.default_rng(0)
    patterns = rng.uniform(0, 1, (10, N_INPUTS)).astype(np.float32)
    labels = np.repeat(np.arange(10), 300)
    noise = rng.uniform(0, 1, (len(labels), N_INPUTS)).astype(np.float32)
    x = (0.3 * patterns[labels] + 0.7 * noise).astype(np.float32)
    total = 600  # learning slowly all along, so early and late weights read differently
    settings = replace(Settings(), digits=tuple(range(10)), val_every=total, lr=0.003)
    runs = SideRuns.with_changes(settings, (x, labels), [("run", {})], total, 8)
    while not runs.done:
        runs.advance()
    trainer = runs.runs[0].trainer
    reported = trainer.val_acc
    trainer.validate()  # whole, now, on the final weights
    assert reported == trainer.val_acc and trainer.validated_at == total


@pytest.mark.parametrize("experiment", EXPERIMENTS, ids=lambda e: e.label)
def test_experiments_change_one_thing_and_leave_the_session_alone(app, experiment):
    session = app.session
    settings, network = session.settings, session.trainer.network
    runs = experiments.start(experiment, session)
    for _ in range(3):
        runs.advance()
    assert session.settings == settings and session.trainer.network is network
    assert session.trainer.steps == 0
    changed = runs.runs[-1].trainer.network
    if "layers" in experiment.changes:
        assert changed.sizes[1:-1] == list(experiment.changes["layers"])
    if "activation" in experiment.changes:
        assert changed.activation == experiment.changes["activation"]
    if len(runs.runs) == 2:
        first = runs.runs[0].trainer.network
        assert first.activation == experiment.shared.get("activation", settings.activation)


def test_deep_sigmoid_gradients_shrink_towards_the_input(app):
    app.session.set("loss", "mse")  # the classic case: squared error through sigmoid outputs
    deep = next(e for e in EXPERIMENTS if e.view == "gradients")
    runs = experiments.start(deep, app.session)
    for _ in range(5):
        runs.advance()
    tanh, sigmoid = (run.gradient_sizes() for run in runs.runs)
    assert len(sigmoid) == 5
    assert sigmoid[0] * 10 < sigmoid[-1]
    assert sigmoid[0] < tanh[0]


def test_an_experiment_starts_with_one_click(app):
    scene = app.scenes["explain"]
    scene.set_page(scene.page_count)
    app.step()
    page = scene.page
    button = page.buttons[1]
    click(app, button.rect.center)
    for _ in range(2):
        app.step()
    assert page.experiment is EXPERIMENTS[1]
    assert page.runs.runs[1].trainer.steps > 0


def test_rate_race_trains_one_copy_per_rate(app):
    scene = app.scenes["explain"]
    scene.set_page([p.title for p in scene.pages].index("The learning rate") + 1)
    race = scene.page.race
    race.start()
    for _ in range(RACERS * 2):
        app.step()
    assert [run.trainer.network.sizes for run in race.runs.runs] == [
        app.session.settings.sizes
    ] * RACERS
    assert all(run.trainer.steps > 0 for run in race.runs.runs)
    assert app.session.trainer.steps == 0
    # while it runs a press starts it over, and the button says so; at the finish, again
    assert race.button.label == "restart the race"
    assert race.button.rect.width >= race.button.width()
    while not race.runs.done:
        race.update()
    assert race.button.label == "race again"


def click(app: App, pos, *, drag_to=None) -> None:
    post = pygame.event.post
    post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=pos, button=1))
    end = pos
    if drag_to is not None:
        post(pygame.event.Event(pygame.MOUSEMOTION, pos=drag_to, rel=(0, 0), buttons=(1, 0, 0)))
        end = drag_to
    post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=end, button=1))
    app.step()


def test_dragging_across_an_activation_chart_moves_x(app):
    scene = app.scenes["explain"]
    scene.set_page([p.title for p in scene.pages].index("Activation functions") + 1)
    app.step()
    page = scene.page
    x, y, w, h = page.axes["tanh"].box
    click(app, (x + w // 2, y + h // 2), drag_to=(x + w // 4, y + h // 2))
    assert page.x == pytest.approx(-2.5, abs=0.05)
    assert page.dragging is None


def test_the_slider_arrows_change_the_neuron(app):
    """The bias slider is a pygame_gui widget: clicks on its right arrow, as a mouse makes them,
    move the bias a 40th of its range each, and the page's sum follows."""
    scene = app.scenes["explain"]
    scene.set_page(2)
    app.step()
    page = scene.page
    assert page.bias.element is not None and page.bias.element.visible
    arrow = page.bias.element.right_button.get_abs_rect().center
    for _ in range(5):
        click(app, arrow)
    for _ in range(2):  # the widget reports its last move as an event, read on the next frame
        app.step()
    assert page.bias.value == pytest.approx(0.2 + 5 * 0.1)
    shares, total, _ = page.values()
    assert total == pytest.approx(float(shares.sum()) + 0.7)


def test_only_the_page_on_screen_shows_its_widgets(app):
    scene = app.scenes["explain"]
    app.request_scene("explain")
    scene.set_page(2)
    app.step()
    neuron = scene.page
    assert all(s.element.visible for s in neuron.sliders)
    scene.set_page(5)
    app.step()
    assert not any(s.element.visible for s in neuron.sliders)
    assert all(b.element.visible for b in scene.page.buttons)
    app.request_scene("draw")
    app.step()
    assert not any(b.element.visible for b in scene.page.buttons)
    app.request_scene("explain")
    app.step()
    assert all(b.element.visible for b in scene.page.buttons)
    assert not any(s.element.visible for s in neuron.sliders)


def test_a_headless_script_visits_and_screenshots_every_page(tmp_path, samples_dir):
    lines = ["scene explain"]
    for n in range(1, PAGE_COUNT + 1):
        lines += [f"page {n}", "wait 3", f"screenshot {tmp_path / f'page{n}.png'}"]
    script = tmp_path / "pages.txt"
    script.write_text("\n".join(lines) + "\n")
    done = main_py("--headless", "--samples", str(samples_dir), "--script", str(script))
    assert done.returncode == 0, done.stderr
    shots = [pygame.image.load(str(tmp_path / f"page{n}.png")) for n in range(1, PAGE_COUNT + 1)]
    pictures = {pygame.image.tobytes(shot, "RGB") for shot in shots}
    assert len(pictures) == PAGE_COUNT  # every page drew something of its own


def test_the_no_normalisation_verdict_follows_the_measured_gap():
    """On centred starter digits the two runs can end a point apart: the page must not then
    claim unaligned digits were harder to learn."""
    from types import SimpleNamespace

    from playground.ui.explain.pages.experiment_lessons import lesson
    from playground.ui.explain.pages.experiments import EXPERIMENTS

    e = next(e for e in EXPERIMENTS if e.data == "raw")

    def runs(mine, raw):
        trainers = [SimpleNamespace(trainer=SimpleNamespace(val_acc=a)) for a in (mine, raw)]
        return SimpleNamespace(done=True, runs=trainers)

    assert lesson(e, runs(0.98, 0.97)).startswith("Here they came out about even (98% against 97%)")
    assert lesson(e, runs(0.98, 0.90)) == e.lesson


@pytest.mark.parametrize("digits", ["1,2,3", "0-9"])
def test_the_one_neuron_lesson_says_what_its_run_did(app, digits):
    """With ten digits the one-neuron run does not saturate (its loss creeps down all the
    way): the lesson then gives both runs' figures instead of a stall the result line does
    not show; when it does saturate, the lesson names the stall."""
    from playground.ui.explain.pages.experiment_lessons import lesson

    app.session.set("digits", digits)
    narrow = next(e for e in EXPERIMENTS if "layers" in e.changes)
    runs = experiments.start(narrow, app.session)
    while not runs.done:
        runs.advance()
    said = lesson(narrow, runs)
    one = runs.runs[-1]
    if one.outcome():
        assert "stalls" in said
    else:
        assert "stall" not in said
        assert f"reads {one.trainer.val_acc:.0%} of unseen digits" in said
        assert f"{runs.runs[0].trainer.val_acc:.0%}" in said


def test_keys_start_the_race_and_the_experiments_so_a_script_can_record_them(app):
    """Scripts have no click: G starts page 6's race, E runs page 7's experiments in turn."""
    scene = app.scenes["explain"]
    app.request_scene("explain")
    app.step()
    scene.set_page(6)
    app.step()
    app.press_key("g")
    app.step()
    assert scene.page.race.runs is not None and not scene.page.race.runs.done
    scene.set_page(7)
    app.step()
    started = []
    for _ in range(3):
        app.press_key("e")
        app.step()
        started.append(scene.page.experiment)
    assert started == list(scene.page.experiments[:3]) and scene.page.runs is not None


def test_presenter_mode_names_no_hidden_control(app, monkeypatch):
    """H hides the buttons; words pointing at them (keys, 'press the button', the stage
    counter beside the stepper) go too, so a recorded lesson shows only the picture."""
    from shown_text import capture

    app.request_scene("explain")
    app.step()
    scene = app.scenes["explain"]
    scene.set_page(6)
    app.step()
    shown = capture(monkeypatch, app.step).texts
    assert "start the ball again" in shown and "press the button (or G) to start" in shown
    app.press_key("h")
    shown = capture(monkeypatch, app.step).texts
    assert "start the ball again" not in shown and "G starts the race" in shown
    scene.set_page(4)
    app.step()
    assert not any(t.startswith("stage 1 of") for t in capture(monkeypatch, app.step).texts)
    app.press_key("h")


def test_a_script_s_page_shows_that_page_from_any_scene(app):
    """`page 3` from the draw scene had turned the page unseen and left the draw scene up."""
    from playground.demo.script import ScriptRunner, parse_script

    app.request_scene("draw")
    app.step()
    app.script = ScriptRunner(parse_script("page 3\nwait 2\n", "demo.txt"), app)
    assert app.run() == 0
    assert app.scene.name == "explain" and app.scenes["explain"].index == 2
