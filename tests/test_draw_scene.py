"""The draw scene driven the way a person drives it: posted mouse, touch, key and drop events."""

import numpy as np
import pygame
import pygame_gui
import pytest
from scene_app import make_app

from playground.files.png import write_png
from playground.ui.app import App

SCENE = "draw"  # read by the app fixture in conftest.py
STARTER_PER_DIGIT = 20  # read by the small_starter fixture in conftest.py


def at_cell(app: App, col: float, row: float) -> tuple[int, int]:
    """The screen pixel over canvas position (col, row) in canvas units."""
    rect = app.scenes["draw"].canvas_rect
    return (rect.left + int(col * rect.width / 28), rect.top + int(row * rect.height / 28))


def mouse_stroke(app: App, points, button: int = 1, touch: bool = False) -> None:
    """Press at the first point, move through the rest (far apart), release at the last."""
    post = pygame.event.post
    post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=points[0], button=button, touch=touch))
    for p in points[1:]:
        post(
            pygame.event.Event(
                pygame.MOUSEMOTION, pos=p, rel=(0, 0), buttons=(1, 0, 0), touch=touch
            )
        )
    post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=points[-1], button=button, touch=touch))
    app.step()


def key(app: App, code: int, mod: int = 0, unicode: str = "") -> None:
    pygame.event.post(
        pygame.event.Event(pygame.KEYDOWN, key=code, mod=mod, unicode=unicode, scancode=0)
    )
    pygame.event.post(
        pygame.event.Event(pygame.KEYUP, key=code, mod=mod, unicode=unicode, scancode=0)
    )
    app.step()


def draw_one(app: App) -> None:
    """A vertical line down column 14, rows 4 to 24, in only two mouse events (a fast hand)."""
    mouse_stroke(app, [at_cell(app, 14.5, 4.5), at_cell(app, 14.5, 24.5)])


def test_fast_mouse_stroke_inks_the_cells_under_it_without_gaps(app):
    draw_one(app)
    pixels = app.session.canvas.pixels
    assert (pixels[4:25, 14] > 0.9).all()
    assert pixels[:, :12].max() == 0 and pixels[:, 17:].max() == 0
    assert pixels[:3].max() == 0 and pixels[26:].max() == 0


def test_right_button_and_e_key_erase(app):
    mouse_stroke(app, [at_cell(app, 4.5, 10.5), at_cell(app, 24.5, 10.5)])
    mouse_stroke(app, [at_cell(app, 4.5, 10.5), at_cell(app, 10.5, 10.5)], button=3)
    pixels = app.session.canvas.pixels
    assert pixels[10, 5:10].max() < 0.05 and (pixels[10, 16:24] > 0.9).all()
    key(app, pygame.K_e)
    mouse_stroke(app, [at_cell(app, 15.5, 10.5), at_cell(app, 24.5, 10.5)])
    assert pixels[10, 16:24].max() < 0.05
    key(app, pygame.K_e)
    mouse_stroke(app, [at_cell(app, 20.5, 2.5)])
    assert pixels[2, 20] > 0.9


def test_ctrl_z_undoes_the_last_stroke_and_c_clears(app):
    draw_one(app)
    mouse_stroke(app, [at_cell(app, 3.5, 20.5), at_cell(app, 24.5, 20.5)])
    key(app, pygame.K_z, mod=pygame.KMOD_LCTRL)
    pixels = app.session.canvas.pixels
    assert pixels[20, 4] == 0 and pixels[10, 14] > 0.9
    key(app, pygame.K_c)
    assert app.session.canvas.is_empty


def test_digit_keys_label_and_do_not_switch_scene(app):
    key(app, pygame.K_2, unicode="2")
    assert app.session.label == 2 and app.scene.name == "draw"
    key(app, pygame.K_KP7)
    assert app.session.label == 7


def test_enter_saves_a_png_under_the_label(app, samples_dir):
    key(app, pygame.K_3, unicode="3")
    draw_one(app)
    key(app, pygame.K_RETURN)
    saved = list((samples_dir / "3").glob("*.png"))
    assert len(saved) == 1
    assert app.session.user_labels.tolist() == [3]
    assert not app.session.canvas.is_empty  # outside collect mode the drawing stays


def test_collect_mode_saves_clears_and_asks_for_the_next_digit(app, samples_dir):
    key(app, pygame.K_p)
    assert app.session.label == 1
    for n, expected in enumerate((1, 2, 3, 1)):
        assert app.session.label == expected
        # a line a column further right each time: a copy of a saved drawing is not saved
        mouse_stroke(app, [at_cell(app, 10.5 + n, 4.5), at_cell(app, 10.5 + n, 24.5)])
        key(app, pygame.K_RETURN)
        assert app.session.canvas.is_empty
    assert [len(list((samples_dir / str(d)).glob("*.png"))) for d in (1, 2, 3)] == [2, 1, 1]
    assert app.scenes["draw"].collected == 4


def test_gallery_click_loads_delete_removes_and_r_brings_back(app, samples_dir):
    key(app, pygame.K_1, unicode="1")
    draw_one(app)
    key(app, pygame.K_RETURN)
    drawn = app.session.canvas.pixels.copy()
    key(app, pygame.K_c)
    cell = app.scenes["draw"].samples.view._cells[0][0]
    mouse_stroke(app, [cell.center])
    assert np.abs(app.session.canvas.pixels - drawn).max() < 1 / 255 + 1e-6
    key(app, pygame.K_DELETE)
    assert list((samples_dir / "1").glob("*.png")) == []
    assert len(app.session.user_labels) == 0
    key(app, pygame.K_r)
    assert len(list((samples_dir / "1").glob("*.png"))) == 1
    assert app.session.user_labels.tolist() == [1]


def test_touch_draws_once_and_its_mouse_copy_is_ignored(app):
    width, height = app.screen.get_size()
    start, end = at_cell(app, 14.5, 4.5), at_cell(app, 14.5, 24.5)
    for kind, pos in (
        (pygame.FINGERDOWN, start),
        (pygame.FINGERMOTION, end),
        (pygame.FINGERUP, end),
    ):
        pygame.event.post(
            pygame.event.Event(
                kind, x=pos[0] / width, y=pos[1] / height, dx=0.0, dy=0.0, finger_id=7, touch_id=1
            )
        )
    app.step()
    pixels = app.session.canvas.pixels
    assert (pixels[5:24, 14] > 0.9).all()
    mouse_stroke(app, [at_cell(app, 3.5, 3.5), at_cell(app, 10.5, 3.5)], touch=True)
    assert pixels[3, :12].max() == 0


def test_dropping_an_image_file_puts_it_on_the_canvas(app, tmp_path):
    picture = np.zeros((120, 80), np.float32)
    picture[10:110, 35:45] = 1.0  # a thick white bar on black: a 1
    write_png(tmp_path / "one.png", picture)
    pygame.event.post(pygame.event.Event(pygame.DROPFILE, file=str(tmp_path / "one.png")))
    app.step()
    pixels = app.session.canvas.pixels
    assert pixels[:, 12:16].max() > 0.9 and pixels[:, :6].max() == 0
    (tmp_path / "bad.png").write_bytes(b"not a picture")
    pygame.event.post(pygame.event.Event(pygame.DROPFILE, file=str(tmp_path / "bad.png")))
    app.step()
    assert "bad.png" in app.session.messages[-1]
    assert pixels[:, 12:16].max() > 0.9  # a bad file changes nothing


def test_normalize_toggle_changes_what_the_network_sees(app):
    mouse_stroke(app, [at_cell(app, 3.5, 3.5), at_cell(app, 3.5, 8.5)])  # small, in a corner
    seen = app.session.canvas_input().reshape(28, 28).copy()
    assert seen[:, :3].max() < 0.05  # normalized: moved to the middle
    key(app, pygame.K_n)
    assert app.session.settings.normalize is False
    raw = app.session.canvas_input().reshape(28, 28)
    assert raw[3:9, 3].min() > 0.5


def test_canvas_picture_is_rebuilt_only_when_the_canvas_changes(app):
    view = app.scenes["draw"].canvas_view
    for _ in range(3):
        app.step()
    before = view.rebuilds
    for _ in range(5):
        app.step()
    assert view.rebuilds == before
    draw_one(app)
    assert view.rebuilds == before + 1


@pytest.mark.parametrize("size", [(1024, 640), (1280, 800)])
def test_draws_at_both_sizes_with_everything_shown(samples_dir, small_starter, size):
    app = make_app(samples_dir, small_starter, SCENE, size)
    scene = app.scenes["draw"]
    assert app.screen.get_rect().contains(scene.samples.rect)
    assert scene.canvas_rect.width >= 28 * 14
    key(app, pygame.K_2, unicode="2")
    draw_one(app)
    key(app, pygame.K_RETURN)
    key(app, pygame.K_s)
    key(app, pygame.K_p)
    app.session.running = True
    for _ in range(5):
        app.step()
    assert scene.show_sensitivity and app.session.trainer.steps >= 5
    assert len(scene.samples.items()) == 1


def test_a_failed_save_says_why_and_keeps_the_drawing(tmp_path, small_starter):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the samples folder should be")
    app = make_app(blocker / "samples", small_starter, SCENE)
    key(app, pygame.K_p)
    draw_one(app)
    key(app, pygame.K_RETURN)
    assert "cannot save" in app.session.messages[-1]
    assert not app.session.canvas.is_empty and app.session.label == 1
    assert app.scenes["draw"].collected == 0


def test_leaving_the_scene_mid_stroke_keeps_the_ink_and_closes_the_stroke(app):
    pygame.event.post(
        pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=at_cell(app, 5.5, 5.5), button=1)
    )
    pygame.event.post(
        pygame.event.Event(
            pygame.MOUSEMOTION, pos=at_cell(app, 20.5, 5.5), rel=(0, 0), buttons=(1, 0, 0)
        )
    )
    app.step()
    assert app.session.canvas.drawing
    key(app, pygame.K_TAB)
    app.step()  # scene changes apply between frames
    assert app.scene.name != "draw" and not app.session.canvas.drawing
    assert (app.session.canvas.pixels[5, 6:20] > 0.9).all()


def test_mix_picks_the_training_samples(app):
    starter_only = app.session.trainer.n_train + app.session.trainer.n_val
    key(app, pygame.K_1, unicode="1")
    draw_one(app)
    key(app, pygame.K_RETURN)
    # the one saved digit is trained on (a user's first digits are never held out)
    assert app.session.trainer.n_train + app.session.trainer.n_val == starter_only + 1
    key(app, pygame.K_m)  # both -> yours
    assert app.session.settings.mix == "yours"
    assert "no samples for digits 2, 3" in app.session.trainer.problem
    key(app, pygame.K_m)  # yours -> starter
    assert app.session.settings.mix == "starter"
    assert app.session.trainer.n_train + app.session.trainer.n_val == starter_only
    both = app.scenes["draw"].buttons["mix_both"]
    pygame.event.post(pygame.event.Event(pygame_gui.UI_BUTTON_PRESSED, ui_element=both))
    app.step()
    assert app.session.settings.mix == "both" and app.session.trainer.problem is None


def test_mouse_wheel_pages_the_gallery_without_picking_samples(app):
    session, scene = app.session, app.scenes["draw"]
    key(app, pygame.K_1, unicode="1")
    for row in range(40):  # forty different drawings (a copy of a saved one is not saved)
        session.canvas.clear()
        session.canvas.draw_stroke([(8 + row % 8, 4), (8 + row // 8, 24)])
        assert session.save_sample() is not None
    app.step()
    assert scene.samples.view.pages > 1
    over = scene.samples.view._cells[0][0].center
    pygame.event.post(
        pygame.event.Event(pygame.MOUSEMOTION, pos=over, rel=(0, 0), buttons=(0, 0, 0))
    )
    pygame.event.post(pygame.event.Event(pygame.MOUSEWHEEL, x=0, y=-1, flipped=False))
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=over, button=5))
    app.step()
    assert scene.samples.page == 1 and scene.samples.selected is None


def test_presenter_mode_hides_the_key_hint_and_the_train_on_label(app, drawn_text):
    def key_hints() -> list[str]:
        return [t for t in drawn_text if t.startswith("label 2")]

    key(app, pygame.K_2, unicode="2")
    assert key_hints() and "Train on" in drawn_text
    key(app, pygame.K_h)
    assert app.studio.presenting
    drawn_text.clear()
    app.step()
    assert drawn_text and not key_hints() and "Train on" not in drawn_text


def test_turning_the_sensitivity_overlay_off_shows_the_plain_input_again(app):
    scene = app.scenes["draw"]
    draw_one(app)
    _, view = scene._place_input_view()

    def picture() -> np.ndarray:
        return pygame.surfarray.array3d(app.screen.subsurface(view)).copy()

    plain = picture()
    key(app, pygame.K_s)
    assert scene.show_sensitivity
    assert not np.array_equal(picture(), plain)  # the overlay colours the view
    key(app, pygame.K_s)
    assert not scene.show_sensitivity
    np.testing.assert_array_equal(picture(), plain)  # at once, with the same drawing


@pytest.mark.parametrize("size", [(1024, 640), (1280, 800)])
def test_the_draw_scene_says_which_digits_the_network_learns_and_how_to_change(
    samples_dir, small_starter, size, monkeypatch
):
    from shown_text import capture

    app = make_app(samples_dir, small_starter, SCENE, size)
    texts = capture(monkeypatch, app.step).texts
    (line,) = [t for t in texts if "1, 2, 3" in t]
    assert "Tab, then C" in line  # in this scene 2 labels the drawing: Tab goes to Train
    app.press_key("tab")
    app.step()
    app.press_key("c")
    app.step()
    assert app.scene.name == "train" and app.scene.tab == "controls"
    app.request_scene("draw")
    app.step()
    assert theme_width(line) <= app.scenes["draw"].samples.rect.width
    app.session.set("digits", "0-9")
    texts = capture(monkeypatch, app.step).texts
    assert any("10 digits" in t for t in texts)


def theme_width(line: str) -> int:
    from playground.ui.render import theme

    return theme.font(13).size(line)[0]


@pytest.mark.parametrize(
    ("mix", "note", "chip"),
    [
        ("both", "starter set + yours", "20 + 1"),
        ("yours", "yours only", "1"),
        ("starter", "starter set only", "20"),
    ],
)
def test_the_sample_counts_are_of_what_trains(app, monkeypatch, mix, note, chip):
    """ "Train on: Yours" trains on none of the starter set, so its counts must not show it."""
    from shown_text import capture

    draw_one(app)
    key(app, pygame.K_3, unicode="3")
    key(app, pygame.K_RETURN)
    app.session.set("mix", mix)
    texts = capture(monkeypatch, app.step).texts
    assert note in texts
    assert chip in texts
    assert ("20 + 1" in texts) == (mix == "both")  # the 3's chip: starter + yours only in both


def test_ten_digits_leave_what_the_network_sees_at_least_6_px_a_cell(app):
    """Ten bars in one column shrank the view to 4 px a cell; in two columns it keeps room."""
    for digits in ("1,2,3", "0-9"):
        app.session.set("digits", digits)
        app.step()
        guess, view = app.scene._place_input_view()
        assert view.width >= 6 * 28 and guess.bottom <= view.top


def test_narrow_chips_keep_your_count_in_sight_in_one_style():
    """Ten chips: where '1,127 + 5' does not fit, every chip drops spaces (then commas)
    together; none hides the '+ 5' by showing the sum."""
    from playground.ui.render import theme
    from playground.ui.render.gallery_view import _count_texts

    counts = ((1, (1127, 5)), (2, (991, 5)), (3, (1032, 0)))
    wide = _count_texts(counts, 400, theme.scale())
    assert wide == ({1: "1,127 + 5", 2: "991 + 5", 3: "1,032"}, 12)
    room = theme.font(12, False).size("1127+5")[0]
    narrow = ({1: "1127+5", 2: "991+5", 3: "1032"}, 12)
    assert _count_texts(counts, room, theme.scale()) == narrow
    tight = theme.font(10, False).size("1127+5")[0]  # then smaller, never past the chip
    assert _count_texts(counts, tight, theme.scale()) == (narrow[0], 10)


def test_a_script_stroke_erases_while_the_eraser_is_on(app):
    """`key e` lights the Eraser; a scripted stroke then erases, as a mouse drag would."""
    from playground.demo.script import ScriptRunner, parse_script

    text = "stroke 14,4 14,24\nkey e\nstroke 6,14 22,14\nwait 1\n"
    app.script = ScriptRunner(parse_script(text, "erase.txt"), app)
    for _ in range(6):
        app.step()
    pixels = app.session.canvas.pixels
    assert pixels[14, 14] < 0.05 and pixels[6, 14] > 0.9  # the crossing erased, the rest kept
    assert pixels[14, 8] < 0.05  # nothing painted where the eraser passed alone
