"""The script language: what each line parses to, what is refused (and where), and when each
action runs relative to the frames the app draws."""

import json
from pathlib import Path

import pygame
import pytest

from playground.demo.script import Action, ScriptError, ScriptRunner, load_script, parse_script


def parse(text: str, name: str = "demo.txt") -> list[Action]:
    return list(parse_script(text, name).actions)


def problem(text: str, name: str = "demo.txt") -> str:
    with pytest.raises(ScriptError) as caught:
        parse_script(text, name)
    return str(caught.value)


# -- parsing --------------------------------------------------------------------------------------
def test_every_action_parses_to_its_values(tmp_path):
    pygame.image.save(pygame.Surface((8, 8)), str(tmp_path / "pic.png"))
    text = (
        "scene train\npage 2\nkey space\nkey left shift\nset lr 0.1\nset digits 1, 2, 3\n"
        "stroke 14,4 14,24.5\nstroke 0,28\nclear\nimage pic.png\nlabel 7\nsave\ntrain 600\n"
        "wait 0\nreset\nscreenshot out/shot.png\nreport\nquit\n"
    )
    actions = parse(text, str(tmp_path / "demo.txt"))
    assert [(a.name, a.args) for a in actions] == [
        ("scene", ("train",)),
        ("page", (2,)),
        ("key", ("space",)),
        ("key", ("left shift",)),
        ("set", ("lr", "0.1")),
        ("set", ("digits", "1, 2, 3")),
        ("stroke", ((14.0, 4.0), (14.0, 24.5))),
        ("stroke", ((0.0, 28.0),)),
        ("clear", ()),
        ("image", (tmp_path / "pic.png",)),
        ("label", (7,)),
        ("save", ()),
        ("train", (600,)),
        ("wait", (0,)),
        ("reset", ()),
        ("screenshot", (Path("out/shot.png"),)),
        ("report", ()),
        ("quit", ()),
    ]
    assert [a.line for a in actions] == list(range(1, 19))


def test_every_setting_name_is_accepted():
    from playground.core.settings import PARSERS

    assert "deskew" in PARSERS and "val_every" in PARSERS
    values = {"activation": "relu", "loss": "xent", "layers": "16,16", "digits": "0-9"}
    values["momentum"] = "0.5"
    values["mix"] = "yours"
    for switch in ("normalize", "deskew", "anim_forward", "anim_backward"):
        values[switch] = "off"
    text = "\n".join(f"set {name} {values.get(name, '1')}" for name in PARSERS)
    assert [a.args[0] for a in parse(text)] == list(PARSERS)


def test_comments_and_blank_lines_are_skipped_but_lines_still_count():
    actions = parse("# a demo\n\n   \nscene train  # go there\n\t# indented comment\nreport\n")
    assert [(a.line, a.name) for a in actions] == [(4, "scene"), (6, "report")]


def test_windows_line_endings_and_a_byte_order_mark_are_fine(tmp_path):
    path = tmp_path / "crlf.txt"
    path.write_bytes(b"\xef\xbb\xbfscene train\r\nwait 2\r\n")
    assert [(a.line, a.name, a.args) for a in load_script(path).actions] == [
        (1, "scene", ("train",)),
        (2, "wait", (2,)),
    ]


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("scene draw\n\nstrok 1,1\n", 3, "unknown action 'strok'; known: scene, page, key, set"),
        ("set lr 5000\n", 1, "set lr: lr must be between"),
        ("set speed 3\n", 1, "set speed: unknown setting 'speed'"),
        ("set lr\n", 1, "set lr: missing VALUE"),
        ("set digits 7\n", 1, "set digits: pick at least two digits"),
        ("# one\nclear\n\nstroke\n", 4, "stroke needs at least one X,Y point"),
        ("stroke 3,4 5\n", 1, "stroke: point '5' is not X,Y"),
        ("stroke 3,4,5\n", 1, "stroke: point '3,4,5' is not X,Y"),
        ("stroke 29,1\n", 1, "coordinates must be inside the 28x28 canvas"),
        ("stroke 1,-0.5\n", 1, "coordinates must be inside the 28x28 canvas"),
        ("stroke nan,1\n", 1, "coordinates must be inside the 28x28 canvas"),
        ("stroke 1,inf\n", 1, "coordinates must be inside the 28x28 canvas"),
        ("scene\n", 1, "scene needs a scene name"),
        ("scene studio\n", 1, "scene: unknown scene 'studio'; known: draw, train, explain"),
        ("scene draw train\n", 1, "scene takes one argument, got 2"),
        ("clear now\n", 1, "clear takes no arguments, got 'now'"),
        ("report 2\n", 1, "report takes no arguments"),
        ("key\n", 1, "key needs a pygame key name"),
        ("key spacebar\n", 1, "key: unknown key name 'spacebar'"),
        ("page 0\n", 1, "page needs a whole number from 1"),
        ("label 10\n", 1, "label needs a whole number from 0 to 9, got '10'"),
        ("label one\n", 1, "label needs a whole number from 0 to 9, got 'one'"),
        ("train 0\n", 1, "train needs a whole number from 1"),
        ("train 1e3\n", 1, "train needs a whole number"),
        ("wait -1\n", 1, "wait needs a whole number from 0"),
        ("wait\n", 1, "wait needs a number of frames"),
        ("image\n", 1, "image needs a PATH"),
        ("image nothing-here.png\n", 1, "nothing-here.png: no such file"),
        ("screenshot shot.jpg\n", 1, "screenshot shot.jpg: screenshots are PNG files"),
        ("report\n" + "#" * 10_001 + "\n", 2, "line is longer than 10,000 characters"),
    ],
)
def test_bad_line_is_refused_with_file_and_line(text, line, message):
    error = problem(text)
    assert error.startswith(f"demo.txt:{line}: ")
    assert message in error
    assert "\n" not in error


def test_the_first_bad_line_is_the_one_reported():
    assert problem("report\nwait x\nstrok\n").startswith("demo.txt:2: wait needs")


def test_a_corrupt_image_is_refused_at_parse_time(tmp_path):
    (tmp_path / "bad.png").write_bytes(b"\x89PNG\r\n\x1a\nnot really")
    error = problem("image bad.png\n", str(tmp_path / "demo.txt"))
    assert error.startswith(f"{tmp_path / 'demo.txt'}:1: image ") and "bad.png" in error


def test_a_file_that_is_not_utf8_is_refused(tmp_path):
    path = tmp_path / "latin1.txt"
    path.write_bytes("scene draw\n# café\n".encode("latin-1"))
    with pytest.raises(ScriptError, match=r"latin1\.txt: not a UTF-8 text file$"):
        load_script(path)


def test_a_missing_script_file_is_refused_by_name(tmp_path):
    with pytest.raises(ScriptError, match="gone.txt: cannot read it"):
        load_script(tmp_path / "gone.txt")


# -- running --------------------------------------------------------------------------------------
class FakeApp:
    """Stands in for App: records which frame each call arrived in. Training runs one step a
    frame; a key press is handled at the start of the next frame, as the real loop does."""

    def __init__(self, stop_training_after=None):
        self.frame = 0
        self.calls = []
        self.exit_code = None
        self.session = self
        self.canvas = self
        self.scenes = {"explain": self}
        self.running = False
        self.messages = ["pick a label first: press a digit key"]
        self.saved = None
        self.canvas_saved_as = None  # the canvas is never a copy of a saved sample here
        self._steps_left = 0
        self._stop_after = stop_training_after

    def __getattr__(self, name):  # any other call is simply recorded
        return lambda *args: self.calls.append((self.frame, name, args))

    def set_page(self, number):
        if number > 3:
            raise ValueError(f"there are 3 pages, not {number}")
        self.calls.append((self.frame, "set_page", (number,)))

    def save_sample(self):
        self.calls.append((self.frame, "save_sample", ()))
        return self.saved

    def train_steps(self, n):
        self.calls.append((self.frame, "train_steps", (n,)))
        self.running, self._steps_left = True, n

    def report(self):
        return {"frame": self.frame, "val_acc": None}

    def quit(self, code=0):
        self.calls.append((self.frame, "quit", (code,)))
        self.exit_code = code

    def run(self, runner, frames=50):
        for self.frame in range(frames):
            if runner.done:
                break
            runner.advance()
            if self.running:  # one training step a frame
                self._steps_left -= 1
                if self._steps_left == 0 or self.frame == self._stop_after:
                    self.running = False
        return [(frame, name) for frame, name, _ in self.calls]


def run(text, app=None):
    app = app or FakeApp()
    runner = ScriptRunner(parse_script(text, "demo.txt"), app)
    return app.run(runner), app, runner


def test_instant_actions_share_a_frame_in_order_and_the_end_quits():
    calls, app, runner = run("scene train\nset lr 0.1\nstroke 1,1 2,2\nclear\nlabel 3\nreset\n")
    assert calls == [
        (0, "request_scene"),
        (0, "set"),
        (0, "draw_stroke"),
        (0, "clear"),
        (0, "reset"),
        (0, "quit"),
    ]
    assert app.label == 3 and app.exit_code == 0 and runner.done
    assert app.calls[2][2] == (((1.0, 1.0), (2.0, 2.0)),)


def test_observers_wait_for_a_frame_drawn_after_the_change():
    calls, _, _ = run("screenshot a.png\nscene train\nscreenshot b.png\nreport\nclear\nreport\n")
    assert calls == [
        (1, "screenshot"),  # frame 0 is not drawn yet when its script step runs
        (1, "request_scene"),
        (2, "screenshot"),
        (2, "clear"),
        (3, "quit"),
    ]


def test_a_key_is_handled_before_the_next_action_and_shown_before_a_screenshot():
    calls, app, _ = run("key space\nkey right\nscreenshot a.png\n")
    assert calls == [(0, "press_key"), (1, "press_key"), (3, "screenshot"), (3, "quit")]
    assert [args for _, name, args in app.calls if name == "press_key"] == [("space",), ("right",)]


def test_wait_lets_frames_pass():
    calls, _, _ = run("wait 0\nclear\nwait 3\nclear\nwait 2\n")
    assert calls == [(0, "clear"), (3, "clear"), (5, "quit")]


def test_train_waits_until_its_steps_are_done():
    calls, _, _ = run("train 5\nreport\n")
    assert calls == [(0, "train_steps"), (5, "quit")]


def test_training_that_stops_early_lets_the_script_go_on():
    calls, _, _ = run("train 500\nclear\n", FakeApp(stop_training_after=2))
    assert calls == [(0, "train_steps"), (3, "clear"), (3, "quit")]


def test_report_prints_one_json_line(capsys):
    run("report\n")
    lines = capsys.readouterr().out.splitlines()
    assert [json.loads(line) for line in lines] == [{"frame": 1, "val_acc": None}]


def test_quit_ends_the_script_there():
    calls, app, runner = run("clear\nquit\nclear\n")
    assert calls == [(0, "clear"), (0, "quit")] and runner.done and app.exit_code == 0
    runner.advance()
    assert len(app.calls) == 2


def test_an_empty_script_quits_at_once():
    calls, _, runner = run("# nothing to do\n")
    assert calls == [(0, "quit")] and runner.done


def test_page_out_of_range_fails_at_its_line():
    with pytest.raises(ScriptError, match=r"^demo.txt:3: page 4: there are 3 pages, not 4$"):
        run("page 1\nwait 1\npage 4\n")


def test_failed_save_fails_at_its_line_with_the_reason():
    with pytest.raises(ScriptError, match=r"^demo.txt:2: save failed: pick a label first"):
        run("stroke 1,1\nsave\n")


def test_successful_save_goes_on():
    app = FakeApp()
    app.saved = Path("samples/1/x.png")
    calls, _, _ = run("label 1\nsave\n", app)
    assert calls == [(0, "save_sample"), (0, "quit")]
