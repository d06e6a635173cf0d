"""Recording: headless scripts give frame-exact 60 fps videos, F9 records the window without its
recording light, encoder failures stop only the recording, and the script actions parse."""

import os
import time
from pathlib import Path

import imageio_ffmpeg
import numpy as np
import pygame
import pygame_gui
import pytest
from app_process import assert_one_line_refusal, main_py

from playground.core.session import Session
from playground.core.settings import Settings
from playground.demo.script import ScriptError, ScriptRunner, parse_script
from playground.ui.app import App
from playground.ui.clock import RealClock
from playground.ui.render import theme

ENCODER_DEADLINE = 30.0  # seconds for the encoder's thread to report a failure, on any machine


def decode(path: Path) -> tuple[dict, list[np.ndarray]]:
    reader = imageio_ffmpeg.read_frames(str(path))
    meta = next(reader)
    width, height = meta["size"]
    frames = [np.frombuffer(f, np.uint8).reshape(height, width, 3) for f in reader]
    return meta, frames


def make_app(samples_dir: Path, script: str = "", seed: int = 0, **kwargs) -> App:
    app = App(Session(Settings(seed=seed), samples_dir), **kwargs)
    if script:
        app.script = ScriptRunner(parse_script(script, "demo.txt"), app)
    return app


def ffmpeg_children() -> list[int]:
    """Process ids of the ffmpeg encoders this test process started."""
    pids = []
    for task in Path(f"/proc/{os.getpid()}/task").iterdir():
        for pid in (task / "children").read_text().split():
            if "ffmpeg" in Path(f"/proc/{pid}/comm").read_text():
                pids.append(int(pid))
    return pids


# -- headless, frame-exact ------------------------------------------------------------------------
def test_headless_script_records_every_frame_at_60_fps(tmp_path, samples_dir):
    script = tmp_path / "demo.txt"
    script.write_text("scene train\ncaption Watch it learn\nkey space\nwait 30\n")
    video = tmp_path / "out" / "demo.mp4"
    result = main_py(
        "--headless", "--samples", str(samples_dir), "--script", str(script), "--record", str(video)
    )
    assert result.returncode == 0, result.stderr
    assert f"recording saved to {video} (0.5 s, 31 frames" in result.stderr
    meta, frames = decode(video)
    # Frames 0-30: the first three actions run in frame 0, the wait lets frames 1-30 pass and
    # the script ends in frame 31, which is not recorded.
    assert meta["fps"] == 60 and meta["size"] == (1280, 800) and len(frames) == 31
    assert meta["codec"].startswith("h264") and "yuv420p" in meta["pix_fmt"]
    assert [p.name for p in video.parent.iterdir()] == ["demo.mp4"]  # no partial files left


def test_two_headless_renders_with_the_same_seed_give_the_same_frames(tmp_path, samples_dir):
    script = "scene train\nkey space\nwait 12\nstroke 8,8 20,20\nwait 3\n"

    def render(seed: int, name: str) -> list[bytes]:
        app = make_app(samples_dir, script, seed=seed)
        recorder = app.studio.start_recording(tmp_path / name)
        assert app.run() == 0
        assert recorder.frames == 16 and recorder.dropped == 0
        return [frame.tobytes() for frame in decode(tmp_path / name)[1]]

    first, again, other = render(3, "a.mp4"), render(3, "b.mp4"), render(4, "c.mp4")
    assert len(first) == 16 and first == again
    assert other != first  # the frames really depend on what was drawn


def test_script_actions_start_and_stop_a_recording(tmp_path, samples_dir):
    video = tmp_path / "clip.mp4"
    app = make_app(samples_dir, f"wait 2\nrecord start {video}\nwait 10\nrecord stop\nwait 5\n")
    assert app.run() == 0
    assert len(decode(video)[1]) == 10
    assert app.session.messages[-1].startswith(f"recording saved to {video} (0.2 s, 10 frames")


def test_a_gif_clip_is_converted_with_its_own_palette(tmp_path, samples_dir):
    clip = tmp_path / "clip.gif"
    app = make_app(samples_dir, f"record start {clip}\nwait 6\n")
    assert app.run() == 0
    assert clip.read_bytes()[:6] == b"GIF89a"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["clip.gif", "samples"]
    from PIL import Image  # the message counts the frames the GIF holds (30 fps), not 60 fps's

    with Image.open(clip) as gif:
        held = gif.n_frames
    said = next(m for m in app.session.messages if m.startswith("recording saved"))
    assert f" {held} frames at 30 fps" in said, (held, said)


def test_record_stop_without_a_recording_is_refused_before_anything_runs():
    with pytest.raises(ScriptError, match=r"^demo.txt:2: record stop: nothing is being recorded$"):
        parse_script("wait 1\nrecord stop\n", "demo.txt")
    with pytest.raises(ScriptError, match=r"^demo.txt:2: record start: already recording"):
        parse_script("record start a.mp4\nrecord start b.mp4\n", "demo.txt")


def test_a_recording_with_no_frame_writes_no_file_and_says_so(tmp_path, samples_dir):
    """ffmpeg wrote a file of no frames that no player opens, under 'recording saved'."""
    video = tmp_path / "empty.mp4"
    app = make_app(samples_dir, f"record start {video}\nrecord stop\nwait 2\n")
    app.run()
    assert not video.exists()
    assert any("no frame came" in m for m in app.session.messages)


def test_a_record_path_that_cannot_be_written_is_refused_before_the_run(tmp_path, samples_dir):
    folder = tmp_path / "x.mp4"
    folder.mkdir()
    line = assert_one_line_refusal(main_py("--headless", "--frames", "5", "--record", str(folder)))
    assert "that is a folder" in line
    if Path("/proc").is_dir():  # not writable even as root
        line = assert_one_line_refusal(
            main_py("--headless", "--frames", "5", "--record", "/proc/x.mp4")
        )
        assert "cannot write there" in line


def test_bad_record_option_is_refused_in_one_line(tmp_path, samples_dir):
    line = assert_one_line_refusal(main_py("--record", str(tmp_path / "x.avi")))
    assert "x.avi: videos are .mp4 or .gif files" in line
    line = assert_one_line_refusal(main_py("--headless", "--record", str(tmp_path / "x.mp4")))
    assert "needs --script or --frames" in line


# -- live -----------------------------------------------------------------------------------------
def red_pixels(image: np.ndarray) -> int:
    r, g, b = (image[..., i].astype(int) for i in range(3))
    return int(np.count_nonzero((r > 180) & (g < 90) & (b < 90)))


def light_area(app: App) -> tuple[slice, slice]:
    """Rows and columns of the top bar just left of its buttons, where the light goes."""
    left = min(b.relative_rect.left for b in app.top_bar.buttons.values())
    return slice(0, app.top_bar.rect.bottom), slice(left - 140, left)


def test_f9_records_the_window_without_the_recording_light(tmp_path, samples_dir):
    app = make_app(samples_dir, clock=RealClock())
    app.studio.capture_dir = tmp_path / "captures"
    app.press_key("f9")
    for _ in range(8):
        app.step()
    assert app.studio.recording and app.top_bar.buttons["record"].text == "Stop rec"
    light = light_area(app)
    shown = np.transpose(pygame.surfarray.array3d(app.screen), (1, 0, 2))[light]
    assert red_pixels(shown) > 20  # the person at the window sees the light
    app.press_key("f9")
    app.step()
    app.studio.close()
    (video,) = (tmp_path / "captures").iterdir()
    assert video.name.startswith("playground-") and video.suffix == ".mp4"
    assert f"recording saved to {video}" in "\n".join(app.session.messages)
    meta, frames = decode(video)
    assert meta["size"] == (1280, 800) and 1 <= len(frames) <= 8
    assert red_pixels(frames[-1][light]) == 0  # but the video does not


def test_the_record_button_toggles_and_never_reuses_a_name(tmp_path, samples_dir):
    app = make_app(samples_dir, clock=RealClock())
    app.studio.capture_dir = tmp_path / "captures"
    for _ in range(2):  # twice within (most likely) the same second
        for _ in range(2):  # start, then stop
            button = app.top_bar.buttons["record"]
            pygame.event.post(pygame.event.Event(pygame_gui.UI_BUTTON_PRESSED, ui_element=button))
            app.step()
    app.studio.close()
    assert not app.studio.recording and app.top_bar.buttons["record"].text == "Record"
    videos = sorted((tmp_path / "captures").iterdir())
    assert len(videos) == 2 and all(v.suffix == ".mp4" for v in videos)


def test_a_killed_encoder_stops_the_recording_and_the_app_goes_on(tmp_path, samples_dir):
    app = make_app(samples_dir, clock=RealClock())
    app.studio.capture_dir = tmp_path / "captures"
    app.studio.toggle_recording()
    app.step()
    for pid in ffmpeg_children():
        os.kill(pid, 9)
    give_up = time.monotonic() + ENCODER_DEADLINE  # the encoder thread notices in its own time
    while time.monotonic() < give_up:
        app.step()
        if not app.studio.recording and "failed" in app.session.messages[-1]:
            break
        time.sleep(0.005)
    assert not app.studio.recording
    assert app.session.messages[-1].startswith(f"recording to {tmp_path / 'captures'}")
    assert "failed: ffmpeg was killed" in app.session.messages[-1]
    assert list((tmp_path / "captures").iterdir()) == []  # no half-written video is left behind
    frame = app.frame
    app.step()
    assert app.frame == frame + 1 and app.top_bar.buttons["record"].text == "Record"


@pytest.mark.parametrize("depth", [24, 32])
def test_odd_window_sizes_are_cropped_to_even_never_rescaled(tmp_path, depth):
    from playground.demo.record import Recorder

    surface = pygame.Surface((101, 61), depth=depth)
    surface.fill((200, 30, 60))
    surface.fill((255, 255, 255), (100, 0, 1, 61))  # the odd column, which must not show
    recorder = Recorder(tmp_path / "odd.mp4", surface, offline=True)
    for _ in range(3):
        recorder.add(surface)
    recorder.finish()
    meta, frames = decode(tmp_path / "odd.mp4")
    assert meta["size"] == (100, 60) and len(frames) == 3
    assert np.abs(frames[0].astype(int) - (200, 30, 60)).max() <= 6  # same colours, no white


def test_a_full_disk_fails_with_ffmpegs_reason_and_leaves_no_file(tmp_path):
    from playground.demo.record import Recorder

    (tmp_path / ".clip.partial.mp4").symlink_to("/dev/full")  # where the encoder writes
    surface = pygame.Surface((64, 48))
    recorder = Recorder(tmp_path / "clip.mp4", surface, offline=True)
    for _ in range(30):
        recorder.add(surface)
    message = recorder.finish()
    assert message.startswith(f"recording to {tmp_path / 'clip.mp4'} failed: ffmpeg exited")
    assert message.endswith("No space left on device") and recorder.error == message
    assert list(tmp_path.iterdir()) == []


def test_presenter_mode_hides_the_controls_but_not_the_caption(samples_dir):
    app = make_app(samples_dir, "scene train\ncaption hello\nkey h\nwait 2\n")
    app.run()
    assert app.studio.presenting
    tab = app.top_bar.tabs["draw"].relative_rect
    assert app.screen.get_at(tab.center)[:3] == theme.PAPER  # no tab bar
    assert app.screen.get_at((640, 790))[:3] != theme.PAPER  # the caption, bottom centre


@pytest.mark.parametrize("presenting", ["", "key h\n"])
def test_a_caption_covers_only_the_status_line_never_the_scene(samples_dir, presenting):
    def picture(caption: str) -> tuple[np.ndarray, pygame.Rect]:
        app = make_app(samples_dir, f"scene train\n{presenting}{caption}wait 2\n")
        app.run()
        return pygame.surfarray.array3d(app.screen), app.status.rect

    plain, band = picture("")
    captioned, _ = picture("caption Watch the error travel backwards\n")
    changed = np.argwhere(np.any(plain != captioned, axis=2))  # (x, y) of every changed pixel
    assert len(changed) > 1000  # the caption is there ...
    assert changed[:, 1].min() >= band.top  # ... and only in the status line's band
    assert band.bottom == captioned.shape[1]


# -- parsing --------------------------------------------------------------------------------------
def test_record_and_caption_actions_parse():
    actions = parse_script(
        "record start out/demo.mp4\nrecord stop\ncaption  Gradient descent, step by step  # why\n"
        "caption\ncaption # cleared\nrecord start clip.GIF\n",
        "demo.txt",
    ).actions
    assert [(a.name, a.args) for a in actions] == [
        ("record", ("start", Path("out/demo.mp4"))),
        ("record", ("stop",)),
        ("caption", ("Gradient descent, step by step",)),
        ("caption", ("",)),
        ("caption", ("",)),
        ("record", ("start", Path("clip.GIF"))),
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("record\n", "record needs 'start PATH' (a .mp4 or .gif file) or 'stop'"),
        ("record start\n", "record start needs a PATH ending in .mp4 or .gif"),
        ("record start demo.avi\n", "record start demo.avi: videos are .mp4 or .gif files"),
        ("record stop now\n", "record stop takes no arguments, got 'now'"),
        ("record pause\n", "record: expected 'start PATH' or 'stop', got 'pause'"),
        ("caption " + "x" * 101 + "\n", "caption: at most 100 characters, got 101"),
    ],
)
def test_bad_record_and_caption_lines_are_refused(text, message):
    with pytest.raises(ScriptError) as caught:
        parse_script(text, "demo.txt")
    assert str(caught.value) == f"demo.txt:1: {message}"
