"""`python -m playground.bench --soak`: a long scripted session, checked for leaks and slow-down.

A classroom runs the app for hours: drawing, saving and deleting samples, switching scenes, with
training and its animations on all the time. The soak plays such a session headless on a fixed
clock (default 100,000 frames, about 28 minutes of app time) and reports resident memory after
a warm-up and at the end, and frame work p99 of the first and the last minute (3600 frames), so
growth or drift shows as two numbers that should match. The warm-up lasts until the session
holds all it will hold: the samples kept have reached SOAK_KEEP (about five rounds) and every
explain page has been shown (two rounds, four pages a round); both memory readings are taken
where a round begins, so they compare the same moment of the session.
"""

from __future__ import annotations

import ctypes
import gc
import math
import time
from pathlib import Path

from playground.bench.probes import percentile, resident_mb

SOAK_FRAMES = 100_000
SOAK_CYCLE = 3 * 1200  # frames in the soak's round of draw, train and explain scenes
SOAK_KEEP = 60  # the soak deletes its oldest sample beyond this many
PAGE_FRAMES = 300  # frames each explain page is shown
SOAK_PAGES = 7  # explain pages the soak steps through


def _release_freed_heap() -> bool:
    """Hand memory that is freed but still held by glibc's heap back to the system.

    Every saved sample rebuilds the training set (tens of MB) and glibc keeps such freed
    blocks for reuse, so resident memory creeps up without a leak. Measuring after a trim
    tells the two apart; False where the C library has no malloc_trim."""
    try:
        ctypes.CDLL(None).malloc_trim(0)
    except (OSError, AttributeError):
        return False
    return True


def _soak_script(app, frame: int, cycle: int) -> None:
    """A person's afternoon, repeating every `cycle` frames: draw and save digits (deleting
    the oldest beyond SOAK_KEEP), watch training, step through the explain pages."""
    import pygame

    t = frame % cycle
    scene = ("draw", "train", "explain")[t * 3 // cycle]
    if app.scene.name != scene:
        app.request_scene(scene)
    if scene == "explain" and t % PAGE_FRAMES == 0:
        app.press_key("right")
    if scene != "draw":
        return
    box, stroke = app.scenes["draw"].canvas_rect, t % 90
    angle = frame / 7
    size = 0.16 + 0.02 * (frame // 90 % 8)  # each drawing its own size: a copy is not saved
    pos = (
        box.centerx + int(box.w * size * math.cos(angle)),
        box.centery + int(box.h * 0.3 * math.sin(angle / 2)),
    )
    post = pygame.event.post
    if stroke == 0:
        post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=pos, button=1, touch=False))
    elif stroke < 60:
        held = (True, False, False)
        post(pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(0, 0), buttons=held, touch=False))
    elif stroke == 60:
        post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=pos, button=1, touch=False))
        app.press_key(
            str(app.session.settings.digits[frame // 90 % len(app.session.settings.digits)])
        )
    elif stroke == 62:
        app.press_key("return")
        session = app.session
        if len(session.user_paths) >= SOAK_KEEP:
            session.delete_sample(min(session.user_paths, key=lambda path: path.name))
    elif stroke == 64:
        app.press_key("c")


def soak(frames: int, samples_dir: Path, cycle: int = SOAK_CYCLE) -> dict:
    """Run `frames` frames of a scripted session with training on. Memory is measured at the
    warm-up's end and at the last round's start after it (see the module's docstring; a run
    too short for that measures at its middle and its end); frame work in the first and the
    last minute (3600 frames, or a tenth of a short run)."""
    from playground.core.memory import freeze_long_lived
    from playground.core.session import Session
    from playground.core.settings import Settings
    from playground.ui.app import App
    from playground.ui.clock import FixedClock

    session = Session(Settings(), samples_dir)
    app = App(session, scene="draw", clock=FixedClock())
    session.running = True
    app.step()
    freeze_long_lived()  # as App.run does once the app is up
    window = min(3600, max(frames // 10, 1))
    pages_seen = math.ceil(SOAK_PAGES / max(1, cycle // 3 // PAGE_FRAMES)) * cycle
    warm_up, end = frames // 2, frames
    work, cpu, restarts, rss_warm, objects_warm = [], [], 0, 0.0, 0
    start = time.perf_counter()
    for frame in range(frames):
        at_round = frame % cycle == 0 and frame > 0
        full = len(session.user_paths) >= SOAK_KEEP and frame >= pages_seen
        if at_round and full and not rss_warm and frame + cycle <= frames:
            warm_up = frame  # the session holds all it will: measure here, the end a round on
            end = frames - (frames - frame) % cycle
        if frame == warm_up:
            gc.collect()
            rss_warm, objects_warm = resident_mb(), len(gc.get_objects())
            trimmed = _release_freed_heap()
            live_warm = resident_mb()
        if frame == end:
            break
        _soak_script(app, frame, cycle)
        cpu_start = time.thread_time()
        app.step()
        cpu.append((time.thread_time() - cpu_start) * 1000)  # CPU: robust to a busy machine
        work.append(app.timing.total * 1000)
        if not session.running:  # divergence or a missing digit stopped it: start afresh
            restarts += 1
            session.reset()
            session.running = True
    gc.collect()
    rss_end = resident_mb()
    _release_freed_heap()
    live_end = resident_mb()
    return {
        "frames": len(work),
        "wall_s": round(time.perf_counter() - start, 1),
        "steps": session.trainer.steps,
        "restarts": restarts,
        "samples_kept": len(session.user_paths),
        "warmup_frames": warm_up,
        "rss_mb_after_warmup": round(rss_warm, 1),
        "rss_mb_end": round(rss_end, 1),
        "rss_growth_mb": round(rss_end - rss_warm, 1),
        "live_mb_after_warmup": round(live_warm, 1) if trimmed else None,
        "live_mb_end": round(live_end, 1) if trimmed else None,
        "live_growth_mb": round(live_end - live_warm, 1) if trimmed else None,
        "python_objects_growth": len(gc.get_objects()) - objects_warm,
        "p99_ms_first": round(percentile(work[:window], 99), 3),
        "p99_ms_last": round(percentile(work[-window:], 99), 3),
        "cpu_p99_ms_first": round(percentile(cpu[:window], 99), 3),
        "cpu_p99_ms_last": round(percentile(cpu[-window:], 99), 3),
        "window_frames": window,
    }


def soak_text(r: dict) -> str:
    """The soak's figures as a few lines for a person."""
    return "\n".join(
        (
            f"soak: {r['frames']:,} frames in {r['wall_s']} s, {r['steps']:,} training steps, "
            f"{r['restarts']} restarts, {r['samples_kept']} samples kept",
            f"resident memory: {r['rss_mb_after_warmup']} MB after {r['warmup_frames']:,} frames, "
            f"{r['rss_mb_end']} MB "
            f"at the end ({r['rss_growth_mb']:+} MB; {r['python_objects_growth']:+,} objects)",
            f"in use once freed heap is returned (malloc_trim): {r['live_mb_after_warmup']} MB "
            f"after warm-up, {r['live_mb_end']} MB at the end ({r['live_growth_mb']} MB)",
            f"frame work p99: {r['p99_ms_first']} ms in the first {r['window_frames']} frames, "
            f"{r['p99_ms_last']} ms in the last (CPU time of a whole frame: "
            f"{r['cpu_p99_ms_first']} ms and {r['cpu_p99_ms_last']} ms)",
        )
    )
