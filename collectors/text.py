"""Text helpers every collector shares: HTML to plain text, writing clean-up, links.

:func:`normalise_url` lives in the engine (:mod:`linkage.urls`) and is re-exported here.
"""

from __future__ import annotations

import re
import warnings

from bs4 import BeautifulSoup, MarkupResemblesLocatorWarning, XMLParsedAsHTMLWarning

from linkage.urls import addresses_in, normalise_url, shown_url

warnings.filterwarnings("ignore", category=MarkupResemblesLocatorWarning)
warnings.filterwarnings("ignore", category=XMLParsedAsHTMLWarning)

MAX_FIELD_CHARS = 20_000
_BLOCK_TAGS = {
    "p",
    "div",
    "li",
    "ul",
    "ol",
    "blockquote",
    "pre",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "tr",
    "section",
    "article",
    "header",
    "footer",
}
_WS = re.compile(r"[ \t\r\f\v\u00a0]+")

#: Microformats classes that mark someone else's item inside a post (dropped with quotes).
_CITED = ", ".join(
    f".{c}"
    for c in (
        "h-cite",
        "u-in-reply-to",
        "u-quotation-of",
        "u-repost-of",
        "u-like-of",
        "u-bookmark-of",
        "p-comment",
        "u-comment",
    )
)


def clip(text: str | None, limit: int = MAX_FIELD_CHARS) -> str | None:
    """Cap a field's length so one huge value cannot swamp a record or a report."""
    if text is None:
        return None
    return text if len(text) <= limit else text[:limit].rstrip() + "…"


def html_to_text(
    html: str | None, *, drop_quotes: bool = False, drop_code: bool = True
) -> tuple[str, list[str]]:
    """Convert an HTML fragment to plain text and the links it holds.

    Mastodon's invisible URL parts are kept (the visible text is the full URL), quoted replies
    (``<blockquote>``, and microformats' cited items: an ``h-cite`` or an element marked as
    what the post replies to, quotes, reposts or likes, or as a comment: someone else's
    words) are dropped when ``drop_quotes``, and code blocks when ``drop_code``.
    """
    if not html:
        return "", []
    soup = _soup(html)
    if soup is None:
        return tidy(html), []
    for tag in soup(["script", "style", "template", "noscript"]):
        tag.decompose()
    if drop_code:
        for tag in soup(["pre"]):
            tag.decompose()
    if drop_quotes:
        for tag in soup(["blockquote"]):
            tag.decompose()
        for tag in soup.select(_CITED):
            tag.decompose()
    links = []
    for anchor in soup.find_all("a", href=True):
        href = str(anchor["href"]).strip()
        if href.lower().startswith(("http://", "https://")):
            links.append(href)
    for tag in soup.find_all("br"):
        tag.replace_with("\n")
    for tag in soup.find_all(_BLOCK_TAGS):
        tag.insert_before("\n")
        tag.insert_after("\n")
    text = soup.get_text()
    return tidy(text), links


def _soup(html: str) -> BeautifulSoup | None:
    """Parse leniently: Python's parser, then lxml for markup it rejects, else None."""
    for parser in ("html.parser", "lxml"):
        try:
            return BeautifulSoup(html, parser)
        except Exception:  # bs4 raises ParserRejectedMarkup and, rarely, parser internals
            continue
    return None


def tidy(text: str) -> str:
    """Fold runs of spaces and blank lines; strip control characters."""
    text = "".join(
        ch if ch == "\n" or ch.isprintable() else " " if ch.isspace() else ""
        for ch in text.replace("\r\n", "\n")
    )
    lines = [_WS.sub(" ", line).strip() for line in text.splitlines()]
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip()


_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")


def clean_markdown(text: str | None) -> str:
    """Plain writing from Markdown-ish text: quoted lines and code blocks removed.

    Code blocks are fenced (```` ``` ```` or ``~~~``, closed by the same kind of fence) or
    indented by four spaces or a tab after a blank line (so nested list items stay).
    """
    if not text:
        return ""
    out: list[str] = []
    fence = ""  # the opening fence while inside a fenced block
    in_code = False  # inside an indented code block
    after_blank = True
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        match = _FENCE.match(line)
        if fence:
            marker = match.group(1) if match else ""
            closing = match is not None and not line[match.end() :].strip()
            if closing and marker[:1] == fence[:1] and len(marker) >= len(fence):
                fence = ""
            continue
        if match:
            fence, in_code = match.group(1), False
            continue
        blank = not line.strip()
        indented = line.startswith(("    ", "\t"))
        if in_code and (indented or blank):
            continue
        in_code = False
        if indented and after_blank:
            in_code = True
            continue
        if line.lstrip().startswith(">"):
            after_blank = True
            continue
        out.append(line)
        after_blank = blank
    text = "\n".join(out)
    text = re.sub(r"`[^`\n]+`", " ", text)
    text = re.sub(r"<!--.*?-->", " ", text, flags=re.S)
    return tidy(text)


def with_work(bio: str | None, *parts: str | None) -> str | None:
    """The profile text with what the profile says of the person's work (a job title, an
    employer) as its last line, as the profile page shows it beside the bio: ``Librarian at
    Eastfield Council``. A work line the bio already holds is not repeated."""
    work = " at ".join(part.strip() for part in parts if part and part.strip())
    if not work or (bio and work.casefold() in bio.casefold()):
        return bio or None
    return f"{bio}\n{work}" if bio else work


def urls_in_text(text: str | None) -> list[str]:
    """Web addresses written in plain text (``https://…``, ``www.…``, or bare with a path:
    ``github.com/alice``), each given its scheme."""
    return addresses_in(text)


def unique_links(urls: list[str | None]) -> list[str]:
    """The web links among ``urls``, each once (two spellings of one address are one link,
    :func:`normalise_url`) in first-seen order, as first written (:func:`shown_url`): the
    scheme and host a profile shows are the ones that answer (a site only at ``www.``, or
    only over http)."""
    seen: dict[str, str] = {}
    for url in urls:
        norm = normalise_url(url)
        if norm and norm not in seen:
            seen[norm] = shown_url(url) or norm
    return list(seen.values())
