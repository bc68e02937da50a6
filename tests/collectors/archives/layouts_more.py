"""Fictional LinkedIn, Facebook, Instagram and Reddit exports (platforms.md §18-21)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from tests.collectors.archives.layouts import (
    AVATAR_INSTAGRAM,
    Members,
    mastodon_layout,
    mojibake,
    x_layout,
)


def linkedin_layout() -> Members:
    return {
        "Profile.csv": "\ufeffFirst Name,Last Name,Maiden Name,Address,Birth Date,Headline,"
        "Summary,Industry,Zip Code,Geo Location,Twitter Handles,Websites,Instant Messengers\n"
        'Alex,Example,,1 Secret Street,"Jan 1, 1990",Cartographer at Example Maps,'
        '"I draw maps.\nMore at https://blog.example.org",Mapping,99999,"Exampleton, Example",'
        '[alex_example],"[PERSONAL:alex.example.org,COMPANY:https://maps.example.com]",\n',
        "Shares.csv": "Date,ShareLink,ShareCommentary,SharedUrl,MediaUrl,Visibility\n"
        '2026-05-07 16:41:18,https://www.linkedin.com/feed/update/urn:li:share:1,"Proud of the '
        'new ""Exampleton"" map.\nSecond line.",,,PUBLIC\n'
        "2026-05-01 09:00:00,https://www.linkedin.com/feed/update/urn:li:share:2,"
        "NETWORK ONLY words,,,MEMBER_NETWORK\n"
        "2026-04-01 09:00:00,https://www.linkedin.com/feed/update/urn:li:share:3,,"
        "https://news.example.com/a,,\n",
        "Comments.csv": "Date,Link,Message\n"
        "2026-05-02 08:00:00,https://www.linkedin.com/feed/update/urn:li:activity:9,"
        "Congratulations on the launch!\n",
        "Connections.csv": "Notes:\n"
        '"When exporting your connection data, you may notice that some of the email '
        'addresses are missing."\n\n'
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        "Bo,Sample,https://www.linkedin.com/in/bo-sample,bo@example.com,Example,Dev,07 Dec 2025\n",
        "messages.csv": "CONVERSATION ID,FROM,TO,CONTENT\n1,Bo,Alex,SECRET MESSAGE\n",
        "Email Addresses.csv": "Email Address,Confirmed,Primary,Updated On\nalex@example.org,Yes,Yes,\n",
    }


def facebook_layout(current: bool = True) -> Members:
    profile = {
        "profile_v2": {
            "name": {
                "full_name": mojibake("Alex Exampłé"),
                "first_name": mojibake("Alex"),
                "middle_name": "",
                "last_name": mojibake("Exampłé"),
            },
            "emails": {"emails": ["alex@example.org"]},
            "phone_numbers": [{"phone_number": "+10000000000"}],
            "birthday": {"year": 1990, "month": 1, "day": 1},
            "registration_timestamp": 1300000000,
            "current_city": {"name": mojibake("Łódź Example"), "timestamp": 1600000000},
            "username": "alex.example",
            "websites": [{"address": "https://alex.example.org/"}],
        }
    }
    posts = [
        {
            "timestamp": 1767348000,
            "title": "Alex Example updated their status.",
            "data": [{"post": mojibake("Trains are great — Zürich next"), "update_timestamp": 1}],
            "attachments": [
                {"data": [{"external_context": {"url": "https://alex.example.org/p"}}]}
            ],
        },
        {"timestamp": 1767000000, "title": "Alex Example shared a photo.", "attachments": []},
        {"timestamp": 1766000000, "data": [{"post": "An older post"}]},
    ]
    if current:
        profile_path = "personal_information/profile_information/profile_information.json"
        posts_path = "your_facebook_activity/posts/your_posts__check_ins__photos_and_videos_1.json"
    else:
        profile_path = "profile_information/profile_information.json"
        posts_path = "posts/your_posts_1.json"
    return {
        profile_path: json.dumps(profile),
        posts_path: json.dumps(posts),
        "your_facebook_activity/messages/inbox/bo_1/message_1.json": json.dumps(
            {"messages": [{"sender_name": "Bo", "content": "SECRET MESSAGE"}]}
        ),
    }


def instagram_layout(private: bool = False) -> Members:
    def entry(value: str) -> dict[str, Any]:
        return {"href": "", "value": value, "timestamp": 0}

    info = {
        "profile_user": [
            {
                "media_map_data": {
                    "Profile Photo": {
                        "uri": "media/other/123.jpg",
                        "creation_timestamp": 1600000000,
                        "title": "",
                    }
                },
                "string_map_data": {
                    "Username": entry("alex.example"),
                    "Name": entry(mojibake("Alex Exampłé")),
                    "Bio": entry(mojibake("Maps & trains ✨ https://alex.example.org")),
                    "Website": entry("https://maps.example.com/"),
                    "Email": entry("alex@example.org"),
                    "Gender": entry("secret"),
                    "Date of birth": entry("1990-01-01"),
                    "Private Account": entry("True" if private else "False"),
                },
            }
        ]
    }
    posts = [
        {
            "media": [
                {"uri": "media/posts/1.jpg", "creation_timestamp": 1767348000, "title": "Sunrise"}
            ]
        },
        {
            "title": mojibake("Two maps — one day"),
            "creation_timestamp": 1767000000,
            "media": [
                {"uri": "media/posts/2.jpg", "creation_timestamp": 1767000000, "title": ""},
                {"uri": "media/posts/3.jpg", "creation_timestamp": 1767000000, "title": ""},
            ],
        },
        {"media": [{"uri": "media/posts/4.jpg", "creation_timestamp": 1766000000, "title": ""}]},
    ]
    return {
        "personal_information/personal_information/personal_information.json": json.dumps(info),
        "your_instagram_activity/content/posts_1.json": json.dumps(posts),
        "media/other/123.jpg": AVATAR_INSTAGRAM,
        "your_instagram_activity/messages/inbox/bo_1/message_1.json": json.dumps(
            {"messages": [{"content": "SECRET MESSAGE"}]}
        ),
    }


def reddit_layout() -> Members:
    return {
        "statistics.csv": "statistic,value\naccount name,quiet_reader\n"
        "export time,2026-06-01 10:00:00 UTC\nregistration date,2015-06-01 10:00:00 UTC\n"
        "email address,alex@example.org\n",
        "posts.csv": "id,permalink,date,ip,subreddit,gildings,title,url,body\n"
        "p1,https://www.reddit.com/r/maps/comments/p1/old_maps/,2026-01-15 12:34:56 UTC,"
        '203.0.113.7,maps,0,Old maps of Exampleton,,"Found these **lovely** maps.\n\n> quoted\n"\n'
        "p2,https://www.reddit.com/r/maps/comments/p2/gone/,2026-01-10 12:00:00 UTC,"
        "203.0.113.7,maps,0,[deleted],,[deleted]\n",
        "comments.csv": "id,permalink,date,ip,subreddit,gildings,link,parent,body,media\n"
        "c1,https://www.reddit.com/r/trains/comments/t1/x/c1/,2026-01-20 08:00:00 UTC,"
        "203.0.113.7,trains,0,https://www.reddit.com/r/trains/comments/t1/,t3_t1,"
        '"Timetables matter.\n```\ncode block\n```",\n'
        "c2,https://www.reddit.com/r/trains/comments/t1/x/c2/,2026-01-19 08:00:00 UTC,"
        "203.0.113.7,trains,0,https://www.reddit.com/r/trains/comments/t1/,t1_c1,[removed],\n",
        "comment_headers.csv": "id,permalink,date,ip,subreddit,gildings,link,parent\n"
        "c1,https://www.reddit.com/r/trains/comments/t1/x/c1/,2026-01-20 08:00:00 UTC,"
        "203.0.113.7,trains,0,,\n",
        "messages.csv": "id,permalink,thread_id,date,ip,from,to,subject,body\n"
        "m1,,,2026-01-01 00:00:00 UTC,203.0.113.7,bo,quiet_reader,hi,SECRET MESSAGE\n",
        "chat_history.csv": "message_id,created_at,username,message,thread_parent_message_id\n"
        "1,2026-01-01,bo,SECRET CHAT,\n",
        "post_votes.csv": "id,permalink,direction\np9,https://www.reddit.com/r/x/,up\n",
        "ip_logs.csv": "date,ip\n2026-01-01,203.0.113.7\n",
    }


LAYOUTS: dict[str, Callable[[], Members]] = {
    "x-archive": x_layout,
    "mastodon-archive": mastodon_layout,
    "linkedin-export": linkedin_layout,
    "facebook-export": facebook_layout,
    "instagram-export": instagram_layout,
    "reddit-export": reddit_layout,
}
