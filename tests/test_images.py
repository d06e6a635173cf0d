"""Weight tiles: each first-layer neuron's 784 weights as its own crisp 28x28 picture."""

import numpy as np
import pygame

from playground.ui.render import theme
from playground.ui.render.images import weight_tiles


def test_each_tile_shows_its_own_column_on_its_own_scale():
    rng = np.random.default_rng(0)
    weights = rng.normal(0, 1, (784, 3)).astype(np.float32)
    weights[:, 1] *= 100  # a neuron with far larger weights still fills its own scale
    weights[:, 2] = 0  # and one with none at all is plain paper
    side = 56  # two screen pixels per weight
    tiles = weight_tiles(weights, side)
    assert [t.get_size() for t in tiles] == [(side, side)] * 3
    for k, tile in enumerate(tiles[:2]):
        picture = pygame.surfarray.array3d(tile)[::2, ::2].transpose(1, 0, 2)  # (row, col, 3)
        column = weights[:, k].reshape(28, 28)
        expected = theme.diverging(column, float(np.abs(column).max()))
        np.testing.assert_array_equal(picture, expected)
    paper = pygame.surfarray.array3d(tiles[2]).reshape(-1, 3)
    assert (paper == theme.PAPER).all()
