"""The interface grows and shrinks with the window and the user's UI scale: every scene's parts
stay inside the window without overlapping, text gets bigger on a bigger window, and the keys,
the flag and the script actions that set the scale work (or refuse with one sentence)."""

import itertools
import json

import pygame
import pytest
from app_process import assert_one_line_refusal, main_py
from scene_app import make_app

from playground.demo.script import ScriptRunner
from playground.demo.script_parse import ScriptError, parse_script
from playground.ui.explain import PAGE_COUNT
from playground.ui.render import theme
from playground.ui.render.legend import ITEMS as LEGEND
from playground.ui.render.legend import draw_legend
from playground.ui.scenes.draw_controls import SAMPLE_ACTIONS, TOOLS, VIEW_TOGGLES
from playground.ui.ui_scale import (
    fitting_scale,
    next_step,
    parse_ui_scale,
    scaled_widget_theme,
)

SIZES = {  # name: (window, UI scale)
    "small": ((1024, 700), 1.0),
    "design": ((1280, 800), 1.0),
    "large": ((1920, 1200), 1.0),
    "zoomed": ((1280, 800), 1.5),
}


@pytest.fixture(scope="module")
def shared_app(tmp_path_factory, small_starter):
    app = make_app(tmp_path_factory.mktemp("samples"), small_starter, "train")
    yield app
    pygame.event.clear()
    theme.set_scale(1.0)  # other modules draw without an app and expect the design scale


def _show(app, scene: str, config: str):
    window, user = SIZES[config]
    app.ui_scale = user
    app.resize(window)
    app.request_scene(scene)
    app.step()
    return app.screen.get_rect()


def _inside(outer: pygame.Rect, *rects) -> None:
    for rect in rects:
        assert outer.contains(pygame.Rect(rect)), (tuple(rect), tuple(outer))


def _disjoint(rects) -> None:
    for a, b in itertools.combinations([pygame.Rect(r) for r in rects], 2):
        assert not a.colliderect(b), (tuple(a), tuple(b))


def _widgets(buttons) -> list[pygame.Rect]:
    return [b.get_abs_rect() for b in buttons if b.visible]


def _text_is_clear(app, monkeypatch) -> None:
    """Draw a frame and check every line of text the scene writes on the window: its ink (not
    its line box) inside the window and touching no other line's ink."""
    lines = []
    write = theme.blit_text

    def recording(surface, content, pos, size=16, colour=theme.INK, bold=False, anchor="topleft"):
        box = write(surface, content, pos, size, colour, bold, anchor)
        if surface is app.screen and content.strip():
            ink = theme.text(content, size, tuple(colour), bold).get_bounding_rect()
            lines.append((content, ink.move(box.topleft)))
        return box

    monkeypatch.setattr(theme, "blit_text", recording)
    app.step()
    monkeypatch.undo()
    window = app.screen.get_rect()
    assert lines
    for content, ink in lines:
        assert window.contains(ink), content
    for (a, ink_a), (b, ink_b) in itertools.combinations(lines, 2):
        assert not ink_a.colliderect(ink_b), (a, b)


@pytest.mark.parametrize("config", SIZES)
def test_train_scene_parts_fit_and_do_not_overlap(shared_app, config, monkeypatch):
    window = _show(shared_app, "train", config)
    scene, lay = shared_app.scenes["train"], shared_app.scenes["train"].graph
    graph, panel = pygame.Rect(lay.graph), pygame.Rect(lay.panel)
    _inside(scene.rect, graph, panel)
    _inside(window, scene.rect)
    columns = [
        pygame.Rect(x - r, ys[0][1] - r, 2 * r, ys[-1][1] - ys[0][1] + 2 * r)
        for (x, _), ys, r in ((c[0], c, r) for c, r in zip(lay.neurons, lay.radii, strict=True))
    ]
    tiles = pygame.Rect(lay.tiles[0]).unionall([pygame.Rect(t) for t in lay.tiles])
    bars = pygame.Rect(lay.bars[0]).unionall([pygame.Rect(b) for b in lay.bars])
    parts = [pygame.Rect(lay.image), tiles, *columns, bars, pygame.Rect(lay.legend)]
    _inside(graph, *parts, lay.verdict)
    _disjoint(parts)
    assert lay.image[2] % 28 == 0  # whole screen pixels per input pixel: every cell sharp
    legend = pygame.Surface(pygame.Rect(lay.legend).size)
    assert draw_legend(legend, legend.get_rect()) == len(LEGEND)  # every item, none cut off
    buttons = _widgets(scene.buttons.values())
    _inside(panel, *buttons)
    _disjoint(buttons)
    top_bar = _widgets([*shared_app.top_bar.tabs.values(), *shared_app.top_bar.buttons.values()])
    _inside(shared_app.top_bar.rect, *top_bar)
    _disjoint(top_bar)
    for tab in ("tab_controls", "tab_confusion", "tab_charts"):
        scene._act(tab)
        _text_is_clear(shared_app, monkeypatch)


@pytest.mark.parametrize("config", SIZES)
def test_draw_scene_parts_fit_and_do_not_overlap(shared_app, config, monkeypatch):
    window = _show(shared_app, "draw", config)
    scene = shared_app.scenes["draw"]
    blocks = [scene.canvas_rect, scene.column_rect, scene.samples.rect]
    _inside(scene.rect, *blocks)
    _inside(window, scene.rect)
    _disjoint(blocks)
    buttons = _widgets(scene.buttons.values())
    _inside(scene.rect, *buttons)
    _disjoint([*buttons, scene.canvas_rect])
    _text_is_clear(shared_app, monkeypatch)


@pytest.mark.parametrize("config", SIZES)
def test_every_explain_page_fits_with_its_controls(shared_app, config, monkeypatch):
    window = _show(shared_app, "explain", config)
    scene = shared_app.scenes["explain"]
    nav = _widgets([scene.prev_button, scene.next_button])
    for number in range(1, PAGE_COUNT + 1):
        scene.set_page(number)
        shared_app.step()
        page = scene.page
        _inside(window, page.body)
        assert page.body.bottom <= scene.page_rect().bottom
        controls = [c.rect for c in getattr(page, "buttons", [])]
        controls += [s.rect for s in getattr(page, "sliders", [])]
        _inside(page.body, *controls)
        _disjoint(controls)
        _inside(window, *scene._title_boxes, *nav)
        _disjoint([*scene._title_boxes, *nav])
        _text_is_clear(shared_app, monkeypatch)


def test_text_and_picture_grow_with_the_window(shared_app):
    heights, images, widgets = [], [], []
    for config in ("small", "design", "large"):
        _show(shared_app, "train", config)
        heights.append(theme.text("legend", 13).get_height())
        images.append(shared_app.scenes["train"].graph.image[2])
        widgets.append(shared_app.top_bar.tabs["train"].font.size("Train")[1])
    assert heights[0] < heights[1] < heights[2]
    assert images[0] < images[1] < images[2]
    assert widgets[0] < widgets[1] < widgets[2]  # the widgets' fonts follow too


def test_ctrl_plus_minus_and_zero_change_the_ui_scale(shared_app):
    _show(shared_app, "train", "large")
    base = theme.scale()
    for key, mod in ((pygame.K_EQUALS, pygame.KMOD_LCTRL), (pygame.K_MINUS, pygame.KMOD_LCTRL)):
        before = shared_app.ui_scale
        pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=key, mod=mod, unicode=""))
        shared_app.step()
        assert shared_app.ui_scale == next_step(before, 1 if key == pygame.K_EQUALS else -1)
    shared_app.press_key("ctrl+-")
    shared_app.step()
    assert shared_app.ui_scale < 1.0 and theme.scale() < base
    assert "UI scale" in shared_app.session.messages[-1]
    shared_app.press_key("ctrl+0")
    shared_app.step()
    assert shared_app.ui_scale == 1.0 and theme.scale() == base
    report = shared_app.report()
    assert report["ui_scale"] == 1.0 and report["drawn_scale"] == base


def test_a_resize_renders_text_once_then_only_blits(shared_app):
    _show(shared_app, "explain", "large")
    shared_app.scenes["explain"].set_page(3)
    shared_app.step()
    shared_app.step()
    misses = theme._text.cache_info().misses
    shared_app.step()
    assert theme._text.cache_info().misses == misses


def test_the_scale_follows_the_window_and_never_outgrows_it():
    assert fitting_scale((1280, 800), 1.0) == 1.0
    assert fitting_scale((1920, 1200), 1.0) == 1.5
    assert fitting_scale((1024, 700), 1.0) == 0.8
    assert fitting_scale((1920, 1200), 1.5) == 1.85  # capped: 1920 / 1024 design pixels wide
    assert fitting_scale((1280, 800), 1.5) == 1.25
    assert next_step(1.0, 1) > 1.0 > next_step(1.0, -1)
    assert next_step(3.0, 1) == 3.0 and next_step(0.5, -1) == 0.5


def test_widget_theme_fonts_are_scaled_for_every_widget_kind():
    design = {
        "defaults": {"font": {"name": "noto", "size": "14"}},
        "#tab": {"font": {"size": "15"}},
    }
    scaled = scaled_widget_theme(design, 1.5)
    assert scaled["button"]["font"]["size"] == "21" and scaled["#tab"]["font"]["size"] == "22"
    assert design["defaults"]["font"]["size"] == "14"  # the design is left as it was


@pytest.mark.parametrize("text", ["abc", "0.2", "4", "nan", "", "1.5x"])
def test_bad_ui_scales_are_refused_with_a_sentence(text):
    with pytest.raises(ValueError, match="the UI scale must"):
        parse_ui_scale(text)


def test_ui_scale_takes_numbers_and_percentages():
    assert parse_ui_scale("1.5") == 1.5 and parse_ui_scale("150%") == 1.5


def test_the_flag_is_validated_with_one_line():
    line = assert_one_line_refusal(main_py("--ui-scale", "9"))
    assert "--ui-scale" in line and "between 0.5 and 3" in line


def test_script_actions_set_the_scale_the_window_and_ctrl_keys():
    script = parse_script("ui_scale 150%\nwindow 1920x1200\nkey ctrl+=\nkey ctrl++\n", "s.txt")
    assert [a.args for a in script.actions] == [(1.5,), (1920, 1200), ("ctrl+=",), ("ctrl++",)]
    for bad, message in (
        ("ui_scale 7", "between 0.5 and 3"),
        ("window 100x100", "from 1024x640"),
        ("window big", "WIDTHxHEIGHT"),
        ("key ctrl+nokey", "unknown key name"),
    ):
        with pytest.raises(ScriptError, match=message):
            parse_script(bad, "s.txt")


def test_a_script_drives_the_scale_through_the_app(shared_app, capsys):
    script = parse_script("window 1600x1000\nui_scale 1.5\nkey ctrl+-\nreport\n", "zoom.txt")
    shared_app.script = ScriptRunner(script, shared_app)
    for _ in range(20):
        if shared_app.script.done:
            break
        shared_app.step()
    shared_app.script, shared_app.quitting = None, False
    report = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert report["ui_scale"] == 1.25 and report["drawn_scale"] == 1.55
    assert shared_app.screen.get_size() == (1600, 1000)


def test_the_widget_theme_takes_its_shared_colours_from_the_palette():
    """assets/theme.json names palette colours ("$INK"); every one is filled in from theme."""
    import json

    from playground.ui.render import theme

    raw = theme.UI_THEME.read_text()
    filled = json.dumps(theme.widget_theme())
    assert "$" in raw and "$" not in filled
    assert '"#{:02x}{:02x}{:02x}"'.format(*theme.INK) in filled


@pytest.mark.parametrize("config", ["small", "zoomed"])
def test_a_long_status_message_never_runs_into_the_key_hint(shared_app, config, monkeypatch):
    """The newest message takes the status line: the hint gives way, and a message longer than
    the line is cut short with an ellipsis (a long path in it used to run under the hint)."""
    _show(shared_app, "draw", config)
    shared_app.session.say("a long message about /a/very/long/path/" + "x" * 40 + " and more")
    _text_is_clear(shared_app, monkeypatch)
    shared_app.session.say("word " * 200)
    _text_is_clear(shared_app, monkeypatch)
    shown = _status_texts(shared_app, monkeypatch)
    assert shown and shown[0].endswith("…")


def _status_texts(app, monkeypatch) -> list[str]:
    """The texts the status line draws in one frame."""
    said = []
    write = theme.blit_text

    def recording(surface, content, pos, *args, **kwargs):
        if surface is app.screen and pos[1] == app.status.rect.centery:
            said.append(content)
        return write(surface, content, pos, *args, **kwargs)

    monkeypatch.setattr(theme, "blit_text", recording)
    app.step()
    monkeypatch.undo()
    return said


@pytest.mark.parametrize("window", [(1024, 640), (1024, 700), (1280, 800)])
def test_a_row_of_buttons_shows_its_keys_on_every_button_or_on_none(shared_app, window):
    """Where 'Normalize (N)' does not fit, 'Deskew (D)' beside it drops its key too: a row
    that showed some keys and not others read as if the bare buttons had none."""
    shared_app.ui_scale = 1.0
    shared_app.resize(window)
    shared_app.request_scene("draw")
    shared_app.step()
    buttons = shared_app.scenes["draw"].buttons
    for row in (TOOLS, VIEW_TOGGLES, SAMPLE_ACTIONS):
        labels = [buttons[name].text for name, *_ in row]
        keyed = [label for label in labels if label.endswith(")")]
        assert len(keyed) in (0, len(row)), labels
