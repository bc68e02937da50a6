"""A browser tab on the app for the Chromium tests: every request and error it sees recorded,
and its pictures taken at 1280 px and at 390 px (a phone) into ``test-artifacts/app/``."""

from __future__ import annotations

from pathlib import Path

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "app"
WIDTHS = (1280, 390)


class Visit:
    """One browser tab on the app, recording every request and every error it sees."""

    def __init__(self, browser, base: str, color_scheme: str = "light") -> None:
        self.context = browser.new_context(
            viewport={"width": 1280, "height": 900}, color_scheme=color_scheme
        )
        self.page = self.context.new_page()
        self.base = base
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))

    def snap(self, name: str, at: str | None = None) -> None:
        """Photograph the page at each width, then go back to 1280 px: the whole page, or
        with ``at`` the screen scrolled to that element (headless Chromium leaves a sandboxed
        frame blank in whole-page pictures)."""
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        for width in WIDTHS:
            self.page.set_viewport_size({"width": width, "height": 900})
            self.page.wait_for_timeout(400)
            if at is not None:
                self.page.locator(at).scroll_into_view_if_needed()
                self.page.evaluate(f"document.querySelector({at!r}).scrollIntoView()")
                self.page.wait_for_timeout(300)
            path = str(ARTIFACTS / f"{name}-{width}.png")
            self.page.screenshot(path=path, full_page=at is None)
        self.page.set_viewport_size({"width": 1280, "height": 900})

    def outside(self) -> list[str]:
        return [
            u for u in self.requests if not u.startswith(self.base) and not u.startswith("data:")
        ]

    def close(self) -> None:
        self.context.close()


def add(page, text: str, persona: str, expect: str) -> None:
    """Add an account as a user does: type it, wait for the hint to say ``expect``, choose its
    side, add it, and wait for its line in the list."""
    before = page.locator("#account-list li[data-number]").count()
    page.fill("#handle", text)
    page.locator("#recognised").filter(has_text=expect).wait_for()
    page.check(f'input[name="persona"][value="{persona}"]')
    page.click("#add")
    page.locator("#account-list li[data-number]").nth(before).wait_for()
