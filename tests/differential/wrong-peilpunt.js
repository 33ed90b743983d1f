#!/usr/bin/env node
// A deliberately wrong stand-in for peilpunt, for selftest.js: the oracle's answers with known
// damage, so the runner must report exactly the damaged cases. It also rewords every parse error,
// which the runner must *not* report (only survey-core's wording would differ).
//   node wrong-peilpunt.js expr CASES.json [--now ISO]
//   node wrong-peilpunt.js eval SURVEY.json --data DATA.json [--now ISO] [--with-result] [--with-texts]
"use strict";

const fs = require("fs");
const oracle = require("./oracle");

const DAMAGED_EXPR_EVERY = 50; // case i is damaged when i % 50 === 7

function damageExpr(results) {
  return results.map((r, i) => {
    if (r.error) return { error: "rejected (worded differently from survey-core)" };
    if (i % DAMAGED_EXPR_EVERY !== 7) return r;
    if (typeof r.value === "number") return { ...r, value: r.value + 1e-9 }; // "close" is not equal
    return { ...r, cond: !r.cond };
  });
}

// Damages the answer sets whose data file has an even size: the runner does not know which.
function damageEval(result, dataText) {
  if (dataText.length % 2 !== 0) return result;
  if (result.visible.length > 1) return { ...result, visible: result.visible.slice(0, -1) };
  return { ...result, complete: !result.complete };
}

function option(args, name) {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

const [command, file, ...rest] = process.argv.slice(2);
const now = option(rest, "--now");
if (command === "expr") {
  const cases = JSON.parse(fs.readFileSync(file, "utf8"));
  process.stdout.write(JSON.stringify(damageExpr(oracle.evalExpressions(cases, now))) + "\n");
} else if (command === "eval") {
  const dataText = fs.readFileSync(option(rest, "--data"), "utf8");
  const result = oracle.evalSurvey(JSON.parse(fs.readFileSync(file, "utf8")), JSON.parse(dataText), now, { withResult: rest.includes("--with-result"), withTexts: rest.includes("--with-texts") });
  process.stdout.write(JSON.stringify(damageEval(result, dataText)) + "\n");
} else {
  process.stderr.write("usage: node wrong-peilpunt.js expr|eval ...\n");
  process.exitCode = 2;
}
