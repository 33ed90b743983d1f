// A small seeded PRNG shared by the case and answer generators: the same seed must give the
// same cases on every machine and node version, which Math.random() cannot promise.
//
// Example:
//   const rnd = mulberry32(42); pick(rnd, ["a", "b"]); intBetween(rnd, 1, 6);
"use strict";

// mulberry32 (Tommy Ettinger): 32-bit state, good enough spread for test data.
function mulberry32(seed) {
  let state = seed >>> 0;
  return function next() {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function intBetween(rnd, lo, hi) {
  return lo + Math.floor(rnd() * (hi - lo + 1));
}

function pick(rnd, items) {
  return items[Math.floor(rnd() * items.length)];
}

function chance(rnd, p) {
  return rnd() < p;
}

module.exports = { mulberry32, intBetween, pick, chance };
