"""Other hands' styles: a flag on a 1, a short-stemmed 4, a bar across a 7, a curl or hook at the
end of a 9's tail."""

import numpy as np

from playground.core.data.hand_styles import (
    STYLES,
    cross_the_seven,
    curl_the_nine,
    flag_the_one,
    restyle,
    short_stem_four,
    small_loop_nine,
)
from playground.core.data.restroke import restroke
from playground.core.data.starter import load_starter


def _line(x0: float, y0: float, x1: float, y1: float, n: int = 12) -> np.ndarray:
    return np.linspace((x0, y0), (x1, y1), n).astype(np.float32)


BAR = [_line(14, 4, 14, 24)]  # a bare 1: a vertical bar 20 units tall
SEVEN = [np.concatenate([_line(8, 4, 20, 4), _line(20, 4, 12, 24)[1:]])]
NINE = [
    np.concatenate(
        [
            np.stack([14 + 5 * np.cos(t), 9 + 5 * np.sin(t)], axis=1).astype(np.float32)
            for t in [np.linspace(0, 2 * np.pi, 24)]
        ]
        + [_line(19, 9, 18, 24)]
    )
]


def test_a_flag_runs_from_down_left_up_to_the_top_of_the_one() -> None:
    for seed in range(20):
        strokes = flag_the_one(BAR, np.random.default_rng(seed))
        flag = strokes[0]
        assert np.allclose(flag[-1], (14, 4))  # ends where the bar begins
        start = flag[0]  # starts left of the bar and lower, at least 0.3 of its height away
        assert start[0] < 14 - 1 and start[1] > 4 + 1 and np.hypot(*(start - (14, 4))) > 5.9
        assert all(
            np.array_equal(a, b) for a, b in zip(strokes[1 : 1 + len(BAR)], BAR, strict=True)
        )
        for foot in strokes[2:]:  # a foot, when there is one, lies flat across the bottom
            assert np.allclose(foot[:, 1], 24) and foot[0][0] < 14 < foot[-1][0]


def test_a_cross_stroke_runs_flat_across_the_sevens_stem() -> None:
    strokes = cross_the_seven(SEVEN, np.random.default_rng(0))
    assert len(strokes) == 2 and np.array_equal(strokes[0], SEVEN[0])
    bar = strokes[1]
    assert abs(bar[0][1] - bar[-1][1]) < 2.5 and 10 < bar[:, 1].mean() < 21
    stem_x = 20 - 8 * (bar[:, 1].mean() - 4) / 20
    assert bar[0][0] < stem_x < bar[-1][0]


def test_a_curl_or_hook_carries_the_nines_tail_on_to_the_left() -> None:
    flat_feet = 0
    for seed in range(40):
        strokes = curl_the_nine(NINE, np.random.default_rng(seed))
        assert len(strokes) == 1
        tail = strokes[0]
        assert np.array_equal(tail[: len(NINE[0])], NINE[0])  # the nine is still all there
        curl = tail[len(NINE[0]) :]
        assert curl[-1][0] < 18 - 2  # ends left of where the tail ended
        steps = np.diff(curl[-6:], axis=0)  # a hook ends in a straight run to the left
        headings = np.degrees(np.arctan2(steps[:, 1], steps[:, 0])) % 360
        straight = np.ptp(headings) < 1
        flat_feet += bool(straight and 140 < headings.mean() < 230)
    assert 10 < flat_feet < 35  # hooks and soft curls both occur


def test_a_short_stemmed_four_keeps_the_digits_box_and_its_stem_below_the_bar() -> None:
    four = [np.concatenate([_line(12, 4, 8, 16), _line(8, 16, 18, 16)[1:]]), _line(16, 4, 16, 24)]
    for seed in range(20):
        upright_and_bar, stem = short_stem_four(four, np.random.default_rng(seed))
        bar_y = upright_and_bar[-1][1]
        assert np.isclose(upright_and_bar[0][1], 4)  # the upright starts at the top...
        assert 4 + 0.5 * 20 < bar_y < 4 + 0.8 * 20  # ...the bar sits low...
        assert bar_y - 0.25 * 20 < stem[0][1] < bar_y + 0.06 * 20  # ...the stem starts near it
        assert np.isclose(stem[-1][1], 24) and 8 <= stem[-1][0] < 8 + 0.7 * 20


def test_a_small_loop_nine_is_one_stroke_loop_on_top_then_a_foot_to_the_left() -> None:
    for seed in range(20):
        (stroke,) = small_loop_nine(NINE, np.random.default_rng(seed))
        loop, tip = stroke[:17], stroke[16 + 7]  # 17 points round the loop, 7 down the stem
        assert np.allclose(loop[0], loop[-1]) and loop[:, 1].max() <= 4 + 0.46 * 20
        assert 4 + 0.69 * 20 < tip[1] < 4 + 0.86 * 20
        assert stroke[-1][0] < tip[0] - 0.3 * 20 * 0.5  # the foot runs left of the stem


def test_restyle_keeps_other_digits_and_their_random_stream() -> None:
    rng = np.random.default_rng(3)
    for label in (0, 2, 3, 5, 6, 8):
        assert restyle(BAR, label, rng) is BAR
    assert rng.uniform() == np.random.default_rng(3).uniform()
    shares = [share for _, share in STYLES.values()]
    assert all(0 < share < 1 for share in shares)  # some of each digit keep MNIST's style
    styled = sum(restyle(BAR, 1, rng) is not BAR for _ in range(400))
    assert 0.2 * 400 < styled < 0.9 * 400


def test_styled_twins_are_deterministic_and_change_only_the_styled_digits() -> None:
    images, labels = load_starter()
    pick = np.concatenate([np.flatnonzero(labels == d)[:4] for d in (1, 2, 4, 7, 9)])
    plain = restroke(images[pick], seed=5)
    styled = restroke(images[pick], seed=5, labels=labels[pick])
    assert np.array_equal(styled, restroke(images[pick], seed=5, labels=labels[pick]))
    twos = labels[pick] == 2
    assert np.array_equal(styled[twos], plain[twos])
    assert not np.array_equal(styled[~twos], plain[~twos])
