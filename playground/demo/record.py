"""Video writer: frames go from the loop to ffmpeg (H.264, yuv420p, 60 fps) on a writer thread.

Why a thread and a bounded queue: encoding a 1280x800 frame costs about 7 ms of CPU even with
x264's ultrafast preset (one encoder thread: ~150 frames per CPU second, 0.4 of a core at 60 fps),
so the loop only copies the surface's raw bytes (~0.3 ms) and hands them over. Live, a full queue
means the encoder has fallen behind: the frame is dropped and counted instead of stalling the
window or piling frames up in memory. Offline (a script rendered headless) every frame matters
more than speed, so the loop waits for room instead.

Files appear atomically: ffmpeg writes a hidden partial file beside the target, which replaces
the target only once the encoder has finished cleanly. A `.gif` target is recorded as MP4 first
and then converted with a palette pass (palettegen + paletteuse) so flat colours stay clean.
Imported only when recording starts, so the app never loads ffmpeg otherwise.
"""

from __future__ import annotations

import contextlib
import os
import queue
import re
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import imageio_ffmpeg
import numpy as np
import pygame

from playground.core.settings import FPS, VIDEO_SUFFIXES

LIVE_QUEUE_BYTES = 64 * 2**20  # 16 frames at 1280x800: ~270 ms of slack before frames drop
OFFLINE_QUEUE = 4  # frames
GIF_FPS = 30
GIF_MAX_WIDTH = 800
POLL = 0.05  # seconds the writer waits for a frame before checking whether to stop


class RecordError(Exception):
    """Recording could not start or the encoder failed; the message is one line."""


def even_size(size: tuple[int, int]) -> tuple[int, int]:
    """The video size for a window: each side rounded down to even (yuv420p needs it)."""
    return size[0] - size[0] % 2, size[1] - size[1] % 2


def _pixel_format(surface: pygame.Surface) -> str | None:
    """ffmpeg's name for the surface's own byte layout, or None when it must be converted."""
    if surface.get_bytesize() != 4 or sys.byteorder != "little":
        return None
    return {
        (0xFF0000, 0xFF00, 0xFF): "bgr0",
        (0xFF, 0xFF00, 0xFF0000): "rgb0",
    }.get(tuple(surface.get_masks()[:3]))


def frame_bytes(surface: pygame.Surface, size: tuple[int, int], pixel_format: str) -> bytes:
    """The top-left `size` of the surface as raw pixels in `pixel_format`."""
    width, height = size
    if pixel_format == "rgb24":
        if surface.get_size() != size:
            surface = surface.subsurface((0, 0, width, height))
        return pygame.image.tobytes(surface, "RGB")
    rows = np.frombuffer(surface.get_buffer(), np.uint8).reshape(-1, surface.get_pitch())
    return rows[:height, : width * 4].tobytes()


def _partial(path: Path, suffix: str) -> Path:
    return path.with_name(f".{path.stem}.partial{suffix}")


def _ffmpeg_error(log, code: int | None) -> str:
    log.seek(0)
    lines = [line.strip() for line in log.read().decode(errors="replace").splitlines()]
    first = re.sub(r"^\[[^]]*\]\s*", "", next((line for line in lines if line), ""))
    status = "was killed" if code is not None and code < 0 else f"exited with status {code}"
    return f"ffmpeg {status}" + (f": {first}" if first else "")  # the first line is the cause


class Recorder:
    """Encodes the frames given to `add` into `path` (.mp4 or .gif) until `stop`.

    `offline=True` makes `add` wait for the encoder instead of dropping frames. Progress and
    failure are read from the properties; `finish()` waits and returns the closing message.
    """

    def __init__(
        self,
        path: Path,
        surface: pygame.Surface,
        *,
        offline: bool = False,
    ) -> None:
        self.path = Path(path)
        if self.path.suffix.lower() not in VIDEO_SUFFIXES:
            raise RecordError(f"{self.path}: videos are .mp4 or .gif files")
        self.size = even_size(surface.get_size())
        self.offline = offline
        self.pixel_format = _pixel_format(surface) or "rgb24"
        self.frames = 0  # frames handed to the encoder
        self.dropped = 0  # frames the encoder had no room for (live only)
        self.error: str | None = None  # set by the writer thread when the encoder fails
        self.message: str | None = None  # the closing line, once finished
        frame_size = self.size[0] * self.size[1] * 4
        self._queue: queue.Queue = queue.Queue(
            OFFLINE_QUEUE if offline else max(2, LIVE_QUEUE_BYTES // frame_size)
        )
        self._stopping = False
        self._video = _partial(self.path, ".mp4")
        if self.path.is_dir():
            raise RecordError(f"{self.path}: that is a folder; give a file name")
        try:  # can a file be written there? (ffmpeg said so only at the end of a whole
            self.path.parent.mkdir(parents=True, exist_ok=True)  # script, "status 0" its reason)
            made = not self._video.is_symlink() and not self._video.exists()
            with open(self._video, "ab"):
                pass
            if made:  # the probe leaves nothing behind if the encoder never starts
                self._video.unlink()
        except OSError as error:
            raise RecordError(f"{self.path}: cannot write there ({error.strerror})") from None
        self._log = tempfile.TemporaryFile()  # noqa: SIM115 (the writer thread closes it)
        try:
            self._process = subprocess.Popen(
                self._command(),
                stdin=subprocess.PIPE,
                stdout=subprocess.DEVNULL,
                stderr=self._log,
            )
        except OSError as error:
            raise RecordError(f"{self.path}: cannot start the encoder ({error})") from None
        self._thread = threading.Thread(target=self._write, name="video-writer", daemon=True)
        self._thread.start()

    def _command(self) -> list[str]:
        width, height = self.size
        preset = "veryfast" if self.offline else "ultrafast"  # ultrafast: ~0.4 core at 60 fps
        quality = ["-crf", "12"] if self.path.suffix.lower() == ".gif" else ["-crf", "20"]
        threads = [] if self.offline else ["-threads", "1"]  # one core: leave the other to the app
        return [
            imageio_ffmpeg.get_ffmpeg_exe(),
            "-y", "-v", "error", "-nostdin",
            "-f", "rawvideo", "-pix_fmt", self.pixel_format,
            "-s", f"{width}x{height}", "-r", str(FPS), "-i", "-",
            "-c:v", "libx264", "-preset", preset, *quality, *threads, "-pix_fmt", "yuv420p",
            "-movflags", "+faststart", "-f", "mp4", str(self._video),
        ]  # fmt: skip

    # -- the loop's side ----------------------------------------------------------------------
    @property
    def seconds(self) -> float:
        """Length of the video so far, in its own 60 fps time."""
        return self.frames / FPS

    @property
    def finished(self) -> bool:
        return self.message is not None

    def add(self, surface: pygame.Surface) -> bool:
        """Hand over one frame; False when it was dropped (live and the encoder is behind)."""
        if self._stopping or self.error:
            return False
        data = frame_bytes(surface, self.size, self.pixel_format)
        if self.offline:
            while self.error is None:
                try:
                    self._queue.put(data, timeout=0.1)
                    break
                except queue.Full:
                    continue
            else:
                return False
        else:
            try:
                self._queue.put_nowait(data)
            except queue.Full:
                self.dropped += 1
                return False
        self.frames += 1
        return True

    def stop(self) -> None:
        """Take no more frames; returns at once (the file appears when `finished`)."""
        self._stopping = True

    def finish(self) -> str:
        """Stop, wait for the file (or the failure) and return the closing message."""
        self.stop()
        self._thread.join()
        return self.message or ""

    # -- the writer thread ----------------------------------------------------------------------
    def _write(self) -> None:
        started = time.perf_counter()
        is_gif = self.path.suffix.lower() == ".gif"
        try:
            while True:
                try:
                    data = self._queue.get(timeout=POLL)
                except queue.Empty:
                    if self._stopping and self._queue.empty():  # no frame can come now
                        break
                    continue
                self._process.stdin.write(data)
            self._process.stdin.close()
            code = self._process.wait()
            if not self.frames:  # ffmpeg writes a file no player opens
                raise RecordError("no frame came between its start and its stop, so no file")
            if code != 0:
                raise RecordError(_ffmpeg_error(self._log, code))
            if is_gif:
                self._convert_to_gif()
            os.replace(_partial(self.path, ".gif") if is_gif else self._video, self.path)
            rate = self.frames / (time.perf_counter() - started)
            # a GIF holds GIF_FPS frames a second of the 60 recorded: say what the file holds
            written = round(self.seconds * GIF_FPS) if is_gif else self.frames
            kind = f"frames at {GIF_FPS} fps" if is_gif else "frames"
            message = (
                f"recording saved to {self.path} ({self.seconds:.1f} s, {written} {kind}"
                + (f", {self.dropped} dropped" if self.dropped else "")
                + (f", made at {rate:.0f} frames a second)" if self.offline else ")")
            )
        except Exception as error:  # the thread's boundary: every failure becomes a message
            message = self._fail(error)
        finally:
            self._log.close()
            for suffix in (".mp4", ".png", ".gif"):
                _partial(self.path, suffix).unlink(missing_ok=True)
        self.message = message

    def _convert_to_gif(self) -> None:
        """Two ffmpeg passes: the clip's best 256 colours, then the clip in those colours."""
        width = min(self.size[0], GIF_MAX_WIDTH)
        scale = f"fps={GIF_FPS},scale={width}:-2:flags=lanczos"
        use = "paletteuse=dither=bayer:diff_mode=rectangle"
        palette, gif = _partial(self.path, ".png"), _partial(self.path, ".gif")  # formats by suffix
        video = ["-i", str(self._video)]
        for step in (
            [*video, "-vf", f"{scale},palettegen=stats_mode=diff", "-update", "1", str(palette)],
            [*video, "-i", str(palette), "-lavfi", f"{scale}[v];[v][1:v]{use}", str(gif)],
        ):
            command = [imageio_ffmpeg.get_ffmpeg_exe(), "-y", "-v", "error", "-nostdin", *step]
            done = subprocess.run(command, stdin=subprocess.DEVNULL, capture_output=True)
            if done.returncode != 0:
                last = done.stderr.decode(errors="replace").strip().splitlines()[-1:] or ["?"]
                raise RecordError(f"GIF conversion failed: {last[0]}")

    def _fail(self, error: Exception) -> str:
        """Stop the encoder, free queued frames and return the one-line failure message."""
        if isinstance(error, OSError):  # a broken pipe: ffmpeg has ended or is ending
            with contextlib.suppress(subprocess.TimeoutExpired):
                error = RecordError(_ffmpeg_error(self._log, self._process.wait(timeout=2)))
        if self._process.poll() is None:
            self._process.kill()
            self._process.wait()
        self.error = f"recording to {self.path} failed: {error}"
        while True:  # a waiting `add` sees `error` and gives up; queued frames are let go
            try:
                self._queue.get_nowait()
            except queue.Empty:
                return self.error
