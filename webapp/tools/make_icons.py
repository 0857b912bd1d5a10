"""Render the PWA's PNG icons from public/icon.svg with headless Chromium.

Run from webapp/ after changing the SVG:  ../.venv/bin/python tools/make_icons.py
The PNGs are committed (public/icons/), so a build needs neither Chromium nor this.
A maskable icon keeps its drawing inside the central 80 % "safe zone" on a full-bleed
background, since launchers crop it to a circle or a squircle.
"""

from pathlib import Path

from playwright.sync_api import sync_playwright

HERE = Path(__file__).resolve().parent.parent
SVG = (HERE / "public" / "icon.svg").read_text()
OUT = HERE / "public" / "icons"
BRAND = "#0b3d91"


def page_for(size: int, maskable: bool) -> str:
    inner = int(size * 0.72) if maskable else size
    background = BRAND if maskable else "transparent"
    svg = SVG.replace("<svg ", '<svg width="100%" height="100%" ')
    return (
        f"<html><body style='margin:0;width:{size}px;height:{size}px;background:{background};"
        f"display:flex;align-items:center;justify-content:center'>"
        f"<div style='width:{inner}px;height:{inner}px'>{svg}</div>"
        "</body></html>"
    )


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        for name, size, maskable in (
            ("icon-192.png", 192, False),
            ("icon-512.png", 512, False),
            ("maskable-512.png", 512, True),
            ("apple-touch-icon.png", 180, True),
        ):
            page = browser.new_page(viewport={"width": size, "height": size})
            page.set_content(page_for(size, maskable))
            page.screenshot(path=str(OUT / name), omit_background=not maskable)
            page.close()
        browser.close()


if __name__ == "__main__":
    main()
