#!/usr/bin/env node
// Builds the expression cases for `peilpunt expr`, deterministically: a hand-written list that
// walks SURVEYJS-SEMANTICS.md sections A-F point by point, then expressions generated from a
// seeded PRNG. The expected answers are not here: oracle.js computes them with survey-core.
//
// Example:
//   node expr-cases.js [--seed N] [--random N] [--in-array N] > cases.json
//   const { buildCases } = require("./expr-cases"); buildCases({ seed: 1 }).length  // >= 400
"use strict";

const { mulberry32, pick, chance, intBetween } = require("./prng");

const NOW = "2026-11-23T10:00:00.000Z";
// A second instant for the cases that carry their own `now`: just before midnight, a leap day,
// so that a clock that ignores the case's `now` or reads local time shows up.
const LEAP_NOW = "2024-02-29T23:30:00.000Z";

// [SECTION] Hand-written cases
// Each entry: [expr, data] or [expr, data, now]. The comment above a group names the point.
const D = {
  a1: { a: 1 },
  s: { s: "abc", S: "ABC", e: "", w: "   ", n: "10", z: "0", zz: "00", dec: "1,5", lead: "007", big: "1234567890123456", inf: "Infinity", sp: "1 000", hex: "0x10", plus: "+5", exp: "1e3", pad: " 42 ", q: "'x'", t: "true", f: "FALSE" },
  arr: { arr: [1, 2, 3], strs: ["a", "B", "c"], nums: ["1", "2"], empty: [], nulls: [null], objs: [{ name: "x" }, { name: "y" }] },
  obj: { person: { name: "Ann", age: 40 }, "a.b": "literal", a: { b: "nested" }, "my var": 7, "x-y": 3, "q?": 1 },
  dates: { d: "2000-11-23", d2: "2010-05-31", dt: "2026-11-23T08:00:00Z", bad: "not a date", y2k: "2000-01-01" },
  // *InArray: matrixdynamic rows (numbers, numeric strings, '', text, a null row, another case),
  // paneldynamic panels with nested lists, a matrix keyed by row name, and odd containers
  rows: {
    m: [{ x: 1, y: "a", n: "Ann" }, { x: "2", y: "b", n: "Bob" }, { x: 3.5, n: "Cy" }, { x: "", n: "Dee" }, { x: "abc", n: "Eve" }, null, { X: 10, n: "Up" }],
    panel: [{ age: 30, name: "A", kids: [{ a: 1 }, { a: 2 }] }, { age: "41", name: "B", kids: [] }, { name: "C" }],
    order: { items: [{ price: 0.1 }, { price: 0.2 }] },
    byRow: { r2: { x: 7, k: "two" }, r1: { x: 2, k: "one" }, r0: { x: "x", k: "zero" } },
    e: [], s: "abc", num: 5, a: 1, g: "{a} = 2", f: [{ x: 1, a: 1 }, { x: 2, a: 2 }],
    b: [{ v: true }, { v: false }, { v: "true" }], arrs: [{ v: [1, 2] }, { v: [3] }, { v: {} }],
    fl: [{ v: 0.1 }, { v: 0.2 }, { v: "0.3" }], strs: [{ v: "1,5" }, { v: " 7 " }, { v: "0x10" }, { v: "1e2" }],
    dup: [{ v: 2, n: "first" }, { v: 2, n: "second" }, { v: 1, n: "low" }, { v: 1, n: "low2" }],
  },
};

const handWritten = [
  // A1: text rewriting before parsing, also inside string literals and names
  ["1 => 1", {}], ["1 =< 2", {}], ["1 <> 2", {}], ["{a} = 'x<>y'", { a: "x!=y" }], ["{a} = 'x<>y'", { a: "x<>y" }],
  ["{a} = 'equals'", { a: "equals" }], ["{a} = 'equals'", { a: "equal" }], ["1 equals 1", {}], ["1 notequals 2", {}],
  ["'a=>b'", {}], ["{a=>b}", { "a>=b": 5 }], ["{a} equals 'b'", { a: "b" }],
  // A2: precedence
  ["1 + 2 * 3", {}], ["(1 + 2) * 3", {}], ["2 ^ 3 ^ 2", {}], ["2 power 3", {}], ["10 - 4 - 3", {}], ["12 / 3 / 2", {}], ["7 % 4 * 2", {}],
  ["1 or 0 and 0", {}], ["true || false && false", {}], ["1 + 1 = 2", {}], ["2 = 1 + 1", {}], ["1 + [1] contains 1", {}],
  ["'ab' + 'c' contains 'bc'", {}], ["2 * 3 anyof [6]", {}], ["2 * 3 anyof [3]", {}], ["{a} + 1 < 3 and {b} = 'x'", { a: 1, b: "X" }],
  ["1 < 2 = true", {}], ["1 lessorequal 1", {}], ["2 greaterorequal 3", {}], ["1 less 2", {}], ["3 greater 2", {}],
  ["!true or true", {}], ["negate false and false", {}], ["2 ^ 2 * 3", {}], ["-2 ^ 2", {}], ["{arr} *= 2", D.arr],
  // A3: chained comparisons
  ["1 < 2 < 3", {}], ["3 > 2 > 1", {}], ["1 = 1 = 1", {}], ["2 = 2 = 2", {}], ["1 < 2 < 0", {}],
  // A4: a missing closing parenthesis is accepted
  ["(1 + 2", {}], ["iif(true, 1, 2", {}], ["sum([0.3, 0.6]", {}], ["((1 + 2) * 3", {}], ["1 + 2)", {}], ["max(1, 2", {}],
  // A5: bare identifiers are strings; `not` is no operator
  ["{a} = abc", { a: "abc" }], ["today", {}], ["abc", {}], ["not true", {}], ["hello_world", {}], ["a1b", {}], ["{a} = Yes", { a: "yes" }],
  // A6: keywords are case-insensitive, function names are not
  ["1 AND 2", {}], ["TRUE", {}], ["False", {}], ["{a} EMPTY", {}], ["'abc' Contains 'B'", {}], ["1 NotEqual 2", {}], ["0 OR 5", {}],
  ["IIF(true, 1, 2)", {}], ["Sum(1, 2)", {}], ["TODAY()", {}], ["noSuchFunction(1)", {}], ["{a} NOTEMPTY", { a: 1 }],
  ["[1, 2] ANYOF [2]", {}], ["2 POWER 3", {}],
  // A7: number literal forms
  ["0x10", {}], ["-5", {}], ["007", {}], ["1.", {}], [".5", {}], ["1e3", {}], ["0", {}], ["00", {}], ["0.5", {}], ["-0", {}],
  ["- 5", {}], ["--5", {}], ["-{a}", { a: 3 }], ["1 - -1", {}], ["0x", {}], ["0xFF", {}], ["0xff", {}], ["-0x10", {}], ["1.25", {}],
  ["10.0", {}], ["3 -2", {}], ["3-2", {}], ["123456789012345678", {}], ["0.1", {}],
  // A8: strings, escapes, object constants
  ["'abc'", {}], ["\"abc\"", {}], ["'it\\'s'", {}], ["\"say \\\"hi\\\"\"", {}], ["''", {}], ["\"\"", {}], ["'a\"b'", {}],
  ["'unterminated", {}], ["{\"key\": 1}", {}], ["{\"key\": 1} = {\"KEY\": 1}", {}], ["'line\\nbreak'", {}], ["'{a}'", { a: 1 }],
  // A9: bare null / undefined and the empty expression; null in operand positions
  ["null", {}], ["undefined", {}], ["(null)", {}], ["", {}], ["   ", {}], ["!null", {}], ["[1, null]", {}], ["[null, 1]", {}],
  ["iif(null, 1, 2)", {}], ["iif(1, null, 2)", {}], ["null + 1", {}], ["null = null", {}], ["{a} = null", {}], ["null <= null", {}],
  // B10: variable conversion
  ["{n} + 1", D.s], ["{pad} + 1", D.s], ["{exp} + 1", D.s], ["{hex} + 1", D.s], ["{plus} + 1", D.s], ["{dec} + 1", D.s],
  ["{lead} + 1", D.s], ["{big} + 1", D.s], ["{inf} + 1", D.s], ["{sp} + 1", D.s], ["{#n} + 1", D.s], ["{t} = true", D.s],
  ["{f} = false", D.s], ["{t}", D.s], ["{q}", D.s], ["'10' > '9'", {}], ["{n} > '9'", D.s], ["{z}", D.s], ["{zz}", D.s],
  ["{dec}", D.s], ["{v}", { v: "1,5,6" }], ["{v}", { v: "-3" }], ["{v} * 2", { v: "2.50" }], ["{#t}", D.s],
  // B11: case-insensitive names, literal dotted keys, odd characters
  ["{A}", D.a1], ["{PERSON.NAME}", D.obj], ["{person.name}", D.obj], ["{a.b}", D.obj], ["{my var} + 1", D.obj],
  ["{x-y} * 2", D.obj], ["{q?}", D.obj], ["{ a }", { a: 1, " a ": 2 }], ["{ a }", { a: 1 }], ["{Person.Age} >= 18", D.obj],
  // B12: paths
  ["{arr[0]}", D.arr], ["{arr[-1]}", D.arr], ["{arr[5]}", D.arr], ["{objs[1].name}", D.arr], ["{arr.length}", D.arr],
  ["{strs.length}", D.arr], ["{s.length}", D.s], ["{missing.length}", {}], ["{nul.length}", { nul: null }], ["{objs[0].NAME}", D.arr],
  ["{arr[-4]}", D.arr], ["{person.missing}", D.obj], ["{empty.length} = 0", D.arr],
  // B13: missing variables
  ["{x}", {}], ["{x} = ''", {}], ["{x} = null", {}], ["{x} = undefined", {}], ["{x} = 'undefined'", {}], ["{x} = 0", {}],
  ["{x} = false", {}], ["{x} = []", {}], ["{x} != 3", {}], ["{x} empty", {}],
  // C14: loose equality
  ["1 = '1'", {}], ["'1' = 1", {}], ["'01' = 1", {}], ["{a} = 1", { a: "1.0" }], ["{v} = '000'", { v: "00" }], ["{v} = '000'", { v: "0" }],
  ["1 == 1", {}], ["1 != '2'", {}], ["'1.0' = '1'", {}],
  // C15: string case and whitespace
  ["'abc' = 'ABC'", {}], ["'  abc ' = 'abc'", {}], ["'É' = 'é'", {}], ["'Straße' = 'STRASSE'", {}], ["'a' > 'B'", {}],
  ["'a' < 'b'", {}], ["'abc' != 'ABC'", {}], ["{s} = {S}", D.s],
  // C16: booleans
  ["true = 'true'", {}], ["true = 'True'", {}], ["'true' = true", {}], ["true = 1", {}], ["false = 0", {}], ["false = ''", {}],
  ["{x} = false", {}], ["true + 1", {}], ["true and 'x'", {}],
  // C17: missing in ordering comparisons
  ["{x} < 3", {}], ["{x} > 3", {}], ["{x} <= 3", {}], ["{x} >= 3", {}], ["{x} <= {y}", {}], ["{x} >= {y}", {}], ["{x} != 3", {}], ["3 > {x}", {}],
  // C18: arrays
  ["[2, 1] = [1, 2]", {}], ["[1, 2, 2] != [1, 2]", {}], ["['1', '2'] = [1, 2]", {}], ["['A'] = ['a']", {}], ["['a'] = 'a'", {}],
  ["{o} = {p}", { o: { x: 1, y: "A" }, p: { y: "a", x: "1" } }], ["{arr} = [3, 2, 1]", D.arr], ["[] = []", {}], ["[1] < [2]", {}],
  // C19: dates
  ["{d} < today()", D.dates], ["{dt} < today()", D.dates], ["'2025-01-10' < '2025-1-5'", {}], ["today() = '2026-11-23'", {}],
  ["today() > '2026-11-22'", {}], ["{y2k} = getDate('2000-01-01')", D.dates], ["currentDate() > today()", {}],
  // D20: and / or return an operand
  ["1 and 2", {}], ["0 or 'b'", {}], ["'a' and ''", {}], ["'' or 0", {}], ["[] or 1", {}], ["{x} or 5", {}], ["{x} and true", {}],
  // D21: condition truthiness is loose `== true`
  ["1", {}], ["2", {}], ["'yes'", {}], ["[true]", {}], ["'1'", {}], ["'true'", {}], ["{v}", { v: "1" }], ["{v}", { v: true }], ["{v}", { v: [1] }],
  // D22: ! uses JavaScript truthiness
  ["![]", {}], ["!'0'", {}], ["!{x}", {}], ["!''", {}], ["!0", {}], ["!'a'", {}], ["!{v}", { v: "0" }], ["negate 1", {}], ["!!{v}", { v: "x" }],
  // D23: missing operands in arithmetic
  ["{x} + 1", {}], ["{x} * 2", {}], ["{x} - 'a'", {}], ["{x} + 'a'", {}], ["{x} + [1]", {}], ["{x} / 2", {}], ["{x} ^ 2", {}],
  // D24: concatenation
  ["'1' + 2", {}], ["{a} + 2", { a: "1" }], ["1 + 2 + 'a'", {}], ["'a' + 1 + 2", {}], ["'2' * '3'", {}], ["'a' - 1", {}], ["'a' + true", {}],
  ["'x' + {x}", {}],
  // D25: division and modulo by zero
  ["1 / 0", {}], ["0 / 0", {}], ["1 % 0", {}], ["-1 / 0", {}], ["{a} / {b}", { a: 5, b: "0" }], ["5 % 3", {}], ["-5 % 3", {}],
  // D26: float correction
  ["0.1 + 0.2", {}], ["3 * 0.6", {}], ["1 / 3", {}], ["0.3 - 0.1", {}], ["1.005 * 1000", {}], ["0.1 * 0.2", {}], ["2 ^ 0.5", {}],
  ["1.1 + 2.22", {}], ["100 - 99.9", {}], ["{a} + {b}", { a: 0.1, b: 0.7 }],
  // D27: arrays with +
  ["[1, 2] + [3]", {}], ["[1, 2] + 3", {}], ["[1, 'a'] + 3", {}], ["['a', 'b'] + 'c'", {}], ["'c' + ['a', 'b']", {}], ["3 + [1, 2]", {}],
  // E28: contains
  ["'abc' contains 'B'", {}], ["12 contains 1", {}], ["[1, 2] contains '1'", {}], ["['a', 'b'] contains ['A', 'b']", {}],
  ["['a', 'b'] contains ['a', 'c']", {}], ["'abc' contains ''", {}], ["[1, 2] contains []", {}], ["'abc' notcontains 'd'", {}],
  ["'abc' contain 'a'", {}], ["{strs} contains 'b'", D.arr], ["'abc' *= 'c'", {}],
  // E29: missing or empty left side
  ["{x} contains 'a'", {}], ["{x} notcontains 'a'", {}], ["'' contains 'a'", {}], ["'' notcontains 'a'", {}], ["{e} notcontains 'a'", D.arr],
  // E30: anyof / allof / noneof
  ["{a} anyof []", { a: ["x"] }], ["{x} anyof []", {}], ["{x} anyof ['a']", {}], ["'a' anyof ['a', 'b']", {}], ["['A'] anyof ['a']", {}],
  ["{strs} allof ['a', 'c']", D.arr], ["{strs} allof []", D.arr], ["{x} allof ['a']", {}], ["{strs} noneof ['z']", D.arr],
  ["{strs} noneof ['a']", D.arr], ["{nums} anyof [2]", D.arr], ["{x} noneof []", {}],
  // E31: empty / notempty
  ["{x} empty", {}], ["{v} empty", { v: null }], ["'' empty", {}], ["[] empty", {}], ["({x} empty) + 1", {}], ["{x} empty + 1", {}], ["{x} empty and true", {}], ["{v} empty", { v: {} }], ["{v} empty", { v: { k: "" } }],
  ["' ' empty", {}], ["0 empty", {}], ["false empty", {}], ["{v} empty", { v: [null] }], ["{v} notempty", { v: "x" }], ["{v} notempty", { v: [] }],
  // F32/F33: unknown functions, iif
  ["foo()", {}], ["iif(false, 1)", {}], ["iif()", {}], ["iif('false', 1, 2)", {}], ["iif({x}, 1, 2)", {}], ["iif(1 > 0, 'y', 'n')", {}],
  ["iif(0, 'y', 'n')", {}], ["iif([], 'y', 'n')", {}],
  // F34: aggregates
  ["sum(1, 2, 3)", {}], ["sum({arr})", D.arr], ["sum({nums})", D.arr], ["sum('a', 1)", {}], ["sum({x}, 2)", {}], ["sum()", {}], ["sum(0.1, 0.2)", {}],
  ["min(3, 1, 2)", {}], ["min({arr})", D.arr], ["min()", {}], ["max('b', 'a')", {}], ["max()", {}], ["max([1, 5], 3)", {}], ["max('10', 9)", {}],
  ["count(1, 2, 3)", {}], ["count({x}, 1)", {}], ["count([1, [2, 3]])", {}], ["avg([])", {}], ["avg(1, 2)", {}], ["avg({nums})", D.arr],
  ["avg(1, 2, 4)", {}], ["sum(0.5, 'a')", {}], ["sum(1, 'a')", {}], ["sum(0.5, true)", {}],
  // F35: round / trunc
  ["round(-0.5)", {}], ["round(2.5)", {}], ["round(1.005, 2)", {}], ["round({x})", {}], ["round(1.23456, 3)", {}], ["round('2.5')", {}],
  ["trunc(-0.5)", {}], ["trunc(2.789)", {}], ["trunc(2.789, 2)", {}], ["trunc('a')", {}], ["round(-1.5)", {}], ["round(1234.5678, -2)", {}],
  // F36: dates and the clock
  ["age({d})", D.dates], ["age({x})", {}], ["age({x}) >= 21", {}], ["age({x}) < 21", {}], ["age('not a date')", {}], ["age({d2}, 'months')", D.dates],
  ["age('2000-11-24')", {}], ["age('2000-11-23')", {}], ["dateDiff({d}, {d2})", D.dates], ["dateDiff({d}, {d2}, 'months')", D.dates],
  ["dateDiff({d}, {d2}, 'years')", D.dates], ["dateDiff('2026-01-01T00:00:00', '2026-01-01T05:30:00', 'hours')", {}],
  ["dateDiff('2026-01-01T00:00:00', '2026-01-01T05:30:00', 'minutes')", {}], ["dateDiff('2026-01-01', '2026-01-02', 'seconds')", {}],
  ["dateDiff({x}, {d})", D.dates], ["diffDays({d}, {d2})", D.dates], ["diffDays({x}, {d})", D.dates], ["diffDays('2024-03-01', '2024-02-28')", {}],
  ["dateAdd('2026-01-31', 1, 'months')", {}], ["dateAdd({d}, 10)", D.dates], ["dateAdd({d}, -1, 'years')", D.dates],
  ["dateAdd('2026-11-23', 2, 'hours')", {}], ["dateAdd('2026-11-23', 90, 'minutes')", {}], ["dateAdd('2026-11-23', 30, 'seconds')", {}],
  ["dateAdd({x}, 1)", {}], ["getDate('2026-05-05')", {}], ["getDate('2026-05-05T12:34:56Z')", {}], ["getDate('bad')", {}], ["getDate({x})", {}],
  ["today()", {}], ["today(1)", {}], ["today(-30)", {}], ["currentDate()", {}], ["currentYear()", {}], ["year()", {}], ["year({d2})", D.dates],
  ["month()", {}], ["month({d2})", D.dates], ["day()", {}], ["day({d2})", D.dates], ["weekday()", {}], ["weekday({d2})", D.dates],
  ["getYear({d})", D.dates], ["getYear({x})", {}], ["today()", {}, LEAP_NOW], ["currentDate()", {}, LEAP_NOW], ["age('2000-02-29')", {}, LEAP_NOW],
  ["year()", {}, LEAP_NOW], ["day(today(1))", {}, LEAP_NOW], ["dateAdd(today(), 1, 'years')", {}, LEAP_NOW], ["{bad} < today()", D.dates],
  ["getDate({dt}) > today()", D.dates], ["dateDiff(today(), '2027-01-01', 'days')", {}],
  // F: substring
  ["substring('hello', 1, 3)", {}], ["substring('hello', 1)", {}], ["substring('hello')", {}], ["substring({x}, 1)", {}], ["substring(123, 1)", {}],
  ["substring('hello', 'a')", {}], ["substring('hello', 3, 1)", {}], ["substring({s}, 0, 2)", D.s],
  // F: sumInArray / countInArray / avgInArray / minInArray / maxInArray (rows, name[, returnName][, filter])
  ["sumInArray({m}, 'x')", D.rows], ["countInArray({m}, 'x')", D.rows], ["avgInArray({m}, 'x')", D.rows], ["minInArray({m}, 'x')", D.rows],
  ["maxInArray({m}, 'x')", D.rows], ["sumInArray({m}, 'X')", D.rows], ["sumInArray({M}, 'x')", D.rows], ["countInArray({m}, 'n')", D.rows],
  // the filter: a string, or an operand written back as text; it sees the row only
  ["sumInArray({m}, 'x', '{x} > 1')", D.rows], ["sumInArray({m}, 'x', {x} > 1)", D.rows], ["sumInArray({m}, 'x', \"{x} >= 2\")", D.rows],
  ["countInArray({m}, 'x', {y} notempty)", D.rows], ["countInArray({m}, 'n', {x} empty)", D.rows], ["avgInArray({m}, 'x', {x} > 1)", D.rows],
  ["countInArray({m}, 'x', ! ({x} > 1))", D.rows], ["sumInArray({m}, 'x', {x} anyof [1, 2])", D.rows], ["countInArray({m}, 'x', {x} contains 'b')", D.rows],
  ["countInArray({m}, 'x', {y} = 'A' or {n} = 'cy')", D.rows], ["sumInArray({m}, 'x', {#x} = '2')", D.rows], ["countInArray({m}, 'x', {a} = 1)", D.rows],
  ["countInArray({f}, 'x', {a} = 1)", D.rows], ["sumInArray({f}, 'x', {g})", D.rows], ["countInArray({m}, 'x', {g})", D.rows],
  ["countInArray({m}, 'x', sumInArray({m}, 'x') > 1)", D.rows], ["countInArray({m}, 'x', 'today() > \"2000-01-01\"')", D.rows],
  ["countInArray({m}, 'x', iif({x} > 2, true, false))", D.rows], ["countInArray({m}, 'x', {x} + 1 > 2.50)", D.rows], ["countInArray({m}, 'x', {x} > 0x1)", D.rows],
  ["countInArray({m}, 'x', {n} = 'it\\'s')", D.rows], ["countInArray({m}, 'x', {y} <> 'a')", D.rows], ["countInArray({m}, 'x', {y} equals 'a')", D.rows],
  ["countInArray({m}, 'x', true)", D.rows], ["countInArray({m}, 'x', 'true')", D.rows], ["countInArray({m}, 'x', 1)", D.rows], ["countInArray({m}, 'x', '')", D.rows],
  ["countInArray({m}, 'x', 'n', '')", D.rows], ["countInArray({m}, 'x', '{x} > ')", D.rows], ["countInArray({m}, 'x', '   ')", D.rows],
  ["countInArray({m}, 'x', 'sum(0.5, \\'a\\') > 0')", D.rows], ["countInArray({m}, 'x', 'iif(1, null, 2)')", D.rows], ["countInArray({e}, 'x', '!null')", D.rows],
  // a null/undefined literal in a filter operand writes back as nothing: "({x} == )" does not parse, no row passes
  ["sumInArray({m}, 'x', {x} = null)", D.rows], ["countInArray({m}, 'x', {y} = undefined)", D.rows], ["countInArray({m}, 'x', {y} != null)", D.rows],
  ["countInArray({m}, 'x', null)", D.rows], ["sumInArray(null, 'x')", D.rows], ["sumInArray(undefined, 'x', 'y')", D.rows],
  // a literal third argument without {}><=! names the property min/max return
  ["maxInArray({m}, 'x', 'n')", D.rows], ["minInArray({m}, 'x', 'n')", D.rows], ["maxInArray({m}, 'x', 'n', {x} < 3)", D.rows],
  ["minInArray({m}, 'x', 'n', '{x} > 1')", D.rows], ["maxInArray({m}, 'x', 'missing')", D.rows], ["sumInArray({m}, 'x', 'n')", D.rows],
  ["sumInArray({m}, 'x', 'n', 'x > 1')", D.rows], ["sumInArray({m}, 'x', 'x')", D.rows], ["maxInArray({m}, 'x', 'n', {g})", D.rows],
  ["maxInArray({dup}, 'v', 'n')", D.rows], ["minInArray({dup}, 'v', 'n')", D.rows], ["maxInArray({m}, 'x', {n})", D.rows],
  // empty, missing and non-array data; wrong argument counts and types
  ["sumInArray({e}, 'x')", D.rows], ["countInArray({e}, 'x')", D.rows], ["avgInArray({e}, 'x')", D.rows], ["minInArray({e}, 'x')", D.rows], ["maxInArray({e}, 'x')", D.rows],
  ["sumInArray({missing}, 'x')", D.rows], ["avgInArray({missing}, 'x')", D.rows], ["minInArray({missing}, 'x')", D.rows], ["sumInArray({m}, 'z')", D.rows],
  ["minInArray({m}, 'z')", D.rows], ["avgInArray({m}, 'z')", D.rows], ["sumInArray({s}, 'x')", D.rows], ["sumInArray({s}, 'length')", D.rows],
  ["countInArray({s}, 'length')", D.rows], ["avgInArray({s}, 'length')", D.rows], ["minInArray({s}, 'length')", D.rows], ["countInArray({s}, 'length', {x} empty)", D.rows],
  ["maxInArray({s}, '0')", D.rows], ["sumInArray({num}, 'x')", D.rows], ["minInArray({num}, 'x')", D.rows], ["sumInArray({a}, 'x')", D.rows],
  ["sumInArray({m})", D.rows], ["minInArray({m})", D.rows], ["sumInArray()", D.rows], ["countInArray({m}, 'x', 'n', '{x} > 0', 1)", D.rows],
  ["sumInArray({m}, 1)", D.rows], ["sumInArray({m}, x)", D.rows], ["sumInArray({#m}, 'x')", D.rows], ["sumInArray([], 'x')", D.rows],
  // numeric strings count, other strings do not; booleans and arrays go through JavaScript's + and <
  ["sumInArray({fl}, 'v')", D.rows], ["avgInArray({fl}, 'v')", D.rows], ["sumInArray({strs}, 'v')", D.rows], ["countInArray({strs}, 'v')", D.rows],
  ["sumInArray({b}, 'v')", D.rows], ["maxInArray({b}, 'v')", D.rows], ["minInArray({b}, 'v')", D.rows], ["sumInArray({arrs}, 'v')", D.rows], ["maxInArray({arrs}, 'v')", D.rows],
  ["sumInArray({m}, 'x')", { m: [{ x: "7" }, { x: 7 }, { x: "a" }, { x: " " }] }], ["maxInArray({m}, 'x', 'n')", { m: [{ x: "7", n: 1 }, { x: 7, n: 2 }] }],
  ["sumInArray({m}, '0')", { m: [[1, 2], [3], "4", 5] }], ["sumInArray({m}, '01')", { m: [[1, 2], { "01": 5 }] }], ["sumInArray({m}, 'length')", { m: [[1, 2], "abc", {}] }],
  // a matrix keyed by row name, paneldynamic panels, dotted and indexed paths
  ["sumInArray({byRow}, 'x')", D.rows], ["maxInArray({byRow}, 'x', 'k')", D.rows], ["minInArray({byRow}, 'x', 'k')", D.rows], ["countInArray({byRow}, 'x')", D.rows],
  ["sumInArray({m}, 'x')", { m: { 2: { x: 1 }, b: { x: 0.5 }, 1: { x: 0.2 } } }], ["minInArray({m}, 'x', 'n')", { m: { b: { x: 1, n: "b" }, 1: { x: 1, n: "one" } } }],
  ["sumInArray({panel}, 'age')", D.rows], ["avgInArray({panel}, 'age')", D.rows], ["maxInArray({panel}, 'age', 'name')", D.rows], ["countInArray({panel}, 'kids')", D.rows],
  ["sumInArray({panel}, 'kids')", D.rows], ["maxInArray({panel}, 'kids')", D.rows], ["sumInArray({panel[0].kids}, 'a')", D.rows], ["sumInArray({panel[-3].kids}, 'a')", D.rows],
  ["sumInArray({order.items}, 'price')", D.rows], ["avgInArray({ORDER.Items}, 'price')", D.rows], ["countInArray({panel}, 'name', {kids.length} > 0)", D.rows],
  ["countInArray({panel}, 'name', {kids[1].a} = 2)", D.rows], ["sumInArray({panel}, 'age', countInArray({kids}, 'a') = 0)", D.rows],
  // in a larger expression
  ["sumInArray({m}, 'x') + 1", D.rows], ["iif(countInArray({m}, 'x') > 2, 'many', 'few')", D.rows], ["sumInArray({m}, 'x') > maxInArray({m}, 'x')", D.rows],
  ["minInArray({e}, 'x') = null", D.rows], ["maxInArray({e}, 'x') empty", D.rows], ["round(avgInArray({m}, 'x'), 1)", D.rows],
  // bare null / undefined beside *InArray and in comparisons
  ["{a} = null", { a: null }], ["{a} == undefined", {}], ["{a} == undefined", { a: 0 }], ["{a} != null", { a: "" }], ["iif({a} = null, 1, 2)", {}],
  ["iif({a} = null, 1, 2)", { a: 3 }], ["undefined = null", {}], ["(undefined)", {}], ["null or 1", {}], ["1 and null", {}], ["'a' + null", {}],
  ["null contains 1", {}], ["'a' anyof null", {}], ["{a} = 'null'", { a: null }], ["{a} = undefined", { a: "undefined" }], ["Null", {}], ["nullx", {}],
];

// Most cases leave `now` to the case itself; a few leave it out so the command's --now is used.
function handWrittenCases() {
  return handWritten.map(([expr, data, now], i) => {
    const c = { expr, data };
    if (now) c.now = now;
    else if (i % 10 !== 3) c.now = NOW;
    return c;
  });
}

// [SECTION] Random cases
// Expressions grow from a small grammar over the variables in randomData(); every operator,
// keyword spelling and function of sections A-F can appear, so combinations nobody wrote by hand
// get tried. Depth stays low: deep random trees are mostly `null` noise.

const VAR_NAMES = ["a", "b", "n", "s", "t", "arr", "strs", "d", "obj.x", "obj.list[0]", "arr[-1]", "arr.length", "s.length", "missing", "A", "B", "N"];
const BINARY_OPS = [
  "+", "-", "*", "/", "%", "^", "power", "=", "==", "!=", "<>", "<", ">", "<=", ">=", "=>", "=<", "equal", "notequal", "less",
  "greater", "lessorequal", "greaterorequal", "and", "&&", "or", "||", "AND", "Or", "contains", "notcontains", "anyof", "allof",
  "noneof", "*=", "contain", "notcontain",
];
const FUNCTIONS = [
  ["sum", 0, 3], ["min", 0, 3], ["max", 0, 3], ["count", 0, 3], ["avg", 0, 3], ["round", 1, 2], ["trunc", 1, 2], ["iif", 2, 3],
  ["getDate", 1, 1], ["age", 1, 2], ["dateDiff", 2, 3], ["dateAdd", 2, 3], ["today", 0, 1], ["currentDate", 0, 0], ["currentYear", 0, 0],
  ["year", 0, 1], ["month", 0, 1], ["day", 0, 1], ["weekday", 0, 1], ["getYear", 1, 1], ["diffDays", 2, 2], ["substring", 1, 3],
];
const STRINGS = ["abc", "ABC", " abc ", "", "10", "9", "01", "1,5", "true", "False", "x<>y", "2020-02-29", "2026-11-23", "months", "years", "days", "a b", "é"];

function randomLiteral(rnd) {
  switch (intBetween(rnd, 0, 9)) {
    case 0: return String(intBetween(rnd, 0, 20));
    case 1: return String(-intBetween(rnd, 1, 9));
    case 2: return pick(rnd, ["0.1", "0.2", "0.5", "1.5", "2.25", "0.3", "3.14"]);
    case 3: return pick(rnd, ["0x10", "0x20", "0"]); // hex digits are 0-9 only: 0x1f does not parse
    case 4: return `'${pick(rnd, STRINGS)}'`;
    case 5: return `"${pick(rnd, STRINGS)}"`;
    case 6: return pick(rnd, ["true", "false", "TRUE", "False"]);
    case 7: return `[${Array.from({ length: intBetween(rnd, 0, 3) }, () => pick(rnd, ["1", "2", "'a'", "'B'", "'1'", "true"])).join(", ")}]`;
    case 8: return pick(rnd, ["abc", "today", "null", "undefined"]);
    default: return "''";
  }
}

function randomOperand(rnd, depth) {
  const r = rnd();
  if (depth <= 0 || r < 0.3) return chance(rnd, 0.55) ? `{${pick(rnd, VAR_NAMES)}}` : randomLiteral(rnd);
  if (r < 0.45) {
    const [name, minArgs, maxArgs] = pick(rnd, FUNCTIONS);
    const args = Array.from({ length: intBetween(rnd, minArgs, maxArgs) }, () => randomExpr(rnd, depth - 1));
    return `${name}(${args.join(", ")})`;
  }
  if (r < 0.55) return `${pick(rnd, ["!", "negate ", "!!"])}${randomOperand(rnd, depth - 1)}`;
  if (r < 0.62) return `${randomOperand(rnd, depth - 1)} ${pick(rnd, ["empty", "notempty", "Empty"])}`;
  return `(${randomExpr(rnd, depth - 1)})`;
}

function randomExpr(rnd, depth) {
  let expr = randomOperand(rnd, depth);
  const terms = intBetween(rnd, 0, depth > 0 ? 2 : 0);
  for (let i = 0; i < terms; i++) expr += ` ${pick(rnd, BINARY_OPS)} ${randomOperand(rnd, depth - 1)}`;
  return expr;
}

function randomScalar(rnd) {
  return pick(rnd, [
    0, 1, 2, -3, 0.1, 0.7, 2.5, 10, 100, "1", "10", "02", "1,5", " 7 ", "abc", "ABC", "", " ", "true", "FALSE", true, false, null,
    "2000-11-23", "2024-02-29", "2026-11-23T08:00:00Z", "'q'", "0x10",
  ]);
}

function randomData(rnd) {
  const data = {};
  const maybe = (key, make) => { if (chance(rnd, 0.85)) data[key] = make(); };
  maybe("a", () => randomScalar(rnd));
  maybe("b", () => randomScalar(rnd));
  maybe("n", () => pick(rnd, [intBetween(rnd, -5, 30), String(intBetween(rnd, 0, 30)), Math.round(rnd() * 1000) / 100, rnd() * 10]));
  maybe("s", () => pick(rnd, STRINGS));
  maybe("t", () => pick(rnd, [true, false, "true", "false", 1, 0]));
  maybe("arr", () => Array.from({ length: intBetween(rnd, 0, 4) }, () => pick(rnd, [1, 2, 3, "2", 0.5, null])));
  maybe("strs", () => Array.from({ length: intBetween(rnd, 0, 3) }, () => pick(rnd, ["a", "b", "A", "c", " a"])));
  maybe("d", () => pick(rnd, ["2000-11-23", "2010-05-31", "2024-02-29", "2026-11-23", "2026-12-25T10:00:00Z", "bad date", ""]));
  maybe("obj", () => ({ x: randomScalar(rnd), list: [randomScalar(rnd)] }));
  return data;
}

function randomCases(seed, count) {
  const rnd = mulberry32(seed);
  const cases = [];
  for (let i = 0; i < count; i++) {
    cases.push({ expr: randomExpr(rnd, intBetween(rnd, 1, 3)), data: randomData(rnd), now: NOW });
  }
  return cases;
}

// [SECTION] Random *InArray cases
// survey-core writes a non-string filter argument back as text (Operand.toString) and parses it
// again for every row, so random filters over random rows test that round trip. A PRNG stream of
// its own leaves the cases above unchanged.
const IN_ARRAY_FUNCTIONS = ["sumInArray", "countInArray", "avgInArray", "minInArray", "maxInArray"];
const ROW_NAMES = ["n", "n", "a", "b", "s", "t", "arr", "obj", "missing", "A"];
const COMPARISONS = ["<", ">", "=", "!=", ">=", "<=", "contains", "anyof"];

// Half plain comparisons, which let some rows through; half anything the grammar above makes.
function randomFilter(rnd) {
  if (chance(rnd, 0.5)) return randomExpr(rnd, intBetween(rnd, 0, 2));
  return `{${pick(rnd, ROW_NAMES)}} ${pick(rnd, COMPARISONS)} ${randomLiteral(rnd)}`;
}

function randomInArrayCases(seed, count) {
  const rnd = mulberry32(seed ^ 0x1a2b3c);
  const cases = [];
  for (let i = 0; i < count; i++) {
    const rows = Array.from({ length: intBetween(rnd, 0, 4) }, () => (chance(rnd, 0.9) ? randomData(rnd) : randomScalar(rnd)));
    const args = ["{rows}", `'${pick(rnd, ROW_NAMES)}'`];
    if (chance(rnd, 0.25)) args.push(`'${pick(rnd, ROW_NAMES)}'`);
    if (chance(rnd, 0.8)) args.push(randomFilter(rnd));
    cases.push({ expr: `${pick(rnd, IN_ARRAY_FUNCTIONS)}(${args.join(", ")})`, data: { ...randomData(rnd), rows }, now: NOW });
  }
  return cases;
}

function buildCases({ seed = 20261123, random = 300, inArray = 100 } = {}) {
  return handWrittenCases().concat(randomCases(seed, random), randomInArrayCases(seed, inArray));
}

module.exports = { buildCases, handWrittenCases, randomCases, randomInArrayCases, NOW };

if (require.main === module) {
  const args = process.argv.slice(2);
  const opt = (name, fallback) => {
    const i = args.indexOf(name);
    return i >= 0 ? Number(args[i + 1]) : fallback;
  };
  const options = { seed: opt("--seed", undefined), random: opt("--random", undefined), inArray: opt("--in-array", undefined) };
  process.stdout.write(JSON.stringify(buildCases(options), null, 1) + "\n");
}
