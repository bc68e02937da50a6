"""Fictional people who write in Hebrew, Arabic, Chinese and Japanese, and one owner with an
Arabic name: for the report's right-to-left and wide-character checks. Every name, place and
account here is invented."""

from __future__ import annotations

from linkage.evidence.analysis import Analysis, analyse
from linkage.records import Profile
from tests.reports.conftest import account

#: the owner's name as the accounts file gives it (written before the account count)
OWNER = "سلمى ناصر"
#: two right-to-left places of one sentence, in the order the sentence gives them (in one
#: script: places in two scripts that share nothing are not said to differ)
PLACES = ("الإسكندرية", "القاهرة")


def intl_profiles() -> list[Profile]:
    """Two people's sides: Salma's professional GitHub and website and her personal Reddit,
    and a Chinese and a Japanese account, whose places and bios differ."""
    return [
        account(
            "github:salma-nasser",
            "professional",
            display_name="سلمى ناصر",
            location=PLACES[0],
            bio="مطوّرة برمجيات. أعمل مع Python منذ 2015!",
            links=["https://salma.example.org/"],
        ),
        account(
            "web:https://salma.example.org/",
            "professional",
            display_name="سلمى ناصر — مدونة",
            bio="مدونة تقنية عن البرمجة (٣ مقالات في الشهر).",
        ),
        account(
            "reddit:salma_n",
            "personal",
            display_name="سلمى ناصر",
            location=PLACES[1],
            bio="أحب القراءة والطبخ. أم لطفلين (٣ و٥ سنوات).",
        ),
        account(
            "mastodon:xiaoming@social.example",
            "personal",
            display_name="王小明",
            location="上海",
            bio="周末经常去杭州西湖拍照片。喜欢爬山和做饭。",
        ),
        account(
            "bluesky:hanako.bsky.social",
            "professional",
            display_name="山田花子",
            location="東京",
            bio="ソフトウェア開発者です。週末は山に登ります。",
        ),
    ]


def intl_analysis() -> Analysis:
    return analyse(intl_profiles(), owner=OWNER)
