#!/usr/bin/env node
// The differential test runner: runs `peilpunt expr` / `peilpunt eval` and survey-core (via
// oracle.js, in this process) on the same input and reports every difference. CTest runs:
//
//   node compare.js expr    --peilpunt PATH [--seed N] [--tz TZ]
//   node compare.js surveys --peilpunt PATH [--seed N] [--sets N] [--dir DIR]... [--tz TZ]
//
// PATH may be a command with arguments ("node oracle.js"), so the runner can be checked
// against the oracle itself (see selftest.js). Exit 0 when everything matches, 1 otherwise.
"use strict";

const oracle = require("./oracle"); // first: it pins TZ=UTC and the clock before any Date exists
const fs = require("fs");
const os = require("os");
const path = require("path");
const { execFile } = require("child_process");
const { buildCases } = require("./expr-cases");
const { generateAnswerSets } = require("./answers");
const { writeSurveys } = require("./gen-surveys");

const NOW = "2026-11-23T10:00:00Z";
const DEFAULT_SEED = 20261123;
const SURVEY_DIRS = [path.join(__dirname, "surveys"), path.join(__dirname, "..", "..", "assets", "surveys")];

// [SECTION] Options

function parseOptions(argv) {
  const opts = { command: argv[0], peilpunt: null, seed: DEFAULT_SEED, sets: 20, dirs: [], generated: 0, tz: "Europe/Amsterdam", jobs: os.cpus().length };
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      return argv[++i];
    };
    if (a === "--peilpunt") opts.peilpunt = value();
    else if (a === "--seed") opts.seed = Number(value());
    else if (a === "--sets") opts.sets = Number(value());
    else if (a === "--dir") opts.dirs.push(value());
    else if (a === "--generated") opts.generated = Number(value());
    else if (a === "--tz") opts.tz = value();
    else if (a === "--jobs") opts.jobs = Math.max(1, Number(value()));
    else throw new Error(`unknown argument ${a}`);
  }
  if (!["expr", "surveys"].includes(opts.command) || !opts.peilpunt) {
    throw new Error("usage: node compare.js expr|surveys --peilpunt PATH [--seed N] [--sets N] [--dir DIR] [--generated N] [--tz TZ] [--jobs N]");
  }
  if (!Number.isInteger(opts.seed)) throw new Error("--seed must be an integer");
  if (!Number.isInteger(opts.generated) || opts.generated < 0) throw new Error("--generated must be a whole number");
  return opts;
}

// "PATH" or "PROGRAM ARG..." (split on blanks, double quotes group). An existing file wins, so a
// binary path with a space in it still works.
function splitCommand(text) {
  if (fs.existsSync(text)) return [text];
  const parts = text.match(/"[^"]*"|\S+/g) || [];
  return parts.map((p) => p.replace(/^"(.*)"$/, "$1"));
}

// [SECTION] Running peilpunt

function runPeilpunt(command, args, tz) {
  const [program, ...pre] = command;
  const env = { ...process.env };
  // The contract says the output is UTC whatever the machine's zone: run peilpunt in the kiosk's
  // own zone (CI machines run in UTC and would hide a dependency on it). --tz "" keeps the caller's.
  if (tz) env.TZ = tz;
  else if (oracle.originalTz === undefined) delete env.TZ;
  else env.TZ = oracle.originalTz;
  return new Promise((resolve) => {
    execFile(program, [...pre, ...args], { env, maxBuffer: 256 * 1024 * 1024, cwd: __dirname }, (err, stdout, stderr) => {
      if (err && (err.code === "ENOENT" || typeof err.code !== "number")) {
        resolve({ failure: `cannot run ${program}: ${err.message}` });
        return;
      }
      if (err) {
        resolve({ failure: `exit status ${err.code}; stderr: ${stderr.trim().slice(0, 2000)}` });
        return;
      }
      try {
        resolve({ output: JSON.parse(stdout) });
      } catch (e) {
        resolve({ failure: `output is not JSON (${e.message}): ${stdout.slice(0, 500)}` });
      }
    });
  });
}

async function runPool(tasks, jobs) {
  const results = new Array(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const i = next++;
      results[i] = await tasks[i]();
    }
  };
  await Promise.all(Array.from({ length: Math.min(jobs, tasks.length) }, worker));
  return results;
}

// [SECTION] Comparison
// Numbers must be exactly equal (===): the engine has to reproduce survey-core's float results,
// not approximate them. Object key order never matters, array order always does.

function sameJson(a, b) {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== "object") return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) return a.length === b.length && a.every((x, i) => sameJson(x, b[i]));
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && sameJson(a[k], b[k]));
}

// Both sides rejecting an expression is agreement: only survey-core's wording is its own.
function sameExprResult(expected, actual) {
  if (actual === null || typeof actual !== "object") return false;
  const expectedError = typeof expected.error === "string";
  const actualError = typeof actual.error === "string";
  if (expectedError || actualError) return expectedError && actualError;
  return sameJson(expected, actual);
}

// Names the fields of an eval result that differ, in the order of the contract.
function evalDifferences(expected, actual, inOrder = false) {
  if (actual === null || typeof actual !== "object") return ["(not an object)"];
  const fields = inOrder ? ["pages", "errors", "complete", "data"] : ["visible", "required", "errors", "complete", "data", "texts", "completed", "preview"];
  const diff = fields.filter((f) => !sameJson(expected[f], actual[f]));
  const extra = Object.keys(actual).filter((k) => !fields.includes(k));
  return extra.length ? diff.concat(extra.map((k) => `unexpected key ${k}`)) : diff;
}

const show = (v) => (v === undefined ? "(missing)" : JSON.stringify(v));

// [SECTION] expr

async function compareExpressions(opts, command) {
  const cases = buildCases({ seed: opts.seed });
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "peilpunt-expr-"));
  try {
    const file = path.join(tmp, "cases.json");
    fs.writeFileSync(file, JSON.stringify(cases));
    const expected = oracle.evalExpressions(cases, NOW);
    const run = await runPeilpunt(command, ["expr", file, "--now", NOW], opts.tz);
    if (run.failure) {
      console.log(`peilpunt expr failed: ${run.failure}`);
      console.log(`0 passed, ${cases.length} failed`);
      return 1;
    }
    const actual = run.output;
    if (!Array.isArray(actual) || actual.length !== cases.length) {
      console.log(`peilpunt expr printed ${Array.isArray(actual) ? actual.length + " results" : "no array"} for ${cases.length} cases`);
    }
    let passed = 0;
    let failed = 0;
    cases.forEach((c, i) => {
      const got = Array.isArray(actual) ? actual[i] : undefined;
      if (sameExprResult(expected[i], got)) {
        passed++;
        return;
      }
      failed++;
      const now = c.now ? ` now=${c.now}` : "";
      console.log(`case ${i}: expr=${JSON.stringify(c.expr)} data=${JSON.stringify(c.data)}${now} oracle=${show(expected[i])} peilpunt=${show(got)}`);
    });
    console.log(`${passed} passed, ${failed} failed`);
    return failed === 0 ? 0 : 1;
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

// [SECTION] surveys

function surveyFiles(dirs) {
  const files = [];
  for (const dir of dirs) {
    if (!fs.existsSync(dir)) continue;
    for (const name of fs.readdirSync(dir).sort()) if (name.endsWith(".json")) files.push(path.join(dir, name));
  }
  return files;
}

// Each questionnaire gets its own answer stream, stable under adding or removing other files.
function seedFor(seed, file) {
  let h = seed >>> 0;
  for (const ch of path.basename(file)) h = (Math.imul(h, 31) + ch.charCodeAt(0)) >>> 0;
  return h;
}

async function compareSurveys(opts, command) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "peilpunt-eval-"));
  try {
    const files = surveyFiles(opts.dirs.length ? opts.dirs : SURVEY_DIRS);
    // --generated N adds N seeded random questionnaires (gen-surveys.js) to the given ones.
    if (opts.generated > 0) files.push(...writeSurveys(path.join(tmp, "generated"), opts.generated, opts.seed));
    if (files.length === 0) {
      console.log(`no questionnaires found in ${(opts.dirs.length ? opts.dirs : SURVEY_DIRS).join(", ")}`);
      console.log("0 passed, 1 failed");
      return 1;
    }
    const pairs = [];
    for (const file of files) {
      const json = JSON.parse(fs.readFileSync(file, "utf8"));
      generateAnswerSets(json, opts.sets, seedFor(opts.seed, file)).forEach((data, set) => {
        const dataFile = path.join(tmp, `${path.basename(file, ".json")}-${set}.json`);
        fs.writeFileSync(dataFile, JSON.stringify(data));
        pairs.push({ file, json, set, data, dataFile });
      });
    }
    // Every answer set twice: merged at once (mergeData), and given one by one as at the kiosk
    // (--in-order), where triggers fire.
    const cases = pairs.flatMap((p) => [{ ...p, inOrder: false }, { ...p, inOrder: true }]);
    const tasks = cases.map((p) => () => runPeilpunt(command, ["eval", p.file, "--data", p.dataFile, "--now", NOW, ...(p.inOrder ? ["--in-order"] : ["--with-result", "--with-texts"])], opts.tz));
    const runs = await runPool(tasks, opts.jobs);

    let passed = 0;
    let failed = 0;
    cases.forEach((p, i) => {
      const shownFile = p.file.startsWith(tmp) ? `${path.basename(p.file)} (seed ${opts.seed}: node gen-surveys.js --seed ${opts.seed} --count ${opts.generated} --out DIR)` : path.relative(process.cwd(), p.file);
      const where = `case ${i}: survey=${shownFile} set=${p.set}${p.inOrder ? " --in-order" : ""} data=${JSON.stringify(p.data)}`;
      let expected;
      try {
        expected = oracle.evalSurvey(p.json, p.data, NOW, { withResult: true, withTexts: true, inOrder: p.inOrder });
      } catch (e) {
        failed++;
        console.log(`${where} oracle failed (survey-core threw: ${e.message})`);
        return;
      }
      const run = runs[i];
      if (run.failure) {
        failed++;
        console.log(`${where} oracle=${show(expected)} peilpunt failed: ${run.failure}`);
        return;
      }
      const diff = evalDifferences(expected, run.output, p.inOrder);
      if (diff.length === 0) {
        passed++;
        return;
      }
      failed++;
      console.log(`${where} differs in ${diff.join(", ")} oracle=${show(expected)} peilpunt=${show(run.output)}`);
    });
    console.log(`${passed} passed, ${failed} failed`);
    return failed === 0 ? 0 : 1;
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

async function main() {
  const opts = parseOptions(process.argv.slice(2));
  const command = splitCommand(opts.peilpunt);
  return opts.command === "expr" ? compareExpressions(opts, command) : compareSurveys(opts, command);
}

module.exports = { sameJson, sameExprResult, evalDifferences, splitCommand };

if (require.main === module) {
  main().then(
    (code) => { process.exitCode = code; },
    (e) => {
      console.error(`compare.js: ${e.message}`);
      process.exitCode = 2;
    },
  );
}
