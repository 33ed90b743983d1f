#!/usr/bin/env python3
"""End to end: a resident answers the default questionnaire (Jeugdakkoord Midden-Drenthe) in
Dutch from welcome to thank-you by touch only, and the response is then in the outbox exactly.

Three residents take different routes through its visibleIf rules:
  professional  (default, 1280x800): radio tiles, the dropdown list, smileys, numbers, checkboxes
                with their maximum of 3, the matrix, yes/no, the contact panel, an email field,
                and "Zoë speelt graag" typed on the on-screen keyboard.
  jongere       (run at 1920x1080, age 16): the number keypad (age), a scrolled dropdown list, the
                "jouw-tijd" page only young people of 12 and over see, an "other" comment typed
                with a shift mid-text ("Dansen met Zoë"), "none" clearing the other checkboxes,
                a hidden page.
  kind          (1280x800, age 9, big text on): the age is required; then only the children's path: four
                smileys, who they talk to, what they would like (a choice, so nothing has to be
                typed) and done. No page or question of the older paths ever shows.

**Example**:
    python3 tests/e2e/fill_questionnaire.py --peilpunt build/kiosk/peilpunt --out build/e2e-screens \\
        --size 1920x1080 --respondent jongere
"""
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
from driver import PRIMARY, SURFACE, Kiosk, check, test_arguments

SMILEY_INSET = 5  # see Kiosk.tile_fill


def next_page(k, page):
    k.click("next", until=k.on_page(page), what="page '%s'" % page)
    # A new page starts at its top, shown at once (not at the next touch).
    k.check_not_stale("page '%s' after 'Verder'" % page)


def rate_smileys(k, answers):
    for question, index in answers.items():
        k.choose("%s/rate/%d" % (question, index), inset=SMILEY_INSET)


def type_into(k, field, text):
    k.click(field, until=lambda d: d.get("keyboard_open"), what="the on-screen keyboard for " + field)
    k.screenshot("keyboard-" + field.split("/")[0])
    k.type_on_screen_keyboard(text, field)
    k.press_done(until=lambda d: not d.get("keyboard_open"), what="the keyboard to close")
    check(k.require(field)["label"] == text, "%s shows %r after closing the keyboard, typed %r" % (
        field, k.require(field)["label"], text))


def pick_from_dropdown(k, question, index, label):
    k.click(question + "/dropdown", until=k.shows(question + "/list/0"), what="the full-screen list of " + question)
    k.screenshot(question + "-list")
    item = "%s/list/%d" % (question, index)
    check(k.require(item)["label"] == label, "%s is %r, expected %r" % (item, k.require(item)["label"], label))
    k.click(item, until=k.shows(question + "/dropdown"), what="the page again after choosing " + label)
    shown = k.require(question + "/dropdown")["label"]
    check(shown == label, "the dropdown shows %r after choosing %r" % (shown, label))


def question_names(layout):
    """The questions whose controls are in the frame (ids are "<question>/<part>")."""
    return {i["id"].split("/")[0] for i in layout["items"] if "/" in i["id"]}


def only_questions(k, allowed, where):
    shown = question_names(k.wait_settled())
    check(shown <= set(allowed), "%s shows questions outside the path: %s" % (where, sorted(shown - set(allowed))))
    return shown


def welcome_to_first_page(k):
    k.step("welcome screen")
    k.screenshot("welcome")
    k.click("start", until=k.on_page("over-jou"), what="the first page")
    k.step("'Verder' without the required answer shows a message and stays")
    layout = k.click("next", until=lambda d: d.get("errors", 0) > 0, what="a validation message")
    check(layout["page"] == "over-jou", "went on to %s without the required 'rol'" % layout["page"])
    k.screenshot("over-jou-required")


def professional(k):
    welcome_to_first_page(k)
    k.step("over-jou: role tile and the dropdown list")
    k.choose("rol/2")
    check(k.item("leeftijd/field") is None, "the age field shows for a professional (visibleIf rol = jongere)")
    pick_from_dropdown(k, "woonplaats", 1, "Beilen")
    k.screenshot("over-jou")
    next_page(k, "opgroeien")

    k.step("opgroeien: smileys and a 1-10 score")
    rate_smileys(k, {"veilig": 3, "plekken": 1})
    k.choose("cijfer/rate/7", fill=PRIMARY)
    k.screenshot("opgroeien")
    # rol = professional: "jouw-tijd" (young people only) is skipped.
    next_page(k, "hulp")

    k.step("hulp: checkboxes and the matrix")
    check(k.item("kind_praten/0") is None, "the children's question shows to a professional")
    k.choose("hulp_wie/0")
    k.choose("hulp_wie/6")
    k.choose("hulp_toegang/0/3")
    k.choose("hulp_toegang/4/1")
    check(k.item("rompslomp/field") is not None, "the red-tape comment did not appear for papieren <= 2")
    k.screenshot("hulp")
    next_page(k, "jouw-werk")

    k.step("jouw-werk: sector and a 1-5 rating")
    k.choose("sector/1")
    k.choose("samenwerking/rate/3", fill=PRIMARY)
    check(k.item("vrijwilliger_waar/0") is None, "volunteer questions show for a professional")
    k.screenshot("jouw-werk")
    next_page(k, "jouw-idee")

    k.step("jouw-idee: at most three themes, and a comment typed on the on-screen keyboard")
    check(k.item("kind_wens/0") is None, "the children's wishes show to a professional")
    for index in (0, 5, 8):
        k.choose("themas/%d" % index)
    k.click("themas/3")
    k.expect_fill("themas/3", SURFACE, "a fourth theme was taken beyond maxSelectedChoices 3")
    type_into(k, "verandering/field", "Zoë speelt graag")
    k.screenshot("jouw-idee")
    next_page(k, "meepraten")

    k.step("meepraten: yes shows the contact panel; an email address on the email keyboard")
    check(k.item("naam/field") is None, "the contact panel shows before 'yes'")
    k.choose("vervolg/true", fill=PRIMARY)
    k.wait_for(k.shows("email/field"), "the contact panel after 'yes'")
    type_into(k, "email/field", "ed@ggd.nl")
    k.screenshot("meepraten")
    return {
        "rol": "professional", "woonplaats": "Beilen",
        "veilig": 4, "plekken": 2, "cijfer": 8,
        "hulp_wie": ["familie", "cjg"],
        "hulp_toegang": {"weten": 4, "papieren": 2},
        "sector": "jeugdhulp", "samenwerking": 4,
        "themas": ["veilig", "snelle-hulp", "minder-regels"], "verandering": "Zoë speelt graag",
        "vervolg": True, "email": "ed@ggd.nl",
    }


def jongere(k):
    welcome_to_first_page(k)
    k.step("over-jou: age on the number keypad, a place far down the list")
    k.choose("rol/0")
    k.wait_for(k.shows("leeftijd/field"), "the age field for a young person")
    # A comma tapped twice is no number: the page stays, with a message beside the field.
    type_into(k, "leeftijd/field", "1,,6")
    k.click("next", until=lambda d: d.get("errors", 0) == 1, what="one message: the age is no number")
    check(k.layout()["page"] == "over-jou", "the page stays while the age is no number")
    k.screenshot("over-jou-not-a-number")
    k.click("leeftijd/field", until=lambda d: d.get("keyboard_open"), what="the keypad for the age again")
    wipe = next(key for key in k.keyboard_keys() if key["label"] == k.labels["keyboard.backspace"])
    for left in ("1,,", "1,", "1", ""):
        k.click(wipe["id"], until=lambda d, e=left: (k.item("leeftijd/field", d) or {}).get("label") == e,
                what="the age field to show %r" % left)
    k.type_on_screen_keyboard("16", "leeftijd/field")
    k.press_done(until=lambda d: not d.get("keyboard_open"), what="the keyboard to close")
    pick_from_dropdown(k, "woonplaats", 17, "Westerbork")
    k.screenshot("over-jou")
    # 16: past the children's page ("kind") to the one for everyone of 12 and over.
    next_page(k, "opgroeien")

    k.step("opgroeien")
    rate_smileys(k, {"veilig": 0, "school": 2, "sport": 4, "plekken": 3})
    k.choose("cijfer/rate/6", fill=PRIMARY)
    k.screenshot("opgroeien")
    next_page(k, "jouw-tijd")

    k.step("jouw-tijd: checkboxes with 'other' and its comment, truancy question")
    for index in (0, 3, 7):
        k.choose("vrije_tijd/%d" % index)
    type_into(k, "vrije_tijd-Comment/field", "Dansen met Zoë")
    check(k.item("school_hulp/field") is None, "the school-help comment shows before 'spijbelen'")
    k.choose("spijbelen/1")
    k.wait_for(k.shows("school_hulp/field"), "the school-help comment after 'soms'")
    k.screenshot("jouw-tijd")
    next_page(k, "hulp")

    k.step("hulp: 'none' clears the other choices")
    k.choose("hulp_wie/1")
    k.choose("hulp_wie/9")
    k.expect_fill("hulp_wie/1", SURFACE, "'Geen van deze' must clear the other choices")
    check(k.item("hulp_toegang/0/0") is None, "the matrix for parents and professionals shows to a young person")
    k.screenshot("hulp")
    # Nothing on "jouw-werk" is for a young person: the page is skipped.
    next_page(k, "jouw-idee")

    k.step("jouw-idee")
    k.choose("themas/3")
    k.choose("themas/2")
    k.screenshot("jouw-idee")
    next_page(k, "meepraten")

    k.step("meepraten: no")
    k.choose("vervolg/false", fill=PRIMARY)
    check(k.item("naam/field") is None, "the contact panel shows after 'no'")
    k.screenshot("meepraten")
    return {
        "rol": "jongere", "leeftijd": 16, "woonplaats": "Westerbork",
        "veilig": 1, "school": 3, "sport": 5, "plekken": 4, "cijfer": 7,
        "vrije_tijd": ["sport", "gamen", "other"], "vrije_tijd-Comment": "Dansen met Zoë",
        "spijbelen": "soms", "hulp_wie": ["none"], "themas": ["sport", "school"], "vervolg": False,
    }


def kind(k):
    # A child with big text (issue 7): the default questionnaire's screens at 1.4x, their
    # layout checked at every screenshot like all others.
    k.step("welcome: 'Grote letters'")
    normal = k.layout()["touch_px"]
    k.click("big_text", until=lambda d: d["big_text"] and d["touch_px"] > normal * 1.3, what="big text")
    welcome_to_first_page(k)
    k.step("over-jou: the age is required, typed on the number keypad")
    k.choose("rol/0")
    k.wait_for(k.shows("leeftijd/field"), "the age field for a child")
    layout = k.click("next", until=lambda d: d.get("errors", 0) > 0, what="the message that the age is missing")
    check(layout["page"] == "over-jou", "went on to %s without an age" % layout["page"])
    k.screenshot("over-jou-age-required")
    type_into(k, "leeftijd/field", "9")
    pick_from_dropdown(k, "woonplaats", 9, "Hooghalen")
    k.screenshot("over-jou")
    next_page(k, "kind")

    k.step("kind: four smileys and nothing else")
    faces = ("kind_thuis", "kind_school", "kind_buiten", "kind_veilig")
    shown = only_questions(k, faces, "the children's page")
    k.screenshot("kind")
    for question in faces:
        k.scroll_into_view(question + "/rate/4")
        shown |= only_questions(k, faces, "the children's page, scrolled")
    check(shown == set(faces), "the children's page shows %s, expected %s" % (sorted(shown), list(faces)))
    rate_smileys(k, {"kind_thuis": 4, "kind_school": 3, "kind_buiten": 4, "kind_veilig": 2})
    k.screenshot("kind-answered")
    next_page(k, "hulp")

    k.step("hulp: who a child talks to; no help matrix, no question for adults")
    only_questions(k, ["kind_praten"], "the help page for a child")
    k.choose("kind_praten/0")
    k.choose("kind_praten/2")
    k.scroll_into_view("kind_praten/6")  # "Met niemand", the last tile
    only_questions(k, ["kind_praten"], "the help page for a child, scrolled")
    k.screenshot("hulp")
    next_page(k, "jouw-idee")

    k.step("jouw-idee: wishes to tap; the open question may stay empty; this is the last page")
    only_questions(k, ["kind_wens", "verandering"], "the ideas page for a child")
    k.choose("kind_wens/0")
    k.choose("kind_wens/3")
    k.scroll_into_view("verandering/field")
    only_questions(k, ["kind_wens", "verandering"], "the ideas page for a child, scrolled")
    finish = k.require("next")["label"]
    check(finish == k.labels["questions.finish"], "the last button says %r, expected %r: the child path has more "
          "pages (meepraten and its contact panel are not for children)" % (finish, k.labels["questions.finish"]))
    k.screenshot("jouw-idee")
    return {
        "rol": "jongere", "leeftijd": 9, "woonplaats": "Hooghalen",
        "kind_thuis": 5, "kind_school": 4, "kind_buiten": 5, "kind_veilig": 3,
        "kind_praten": ["ouders", "vriend"], "kind_wens": ["speelplek", "pesten"],
    }


def main():
    parser = test_arguments(__doc__.splitlines()[0])
    routes = {"professional": professional, "jongere": jongere, "kind": kind}
    parser.add_argument("--respondent", choices=sorted(routes), default="professional")
    args = parser.parse_args()
    name = args.name or "fill-%s-%s" % (args.respondent, args.size)
    with Kiosk(args.peilpunt, args.out, name, size=args.size) as k:
        expected = routes[args.respondent](k)

        k.step("finish: the thank-you screen shows once the response is stored")
        k.click("next", until=k.on_screen("thanks"), what="the thank-you screen")
        # The outbox commits before "thank you" shows (issue 5), so it is there already.
        stats = k.stats()
        check(stats["total"] == 1 and stats["pending"] == 1,
              "the outbox holds %s responses (%s pending) on the thank-you screen, expected 1" % (
                  stats["total"], stats["pending"]))
        k.screenshot("thanks")
        k.click("to_welcome", until=k.on_screen("welcome"), what="the welcome screen")
        k.screenshot("welcome-again")
        k.check_log_clean()

        k.step("the export holds exactly the answers given")
        responses = k.export()
        check(len(responses) == 1, "the export holds %d responses, expected 1" % len(responses))
        response = responses[0]
        check(response["status"] == "complete" and response["locale"] == "nl",
              "status %r, locale %r" % (response["status"], response["locale"]))
        check(response["survey"]["id"] == "jeugdakkoord-midden-drenthe", "survey %r" % response["survey"])
        data = response["data"]
        if data != expected:
            wrong = sorted(key for key in set(data) | set(expected) if data.get(key) != expected.get(key))
            check(False, "the stored answers differ from those given at: " + ", ".join(
                "%s: stored %r, given %r" % (key, data.get(key), expected.get(key)) for key in wrong))


if __name__ == "__main__":
    sys.exit(main())
