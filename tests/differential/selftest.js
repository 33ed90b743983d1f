#!/usr/bin/env node
// Checks the runner itself, before a C++ binary exists to compare: against the oracle it must
// pass; against wrong-peilpunt.js it must fail on exactly the damaged cases and no others.
//   node selftest.js      (npm test)
"use strict";

const { spawnSync } = require("child_process");
const fs = require("fs");
const path = require("path");
const { buildCases } = require("./expr-cases");

const surveysDir = fs.existsSync(path.join(__dirname, "surveys")) && fs.readdirSync(path.join(__dirname, "surveys")).some((f) => f.endsWith(".json"))
  ? ["--dir", "surveys"]
  : ["--dir", "samples"];

function compare(mode, peilpunt, extra = []) {
  const r = spawnSync(process.execPath, ["compare.js", mode, "--peilpunt", peilpunt, ...extra], { cwd: __dirname, encoding: "utf8", maxBuffer: 64 << 20 });
  const lines = r.stdout.trim().split("\n");
  return { status: r.status, lines, summary: lines[lines.length - 1], stderr: r.stderr };
}

let problems = 0;
function check(ok, what) {
  console.log(`${ok ? "ok  " : "FAIL"} ${what}`);
  if (!ok) problems++;
}

const good = compare("expr", "node oracle.js");
check(good.status === 0 && / 0 failed$/.test(good.summary), `expr against the oracle passes (${good.summary})`);

const bad = compare("expr", "node wrong-peilpunt.js");
const cases = buildCases();
const reported = bad.lines.filter((l) => l.startsWith("case ")).map((l) => Number(l.split(/[ :]/)[1]));
const oracle = require("./oracle");
const expected = oracle.evalExpressions(cases, "2026-11-23T10:00:00Z");
const damaged = cases.map((_, i) => i).filter((i) => i % 50 === 7 && !expected[i].error);
check(bad.status === 1, `expr against a wrong fake fails (${bad.summary})`);
check(JSON.stringify(reported) === JSON.stringify(damaged), `exactly the ${damaged.length} damaged cases are reported, reworded errors are not`);

const goodSurveys = compare("surveys", "node oracle.js", surveysDir);
check(goodSurveys.status === 0 && / 0 failed$/.test(goodSurveys.summary), `surveys against the oracle pass (${goodSurveys.summary})`);
const badSurveys = compare("surveys", "node wrong-peilpunt.js", surveysDir);
check(badSurveys.status === 1 && badSurveys.lines.some((l) => / differs in /.test(l)), `surveys against a wrong fake fail (${badSurveys.summary})`);

const missing = compare("expr", "/nonexistent/peilpunt");
check(missing.status === 1, `a missing binary fails (${missing.lines[0]})`);

process.exitCode = problems === 0 ? 0 : 1;
