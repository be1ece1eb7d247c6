// How long the explorer page takes to redraw after a slider move (docs/performance.md, "The browser
// explorer"). Drives Debian's Chromium with playwright-core; nothing here is part of the build or the
// tests. Run:
//
//   bash scripts/explorer.sh korea_1951 /tmp/korea.html
//   npm install --prefix /tmp/pw playwright-core@1.64.1
//   NODE_PATH=/tmp/pw/node_modules node benches/explorer_update.js /tmp/korea.html 1000 10
//
// Arguments: the page, runs per batch, slider moves. Each move sets the first slider alternately to a
// quarter and three quarters of its range (an input and a change event, as a click on the track makes)
// and measures from the event to the frame that shows the new figures. The first load (the engine's
// compilation included) is reported apart.
"use strict";
const path = require("path");
const { chromium } = require("playwright-core");

async function main() {
  const [file, runsArg, movesArg] = process.argv.slice(2);
  const runs = Number(runsArg || 1000);
  const moves = Number(movesArg || 10);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  // A desktop user agent: the page holds virtual time only for browsers that say they are headless.
  const context = await browser.newContext({
    viewport: { width: 1280, height: 720 },
    userAgent: "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36",
  });
  const page = await context.newPage();
  const t0 = Date.now();
  await page.goto(`file://${path.resolve(file)}?runs=${runs}&seed=1`);
  await page.waitForFunction(() => document.body.dataset.drawnAt, null, { timeout: 600000 });
  console.log(`first load, engine compiled and ${runs} runs drawn: ${Date.now() - t0} ms`);
  await page.waitForFunction(() => ["done", "error"].includes(document.body.dataset.state), null, { timeout: 600000 });
  const times = [];
  for (let i = 0; i < moves; i++) {
    const ms = await page.evaluate(async (k) => {
      const slider = document.querySelector('.param input[type="range"]');
      const [lo, hi] = [Number(slider.min), Number(slider.max)];
      const before = Number(document.body.dataset.drawnAt);
      slider.value = String(lo + (k % 2 ? 0.25 : 0.75) * (hi - lo));
      const start = performance.now();
      slider.dispatchEvent(new Event("input", { bubbles: true }));
      slider.dispatchEvent(new Event("change", { bubbles: true }));
      while (!(Number(document.body.dataset.drawnAt) > Math.max(before, start))) {
        await new Promise((r) => setTimeout(r, 5));
      }
      return Number(document.body.dataset.drawnAt) - start;
    }, i);
    times.push(ms);
    console.log(`move ${i + 1}: ${ms.toFixed(0)} ms`);
    // Let the comparison of this move finish, so that it does not compete with the next batch.
    await page.waitForFunction(() => ["done", "error"].includes(document.body.dataset.state), null, { timeout: 600000 });
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor((times.length - 1) / 2)];
  console.log(`${runs} runs redrawn after a slider move: median ${median.toFixed(0)} ms, min ${times[0].toFixed(0)}, max ${times[times.length - 1].toFixed(0)} (${times.length} moves)`);
  await browser.close();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
