"""Text helpers: HTML to text, Markdown clean-up, URLs in text, URL normalising."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from collectors.text import (
    clean_markdown,
    clip,
    html_to_text,
    normalise_url,
    tidy,
    unique_links,
    urls_in_text,
    with_work,
)
from linkage.urls import shown_url

pytestmark = pytest.mark.filterwarnings(
    "ignore::bs4.MarkupResemblesLocatorWarning", "ignore::bs4.XMLParsedAsHTMLWarning"
)

# -- html_to_text ---------------------------------------------------------------------------


def test_html_to_text_extracts_links_and_paragraphs() -> None:
    html = (
        '<p>Hi, I am Alex. See <a href="https://alex.example.org/">my site</a> and '
        '<a href="http://example.net/x?y=1">this</a>.</p><p>Second<br>line</p>'
        '<a href="/relative">rel</a> <a href="mailto:a@example.org">mail</a>'
    )
    text, links = html_to_text(html)
    assert text == "Hi, I am Alex. See my site and this.\n\nSecond\nline\nrel mail"
    assert links == ["https://alex.example.org/", "http://example.net/x?y=1"]


def test_html_to_text_drops_scripts_styles_and_code() -> None:
    html = (
        "<p>Before</p><script>alert('x')</script><style>p{color:red}</style>"
        "<pre><code>rm -rf /</code></pre><noscript>enable js</noscript><p>After</p>"
    )
    text, _ = html_to_text(html)
    assert text == "Before\n\nAfter"
    kept, _ = html_to_text("<p>x</p><pre>code</pre>", drop_code=False)
    assert "code" in kept


def test_html_to_text_drops_quotes_on_request() -> None:
    html = "<blockquote><p>someone else</p></blockquote><p>my reply</p>"
    assert html_to_text(html)[0] == "someone else\n\nmy reply"
    assert html_to_text(html, drop_quotes=True)[0] == "my reply"


def test_html_to_text_keeps_mastodon_invisible_url_parts() -> None:
    html = (
        '<p>Blog: <a href="https://alex.example.org/posts/2024/hello-world" rel="nofollow '
        'noopener" target="_blank"><span class="invisible">https://</span>'
        '<span class="ellipsis">alex.example.org/posts/2024/</span>'
        '<span class="invisible">hello-world</span></a> '
        '<a href="https://example.social/@bo" class="u-url mention">@<span>bo</span></a></p>'
    )
    text, links = html_to_text(html)
    assert text == "Blog: https://alex.example.org/posts/2024/hello-world @bo"
    assert links[0] == "https://alex.example.org/posts/2024/hello-world"


def test_html_to_text_entities_and_whitespace() -> None:
    text, _ = html_to_text("<p>caf&eacute;&nbsp;&amp;   tea\t</p>\n\n\n<div>  next </div>")
    assert text == "café & tea\n\nnext"


@pytest.mark.parametrize("html", [None, "", "   ", "<p></p>", "<br><br>"])
def test_html_to_text_empty(html: str | None) -> None:
    assert html_to_text(html) == ("", [])


@pytest.mark.parametrize(
    "html",
    [
        "<![",
        "<![CDATA[",
        "<!",
        "</",
        "<a href='https://x.example'",
        "<" * 1000,
        "<div>" * 5000,
        "\x00\x01<p>\ud7ff</p>",
        "<?xml version='1.0'?><root/>",
        '<a href="https://[::1">bad</a>',
    ],
)
def test_html_to_text_survives_malformed_markup(html: str) -> None:
    text, links = html_to_text(html)
    assert isinstance(text, str) and isinstance(links, list)


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_html_to_text_never_raises(html: str) -> None:
    text, links = html_to_text(html)
    assert isinstance(text, str)
    assert all(link.startswith(("http://", "https://")) for link in links)


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "<p>",
                "</p>",
                "<a href='https://x.example/a'>",
                "</a>",
                "<br>",
                "<pre>",
                "</pre>",
                "<blockquote>",
                "</blockquote>",
                "<script>",
                "</script>",
                "<![",
                "<!--",
                "-->",
                "&amp;",
                "&#0;",
                "&#xD800;",
                "text",
                " ",
                "\n",
                "<",
                ">",
                "\x00",
            ]
        )
    ).map("".join)
)
def test_html_to_text_never_raises_on_tag_soup(html: str) -> None:
    text, links = html_to_text(html)
    assert isinstance(text, str) and isinstance(links, list)


# -- clean_markdown -------------------------------------------------------------------------


def test_clean_markdown_drops_quotes_and_code() -> None:
    text = (
        "> someone wrote this\n"
        ">> and this\n"
        "  > indented quote\n"
        "My answer is below.\n"
        "\n"
        "```python\n"
        "print('hidden')\n"
        "```\n"
        "Text with `inline code` inside.\n"
        "\n"
        "    indented code block\n"
        "    more code\n"
        "\n"
        "~~~\n"
        "```\n"
        "still fenced\n"
        "~~~\n"
        "The end. <!-- a comment -->"
    )
    assert clean_markdown(text) == ("My answer is below.\n\nText with inside.\n\nThe end.")


def test_clean_markdown_keeps_nested_list_items() -> None:
    text = "Things I like:\n- tea\n    - green tea\n- walks"
    assert clean_markdown(text) == "Things I like:\n- tea\n- green tea\n- walks"


def test_clean_markdown_handles_crlf_and_empty() -> None:
    assert clean_markdown(None) == ""
    assert clean_markdown("") == ""
    assert clean_markdown("a\r\n> q\r\nb") == "a\nb"


def test_clean_markdown_unclosed_fence_hides_the_rest() -> None:
    assert clean_markdown("visible\n```\nhidden\nstill hidden") == "visible"


@settings(max_examples=100, deadline=None)
@given(st.text())
def test_clean_markdown_never_raises(text: str) -> None:
    assert isinstance(clean_markdown(text), str)


# -- urls_in_text, clip, tidy ---------------------------------------------------------------


def test_urls_in_text() -> None:
    text = (
        "Find me at https://alex.example.org/about, www.example.net/x. "
        "(also http://example.com/a) and <https://example.org/b>!"
    )
    assert urls_in_text(text) == [
        "https://alex.example.org/about",
        "https://www.example.net/x",
        "http://example.com/a",
        "https://example.org/b",
    ]
    assert urls_in_text(None) == []
    assert urls_in_text("no links here") == []


def test_with_work_adds_the_work_line_once() -> None:
    assert with_work("Maps.", "Librarian", "Eastfield Council") == (
        "Maps.\nLibrarian at Eastfield Council"
    )
    assert with_work(None, None, " Eastfield Council ") == "Eastfield Council"
    assert with_work("I work at EASTFIELD council.", "", "Eastfield Council") == (
        "I work at EASTFIELD council."
    )
    assert with_work("", None, "  ") is None
    assert with_work("Maps.") == "Maps."


def test_clip_and_tidy() -> None:
    assert clip(None) is None
    assert clip("short", 10) == "short"
    assert clip("a" * 20, 10) == "a" * 10 + "…"
    assert tidy("a\x00b\u200b  c\n\n\n\nd  ") == "ab c\n\nd"


# -- normalise_url and unique_links ---------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("alex.example.org", "https://alex.example.org"),
        ("//alex.example.org/x", "https://alex.example.org/x"),
        ("http://WWW.Example.ORG/Path/", "https://example.org/Path"),
        ("https://www.example.org", "https://example.org"),
        ("https://example.org:443/a", "https://example.org/a"),
        ("http://example.org:80/a", "https://example.org/a"),
        ("https://example.org:8443/a", "https://example.org:8443/a"),
        ("https://example.org/a//b///", "https://example.org/a/b"),
        ("https://example.org/a#section", "https://example.org/a"),
        ("https://user:pw@example.org/a", "https://example.org/a"),
        ("https://example.org./a", "https://example.org/a"),
        ("  <https://example.org/a>  ", "https://example.org/a"),
        (
            "https://example.org/p?utm_source=x&id=7&fbclid=abc&UTM_Medium=y&gclid=1",
            "https://example.org/p?id=7",
        ),
        ("https://x.com/alex?s=20&t=abc", "https://x.com/alex"),
        ("https://example.org/search?s=tea", "https://example.org/search?s=tea"),
        ("https://www.com/", "https://www.com"),
        ("https://www.www.example.org/", "https://example.org"),
        ("https://[2001:db8::1]:8080/x", "https://[2001:db8::1]:8080/x"),
        ("http://localhost:8080/", "https://localhost:8080"),
    ],
)
def test_normalise_url(url: str, expected: str) -> None:
    assert normalise_url(url) == expected


@pytest.mark.parametrize(
    "url",
    [
        None,
        "",
        "   ",
        "mailto:alex@example.org",
        "javascript:alert(1)",
        "data:text/plain,hi",
        "tel:+15555550100",
        "ftp://files.example.org/x",
        "xmpp://alex@example.org",
        "https://",
        "https://exa mple.org",
        "https://example.org:notaport/",
        "https://example.org:99999/",
        "nodots",
        "https://example..org/",
        "https://.example.org/",
        "https://[::1",
    ],
)
def test_normalise_url_rejects_non_web_addresses(url: str | None) -> None:
    assert normalise_url(url) is None


def test_unique_links_keeps_each_link_once_as_first_written() -> None:
    """Links were stored in their canonical form (https, no www., no trailing slash), which
    is an address a site may not answer at: the one written is kept, less its fragment and
    tracking parameters; two spellings of one address are still one link."""
    links = [
        "https://alex.example.org/",
        None,
        "http://www.alex.example.org",
        "mailto:alex@example.org",
        "https://github.com/alex-example?utm_source=profile#about",
        "https://github.com/alex-example/",
        "www.example.net",
        "http://www.old-site.example/blog/",
    ]
    assert unique_links(links) == [
        "https://alex.example.org/",
        "https://github.com/alex-example",
        "https://www.example.net",
        "http://www.old-site.example/blog/",
    ]


URL_PARTS = st.sampled_from(
    [
        "https://",
        "http://",
        "//",
        "www.",
        "WWW.",
        "example.org",
        "exa",
        ".",
        ":",
        "443",
        "8080",
        "/",
        "//",
        "?",
        "&",
        "=",
        "#",
        "utm_source",
        "s",
        "a",
        "%20",
        "%ff",
        "+",
        "@",
        "[",
        "]",
        "::1",
        "'",
        '"',
        "<",
        ">",
        " ",
        "ü",
        "\x00",
        "\t",
        "com",
        "localhost",
        ";",
        "\\",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(), st.lists(URL_PARTS, max_size=12).map("".join)))
def test_normalise_url_is_idempotent_and_never_raises(url: str) -> None:
    once = normalise_url(url)
    if once is not None:
        assert normalise_url(once) == once
        assert once.startswith("https://")


@settings(max_examples=100, deadline=None)
@given(st.lists(st.one_of(st.none(), st.text(), st.lists(URL_PARTS, max_size=8).map("".join))))
def test_unique_links_never_raises_and_has_no_duplicates(urls: list[str | None]) -> None:
    result = unique_links(urls)
    keys = [normalise_url(link) for link in result]
    assert None not in keys and len(keys) == len(set(keys))  # web addresses, each once


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(), st.lists(URL_PARTS, max_size=12).map("".join)))
@example("HTTP://0.0/'#")  # kept as written "http://0.0/'", whose last quote read as a quotation's
def test_a_link_kept_as_written_is_the_same_address(url: str) -> None:
    """``shown_url`` keeps what a profile wrote (scheme, www., trailing slash) but never makes
    another address of it: its canonical form is the original's."""
    shown = shown_url(url)
    assert (shown is None) == (normalise_url(url) is None)
    if shown is not None:
        assert normalise_url(shown) == normalise_url(url)
        assert shown_url(shown) == shown
