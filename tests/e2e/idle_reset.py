#!/usr/bin/env python3
"""End to end: a resident walks away mid-questionnaire. After idle_timeout_s without input the
kiosk asks "Ben je er nog?", after the countdown it wipes the answers and shows the welcome
screen, and the next resident finds nothing of them: no chosen tile, no typed age, no response.

**Example**:
    python3 tests/e2e/idle_reset.py --peilpunt build/kiosk/peilpunt --out build/e2e-screens
"""
import sys
import time

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
from driver import SELECTED_FILL, SURFACE, Kiosk, check

IDLE_TIMEOUT_S = 15   # the smallest the config accepts
COUNTDOWN_S = 5       # likewise
LATE_S = 4.0          # how late a timer may show on a loaded 2-core CI runner


def main():
    with Kiosk.from_args("idle", __doc__.splitlines()[0], idle_timeout_s=IDLE_TIMEOUT_S,
                         idle_countdown_s=COUNTDOWN_S) as k:
        k.step("start and answer on the first page: a role and an age typed on the keypad")
        k.click("start", until=k.on_page("over-jou"), what="the first page")
        k.choose("rol/0")
        k.click("leeftijd/field", until=lambda d: d.get("keyboard_open"), what="the number keypad")
        k.type_on_screen_keyboard("14", "leeftijd/field")
        k.screenshot("answered")
        last_input = k.last_input_at

        k.step("no input: 'Ben je er nog?' after %d s" % IDLE_TIMEOUT_S)
        layout = k.wait_for(lambda d: d.get("idle_warning"), "the idle overlay",
                            timeout=IDLE_TIMEOUT_S + LATE_S + 2)
        overlay_at = time.monotonic()
        waited = overlay_at - last_input
        check(waited >= IDLE_TIMEOUT_S - 0.5, "the overlay came after %.1f s, before idle_timeout_s %d" % (
            waited, IDLE_TIMEOUT_S))
        check(waited <= IDLE_TIMEOUT_S + LATE_S, "the overlay came after %.1f s, idle_timeout_s is %d" % (
            waited, IDLE_TIMEOUT_S))
        check(layout["screen"] == "questions", "the overlay is over %s, not the questions" % layout["screen"])
        for control in ("still_here", "stop_now"):
            k.require(control, layout)
        k.screenshot("are-you-still-there")

        k.step("no input: back to the welcome screen after the %d s countdown" % COUNTDOWN_S)
        layout = k.wait_for(k.on_screen("welcome"), "the welcome screen after the countdown",
                            timeout=COUNTDOWN_S + LATE_S + 2)
        counted = time.monotonic() - overlay_at
        check(counted >= COUNTDOWN_S - 1.0, "the answers were wiped %.1f s after the overlay, before the "
              "%d s countdown ended" % (counted, COUNTDOWN_S))
        check(not layout.get("idle_warning"), "the idle overlay is still up on the welcome screen")
        k.screenshot("welcome-after-reset")
        stats = k.stats()
        check(stats["total"] == 0, "a wiped session left %d responses in the outbox" % stats["total"])

        k.step("the next resident starts: nothing of the previous answers shows")
        k.click("start", until=k.on_page("over-jou"), what="the first page")
        image = k.grab()
        for index in range(5):
            seen = k.tile_fill("rol/%d" % index, image)
            check(seen == SURFACE, "rol/%d has fill rgb%s after the reset, expected white rgb%s (chosen is "
                  "rgb%s)" % (index, seen, SURFACE, SELECTED_FILL))
        check(k.item("leeftijd/field") is None, "the age field shows before a role was chosen")
        check(k.layout().get("errors", 0) == 0, "validation messages from the previous session show")
        k.screenshot("fresh-first-page")
        k.choose("rol/0")
        age = k.require("leeftijd/field")["label"]
        check(age == "", "the age field shows %r typed by the previous resident" % age)
        k.check_log_clean()


if __name__ == "__main__":
    sys.exit(main())
