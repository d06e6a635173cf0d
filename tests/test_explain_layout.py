"""What a still frame of an explain page shows: its own keys, lines kept inside their charts,
text clear of the footer, and orange and blue kept for a value's sign."""

import numpy as np
import pygame
import pytest
from scene_app import make_app
from shown_text import capture

from playground.ui.explain.pages.activation_functions import SLOPE
from playground.ui.render import theme

SCENE = "explain"
STARTER_PER_DIGIT = 20


@pytest.fixture(scope="module")
def app(tmp_path_factory, small_starter):
    app = make_app(tmp_path_factory.mktemp("samples"), small_starter, SCENE)
    yield app
    pygame.event.clear()


def pixels(app, rect: pygame.Rect) -> np.ndarray:
    return pygame.surfarray.array3d(app.screen.subsurface(rect)).reshape(-1, 3)


def count(colour, area: np.ndarray) -> int:
    return int(np.count_nonzero((area == np.array(colour)).all(axis=1)))


@pytest.mark.parametrize("n", range(1, 8))
def test_each_page_shows_its_own_keys(app, monkeypatch, n):
    scene = app.scenes["explain"]
    scene.set_page(n)
    app.step()
    texts = capture(monkeypatch, app.step).texts
    assert scene.page.keys, "every page has something to press"
    for key, does in scene.page.keys:
        assert f"{key}:" in texts and does in texts


@pytest.mark.parametrize("x", [-2.0, -0.3, 0.0, 0.4, 2.5])
def test_the_tangent_stays_inside_its_chart(app, x):
    scene = app.scenes["explain"]
    scene.set_page(3)
    scene.page.x = x
    app.step()
    for axes in scene.page.axes.values():
        box = pygame.Rect(axes.box)
        above = pygame.Rect(box.left, box.top - 3, box.width, 3)
        below = pygame.Rect(box.left, box.bottom, box.width, 3)
        left = pygame.Rect(box.left - 3, box.top, 3, box.height)
        right = pygame.Rect(box.right, box.top, 3, box.height)
        for strip in (above, below, left, right):  # paper, the ticks and the zero line's end
            area = pixels(app, strip)
            drawn = (theme.PAPER, theme.MUTED, theme.GRID, theme.INK, SLOPE)  # curves end on edges
            other = len(area) - sum(count(c, area) for c in drawn)
            assert other == 0, f"something drawn out of the chart at {strip}, x={x}"


def test_page_3_draws_nothing_but_signs_in_orange_or_blue(app):
    scene = app.scenes["explain"]
    scene.set_page(3)
    app.step()
    area = scene.page_rect()
    shown = pixels(app, area)
    assert count(theme.NEGATIVE, shown) == 0 and count(theme.POSITIVE, shown) == 0


def test_page_6_step_line_stays_clear_of_the_footer(app, monkeypatch):
    scene = app.scenes["explain"]
    scene.set_page(6)
    app.step()
    boxes = []
    real = theme.blit_text

    def blit(surface, content, *args, **kwargs):
        rect = real(surface, content, *args, **kwargs)
        if content.startswith("step ") and ":" in content:  # not the top bar's "step 0 ·"
            boxes.append(rect)
        return rect

    monkeypatch.setattr(theme, "blit_text", blit)
    app.step()
    monkeypatch.undo()
    (line,) = boxes
    assert line.bottom <= scene.page_rect().bottom - 8
