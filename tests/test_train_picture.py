"""The train scene's picture says what it shows, checked through the scene's own draw: the tiles
show what training changed (or the weights, switched by W or a click), the hover card shows a
tile large, pulses keep off the input digit and its caption, the legend says what every mark
means, and the verdict names the step it is from."""

import numpy as np
import pygame
import pytest

from playground.core.session import Session
from playground.core.settings import Settings
from playground.ui.app import App
from playground.ui.render import legend, sprites, theme
from playground.ui.render import timeline as tl
from playground.ui.render.card import LINE, PAD
from playground.ui.render.images import digit_surface, rgb_surface
from playground.ui.render.tiles import NOTES, tile_scales
from playground.ui.scenes import inspector

STARTER_PER_DIGIT = 40  # read by the small_starter fixture in conftest.py


@pytest.fixture
def app(samples_dir, small_starter):
    return App(Session(Settings(), samples_dir, small_starter), scene="train")


def pixels(app: App, box) -> np.ndarray:
    return pygame.surfarray.array3d(app.screen.subsurface(pygame.Rect(box))).copy()


def train(app: App, steps: int) -> None:
    """`steps` steps straight on the trainer (fast), then enough frames to show them."""
    for _ in range(steps):
        app.session.trainer.step(validate=False)
    for _ in range(15):  # tiles are remade at most every 12 frames
        app.step()


def smoothness(tile: np.ndarray) -> float:
    """Correlation of each pixel's value with its right-hand neighbour's: strokes are smooth
    (near 1), the random start is noise (near 0)."""
    image = tile.reshape(28, 28)
    return float(np.corrcoef(image[:, :-1].ravel(), image[:, 1:].ravel())[0, 1])


def test_tiles_show_what_training_changed_and_w_switches_to_the_weights(app, drawn_text):
    train(app, 300)
    network, lay = app.session.trainer.network, app.scene.graph
    change = network.weights[0] - network.start_weights[0]
    scales = tile_scales(change)
    k, side = 3, lay.tiles[3][2]
    expected = rgb_surface(theme.diverging(change[:, k].reshape(28, 28), scales[k]), (side, side))
    shown = pixels(app, lay.tiles[k])
    assert np.array_equal(shown, pygame.surfarray.array3d(expected))
    assert NOTES["change"][0] in drawn_text
    # what training added is smooth strokes; the weights themselves are still mostly noise
    assert np.median([smoothness(change[:, j]) for j in range(16)]) > 0.5
    assert np.median([smoothness(network.weights[0][:, j]) for j in range(16)]) < 0.3

    drawn_text.clear()
    app.press_key("w")
    app.step()
    assert app.scene.view.tile_view == "weights" and NOTES["weights"][0] in drawn_text
    assert not np.array_equal(pixels(app, lay.tiles[k]), shown)
    switch = app.scene.view.tiles.switch  # the button over the tiles switches back
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=switch.center, button=1))
    app.step()
    assert app.scene.view.tile_view == "change"
    assert np.array_equal(pixels(app, lay.tiles[k]), shown)


def test_hovering_a_tile_shows_it_large_with_what_its_colours_mean(app, monkeypatch):
    train(app, 50)
    cards = []

    def remember(surface, *args):
        cards.append((draw_card(surface, *args), args))
        return cards[-1][0]

    draw_card = inspector.draw_card
    monkeypatch.setattr(inspector, "draw_card", remember)
    x, y, w, h = app.scene.graph.tiles[2]
    pygame.event.post(
        pygame.event.Event(pygame.MOUSEMOTION, pos=(x + w // 2, y + h // 2), rel=(0, 0), buttons=())
    )
    app.step()
    assert app.scene.inspector.hover == ("neuron", 1, 2)
    card, (_, title, lines, *_, picture, notes) = cards[-1]
    assert title == "layer 1, neuron 3"
    assert picture.get_size() == (28 * 5, 28 * 5)  # five screen pixels per image pixel
    assert any("blue" in n for n in notes) and any("orange" in n for n in notes)
    assert any("w₀: its weights at step 0" in n for n in notes)
    at = (card.left + PAD, card.top + PAD + 24 + len(lines) * LINE + 4)
    on_screen = pixels(app, (*at, *picture.get_size()))
    assert np.array_equal(on_screen, pygame.surfarray.array3d(picture))


def test_pulses_never_paint_over_the_input_digit_or_its_caption(app):
    app.session.set("layers", "64,64")  # many input edges, some steep, passing the caption
    app.session.running = True
    lay, forward_frames = None, 0
    for _ in range(90):
        app.step()
        scene = app.scene
        lay, shown = scene.graph, scene._shown()
        story = scene._story_timing()
        if scene.player.story is not None and tl.phase(scene.player.t, story) == "forward":
            forward_frames += 1
        side = lay.image[2]
        digit = digit_surface(shown.image.reshape(28, 28), (side, side))
        assert np.array_equal(pixels(app, lay.image), pygame.surfarray.array3d(digit))
        words = pixels(app, lay.caption).astype(int)
        tint = np.abs(words[..., 0] - words[..., 2])  # text is grey; pulses blue or orange
        assert tint.max() < 40
    assert forward_frames > 20


@pytest.mark.parametrize("size", [(1280, 800), (1024, 640)])
def test_the_legend_says_what_every_mark_means(samples_dir, small_starter, drawn_text, size):
    App(Session(Settings(), samples_dir, small_starter), size=size, scene="train").step()
    for row in legend.ROWS:
        for *_, long, short in row:
            assert long in drawn_text or short in drawn_text, long
    if size == (1280, 800):
        said = " ".join(drawn_text)
        for words in ("z should fall", "(rise)", "the change Δw, not w", "just reached"):
            assert words in said


def test_the_verdict_names_the_step_the_story_is_from(app, drawn_text):
    app.press_key("s")
    app.step()
    assert app.scene.player.story.step == 1 and "the pass at step 1" in drawn_text
    app.press_key("s")  # a second step waits while the first one's story is told
    drawn_text.clear()
    app.step()
    assert app.session.trainer.steps == 2 and app.scene.player.story.step == 1
    assert "the pass at step 1" in drawn_text and "the pass at step 2" not in drawn_text
    for _ in range(int(app.scene._story_timing().total * 60) + 2):
        app.step()
    drawn_text.clear()
    app.step()
    assert app.scene.player.story.step == 2 and "the pass at step 2" in drawn_text


def test_error_rings_are_coloured_by_the_sign_of_delta_like_every_sign(app, monkeypatch):
    """Blue for a positive error signal, orange for a negative one, as numbers are coloured on
    the backpropagation page (a positive δ says the neuron's z should go down)."""
    app.press_key("s")
    app.step()
    scene = app.scene
    while tl.phase(scene.player.t, scene._story_timing()) != "rest":  # the sweep has passed
        app.step()
    colours = []
    ring = sprites.ring

    def remember(radius, width, colour, alpha):
        if colour in (theme.POSITIVE, theme.NEGATIVE):
            colours.append(colour)
        return ring(radius, width, colour, alpha)

    monkeypatch.setattr(sprites, "ring", remember)
    scene.view._neurons.clear()  # drawn afresh: kept layers ask no sprite factory again
    app.step()
    expected = []
    for delta in scene.player.story.deltas:  # layer by layer, as drawn
        size = np.abs(delta) / np.abs(delta).max()
        expected += [theme.POSITIVE if d >= 0 else theme.NEGATIVE for d in delta[size >= 0.08]]
    assert colours == expected and theme.POSITIVE in colours and theme.NEGATIVE in colours


def test_presenting_hides_the_tile_switch_but_keeps_saying_what_the_tiles_show(app, drawn_text):
    app.press_key("h")
    drawn_text.clear()
    app.step()
    assert app.scene.view.tiles.switch is None and NOTES["change"][0] in drawn_text
    assert not any(text.startswith("W:") for text in drawn_text)
