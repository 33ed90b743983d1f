// Loads questionnaires in survey-core 3.1.1 and fails on any JSON error or console warning, so
// the default questionnaire is proven to mean in the SurveyJS tools what it means on the kiosk.
// Usage: node survey-core-loads.js FILE...
'use strict';
const fs = require('fs');
const { Model } = require('survey-core');

const warnings = [];
console.warn = (...args) => warnings.push(args.join(' '));
console.error = (...args) => warnings.push(args.join(' '));

let failed = 0;
for (const file of process.argv.slice(2)) {
  warnings.length = 0;
  const survey = new Model(JSON.parse(fs.readFileSync(file, 'utf8')));
  const problems = survey.jsonErrors ? survey.jsonErrors.map((e) => e.message || String(e)) : [];
  for (const locale of ['nl', 'en']) {
    survey.locale = locale;
    survey.getAllQuestions().forEach((q) => q.title);  // render titles: warnings surface here
  }
  problems.push(...warnings);
  if (problems.length) {
    failed++;
    for (const p of problems) process.stderr.write(`${file}: ${p}\n`);
  }
}
const total = process.argv.length - 2;
console.log(`${total - failed} passed, ${failed} failed`);
process.exit(failed || total === 0 ? 1 : 0);
