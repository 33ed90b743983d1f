#!/usr/bin/env python3
"""End to end: a multipletext's boxes by touch, each with its own keyboard and its own errors,
stored as one answer object.

The resident presses Verder on the empty question: the required box says so under its label. A
3 in the age box (the number keypad) is below the box's minimum: that box says so under its own
label, and the empty name box still says so under its. Then 14 and a name typed on the letters keyboard complete it; the outbox holds
{"naam": "Zoë", "leeftijd": 14}, without the box left empty.

**Example**:
    python3 tests/e2e/multiple_text.py --peilpunt build/kiosk/peilpunt --out build/e2e-screens
"""
import pathlib
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
from driver import Kiosk, check, test_arguments

SURVEY = pathlib.Path(__file__).resolve().parent.parent / "data" / "e2e" / "multipletext.json"
BOX = "contact\x1f%d/field"  # kiosk/core/typed_answer.hpp: box_key


def errors_shown(k):
    """Each error message drawn, with the field it stands under: "0" for the name box, "1" for the
    age box, "" for the question's own."""
    return sorted((m["under"].rpartition("\x1f")[2], m["text"]) for m in k.layout()["messages"])


def type_digits(k, field, digits):
    k.click(field, until=lambda d: d.get("keyboard_open"), what="the keypad for " + field)
    k.type_on_screen_keyboard(digits, field)
    k.press_done(until=lambda d: not d.get("keyboard_open"), what="the keypad to close")


def main():
    args = test_arguments(__doc__.splitlines()[0]).parse_args()
    with Kiosk(args.peilpunt, args.out, args.name or "multiple-text-%s" % args.size, size=args.size,
               extra_args=["--survey", str(SURVEY)]) as k:
        k.step("Verder on the empty boxes: the required box says so")
        k.click("start", until=k.on_page("contact"))
        k.click("next", until=lambda d: d.get("errors", 0) > 0, what="the errors")
        k.screenshot("required")
        check(errors_shown(k) == [("0", "Vul je naam in")], "errors shown: %r" % errors_shown(k))

        k.step("an age below the box's minimum: that box's own message")
        type_digits(k, BOX % 1, "3")
        check(k.require(BOX % 1)["label"] == "3", "the age box shows %r" % k.require(BOX % 1)["label"])
        k.click("next", until=lambda d: d.get("errors", 0) > 0, what="the errors")
        k.screenshot("below-minimum")
        check(errors_shown(k) == [("0", "Vul je naam in"), ("1", "Vanaf 4 jaar")], "errors shown: %r" % errors_shown(k))

        k.step("14 and a name complete it")
        k.click(BOX % 1, until=lambda d: d.get("keyboard_open"), what="the keypad")
        wis = next(key for key in k.keyboard_keys() if key["label"] == k.labels["keyboard.backspace"])
        k.click(wis["id"], until=lambda d: (k.item(BOX % 1, d) or {}).get("label") == "", what="the age box emptied")
        k.type_on_screen_keyboard("14", BOX % 1)
        k.press_done(until=lambda d: not d.get("keyboard_open"), what="the keypad to close")
        k.click(BOX % 0, until=lambda d: d.get("keyboard_open"), what="the letters keyboard")
        k.type_on_screen_keyboard("Zoë", BOX % 0)
        k.screenshot("typed")
        k.press_done(until=lambda d: not d.get("keyboard_open"), what="the keyboard to close")
        k.click("next", until=k.on_screen("thanks"), what="the thank-you screen")

        k.step("the outbox holds one answer object with the boxes given")
        responses = k.export()
        check(len(responses) == 1, "the export holds %d responses, expected 1" % len(responses))
        data = responses[0]["data"]
        check(data == {"contact": {"leeftijd": 14, "naam": "Zoë"}}, "stored %r" % data)
        k.check_log_clean()


if __name__ == "__main__":
    sys.exit(main())
