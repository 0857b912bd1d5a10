import { describe, expect, it } from "vitest";

import { matchPath } from "./router";

describe("matchPath", () => {
  it.each([
    { name: "a fixed path", pattern: "/settings", path: "/settings", expected: {} },
    { name: "a trailing slash", pattern: "/settings", path: "/settings/", expected: {} },
    { name: "a parameter", pattern: "/work-orders/:id", path: "/work-orders/abc-1", expected: { id: "abc-1" } },
    { name: "a different path", pattern: "/work-orders/:id", path: "/settings/x", expected: null },
    { name: "a longer path", pattern: "/work-orders", path: "/work-orders/x", expected: null },
  ])("matches $name", ({ pattern, path, expected }) => {
    expect(matchPath(pattern, path)).toEqual(expected);
  });
});
