"""Weight edges baked onto the picture's background: every edge of any layer the UI makes, the
work spread over frames in chunks, and giant script-made layers kept cheap."""

import numpy as np
import pygame
import pytest

from playground.ui.render import edges, theme
from playground.ui.render.graph_layout import layout_graph


@pytest.fixture(scope="module", autouse=True)
def display():
    pygame.display.init()
    pygame.display.set_mode((1, 1))
    yield
    pygame.display.quit()


def paper_surface(layout) -> pygame.Surface:
    surface = pygame.Surface(layout.graph[2:], depth=32)
    surface.fill(theme.PAPER)
    return surface


def test_every_edge_of_a_64_by_64_segment_is_drawn():
    layout = layout_graph((0, 0, 1280, 760), [784, 64, 64, 10])
    surface = paper_surface(layout)
    for _ in edges.bake_segment(surface, edges.rasters(layout)[0], np.full((64, 64), 0.3)):
        pass
    reference = paper_surface(layout)
    starts, ends = layout.endpoints(2)
    corner = np.array(layout.graph[:2])
    for start in starts - corner:
        for end in ends - corner:
            pygame.draw.line(reference, (0, 0, 0), start.tolist(), end.tolist())
    lines = pygame.surfarray.array3d(reference).sum(axis=2) == 0
    inked = np.any(pygame.surfarray.array3d(surface) != theme.PAPER, axis=2)
    assert inked[lines].mean() > 0.99  # only rounding differs from pygame's own lines


def test_chunks_cover_every_edge_once_in_order_and_stay_small():
    cost = np.random.default_rng(1).integers(1, 2000, 4096)
    parts = edges.chunks(cost)
    assert parts[0].start == 0 and parts[-1].stop == len(cost)
    assert all(a.stop == b.start for a, b in zip(parts, parts[1:], strict=False))
    for part in parts:
        assert 0 < part.stop - part.start <= edges.CHUNK
        assert cost[part].sum() <= edges.FRAME_PIXELS or part.stop - part.start == 1
    assert len(edges.chunks(np.full(3, 10**9))) == 3  # a huge edge still gets drawn, alone


def test_a_wide_segment_bakes_over_several_frames():
    layout = layout_graph((0, 0, 1280, 760), [784, 64, 64, 10])
    weights = np.random.default_rng(2).normal(0, 1, (64, 64))
    bake = edges.bake_segment(paper_surface(layout), edges.rasters(layout)[0], weights)
    assert len(list(bake)) >= 4096 // edges.CHUNK


def test_a_256_wide_network_keeps_only_the_edges_it_draws():
    layout = layout_graph((0, 0, 1280, 760), [784, 256, 256, 10])
    giant = edges.rasters(layout)[0]
    assert giant.held == 0  # laying out 65,536 edges works none of them out
    surface = paper_surface(layout)
    weights = np.random.default_rng(3).normal(0, 1, (256, 256))
    for _ in edges.bake_segment(surface, giant, weights):
        pass
    assert giant.held == edges.MAX_EDGES
    assert np.any(pygame.surfarray.array3d(surface) != theme.PAPER)


def test_a_16_bit_picture_with_padded_rows_bakes_the_same_edges():
    """On a 16-bit display an odd-width surface pads its rows, so its pixels are no flat view."""
    layout = layout_graph((0, 0, 1272, 760), [784, 16, 16, 10])
    assert layout.graph[2] % 2  # an odd width, or this would not test the padded rows
    weights = np.random.default_rng(4).normal(0, 1, (16, 16))
    inked = []
    for depth in (32, 16):
        surface = pygame.Surface(layout.graph[2:], depth=depth)
        surface.fill(theme.PAPER)
        paper = pygame.surfarray.array3d(surface).copy()
        for _ in edges.bake_segment(surface, edges.rasters(layout)[0], weights):
            pass
        inked.append(np.any(pygame.surfarray.array3d(surface) != paper, axis=2))
    assert inked[0].sum() > 1000
    np.testing.assert_array_equal(inked[0], inked[1])
