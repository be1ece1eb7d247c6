// The explorer page: controls built from the scenario's description (the JSON in #config), batches run
// by the engine in a Web Worker, results drawn from what the engine returns (summary.json, compare.json,
// the SVG figures of the command line). Nothing here knows any scenario. docs/explorer.md.
"use strict";

const config = JSON.parse(document.getElementById("config").textContent);
const $ = (id) => document.getElementById(id);

// ---------------------------------------------------------------------------------------------------
// Small helpers
// ---------------------------------------------------------------------------------------------------

function h(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "class") e.className = v;
    else if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children.flat()) {
    if (c !== null && c !== undefined) e.append(c);
  }
  return e;
}

const groupDigits = (n) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");

// 32-bit FNV-1a of a string's UTF-8 bytes: lets a test compare a figure with the command line's file.
function fnv1a(text) {
  let hash = 0x811c9dc5;
  for (const b of new TextEncoder().encode(text)) {
    hash ^= b;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, "0");
}

// Shortest decimal text of a slider value on a grid of `step` (what goes into --set).
function numberText(v, step, integer) {
  if (integer) return String(Math.round(v));
  const decimals = Math.max(0, Math.min(12, Math.ceil(-Math.log10(step) + 1e-9)));
  return String(Number(v.toFixed(decimals)));
}

// A slider step of 1, 2 or 5 times a power of ten giving about 200 positions.
function niceStep(low, high, integer) {
  if (integer) return 1;
  const raw = (high - low) / 200;
  if (!(raw > 0)) return 1;
  const p = Math.pow(10, Math.floor(Math.log10(raw)));
  for (const m of [1, 2, 5, 10]) if (m * p >= raw) return m * p;
  return 10 * p;
}

// ---------------------------------------------------------------------------------------------------
// State: runs, seed, overlay, overrides; read from and written to the URL
// ---------------------------------------------------------------------------------------------------

const params = config.parameters.map((p) => ({
  ...p,
  step: niceStep(p.low, p.high, p.integer),
}));
const state = {
  runs: config.runs,
  seed: String(config.seed),
  overlay: null,
  sets: new Map(), // path -> value text, in the order they were set
};

function readUrl() {
  const q = new URLSearchParams(location.search);
  const problems = [];
  if (q.has("runs")) {
    const n = Number(q.get("runs"));
    if (Number.isInteger(n) && n >= 1) state.runs = n;
    else problems.push(`runs=${q.get("runs")} is not a whole number of runs; using ${state.runs}`);
  }
  if (q.has("seed")) {
    const s = q.get("seed").trim();
    if (/^\d+$/.test(s) && BigInt(s) < 2n ** 64n) state.seed = s;
    else problems.push(`seed=${s} is not a seed (0 to 2^64 − 1); using ${state.seed}`);
  }
  if (q.has("overlay")) {
    const o = q.get("overlay");
    if (config.overlays.some((x) => x.name === o)) state.overlay = o;
    else problems.push(`overlay=${o} is not a counterfactual of this scenario; ignored`);
  }
  for (const s of q.getAll("set")) {
    const at = s.indexOf("=");
    if (at <= 0) {
      problems.push(`set=${s} is not PATH=VALUE; ignored`);
      continue;
    }
    state.sets.set(s.slice(0, at).trim(), s.slice(at + 1).trim());
  }
  return problems;
}

function query() {
  const parts = [`runs=${state.runs}`, `seed=${state.seed}`];
  if (state.overlay) parts.push(`overlay=${encodeURIComponent(state.overlay)}`);
  for (const [path, value] of state.sets) {
    parts.push(`set=${encodeURIComponent(path)}=${encodeURIComponent(value)}`);
  }
  return "?" + parts.join("&");
}

function writeUrl() {
  try {
    history.replaceState(null, "", query() + location.hash);
  } catch (e) {
    // Some browsers refuse history changes on file:// pages; "Copy link" still works.
  }
}

function linkText() {
  return location.href.split(/[?#]/)[0] + query();
}

const setList = () => [...state.sets].map(([p, v]) => `${p}=${v}`);

// ---------------------------------------------------------------------------------------------------
// Controls
// ---------------------------------------------------------------------------------------------------

function describePage() {
  $("description").textContent = config.scenario.description || "";
  const c = config.clock;
  const span = c.start
    ? `${c.start} to ${c.end} (the horizon: ${c.max_turns} turns of ${c.turn_days} day${c.turn_days === 1 ? "" : "s"})`
    : `${c.max_turns} turns`;
  const built = config.source.overrides.length
    ? ` · built with --set ${config.source.overrides.join(" --set ")}`
    : "";
  $("facts").textContent =
    `Scenario ${config.scenario.id} · ${span} · armistice ${config.armistice_version}${built}`;
}

function buildOverlays() {
  const box = $("overlays");
  if (!config.overlays.length) {
    $("overlay-section").hidden = true;
    return;
  }
  for (const o of config.overlays) {
    const input = h("input", {
      type: "checkbox",
      value: o.name,
      onchange: (e) => {
        state.overlay = e.target.checked ? o.name : null;
        syncControls();
        changed();
      },
    });
    // Every overlay here is a counterfactual: the heading says so once.
    const title = o.title.replace(/^counterfactual:\s*/i, "");
    const label = title.charAt(0).toUpperCase() + title.slice(1);
    box.append(h("label", { class: "toggle", title: `${o.name}: ${o.title}` }, input, h("span", {}, label)));
  }
}

function sliderValue(p) {
  if (state.sets.has(p.path)) {
    const v = Number(state.sets.get(p.path));
    if (Number.isFinite(v)) return v;
  }
  return p.value;
}

function moved(p, text, delay) {
  const v = Number(text);
  if (p.value !== null && Math.abs(v - p.value) < p.step / 2) state.sets.delete(p.path);
  else state.sets.set(p.path, numberText(v, p.step, p.integer));
  syncControls();
  changed(delay);
}

function buildParameters() {
  const box = $("parameters");
  if (!params.length) {
    $("parameter-section").querySelector(".hint").textContent =
      "The scenario declares no [[parameter]] to explore.";
  }
  params.forEach((p, i) => {
    const id = `param-${i}`;
    const at = (v) => (v - p.low) / (p.high - p.low || 1);
    const range = h("input", {
      id,
      type: "range",
      min: p.low,
      max: p.high,
      step: p.step,
      "aria-describedby": `${id}-value`,
      // While the handle is dragged, a batch starts when it rests for a moment; on release, at once.
      oninput: (e) => moved(p, e.target.value, 150),
      onchange: (e) => moved(p, e.target.value, 0),
    });
    const tick =
      p.value === null
        ? null
        : h("span", { class: "tick", style: `--at:${at(p.value)}`, title: `scenario value ${p.value}` });
    const reset = h("button", {
      type: "button",
      class: "reset",
      title: "Back to the scenario's value",
      "aria-label": `Reset ${p.label}`,
      onclick: () => {
        state.sets.delete(p.path);
        syncControls();
        changed();
      },
    }, "↺");
    box.append(
      h("div", { class: "param", "data-path": p.path },
        h("label", { for: id }, p.label),
        h("div", { class: "slider" }, range, tick),
        h("div", { class: "ends" },
          h("span", {}, String(p.low)),
          h("output", { id: `${id}-value`, for: id }),
          h("span", {}, String(p.high))),
        h("div", { class: "meta" }, h("code", {}, p.path), reset)));
  });
}

function syncControls() {
  $("runs").value = state.runs;
  $("seed").value = state.seed;
  for (const input of $("overlays").querySelectorAll("input")) {
    input.checked = input.value === state.overlay;
  }
  params.forEach((p, i) => {
    const range = $(`param-${i}`);
    const v = sliderValue(p);
    const set = state.sets.has(p.path);
    range.value = v === null ? (p.low + p.high) / 2 : v;
    range.classList.toggle("unset", v === null);
    const unit = p.unit ? ` ${p.unit}` : "";
    const shown = set ? state.sets.get(p.path) : p.value === null ? "scenario's formula" : String(p.value);
    $(`param-${i}-value`).textContent = shown + (v === null ? "" : unit) + (set ? "" : " (scenario)");
    range.closest(".param").classList.toggle("changed", set);
  });
  const movedCount = params.filter((p) => state.sets.has(p.path)).length;
  $("parameter-count").textContent = `(${params.length}${movedCount ? `, ${movedCount} moved` : ""})`;
  $("overlay-count").textContent = `(${config.overlays.length}${state.overlay ? ", 1 on" : ""})`;
  const extra = $("extra-sets");
  extra.replaceChildren();
  for (const [path, value] of state.sets) {
    if (params.some((p) => p.path === path)) continue;
    extra.append(
      h("div", { class: "chip" },
        h("code", {}, `${path}=${value}`),
        h("button", {
          type: "button",
          title: "Remove this override",
          "aria-label": `Remove ${path}`,
          onclick: () => {
            state.sets.delete(path);
            syncControls();
            changed();
          },
        }, "✕")));
  }
  writeUrl();
}

function bindBatchInputs() {
  $("runs").addEventListener("change", (e) => {
    const n = Number(e.target.value);
    if (Number.isInteger(n) && n >= 1) state.runs = n;
    syncControls();
    changed();
  });
  $("seed").addEventListener("change", (e) => {
    const s = e.target.value.trim();
    if (/^\d+$/.test(s) && BigInt(s) < 2n ** 64n) state.seed = s;
    syncControls();
    changed();
  });
  $("reset").addEventListener("click", () => {
    state.runs = config.runs;
    state.seed = String(config.seed);
    state.overlay = null;
    state.sets.clear();
    syncControls();
    changed();
  });
  $("copy-link").addEventListener("click", async () => {
    const link = $("link");
    link.value = linkText();
    link.hidden = false;
    link.select();
    try {
      await navigator.clipboard.writeText(link.value);
      $("copy-link").textContent = "Link copied";
    } catch (e) {
      $("copy-link").textContent = "Copy the link below";
    }
    setTimeout(() => ($("copy-link").textContent = "Copy link"), 2500);
  });
  $("download").addEventListener("click", download);
}

// ---------------------------------------------------------------------------------------------------
// The engine: a compiled module, a worker per batch in flight
// ---------------------------------------------------------------------------------------------------

function base64Bytes(text) {
  const bin = atob(text.replace(/\s+/g, ""));
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

async function compileEngine() {
  if (typeof DecompressionStream === "undefined") {
    throw new Error("this browser cannot decompress the engine (DecompressionStream is missing): use a current Chromium, Firefox or Safari");
  }
  const packed = base64Bytes($("wasm").textContent);
  const stream = new Blob([packed]).stream().pipeThrough(new DecompressionStream("gzip"));
  const bytes = await new Response(stream).arrayBuffer();
  return WebAssembly.compile(bytes);
}

const engine = {
  module: null,
  // One worker per slot, started when first asked and kept between batches; a batch the page no
  // longer wants is cancelled by stopping its workers.
  slots: [],
  url: URL.createObjectURL(
    new Blob([$("worker-source").textContent], { type: "text/javascript" })),
  fontsWanted: true,
};

// A batch is split between this many workers at most (each simulates its share of the runs and
// solves what its runs need: the parts overlap in the worlds they solve, so more workers gain less).
const MAX_WORKERS = 4;
// Runs per worker below which a batch is not split.
const RUNS_PER_WORKER = 250;

class Cancelled extends Error {}

// Stops every request in flight.
function cancelAll() {
  for (const s of engine.slots) {
    if (s.reject) {
      s.worker.terminate();
      s.worker = null;
      const reject = s.reject;
      s.reject = null;
      reject(new Cancelled());
    }
  }
}

// Sends the JSON text of one request to the worker of slot k; resolves with the answer's text.
function askOn(k, text, onProgress) {
  while (engine.slots.length <= k) engine.slots.push({ worker: null, reject: null });
  const slot = engine.slots[k];
  if (!slot.worker) slot.worker = new Worker(engine.url);
  return new Promise((resolve, reject) => {
    slot.reject = reject;
    slot.worker.onmessage = (e) => {
      const m = e.data;
      if (m.type === "progress") onProgress(m.done, m.total);
      else if (m.type === "fonts") installFonts(m);
      else {
        slot.reject = null;
        if (m.type === "answer") resolve(m.text);
        else reject(new Error(m.message));
      }
    };
    slot.worker.onerror = (e) => {
      slot.reject = null;
      slot.worker.terminate();
      slot.worker = null;
      reject(new Error(e.message || "the engine's worker failed"));
    };
    const wantFonts = engine.fontsWanted;
    engine.fontsWanted = false;
    slot.worker.postMessage({ module: engine.module, request: text, wantFonts });
  });
}

// Sends one request (cancelling any still running) to the first worker.
async function ask(request, onProgress) {
  cancelAll();
  return JSON.parse(await askOn(0, JSON.stringify(request), onProgress));
}

// Runs a batch: split between workers where the machine has the cores for it (each simulates a part
// of the runs, "part"), then merged by the first ("run" with the parts): the same summary and figures
// as the batch simulated at once, which is what the engine answers when it is not split.
async function askRun(request, onProgress) {
  cancelAll();
  const cores = Math.max(1, navigator.hardwareConcurrency || 1);
  const n = Math.max(1, Math.min(MAX_WORKERS, cores, Math.floor(request.runs / RUNS_PER_WORKER)));
  document.body.dataset.workers = String(n);
  if (n === 1) return JSON.parse(await askOn(0, JSON.stringify(request), onProgress));
  const cuts = Array.from({ length: n + 1 }, (_, k) => Math.floor((k * request.runs) / n));
  const done = new Array(n).fill(0);
  let texts;
  try {
    texts = await Promise.all(cuts.slice(0, n).map((first, k) =>
      askOn(k, JSON.stringify({ ...request, op: "part", first, end: cuts[k + 1] }), (d) => {
        done[k] = d;
        onProgress(done.reduce((a, b) => a + b, 0), request.runs);
      })));
  } catch (err) {
    // One part failed: the others are no use any more. (A part cancelled by the next batch needs
    // nothing more: that batch has already stopped the others, and its own requests must run.)
    if (!(err instanceof Cancelled)) cancelAll();
    throw err;
  }
  const answers = texts.map((t) => JSON.parse(t));
  // A part the engine refused answers {"error": …}: that is the batch's answer.
  const refused = answers.find((a) => a.error);
  if (refused) return refused;
  // Each part is the JSON text of its summary, passed back as it came.
  const parts = answers.map((a) => a.part);
  return JSON.parse(await askOn(0, JSON.stringify({ ...request, parts }), () => {}));
}

// The charts are laid out with DejaVu Sans' metrics: show them in that font, from the engine's copy.
function installFonts(m) {
  try {
    const faces = [
      new FontFace("DejaVu Sans", m.regular, { weight: "400" }),
      new FontFace("DejaVu Sans", m.bold, { weight: "700" }),
    ];
    for (const f of faces) document.fonts.add(f);
    Promise.all(faces.map((f) => f.load())).catch(() => {});
  } catch (e) {
    // Without it the figures fall back to the browser's sans-serif.
  }
}

// ---------------------------------------------------------------------------------------------------
// Updates
// ---------------------------------------------------------------------------------------------------

let generation = 0;
let timer = null;
const latest = { run: null, compare: null, settings: null };

function changed(delay) {
  clearTimeout(timer);
  timer = setTimeout(update, delay || 0);
}

function settings(op) {
  const r = {
    op,
    source: config.source,
    overlay: state.overlay,
    sets: setList(),
    runs: state.runs,
    seed: state.seed,
  };
  return r;
}

function status(text, fraction) {
  $("status-text").textContent = text;
  const bar = $("progress");
  if (fraction === null) bar.removeAttribute("value");
  else bar.value = fraction;
}

function showError(err) {
  const box = $("error");
  box.replaceChildren(
    h("strong", {}, "The engine refused these settings."),
    h("pre", {}, err.message),
    h("p", {}, "Fix the value, remove the override, or press “Reset all”."));
  box.hidden = false;
}

// A headless browser dumps the page when its virtual-time budget (--virtual-time-budget) runs out, and
// virtual time runs on while the page only waits for its worker. There, and only there, the page keeps
// its thread busy with immediate tasks until the batch is done, so the budget waits for the answer.
let holding = false;
function holdVirtualTime() {
  if (holding || !/HeadlessChrome/.test(navigator.userAgent)) return;
  holding = true;
  const channel = new MessageChannel();
  channel.port1.onmessage = () => {
    if (document.body.dataset.state === "done" || document.body.dataset.state === "error") {
      holding = false;
      channel.port1.close();
    } else {
      channel.port2.postMessage(0);
    }
  };
  channel.port2.postMessage(0);
}

async function update() {
  const my = ++generation;
  const started = performance.now();
  const runs = groupDigits(state.runs);
  document.body.dataset.state = "running";
  document.body.classList.add("stale", "stale-compare");
  holdVirtualTime();
  $("error").hidden = true;
  try {
    if (!engine.module) {
      status("Loading the engine…", null);
      engine.module = await compileEngine();
    }
    status(`Simulating ${runs} runs…`, null);
    const tick = setInterval(() => {
      const s = ((performance.now() - started) / 1000).toFixed(1);
      $("status-text").textContent = $("status-text").textContent.replace(/ \(\d+\.\d s\)$/, "") + ` (${s} s)`;
    }, 200);
    let run;
    try {
      run = await askRun(settings("run"), (done, total) =>
        status(`Simulating ${runs} runs: ${groupDigits(done)} done`, done / total));
    } finally {
      clearInterval(tick);
    }
    if (my !== generation) return;
    if (run.error) {
      showError(run.error);
      status("Nothing simulated: see the message below.", 0);
      document.body.dataset.state = "error";
      return;
    }
    showRun(run);
    document.body.classList.remove("stale");
    const runSeconds = (performance.now() - started) / 1000;
    document.body.dataset.updateMs = String(Math.round(performance.now() - started));
    document.body.dataset.state = "compare";
    await compareNow(my, runSeconds, runs);
  } catch (err) {
    if (err instanceof Cancelled || my !== generation) return;
    showError({ message: String(err.message || err) });
    status("The engine failed.", 0);
    document.body.dataset.state = "error";
  }
}

async function compareNow(my, runSeconds, runs) {
  const changedFromBase = state.overlay !== null || state.sets.size > 0;
  if (!changedFromBase) {
    showComparison(null);
    status(`${runs} runs in ${runSeconds.toFixed(2)} s.`, 1);
    document.body.dataset.state = "done";
    return;
  }
  const t = performance.now();
  status(`${runs} runs in ${runSeconds.toFixed(2)} s. Comparing with the base scenario, run for run…`, null);
  const cmp = await ask(settings("compare"), (done, total) =>
    status(`${runs} runs in ${runSeconds.toFixed(2)} s. Comparing with the base scenario: ${done} of ${total} variants simulated…`, done / total));
  if (my !== generation) return;
  if (cmp.error) {
    showError(cmp.error);
    document.body.dataset.state = "error";
    return;
  }
  showComparison(cmp);
  const cs = ((performance.now() - t) / 1000).toFixed(2);
  status(`${runs} runs in ${runSeconds.toFixed(2)} s; comparison with the base in ${cs} s.`, 1);
  document.body.dataset.state = "done";
}

// ---------------------------------------------------------------------------------------------------
// Results
// ---------------------------------------------------------------------------------------------------

function figure(f) {
  const holder = h("figure", { class: "fig", id: `fig-${f.name}`, "data-name": f.name, "data-fnv": fnv1a(f.svg) });
  holder.innerHTML = f.svg;
  const svg = holder.querySelector("svg");
  if (svg) {
    svg.setAttribute("role", "img");
    const title = svg.querySelector("text");
    if (title) svg.setAttribute("aria-label", title.textContent.trim());
  }
  const link = h("a", { href: "#", class: "svg-link", onclick: (e) => {
    e.preventDefault();
    save(`${f.name}.svg`, new Blob([f.svg], { type: "image/svg+xml" }));
  } }, `${f.name}.svg`);
  holder.append(h("figcaption", {}, link));
  return holder;
}

// Where each figure of a run goes: the agreements first, the terms and payoffs after the comparison,
// the rest under "More figures".
const figureBox = (name) =>
  name.startsWith("agreement_") ? "main-figures"
    : name === "option_shares" || name === "payoffs" ? "terms-figures"
    : "more-figures";

// The numbers on the cards come written from the engine (crate::format), as the terminal writes them.
function headline(run) {
  const box = $("headline");
  box.replaceChildren();
  for (const c of run.cards) {
    box.append(
      h("div", { class: "card" },
        h("h3", {}, c.label),
        h("p", { class: "big" }, c.share, h("span", {}, " of runs reach it within the horizon")),
        h("p", {}, "Median ", h("strong", {}, c.median), `; 10–90 % of runs: ${c.range}`),
        c.few ? h("p", { class: "warn" }, "Fewer than half the runs reach it: its median is after the horizon.") : null,
        c.by_date.length
          ? h("p", { class: "muted" }, "Reached before " + c.by_date.map(([t, p]) => `${t}: ${p}`).join(", "))
          : null,
        c.history ? h("p", { class: "muted" }, `History: ${c.history}`) : null));
  }
  $("horizon-note").textContent =
    `Dates count every run: a run that never reaches an agreement counts as after the horizon (${run.horizon}); ` +
    "dates are the first day of the turn in which it happened.";
}

function showRun(run) {
  latest.run = run;
  $("summary").textContent = run.summary;
  $("summary-text").textContent = run.text;
  $("command").textContent = run.command;
  headline(run);
  for (const id of ["main-figures", "terms-figures", "more-figures"]) $(id).replaceChildren();
  for (const f of run.figures) $(figureBox(f.name)).append(figure(f));
  $("download").disabled = false;
  // When the new figures are on screen (for the measurement in docs/performance.md).
  requestAnimationFrame(() => (document.body.dataset.drawnAt = String(performance.now())));
}

function showComparison(cmp) {
  document.body.classList.remove("stale-compare");
  latest.compare = cmp && cmp.comparison ? cmp : null;
  const cards = $("comparison-cards");
  const figs = $("comparison-figures");
  cards.replaceChildren();
  figs.replaceChildren();
  $("comparison-text").textContent = "";
  $("comparison-json").textContent = "";
  $("comparison-command-line").hidden = true;
  const note = $("comparison-note");
  if (!latest.compare) {
    note.textContent =
      "Move a slider or switch on a counterfactual to compare it with the base scenario, run for run.";
    return;
  }
  const c = cmp.comparison;
  const conf = Math.round(c.bootstrap.confidence * 100);
  note.replaceChildren(
    h("span", {}, "These settings — ", h("strong", {}, changesInWords()), ` — against the base scenario ${c.base}: `),
    `${groupDigits(c.runs)} paired runs each under common random numbers (seed ${c.seed}); ` +
      `${conf} % intervals from ${groupDigits(c.bootstrap.resamples)} bootstrap resamples of the runs. ` +
      "A change counts only where its interval leaves out zero.");
  for (const k of cmp.cards) {
    cards.append(
      h("div", { class: "card" },
        h("h3", {}, k.label),
        h("p", {}, `Reached: ${k.reached[0]} → ${k.reached[1]}, `, h("strong", {}, k.share_change), ` (${k.share_verdict})`),
        h("p", {}, "Median date: ", h("strong", {}, k.median_shift), ` (${k.shift_verdict}); base ${k.medians[0]}, now ${k.medians[1]}`),
        k.among_reached ? h("p", { class: "warn" }, k.among_reached[0].toUpperCase() + k.among_reached.slice(1) + ".") : null));
  }
  cards.append(h("div", { class: "card wide" }, h("h3", {}, "Change in terms"),
    cmp.terms.length
      ? h("ul", {}, cmp.terms.map((t) => h("li", {}, t)))
      : h("p", {}, "No option's share of runs moved beyond its interval.")));
  for (const f of cmp.figures) figs.append(figure(f));
  $("comparison-text").textContent = cmp.text;
  $("comparison-json").textContent = JSON.stringify(c, null, 2);
  if (cmp.command) {
    $("comparison-command").textContent = cmp.command;
    $("comparison-command-line").hidden = false;
  }
}

// What differs from the base scenario, in the scenario's words.
function changesInWords() {
  const parts = [];
  if (state.overlay) {
    const o = config.overlays.find((x) => x.name === state.overlay);
    parts.push(o ? o.title.replace(/^counterfactual:\s*/i, "") : state.overlay);
  }
  for (const [path, value] of state.sets) {
    const p = params.find((x) => x.path === path);
    if (!p) parts.push(`${path} = ${value}`);
    else parts.push(`${p.label}: ${value}${p.unit ? " " + p.unit : ""}` + (p.value === null ? "" : ` instead of ${p.value}`));
  }
  return parts.join("; ");
}

// ---------------------------------------------------------------------------------------------------
// Download: one zip (stored, not compressed) laid out like the command line's output directory
// ---------------------------------------------------------------------------------------------------

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function crc32(bytes) {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function zip(files) {
  const enc = new TextEncoder();
  const chunks = [];
  const central = [];
  let offset = 0;
  for (const [name, text] of files) {
    const nameBytes = enc.encode(name);
    const data = enc.encode(text);
    const crc = crc32(data);
    const local = new DataView(new ArrayBuffer(30));
    local.setUint32(0, 0x04034b50, true);
    local.setUint16(4, 20, true);
    local.setUint16(6, 0x0800, true); // UTF-8 names
    local.setUint16(12, 0x21, true); // 1980-01-01, the first date a zip can hold: no clock in the file
    local.setUint32(14, crc, true);
    local.setUint32(18, data.length, true);
    local.setUint32(22, data.length, true);
    local.setUint16(26, nameBytes.length, true);
    const dir = new DataView(new ArrayBuffer(46));
    dir.setUint32(0, 0x02014b50, true);
    dir.setUint16(4, 20, true);
    dir.setUint16(6, 20, true);
    dir.setUint16(8, 0x0800, true);
    dir.setUint16(14, 0x21, true);
    dir.setUint32(16, crc, true);
    dir.setUint32(20, data.length, true);
    dir.setUint32(24, data.length, true);
    dir.setUint16(28, nameBytes.length, true);
    dir.setUint32(42, offset, true);
    chunks.push(local, nameBytes, data);
    central.push(dir, nameBytes);
    offset += 30 + nameBytes.length + data.length;
  }
  const size = central.reduce((n, c) => n + c.byteLength, 0);
  const end = new DataView(new ArrayBuffer(22));
  end.setUint32(0, 0x06054b50, true);
  end.setUint16(8, files.length, true);
  end.setUint16(10, files.length, true);
  end.setUint32(12, size, true);
  end.setUint32(16, offset, true);
  return new Blob([...chunks, ...central, end], { type: "application/zip" });
}

function save(name, blob) {
  const a = h("a", { href: URL.createObjectURL(blob), download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10000);
}

function download() {
  if (!latest.run) return;
  const files = [["summary.json", latest.run.summary]];
  for (const f of latest.run.figures) files.push([`charts/${f.name}.svg`, f.svg]);
  const lines = [
    `${config.scenario.title}`,
    `Made in the armistice explorer (armistice ${config.armistice_version}).`,
    `This view: ${linkText()}`,
    "",
    "summary.json and charts/ are what this command writes:",
    `  ${latest.run.command}`,
  ];
  if (latest.compare) {
    const c = latest.compare;
    files.push(["compare/compare.json", JSON.stringify(c.comparison, null, 2) + "\n"]);
    files.push(["compare/compare.txt", c.text]);
    for (const f of c.figures) files.push([`compare/charts/${f.name}.svg`, f.svg]);
    lines.push("", "compare/ holds the comparison with the base scenario" +
      (c.command ? ", as this command computes it:" : " (an overlay with overrides: no single command line gives it)."));
    if (c.command) lines.push(`  ${c.command}`);
  }
  files.push(["README.txt", lines.join("\n") + "\n"]);
  const name = `${config.scenario.id}${state.overlay ? "-" + state.overlay : ""}-${state.runs}-runs-seed-${state.seed}.zip`;
  save(name, zip(files));
}

// ---------------------------------------------------------------------------------------------------

// On a narrow screen the results come after the controls: start with the long lists folded.
if (matchMedia("(max-width: 60rem)").matches) {
  for (const d of document.querySelectorAll("details.group")) d.open = false;
}
describePage();
buildOverlays();
buildParameters();
bindBatchInputs();
const problems = readUrl();
syncControls();
if (problems.length) {
  const box = $("notice");
  box.replaceChildren(h("strong", {}, "The link has settings this page cannot use:"),
    h("ul", {}, problems.map((p) => h("li", {}, p))));
  box.hidden = false;
}
update();
