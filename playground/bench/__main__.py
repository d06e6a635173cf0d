"""`python -m playground.bench`: the real loop, headless, timed per scene in a busy state.

Frame work is everything a frame does except waiting for the next one: events, training and
drawing (present, the flip, is shown apart). Beside wall time the benchmark reports the frame's
CPU time: on a shared machine another process can take the core mid-frame, which shows in wall
time but is not the app's doing. Timings live here and nowhere else; tests only check that
this runs. With --record the loop is paced at a real 60 fps while it records the window live
(as F9 does), so the encoder thread competes with the frame work exactly as it would for a
person recording a demo. After the scenes come training speed (a step alone, and fast speed in
the loop: bench_training), the edge picture's costs (bench_edges) and start-up time
(bench_startup); --fast, --edges and --startup run only those.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import resource
import sys
import tempfile
import time
from pathlib import Path

from playground.bench.probes import keep_busy, percentile, resident_mb
from playground.blas import limit_blas_threads

SCENES = ("train", "draw", "explain")
PHASES = ("events", "training", "drawing", "present")  # FrameTiming's fields, in frame order


def _machine() -> dict:
    import numpy as np
    import threadpoolctl

    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    blas = [
        f"{p.get('internal_api')} {p.get('version')} {p.get('architecture', '')} kernel "
        f"({p.get('num_threads')} thread)"
        for p in threadpoolctl.threadpool_info()
        if p.get("user_api") == "blas"
    ]
    coretype = os.environ.get("OPENBLAS_CORETYPE")
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "numpy": np.__version__,
        "blas": ", ".join(blas) or "unknown",
        **({"openblas_coretype": coretype} if coretype else {}),
    }


OWN_PER_DIGIT = 5  # own digits saved of each kind before timing, so their redraws are in play


def _save_own_digits(session) -> None:
    """Save OWN_PER_DIGIT pen-drawn digits of each kind (loops and hooks at different sizes),
    as a user who has taught the app their hand: every frame then trains on a share of them
    and makes fresh redraws of them. Done once per samples folder."""
    import numpy as np

    if session.user_paths:
        return
    rng = np.random.default_rng(0)
    session.say = lambda message: None  # fifty "saved a 7 as ..." lines: quiet while saving
    for digit in range(10):
        for _ in range(OWN_PER_DIGIT):
            t = np.linspace(0, (1 + digit / 5) * np.pi, 30)
            r = rng.uniform(4, 9)
            centre = rng.uniform(10, 18, 2)
            session.canvas.clear()
            points = np.stack([centre[0] + r * np.sin(t), centre[1] - r * np.cos(t) * 1.4], 1)
            session.canvas.draw_stroke(map(tuple, points.tolist()))
            session.label = digit
            session.save_sample()
    del session.say  # the method again


def _encoder_cpu() -> float:
    """CPU seconds used by finished child processes (the encoders) so far."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def bench_scene(
    scene: str, frames: int, samples_dir: Path, video: Path | None = None, page: int = 1
) -> dict:
    """Time `frames` busy frames of `scene` (at explain `page`); with `video`, paced at 60 fps
    and recorded live."""
    from playground.core.memory import freeze_long_lived, thaw
    from playground.core.session import Session
    from playground.core.settings import Settings
    from playground.ui.app import App
    from playground.ui.clock import FixedClock, RealClock

    thaw()  # the app of an earlier scene was frozen as App.run freezes: let it go...
    gc.collect()  # ...and free its cycles before this one's memory
    settings = Settings(digits=tuple(range(10)))
    session = Session(settings, samples_dir)
    _save_own_digits(session)
    app = App(session, scene=scene, clock=FixedClock())
    if scene == "explain":
        app.scene.set_page(page)
    session.running = True
    for frame in range(60):  # warm caches and the first validation pass
        keep_busy(app, scene, frame)
        app.step()
    freeze_long_lived()  # as App.run does once the app is up
    if video is not None:
        app.clock = RealClock()  # pace from now on: a live recording, as with F9
        encoder_cpu = _encoder_cpu()
        recorder = app.studio.start_recording(video)
    work, cpu, phases = [], [], {name: [] for name in PHASES}
    steps_before = session.trainer.steps
    start = time.perf_counter()
    for frame in range(frames):
        keep_busy(app, scene, frame)
        cpu_start = time.thread_time()
        app.step()
        cpu.append((time.thread_time() - cpu_start) * 1000)
        work.append(app.timing.total * 1000)
        for name, values in phases.items():
            values.append(getattr(app.timing, name) * 1000)
        if video is not None:
            app.clock.wait()
    wall = time.perf_counter() - start
    steps = session.trainer.steps - steps_before
    recording = {}
    if video is not None:
        app.studio.close()
        encoder_seconds = _encoder_cpu() - encoder_cpu
        recording = {
            "recorded_frames": recorder.frames,
            "dropped_frames": recorder.dropped,
            "encoder_cpu_fps": (
                round(recorder.frames / encoder_seconds, 1) if encoder_seconds > 0 else None
            ),
        }
    return {
        "scene": scene if scene != "explain" else f"explain {page}",
        "title": app.scene.page.title if scene == "explain" else app.scene.title,
        "frames": frames,
        "frame_ms": {str(q): round(percentile(work, q), 3) for q in (50, 95, 99)},
        "frame_ms_max": round(max(work), 3),
        "cpu_ms": {str(q): round(percentile(cpu, q), 3) for q in (50, 99)},
        "split_ms_mean": {name: round(sum(v) / len(v), 3) for name, v in phases.items()},
        "split_ms_p99": {name: round(percentile(v, 99), 3) for name, v in phases.items()},
        "train_step_ms_p50": round(
            percentile(phases["training"], 50) / settings.steps_per_frame, 3
        ),
        "steps_per_second": round(steps / wall, 1),
        "samples_per_second": round(steps * settings.batch / wall, 1),
        "resident_mb": round(resident_mb(), 1),
        "diverged": bool(session.trainer.diverged),
        **recording,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m playground.bench", description=__doc__)
    parser.add_argument("--scene", choices=SCENES, action="append", help="only these scenes")
    parser.add_argument("--frames", type=int, help="timed frames per scene (1200; --soak: 100,000)")
    parser.add_argument(
        "--soak", action="store_true", help="one long scripted session: memory and p99 drift"
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument(
        "--record", action="store_true", help="record live to MP4 while timing (paced at 60 fps)"
    )
    parser.add_argument(
        "--fast", action="store_true", help="only training speed: a step alone and fast speed"
    )
    parser.add_argument("--startup", action="store_true", help="only start-up time")
    parser.add_argument("--edges", action="store_true", help="only the edge picture's costs")
    args = parser.parse_args(argv)
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    os.environ["SDL_VIDEODRIVER"] = "dummy"
    os.environ["SDL_AUDIODRIVER"] = "dummy"
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    limit_blas_threads()
    if args.soak:
        from playground.bench.soak import SOAK_FRAMES, soak, soak_text

        with tempfile.TemporaryDirectory() as samples:
            result = soak(max(args.frames or SOAK_FRAMES, 1), Path(samples))
        print(json.dumps(result) if args.json else soak_text(result))
        return 0
    everything = not (args.scene or args.fast or args.startup or args.record or args.edges)
    report: dict = {"machine": _machine(), "resolution": [1280, 800]}
    if args.scene or args.record or everything:
        report["scenes"] = _bench_scenes(args.scene or SCENES, args.frames or 1200, args.record)
    if args.fast or everything:
        from playground.bench.training import training

        with tempfile.TemporaryDirectory() as samples:
            report["training"] = training(Path(samples))
    if args.edges or everything:
        from playground.bench.edges import edge_costs

        with tempfile.TemporaryDirectory() as samples:
            report["edges"] = edge_costs(Path(samples))
    if args.startup or everything:
        from playground.bench.startup import startup

        report["startup"] = startup()
    print(json.dumps(report) if args.json else _report_text(report, args.record))
    return 0


def _bench_scenes(scenes: list[str], frames: int, record: bool) -> list[dict]:
    """Every scene asked for; the explain scene once per page."""
    from playground.ui.explain import PAGE_COUNT

    runs = [(s, page) for s in scenes for page in range(1, PAGE_COUNT + 1 if s == "explain" else 2)]
    with tempfile.TemporaryDirectory() as samples, tempfile.TemporaryDirectory() as videos:
        _own_digits(Path(samples, "explain"))
        return [
            bench_scene(
                scene,
                max(frames, 1),
                Path(samples, "explain") if scene == "explain" else Path(samples),
                Path(videos, f"{scene}-{page}.mp4") if record else None,
                page,
            )
            for scene, page in runs
        ]


def _own_digits(folder: Path, per_digit: int = 5) -> None:
    """Saved digits for the explain pages, so the what-works page can run its experiment on
    'your' digits (starter digits stand in for a person's here)."""
    import numpy as np

    from playground.core.data.starter import load_starter
    from playground.files.store import SampleStore

    images, labels = load_starter()
    store = SampleStore(folder)
    for digit in range(10):
        for i in np.flatnonzero(labels == digit)[-per_digit:]:
            store.save(images[i], digit)


def _report_text(report: dict, record: bool) -> str:
    from playground.core.settings import Settings

    m, defaults = report["machine"], Settings()
    lines = [
        f"{m['cpu']}, {m['cores']} cores, Python {m['python']}, numpy {m['numpy']}, {m['blas']}"
        + (f", OPENBLAS_CORETYPE={m['openblas_coretype']}" if "openblas_coretype" in m else ""),
        f"1280x800, 784-16-16-16-k, {defaults.activation}, {defaults.loss}, batch "
        f"{defaults.batch}, one training step per frame, animations on,"
        f" {10 * OWN_PER_DIGIT} own digits in play (redrawn as it trains)",
    ]
    if record:
        lines.append("recording live to MP4 (H.264 ultrafast), paced at 60 fps")
    if "scenes" in report:
        lines += ["", "frame work in ms (wall; cpu = this thread's CPU time), split = mean ms"]
        lines.append(
            f"{'scene':10} {'p50':>6} {'p95':>6} {'p99':>6} {'max':>6} {'cpu50':>6} {'cpu99':>6}"
            f"  {'events':>6} {'train':>6} {'draw':>6} {'flip':>5} {'step ms':>8} {'MB':>5}"
        )
        for r in report["scenes"]:
            f, c, split = r["frame_ms"], r["cpu_ms"], r["split_ms_mean"]
            lines.append(
                f"{r['scene']:10} {f['50']:6.2f} {f['95']:6.2f} {f['99']:6.2f}"
                f" {r['frame_ms_max']:6.2f}"
                f" {c['50']:6.2f} {c['99']:6.2f}  {split['events']:6.2f} {split['training']:6.2f}"
                f" {split['drawing']:6.2f} {split['present']:5.2f}"
                f" {r['train_step_ms_p50']:8.3f} {r['resident_mb']:5.0f}  {r['title']}"
            )
            if record:
                lines.append(
                    f"{'':10} recorded {r['recorded_frames']} frames, dropped "
                    f"{r['dropped_frames']}, encoder {r['encoder_cpu_fps']} frames per CPU second"
                )
    if "training" in report:
        from playground.bench.training import training_text

        lines += ["", *training_text(report["training"])]
    if "edges" in report:
        from playground.bench.edges import edges_text

        lines += ["", *edges_text(report["edges"])]
    if "startup" in report:
        from playground.bench.startup import startup_text

        lines += ["", *startup_text(report["startup"])]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
