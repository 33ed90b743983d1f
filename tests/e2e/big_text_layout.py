#!/usr/bin/env python3
"""End to end (issue 7): with "Grote letters" chosen on the welcome screen, every kind of question
still lays out: each control inside the window, none overlapping another, every label inside its
control, touch targets 1.4 times as large. Also: "Lees de vragen voor" hands each new page's text
to espeak-ng, and the next person starts with both switches off again.

It walks tests/data/layout/every-question-type.json (radio tiles with a long word and "other",
checkboxes with "none", the dropdown list, smileys with a word under each face, stars, numbers,
yes/no, a matrix, text / number / date / email / multipletext / comment fields with their keyboards open, html, a
panel) and checks the layout of every screenshot (driver.check_layout).

**Example**:
    python3 tests/e2e/big_text_layout.py --peilpunt build/kiosk/peilpunt --out build/e2e-screens --size 1920x1080
"""
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
from driver import SOURCE_DIR, Kiosk, check

SURVEY = SOURCE_DIR / "tests/data/layout/every-question-type.json"
SCALE = 1.4  # App::big_text_scale
SMILEY_INSET = 5


def shot(k, name):
    """A screenshot, its layout checked (driver.check_layout), and at big text every control but
    the keyboard's keys at least the 1.4 times larger touch size."""
    k.screenshot(name)
    layout = k.layout()
    if not layout["big_text"]:
        return
    for i in layout["items"]:
        w, h = i["x1"] - i["x0"], i["y1"] - i["y0"]
        if not i["id"].startswith("key") and min(w, h) < layout["touch_px"] - 0.5:
            k.problem("in %s: '%s' is %.0fx%.0f px, smaller than the big-text touch size %.0f px" % (
                name, i["id"], w, h, layout["touch_px"]))


def next_page(k, page):
    k.click("next", until=k.on_page(page), what="page '%s'" % page)


def type_in_each_field(k, fields):
    for field, text in fields:
        k.click(field, until=lambda d: d.get("keyboard_open"), what="the keyboard for " + field)
        shot(k, "keyboard-" + field.split("/")[0].replace("\x1f", "-"))
        k.type_on_screen_keyboard(text, field)
        k.press_done(until=lambda d: not d.get("keyboard_open"), what="the keyboard to close")


def main():
    with Kiosk.from_args("big-text", __doc__.splitlines()[0], extra_args=["--survey", str(SURVEY)]) as k:
        k.step("welcome at normal size, then 'Grote letters'")
        normal = k.layout()
        check(not normal["big_text"] and not normal["read_aloud"], "the switches start on")
        shot(k, "welcome")
        big = k.click("big_text", until=lambda d: d["big_text"] and d["touch_px"] > normal["touch_px"] * 1.3,
                      what="larger text and controls")
        check(abs(big["touch_px"] / normal["touch_px"] - SCALE) < 0.03,
              "touch targets grew %.2fx, not %.1fx" % (big["touch_px"] / normal["touch_px"], SCALE))
        check(abs(big["font_px"] / normal["font_px"] - SCALE) < 0.05,
              "text grew %.2fx, not %.1fx" % (big["font_px"] / normal["font_px"], SCALE))
        shot(k, "welcome-big")

        k.step("'Lees de vragen voor' says so, then reads each page as it appears")
        layout = k.click("read_aloud", until=lambda d: d["read_aloud"], what="read-aloud switched on")
        check(layout["spoken"] == k.labels["welcome.read_aloud_on"], "read-aloud said %r" % layout["spoken"])
        layout = k.click("start", until=k.on_page("keuze"), what="the first page")
        check(layout["spoken"].startswith("Kiezen uit een lijst") and "Wie ben jij?" in layout["spoken"]
              and "Waar woon je?" in layout["spoken"], "page 1 read aloud as %r" % layout["spoken"])
        shot(k, "keuze")

        k.step("choice tiles, 'other' with its field, 'none', the dropdown list")
        k.choose("rol/4")  # "Iets anders": its text field appears
        other = next(i["id"] for i in k.layout()["items"] if i["id"].startswith("rol") and i["id"].endswith("/field"))
        type_in_each_field(k, [(other, "Oma")])
        k.choose("hobby/0")
        k.choose("hobby/5")  # "Niets van dit"
        shot(k, "keuze-answered")
        k.click("dorp/dropdown", until=k.shows("dorp/list/0"), what="the list of villages")
        shot(k, "dorp-list")
        k.click("dorp/list/11", until=k.shows("dorp/dropdown"), what="the page after choosing")
        layout = next_page(k, "waarderen")

        k.step("smileys with their words, stars, numbers, yes/no")
        spoken = k.layout()["spoken"]
        check(spoken.startswith("Een cijfer of een gezicht") and "Heel slecht" in spoken,
              "page 2 read aloud as %r" % spoken)
        k.choose("smileys/rate/4", inset=SMILEY_INSET)
        k.choose("smileys_ends/rate/0", inset=SMILEY_INSET)
        shot(k, "smileys")
        k.click("sterren/rate/3")
        k.click("cijfer/rate/9")
        k.click("ja_nee/true")
        shot(k, "waarderen")
        next_page(k, "tabel")

        k.step("matrix")
        k.choose("hulp/0/2")
        k.choose("hulp/1/0")
        shot(k, "tabel")
        next_page(k, "typen")

        k.step("text, number, date, email, multipletext and comment fields with the keyboard open")
        type_in_each_field(k, [("naam/field", "Vv Beilen"), ("leeftijd/field", "12"), ("datum/field", "1"),
                               ("mail/field", "a@b.nl"), ("adres\x1f0/field", "Dorpsstraat"), ("adres\x1f1/field", "7"),
                               ("idee/field", "Een skatebaan")])
        shot(k, "typen")
        next_page(k, "groep")

        k.step("html, a panel, an expression")
        shot(k, "groep")

        k.step("'Ben je er nog?' at big text, after the idle time")
        k.wait_for(lambda d: d.get("idle_warning"), "the idle question", timeout=k.idle_timeout_s + 8)
        shot(k, "idle")
        k.click("still_here", until=lambda d: not d.get("idle_warning"), what="the page again")
        k.click("next", until=k.on_screen("thanks"), what="the thank-you screen")
        shot(k, "thanks")

        k.step("the next person starts with normal text and without read-aloud")
        k.click("to_welcome", until=k.on_screen("welcome"), what="the welcome screen")
        layout = k.wait_for(lambda d: d["touch_px"] == normal["touch_px"], "normal-size controls again")
        check(not layout["big_text"] and not layout["read_aloud"], "a switch stayed on for the next person")
        shot(k, "welcome-next-person")
        check(k.stats()["total"] == 1, "the response is not in the outbox once")


if __name__ == "__main__":
    main()
