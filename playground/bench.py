"""`python -m playground.bench`: the real loop, headless, timed per scene in a busy state.

Frame work is everything a frame does except waiting for the next one: events, training and
drawing. Timings live here and nowhere else; tests only check that this runs. With --record the
loop is paced at a real 60 fps while it records the window live (as F9 does), so the encoder
thread competes with the frame work exactly as it would for a person recording a demo.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import resource
import sys
import tempfile
import time
from pathlib import Path

SCENES = ("train", "draw", "explain")


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
        f"{p.get('internal_api')} {p.get('version')} ({p.get('num_threads')} thread)"
        for p in threadpoolctl.threadpool_info()
        if p.get("user_api") == "blas"
    ]
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "numpy": np.__version__,
        "blas": ", ".join(blas) or "unknown",
    }


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, math.ceil(q / 100 * len(ordered)) - 1))
    return ordered[index]


def _busy(app, scene: str, frame: int) -> None:
    """Keep the scene as busy as a person would: the draw scene gets a stroke in progress."""
    if scene != "draw":
        return
    canvas = app.session.canvas
    t = frame % 120
    x, y = 14 + 8 * math.cos(t / 19), 14 + 9 * math.sin(t / 13)
    if t == 0:
        canvas.clear()
        canvas.begin_stroke(x, y)
    else:
        canvas.extend_stroke(x, y)


def _encoder_cpu() -> float:
    """CPU seconds used by finished child processes (the encoders) so far."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def bench_scene(scene: str, frames: int, samples_dir: Path, video: Path | None = None) -> dict:
    """Time `frames` busy frames of `scene`; with `video`, paced at 60 fps and recorded live."""
    from playground.app import App
    from playground.clock import FixedClock, RealClock
    from playground.config import Settings
    from playground.session import Session

    settings = Settings(digits=tuple(range(10)))
    session = Session(settings, samples_dir)
    app = App(session, scene=scene, clock=FixedClock())
    session.running = True
    for frame in range(60):  # warm caches and the first validation pass
        _busy(app, scene, frame)
        app.step()
    if video is not None:
        app.clock = RealClock()  # pace from now on: a live recording, as with F9
        encoder_cpu = _encoder_cpu()
        recorder = app.studio.start_recording(video)
    work, training = [], []
    steps_before = session.trainer.steps
    start = time.perf_counter()
    for frame in range(frames):
        _busy(app, scene, frame)
        app.step()
        work.append(app.timing.total * 1000)
        training.append(app.timing.training * 1000)
        if video is not None:
            app.clock.wait()
    wall = time.perf_counter() - start
    steps = session.trainer.steps - steps_before
    recording = {}
    if video is not None:
        app.studio.close()
        cpu = _encoder_cpu() - encoder_cpu
        recording = {
            "recorded_frames": recorder.frames,
            "dropped_frames": recorder.dropped,
            "encoder_cpu_fps": round(recorder.frames / cpu, 1) if cpu > 0 else None,
        }
    return {
        "scene": scene,
        "frames": frames,
        "frame_ms": {q: round(_percentile(work, q), 3) for q in (50, 95, 99)},
        "frame_ms_max": round(max(work), 3),
        "train_step_ms_p50": round(_percentile(training, 50) / settings.steps_per_frame, 3),
        "steps_per_second": round(steps / wall, 1),
        "samples_per_second": round(steps * settings.batch / wall, 1),
        "diverged": bool(session.trainer.diverged),
        **recording,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m playground.bench", description=__doc__)
    parser.add_argument("--scene", choices=SCENES, action="append", help="only these scenes")
    parser.add_argument("--frames", type=int, default=1200, help="timed frames per scene")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument(
        "--record", action="store_true", help="record live to MP4 while timing (paced at 60 fps)"
    )
    args = parser.parse_args(argv)
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    os.environ["SDL_VIDEODRIVER"] = "dummy"
    os.environ["SDL_AUDIODRIVER"] = "dummy"
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    with tempfile.TemporaryDirectory() as samples, tempfile.TemporaryDirectory() as videos:
        results = [
            bench_scene(
                s,
                max(args.frames, 1),
                Path(samples),
                Path(videos, f"{s}.mp4") if args.record else None,
            )
            for s in args.scene or SCENES
        ]
    report = {"machine": _machine(), "resolution": [1280, 800], "scenes": results}
    if args.json:
        print(json.dumps(report))
        return 0
    m = report["machine"]
    print(f"{m['cpu']}, {m['cores']} cores, Python {m['python']}, numpy {m['numpy']}, {m['blas']}")
    print("1280x800, 784-16-16-16-10, one training step per frame, animations on")
    print("recording live to MP4 (H.264 ultrafast), paced at 60 fps\n" if args.record else "")
    print(
        f"{'scene':8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'max ms':>8} "
        f"{'step ms':>8} {'steps/s':>9}"
    )
    for r in results:
        f = r["frame_ms"]
        print(
            f"{r['scene']:8} {f[50]:8.2f} {f[95]:8.2f} {f[99]:8.2f} {r['frame_ms_max']:8.2f} "
            f"{r['train_step_ms_p50']:8.3f} {r['steps_per_second']:9.0f}"
        )
        if args.record:
            print(
                f"{'':8} recorded {r['recorded_frames']} frames, dropped {r['dropped_frames']}, "
                f"encoder {r['encoder_cpu_fps']} frames per CPU second"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
