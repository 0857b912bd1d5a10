/// <reference types="vitest/config" />
// Build the PWA into dist/ (Flask serves it at /); in development proxy /api to Flask.
import preact from "@preact/preset-vite";
import { defineConfig } from "vite";

export default defineConfig(({ mode }) => ({
  plugins: [preact()],
  server: {
    proxy: { "/api": "http://127.0.0.1:8000" },
    // Tests read the server's Python to check translations against it; only tests.
    fs: mode === "test" ? { allow: [".", "../server"] } : undefined,
  },
  build: {
    outDir: "dist",
    emptyOutDir: true,
  },
  test: {
    environment: "happy-dom",
    include: ["src/**/*.test.{ts,tsx}"],
  },
}));
