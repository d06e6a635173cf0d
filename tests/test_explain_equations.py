"""Every equation an explain page prints is right, as printed.

Each page is drawn through the app, the way a person sees it, and everything it writes is
captured (see shown_text.py). Every `... = number` on screen must then either recompute from
the numbers written on its left, rounded as the page rounds them, or be checked by a rule for
that page below; a new equation that no check understands fails the test. Matrices written as
grids of numbers are checked against the numbers they are made from.
"""

import re

import numpy as np
import pygame
import pytest
from scene_app import make_app
from shown_text import NUMBER, agrees, arithmetic, capture, equations, numbers

from playground.core.nn.activations import ACTIVATIONS
from playground.core.settings import IMAGE_SIDE
from playground.ui.explain.kit.staged import StagedPage

SCENE = "explain"
STARTER_PER_DIGIT = 20


@pytest.fixture(scope="module")
def app(tmp_path_factory, small_starter):
    folder = tmp_path_factory.mktemp("samples")
    app = make_app(folder, small_starter, SCENE)
    yield app
    pygame.event.clear()


def show(app, monkeypatch, n: int, stage: int | None = None, prepare=None):
    scene = app.scenes["explain"]
    scene.set_page(n)
    if stage is not None:
        assert isinstance(scene.page, StagedPage)
        scene.page.stage = stage
    if prepare is not None:
        prepare(scene.page)
    app.step()
    return capture(monkeypatch, app.step), scene.page


def check_all(shown, *rules) -> list[str]:
    """Check every arithmetic equation; hand the rest to `rules`, each returning the texts it
    checked. Returns the arithmetic lines checked; fails on any equation nobody checked."""
    checked, unchecked = [], []
    for text in shown.texts:
        for left, result in equations(text):
            if re.fullmatch(r"\s*[a-z]\w*\s*", left):
                continue  # 'x = +1.50' names a value: nothing to recompute
            parsed = arithmetic(left)
            if parsed is None:
                unchecked.append(text)
                continue
            f, tokens = parsed
            assert agrees(f, tokens, result), f"wrong on screen: {text!r}"
            checked.append(text)
    for rule in rules:
        for text in rule(shown):
            while text in unchecked:
                unchecked.remove(text)
    assert not unchecked, f"equations no test checks: {unchecked}"
    return checked


def key(app, name: str) -> None:
    app.press_key(name)


# -- page 1 --------------------------------------------------------------------------------------
def test_pixels_page_index_sum(app, monkeypatch):
    scene = app.scenes["explain"]
    scene.set_page(1)
    app.step()
    x, y, w, h = scene.page.grid.cell_box(20, 13)
    pygame.event.post(
        pygame.event.Event(
            pygame.MOUSEMOTION, pos=(x + w // 2, y + h // 2), rel=(0, 0), buttons=(0, 0, 0)
        )
    )
    shown = capture(monkeypatch, app.step)

    def index_rule(shown):
        found = []
        for text in shown.texts:
            m = re.match(r"input (\d+) = row (\d+) × (\d+) \+ column (\d+)", text)
            if m:
                index, row, side, col = map(int, m.groups())
                assert side == IMAGE_SIDE and index == row * side + col, text
                found.append(text)
        assert found, "the hovered input's index is not shown"
        return found

    check_all(shown, index_rule)


# -- page 2 --------------------------------------------------------------------------------------
@pytest.mark.parametrize("activation", ["s", "t", "r"])
@pytest.mark.parametrize("values", [None, (0.35, -0.9, 1.0, -1.55, 0.42, 2.0, -0.73)])
def test_one_neuron_page_sums_and_bend(app, monkeypatch, activation, values):
    def prepare(page):
        if values is not None:
            for slider, v in zip(page.sliders, values, strict=True):
                slider.value = v
        app.press_key(activation)

    shown, _ = show(app, monkeypatch, 2, prepare=prepare)
    checked = check_all(shown)
    assert sum("sum" in t or ") = " in t for t in checked) >= 4  # three shares, the sum, the bend
    assert any(t.startswith(("sigmoid(", "tanh(", "relu(")) for t in checked)


# -- page 3 --------------------------------------------------------------------------------------
def _activation_rule(shown):
    """'name(x) = value' and 'slope s' under each chart, for the x written above it."""
    found = []
    xs = [numbers(t)[0] for t in shown.texts if re.fullmatch(r"x = " + NUMBER, t)]
    assert len(xs) == 3 and len(set(xs)) == 1
    x = xs[0]
    for name, act in ACTIVATIONS.items():
        value_text = next(t for t in shown.texts if t.startswith(f"{name}(x) = "))
        value = value_text.split("= ")[1]
        slope_text = shown.texts[shown.texts.index(value_text) + 1]
        assert slope_text.startswith("slope ")
        slope = slope_text.split()[1]
        assert agrees(lambda v, a=act: float(a.forward(v[:1])[0]), [x], value), value_text

        def derivative(v, a=act):
            z = v[:1]
            return float(a.derivative(z, a.forward(z))[0])

        if not (name == "relu" and abs(float(x)) < 0.01):  # relu's kink: no slope to round
            assert agrees(derivative, [x], slope), slope_text
        found.append(value_text)
    return found


def _grid(cells):
    return [[float(c) for c in row] for row in cells], [c for row in cells for c in row]


def _collapse_rule(shown):
    """layer 1 × layer 2 = the one matrix, and the four vectors under them."""
    (l1, w1), (l2, w2), (l3, w3) = shown.matrices
    assert (l1, l2, l3) == ("layer 1", "layer 2", "layer 1 × layer 2")
    a, a_cells = _grid(w1)
    b, b_cells = _grid(w2)
    n = len(a)
    for r in range(n):
        for c in range(n):

            def cell(v, r=r, c=c):
                ma, mb = v[: n * n].reshape(n, n), v[n * n :].reshape(n, n)
                return float((ma @ mb)[r, c])

            assert agrees(cell, a_cells + b_cells, w3[r][c]), f"product cell {r},{c}"
    x, plain, merged, bent = (numbers(v) for v in shown.vectors)
    for out, how in ((plain, "plain"), (merged, "merged"), (bent, "tanh")):
        for k in range(len(out)):

            def through(v, k=k, how=how):
                xv = v[:n]
                ma = v[n : n + n * n].reshape(n, n)
                mb = v[n + n * n :].reshape(n, n)
                hidden = xv @ ma
                if how == "tanh":
                    hidden = np.tanh(hidden)
                return float((hidden @ mb)[k])

            assert agrees(through, x + a_cells + b_cells, out[k]), f"{how} vector {k}"
    return []


@pytest.mark.parametrize("moves", [(), ("d", "d", "d"), ("a",) * 25, ("n",), ("n", "n", "a")])
def test_activation_page_values_slopes_and_the_one_matrix(app, monkeypatch, moves):
    def prepare(page):
        page.x = 1.5
        for name in moves:
            app.press_key(name)

    shown, _ = show(app, monkeypatch, 3, prepare=prepare)
    check_all(shown, _activation_rule, _collapse_rule)


# -- page 4 --------------------------------------------------------------------------------------
@pytest.mark.parametrize("stage", range(5))
def test_forward_page_sums_and_bends(app, monkeypatch, stage):
    shown, page = show(app, monkeypatch, 4, stage)
    checked = check_all(shown)
    expected = {0: 0, 1: 4, 2: 4, 3: 3, 4: 3}[stage]
    assert len(checked) == expected, checked
    guess = [t for t in shown.texts if re.fullmatch(r"\d+%", t)]
    assert len(guess) == len(app.session.settings.digits)
    assert abs(sum(int(t[:-1]) for t in guess) - 100) <= len(guess) // 2 + 1  # rounding only


# -- page 5 --------------------------------------------------------------------------------------
def _circles(shown) -> list[str]:
    """The numbers written inside the small network's circles, column by column."""
    return [t for t in shown.texts if re.fullmatch(NUMBER, t)]


def _loss_rule(shown):
    squares = [t for t in shown.texts if t.startswith("output ") and "²" in t]
    assert len(squares) == 3
    terms = [t.split("= ")[-1] for t in squares]
    total = next(t for t in shown.texts if t.startswith("loss = sum of the three = "))
    assert agrees(lambda v: float(v.sum()), terms, total.split("= ")[-1]), total
    return [total]


def _gradient_rule(start_count: int):
    """The gradient matrix (× 1000) is start value × error signal at the end, for each weight:
    the start values are the circles of the first column shown, the error signals the
    equations' results."""

    def rule(shown):
        (label, cells), *_ = shown.matrices
        assert "1000" in label
        starts = _circles(shown)[:start_count]
        ends = [t.split("= ")[-1] for t in shown.texts if re.match(r"(output|hidden) \d+:  ", t)]
        assert len(cells) == len(starts) and len(cells[0]) == len(ends)
        for i, row in enumerate(cells):
            for j, cell in enumerate(row):
                ok = agrees(lambda v: float(v[0] * v[1] * 1000), [starts[i], ends[j]], cell)
                assert ok, f"gradient {i},{j}: {starts[i]} × {ends[j]} × 1000 is not {cell}"
        return []

    return rule


def _nudge_rule(shown):
    moved = next(t for t in shown.texts if "the loss goes from" in t)
    before, after = numbers(moved.split("goes from")[1])
    change_text = next(t for t in shown.texts if t.startswith("measured change"))
    change = numbers(change_text)[0]
    assert agrees(lambda v: float(v[1] - v[0]), [before, after], change), change_text
    steepest = next(t for t in shown.texts if "steepest gradient" in t)
    grad = numbers(steepest.split(":")[-1])[0]
    predicted_text = next(t for t in shown.texts if t.startswith("gradient × "))
    assert numbers(predicted_text.split(":")[1])[0] == grad
    predicted = float(predicted_text.split("= ")[1].split()[0])
    assert abs(float(change) - predicted) <= 0.1 * abs(predicted), "not nearly the same"
    return []


def _update_rule(shown):
    lines = [t for t in shown.texts if re.match(r"output \d+:  before", t)]
    assert len(lines) == 3
    parts = [numbers(t.split(":")[1]) for t in lines]  # before, after, target
    summary = next(t for t in shown.texts if t.startswith("loss before"))
    before, after = numbers(summary)
    for which, shown_loss in ((0, before), (1, after)):
        tokens = [p[which] for p in parts] + [p[2] for p in parts]
        assert agrees(lambda v: float(((v[:3] - v[3:]) ** 2).sum()), tokens, shown_loss), summary
    return []


@pytest.mark.parametrize("stage", range(5))
def test_backprop_page_equations(app, monkeypatch, stage):
    shown, page = show(app, monkeypatch, 5, stage)
    rules = {
        0: (_loss_rule,),
        1: (_gradient_rule(4),),
        2: (_gradient_rule(3),),
        3: (_nudge_rule,),
        4: (_update_rule,),
    }[stage]
    checked = check_all(shown, *rules)
    assert len(checked) == {0: 3, 1: 3, 2: 4, 3: 1, 4: 0}[stage], checked


def test_backprop_error_signals_match_the_hidden_layer_s_inputs(app, monkeypatch):
    """Stage 3's 'carried back' numbers are the stage 2 error signals through the weights."""
    shown, page = show(app, monkeypatch, 5, 1)
    deltas = [numbers(t.split("= ")[-1])[0] for t in shown.texts if t.startswith("output ")]
    shown3, _ = show(app, monkeypatch, 5, 2)
    hidden = [t for t in shown3.texts if t.startswith("hidden ")]
    w = page.net.weights[1]
    for j, line in enumerate(hidden):
        back = numbers(line.split(":")[1])[0]
        tokens = deltas
        assert agrees(lambda v, j=j: float(w[j] @ v), tokens, back), line


# -- page 6 --------------------------------------------------------------------------------------
@pytest.mark.parametrize("preset", range(4))
def test_learning_rate_page_step_line(app, monkeypatch, preset):
    def prepare(page):
        page.buttons[preset].action()
        page.clock = 3 * 0.35 + 0.01  # three steps in

    shown, _ = show(app, monkeypatch, 6, prepare=prepare)

    def step_rule(shown):
        rate = next(t for t in shown.texts if re.match(r"rate " + NUMBER + " on this bowl:", t))
        lr = numbers(rate)[0]
        line = next(t for t in shown.texts if re.match(r"step \d+:", t))
        w, slope, loss, move = numbers(line.split(":")[1])
        assert slope == w  # the bowl w²/2 has slope w
        assert agrees(lambda v: float(v[0] ** 2 / 2), [w], loss), line
        assert agrees(lambda v: float(-v[0] * v[1]), [lr, w], move), line
        return [line]

    check_all(shown, step_rule)


@pytest.mark.parametrize("preset", range(4))
def test_learning_rate_page_says_flew_off_only_when_the_ball_left(app, monkeypatch, preset):
    """At the end of each preset's path, 'flew off the chart' is shown exactly when the shown w
    or its loss is outside the chart's ranges (the converged ball sits on the frame's bottom)."""
    from playground.ui.explain.pages.learning_rate import LOSS_MAX, W_RANGE

    def prepare(page):
        page.buttons[preset].action()
        page.clock = 1e6  # the whole path shown

    shown, _ = show(app, monkeypatch, 6, prepare=prepare)
    line = next(t for t in shown.texts if re.match(r"step \d+:", t))
    w, _, loss, _ = (float(v) for v in numbers(line.split(":")[1]))
    off = not (W_RANGE[0] <= w <= W_RANGE[1] and loss <= LOSS_MAX)
    assert ("the ball flew off the chart" in shown.texts) == off, (line, shown.texts)
