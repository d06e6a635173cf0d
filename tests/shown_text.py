"""What an explain page puts on screen, as text, and arithmetic on numbers as they are shown.

`capture` records every string a page draws in one frame (a word-wrapped paragraph as one
string, a matrix as its grid of cell strings) through the page's own drawing; `agrees` checks
that a result, recomputed from numbers rounded the way the page rounds them, matches the number
the page shows, allowing only for that rounding.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from playground.ui.render import theme

NUMBER = r"[+-]?\d+(?:\.\d+)?"


@dataclass
class Shown:
    texts: list[str] = field(default_factory=list)
    matrices: list[tuple[str, list[list[str]]]] = field(default_factory=list)  # (label, cells)
    vectors: list[str] = field(default_factory=list)


def capture(monkeypatch, draw: Callable[[], None]) -> Shown:
    """Run `draw` (one frame of the app) and return what the explain page wrote."""
    shown = Shown()
    state = {"quiet": 0, "cells": None}
    real_blit = theme.blit_text

    def blit(surface, content, *args, **kwargs):
        if state["cells"] is not None:
            state["cells"].append(content)
        elif not state["quiet"]:
            shown.texts.append(content)
        return real_blit(surface, content, *args, **kwargs)

    real_text = theme.text

    def text(content, *args, **kwargs):  # text rendered here and blitted by the page itself
        if not state["quiet"] and state["cells"] is None and not state.get("blitting"):
            shown.texts.append(content)
        return real_text(content, *args, **kwargs)

    def blit_outer(surface, content, *args, **kwargs):
        state["blitting"] = True
        try:
            return blit(surface, content, *args, **kwargs)
        finally:
            state["blitting"] = False

    monkeypatch.setattr(theme, "blit_text", blit_outer)
    monkeypatch.setattr(theme, "text", text)
    for name, module in list(sys.modules.items()):
        if not name.startswith("playground.ui.explain.") or module is None:
            continue
        if hasattr(module, "draw_paragraph"):
            monkeypatch.setattr(
                module, "draw_paragraph", _paragraph(module.draw_paragraph, shown, state)
            )
        if hasattr(module, "draw_matrix"):
            monkeypatch.setattr(module, "draw_matrix", _matrix(module.draw_matrix, shown, state))
        if hasattr(module, "draw_vector"):
            monkeypatch.setattr(module, "draw_vector", _vector(module.draw_vector, shown, state))
    draw()
    monkeypatch.undo()
    return shown


def _paragraph(real, shown: Shown, state: dict):
    def draw_paragraph(surface, content, *args, **kwargs):
        shown.texts.append(" ".join(content.split()))
        state["quiet"] += 1
        try:
            return real(surface, content, *args, **kwargs)
        finally:
            state["quiet"] -= 1

    return draw_paragraph


def _matrix(real, shown: Shown, state: dict):
    def draw_matrix(surface, topleft, m, label, *args, **kwargs):
        state["cells"] = []
        try:
            right = real(surface, topleft, m, label, *args, **kwargs)
        finally:
            cells, state["cells"] = state["cells"], None
        rows, cols = np.shape(m)
        names = kwargs.get("names")
        if names is not None:  # the rows' and columns' names, then the numbers
            named = [f"{names[0]} {r + 1}" for r in range(rows)]
            named += [f"{names[1]}:", *(str(c + 1) for c in range(cols))]
            assert cells[1 : 2 + rows + cols] == named
            cells = cells[:1] + cells[2 + rows + cols :]
        assert cells[0] == label and len(cells) == 1 + rows * cols
        grid = [cells[1 + r * cols : 1 + (r + 1) * cols] for r in range(rows)]
        shown.matrices.append((label, grid))
        return right

    return draw_matrix


def _vector(real, shown: Shown, state: dict):
    def draw_vector(surface, topleft, v, *args, **kwargs):
        state["quiet"] += 1
        try:
            return real(surface, topleft, v, *args, **kwargs)
        finally:
            state["quiet"] -= 1
            shown.vectors.append("(" + "   ".join(f"{x:+.3f}" for x in v) + ")")

    return draw_vector


# -- numbers as shown ------------------------------------------------------------------------
def half_unit(token: str) -> float:
    """Half a unit in the last shown place: how far the true value may be from the text.
    Whole numbers in a formula (2, 1, 0, a target) are exact."""
    token = token.strip()
    if "." not in token:
        return 0.0
    return 0.5 * 10.0 ** -len(token.split(".")[1])


def numbers(text: str) -> list[str]:
    return re.findall(NUMBER, text)


def agrees(f: Callable[[np.ndarray], float], tokens: list[str], shown: str) -> bool:
    """Whether f(numbers as shown) is `shown`, within the rounding of every number involved."""
    values = np.array([float(t) for t in tokens], np.float64)
    halves = np.array([half_unit(t) for t in tokens])
    result = float(f(values))
    slack = half_unit(shown) + 1e-9
    for i, h in enumerate(halves):
        if h:
            up, down = values.copy(), values.copy()
            up[i] += h
            down[i] -= h
            slack += max(abs(float(f(up)) - result), abs(float(f(down)) - result))
    return abs(result - float(shown)) <= slack * 1.01


FUNCTIONS = {
    "tanh": "np.tanh",
    "sigmoid": "_sigmoid",
    "relu": "_relu",
}


def _sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def _relu(z):
    return np.maximum(z, 0.0)


def arithmetic(lhs: str) -> tuple[Callable[[np.ndarray], float], list[str]] | None:
    """A shown left-hand side of numbers, × + -, ², brackets and activation names as a
    function of its numbers (in order), or None when it holds anything else (words)."""
    tokens: list[str] = []

    def slot(match: re.Match) -> str:
        tokens.append(match.group(0))
        return f" v[{len(tokens) - 1}] "

    # a number right after an operator or bracket may carry its sign; elsewhere +/- is an operator
    body = re.sub(r"(?:(?<=[(\s])|^)[+-]?\d+(?:\.\d+)?", slot, lhs.strip())
    words = set(re.findall(r"[a-z_]+", body)) - {"v"}
    if not words <= set(FUNCTIONS):
        return None
    for word, function in FUNCTIONS.items():
        body = body.replace(word, function)
    body = body.replace("×", "*").replace("²", "**2").replace(")(", ")*(").replace("−", "-")
    if not tokens or re.search(r"[^\sv\[\]\d()+\-*._a-z]", body):
        return None
    code = compile(body.strip(), "<shown>", "eval")
    scope = {"np": np, "_sigmoid": _sigmoid, "_relu": _relu}
    return (lambda v: eval(code, scope, {"v": v})), tokens  # noqa: S307 (the page's own text)


def equations(text: str) -> list[tuple[str, str]]:
    """Every `left = number` in a line, left being the text since the previous ':' or '='.
    A number that goes on into a formula ('= 2 × (output - target) ...') is no result."""
    found = []
    parts = text.split("=")
    for i in range(1, len(parts)):
        result = re.match(r"\s*(" + NUMBER + r")(?!\s*[×*/+\-²\d])", parts[i])
        if result is None:
            continue
        left = parts[i - 1].split(":")[-1]
        found.append((left, result.group(1)))
    return found
