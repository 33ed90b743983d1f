#!/usr/bin/env node
// Generates seeded random questionnaires that combine properties the way authors do in SurveyJS
// Creator: a static "visible": false together with a visibleIf, "readOnly" with an enableIf,
// "isRequired" with a requiredIf, on questions, panels and pages; defaultValue and
// defaultValueExpression that the answers then overwrite, or not; triggers of every kind, the
// questions' own too (resetValueIf, setValueIf, setValueExpression); a start
// page, a preview before completing, and each way of clearing hidden answers. Hand-written
// questionnaires in surveys/ test one feature each; these test the features together, where bugs
// hide.
//
// Example:
//   node gen-surveys.js [--count 40] [--seed 7] --out DIR     # writes DIR/gen-000.json ...
//   const { generateSurvey } = require("./gen-surveys"); generateSurvey(7);
"use strict";

const fs = require("fs");
const path = require("path");
const { mulberry32, pick, chance, intBetween } = require("./prng");
const { writtenValue } = require("./answers");

const WORDS = ["ja", "nee", "sport", "school", "thuis", "buurt", "anders", "vrienden"];

// [SECTION] Questions

function choiceList(rnd) {
  const n = intBetween(rnd, 2, 5);
  const numeric = chance(rnd, 0.3);
  return Array.from({ length: n }, (_, i) => (numeric ? i + 1 : `${pick(rnd, WORDS)}${i}`));
}

function makeQuestion(rnd, name) {
  const type = pick(rnd, ["radiogroup", "radiogroup", "checkbox", "dropdown", "boolean", "rating", "text", "text", "comment", "matrix", "multipletext"]);
  const q = { type, name, title: `Vraag ${name}` };
  switch (type) {
    case "radiogroup":
    case "checkbox":
    case "dropdown":
      q.choices = choiceList(rnd);
      if (chance(rnd, 0.2)) q.showOtherItem = true;
      if (chance(rnd, 0.15)) q.showNoneItem = true;
      break;
    case "rating":
      if (chance(rnd, 0.3)) q.rateMax = intBetween(rnd, 3, 10);
      break;
    case "text":
      if (chance(rnd, 0.4)) q.inputType = "number";
      else if (chance(rnd, 0.3))
        q.inputType = pick(rnd, ["date", "datetime-local", "month", "week", "time", "range", "password", "color", "Date", "datetime", "TIME"]);
      if (q.inputType && chance(rnd, 0.5)) textBounds(rnd, q);
      break;
    case "matrix":
      q.rows = ["r1", "r2"];
      q.columns = [1, 2, 3];
      break;
    case "multipletext":
      q.items = ["a", "b", "c"].slice(0, intBetween(rnd, 1, 3)).map((box) => {
        const item = { name: box, title: `Vak ${box}` };
        if (chance(rnd, 0.3)) item.inputType = pick(rnd, ["number", "email", "date", "time"]);
        if (chance(rnd, 0.25)) item.isRequired = true;
        if (chance(rnd, 0.15)) item.validators = [pick(rnd, [{ type: "numeric", minValue: 2 }, { type: "text", maxLength: 5 }, { type: "regex", regex: "^[a-z]+$" }])];
        return item;
      });
      break;
    default:
      break;
  }
  return q;
}

// A multipletext's box as the text question it is inside it.
const boxAsText = (box) => ({ type: "text", inputType: box.inputType });

// min, max and step as authors write them, now and then of the wrong kind for the inputType
// (survey-core drops a number on a time input, a text on a number input).
function textBounds(rnd, q) {
  const type = q.inputType.toLowerCase() === "datetime" ? "datetime-local" : q.inputType.toLowerCase();
  const numeric = type === "number" || type === "range";
  const bound = () => {
    if (chance(rnd, 0.1)) return numeric ? pick(rnd, ["abc", "2026-01-01"]) : intBetween(rnd, 1, 20);
    if (numeric) return chance(rnd, 0.2) ? String(intBetween(rnd, 0, 50)) : intBetween(rnd, 0, 50);
    return writtenValue(rnd, type) || "x";
  };
  if (chance(rnd, 0.7)) q.min = bound();
  if (chance(rnd, 0.7)) q.max = bound();
  if (type === "number" && chance(rnd, 0.3)) q.step = pick(rnd, [1, 2, 0.5, "any", "5"]);
}

// [SECTION] Conditions on earlier questions, as authors write them

function valueOf(rnd, q) {
  switch (q.type) {
    case "radiogroup":
    case "dropdown":
    case "checkbox":
      return pick(rnd, q.choices);
    case "boolean":
      return chance(rnd, 0.5);
    case "rating":
      return intBetween(rnd, 1, q.rateMax || 5);
    case "text": {
      const type = (q.inputType || "text").toLowerCase();
      if (type === "number" || type === "range") return intBetween(rnd, 0, 20);
      return writtenValue(rnd, type === "datetime" ? "datetime-local" : type) || pick(rnd, WORDS);
    }
    case "multipletext":
      return Object.fromEntries(q.items.filter(() => chance(rnd, 0.7)).map((box) => [box.name, valueOf(rnd, boxAsText(box))]));
    default:
      return pick(rnd, WORDS);
  }
}

const literal = (v) => (typeof v === "string" ? `'${v}'` : String(v));

function conditionOn(rnd, earlier) {
  const usable = earlier.filter((q) => q.type !== "matrix" && q.type !== "expression");
  if (usable.length === 0) return null;
  let q = pick(rnd, usable);
  let ref = `{${q.name}}`;
  if (q.type === "multipletext") {  // a condition reads one of its boxes
    const box = pick(rnd, q.items);
    ref = `{${q.name}.${box.name}}`;
    q = boxAsText(box);
  }
  const v = valueOf(rnd, q);
  const forms = [
    () => `${ref} = ${literal(v)}`,
    () => `${ref} <> ${literal(v)}`,
    () => `${ref} notempty`,
    () => `${ref} empty`,
  ];
  if (q.type === "checkbox") forms.push(() => `${ref} contains ${literal(v)}`, () => `${ref} anyof [${literal(v)}, ${literal(pick(rnd, q.choices))}]`);
  if (typeof v === "number") forms.push(() => `${ref} > ${v}`, () => `${ref} <= ${v}`);
  if (q.type === "boolean") forms.push(() => `${ref} = true`, () => `${ref} = false`);
  let text = pick(rnd, forms)();
  if (chance(rnd, 0.2)) {
    const other = conditionOn(rnd, usable.filter((x) => x !== q));
    if (other) text = `${text} ${pick(rnd, ["and", "or"])} ${other}`;
  }
  return text;
}

// A static state and, often, an expression for the same state: survey-core lets the expression win.
function addStates(rnd, el, earlier) {
  if (chance(rnd, 0.2)) el.visible = false;
  if (chance(rnd, 0.4)) {
    const c = conditionOn(rnd, earlier);
    if (c) el.visibleIf = c;
  }
  if (el.type === "html") return;
  if (chance(rnd, 0.15)) el.readOnly = true;
  if (chance(rnd, 0.2)) {
    const c = conditionOn(rnd, earlier);
    if (c) el.enableIf = c;
  }
  if (chance(rnd, 0.3)) el.isRequired = true;
  if (chance(rnd, 0.25)) {
    const c = conditionOn(rnd, earlier);
    if (c) el.requiredIf = c;
  }
}

// A default answer, or one computed from earlier answers, that the answer set may overwrite.
function addDefault(rnd, q, earlier) {
  if (q.type === "matrix") return;
  if (chance(rnd, 0.12)) q.defaultValue = q.type === "checkbox" ? [valueOf(rnd, q)] : valueOf(rnd, q);
  if (chance(rnd, 0.12)) {
    const sources = earlier.filter((x) => x.type !== "matrix");
    const forms = [() => `today()`];
    if (q.type !== "checkbox" && q.type !== "boolean" && q.type !== "multipletext") forms.push(() => literal(valueOf(rnd, q)));
    if (sources.length > 0) {
      const src = pick(rnd, sources);
      forms.push(() => `{${src.name}}`);
      if (q.type !== "multipletext") forms.push(() => `iif({${src.name}} notempty, ${literal(valueOf(rnd, q))}, '')`);
      if (q.type === "text" && q.inputType === "number") forms.push(() => `{${src.name}} + 1`);
    }
    q.defaultValueExpression = pick(rnd, forms)();
  }
}

// [SECTION] Questionnaires

function generateSurvey(seed) {
  const rnd = mulberry32(seed);
  const earlier = [];
  let n = 0;
  const nextQuestion = () => {
    const q = makeQuestion(rnd, `q${++n}`);
    addStates(rnd, q, earlier);
    addDefault(rnd, q, earlier);
    earlier.push(q);
    return q;
  };
  const pages = [];
  const pageCount = intBetween(rnd, 1, 4);
  for (let p = 0; p < pageCount; p++) {
    const page = { name: `pagina${p + 1}`, elements: [] };
    if (p > 0) {
      if (chance(rnd, 0.15)) page.visible = false;
      if (chance(rnd, 0.3)) {
        const c = conditionOn(rnd, earlier);
        if (c) page.visibleIf = c;
      }
    }
    // A required page wants one answer among its questions; with requiredIf only while it holds.
    if (chance(rnd, 0.08)) page.isRequired = true;
    if (p > 0 && chance(rnd, 0.12)) {
      const c = conditionOn(rnd, earlier);
      if (c) page.requiredIf = c;
    }
    const count = intBetween(rnd, 1, 4);
    for (let i = 0; i < count; i++) {
      if (chance(rnd, 0.15)) {
        const panel = { type: "panel", name: `paneel${p}_${i}`, elements: [] };
        addStates(rnd, panel, earlier);
        for (let k = intBetween(rnd, 1, 3); k > 0; k--) panel.elements.push(nextQuestion());
        page.elements.push(panel);
      } else {
        page.elements.push(nextQuestion());
      }
    }
    pages.push(page);
  }
  const survey = { title: `Gegenereerd ${seed}`, pages };
  const triggers = makeTriggers(rnd, earlier);
  if (triggers.length > 0) survey.triggers = triggers;
  // Drawn last, so the questions and triggers of a seed stay what they were before these existed.
  if (chance(rnd, 0.25)) {
    survey.showPreviewBeforeComplete = pick(rnd, [true, "showAllQuestions", "showAnsweredQuestions"]);
    if (chance(rnd, 0.3)) survey.previewMode = pick(rnd, ["allQuestions", "answeredQuestions"]);
  }
  if (chance(rnd, 0.15)) survey.firstPageIsStarted = true;
  if (chance(rnd, 0.25)) survey.clearInvisibleValues = pick(rnd, ["none", "onComplete", "onHidden", "onHiddenContainer"]);
  // A checkbox written as a tagbox (survey-core's QuestionTagboxModel extends the checkbox): same answers.
  for (const q of earlier) if (q.type === "checkbox" && chance(rnd, 0.3)) q.type = "tagbox";
  earlier.forEach((q, i) => addQuestionTriggers(rnd, q, earlier.filter((x) => x !== q), earlier.slice(0, i)));
  for (const q of earlier) asOtherType(rnd, q);
  return survey;
}

// A one-pixel PNG: the generated questionnaires lie in a folder without picture files.
const PIXEL = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";

// A radiogroup or checkbox without special items drawn as an imagepicker (its answers are the
// same), a checkbox as a ranking, a comment as a signature pad: drawn after everything else, so
// a seed's questions stay.
function asOtherType(rnd, q) {
  const plain = !q.showOtherItem && !q.showNoneItem && !q.showSelectAllItem;
  if ((q.type === "radiogroup" || q.type === "checkbox") && plain && chance(rnd, 0.15)) {
    if (q.type === "checkbox") {
      q.multiSelect = true;
      delete q.maxSelectedChoices;
      delete q.minSelectedChoices;
    }
    q.type = "imagepicker";
    q.choices = q.choices.map((value) => ({ value, imageLink: PIXEL }));
  } else if (q.type === "checkbox" && plain && chance(rnd, 0.15)) {
    q.type = "ranking";
    if (chance(rnd, 0.3)) q.selectToRankEnabled = true;
  } else if (q.type === "comment" && chance(rnd, 0.2)) {
    q.type = "signaturepad";
  } else if (["text", "radiogroup", "dropdown", "checkbox", "boolean", "rating"].includes(q.type) && chance(rnd, 0.1)) {
    asDynamicPanel(rnd, q);
  }
}

// A question turned into a paneldynamic repeating it (without what templates do not model yet),
// beside a text shown per panel by {panel.x}; some panels hidden by templateVisibleIf, a keyName.
function asDynamicPanel(rnd, q) {
  const inner = { ...q, name: "antwoord" };
  for (const key of ["defaultValue", "defaultValueExpression", "resetValueIf", "setValueIf", "setValueExpression",
    "showOtherItem", "showNoneItem", "showCommentArea", "hasComment", "visible", "visibleIf", "clearIfInvisible"]) delete inner[key];
  const template = [inner, { type: "text", name: "toelichting", visibleIf: "{panel.antwoord} notempty", isRequired: chance(rnd, 0.3) }];
  for (const key of Object.keys(q)) if (!["name", "type", "visible", "visibleIf", "title"].includes(key)) delete q[key];
  q.type = "paneldynamic";
  q.templateElements = template;
  if (chance(rnd, 0.7)) q.panelCount = intBetween(rnd, 0, 3);
  if (chance(rnd, 0.3)) q.maxPanelCount = intBetween(rnd, 1, 4);
  if (chance(rnd, 0.3)) q.isRequired = true;
  if (chance(rnd, 0.3)) q.templateVisibleIf = "{panelIndex} < 2 or {panel.antwoord} notempty";
  if (chance(rnd, 0.2)) q.keyName = "antwoord";
}

// A question's own triggers: resetValueIf and setValueIf read any other question; what
// setValueExpression sets comes from earlier questions only (a circle is refused by Peilpunt).
function addQuestionTriggers(rnd, q, others, earlier) {
  if (q.type === "matrix" || q.type === "expression" || q.type === "html") return;
  const settable = q.type !== "multipletext";
  const valueForms = () => {
    const forms = [() => literal(valueOf(rnd, q))];
    if (q.type === "checkbox" || q.type === "tagbox") forms[0] = () => `[${literal(valueOf(rnd, q))}]`;
    const sources = earlier.filter((x) => x.type === q.type && x.type !== "matrix");
    if (sources.length > 0) forms.push(() => `{${pick(rnd, sources).name}}`);
    if (q.type === "text" && q.inputType === "number") {
      const numbers = earlier.filter((x) => x.type === "text" && x.inputType === "number");
      if (numbers.length > 0) forms.push(() => `{${pick(rnd, numbers).name}} + 1`);
    }
    return pick(rnd, forms)();
  };
  if (chance(rnd, 0.1)) {
    const c = conditionOn(rnd, others);
    if (c) q.resetValueIf = c;
  }
  if (chance(rnd, 0.1)) {
    const c = conditionOn(rnd, others);
    if (c) {
      q.setValueIf = c;
      if (settable && chance(rnd, 0.7)) q.setValueExpression = valueForms();
    }
  } else if (settable && chance(rnd, 0.06)) {
    q.setValueExpression = valueForms();
  }
}

// [SECTION] Triggers: they fire when an answer changes (complete: on Next), so they only show in
// the --in-order comparison and through defaults, which survey-core sets as answers while loading.

function makeTriggers(rnd, questions) {
  const out = [];
  if (!chance(rnd, 0.5)) return out;
  const answerable = questions.filter((q) => q.type !== "matrix");
  for (let i = intBetween(rnd, 1, 3); i > 0; i--) {
    const expression = conditionOn(rnd, questions);
    if (!expression) continue;
    const target = pick(rnd, answerable);
    const kind = pick(rnd, ["complete", "setvalue", "setvalue", "copyvalue", "skip", "runexpression"]);
    switch (kind) {
      case "complete":
        out.push({ type: "complete", expression });
        break;
      case "setvalue":
        if (chance(rnd, 0.15)) out.push({ type: "setvalue", expression, setToName: "extra", setValue: pick(rnd, WORDS) });
        else if (chance(rnd, 0.1)) out.push({ type: "setvalue", expression, setToName: target.name });  // clears it
        else out.push({ type: "setvalue", expression, setToName: target.name, setValue: target.type === "checkbox" ? [valueOf(rnd, target)] : valueOf(rnd, target) });
        break;
      case "copyvalue": {
        const sameKind = answerable.filter((q) => q.type === target.type && q !== target);
        if (sameKind.length === 0) break;
        const t = { type: "copyvalue", setToName: target.name, fromName: pick(rnd, sameKind).name };
        if (chance(rnd, 0.7)) t.expression = expression;
        out.push(t);
        break;
      }
      case "skip":
        out.push({ type: "skip", expression, gotoName: target.name });
        break;
      default: {
        const numbers = answerable.filter((q) => q.type === "text");
        if (numbers.length === 0) break;
        const to = pick(rnd, numbers);
        const src = pick(rnd, answerable);
        const run = pick(rnd, [`{${src.name}}`, `'${pick(rnd, WORDS)}'`, "today()", `iif({${src.name}} notempty, 1, 2)`]);
        out.push({ type: "runexpression", expression, runExpression: run, setToName: to.name });
      }
    }
  }
  return out;
}

function writeSurveys(dir, count, seed) {
  fs.mkdirSync(dir, { recursive: true });
  const files = [];
  for (let i = 0; i < count; i++) {
    const file = path.join(dir, `gen-${String(i).padStart(3, "0")}.json`);
    fs.writeFileSync(file, JSON.stringify(generateSurvey((seed + i * 7919) >>> 0), null, 1));
    files.push(file);
  }
  return files;
}

module.exports = { generateSurvey, writeSurveys };

if (require.main === module) {
  const args = process.argv.slice(2);
  const opt = (name, fallback) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : fallback;
  };
  const out = opt("--out", null);
  if (!out) {
    process.stderr.write("usage: node gen-surveys.js --out DIR [--count N] [--seed S]\n");
    process.exit(2);
  }
  writeSurveys(out, Number(opt("--count", 40)), Number(opt("--seed", 1)));
}
