// Lighthouse 13 (mobile, simulated throttling) on the Aftercare pages, with Debian's
// Chromium driven by puppeteer-core (a dependency of lighthouse, no browser download).
// Lighthouse cannot sign in, so this script does: for a signed-in page it fills the
// login form in the same browser, lets the app settle (first sync), and audits with
// storage kept (disableStorageReset), as an engineer reopening the app would see it.
//
//   node run.mjs BASE_URL USERNAME PASSWORD OUT.json
// OUT.json: [{page, url, scores: {performance, ...}, metrics: {...}, errored: [...], failing: [...]}]
import { writeFileSync } from "node:fs";

import lighthouse from "lighthouse";
import puppeteer from "puppeteer-core";

const [base, engineer, dispatcher, password, out] = process.argv.slice(2);
const FLAGS = [
  "--headless=new",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-dev-shm-usage",
  "--disable-background-networking",
  "--disable-component-update",
  "--no-first-run",
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
];
const CATEGORIES = ["performance", "accessibility", "best-practices"];
const METRICS = [
  "first-contentful-paint",
  "largest-contentful-paint",
  "total-blocking-time",
  "cumulative-layout-shift",
  "speed-index",
  "total-byte-weight",
  "unused-javascript",
];

async function signIn(page, username) {
  await page.goto(`${base}/`, { waitUntil: "networkidle0" });
  await page.evaluate(() => localStorage.clear());
  await page.goto(`${base}/`, { waitUntil: "networkidle0" });
  await page.type("input[name=username]", username);
  await page.type("input[name=password]", password);
  await Promise.all([
    page.waitForFunction(() => !location.pathname.startsWith("/login") && location.pathname !== "/", { timeout: 30000 }),
    page.click("button[type=submit]"),
  ]);
  // The first full pull, the service worker installing.
  await page.waitForNetworkIdle({ idleTime: 1000, timeout: 60000 }).catch(() => undefined);
}

async function audit(browser, name, url, signedInAs) {
  const page = await browser.newPage();
  if (signedInAs) await signIn(page, signedInAs);
  const result = await lighthouse(
    url,
    { output: "json", logLevel: "error", onlyCategories: CATEGORIES, disableStorageReset: Boolean(signedInAs) },
    undefined,
    page,
  );
  await page.close();
  const lhr = result.lhr;
  const audits = lhr.audits;
  // LH_SCREENSHOTS=dir keeps the final screenshot of each page (to see what shifted).
  const shot = audits["final-screenshot"]?.details?.data;
  if (process.env.LH_SCREENSHOTS && shot) {
    writeFileSync(`${process.env.LH_SCREENSHOTS}/${name}.jpg`, Buffer.from(shot.split(",")[1], "base64"));
  }
  const failing = Object.values(audits)
    .filter((a) => a.score !== null && a.score < 1 && ["binary", "numeric", "metricSavings"].includes(a.scoreDisplayMode))
    .map((a) => `${a.id} ${a.score}${a.displayValue ? ` (${a.displayValue})` : ""}`);
  return {
    page: name,
    url,
    lighthouse: lhr.lighthouseVersion,
    userAgent: lhr.environment?.hostUserAgent,
    scores: Object.fromEntries(Object.entries(lhr.categories).map(([k, c]) => [k, c.score])),
    metrics: {
      ...Object.fromEntries(METRICS.map((k) => [k, audits[k]?.numericValue ?? null])),
      "unused-javascript": audits["unused-javascript"]?.details?.overallSavingsBytes ?? 0,
    },
    shifts: (audits["layout-shifts"]?.details?.items ?? []).map((i) => `${i.node?.selector ?? "?"} ${i.score?.toFixed?.(3)}`),
    errored: Object.values(audits).filter((a) => a.scoreDisplayMode === "error").map((a) => `${a.id}: ${a.errorMessage}`),
    failing,
    warnings: lhr.runWarnings,
    runtimeError: lhr.runtimeError ?? null,
  };
}

const browser = await puppeteer.launch({
  executablePath: process.env.CHROME_PATH || "/usr/bin/chromium",
  headless: true,
  args: FLAGS,
  defaultViewport: null,
});
try {
  const results = [];
  const only = process.env.LH_ONLY ? process.env.LH_ONLY.split(",") : null;
  const pages = [
    ["login", `${base}/`, null],
    ["work-orders", `${base}/work-orders`, engineer],
    ["office", `${base}/office`, dispatcher],
  ];
  for (const [name, url, who] of pages) {
    if (only && !only.includes(name)) continue;
    results.push(await audit(browser, name, url, who));
    console.error(name, JSON.stringify(results.at(-1).scores));
  }
  writeFileSync(out, JSON.stringify(results, null, 2));
} finally {
  await browser.close();
}
