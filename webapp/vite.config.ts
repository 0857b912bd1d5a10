/// <reference types="vitest/config" />
// Build the PWA into dist/ (Flask serves it at /); in development proxy /api to Flask.
// After the app is written, a second build makes the service worker (src/sw/, its own
// program) into dist/sw.js with the list of every file to precache injected.
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { join, relative } from "node:path";

import preact from "@preact/preset-vite";
import { build, defineConfig, type Plugin } from "vite";

const OUT_DIR = "dist";
/** Files a phone never needs offline. */
const NOT_PRECACHED = [/^sw\.js$/, /\.map$/, /\.gz$/, /^\.vite\//];
/** Text files the server sends gzipped (server/webapp.py picks the .gz when the browser accepts it). */
const COMPRESSED = /\.(js|css|html|svg|webmanifest|json|wasm)$/;

function listFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? listFiles(path) : [path];
  });
}

/** Workbox's precache manifest: hashed assets need no revision, other files get one. */
function precacheManifest(dir: string): { url: string; revision: string | null }[] {
  return listFiles(dir)
    .map((path) => relative(dir, path).split("\\").join("/"))
    .filter((url) => !NOT_PRECACHED.some((pattern) => pattern.test(url)))
    .sort()
    .map((url) => ({
      url: `/${url}`,
      revision: url.startsWith("assets/") ? null : createHash("md5").update(readFileSync(join(dir, url))).digest("hex"),
    }));
}

function serviceWorker(): Plugin {
  return {
    name: "aftercare-service-worker",
    apply: "build",
    async closeBundle() {
      await build({
        configFile: false,
        logLevel: "warn",
        define: { "process.env.NODE_ENV": JSON.stringify("production") },
        build: {
          outDir: OUT_DIR,
          emptyOutDir: false,
          copyPublicDir: false,
          minify: true,
          rollupOptions: {
            input: "src/sw/index.ts",
            output: { format: "iife", entryFileNames: "sw.js" },
          },
        },
      });
      const path = join(OUT_DIR, "sw.js");
      const manifest = JSON.stringify(precacheManifest(OUT_DIR));
      const code = readFileSync(path, "utf8");
      if (!code.includes("self.__WB_MANIFEST")) throw new Error("sw.js has no self.__WB_MANIFEST to fill");
      writeFileSync(path, code.replace("self.__WB_MANIFEST", manifest));
      // Precompressed copies, made once at build time: a phone on a slow network gets a
      // third of the bytes without the server compressing on every request.
      for (const file of listFiles(OUT_DIR)) {
        if (!COMPRESSED.test(file)) continue;
        const raw = readFileSync(file);
        const gz = gzipSync(raw, { level: 9 });
        if (gz.length < raw.length * 0.9) writeFileSync(`${file}.gz`, gz);
      }
    },
  };
}

export default defineConfig(({ mode }) => ({
  plugins: [preact(), serviceWorker()],
  server: {
    proxy: { "/api": "http://127.0.0.1:8000" },
    // The app imports the work-order flow declared in tests/vectors/work_order_flow.json;
    // tests also read the server's Python (translations) and the other shared vectors.
    fs: { allow: mode === "test" ? [".", "../server", "../tests/vectors"] : [".", "../tests/vectors/work_order_flow.json"] },
  },
  // The translations as JSON.parse("...") rather than object literals: parsed faster on
  // a phone (less blocking time before the first screen).
  json: { stringify: true },
  build: {
    outDir: OUT_DIR,
    emptyOutDir: true,
  },
  test: {
    environment: "happy-dom",
    // Above test/harness.ts WAIT_CEILING_MS: a slow machine must never fail a test by time.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    include: ["src/**/*.test.{ts,tsx}"],
    exclude: ["src/sw/**"],
  },
}));
