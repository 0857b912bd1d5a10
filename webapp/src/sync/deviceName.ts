// A short name for this device from its user agent ("Android / Chrome 124"), sent at
// login so the token list says which phone holds which token.

const SYSTEMS: [RegExp, string][] = [
  [/HarmonyOS/i, "HarmonyOS"],
  [/Android/i, "Android"],
  [/iPhone/i, "iPhone"],
  [/iPad/i, "iPad"],
  [/Windows/i, "Windows"],
  [/Mac OS X|Macintosh/i, "macOS"],
  [/CrOS/i, "ChromeOS"],
  [/Linux/i, "Linux"],
];

// Order matters: Edge and WeChat also say "Chrome", Chrome also says "Safari".
const BROWSERS: [RegExp, string][] = [
  [/MicroMessenger\/([\d]+)/, "WeChat"],
  [/EdgA?\/([\d]+)/, "Edge"],
  [/HeadlessChrome\/([\d]+)/, "Headless Chrome"],
  [/(?:Chrome|CriOS)\/([\d]+)/, "Chrome"],
  [/(?:Firefox|FxiOS)\/([\d]+)/, "Firefox"],
  [/Version\/([\d]+).*Safari/, "Safari"],
];

export function describeDevice(userAgent: string): string {
  const system = SYSTEMS.find(([pattern]) => pattern.test(userAgent))?.[1] ?? "";
  let browser = "";
  for (const [pattern, name] of BROWSERS) {
    const match = pattern.exec(userAgent);
    if (match) {
      browser = `${name} ${match[1]}`;
      break;
    }
  }
  const name = [system, browser].filter(Boolean).join(" / ");
  return (name || userAgent.slice(0, 60) || "unknown").slice(0, 200);
}
