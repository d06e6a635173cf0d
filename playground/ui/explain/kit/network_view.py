"""The small network drawn as circles and lines, with a number in every circle."""

from __future__ import annotations

import numpy as np
import pygame

from playground.ui.render import theme

RADIUS = 25


def signed_colour(value: float):
    return theme.POSITIVE if value >= 0 else theme.NEGATIVE


def draw_network(
    surface: pygame.Surface,
    positions: list[list[tuple[int, int]]],
    edges: list[np.ndarray],
    nodes: list[np.ndarray | None],
    active_edges: set[int],
    active_nodes: set[int],
) -> None:
    """Edge layer l joins column l to l+1, coloured by sign and thick by size when active
    (faint otherwise); node values (None: not computed yet) are written inside the circles."""
    scale = max(float(np.abs(np.concatenate([e.ravel() for e in edges])).max()), 1e-9)
    for layer, values in enumerate(edges):
        active = layer in active_edges
        for i, start in enumerate(positions[layer]):
            for j, end in enumerate(positions[layer + 1]):
                v = float(values[i, j])
                if active:
                    width = theme.px(1 + round(abs(v) / scale * 6))
                    pygame.draw.line(surface, signed_colour(v), start, end, width)
                else:
                    pygame.draw.line(surface, theme.GRID, start, end, 1)
    for layer, column in enumerate(positions):
        values = nodes[layer]
        lit = layer in active_nodes
        for k, centre in enumerate(column):
            radius = theme.px(RADIUS)
            pygame.draw.circle(surface, theme.PAPER, centre, radius)
            ring = theme.INK if lit else theme.MUTED
            pygame.draw.circle(surface, ring, centre, radius, theme.px(3) if lit else 1)
            if values is not None:
                v = float(values[k])
                theme.blit_text(
                    surface, f"{v:+.2f}", centre, 14, signed_colour(v), bold=lit, anchor="center"
                )
