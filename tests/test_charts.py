"""Chart arithmetic and layout: axes that end on round numbers, labels of earlier runs that keep
off the current run's lines and off each other."""

import numpy as np
import pygame
import pytest

from playground.ui.render.charts import nice_ceiling, place_labels

PLOT = pygame.Rect(40, 48, 250, 130)  # x 40..290, y 48..178
LABEL = "lr 0.05 tanh 16-16-16"


@pytest.fixture(autouse=True, scope="module")
def fonts():
    pygame.init()


def falling_line(points: int = 200) -> tuple[np.ndarray, np.ndarray]:
    """A loss-like curve across the whole plot, in pixels."""
    xs = np.linspace(PLOT.left, PLOT.right, points)
    ys = PLOT.bottom - PLOT.height * (0.1 + 0.85 * np.exp(-(xs - PLOT.left) / 40))
    return xs, ys


def covers(rect: pygame.Rect, xs: np.ndarray, ys: np.ndarray) -> bool:
    """Whether `rect` holds any of the points or of the midpoints between them."""
    xs = np.concatenate([xs, (xs[1:] + xs[:-1]) / 2])
    ys = np.concatenate([ys, (ys[1:] + ys[:-1]) / 2])
    return bool(
        np.any((xs >= rect.left) & (xs < rect.right) & (ys >= rect.top) & (ys < rect.bottom))
    )


def test_nice_ceiling_rounds_axes_up_to_1_2_5():
    assert [nice_ceiling(v) for v in (0.23, 0.26, 0.9, 3, 7, 11)] == [0.5, 0.5, 1, 5, 10, 20]
    assert nice_ceiling(float("nan")) == 1.0 and nice_ceiling(0) == 1.0


def test_ghost_labels_keep_off_the_live_lines_and_each_other_inside_the_plot():
    live = [falling_line(), (np.array([100.0, 280.0]), np.array([170.0, 160.0]))]
    xs, ys = live[0]
    # three runs whose lines all end right on the current one, where a label would cover it
    wishes = [(LABEL, float(xs[-1]), float(ys[-1])), (LABEL, 200.0, 165.0), (LABEL, 80.0, 60.0)]
    placed = place_labels(wishes, live, PLOT)
    assert [text for text, _ in placed] == [LABEL] * 3  # there is room: all of them, whole
    for i, (_, rect) in enumerate(placed):
        assert PLOT.contains(rect)
        assert not any(covers(rect, *line) for line in live)
        assert all(not rect.colliderect(other) for _, other in placed[i + 1 :])


def test_a_label_with_room_stays_where_it_asked():
    [(text, rect)] = place_labels([("lr 0.1", 200, 100)], [], pygame.Rect(0, 0, 300, 200))
    assert text == "lr 0.1" and rect.bottomright == (200, 100)


def test_without_room_a_label_is_shortened_by_words_and_then_left_out():
    narrow = pygame.Rect(0, 0, 60, 40)
    assert [text for text, _ in place_labels([(LABEL, 60, 40)], [], narrow)] == ["lr 0.05\u2026"]
    rows = [(np.array([0.0, 300.0]), np.full(2, y)) for y in range(0, 200, 12)]
    assert place_labels([(LABEL, 200, 100)], rows, pygame.Rect(0, 0, 300, 200)) == []


def test_a_series_of_one_point_shows_as_a_dot():
    """The first validation is one point: the legend gives its value, so the plot must show it."""
    from playground.ui.render import theme
    from playground.ui.render.charts import Chart, Series

    pygame.display.set_mode((1, 1))
    colour = (200, 30, 30)
    chart = Chart("accuracy", percent=True)
    surface = pygame.Surface((320, 200))
    one = Series("validation", colour, np.array([50.0]), np.array([0.8]))
    chart.draw(surface, surface.get_rect(), lambda: [one], key=1)
    pixels = pygame.surfarray.pixels3d(surface)
    red = (pixels[..., 0] > 150) & (pixels[..., 1] < 80) & (pixels[..., 2] < 80)
    legend_bottom = theme.px(36) + theme.px(8)
    assert red[:, legend_bottom:].sum() >= 9  # a dot in the plot, not only the legend's swatch
