"""Training speed for `python -m playground.bench`: one step alone, and fast speed in the loop.

Two questions with different answers. Alone, a step is measured as the network does it (random
inputs, BLAS on one thread and on its default threads) and as the trainer does it (minibatch
gather, history, validation every `val_every` steps), so the trainer's own overhead shows.
In the loop, fast speed asks how many samples a second the app can train while every frame
still fits: the train scene runs with animations on at rising steps per frame, and the largest
count whose frame-work p99 stays within FAST_P99_MS wins. The p99 judged is the frame's CPU
time, which on a quiet machine is its wall time, and on a shared one leaves out the time other
processes took the core (the wall p99 is reported beside it). The app's own fast speed (the train
scene's Pace, which fits steps to a training-time budget as it runs) is measured beside it.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

from playground.bench.probes import keep_busy, percentile

SIZES = (784, 16, 16, 16, 10)
STEP_BATCHES = (1, 16, 32, 128)
FAST_P99_MS = 12.0  # frame work allowed at fast speed: 60 fps with room for the flip and jitter
FAST_BATCHES = (16, 128)
FRAME_MS = 1000 / 60  # a frame whose work passes this would drop the frame rate below 60
FAST_FRAMES = 240  # frames timed per steps-per-frame trial
FAST_MOST = 1000  # the steps_per_frame setting's own limit


def _per_call_us(call, calls: int, rounds: int = 7) -> tuple[float, float]:
    """(median, best) over `rounds` of the mean time of `calls` calls, in microseconds.
    The best round is the machine's own speed; the median shows what sharing it costs."""
    call()
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        for _ in range(calls):
            call()
        times.append((time.perf_counter() - start) / calls * 1e6)
    times.sort()
    return round(times[len(times) // 2], 1), round(times[0], 1)


def network_steps(
    threads: int | None, calls: int = 2000, traced: bool = True
) -> dict[int, tuple[float, float]]:
    """Microseconds per `Network.train_step` (or, not `traced`, `train_step_untraced`: fast
    speed's steps but a frame's last) of 784-16-16-16-10 per batch size, with the app's default
    activation and loss and BLAS limited to `threads` (None: its default)."""
    from threadpoolctl import threadpool_limits

    from playground.core.nn import Network
    from playground.core.settings import Settings

    rng = np.random.default_rng(0)
    out = {}
    with threadpool_limits(threads, "blas"):
        for batch in STEP_BATCHES:
            net = Network(SIZES, Settings.activation, Settings.loss, 0)
            step = net.train_step if traced else net.train_step_untraced
            x = (rng.random((batch, SIZES[0])) < 0.2).astype(np.float32)  # digit-like: 80% 0
            y = np.eye(SIZES[-1], dtype=np.float32)[rng.integers(0, SIZES[-1], batch)]
            out[batch] = _per_call_us(lambda s=step, x=x, y=y: s(x, y, 0.01), calls)
    return out


def trainer_step(batch: int, samples_dir: Path, calls: int = 2000) -> dict:
    """Microseconds per `Trainer.step` on the starter set, all ten digits: with validation
    every `val_every` steps as in the app (spread over the steps), and without it (what the
    minibatch gather and the history add to the network's step)."""
    from playground.core.session import Session
    from playground.core.settings import Settings

    out = {}
    for label, val_every in (("with_validation", Settings.val_every), ("without", 10**5)):
        settings = Settings(digits=tuple(range(10)), batch=batch, val_every=val_every)
        out[label] = _per_call_us(Session(settings, samples_dir).trainer.step, calls)
    return out


def _fast_trial(app, steps: int, frames: int) -> dict:
    session = app.session
    session.set("steps_per_frame", str(steps))
    for frame in range(30):  # let the picture and the caches settle at this speed
        keep_busy(app, "train", frame)
        app.step()
    work, cpu = [], []
    seen = session.trainer.samples_seen
    for frame in range(frames):
        keep_busy(app, "train", frame)
        start = time.thread_time()
        app.step()
        cpu.append((time.thread_time() - start) * 1000)
        work.append(app.timing.total * 1000)
    samples = session.trainer.samples_seen - seen
    return {
        "steps_per_frame": steps,
        "p50_ms": round(percentile(work, 50), 2),
        "p99_ms": round(percentile(work, 99), 2),
        "cpu_p99_ms": round(percentile(cpu, 99), 2),
        "samples_per_second_at_60fps": round(samples / frames * 60),
    }


def _train_app(batch: int, samples_dir: Path):
    """The train scene on 0-9, training, its first frame drawn and its objects frozen as
    App.run leaves them (those of the app made before it are let go first)."""
    from playground.core.memory import freeze_long_lived, thaw
    from playground.core.session import Session
    from playground.core.settings import Settings
    from playground.ui.app import App
    from playground.ui.clock import FixedClock

    thaw()
    session = Session(Settings(digits=tuple(range(10)), batch=batch), samples_dir)
    app = App(session, scene="train", clock=FixedClock())
    session.running = True
    app.step()
    freeze_long_lived()
    return app


def largest_fitting(fits: Callable[[int], bool], most: int = FAST_MOST) -> int:
    """The largest n in 1..most for which `fits(n)` holds (fits must only turn false as n
    grows), to within an eighth: doubling from 8, then halving the gap. 0 if not even 1 fits."""
    low, high = 0, 8
    while high <= most and fits(high):
        low, high = high, high * 2
    high = min(high, most + 1)
    while high - low > max(1, low // 8):
        middle = (low + high) // 2
        low, high = (middle, high) if fits(middle) else (low, middle)
    return low


def fast_sweep(batch: int, samples_dir: Path, frames: int = FAST_FRAMES) -> dict:
    """The most steps per frame whose p99 frame work stays within FAST_P99_MS, with every
    trial; samples per second assume a steady 60 fps."""
    app = _train_app(batch, samples_dir)
    app.scene.pace.measure = lambda *_: None  # hold each trial's count: no automatic pacing
    trials = {}

    def fits(steps: int) -> bool:
        trials[steps] = _fast_trial(app, steps, frames)
        return trials[steps]["cpu_p99_ms"] <= FAST_P99_MS

    best = largest_fitting(fits)
    return {"batch": batch, "best": trials.get(best), "trials": list(trials.values())}


def app_fast_speed(batch: int, samples_dir: Path, frames: int = 600) -> dict:
    """The train scene's own fast speed, left to pick its steps per frame as it does for a
    person: what it settles on, its frame work, and the samples it trains per second."""
    app = _train_app(batch, samples_dir)
    app.scene.pace.adaptive = True  # as under the real clock: fit the steps to the budget
    app.scene.pace.set("fast")
    for frame in range(120):  # Pace measures and adjusts while this runs
        keep_busy(app, "train", frame)
        app.step()
    work, seen = [], app.session.trainer.samples_seen
    chosen = []
    for frame in range(frames):
        keep_busy(app, "train", frame)
        app.step()
        work.append(app.timing.total * 1000)
        chosen.append(app.session.settings.steps_per_frame)
    return {
        "batch": batch,
        "steps_per_frame_median": int(np.median(chosen)),
        "p50_ms": round(percentile(work, 50), 2),
        "p99_ms": round(percentile(work, 99), 2),
        "max_ms": round(max(work), 2),
        "frames_over_16_7_ms": sum(w > FRAME_MS for w in work),
        "frames": frames,
        "samples_per_second_at_60fps": round(
            (app.session.trainer.samples_seen - seen) / frames * 60
        ),
    }


def training(samples_dir: Path) -> dict:
    """Everything above, for the benchmark's report."""
    return {
        "network_step_us_one_thread": network_steps(1),
        "network_step_us_default_threads": network_steps(None, calls=200),
        "network_step_us_untraced": network_steps(1, traced=False),
        "trainer_step_us_batch_16": trainer_step(16, samples_dir),
        "trainer_step_us_batch_32": trainer_step(32, samples_dir),
        "fast_sweep": [fast_sweep(batch, samples_dir) for batch in FAST_BATCHES],
        "app_fast_speed": [app_fast_speed(batch, samples_dir) for batch in FAST_BATCHES],
    }


def training_text(r: dict) -> list[str]:
    one, default = r["network_step_us_one_thread"], r["network_step_us_default_threads"]
    lines = ["one training step, 784-16-16-16-10, us (median of 7 rounds / best round)"]
    lines.append(f"{'batch':>24} " + " ".join(f"{b:>13}" for b in one))
    rows = [("network, 1 BLAS thread", one), ("default BLAS threads", default)]
    rows.append(("untraced, 1 BLAS thread", r["network_step_us_untraced"]))
    for label, row in rows:
        lines.append(f"{label:>24} " + " ".join(f"{m:6.1f} /{b:6.1f}" for m, b in row.values()))
    for batch in (16, 32):
        both = r[f"trainer_step_us_batch_{batch}"]
        (median, best), (bare, bare_best) = both["with_validation"], both["without"]
        lines.append(
            f"trainer step, batch {batch}: {median:.1f} / {best:.1f} us with validation every "
            f"50 steps, {bare:.1f} / {bare_best:.1f} us without (gather and history)"
        )
    lines += ["", f"fast speed: most steps per frame with frame-work p99 <= {FAST_P99_MS} ms (CPU)"]
    for sweep in r["fast_sweep"]:
        tried = ", ".join(f"{t['steps_per_frame']}:{t['cpu_p99_ms']}" for t in sweep["trials"])
        best = sweep["best"]
        found = (
            f"{best['steps_per_frame']} steps/frame, p99 {best['cpu_p99_ms']} ms CPU "
            f"({best['p99_ms']} wall), "
            f"{best['samples_per_second_at_60fps']:,} samples/s at 60 fps"
            if best
            else "nothing fits"
        )
        lines.append(f"  batch {sweep['batch']:>3}: {found}  (steps:p99 tried {tried})")
    lines.append("the train scene's own fast speed (Pace picks steps per frame as it runs)")
    for a in r["app_fast_speed"]:
        lines.append(
            f"  batch {a['batch']:>3}: ~{a['steps_per_frame_median']} steps/frame, frame work p50 "
            f"{a['p50_ms']} ms, p99 {a['p99_ms']} ms, max {a['max_ms']} ms, "
            f"{a['frames_over_16_7_ms']} of {a['frames']} frames over 16.7 ms; "
            f"{a['samples_per_second_at_60fps']:,} samples/s at 60 fps"
        )
    return lines
