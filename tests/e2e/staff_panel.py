#!/usr/bin/env python3
"""End to end: staff after one response. Holding the top-left corner opens the PIN pad; a wrong
PIN shows a message, the right one the staff panel; staff rename today's event on the on-screen
keyboard, export to the tablet's folder (manifest and responses there), close the panel, come
back and quit the kiosk, which then exits with code 0.

**Example**:
    python3 tests/e2e/staff_panel.py --peilpunt build/kiosk/peilpunt --out build/e2e-screens
"""
import json
import sys
import time

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
from driver import ERROR_TEXT, Kiosk, check

CORNER_HOLD_S = 3.3  # FlowSettings::staff_hold is 3 s
EVENT = "Kenniscafé Beilen"


def one_response(k):
    k.click("start", until=k.on_page("over-jou"), what="the first page")
    k.choose("rol/3")
    # Only the role is required: "Verder" through every page the role makes visible.
    for _ in range(10):
        page = k.layout().get("page")
        layout = k.click("next", until=lambda d, p=page: d.get("screen") == "thanks" or d.get("page") != p,
                         what="the page after '%s'" % page)
        if layout["screen"] == "thanks":
            break
    check(k.layout()["screen"] == "thanks", "no thank-you screen after 10 pages")
    k.click("to_welcome", until=k.on_screen("welcome"), what="the welcome screen")


def error_pixels(k, layout):
    """Pixels in the error colour in the band above the PIN pad's keys, where its message shows
    (counted up to 50: text a resident can read has far more)."""
    top_key = min(i["y0"] for i in layout["items"] if i["id"].startswith("pin_"))
    return k.count_colour(ERROR_TEXT, 0, top_key - k.height * 0.15, k.width, top_key, enough=50)


def unlock(k, pin, shot):
    k.hold(10, 10, CORNER_HOLD_S)
    layout = k.wait_for(k.on_screen("pin_pad"), "the PIN pad after holding the corner %.1f s" % CORNER_HOLD_S)
    check(error_pixels(k, layout) < 50, "the PIN pad shows a message before any PIN was typed")
    if shot:
        k.screenshot("pin-pad")
    for digit in pin:
        k.click("pin_" + digit)
    # While the PIN is checked the keys are greyed and "Even controleren…" shows in the error colour:
    # the answer is there when the keys take touches again.
    return k.click("pin_ok", until=lambda d: d["screen"] != "pin_pad" or (keys_ready(d) and error_pixels(k, d) >= 50),
                   what="the PIN to be checked")


def keys_ready(layout):
    return all(i.get("enabled", True) for i in layout["items"] if i["id"].startswith("pin_") and i["id"] != "pin_ok")


def main():
    with Kiosk.from_args("staff", __doc__.splitlines()[0]) as k:
        k.step("one response through the questionnaire")
        one_response(k)

        k.step("hold the corner, a wrong PIN: a message, still the PIN pad")
        layout = unlock(k, "9999", shot=True)
        check(layout["screen"] == "pin_pad", "a wrong PIN opened %s" % layout["screen"])
        check(error_pixels(k, layout) >= 50, "no message after a wrong PIN")
        k.screenshot("wrong-pin")

        k.step("the right PIN opens the staff panel")
        for digit in "1234":
            k.click("pin_" + digit)
        k.click("pin_ok", until=k.on_screen("staff"), what="the staff panel after the right PIN")
        # No "change_pin": the PIN comes from the config, which staff cannot change on the tablet.
        for control in ("edit_event", "export_local", "quit", "close_staff"):
            k.require(control)
        check(k.item("change_pin") is None, "the panel offers to change a PIN that the config sets")
        k.screenshot("staff-panel")

        k.step("rename today's event on the on-screen keyboard")
        k.click("edit_event", until=k.shows("event_field"), what="the event name editor")
        k.screenshot("event-editor")
        k.type_on_screen_keyboard(EVENT, "event_field")
        k.press_done(until=k.shows("edit_event"), what="the staff panel after 'Klaar'")
        stored = (k.data_dir / "event-name.txt").read_text(encoding="utf-8").strip()
        check(stored == EVENT, "event-name.txt holds %r, typed %r" % (stored, EVENT))

        k.step("export to the folder on the tablet")
        exports = k.data_dir / "exports"
        k.click("export_local")
        deadline = time.monotonic() + 15
        manifests = []
        while not manifests and time.monotonic() < deadline:
            manifests = sorted(exports.glob("peilpunt-e2e-tablet-*/manifest.json"))
            time.sleep(0.1)
        check(manifests, "no export with a manifest.json under %s after 15 s" % exports)
        folder = manifests[0].parent
        json.loads(manifests[0].read_text(encoding="utf-8"))
        lines = [line for line in (folder / "responses.jsonl").read_text(encoding="utf-8").splitlines() if line]
        check(len(lines) == 1, "the export holds %d responses, expected 1" % len(lines))
        check(json.loads(lines[0])["data"].get("rol") == "vrijwilliger", "the exported response: %s" % lines[0])
        # The result message shows under the export buttons: scroll the column down to see it.
        k.scroll_into_view("quit")
        k.screenshot("exported")

        k.step("close the panel")
        k.click("close_staff", until=k.on_screen("welcome"), what="the welcome screen")

        k.step("back in with the PIN, and quit: the process ends with exit code 0")
        layout = unlock(k, "1234", shot=False)
        check(layout["screen"] == "staff", "the right PIN opened %s" % layout["screen"])
        k.click("quit", until=k.shows("quit_yes"), what="the quit confirmation")
        k.screenshot("quit-confirm")
        k.click("quit_yes", exits=True)
        code = k.app_exit_code(timeout=15)
        check(code == 0, "the kiosk exited with code %d after staff quit, expected 0" % code)
        k.check_log_clean()


if __name__ == "__main__":
    sys.exit(main())
