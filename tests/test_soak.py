"""A short soak: the benchmark's scripted session (drawing, saving, deleting, scene changes,
training, animations) for a couple of thousand frames, checked for errors and for leaks.

The full soak (`python -m playground.bench --soak`, 100,000 frames) is too long for the suite;
timings are the benchmark's business, so nothing here measures speed.
"""

from playground.bench.soak import soak

FRAMES = 2000
CYCLE = 600  # a round of draw, train and explain scenes: 200 frames each


def test_short_soak_runs_clean_and_does_not_leak(samples_dir):
    result = soak(FRAMES, samples_dir, cycle=CYCLE)
    assert result["frames"] == FRAMES
    assert result["steps"] >= FRAMES - 10  # training ran all along (one step a frame)
    assert result["restarts"] == 0  # the default settings never diverge
    saved = sorted(samples_dir.rglob("*.png"))
    assert result["samples_kept"] == len(saved) > 0
    assert result["python_objects_growth"] < 2000  # objects piling up would be a leak
    # freed memory glibc keeps for reuse is not a leak: measure what is still in use
    growth = result["live_growth_mb"]
    assert (result["rss_growth_mb"] if growth is None else growth) < 20
