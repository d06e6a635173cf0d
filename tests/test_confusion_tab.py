"""The confusion tab: what a click hits, which validation samples a cell holds, and a chosen
sample taking over the network picture until Escape."""

import numpy as np
import pygame
import pytest

from playground.core.session import Session
from playground.core.settings import Settings
from playground.ui.app import App
from playground.ui.render.confusion_view import cell_at, matrix_geometry, thumb_boxes

STARTER_PER_DIGIT = 40  # read by the small_starter fixture in conftest.py


@pytest.fixture
def app(samples_dir, small_starter):
    app = App(Session(Settings(val_every=5), samples_dir, small_starter), scene="train")
    app.session.train_steps(10)
    for _ in range(12):
        app.step()
    return app


def click(app: App, pos) -> None:
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, button=1, pos=pos))
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, button=1, pos=pos))
    for _ in range(2):
        app.step()


def cell_centre(rect, k, row, col):
    left, top, cell = matrix_geometry(tuple(rect), k)
    return left + col * cell + cell // 2, top + row * cell + cell // 2


@pytest.mark.parametrize("k", [2, 3, 10])
@pytest.mark.parametrize("rect", [(0, 0, 310, 560), (700, 100, 256, 420)])
def test_every_cell_is_hit_at_its_centre_and_thumbnails_stay_inside(k, rect):
    for row in range(k):
        for col in range(k):
            assert cell_at(rect, k, cell_centre(rect, k, row, col)) == (row, col)
    assert cell_at(rect, k, (rect[0] + 1, rect[1] + 1)) is None  # the title, not a cell
    boxes = thumb_boxes(rect, k, 500)
    assert 0 < len(boxes) < 500
    area = pygame.Rect(rect)
    rects = [pygame.Rect(b) for b in boxes]
    assert all(area.contains(r) for r in rects)
    assert not any(a.colliderect(b) for i, a in enumerate(rects) for b in rects[i + 1 :])
    left, top, cell = matrix_geometry(rect, k)
    assert all(r.top >= top + k * cell for r in rects)  # under the matrix


def test_validation_is_read_only_and_matches_the_confusion_rows(app):
    trainer = app.session.trainer
    x, labels = trainer.validation
    assert x.shape == (trainer.n_val, 784) and labels.shape == (trainer.n_val,)
    assert not x.flags.writeable and not labels.flags.writeable
    counts = np.bincount(labels, minlength=len(trainer.digits))
    assert trainer.confusion.sum(axis=1).tolist() == counts.tolist()


def test_a_cell_lists_its_samples_and_a_chosen_one_is_played_until_escape(app):
    scene, trainer = app.scene, app.session.trainer
    click(app, scene.buttons["tab_confusion"].get_abs_rect().center)
    assert scene.tab == "confusion"
    app.step()  # the tab is drawn once, so it knows its place
    x, labels = trainer.validation
    guesses = trainer.network.predict(x).argmax(axis=1)
    row, col = int(labels[0]), int(guesses[0])
    click(app, cell_centre(scene.confusion.rect, len(trainer.digits), row, col))
    assert scene.confusion.cell == (row, col)
    expected = np.flatnonzero((labels == row) & (guesses == col))
    assert scene.confusion.samples.tolist() == expected.tolist()
    box = thumb_boxes(tuple(scene.confusion.rect), len(trainer.digits), len(expected))[0]
    click(app, pygame.Rect(box).center)
    assert scene.confusion.chosen == expected[0]
    shown = scene._shown()
    assert np.array_equal(shown.image, x[expected[0]]) and shown.target == row
    app.press_key("escape")
    app.step()
    assert scene.confusion.chosen is None


def test_a_new_network_forgets_the_chosen_cell(app):
    scene, trainer = app.scene, app.session.trainer
    click(app, scene.buttons["tab_confusion"].get_abs_rect().center)
    app.step()
    click(app, cell_centre(scene.confusion.rect, len(trainer.digits), 0, 0))
    assert scene.confusion.cell == (0, 0)
    app.session.set("digits", "0-9")
    app.step()
    assert scene.confusion.cell is None and scene.confusion.played() is None


def test_the_commonest_mix_up_is_the_deepest_red_and_an_empty_cell_stays_paper():
    """Off the diagonal the colour follows the count against the worst mix-up: rows of a few
    hundred digits made 1 and 6 mistakes the same pink when a cell was coloured by its share."""
    from playground.ui.render import theme
    from playground.ui.render.confusion_view import ConfusionView, matrix_geometry

    pygame.display.set_mode((1, 1))
    matrix = np.array([[300, 1, 0], [6, 290, 2], [0, 12, 280]])
    surface = pygame.Surface((420, 420))
    rect = surface.get_rect()
    ConfusionView().draw(surface, rect, matrix, (1, 2, 3), None)
    left, top, cell = matrix_geometry(tuple(rect), 3)

    def colour(row: int, col: int) -> tuple[int, ...]:  # a cell's corner, clear of its count
        return tuple(surface.get_at((left + col * cell + 3, top + row * cell + 3)))[:3]

    def redness(row: int, col: int) -> int:  # how far from paper towards red
        return sum(abs(a - b) for a, b in zip(colour(row, col), theme.PAPER, strict=True))

    assert colour(0, 2) == tuple(theme.PAPER)
    assert redness(2, 1) > redness(1, 0) > redness(1, 2) > redness(0, 1) > 0
    assert redness(2, 1) - redness(0, 1) > 100  # 12 against 1: plainly apart
