"""Drives the real kiosk on a private Xvfb display for the end-to-end tests: touches controls by
their --layout-file id, types on the on-screen keyboard and keeps a numbered screenshot per step.

**Example**:
    with Kiosk.from_args("fill") as k:           # --peilpunt, --out, --size from the command line
        k.click("start", until=k.on_page("over-jou"))
        k.choose("rol/2")                         # and checks the tile now looks selected
        k.screenshot("over-jou")

Python 3 standard library only. Every wait has a timeout; a failure names the step, what was
awaited, and the screen, page and controls in the last frame, and leaves a "failed" screenshot.
Xvfb and the app die with this process (PR_SET_PDEATHSIG), also when CTest kills it on timeout.
"""
import argparse
import ctypes
import json
import os
import select
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

SOURCE_DIR = Path(__file__).resolve().parents[2]

# Colours of the kiosk's theme (kiosk/core/theme.hpp), as screenshots show them.
SELECTED_FILL = (0xD9, 0xE8, 0xF5)  # a chosen tile
SURFACE = (0xFF, 0xFF, 0xFF)        # an unchosen tile, a secondary button
PRIMARY = (0x0B, 0x4A, 0x80)        # a chosen rating number or yes/no button
ERROR_TEXT = (0x8A, 0x12, 0x12)     # validation and PIN messages

STEP_TIMEOUT_S = 8.0  # one touch and its effect; generous for the sanitizer build on 2 cores


class StepFailed(AssertionError):
    pass


def _die_with_parent():
    # Runs in the child before exec: when this Python process dies (even by SIGKILL from a CTest
    # timeout), the kernel sends SIGTERM to Xvfb and the app, so no display or app is left behind.
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def test_arguments(description):
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--peilpunt", required=True, help="the peilpunt binary")
    parser.add_argument("--out", required=True, help="artefact folder; screenshots go to OUT/<test>/")
    parser.add_argument("--size", default="1280x800", help="window and display size, WxH")
    parser.add_argument("--name", help="artefact subfolder (default: the test's name and size)")
    return parser


def item_summary(layout):
    if not layout:
        return "no frame drawn yet"
    items = ", ".join(
        i["id"] + ("" if i.get("visible", True) else "(clipped)") for i in layout.get("items", []))
    where = "screen=%s" % layout.get("screen")
    if layout.get("page"):
        where += " page=%s" % layout["page"]
    if layout.get("keyboard_open"):
        where += " keyboard open"
    if layout.get("idle_warning"):
        where += " idle overlay up"
    if layout.get("errors"):
        where += " errors shown=%d" % layout["errors"]
    return "frame %s, %s, controls: [%s]" % (layout.get("frame"), where, items)


def rect(item):
    return tuple(round(item[k]) for k in ("x0", "y0", "x1", "y1"))


class Kiosk:
    def __init__(self, peilpunt, out, test, size="1280x800", pin="1234", idle_timeout_s=15,
                 idle_countdown_s=5, extra_args=()):
        self.peilpunt = str(Path(peilpunt).resolve())
        self.width, self.height = (int(v) for v in size.lower().split("x"))
        self.dir = Path(out).resolve() / test
        # Old screenshots would pass for this run's: start from an empty folder.
        shutil.rmtree(self.dir, ignore_errors=True)
        self.dir.mkdir(parents=True)
        self.data_dir = self.dir / "data"
        self.layout_file = self.dir / "layout.json"
        self.config_file = self.dir / "config.json"
        self.app_log = self.dir / "app.log"
        self.pin = pin
        self.idle_timeout_s, self.idle_countdown_s = idle_timeout_s, idle_countdown_s
        self.extra_args = list(extra_args)
        self.labels = json.loads((SOURCE_DIR / "assets/lang/nl.json").read_text(encoding="utf-8"))
        self.xvfb = self.app = None
        self.env = None
        self.step_number = 0
        self.step_name = "setup"
        self.shot_number = 0
        self.pointer = None
        self.offset = (0, 0)
        self.last_layout = None
        self.problems = []
        self.frame_gap = 0.02  # seconds between the frames of a burst, learnt as frames come
        self.last_input_at = None

    @classmethod
    def from_args(cls, test, description="", **kwargs):
        args = test_arguments(description).parse_args()
        name = args.name or "%s-%s" % (test, args.size)
        return cls(args.peilpunt, args.out, name, size=args.size, **kwargs)

    # [SECTION] lifetime

    def __enter__(self):
        self.started_at = time.monotonic()
        try:
            self.start()
        except FileNotFoundError as missing:
            self.stop()
            print("FAILED at the start: %s is missing (packaging/install-deps --test installs what the "
                  "end-to-end tests need)" % missing.filename, file=sys.stderr)
            sys.exit(1)
        except BaseException as error:
            self.__exit__(type(error), error, None)
            raise
        return self

    def __exit__(self, kind, error, trace):
        if error is not None and self.app is not None:
            try:
                self.screenshot("failed")
            except Exception:  # the display may be what failed; the message matters more
                pass
        self.stop()
        if error is not None and not isinstance(error, KeyboardInterrupt):
            print("FAILED at step %d (%s): %s" % (self.step_number, self.step_name, error), file=sys.stderr)
            print("screenshots and app.log: %s" % self.dir, file=sys.stderr)
            tail = self.app_log.read_text(errors="replace").splitlines()[-15:] if self.app_log.exists() else []
            if tail:
                print("app.log (last lines):\n  " + "\n  ".join(tail), file=sys.stderr)
            sys.exit(1)
        if self.problems:
            print("FAILED with %d problem(s):\n  %s" % (len(self.problems), "\n  ".join(self.problems)), file=sys.stderr)
            print("screenshots and app.log: %s" % self.dir, file=sys.stderr)
            sys.exit(1)
        print("passed in %.1f s; screenshots: %s" % (time.monotonic() - self.started_at, self.dir))
        return False

    def start(self):
        self.step("start Xvfb and the kiosk at %dx%d" % (self.width, self.height))
        self.config_file.write_text(json.dumps({
            "device_name": "e2e-tablet",
            "staff_pin_hash": self.pin_hash(self.pin),
            "idle_timeout_s": self.idle_timeout_s,
            "idle_countdown_s": self.idle_countdown_s,
            # The pixel density of a 10.1" 1280x800 tablet at every size (1920 px: a 15.6"
            # screen), so 12 mm touch targets come out as on real screens of that size.
            "screen_width_mm": round(self.width / (1280 / 217)),
        }))
        self.start_display()
        self.start_app()

    def pin_hash(self, pin):
        done = subprocess.run([self.peilpunt, "pin-hash"], input=pin + "\n", capture_output=True,
                              text=True, timeout=60)
        if done.returncode != 0:
            raise StepFailed("peilpunt pin-hash failed: " + done.stderr)
        return done.stdout.strip()

    def start_display(self):
        # -displayfd: Xvfb picks a free display number itself and writes it to the pipe when it
        # accepts connections, so tests running in parallel never race for one.
        read_end, write_end = os.pipe()
        self.xvfb = subprocess.Popen(
            ["Xvfb", "-displayfd", str(write_end), "-screen", "0", "%dx%dx24" % (self.width, self.height),
             "-nolisten", "tcp", "-noreset"],
            pass_fds=(write_end,), stdout=subprocess.DEVNULL, stderr=open(self.dir / "xvfb.log", "w"),
            preexec_fn=_die_with_parent)
        os.close(write_end)
        number = b""
        deadline = time.monotonic() + 20
        while not number.endswith(b"\n"):
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([read_end], [], [], left)[0]:
                raise StepFailed("Xvfb did not start within 20 s (see %s)" % (self.dir / "xvfb.log"))
            chunk = os.read(read_end, 16)
            if not chunk:
                raise StepFailed("Xvfb exited at start (see %s)" % (self.dir / "xvfb.log"))
            number += chunk
        os.close(read_end)
        self.env = dict(os.environ, DISPLAY=":" + number.decode().strip())
        self.env.pop("WAYLAND_DISPLAY", None)

    def start_app(self, expect_screen="welcome"):
        self.layout_file.unlink(missing_ok=True)
        self.app = subprocess.Popen(
            [self.peilpunt, "--windowed", "--size", "%dx%d" % (self.width, self.height),
             "--config", str(self.config_file), "--data-dir", str(self.data_dir),
             "--layout-file", str(self.layout_file)] + self.extra_args,
            env=self.env, stdout=open(self.app_log, "a"), stderr=subprocess.STDOUT,
            preexec_fn=_die_with_parent)
        self.pointer = None
        layout = self.wait_for(lambda d: d.get("screen") == expect_screen, "the %s screen" % expect_screen,
                               timeout=30)
        self.offset = self.window_offset()
        # The launch draws a few frames: they teach wait_settled how long frames take here.
        self.next_frame(layout["frame"], timeout=3)
        layout = self.wait_settled()
        if (layout["width"], layout["height"]) != (self.width, self.height):
            raise StepFailed("the kiosk drew %sx%s, asked for %dx%d" % (
                layout["width"], layout["height"], self.width, self.height))
        return layout

    def window_offset(self):
        # Without a window manager GLFW's window sits at 0,0; ask X in case it does not.
        try:
            ids = subprocess.run(["xdotool", "search", "--name", "^Peilpunt$"], env=self.env,
                                 capture_output=True, text=True, timeout=10).stdout.split()
            if ids:
                out = subprocess.run(["xdotool", "getwindowgeometry", "--shell", ids[0]], env=self.env,
                                     capture_output=True, text=True, timeout=10).stdout
                values = dict(line.split("=", 1) for line in out.split() if "=" in line)
                return int(values.get("X", 0)), int(values.get("Y", 0))
        except (subprocess.TimeoutExpired, ValueError):
            pass
        return 0, 0

    def stop(self):
        for process in (self.app, self.xvfb):
            if process is None or process.poll() is not None:
                continue
            process.terminate()
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=5)
        self.app = self.xvfb = None

    def app_exit_code(self, timeout):
        """Waits for the app to end by itself (staff quit) and returns its exit code."""
        try:
            code = self.app.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            raise StepFailed("the app was still running %.0f s later (%s)" % (timeout, item_summary(self.layout())))
        self.app = None
        return code

    def check_log_clean(self):
        """The app logs a caught frame failure and returns to welcome; a user sees that as a
        sudden restart, so any such line fails the test."""
        log = self.app_log.read_text(errors="replace")
        bad = [line for line in log.splitlines() if "a screen failed" in line or "ImGui" in line
               or "AddressSanitizer" in line or "runtime error" in line]
        if bad:
            raise StepFailed("the app logged failures:\n  " + "\n  ".join(bad[:10]))

    # [SECTION] reading the frame

    def problem(self, message):
        """A failure that does not stop the walk: reported, and the test fails at the end."""
        if any(p.endswith(": " + message) for p in self.problems):
            return  # one line per fault, however often the walk meets it
        text = "step %d (%s): %s" % (self.step_number, self.step_name, message)
        print("PROBLEM " + text, flush=True)
        self.problems.append(text)

    def step(self, name):
        self.step_number += 1
        self.step_name = name
        print("step %2d: %s" % (self.step_number, name), flush=True)

    def layout(self):
        # The app replaces the file atomically (rename), so a read sees a whole frame; it may
        # not exist yet right after start.
        try:
            self.last_layout = json.loads(self.layout_file.read_text(encoding="utf-8"))
        except (FileNotFoundError, json.JSONDecodeError):
            pass
        return self.last_layout

    def wait_for(self, predicate, what, timeout=STEP_TIMEOUT_S):
        deadline = time.monotonic() + timeout
        while True:
            layout = self.layout()
            if layout is not None and predicate(layout):
                return layout
            if self.app is not None and self.app.poll() is not None:
                raise StepFailed("the app exited with code %d while waiting for %s; last frame: %s" % (
                    self.app.returncode, what, item_summary(layout)))
            if time.monotonic() > deadline:
                raise StepFailed("waited %.0f s for %s; last frame: %s" % (timeout, what, item_summary(layout)))
            time.sleep(0.01)

    def next_frame(self, frame, timeout=1.0):
        """Waits (without failing) for a frame after `frame`."""
        deadline = time.monotonic() + max(timeout, 5 * self.frame_gap)
        while time.monotonic() < deadline:
            layout = self.layout()
            if layout and layout["frame"] > frame:
                return layout
            time.sleep(0.005)
        return self.layout()

    def wait_settled(self, quiet_s=0.04, timeout=STEP_TIMEOUT_S):
        """Until no frame was drawn for a while: the app has handled all input so far. "A while"
        is at least quiet_s and twice the usual gap between the frames of a burst, so a
        slow machine (the sanitizer build, a loaded CI runner) does not pass for a quiet app."""
        deadline = time.monotonic() + timeout
        layout = self.layout()
        frame, since = layout and layout["frame"], time.monotonic()
        while time.monotonic() - since < max(quiet_s, 2 * self.frame_gap):
            time.sleep(0.01)
            layout = self.layout()
            if layout and layout["frame"] != frame:
                now = time.monotonic()
                if layout["frame"] == frame + 1:
                    self.frame_gap = 0.7 * self.frame_gap + 0.3 * min(now - since, 0.5)
                frame, since = layout["frame"], now
            if time.monotonic() > deadline:
                break  # a screen that animates (countdown, progress) never settles; go on
        return layout

    def item(self, item_id, layout=None):
        layout = layout or self.layout()
        for i in (layout or {}).get("items", []):
            if i["id"] == item_id:
                return i
        return None

    def require(self, item_id, layout=None):
        found = self.item(item_id, layout)
        if found is None:
            raise StepFailed("no control '%s' in the frame: %s" % (item_id, item_summary(layout or self.layout())))
        return found

    # Predicates for wait_for / click(until=...).
    @staticmethod
    def on_screen(screen):
        return lambda d: d.get("screen") == screen

    @staticmethod
    def on_page(page):
        return lambda d: d.get("screen") == "questions" and d.get("page") == page

    def shows(self, item_id):
        return lambda d: self.item(item_id, d) is not None

    # [SECTION] touching

    def xdotool(self, *args):
        subprocess.run(["xdotool"] + [str(a) for a in args], env=self.env, check=True, timeout=10)
        # The app sees the input after this: its idle timer starts no earlier.
        self.last_input_at = time.monotonic()

    def at(self, x, y):
        """Screen coordinates of a point in the window."""
        return int(round(x)) + self.offset[0], int(round(y)) + self.offset[1]

    def move(self, x, y):
        x, y = self.at(x, y)
        if self.pointer == (x, y):
            return
        before = self.layout()["frame"]
        self.xdotool("mousemove", x, y)
        self.pointer = (x, y)
        self.wait_for(lambda d: d["frame"] != before, "a frame after moving the pointer", timeout=2)
        self.wait_settled()

    def check_not_stale(self, what):
        """The app sleeps when nothing changes; the frame it sleeps on must be the final one, or a
        resident touches what is no longer there. Moves the pointer by one pixel (input: the app
        draws again) and reports controls that moved, appeared or vanished."""
        before = {i["id"]: rect(i) for i in self.wait_settled()["items"]}
        x, y = self.pointer or self.at(self.width // 2, self.height // 2)
        self.move(x + 1 - self.offset[0], y - self.offset[1])
        after = {i["id"]: rect(i) for i in self.layout()["items"]}
        moved = ["%s %s -> %s" % (k, before[k], after[k]) for k in before if k in after and before[k] != after[k]]
        appeared = sorted(set(before) ^ set(after))
        if moved or appeared:
            self.problem("%s was drawn stale: at the next pointer move, before any touch, %s%s" % (
                what, ("controls moved: " + ", ".join(moved[:3]) + (" ..." if len(moved) > 3 else "")) if moved else "",
                (" controls appeared/vanished: " + ", ".join(appeared[:5])) if appeared else ""))

    def scroll_into_view(self, item_id):
        previous = None
        for _ in range(40):
            target = self.require(item_id)
            if target.get("visible", True):
                return target
            if previous is not None and rect(previous) == rect(target):
                # The wheel did not move it: it is cut off by the edge of a fixed area (the page
                # does not scroll sideways), which a resident sees as a cut-off control.
                self.problem("'%s' (%r) is cut off and no scrolling shows it whole: %s" % (
                    item_id, target["label"], rect(target)))
                return target
            previous = target
            # The wheel over the scrolling page: 0.3 of the height is inside it on every screen,
            # also with the keyboard open; down when the control is below the middle.
            x, y = self.at((target["x0"] + target["x1"]) / 2, self.height * 0.3)
            button = 5 if (target["y0"] + target["y1"]) / 2 > self.height * 0.5 else 4
            before = self.layout()["frame"]
            self.xdotool("mousemove", x, y, "click", "--delay", 1, button)
            self.pointer = (x, y)
            # The scroll shows one frame after the wheel's; the app draws a few after input.
            self.wait_for(lambda d: d["frame"] >= before + 3, "frames after scrolling", timeout=3)
            self.wait_settled()
        raise StepFailed("scrolled 40 times and '%s' is still not fully visible: %s" % (
            item_id, item_summary(self.layout())))

    def click(self, item_id, until=None, what=None, timeout=STEP_TIMEOUT_S, exits=False):
        """Touches the control's centre (scrolling it into view first) and waits until the app has
        handled the touch, has drawn its result and, when given, `until(layout)` holds."""
        target = self.scroll_into_view(item_id)
        if not target.get("enabled", True):
            # A greyed control ignores a touch (the PIN keys while a PIN is checked): a person
            # waits for it, and a tap before it is ready would be lost.
            self.wait_for(lambda d: any(i["id"] == item_id and i.get("enabled", True) for i in d["items"]),
                          "'%s' to take touches" % item_id, timeout=timeout)
            target = self.require(item_id)
        x, y = self.at((target["x0"] + target["x1"]) / 2, (target["y0"] + target["y1"]) / 2)
        before = self.layout()["frame"]
        # Move and press in one go, as a finger does: the app must take a touch whose first frame
        # is also the first one with the pointer there. (--delay is the pause after the click,
        # 100 ms by default; press and release stay 12 ms apart.)
        self.xdotool("mousemove", x, y, "click", "--delay", 1, 1)
        self.pointer = (x, y)
        if exits:
            return None
        # ImGui acts on the release (one frame after the press) and the result shows in the
        # frame after that.
        described = what or ("the effect of touching '%s'" % item_id)
        deadline = time.monotonic() + timeout
        while True:
            layout = self.wait_for(lambda d: d["frame"] >= before + 3 and (until is None or until(d)), described,
                                   timeout=max(0.1, deadline - time.monotonic()))
            # The frame that handles a touch lists the controls it drew before acting (the old
            # screen's) beside the new state; the app always draws more frames after it, so
            # judge by a later one.
            self.next_frame(layout["frame"])
            layout = self.wait_settled()
            if until is None or until(layout):
                return layout

    def hold(self, x, y, seconds):
        self.move(x, y)
        self.xdotool("mousedown", 1)
        time.sleep(seconds)
        self.xdotool("mouseup", 1)

    # [SECTION] the on-screen keyboard

    def keyboard_keys(self, layout=None):
        return [i for i in (layout or self.layout())["items"] if i["id"].startswith("key")]

    def type_on_screen_keyboard(self, text, field_id):
        """Types `text` key by key (shift for capitals, "123 / abc" for symbols), checking after
        each key that the field `field_id` shows what was typed so far."""
        shift, symbols, space = (self.labels["keyboard.shift"], self.labels["keyboard.symbols"],
                                 self.labels["keyboard.space"])
        typed = self.require(field_id)["label"]
        for ch in text:
            expected = typed + ch
            for _attempt in range(3):
                keys = self.keyboard_keys()
                wanted = space if ch == " " else ch
                key = next((k for k in keys if k["label"] == wanted), None)
                if key is not None:
                    break
                if any(k["label"] == ch.swapcase() for k in keys) and ch.swapcase() != ch:
                    # The letter is there in the other case: shift is on when it should be off,
                    # or the other way round.
                    self.click(next(k["id"] for k in keys if k["label"] == shift),
                               until=lambda d, c=ch: any(k["label"] == c for k in self.keyboard_keys(d)),
                               what="the keyboard in the other case after '%s'" % shift)
                elif any(k["label"] == symbols for k in keys):
                    labels_before = sorted(k["label"] for k in keys)
                    self.click(next(k["id"] for k in keys if k["label"] == symbols),
                               until=lambda d, b=labels_before: sorted(k["label"] for k in self.keyboard_keys(d)) != b,
                               what="the other key set after '%s'" % symbols)
            else:
                raise StepFailed("no key types %r; keys: %s" % (ch, [k["label"] for k in self.keyboard_keys()]))
            self.click(key["id"], until=lambda d, e=expected: (self.item(field_id, d) or {}).get("label") == e,
                       what="field %s to show %r after key %r" % (field_id, expected, key["label"]))
            typed = expected

    def press_done(self, until, what):
        done = next(k for k in self.keyboard_keys() if k["label"] == self.labels["keyboard.done"])
        return self.click(done["id"], until=until, what=what)

    # [SECTION] screenshots and pixels

    def screenshot(self, name, check_layout=True):
        """Saves OUT/<test>/<nn>-<name>.png and the frame's controls beside it (what a reviewer
        needs to find an overlap), and checks that frame's touch targets."""
        self.shot_number += 1
        path = self.dir / ("%02d-%s.png" % (self.shot_number, name))
        subprocess.run(["import", "-window", "root", str(path)], env=self.env, check=True, timeout=30)
        layout = self.layout()
        if layout:
            path.with_suffix(".json").write_text(json.dumps(layout, indent=1))
            if check_layout:
                self.check_layout(layout, path.name)
        return path

    def check_layout(self, layout, where):
        """Issue 5: touch targets are at least 12 mm and, as drawn, never overlap. Issue 7: every
        control lies inside the window (a page scrolls up and down, never sideways) and its label
        inside it. (With big text, touch_px is 1.4 x 12 mm; the keyboard's 11 keys a row cannot
        all grow that much on a 1280 px screen, so 12 mm is the rule for every control.)"""
        minimum = layout["min_touch_px"] - 0.5
        shown = [i for i in layout["items"] if i.get("visible", True)]
        problems = []
        for i in layout["items"]:
            if i["x0"] < -0.5 or i["x1"] > layout["width"] + 0.5:
                problems.append("'%s' (%r) sticks out of the %d px wide window: x %.0f..%.0f" % (
                    i["id"], i["label"], layout["width"], i["x0"], i["x1"]))
            if not i.get("text_fits", True):
                problems.append("the label of '%s' (%r) does not fit inside it" % (i["id"], i["label"]))
        if layout.get("keyboard_open") and not layout.get("idle_warning"):
            field = self.item(layout["focused"], layout)
            if field is None or not field.get("visible", True):
                problems.append("the field being typed into (%s) is not shown whole above the keyboard" % (
                    layout["focused"]))
        if layout.get("content_bottom", 0) > layout["height"] + 0.5:
            problems.append("the %s screen draws down to y %.0f, below the %d px high window" % (
                layout["screen"], layout["content_bottom"], layout["height"]))
        for i in shown:
            if i["y0"] < -0.5 or i["y1"] > layout["height"] + 0.5:
                problems.append("'%s' (%r) is shown beyond the window's height: y %.0f..%.0f" % (
                    i["id"], i["label"], i["y0"], i["y1"]))
        for i in shown:
            w, h = i["x1"] - i["x0"], i["y1"] - i["y0"]
            if min(w, h) < minimum:
                problems.append("'%s' is %.0fx%.0f px, smaller than a %.0f px (12 mm) touch target" % (
                    i["id"], w, h, layout["min_touch_px"]))
        # Under the idle overlay the page's controls are still listed; only the overlay counts.
        if not layout.get("idle_warning"):
            for n, a in enumerate(shown):
                for b in shown[n + 1:]:
                    if min(a["x1"], b["x1"]) - max(a["x0"], b["x0"]) > 1 and \
                       min(a["y1"], b["y1"]) - max(a["y0"], b["y0"]) > 1:
                        problems.append("'%s' and '%s' overlap" % (a["id"], b["id"]))
        for text in problems:
            self.problem("in %s: %s" % (where, text))

    def grab(self):
        """The display as (width, height, rgb bytes)."""
        data = subprocess.run(["import", "-window", "root", "-depth", "8", "ppm:-"], env=self.env,
                              capture_output=True, check=True, timeout=30).stdout
        # P6 header: magic, width, height, maxval, each followed by whitespace.
        fields, at = [], 0
        while len(fields) < 4:
            while data[at:at + 1].isspace():
                at += 1
            start = at
            while not data[at:at + 1].isspace():
                at += 1
            fields.append(data[start:at])
        width, height = int(fields[1]), int(fields[2])
        return width, height, data[at + 1:]

    def pixel(self, x, y, image=None):
        width, _height, rgb = image or self.grab()
        at = ((int(y) + self.offset[1]) * width + int(x) + self.offset[0]) * 3
        return tuple(rgb[at:at + 3])

    def count_colour(self, colour, x0, y0, x1, y1, image=None, enough=None):
        """Pixels of exactly `colour` in the rectangle, counting no further than `enough`."""
        width, _height, rgb = image or self.grab()
        wanted = bytes(colour)
        count = 0
        for y in range(max(0, int(y0)), int(y1)):
            row = (y + self.offset[1]) * width
            line = rgb[(row + int(x0) + self.offset[0]) * 3:(row + int(x1) + self.offset[0]) * 3]
            count += sum(1 for at in range(0, len(line), 3) if line[at:at + 3] == wanted)
            if enough is not None and count >= enough:
                break
        return count

    def tile_fill(self, item_id, image=None, inset=12):
        """A control's fill, sampled `inset` px inside its right edge at half height: inside the
        border, right of every label (tiles keep 1.5 gaps free there) and of a smiley's outline
        (use inset 5 for smileys)."""
        t = self.require(item_id)
        return self.pixel(t["x1"] - inset, (t["y0"] + t["y1"]) / 2, image)

    def wait_fill(self, item_id, fill, inset=12, timeout=3.0):
        """Polls screenshots until the control shows `fill`; returns the last colour seen."""
        deadline = time.monotonic() + timeout
        while True:
            seen = self.tile_fill(item_id, inset=inset)
            if seen == fill or time.monotonic() > deadline:
                return seen
            time.sleep(0.05)

    def choose(self, item_id, fill=SELECTED_FILL, inset=12):
        """Touches an answer and checks that it now looks chosen (its fill colour changed)."""
        self.click(item_id)
        seen = self.wait_fill(item_id, fill, inset)
        if seen != fill:
            raise StepFailed("touched '%s' but it is not shown as chosen: fill rgb%s, expected rgb%s" % (
                item_id, seen, fill))

    def expect_fill(self, item_id, fill, why, inset=12):
        self.scroll_into_view(item_id)
        seen = self.wait_fill(item_id, fill, inset, timeout=0.5)
        if seen != fill:
            raise StepFailed("'%s' has fill rgb%s, expected rgb%s: %s" % (item_id, seen, fill, why))

    # [SECTION] the outbox, through the CLI as staff would use it

    def stats(self):
        done = subprocess.run([self.peilpunt, "stats", "--data-dir", str(self.data_dir)], capture_output=True,
                              text=True, timeout=60)
        if done.returncode != 0:
            raise StepFailed("peilpunt stats failed (%d): %s" % (done.returncode, done.stderr))
        return json.loads(done.stdout)

    def export(self):
        out = self.dir / "export"
        shutil.rmtree(out, ignore_errors=True)
        done = subprocess.run([self.peilpunt, "export", "--out", str(out), "--data-dir", str(self.data_dir)],
                              capture_output=True, text=True, timeout=60)
        if done.returncode != 0:
            raise StepFailed("peilpunt export failed (%d): %s" % (done.returncode, done.stderr))
        lines = (out / "responses.jsonl").read_text(encoding="utf-8").splitlines()
        return [json.loads(line) for line in lines if line.strip()]


def check(condition, message):
    if not condition:
        raise StepFailed(message)
