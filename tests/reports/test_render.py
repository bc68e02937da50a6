from __future__ import annotations

import re

from markupsafe import escape

from reports.render import ReportOptions, render_html
from tests.reports.conftest import PAYLOADS, hostile_profiles


def test_collected_text_is_escaped(hostile_analysis):
    html = render_html(hostile_analysis)
    body = html.split("<body>", 1)[1]
    body = re.sub(r"<script>.*?</script>", "", body, flags=re.S)  # the report's own script
    assert "<script" not in body
    assert "onerror=" not in body.replace("onerror=&#34;", "")
    assert "<svg onload" not in body
    assert "&lt;script&gt;window.__pwned = 1&lt;/script&gt;" in body


def test_csp_and_nothing_loaded_from_outside(hostile_analysis):
    html = render_html(hostile_analysis)
    assert 'http-equiv="Content-Security-Policy"' in html
    assert "default-src &#39;none&#39;" in html
    # No element may reference another resource: no src/href to http(s) anywhere.
    assert not re.search(r'(src|href)\s*=\s*"(https?:)?//', html)
    assert not re.search(r"<link\b", html)
    assert "data:text/html" not in html  # only image data URIs are embedded


def test_sections_and_failures(hostile_analysis):
    html = render_html(hostile_analysis)
    for section in ("verdict", "graph", "evidence", "changes", "accounts", "method"):
        assert f'<section id="{section}"' in html
    assert "Hacker News has no user called" in html
    assert "1 account could not be collected" in html


def test_redacted_report_holds_no_collected_string(hostile_analysis):
    html = render_html(hostile_analysis, ReportOptions(redact=True))
    collected = set()
    for profile in hostile_profiles():
        collected.update(
            [
                profile.id,
                profile.handle,
                profile.url or "",
                profile.display_name or "",
                profile.bio or "",
                profile.location or "",
            ]
        )
        collected.update(profile.links)
        collected.update(post.text for post in profile.posts)
    collected.add("Owner")
    for value in filter(None, collected):
        for form in {
            value,
            value.replace("<", "&lt;").replace(">", "&gt;"),
            value.replace('"', "&#34;"),
        }:
            assert form not in html, value
    assert "Personal account A (Reddit)" in html or "Personal account A (" in html
    assert "Professional account A (GitHub)" in html or "Professional account A (" in html
    for payload in PAYLOADS:
        assert payload not in html


def test_redacted_json_holds_no_collected_string(hostile_analysis):
    import json

    from reports.redact import redacted_dict

    text = json.dumps(redacted_dict(hostile_analysis), ensure_ascii=False)
    for profile in hostile_profiles():
        for value in [
            profile.id,
            profile.handle,
            profile.display_name,
            profile.bio,
            *profile.links,
        ]:
            if value:
                assert value not in text, value
    assert "Personal account A" in text


def test_evidence_shows_the_two_compared_values_side_by_side(hostile_analysis):
    """Each evidence row with values shows both; a row without them shows no empty pair
    (a template once read the dict's ``values`` method instead of its key)."""
    html = render_html(hostile_analysis)
    pairs = re.findall(r'<span class="muted handle">([^<]*) \| ([^<]*)</span>', html)
    assert pairs and all(left.strip() and right.strip() for left, right in pairs)
    shown = {
        (str(escape(e.values[0])), str(escape(e.values[1])))
        for link in hostile_analysis.links
        for e in link.evidence
        if e.values and len(e.values) == 2 and e.signal != "chain"
    }
    assert shown and set(pairs) & shown
    redacted = render_html(hostile_analysis, ReportOptions(redact=True))
    assert '<span class="muted handle">' not in redacted
