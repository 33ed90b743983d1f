#!/usr/bin/env node
// The reference side of the differential tests: answers `peilpunt expr` and `peilpunt eval`
// questions with survey-core 3.1.1 (the SurveyJS reference implementation), in the same JSON.
// The encodings are specified in README.md; the C++ engine must print exactly the same.
//
// Example:
//   const oracle = require("./oracle");
//   oracle.evalExpressions([{ expr: "{a} + 1", data: { a: "2" } }], "2026-11-23T10:00:00Z");
//   // -> [{ value: 3, cond: false }]
//   node oracle.js expr CASES.json [--now ISO]
//   node oracle.js eval SURVEY.json --data DATA.json [--now ISO] [--with-result] [--with-texts] [--in-order]
"use strict";

// Dates: survey-core reads ISO date-only strings and computes today() in *local* time, and the
// contract says UTC. TZ must be set before the first Date is made, so this stays the first line.
const originalTz = process.env.TZ; // compare.js hands the caller's zone on to peilpunt
process.env.TZ = "UTC";

const fs = require("fs");
const path = require("path");

// [SECTION] Fixed clock
// today(), age(), currentDate() and defaultValueExpression call `new Date()` / `Date.now()` on the
// global Date at run time, so a subclass installed globally pins "now" for all of survey-core
// without touching its code. Dates built from a value behave exactly like real ones.
const RealDate = Date;
let fixedNowMs = null;

class FixedDate extends RealDate {
  constructor(...args) {
    if (args.length === 0 && fixedNowMs !== null) super(fixedNowMs);
    else super(...args);
  }
  static now() {
    return fixedNowMs !== null ? fixedNowMs : RealDate.now();
  }
}
globalThis.Date = FixedDate;

function parseNow(iso) {
  const ms = RealDate.parse(iso);
  if (Number.isNaN(ms)) throw new Error(`invalid --now / now: ${JSON.stringify(iso)}`);
  return ms;
}

function withClock(iso, fn) {
  const saved = fixedNowMs;
  fixedNowMs = iso == null ? saved : parseNow(iso);
  try {
    return fn();
  } finally {
    fixedNowMs = saved;
  }
}

// [SECTION] survey-core, with its console noise captured
// survey-core warns on every unknown function, invalid expression and rejected value; the
// warnings are kept (for debugging a mismatch) instead of flooding the test output.
const warnings = [];
const realWarn = console.warn;
console.warn = (...args) => {
  warnings.push(args.map(String).join(" "));
  if (process.env.ORACLE_SHOW_WARNINGS) realWarn(...args);
};
const sc = require("survey-core");

// [SECTION] Value encoding
// Exactly JSON.stringify: NaN/Infinity -> null, -0 -> 0, Date -> toISOString() (an invalid Date
// -> null), undefined inside an array -> null, object keys whose value is undefined are dropped.
function encodeValue(value) {
  return JSON.parse(JSON.stringify(value));
}

// [SECTION] Expressions

// Returns a string when the expression is rejected before it runs, otherwise null.
// Rejected means: the peggy grammar reports a syntax error (this includes "" and blanks), or
// survey-core throws while building the runner. The latter happens for a bare `null`/`undefined`
// literal used where an operand object is needed (`!null`, `[1, null]`, `iif(1, null, 2)`):
// the grammar turns those literals into a JS null that ExpressionExecutor then dereferences.
// A bare `null` / `(null)` / `undefined` on its own parses to "no operand": survey-core then
// "cannot run" it and answers null / false, which is reported as such, not as an error.
function expressionProblem(expr) {
  const parser = new sc.ConditionsParser();
  parser.parseExpression(expr);
  if (parser.error) return `syntax error at offset ${parser.error.at}: ${parser.error.code}`;
  try {
    new sc.ExpressionRunner(expr); // eslint-disable-line no-new
    new sc.ConditionRunner(expr); // eslint-disable-line no-new
  } catch (e) {
    return `survey-core throws: ${e && e.message ? e.message : String(e)}`;
  }
  return null;
}

function evalExpression(expr, data) {
  if (typeof expr !== "string") return { error: "expr is not a string" };
  const problem = expressionProblem(expr);
  if (problem) return { error: problem };
  // Each runner gets its own deep copy: survey-core must not be able to leak state between them.
  const values = () => (data == null ? {} : JSON.parse(JSON.stringify(data)));
  let value, cond;
  try {
    value = new sc.ExpressionRunner(expr).runValues(values());
    cond = new sc.ConditionRunner(expr).runValues(values());
  } catch (e) {
    // e.g. sum(0.5, 'a'): the float correction calls toFixed() on the string "0.5a".
    return { error: `survey-core throws at run time: ${e && e.message ? e.message : String(e)}` };
  }
  if (value === undefined) return { undefined: true, cond };
  return { value: encodeValue(value), cond };
}

function evalExpressions(cases, defaultNow) {
  if (!Array.isArray(cases)) throw new Error("cases must be a JSON array");
  return cases.map((c) => withClock(c.now != null ? c.now : defaultNow, () => evalExpression(c.expr, c.data)));
}

// [SECTION] Surveys

function isShownToRespondent(q) {
  return q.isVisible && q.isParentVisible;
}

// Pages, panels and questions in questionnaire order (a container before its children).
function elementsInOrder(survey) {
  const out = [];
  const walk = (el) => {
    out.push(el);
    if (Array.isArray(el.elements)) el.elements.forEach(walk);
  };
  survey.pages.forEach(walk);
  return out;
}

function freshSurvey(json, data) {
  const survey = new sc.Model(json);
  // mergeData, not `survey.data =`: the latter discards defaultValue / defaultValueExpression.
  if (data != null) survey.mergeData(data);
  return survey;
}

// Presses Next page by page, and Complete on the last one, as a respondent who never changes an
// answer would; stops at the first refusal. The bound only guards against a survey-core loop.
// `seen.preview` gets the questions the preview shows (showPreviewBeforeComplete), page by page.
function pressNextUntilDone(survey, seen = {}) {
  const limit = 2 * survey.pages.length + 6;
  for (let step = 0; step < limit && isAnswering(survey); step++) {
    if (!pressNext(survey)) break;
    if (survey.state === "preview" && seen.preview === undefined) seen.preview = previewQuestions(survey);
  }
  return survey.state === "completed";
}

function isAnswering(survey) {
  return survey.state === "running" || survey.state === "starting" || survey.state === "preview";
}

// The one button under a page: Start on a start page (firstPageIsStarted), Next, and on the last
// page Preview (showPreviewBeforeComplete) or Complete — Complete when a complete trigger holds,
// as survey-core then shows its Complete button — and Complete in the preview.
function pressNext(survey) {
  if (survey.state === "starting") return survey.start();
  if (survey.state === "preview") return survey.completeLastPage();
  if (!survey.isLastPage) return survey.nextPage();
  if (survey.showPreviewBeforeComplete && !survey.canBeCompletedByTrigger) return survey.showPreview();
  return survey.completeLastPage();
}

// In the preview every page but the start page is shown, with the questions it shows.
function previewQuestions(survey) {
  return survey.pages.filter((p) => !survey.isPageStarted(p) && p.isVisible)
    .flatMap((p) => p.questions.filter(isShownToRespondent).map((q) => q.name));
}

// A respondent at the kiosk (--in-order): on the current page, each question still to answer that
// is shown, not read-only and has a key in the data is answered with it, one by one, in page order
// (survey.setValue; an "other" text with survey.setComment) — so triggers, defaults and conditions
// react to every single change. A page with nothing left gets Next (Complete on the last page).
// A skip trigger may move the respondent: answering goes on wherever survey-core then is.
function answerInOrder(survey, data) {
  const has = (key) => Object.prototype.hasOwnProperty.call(data, key);
  const copy = (v) => JSON.parse(JSON.stringify(v));
  const given = new Set();
  const pages = [];
  const errors = {};
  const limit = 4 * (survey.getAllQuestions(false).length + survey.pages.length) + 8;
  for (let step = 0; step < limit && isAnswering(survey); step++) {
    const page = survey.activePage;  // the start page while starting; in the preview, all pages in one
    if (!page) break;
    if (survey.state === "preview") {  // read-only: Complete, or the errors it finds on any page
      if (!pressNext(survey)) {
        collectErrors(page, errors);
        break;
      }
      continue;
    }
    if (pages[pages.length - 1] !== page.name) pages.push(page.name);
    const answerable = (q) => isShownToRespondent(q) && !q.isReadOnly && q.getType() !== "html" && q.getType() !== "expression";
    const next = page.questions.find((q) => answerable(q) && !given.has(q.name) && (has(q.name) || has(q.name + "-Comment")));
    if (next) {
      given.add(next.name);
      if (has(next.name)) survey.setValue(next.name, copy(data[next.name]));
      if (has(next.name + "-Comment")) survey.setComment(next.name, copy(data[next.name + "-Comment"]));
      continue;
    }
    const moved = pressNext(survey);
    if (!moved) {
      collectErrors(page, errors);
      break;
    }
  }
  return { pages, errors, complete: survey.state === "completed", data: encodeValue(survey.data) };
}

function collectErrors(page, errors) {
  for (const el of [page, ...page.elements.flatMap(function all(e) { return [e, ...(e.elements || []).flatMap(all)]; })]) {
    addErrors(el, errors);
  }
}

// An element's errors under its name; a multipletext's boxes' own (they are text questions
// inside it) under "question.box"; a matrix's cells' under the cell's name.
function addErrors(el, errors) {
  const list = el.errors || [];
  if (list.length > 0) errors[el.name] = list.map((e) => e.getErrorType());
  // A matrix's cells are questions of their own: "matrix.row.column" for a matrixdropdown,
  // "matrix[i].column" for a matrixdynamic (i among its rows), as expressions name them.
  const type = el.getType ? el.getType() : "";
  if (type === "matrixdropdown" || type === "matrixdynamic") {
    (el.visibleRows || []).forEach((row, i) => {
      for (const cell of row.cells) {
        const own = cell.question.errors || [];
        if (own.length === 0) continue;
        const where = type === "matrixdynamic" ? `[${i}]` : `.${row.rowName}`;
        errors[`${el.name}${where}.${cell.column.name}`] = own.map((e) => e.getErrorType());
      }
    });
  }
  // A dynamic panel's questions, panel by panel: "panel[i].question" (i among its shown panels).
  if (type === "paneldynamic") {
    (el.visiblePanels || []).forEach((panel, i) => {
      for (const q of panel.questions) {
        const own = q.errors || [];
        if (own.length > 0) errors[`${el.name}[${i}].${q.name}`] = own.map((e) => e.getErrorType());
      }
    });
  }
  if (el.getType && el.getType() === "multipletext") {
    for (const item of el.items) {
      const own = item.editor.errors || [];
      if (own.length > 0) errors[`${el.name}.${item.name}`] = own.map((e) => e.getErrorType());
    }
  }
}

function evalSurvey(surveyJson, data, now, options = {}) {
  if (options.inOrder) return withClock(now, () => answerInOrder(new sc.Model(surveyJson), data));
  return withClock(now, () => {
    const survey = freshSurvey(surveyJson, data);
    const shown = survey.getAllQuestions(false).filter(isShownToRespondent);
    // Piped text as the respondent reads it, before validation changes any answer.
    const texts = {};
    for (const q of shown) texts[q.name] = { title: q.locTitle.renderedHtml, description: q.locDescription.renderedHtml };
    const result = {
      visible: shown.map((q) => q.name),
      required: shown.filter((q) => q.isRequired).map((q) => q.name),
      errors: {},
      complete: false,
    };

    // fireCallback = true so every element keeps its errors in `errors`; no focus, no page change.
    survey.validate(true, false);
    for (const el of elementsInOrder(survey)) addErrors(el, result.errors);

    const respondent = freshSurvey(surveyJson, data);
    const seen = {};
    result.complete = pressNextUntilDone(respondent, seen);
    if (options.withResult) result.data = result.complete ? encodeValue(respondent.data) : null;
    if (options.withTexts) {
      result.texts = texts;
      // renderedCompletedHtml without survey-core's built-in default ("Thank you for completing…")
      const item = result.complete ? respondent.getExpressionItemOnRunCondition(respondent.completedHtmlOnCondition) : null;
      const own = item ? item.html : respondent.locCompletedHtml.isEmpty ? "" : respondent.completedHtml;
      result.completed = result.complete && own ? respondent.processHtml(own, "completed") : null;
      result.preview = seen.preview === undefined ? null : seen.preview;
    }
    return result;
  });
}

// [SECTION] Command line

function usage() {
  return [
    "usage: node oracle.js expr CASES.json [--now ISO]",
    "       node oracle.js eval SURVEY.json --data DATA.json [--now ISO] [--with-result] [--with-texts] [--in-order]",
  ].join("\n");
}

function readJson(file) {
  return JSON.parse(fs.readFileSync(file, "utf8"));
}

function parseArgs(argv) {
  const opts = { positional: [], now: null, data: null, withResult: false, withTexts: false, inOrder: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--now") opts.now = argv[++i];
    else if (a === "--data") opts.data = argv[++i];
    else if (a === "--with-result") opts.withResult = true;
    else if (a === "--with-texts") opts.withTexts = true;
    else if (a === "--in-order") opts.inOrder = true;
    else if (a.startsWith("--")) throw new Error(`unknown option ${a}`);
    else opts.positional.push(a);
  }
  return opts;
}

function main(argv) {
  const [command, ...rest] = argv;
  const opts = parseArgs(rest);
  if (command === "expr" && opts.positional.length === 1) {
    const out = evalExpressions(readJson(opts.positional[0]), opts.now);
    process.stdout.write(JSON.stringify(out) + "\n");
    return 0;
  }
  if (command === "eval" && opts.positional.length === 1 && opts.data) {
    const out = evalSurvey(readJson(opts.positional[0]), readJson(opts.data), opts.now, { withResult: opts.withResult, withTexts: opts.withTexts, inOrder: opts.inOrder });
    process.stdout.write(JSON.stringify(out) + "\n");
    return 0;
  }
  process.stderr.write(usage() + "\n");
  return 2;
}

module.exports = { evalExpressions, evalExpression, evalSurvey, encodeValue, warnings, withClock, originalTz };

if (require.main === module) {
  try {
    process.exitCode = main(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`${path.basename(__filename)}: ${e.message}\n`);
    process.exitCode = 1;
  }
}
