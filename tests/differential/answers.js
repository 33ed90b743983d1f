#!/usr/bin/env node
// Generates seeded random answer sets for a questionnaire, to feed `peilpunt eval` and the oracle.
// Most answers are valid for their question type, so that surveys do complete; some are
// missing; some are deliberately odd in the ways SURVEYJS-SEMANTICS.md section G says matter
// (wrong case of a choice, "02" for 2, whitespace-only text, non-choice values, bad emails,
// numbers as strings, too many checkbox selections, out-of-range ratings).
//
// Example:
//   node answers.js SURVEY.json [--count 20] [--seed 7] > answer-sets.json
//   const { generateAnswerSets } = require("./answers"); generateAnswerSets(json, 20, 7);
"use strict";

const fs = require("fs");
const { mulberry32, pick, chance, intBetween } = require("./prng");

// [SECTION] Reading the questionnaire

function questionsOf(json) {
  const out = [];
  const walk = (elements) => {
    for (const el of elements || []) {
      if (!el || typeof el !== "object") continue;
      if (el.type === "panel") walk(el.elements);
      else if (el.name != null) out.push(el);
    }
  };
  if (Array.isArray(json.pages)) json.pages.forEach((p) => walk(p.elements));
  walk(json.elements); // a survey may list elements without pages
  return out;
}

const itemValue = (item) => (item !== null && typeof item === "object" && "value" in item ? item.value : item);
const choiceValues = (q) => (Array.isArray(q.choices) ? q.choices.map(itemValue) : []);
const hasOther = (q) => q.showOtherItem === true || q.hasOther === true;
const hasCommentArea = (q) => q.showCommentArea === true || q.hasComment === true;
const hasNone = (q) => q.showNoneItem === true || q.hasNone === true;

function ratingValues(q) {
  if (Array.isArray(q.rateValues) && q.rateValues.length > 0) return q.rateValues.map(itemValue);
  const min = typeof q.rateMin === "number" ? q.rateMin : 1;
  const max = typeof q.rateMax === "number" ? q.rateMax : 5;
  const step = typeof q.rateStep === "number" && q.rateStep > 0 ? q.rateStep : 1;
  const values = [];
  for (let v = min; v <= max && values.length < 100; v += step) values.push(v);
  return values;
}

// [SECTION] Odd variants of a valid value

const WORDS = ["ja", "nee", "misschien", "Beilen", "school", "sport", "hallo wereld", "é ü ß", "x".repeat(60)];

function oddScalar(rnd, value) {
  if (typeof value === "number") {
    return pick(rnd, [String(value), `0${value}`, ` ${value} `, String(value).replace(".", ","), value + 0.5, -value]);
  }
  if (typeof value === "string" && value.length > 0) {
    return pick(rnd, [value.toUpperCase(), value[0].toUpperCase() + value.slice(1), ` ${value}`, `${value} `, `${value}x`]);
  }
  if (typeof value === "boolean") return pick(rnd, [String(value), value ? 1 : 0]);
  return value;
}

function nonChoice(rnd) {
  return pick(rnd, ["iets anders", "zzz", 999, "", "other ", "NONE"]);
}

// [SECTION] Answers per question type

function answerChoice(rnd, q, odd) {
  const values = choiceValues(q);
  const pool = values.slice();
  if (hasOther(q)) pool.push("other");
  if (hasNone(q)) pool.push("none");
  if (odd || pool.length === 0) return chance(rnd, 0.5) && values.length > 0 ? oddScalar(rnd, pick(rnd, values)) : nonChoice(rnd);
  return pick(rnd, pool);
}

function answerCheckbox(rnd, q, odd) {
  const values = choiceValues(q);
  if (odd) {
    return pick(rnd, [
      () => [],
      () => (values.length ? pick(rnd, values) : "x"), // a scalar where an array belongs
      () => values.map((v) => oddScalar(rnd, v)).slice(0, intBetween(rnd, 1, Math.max(1, values.length))),
      () => [nonChoice(rnd)],
      () => (hasNone(q) && values.length ? ["none", values[0]] : [values[0], values[0]]),
    ])();
  }
  if (hasNone(q) && chance(rnd, 0.1)) return ["none"];
  const max = typeof q.maxSelectedChoices === "number" && q.maxSelectedChoices > 0 ? q.maxSelectedChoices : values.length;
  // Now and then more than maxSelectedChoices: survey-core accepts it from data (SEMANTICS 40).
  const want = chance(rnd, 0.15) ? values.length : intBetween(rnd, 1, Math.max(1, Math.min(max, values.length)));
  const chosen = values.filter(() => chance(rnd, 0.5)).slice(0, want);
  if (chosen.length === 0 && values.length) chosen.push(pick(rnd, values));
  if (hasOther(q) && chance(rnd, 0.2)) chosen.push("other");
  return chosen;
}

// A ranking: the choices in a shuffled order, now and then only some of them (select-to-rank,
// or a ranking survey-core completes); odd: a single value, an unknown or repeated item.
function answerRanking(rnd, q, odd) {
  const values = choiceValues(q);
  if (odd) {
    return pick(rnd, [
      () => (values.length ? pick(rnd, values) : "x"),
      () => [nonChoice(rnd), ...values.slice(0, 1)],
      () => (values.length ? [values[values.length - 1], values[values.length - 1]] : []),
      () => values.map((v) => oddScalar(rnd, v)),
    ])();
  }
  const shuffled = values.slice().sort(() => rnd() - 0.5);
  return chance(rnd, 0.3) ? shuffled.slice(0, intBetween(rnd, 1, Math.max(1, values.length))) : shuffled;
}

function answerRating(rnd, q, odd) {
  const values = ratingValues(q);
  if (odd || values.length === 0) {
    const hi = values.length ? values[values.length - 1] : 5;
    return pick(rnd, [hi + 1, 0, -1, String(pick(rnd, values.length ? values : [3])), 2.5, "drie"]);
  }
  return pick(rnd, values);
}

function answerMatrix(rnd, q, odd) {
  const rows = Array.isArray(q.rows) ? q.rows.map(itemValue) : [];
  const cols = Array.isArray(q.columns) ? q.columns.map(itemValue) : [];
  if (odd) {
    return pick(rnd, [
      () => (cols.length ? pick(rnd, cols) : 1), // a scalar where an object belongs
      () => ({ "onbekende rij": cols.length ? cols[0] : 1 }),
      () => Object.fromEntries(rows.map((r) => [r, cols.length ? oddScalar(rnd, pick(rnd, cols)) : 1])),
      () => ({}),
    ])();
  }
  const value = {};
  for (const r of rows) if (cols.length && chance(rnd, 0.85)) value[r] = pick(rnd, cols);
  return value;
}

// A drawing as a signature pad stores it: a data: URL of a picture.
const SIGNATURES = [
  "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==",
  "data:image/svg+xml;base64,PHN2ZyB4bWxucz0iaHR0cDovL3d3dy53My5vcmcvMjAwMC9zdmciLz4=",
];

// Candidates for free text; a valid answer is drawn from those that pass the question's simple
// validators, so that questionnaires with a postcode or phone pattern can still complete.
const TEXT_CANDIDATES = [
  ...WORDS, "0612345678", "0593123456", "9411 AB", "9411AB", "1234", "12", "42", "abc", "Jan Jansen", "a.b@c.nl",
];

function passesSimpleValidators(q, value) {
  for (const v of Array.isArray(q.validators) ? q.validators : []) {
    const text = String(value);
    if (v.type === "regex" && typeof v.regex === "string") {
      try {
        if (!new RegExp(v.regex).test(text)) return false;
      } catch (e) {
        return true; // an invalid pattern is survey-core's problem, not the generator's
      }
    }
    if (v.type === "text") {
      if (typeof v.minLength === "number" && text.length < v.minLength) return false;
      if (typeof v.maxLength === "number" && v.maxLength > 0 && text.length > v.maxLength) return false;
    }
    if (v.type === "numeric") {
      const n = Number(value);
      if (text.trim() === "" || Number.isNaN(n)) return false;
      if (typeof v.minValue === "number" && n < v.minValue) return false;
      if (typeof v.maxValue === "number" && n > v.maxValue) return false;
    }
    if (v.type === "email" && !/^[^@\s]+@[^@\s]+\.[a-z]+$/i.test(text)) return false;
  }
  return true;
}

function validText(rnd, q) {
  const fitting = TEXT_CANDIDATES.filter((c) => passesSimpleValidators(q, c));
  return pick(rnd, fitting.length > 0 && chance(rnd, 0.9) ? fitting : TEXT_CANDIDATES);
}

// A value as the browser's date and time inputs give it, for a lower-cased inputType.
function writtenValue(rnd, inputType) {
  const two = (n) => String(n).padStart(2, "0");
  const date = () => `${intBetween(rnd, 1950, 2030)}-${two(intBetween(rnd, 1, 12))}-${two(intBetween(rnd, 1, 28))}`;
  const time = () => `${two(intBetween(rnd, 0, 23))}:${two(intBetween(rnd, 0, 59))}`;
  switch (inputType) {
    case "date": return date();
    case "datetime-local": return `${date()}T${time()}`;
    case "month": return `${intBetween(rnd, 1950, 2030)}-${two(intBetween(rnd, 1, 12))}`;
    case "week": return `${intBetween(rnd, 1950, 2030)}-W${two(intBetween(rnd, 1, 52))}`;
    case "time": return time();
    default: return undefined;
  }
}

function answerText(rnd, q, odd) {
  const inputType = typeof q.inputType === "string" ? q.inputType.toLowerCase() : "text";
  switch (inputType) {
    case "datetime-local":
    case "datetime":
    case "month":
    case "week":
    case "time": {
      const type = inputType === "datetime" ? "datetime-local" : inputType;
      if (odd) return pick(rnd, ["9:00", "abc", "2010-13", "31-05-2010", 5, "2010-W60", "3000-01-01T10:00", "24:00"]);
      // Now and then a bound itself, or a value just around it.
      if (chance(rnd, 0.3) && typeof q.min === "string") return q.min;
      if (chance(rnd, 0.3) && typeof q.max === "string") return q.max;
      return writtenValue(rnd, type);
    }
    case "color":
      return odd ? pick(rnd, ["red", "", 12]) : pick(rnd, ["#ff0000", "#00aa55", "#000000"]);
    case "range":
    case "number": {
      if (odd) return pick(rnd, ["abc", "1,5", " 12 ", "", "1e3", "007"]);
      const lo = typeof q.min === "number" ? q.min : 0;
      const hi = typeof q.max === "number" ? q.max : 100;
      let n = intBetween(rnd, lo - 2, hi + 2); // a little outside min/max on purpose
      for (let tries = 0; tries < 5 && chance(rnd, 0.8) && !passesSimpleValidators(q, n); tries++) n = intBetween(rnd, lo, hi);
      return chance(rnd, 0.3) ? String(n) : n;
    }
    case "email":
      return odd ? pick(rnd, ["geen-mail", "a@", "@b.nl", "a b@c.nl", "x@y"]) : pick(rnd, ["jan@example.nl", "a.b+c@gemeente.nl", "Info@Beilen.NL"]);
    case "date":
      return odd ? pick(rnd, ["31-05-2010", "2010-13-01", "gisteren", "2010-5-3"]) : `${intBetween(rnd, 1950, 2030)}-${String(intBetween(rnd, 1, 12)).padStart(2, "0")}-${String(intBetween(rnd, 1, 28)).padStart(2, "0")}`;
    default:
      return odd ? pick(rnd, ["   ", "", "\t", 12, "x".repeat(300)]) : validText(rnd, q);
  }
}

// An object of its boxes' answers, each as a text question of that inputType takes it; odd:
// what is no object, an unknown box, or the boxes' odd texts.
function answerMultipleText(rnd, q, odd) {
  const items = (Array.isArray(q.items) ? q.items : []).filter((i) => i && typeof i === "object" && typeof i.name === "string");
  if (odd && chance(rnd, 0.4)) return pick(rnd, ["los antwoord", 12, ["a"], {}, { "onbekend vak": "x" }]);
  const value = {};
  for (const item of items) if (chance(rnd, 0.8)) value[item.name] = answerText(rnd, item, odd && chance(rnd, 0.5));
  return value;
}

// A matrixdropdown's {row: {column: value}} or a matrixdynamic's [{column: value}], each cell
// answered as a question of the column's cellType (the matrix's choices when it has none); odd:
// the wrong shape, an unknown row or column, or odd cells.
function answerCellMatrix(rnd, q, odd) {
  const dynamic = q.type === "matrixdynamic";
  const columns = (Array.isArray(q.columns) ? q.columns : []).filter((c) => c && typeof c === "object" && typeof c.name === "string");
  if (odd && chance(rnd, 0.3)) return pick(rnd, ["los antwoord", 3, dynamic ? {} : [], dynamic ? [] : {}, dynamic ? [{}, {}] : { "onbekende rij": { x: 1 } }]);
  const cell = (column) => {
    let type = column.cellType && column.cellType !== "default" ? column.cellType : q.cellType || "dropdown";
    const asQuestion = { ...column, type };
    if (!Array.isArray(asQuestion.choices) && Array.isArray(q.choices)) asQuestion.choices = q.choices;
    return answerFor(rnd, asQuestion, odd && chance(rnd, 0.3));
  };
  const rowOf = () => {
    const row = {};
    for (const column of columns) {
      if (!chance(rnd, 0.8)) continue;
      const v = cell(column);
      if (v !== undefined) row[column.name] = v;
    }
    if (odd && chance(rnd, 0.2)) row["onbekende kolom"] = "x";
    return row;
  };
  if (dynamic) {
    const count = typeof q.rowCount === "number" && !chance(rnd, 0.3) ? q.rowCount : intBetween(rnd, 0, 4);
    return Array.from({ length: count }, rowOf);
  }
  const value = {};
  for (const r of (Array.isArray(q.rows) ? q.rows : []).map(itemValue)) if (chance(rnd, 0.85)) value[r] = rowOf();
  return value;
}

// A paneldynamic's [{question: value}], one object per panel, each template question (nested
// panels' too) answered as itself; odd: the wrong shape, an unknown key, or odd answers.
function answerPanels(rnd, q, odd) {
  const template = Array.isArray(q.templateElements) ? q.templateElements : Array.isArray(q.questions) ? q.questions : [];
  const questions = template.flatMap(function all(e) {
    if (!e || typeof e !== "object") return [];
    if (e.type === "panel") return (Array.isArray(e.elements) ? e.elements : []).flatMap(all);
    return typeof e.name === "string" ? [e] : [];
  });
  if (odd && chance(rnd, 0.3)) return pick(rnd, ["los antwoord", 3, {}, [], [{}, {}]]);
  const panelOf = () => {
    const panel = {};
    for (const question of questions) {
      if (!chance(rnd, 0.8)) continue;
      const v = answerFor(rnd, question, odd && chance(rnd, 0.3));
      if (v !== undefined) panel[question.name] = v;
    }
    if (odd && chance(rnd, 0.2)) panel["onbekende vraag"] = "x";
    return panel;
  };
  const count = typeof q.panelCount === "number" && !chance(rnd, 0.4) ? q.panelCount : intBetween(rnd, 0, 4);
  return Array.from({ length: count }, panelOf);
}

function answerFor(rnd, q, odd) {
  switch (q.type) {
    case "radiogroup":
    case "dropdown":
      return answerChoice(rnd, q, odd);
    case "checkbox":
    case "tagbox":
      return answerCheckbox(rnd, q, odd);
    case "imagepicker":
      return q.multiSelect === true ? answerCheckbox(rnd, q, odd) : answerChoice(rnd, q, odd);
    case "ranking":
      return answerRanking(rnd, q, odd);
    case "signaturepad":
      return odd ? pick(rnd, ["", "  ", 12, "geen tekening"]) : pick(rnd, SIGNATURES);
    case "boolean":
      return odd ? pick(rnd, ["true", "false", 1, 0, "ja"]) : chance(rnd, 0.5);
    case "rating":
      return answerRating(rnd, q, odd);
    case "matrix":
      return answerMatrix(rnd, q, odd);
    case "multipletext":
      return answerMultipleText(rnd, q, odd);
    case "matrixdropdown":
    case "matrixdynamic":
      return answerCellMatrix(rnd, q, odd);
    case "paneldynamic":
      return answerPanels(rnd, q, odd);
    case "text":
      return answerText(rnd, q, odd);
    case "comment":
      return odd ? pick(rnd, ["  ", "\n", 7]) : validText(rnd, q);
    case "expression":
      return odd ? pick(rnd, [1, "berekend"]) : undefined; // its value is computed, normally not given
    case "html":
    case "image":
      return undefined;
    default:
      return odd ? nonChoice(rnd) : pick(rnd, WORDS);
  }
}

// [SECTION] Answer sets

// A profile per set: careful respondents make complete surveys likely, sloppy ones exercise
// validation, and an empty set checks defaults and required errors.
const PROFILES = [
  { weight: 5, answered: 0.95, odd: 0.03 },
  { weight: 3, answered: 0.7, odd: 0.2 },
  { weight: 1, answered: 0.3, odd: 0.5 },
];

function pickProfile(rnd) {
  const total = PROFILES.reduce((s, p) => s + p.weight, 0);
  let r = rnd() * total;
  for (const p of PROFILES) {
    if ((r -= p.weight) < 0) return p;
  }
  return PROFILES[0];
}

function generateAnswerSet(rnd, questions) {
  if (chance(rnd, 0.05)) return {};
  const profile = pickProfile(rnd);
  const data = {};
  for (const q of questions) {
    if (!chance(rnd, profile.answered)) continue;
    const value = answerFor(rnd, q, chance(rnd, profile.odd));
    if (value === undefined) continue;
    data[q.name] = value;
    const choseOther = value === "other" || (Array.isArray(value) && value.includes("other"));
    // The comment of "other": usually given, sometimes left empty (otherempty) or blank.
    if (hasOther(q) && (choseOther ? chance(rnd, 0.8) : chance(rnd, 0.05))) {
      data[`${q.name}-Comment`] = pick(rnd, ["iets anders", "mijn eigen antwoord", "  ", ""]);
    }
    // A comment area (showCommentArea / hasComment) is free text beside the answer, often empty.
    if (hasCommentArea(q) && chance(rnd, 0.6)) {
      data[`${q.name}-Comment`] = pick(rnd, ["omdat het zo is", "  ", "", "é ü ß"]);
    }
  }
  return data;
}

function generateAnswerSets(surveyJson, count, seed) {
  const rnd = mulberry32(seed);
  const questions = questionsOf(surveyJson);
  return Array.from({ length: count }, () => generateAnswerSet(rnd, questions));
}

module.exports = { generateAnswerSets, questionsOf, writtenValue };

if (require.main === module) {
  const args = process.argv.slice(2);
  const opt = (name, fallback) => {
    const i = args.indexOf(name);
    return i >= 0 ? Number(args[i + 1]) : fallback;
  };
  const file = args.find((a, i) => !a.startsWith("--") && !(i > 0 && args[i - 1].startsWith("--")));
  if (!file) {
    process.stderr.write("usage: node answers.js SURVEY.json [--count N] [--seed S]\n");
    process.exit(2);
  }
  const json = JSON.parse(fs.readFileSync(file, "utf8"));
  process.stdout.write(JSON.stringify(generateAnswerSets(json, opt("--count", 20), opt("--seed", 1)), null, 1) + "\n");
}
