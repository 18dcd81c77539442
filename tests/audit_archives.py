"""Archives written by the audit tests: short invented articles, in several exports.

Every article is put together from the sentences below, chosen by its number, so
an archive of any size is the same every time it is made. Some sentences break
rules (a promised cure, a study with no source, a sales link) and most do not,
so the rows differ in findings, type and grade.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from xml.sax.saxutils import escape

CALM = (
    "Walking for twenty minutes after a meal can help some people keep their "
    "blood sugar steadier.",
    "A cool, dark bedroom makes it easier for many adults to fall asleep.",
    "Drinking water through the day is a simple habit that most people can keep.",
    "Your nurse can explain what the numbers on a blood pressure reading mean.",
    "Stretching the calves before a long walk may ease stiffness the next day.",
    "Ask your pharmacist whether a new medicine should be taken with food.",
)
HARD = (
    "Physiological adaptations to sustained aerobic conditioning encompass "
    "considerable cardiovascular remodelling alongside metabolic recalibration.",
    "Pharmacokinetic variability attributable to hepatic enzyme polymorphisms "
    "complicates individualised anticoagulation management considerably.",
)
FAULTS = (
    "This herbal tea cures insomnia in every case.",
    "Studies show that the new diet works for everyone.",
    "The treatment is completely safe and has no side effects.",
    "Book your consultation today at our clinic, the best in town.",
)
CATEGORIES = ("Sleep", "Nutrition", "Heart health", "Medicines")
KINDS = ("news", "patient-education", None)


def article_text(number: int) -> str:
    """The body of article ``number``: three to six sentences, some faulty."""
    sentences = [CALM[(number + k) % len(CALM)] for k in range(2 + number % 3)]
    if number % 4 == 0:
        sentences.insert(1, FAULTS[(number // 4) % len(FAULTS)])
    if number % 5 == 0:
        sentences.append(HARD[number % len(HARD)])
    return " ".join(sentences)


def article(number: int) -> dict[str, object]:
    """A record as a CMS export would hold it."""
    text = article_text(number)
    if number % 7 == 3:
        text = f"<h2>Note {number}</h2>\n<p>{text}</p>"
    record: dict[str, object] = {
        "id": f"post-{number:05d}",
        "title": f"Note {number}",
        "text": f"# Note {number}\n\n{text}\n" if number % 7 != 3 else text,
        "url": f"https://news.example/health/{number}",
        "date": f"{2015 + number % 6}-0{1 + number % 9}-1{number % 10}",
        "category": CATEGORIES[number % len(CATEGORIES)],
    }
    kind = KINDS[number % len(KINDS)]
    if kind is not None:
        record["type"] = kind
    return record


def articles(count: int) -> Iterator[dict[str, object]]:
    """``count`` records, numbered from 0."""
    return (article(number) for number in range(count))


def write_jsonl(path: Path, count: int, broken: tuple[int, ...] = ()) -> Path:
    """A JSONL export; lines numbered in ``broken`` (from 0) are not JSON."""
    with path.open("w", encoding="utf-8") as out:
        for record in articles(count):
            number = int(str(record["id"]).removeprefix("post-"))
            line = "{this is not json" if number in broken else json.dumps(record)
            out.write(line + "\n")
    return path


WXR_HEAD = """<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0"
  xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
  xmlns:content="http://purl.org/rss/1.0/modules/content/"
  xmlns:wfw="http://wellformedweb.org/CommentAPI/"
  xmlns:dc="http://purl.org/dc/elements/1.1/"
  xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
  <title>Riverside Health Notes</title>
  <link>https://notes.example</link>
  <wp:wxr_version>1.2</wp:wxr_version>
  <wp:author><wp:author_id>2</wp:author_id><wp:author_login><![CDATA[mlopez]]></wp:author_login><wp:author_display_name><![CDATA[Marta Lopez]]></wp:author_display_name></wp:author>
  <wp:author><wp:author_id>3</wp:author_id><wp:author_login><![CDATA[tokafor]]></wp:author_login><wp:author_display_name><![CDATA[Tobi Okafor]]></wp:author_display_name></wp:author>
"""
WXR_TAIL = "</channel>\n</rss>\n"


def wxr_item(  # noqa: PLR0913 (one keyword per field of an item)
    post_id: int,
    body: str,
    *,
    kind: str = "post",
    status: str = "publish",
    date: str = "2021-05-04 09:30:00",
    author: str = "mlopez",
    categories: tuple[str, ...] = ("Sleep",),
    title: str | None = None,
) -> str:
    """One ``<item>`` as WordPress writes it, the body in a CDATA section."""
    cats = "".join(
        f'<category domain="category" nicename="{escape(c.lower())}">'
        f"<![CDATA[{c}]]></category>"
        for c in categories
    )
    return (
        "  <item>\n"
        f"    <title>{escape(title or f'Post {post_id}')}</title>\n"
        f"    <link>https://notes.example/?p={post_id}</link>\n"
        "    <pubDate>Tue, 04 May 2021 09:30:00 +0000</pubDate>\n"
        f"    <dc:creator><![CDATA[{author}]]></dc:creator>\n"
        f'    <guid isPermaLink="false">https://notes.example/?p={post_id}</guid>\n'
        f"    <content:encoded><![CDATA[{body}]]></content:encoded>\n"
        "    <excerpt:encoded><![CDATA[A short excerpt that cures nothing.]]>"
        "</excerpt:encoded>\n"
        f"    <wp:post_id>{post_id}</wp:post_id>\n"
        f"    <wp:post_date><![CDATA[{date}]]></wp:post_date>\n"
        f"    <wp:status><![CDATA[{status}]]></wp:status>\n"
        f"    <wp:post_type><![CDATA[{kind}]]></wp:post_type>\n"
        f"    {cats}\n"
        '    <category domain="post_tag" nicename="tips"><![CDATA[tips]]></category>\n'
        "  </item>\n"
    )


def write_wxr(path: Path, items: list[str], tail: str = WXR_TAIL) -> Path:
    """A WordPress export of ``items``."""
    path.write_text(WXR_HEAD + "".join(items) + tail, encoding="utf-8")
    return path


def wxr_posts(count: int) -> list[str]:
    """``count`` posts and pages made from the invented articles."""
    return [
        wxr_item(
            100 + number,
            article_text(number).replace(". ", ".\n\n", 1),
            kind="page" if number % 5 == 0 else "post",
            status="draft" if number % 6 == 1 else "publish",
            date=f"{2016 + number % 5}-0{1 + number % 9}-0{1 + number % 9} 08:00:00",
            author=("mlopez", "tokafor")[number % 2],
            categories=(CATEGORIES[number % len(CATEGORIES)],),
        )
        for number in range(count)
    ]
