"""The benchmark's own parts: the fast-speed search, step timings, edge costs, start-up time.

Only that they run and report sane shapes; the figures themselves belong in the benchmark's
output, never in a test.
"""

from playground.bench.startup import startup
from playground.bench.training import STEP_BATCHES, largest_fitting, network_steps


def test_largest_fitting_finds_the_limit_to_within_an_eighth():
    for limit in (0, 1, 5, 8, 100, 333, 1000, 5000):
        asked = []

        def fits(n, limit=limit, asked=asked):
            asked.append(n)
            return n <= limit

        found = largest_fitting(fits, most=1000)
        assert max(asked) <= 1000
        assert found <= min(limit, 1000)
        assert found >= min(limit, 1000) * 7 / 8
        assert found == 0 or fits(found)


def test_network_steps_time_each_batch_size():
    timings = network_steps(1, calls=2)
    assert set(timings) == set(STEP_BATCHES)
    for median, best in timings.values():
        assert 0 < best <= median


def test_startup_reports_the_time_to_the_first_frame_and_its_parts():
    result = startup(runs=1)
    assert result["seconds_best"] > 0
    assert result["split_ms"]["first frame"] > 0
    assert set(result["split_ms"]) >= {"numpy", "pygame", "starter preprocessing"}


def test_edge_costs_time_a_layer_switch_and_both_re_bakes(tmp_path):
    from playground.bench.edges import LAYERS, edge_costs, edges_text

    rows = edge_costs(tmp_path)
    assert [r["layers"] for r in rows] == list(LAYERS)
    for r in rows:
        assert min(r["first_frame_s"], r["rebake_warm_s"], r["rebake_cold_s"]) >= 0
    assert len(edges_text(rows)) == 2 + len(rows)
