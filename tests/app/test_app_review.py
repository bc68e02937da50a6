"""An accessibility review of the installed app, in headless Chromium (forgetting:
``test_app_forget.py``): advice in the page's own words, each stage and the verdict said once, what prints, and a
phone's width."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.app.test_app_a11y import WATCH_LIVE, open_app
from tests.app.visit import ARTIFACTS, add

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(
    ("address", "platform"),
    [("https://x.com/bob", "X"), ("https://www.linkedin.com/in/bob-example", "LinkedIn")],
)
def test_an_account_only_its_export_shows_points_at_the_pages_file_chooser(
    browser, running_app, address, platform
):
    """The page said to write archive = "PATH" in the accounts file or to run 'linkage
    collect --archive PATH': command-line advice, in the app that has its own file chooser."""
    visit = open_app(browser, running_app)
    page = visit.page
    page.fill("#handle", address)
    hint = page.locator("#recognised").filter(has_text="sign in")
    hint.wait_for()
    chooser = page.inner_text("label[for=archive]")
    assert chooser == "Choose a file…"
    said = page.inner_text("#recognised")
    assert f"Add your {platform} data export instead" in said
    assert f'"{chooser}" below, on this page' in said
    assert "archive =" not in said and "linkage collect" not in said and "PATH" not in said
    page.check('input[name="persona"][value="personal"]')
    with page.expect_response(lambda r: r.url.endswith("/api/accounts/add")):
        page.click("#add")
    expect(page.locator("#handle")).to_have_attribute("aria-invalid", "true")
    said = page.inner_text("#recognised")
    assert f'"{chooser}" below, on this page' in said and "archive =" not in said
    # the chooser it names is below the field that says so
    field = page.locator("#recognised").bounding_box()
    named = page.locator("label[for=archive]").bounding_box()
    assert field is not None and named is not None and named["y"] > field["y"]
    if platform == "X":
        visit.snap("21-export-only-account", at="#add-form")
    assert [e for e in visit.errors if "status of 400" not in e] == []  # the refusal's own
    visit.close()


def test_an_upload_is_said_and_its_error_is_at_the_file_chooser(
    browser, app_process, mastodon_export, tmp_path
):
    """After an upload the page showed "Added the export …" without saying it, and the live
    region kept an earlier error ("Say which side …"); an upload's error ("… is not a zip
    file, or is damaged (truncated zip)") was tied to nothing and in a zip tool's words."""
    from tests.collectors.archives.layouts import Builder, x_layout

    visit = open_app(browser, app_process)  # the real upload cap (running_app's is 195 KB)
    page = visit.page
    page.evaluate(WATCH_LIVE)
    # an earlier error, said: no side chosen
    page.fill("#handle", "https://github.com/mfinlay-lib")
    page.locator("#recognised").filter(has_text="A GitHub account").wait_for()
    page.click("#add")
    page.locator("#announce").filter(has_text="Say which side").wait_for()
    page.check('input[name="persona"][value="personal"]')

    # a file cut short while downloading
    broken = tmp_path / "twitter-2024.zip"
    broken.write_bytes(mastodon_export.read_bytes()[:300])
    page.set_input_files("#archive", str(broken))
    chooser = page.locator("#archive")
    expect(chooser).to_have_attribute("aria-invalid", "true")
    described = chooser.get_attribute("aria-describedby")
    assert described
    error = page.inner_text(f"#{described}")
    assert error.startswith("This file is not a data export linkage can read")
    assert "damaged or only partly downloaded" in error and "give linkage the new file" in error
    assert "zip" not in error.replace("twitter-2024.zip", "")  # no zip tool's words
    assert page.inner_text("#announce").strip() == error
    expect(chooser).to_be_focused()
    visit.snap("22-upload-refused", at="#drop")

    # then an export that reads: said, and the error gone from the field and the live region
    for export, count in ((mastodon_export, 1), (Builder(tmp_path).zip("x.zip", x_layout()), 2)):
        page.check('input[name="persona"][value="personal"]')  # chosen again for each
        page.set_input_files("#archive", str(export))
        expect(page.locator("#account-list li[data-number]")).to_have_count(count)
        added = f"Added the export {export.name}. Add another, or run the audit."
        page.locator("#announce").filter(has_text=added).wait_for()
        assert page.inner_text("#recognised") == added
        assert chooser.get_attribute("aria-invalid") is None
        assert page.locator(f"#{described}").is_hidden()
        assert "Say which side" not in page.inner_text("#announce")
        assert page.locator('input[name="persona"]:checked').count() == 0  # chosen again next
    said = page.evaluate("window.said")
    assert sum("Added the export archive-alex.zip" in words for words in said) >= 1
    visit.snap("23-upload-added", at="#add-form")
    assert [e for e in visit.errors if "status of 400" not in e] == []
    visit.close()


@pytest.fixture
def app_with_a_dead_host(tmp_path, fixture_site):
    """The app with one website that cannot be reached (a closed port): every try fails."""
    import socket

    from linkage.app.server import Settings
    from tests.app.conftest import serving

    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        closed = probe.getsockname()[1]
    settings = Settings(
        data_dir=tmp_path / "data",
        endpoints=[f"alice.example.org=http://127.0.0.1:{closed}", f"*={fixture_site}"],
        cache_dir=tmp_path / "cache",
    )
    with serving(settings) as running:
        yield running


def test_each_stage_is_said_once_and_waits_are_shown_not_said(browser, app_with_a_dead_host):
    """The live region said every try of a site that did not answer ("… (try 2 of 4)", then
    3 of 4, 4 of 4), and the last try's wait was said with the next stage."""
    from linkage.app.jobs import STAGES

    visit = open_app(browser, app_with_a_dead_host)
    page = visit.page
    add(page, "https://github.com/mfinlay-lib", "professional", "A GitHub account")
    add(page, "alice.example.org", "personal", "A website")
    page.evaluate(WATCH_LIVE)
    page.click("#start")
    # the wait is on the page, for those who look
    page.locator("#stage-words").filter(has_text="could not reach alice.example.org").wait_for(
        timeout=60_000
    )
    visit.snap("24-waiting", at="#run")
    page.locator("#stage").filter(has_text="Finished.").wait_for(timeout=120_000)
    said = page.evaluate("window.said")
    assert not any("could not reach" in words or "trying again" in words for words in said), said
    for stage in STAGES.values():
        assert sum(words.startswith(stage) for words in said) <= 1, said
    assert sum(words.startswith(STAGES["collect"]) for words in said) == 1, said
    stages = [words for words in said if words.startswith(tuple(STAGES.values()))]
    assert all(words.strip() in (f"{stage}…" for stage in STAGES.values()) for words in stages)
    assert visit.errors == []
    visit.close()


def test_the_verdict_is_said_once_without_stray_separators(browser, running_app):
    """The verdict heading took the focus (and was read) while the live region said it again,
    as "Finished the demo. almost certain : Your personal …" ("Incomplete : unknown : …")."""
    visit = open_app(browser, running_app)
    page = visit.page
    page.evaluate(WATCH_LIVE)
    page.click("#demo")
    expect(page.locator("#verdict")).to_be_focused(timeout=120_000)
    frame = page.frame_locator("#report-frame")
    headline = frame.locator("#verdict-h").inner_text()
    # what the focus reads: the level's word, then the headline, joined as a sentence
    expect(page.locator("#verdict")).to_have_accessible_name(f"almost certain: {headline}")
    change = page.inner_text("#verdict-change")
    assert change.startswith("Change this first")
    expect(page.locator("#verdict")).to_have_accessible_description(change)  # read with it
    page.locator("#announce").filter(has_text="Finished the demo.").wait_for()
    said = page.evaluate("window.said")
    assert not any(headline in words for words in said), said  # once, by the focus
    assert not any(" : " in words for words in said), said
    assert said[-1].strip() == "Finished the demo."
    assert visit.errors == []
    redacted_tab_said_and_seen(visit)
    visit.close()


def redacted_tab_said_and_seen(visit) -> None:
    """Under the "Redacted report" tab, the page above still showed every handle and the
    full verdict, without a word; and in forced colours the chosen tab looked like the other,
    so a trainer could not see which report was on the screen. (On a finished demo.)"""
    page = visit.page
    expect(page.locator("#view-note")).to_contain_text("The full report names the accounts")
    page.click('.tabs button[data-view="redacted"]')
    expect(page.locator("#view-note")).to_contain_text(
        "Only the report in the frame below is redacted: this page above it still shows"
    )
    page.emulate_media(forced_colors="active")
    chosen = page.locator('.tabs button[aria-pressed="true"]')
    other = page.locator('.tabs button[aria-pressed="false"]')
    expect(chosen).to_have_text("Redacted report")
    style = "e => [getComputedStyle(e).textDecorationLine, getComputedStyle(e).borderTopWidth]"
    assert chosen.evaluate(style) == ["underline", "3px"]
    assert other.evaluate(style)[0] == "none"
    visit.snap("23-redacted-tab-forced-colours", at="#report")


def test_an_incomplete_verdict_is_read_without_stray_separators(browser, running_app):
    """An incomplete audit's heading was read "Incomplete : unknown : Not known yet …"."""

    visit = open_app(browser, running_app)
    page = visit.page
    add(page, "https://github.com/mfinlay-lib", "professional", "A GitHub account")
    add(page, "github:nobody-by-this-name", "personal", "A GitHub account")
    page.evaluate(WATCH_LIVE)
    page.click("#start")
    expect(page.locator("#verdict")).to_be_focused(timeout=120_000)
    heading = page.locator("#verdict")
    assert heading.locator(".badge").all_inner_texts() == ["Incomplete", "unknown"]
    headline = heading.evaluate("(h) => h.lastChild.textContent")
    assert headline.startswith("Not known yet")
    expect(heading).to_have_accessible_name(f"Incomplete, unknown: {headline}")
    description = heading.get_attribute("aria-describedby") or ""
    assert description.split()[0] == "verdict-incomplete"
    said = page.evaluate("window.said")
    assert said[-1].strip() == "Finished." and not any(" : " in w for w in said), said
    visit.snap("25-incomplete-verdict", at="#run")
    visit.close()


#: an element's ink against white paper (the contrast ratio), and whether it needs its own
#: background to be read (printing leaves backgrounds out)
ON_PAPER = """(selector) => {
    const rgb = (text) => text.match(/[\\d.]+/g).map(Number);
    const luminance = ([r, g, b]) => {
        const linear = (c) => {
            c /= 255;
            return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
        };
        return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
    };
    const style = getComputedStyle(document.querySelector(selector));
    const ink = luminance(rgb(style.color));
    const background = rgb(style.backgroundColor);
    return [1.05 / (ink + 0.05), background.length === 4 && background[3] === 0];
}"""


def test_the_pdf_advice_works_and_the_page_prints_legibly(browser, running_app, monkeypatch):
    """Without a PDF maker the page said to use the browser's Print on it, which printed the
    report frame's first screen only, and the level's badge (white on a colour printing
    leaves out) came out faint."""
    monkeypatch.setenv("LINKAGE_CHROMIUM", "/nonexistent/chromium")  # no PDF maker here
    visit = open_app(browser, running_app)
    page = visit.page
    page.click("#demo")
    expect(page.locator("#verdict")).to_be_focused(timeout=120_000)
    downloads = page.locator("#downloads")
    full = downloads.locator("li").filter(has_text="Full report (PDF)").inner_text()
    assert "No PDF maker was found on this computer" in full
    assert "download the full report (HTML) above, open the downloaded file" in full
    html = downloads.locator("a[data-output=report]")
    assert html.inner_text().startswith("Full report (HTML)")  # the download it names, above
    assert (
        downloads.locator("li")
        .filter(has_text="Redacted report (PDF)")
        .inner_text()
        .count("download the redacted report (HTML) above")
        == 1
    )
    assert page.locator("#print-report").is_hidden()  # on the screen
    visit.snap("26-pdf-advice", at="#downloads")

    page.emulate_media(media="print")
    assert page.locator("#report-frame").is_hidden()  # it would print its first screen only
    note = page.locator("#print-report")
    expect(note).to_be_visible()
    assert "download the full or the redacted report (HTML)" in note.inner_text()
    for hidden in ("#add-form", "#drop", "#forget-section", ".tabs", "#demo"):
        assert page.locator(hidden).is_hidden(), hidden
    for shown in ("#verdict", "#verdict-change", "#progress"):
        assert page.locator(shown).is_visible(), shown
    ink, plain = page.evaluate(ON_PAPER, "#verdict .badge")
    assert ink >= 4.5 and plain  # legible without the background the print leaves out
    ink, plain = page.evaluate(ON_PAPER, "#progress .done .state")
    assert ink >= 4.5 and plain
    visit.snap("27-printed", at="#run")
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    visit.close()


WIDTH = "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"


def test_the_page_fits_a_phone_without_scrolling_sideways(browser, running_app):
    """At 320 px the page was 340 px wide once the demo ended: the first change's address,
    "quietknitter@knitting.example.social", did not wrap. (Each state at 320 and 390 px.)"""
    visit = open_app(browser, running_app)
    page = visit.page

    def fits(state: str) -> None:
        for width in (320, 390):
            page.set_viewport_size({"width": width, "height": 800})
            wide, seen = page.evaluate(WIDTH)
            assert wide <= width and seen <= width, (state, wide, width)

    fits("start")
    page.fill("#handle", "https://x.com/an-address-long-enough-to-need-wrapping-somewhere")
    page.locator("#recognised").filter(has_text="sign in").wait_for()
    fits("an account only its export shows")
    page.fill("#handle", "")
    page.click("#demo")
    expect(page.locator("#verdict")).to_be_focused(timeout=120_000)
    page.locator("#downloads li").first.wait_for()
    fits("the demo's verdict and report")
    page.click("#forget")
    expect(page.locator("#forget-confirm")).to_be_visible()
    fits("the question before forgetting")
    page.set_viewport_size({"width": 320, "height": 800})
    page.locator("#summary").scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / "28-verdict-320.png"))
    visit.close()


def test_a_small_upload_cap_is_said_in_kilobytes_and_checked_before_sending(
    browser, running_app, tmp_path
):
    """Under 1 MB the cap was said as "0 MB", and the page refused every file as larger."""
    visit = open_app(browser, running_app)  # running_app takes up to 200,000 bytes
    page = visit.page
    assert "up to 195 KB)" in page.inner_text("#drop")
    page.check('input[name="persona"][value="personal"]')
    small = tmp_path / "mastodon-export.zip"
    small.write_bytes(b"PK\x05\x06" + b"\0" * 18)  # an empty zip: read, not refused as large
    page.set_input_files("#archive", str(small))
    chooser = page.locator("#archive")
    expect(chooser).to_have_attribute("aria-invalid", "true")
    assert "larger than" not in page.inner_text("#announce")
    large = tmp_path / "big-export.zip"
    large.write_bytes(b"PK\x03\x04" + b"x" * 300_000)
    page.set_input_files("#archive", str(large))
    refused = "This file is larger than 195 KB, the most the page accepts."
    page.locator("#announce").filter(has_text=refused).wait_for()
    assert list((running_app.data / "uploads").glob("*")) == []  # refused before sending
    visit.close()


def test_the_page_shows_paths_under_the_home_folder_without_the_login_name(tmp_path, monkeypatch):
    """The accounts file's full path, with the login name in it, went up on the projector."""
    from linkage.app.server import Settings
    from linkage.app.shown import shown_path
    from tests.app.conftest import serving

    monkeypatch.setenv("HOME", str(tmp_path / "home" / "morag"))
    data = tmp_path / "home" / "morag" / ".local" / "share" / "linkage" / "app"
    assert shown_path(data / "accounts.toml") == "~/.local/share/linkage/app/accounts.toml"
    assert shown_path(tmp_path / "elsewhere.toml") == str(tmp_path / "elsewhere.toml")
    with serving(Settings(data_dir=data)) as app:
        session = app.session()
        page = session.get(app.url, timeout=10).text
        assert "~/.local/share/linkage/app/accounts.toml" in page and "morag" not in page
        listing = session.get(app.base + "/api/accounts", timeout=10).json()
        assert listing["path"] == "~/.local/share/linkage/app/accounts.toml"
