"""Web addresses written in plain text (bios): found as a reader would follow them."""

from __future__ import annotations

from linkage.urls import addresses_in


def test_addresses_written_in_text_are_found_and_dotted_words_are_not():
    found = {
        "Work stuff is at github.com/hollis-ops, mostly.": ["https://github.com/hollis-ops"],
        "see https://a.example.org/x. and www.b.example.net": [
            "https://a.example.org/x",
            "https://www.b.example.net",
        ],
        "dev.to/hollis and lobste.rs/u/hollis": [
            "https://dev.to/hollis",
            "https://lobste.rs/u/hollis",
        ],
        "toots at mas.to/@tide or infosec.exchange/@tide.": [
            "https://mas.to/@tide",
            "https://infosec.exchange/@tide",
        ],
        "GitHub.com/Hollis": ["https://GitHub.com/Hollis"],
    }
    for text, addresses in found.items():
        assert addresses_in(text) == addresses, text
    for words in ("ASP.NET/C# dev", "Ex-Booking.com/Amazon", "PyCon.de/2024", "Acme.IT/team",
                  "v1.2/3", "e.g./i.e.", "mail a@b.com", "Node.js"):  # fmt: skip
        assert addresses_in(words, bare=True) == [], words
    assert addresses_in("blog: alexkerr.dev") == []  # no path: only where asked (``bare``)
    assert addresses_in("blog: alexkerr.dev", bare=True) == ["https://alexkerr.dev"]
