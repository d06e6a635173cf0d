"""The train scene's picture at any window size: lay it out in design pixels, then scale.

`layout_graph` places things in design pixels (sized for a 1280x800 window). For a window
drawn at scale s, the scene's area is divided by s, laid out there, and every box, point and
radius multiplied back by s. Only positions are scaled: the picture is then drawn at its real
size (fonts rendered at the scaled size, edges and sprites at the scaled radii), never a
stretched bitmap, so it stays crisp. Fields holding counts rather than lengths would have to be
plain ints (never scaled); every tuple or list of numbers is read as geometry.
"""

from __future__ import annotations

import dataclasses

from playground.core.settings import IMAGE_SIDE
from playground.ui.render.graph_layout import Box, GraphLayout, layout_graph, panel_box


def _times(value, scale: float):
    """Multiply every number inside nested tuples and lists; ints stay ints (pixels)."""
    if isinstance(value, tuple | list):
        return type(value)(_times(v, scale) for v in value)
    if isinstance(value, int):
        return round(value * scale)
    return value * scale


def _design_area(area: Box, scale: float) -> Box:
    return tuple(round(v / scale) for v in area)  # type: ignore[return-value]


def layout_graph_scaled(area: Box, sizes: list[int], scale: float) -> GraphLayout:
    """`layout_graph` for `area` (screen pixels) drawn at `scale` screen pixels per design pixel."""
    layout = layout_graph(_design_area(area, scale), sizes)
    fields = {
        f.name: _times(getattr(layout, f.name), scale)
        for f in dataclasses.fields(layout)
        if isinstance(getattr(layout, f.name), tuple | list)
    }
    panel = panel_box_scaled(area, scale)  # the picture and the panel tile the area exactly
    graph = (area[0], area[1], area[2] - panel[2], area[3])
    image = _whole_pixels(fields["image"])
    changed = {**fields, "area": area, "graph": graph, "panel": panel, "image": image}
    return dataclasses.replace(layout, **changed)


def _whole_pixels(box: Box) -> Box:
    """The input image shrunk about its centre to a whole number of screen pixels per input
    pixel, so every one of its 28 x 28 cells is drawn the same size, sharp."""
    x, y, w, h = box
    side = max(w // IMAGE_SIDE, 1) * IMAGE_SIDE
    return (x + (w - side) // 2, y + (h - side) // 2, side, side)


def panel_box_scaled(area: Box, scale: float) -> Box:
    """`panel_box` for `area` at `scale`, flush with the area's right edge."""
    x, y, w, h = _times(panel_box(_design_area(area, scale)), scale)
    ax, ay, aw, ah = area
    return (ax + aw - w, ay, w, ah)
