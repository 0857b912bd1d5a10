import { describe, expect, it } from "vitest";

import { describeDevice } from "./deviceName";

describe("describeDevice", () => {
  it.each([
    {
      name: "Android phone with Chrome",
      ua: "Mozilla/5.0 (Linux; Android 13; 23049RAD8C) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.6367.82 Mobile Safari/537.36",
      expected: "Android / Chrome 124",
    },
    {
      name: "iPhone with Safari",
      ua: "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1",
      expected: "iPhone / Safari 17",
    },
    {
      name: "WeChat's browser on Android",
      ua: "Mozilla/5.0 (Linux; Android 12; V2118A) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/107.0.5304.141 Mobile Safari/537.36 XWEB/5061 MMWEBSDK/20230405 MicroMessenger/8.0.35.2360",
      expected: "Android / WeChat 8",
    },
    {
      name: "Edge on Windows",
      ua: "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 Edg/124.0.0.0",
      expected: "Windows / Edge 124",
    },
    { name: "an unknown agent", ua: "curl/8.5.0", expected: "curl/8.5.0" },
    { name: "no agent at all", ua: "", expected: "unknown" },
  ])("names $name", ({ ua, expected }) => {
    expect(describeDevice(ua)).toBe(expected);
  });
});
