"""Property tests: the parsers never raise anything but an ArchiveError, whatever they are fed."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import tempfile
import zipfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from collectors.archives import ArchiveError, import_archive
from collectors.archives.facebook_export import (
    full_name,
    post_entry,
    profile_section,
    username_from,
)
from collectors.archives.formats import iter_csv, iter_json_array, repair_mojibake
from collectors.archives.instagram_export import caption, personal_maps
from collectors.archives.linkedin_export import comment_post, profile_fields, share_post
from collectors.archives.mastodon_archive import (
    actor_handle,
    actor_links,
    icon_url,
    iter_outbox,
    outbox_post,
)
from collectors.archives.reddit_export import classify, writing_row
from collectors.archives.x_archive import is_protected, tweet_post
from tests.collectors.archives.layouts import mastodon_layout, x_layout

SETTINGS = settings(max_examples=50, deadline=None)

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.sampled_from(
                [
                    "tweet",
                    "full_text",
                    "entities",
                    "urls",
                    "url",
                    "expanded_url",
                    "type",
                    "object",
                    "to",
                    "cc",
                    "content",
                    "published",
                    "id",
                    "data",
                    "post",
                    "timestamp",
                    "media",
                    "title",
                    "creation_timestamp",
                    "name",
                    "summary",
                    "icon",
                    "attachment",
                    "value",
                    "in_reply_to_status_id",
                    "retweeted",
                    "inReplyTo",
                    "webfinger",
                    "preferredUsername",
                    "profile_v2",
                    "profile_user",
                    "string_map_data",
                    "username",
                    "profile_uri",
                ]
            )
            | st.text(max_size=8),
            children,
            max_size=5,
        )
    ),
    max_leaves=20,
)


class Trickle(io.StringIO):
    """A text stream that hands out at most ``step`` characters a read (chunk edges everywhere)."""

    def __init__(self, text: str, step: int) -> None:
        super().__init__(text)
        self.step = step

    def read(self, size: int | None = -1) -> str:
        return super().read(self.step if size is None or size < 0 else min(size, self.step))


def parse(text: str, key: str | None = None, step: int = 7) -> list[Any]:
    return list(iter_json_array(Trickle(text, step), "data/tweets.js", key=key))


def mutate(text: str, data: st.DataObject) -> str:
    position = data.draw(st.integers(0, len(text)))
    action = data.draw(st.sampled_from(["cut", "delete", "insert", "replace"]))
    if action == "cut":
        return text[:position]
    if action == "delete":
        return text[:position] + text[position + data.draw(st.integers(1, 40)) :]
    noise = data.draw(st.text(alphabet='[]{}",:0123456789.e-tfnul \\', max_size=8))
    end = position + (len(noise) if action == "replace" else 0)
    return text[:position] + noise + text[end:]


@SETTINGS
@given(st.text(max_size=300), st.sampled_from([None, "orderedItems"]), st.integers(1, 50))
def test_json_array_reader_on_random_text(text: str, key: str | None, step: int) -> None:
    with contextlib.suppress(ArchiveError):
        parse(text, key, step)


@SETTINGS
@given(json_values, st.integers(1, 30))
def test_json_array_reader_matches_a_whole_parse_at_any_chunking(items: Any, step: int) -> None:
    items = items if isinstance(items, list) else [items]
    text = "window.YTD.tweets.part0 = " + json.dumps(items, indent=1)
    assert parse(text, step=step) == json.loads(text.split("= ", 1)[1])
    outbox = json.dumps({"id": "outbox.json", "orderedItems": items, "totalItems": 1})
    assert parse(outbox, "orderedItems", step) == items


@SETTINGS
@given(st.data())
def test_mutated_ytd_and_outbox_files(data: st.DataObject) -> None:
    tweets = x_layout()["data/tweets.js"]
    outbox = mastodon_layout()["outbox.json"]
    assert isinstance(tweets, str) and isinstance(outbox, str)
    for text, key in ((tweets, None), (outbox, "orderedItems")):
        try:
            for item in parse(mutate(text, data), key, data.draw(st.integers(1, 500))):
                tweet_post(item, "alex_example", {})
                outbox_post(item)
        except ArchiveError:
            pass
    with contextlib.suppress(ArchiveError):
        list(iter_outbox(Trickle(mutate(outbox, data), 64)))


@SETTINGS
@given(json_values)
def test_item_parsers_on_random_json(value: Any) -> None:
    for parsed in (
        tweet_post(value, "alex", {}),
        outbox_post(value),
        post_entry(value),
        caption(value),
    ):
        assert parsed is None or (isinstance(parsed[0], str) and parsed[0].strip())
    assert isinstance(is_protected(value if isinstance(value, list) else [value]), bool)
    for actor in (value, {"actor": value}):
        if isinstance(actor, dict):
            handle = actor_handle(actor)
            assert handle is None or "@" in handle
            assert isinstance(actor_links(actor), list)
            icon_url(actor)
    section = profile_section(value)
    username_from(section)
    full_name(section)
    personal_maps(value)


csv_rows = st.dictionaries(
    st.sampled_from(
        [
            "date",
            "title",
            "body",
            "permalink",
            "sharecommentary",
            "sharelink",
            "visibility",
            "message",
            "link",
            "first name",
            "headline",
            "websites",
        ]
    ),
    st.text(max_size=30),
)


@SETTINGS
@given(csv_rows)
def test_row_parsers_on_random_rows(row: dict[str, str]) -> None:
    for parsed in (
        share_post(row),
        comment_post(row),
        writing_row(row, "posts"),
        writing_row(row, "comments"),
    ):
        assert parsed is None or isinstance(parsed[0], str)
    profile_fields([row])
    classify(list(row))


@SETTINGS
@given(st.text(max_size=400), st.lists(st.sampled_from(["date", "message", "link"]), max_size=3))
def test_csv_reader_on_random_text(text: str, required: list[str]) -> None:
    try:
        for row in iter_csv(io.StringIO(text, newline=""), "Comments.csv", required=required):
            assert all(isinstance(value, str) for value in row.values())
    except ArchiveError:
        pass


@SETTINGS
@given(
    st.lists(
        st.text(alphabet=st.characters(blacklist_characters="\r\n\x00"), max_size=40), max_size=4
    ),
    st.lists(st.tuples(st.text(max_size=20), st.text(max_size=20)), max_size=5),
)
def test_notes_before_the_header_do_not_change_the_rows(
    notes: list[str], rows: list[tuple[str, str]]
) -> None:
    assume(all("date" not in note.lower() for note in notes))
    body = io.StringIO(newline="")
    writer = csv.writer(body)
    writer.writerow(["Date", "Message"])
    writer.writerows(rows)
    plain_rows = list(
        iter_csv(io.StringIO(body.getvalue(), newline=""), "c.csv", required=["date", "message"])
    )
    noted = (
        "".join(f'"{note.replace(chr(34), chr(34) * 2)}"\n' for note in notes)
        + "\n"
        + body.getvalue()
    )
    noted_rows = list(
        iter_csv(io.StringIO(noted, newline=""), "c.csv", required=["date", "message"])
    )
    assert noted_rows == plain_rows


@SETTINGS
@given(st.text(max_size=50))
def test_mojibake_repair_round_trip(text: str) -> None:
    assert repair_mojibake(text.encode("utf-8").decode("latin-1")) == text
    repair_mojibake(text)  # never raises on text that is not mojibake


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.data())
def test_damaged_archives_give_only_archive_errors(ctx, data: st.DataObject) -> None:
    buffer = io.BytesIO()
    layout = data.draw(st.sampled_from([x_layout, mastodon_layout]))()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in layout.items():
            archive.writestr(name, content)
    raw = bytearray(buffer.getvalue())
    for _ in range(data.draw(st.integers(1, 4))):
        position = data.draw(st.integers(0, len(raw) - 1))
        raw[position] = data.draw(st.integers(0, 255))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder, "export.zip")
        path.write_bytes(bytes(raw))
        try:
            profile = import_archive(path, ctx)
        except ArchiveError as exc:
            assert "Please report it" not in str(exc)  # not the last-resort safety net
            return
        assert profile.id.startswith(("x:", "mastodon:"))
