"""Analyses for report tests, with hostile content planted in every collected field."""

from __future__ import annotations

import pytest

from linkage.evidence.analysis import Analysis, analyse
from linkage.records import Avatar, Collected, Post, Profile
from linkage.status import Status, StatusKind

PAYLOADS = [
    "<script>window.__pwned = 1</script>",
    '<img src="https://tracker.example/x.png" onerror="window.__pwned = 2">',
    '"><svg onload="window.__pwned = 3">',
    "javascript:window.__pwned=4",
    "<style>body{display:none}</style>",
    "\u202eevil\u202c zero\u200bwidth",
]


def hostile(index: int) -> str:
    return PAYLOADS[index % len(PAYLOADS)]


def hostile_profiles() -> list[Profile]:
    profiles = []
    for i, (platform, persona) in enumerate(
        [("github", "professional"), ("reddit", "personal"), ("mastodon", "personal")]
    ):
        handle = f"user{i}<b>bold</b>"
        profiles.append(
            Profile(
                id=f"{platform}:{handle}",
                platform=platform,
                handle=handle,
                url=f"https://{platform}.example/{hostile(i)}",
                persona=persona,
                display_name=hostile(i + 1),
                bio=f"Bio {hostile(i + 2)} see https://shared.example.net/",
                location=hostile(i + 3),
                links=["https://shared.example.net/", f"javascript:alert({i})", hostile(i + 4)],
                avatar=Avatar(
                    url="https://img.example/a.png", thumbnail="data:text/html;base64,PHNjcmlwdD4="
                ),
                posts=[Post(text=hostile(i + 5), created_at="2026-01-01T00:00:00Z")],
                collected=Collected(collector=platform, at="2026-11-24T10:00:00Z"),
            )
        )
    profiles.append(
        Profile(
            id="hackernews:gone",
            platform="hackernews",
            handle="gone",
            persona="personal",
            collected=Collected(
                collector="hackernews",
                at="2026-11-24T10:00:00Z",
                status=Status.failure(
                    StatusKind.NOT_FOUND, "Hacker News has no user called 'gone'."
                ),
            ),
        )
    )
    return profiles


@pytest.fixture
def hostile_analysis() -> Analysis:
    return analyse(hostile_profiles(), owner="Owner <script>window.__pwned=9</script>")


def account(pid: str, persona: str | None = None, *, error: str | None = None, **fields) -> Profile:
    """A fictional account for a report test: ``PLATFORM:HANDLE``, its side, and why it could
    not be read (None: it was read); ``fields``: any other profile field."""
    platform, handle = pid.split(":", 1)
    collected = Collected("test", "2026-12-01T10:00:00Z", error=error)
    return Profile(
        id=pid, platform=platform, handle=handle, persona=persona, collected=collected, **fields
    )


@pytest.fixture(scope="session")
def demo_reports(tmp_path_factory):
    """The demo (Morag's story), the same person's audit as she would run it herself, her
    redacted report, the redacted demo (``linkage demo --redact``), Tomasz's incomplete audit
    (one of his accounts is suspended), and Morag's report after the changes. Once a test
    process: the reports' browser tests share them."""
    from linkage.demo import story
    from reports.render import ReportOptions, render_html
    from tests import demo_runs

    morag, after, tomasz = demo_runs.morag(), demo_runs.morag_after(), demo_runs.tomasz()
    folder = tmp_path_factory.mktemp("reports")
    reports = {}
    for name, analysis, options in (
        ("demo", morag, ReportOptions(training=True, story=story())),
        ("self-audit", morag, ReportOptions()),
        ("redacted", morag, ReportOptions(redact=True)),
        ("demo-redacted", morag, ReportOptions(redact=True, training=True)),
        ("incomplete", tomasz, ReportOptions()),
        ("demo-after", after, ReportOptions(training=True, story=story(after=True))),
    ):
        path = folder / f"{name}.html"
        path.write_text(render_html(analysis, options), encoding="utf-8")
        reports[name] = path
    return reports
