"""Chart arithmetic: axes that end on round numbers, labels of earlier runs that never collide."""

from playground.render.charts import nice_ceiling, stack_labels


def test_nice_ceiling_rounds_axes_up_to_1_2_5():
    assert [nice_ceiling(v) for v in (0.23, 0.26, 0.9, 3, 7, 11)] == [0.5, 0.5, 1, 5, 10, 20]
    assert nice_ceiling(float("nan")) == 1.0 and nice_ceiling(0) == 1.0


def test_stacked_labels_never_overlap_and_stay_in_the_box():
    box = (40, 48, 250, 130)  # x 40..290, y 48..178
    wanted = [(185, 280, 60, 15), (178, 280, 70, 15), (50, 10, 40, 15), (178, 280, 50, 15)]
    spots = stack_labels(wanted, box)
    rects = [(r - w, b - h, w, h) for (r, b), (_, _, w, h) in zip(spots, wanted, strict=True)]
    for i, (x, y, w, h) in enumerate(rects):
        assert x >= 40 and x + w <= 290 and y >= 48 and y + h <= 178
        for _, other_y, _, other_h in rects[i + 1 :]:
            assert y + h <= other_y or other_y + other_h <= y  # stacked, one above the other
    assert spots[2] == (80, 63)  # wanted the top left corner: pushed just inside


def test_a_label_with_room_stays_where_it_asked():
    assert stack_labels([(100, 200, 50, 12)], (0, 0, 300, 200)) == [(200, 100)]
