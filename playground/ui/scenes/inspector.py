"""Inspect in the train scene: the mouse over a neuron or a weight shows its numbers; a click
pins the card so it stays while the mouse moves on (a second click, or a click elsewhere in the
picture, lets it go). Targets are ('neuron', layer, index) or ('edge', segment, i, j)."""

from __future__ import annotations

import pygame

from playground.core.nn import Network
from playground.ui.render import theme
from playground.ui.render.card import draw_card
from playground.ui.render.graph_layout import GraphLayout, hit_edge, hit_neuron
from playground.ui.render.neuron_facts import edge_facts, neuron_facts
from playground.ui.render.shown import Shown
from playground.ui.render.tiles import TileLayer

TILE_PIXEL = 5  # screen pixels per image pixel of the tile in a card (one less in small windows)
Target = tuple[str, int, int] | tuple[str, int, int, int]


def hit(layout: GraphLayout, point: tuple[int, int]) -> Target | None:
    """What is under `point`: a neuron first (they sit on top), or a first-layer neuron's tile
    (it stands for the neuron), else a weight edge."""
    neuron = hit_neuron(layout, point)
    if neuron is not None:
        return ("neuron", *neuron)
    for k, tile in enumerate(layout.tiles):
        if pygame.Rect(tile).collidepoint(point):
            return ("neuron", 1, k)
    edge = hit_edge(layout, point)
    return None if edge is None else ("edge", *edge)


class Inspector:
    def __init__(self) -> None:
        self.hover: Target | None = None
        self.pinned: Target | None = None
        self._pointer = (0, 0)

    def handle_event(self, event: pygame.event.Event, layout: GraphLayout) -> bool:
        """Follow the mouse; a left click on something pins it (True: the click was used)."""
        if event.type == pygame.MOUSEMOTION:
            self._pointer = event.pos
            self.hover = hit(layout, event.pos)
            return False
        if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            target = hit(layout, event.pos)
            if target is None and self.pinned is None:
                return False
            self.pinned = None if target == self.pinned else target
            self._pointer = event.pos
            return True
        return False

    def draw(
        self,
        surface: pygame.Surface,
        layout: GraphLayout,
        shown: Shown,
        network: Network,
        digits: tuple[int, ...],
        tiles: TileLayer | None = None,
        since: int = 0,
    ) -> None:
        """The card of what is pinned or hovered; a first-layer neuron's card shows its tile
        large (from `tiles`, in the view they show, a change since step `since`), with what
        its colours mean."""
        target = self.pinned or self.hover
        if target is None:
            return
        if not _still_there(target, layout):
            self.pinned = self.hover = None  # the network changed shape under it
            return
        line, picture, notes = None, None, []
        if target[0] == "neuron":
            _, layer, index = target
            title, lines = neuron_facts(
                shown, network.biases, layer, index, network.activation, network.loss_name, digits
            )
            point, radius = layout.neurons[layer - 1][index], layout.radii[layer - 1]
            if layer == 1 and tiles is not None:
                pixel = theme.px(TILE_PIXEL if layout.graph[3] >= theme.px(600) else TILE_PIXEL - 1)
                picture, notes = tiles.card(index, pixel, since)
                if index < len(layout.tiles):
                    pygame.draw.rect(
                        surface, theme.INK, pygame.Rect(layout.tiles[index]).inflate(6, 6), 2
                    )
        else:
            _, segment, i, j = target
            title, lines = edge_facts(shown, network.weights, segment, i, j, digits)
            (x0, y0), (x1, y1) = layout.neurons[segment - 2][i], layout.neurons[segment - 1][j]
            point, radius, line = ((x0 + x1) / 2, (y0 + y1) / 2), 2.0, ((x0, y0), (x1, y1))
        bounds = pygame.Rect(layout.graph)
        pinned = self.pinned is not None
        draw_card(surface, point, title, lines, bounds, radius, pinned, line, picture, notes)


def _still_there(target: Target, layout: GraphLayout) -> bool:
    sizes = [len(column) for column in layout.neurons]
    if target[0] == "neuron":
        _, layer, index = target
        return layer <= len(sizes) and index < sizes[layer - 1]
    _, segment, i, j = target
    return 2 <= segment <= len(sizes) and i < sizes[segment - 2] and j < sizes[segment - 1]
