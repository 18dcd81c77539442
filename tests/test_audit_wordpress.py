"""The WordPress reader on an export written for these tests."""

from __future__ import annotations

from pathlib import Path

from healthlint.audit.readers import Meter, ReadOptions, read
from healthlint.audit.records import Record
from healthlint.audit.wordpress import blank_shortcodes
from healthlint.audit.work import lint_record
from healthlint.config import Config
from healthlint.document import Format
from healthlint.engine import build_session

from .audit_archives import WXR_HEAD, write_wxr, wxr_item

CLASSIC = (
    "Most adults need seven hours of sleep.\n\n"
    '[caption id="attachment_12" align="alignright" width="300"]'
    '<img src="https://notes.example/owl.jpg" alt="An owl" /> A tired owl[/caption]\n\n'
    "<strong>Screens</strong> before bed can keep you awake. This pillow cures snoring.\n\n"
    '[gallery ids="4,5,6"]\n\n'
    "[embed]https://video.example/watch?v=cures[/embed]\n\n"
    "See [our guide](https://notes.example/guide) for more."
)
BLOCKS = (
    "<!-- wp:heading -->\n<h2>Cold hands</h2>\n<!-- /wp:heading -->\n\n"
    "<!-- wp:paragraph -->\n<p>Gloves help &amp; so does moving about.</p>\n"
    "<!-- /wp:paragraph -->"
)


def export(tmp_path: Path) -> Path:
    items = [
        wxr_item(11, CLASSIC, categories=("Sleep", "Habits")),
        wxr_item(12, BLOCKS, kind="page", author="tokafor", categories=()),
        wxr_item(13, "Draft text about sleep.", status="draft",
                 date="0000-00-00 00:00:00"),
        wxr_item(14, "", kind="attachment", status="inherit"),
        wxr_item(15, "Thrown away.", status="trash"),
        wxr_item(16, "A menu entry.", kind="nav_menu_item"),
        wxr_item(17, "Written by someone no longer listed.", author="ghost"),
    ]  # fmt: skip
    return write_wxr(tmp_path / "export.xml", items)


def wxr_records(path: Path, **options: object) -> list[Record]:
    return list(read(path, ReadOptions(**options), Meter()))  # type: ignore[arg-type]


def test_posts_and_pages_with_their_details(tmp_path: Path) -> None:
    found = wxr_records(export(tmp_path))
    assert [(r.index, r.id, r.kind, r.status) for r in found] == [
        (0, "11", "post", "publish"),
        (1, "12", "page", "publish"),
        (2, "13", "post", "draft"),
        (3, "17", "post", "publish"),
    ]
    post, page, draft, orphan = found
    assert post.title == "Post 11"
    assert post.url == "https://notes.example/?p=11"
    assert post.author == "Marta Lopez"
    assert page.author == "Tobi Okafor"
    assert orphan.author == "ghost"  # a login with no author entry stays a login
    assert post.categories == ("Sleep", "Habits")  # the post_tag is not a category
    assert page.categories == ()
    assert post.date == "2021-05-04"
    assert post.year == 2021
    assert draft.date == "2021-05-04"  # never published: the RSS date stands in
    assert post.format is Format.MARKDOWN
    assert page.text == BLOCKS
    assert "A short excerpt" not in post.text  # the excerpt is not the body


def test_cdata_keeps_the_html_and_shortcodes_are_blanked_in_place(
    tmp_path: Path,
) -> None:
    post = wxr_records(export(tmp_path))[0]
    assert len(post.text) == len(CLASSIC)
    assert post.text.count("\n") == CLASSIC.count("\n")
    assert "[caption" not in post.text
    assert "[/caption]" not in post.text
    assert "A tired owl" in post.text
    assert "<strong>Screens</strong>" in post.text
    assert "gallery" not in post.text
    assert "video.example" not in post.text  # an embed's address is not prose
    assert "[our guide](https://notes.example/guide)" in post.text


def test_findings_point_into_the_stored_body(tmp_path: Path) -> None:
    post = wxr_records(export(tmp_path))[0]
    report = lint_record(post, build_session(Config()))
    cures = [f for f in report.findings if f.code == "HL101"]
    assert len(cures) == 1  # the embed's "cures" is blanked, the pillow's is not
    line = CLASSIC.split("\n")[cures[0].line - 1]
    assert line[cures[0].column - 1 : cures[0].end_column - 1] == "cures"
    assert report.readability is not None
    assert report.readability.words > 20


def test_status_and_post_type_filters(tmp_path: Path) -> None:
    path = export(tmp_path)
    published = wxr_records(path, statuses=("publish",))
    assert [r.id for r in published] == ["11", "12", "17"]
    pages = wxr_records(path, post_types=("page",))
    assert [r.id for r in pages] == ["12"]
    assert [r.index for r in pages] == [0]


def test_a_damaged_export_keeps_what_came_before_and_says_where(tmp_path: Path) -> None:
    items = [wxr_item(21, "First post."), wxr_item(22, "Second post.")]
    broken = wxr_item(23, "Third post.").replace("</title>", "</titel>")
    path = write_wxr(tmp_path / "broken.xml", [*items, broken])
    found = wxr_records(path)
    assert [r.id for r in found[:2]] == ["21", "22"]
    assert len(found) == 3
    assert found[2].index == 2
    assert found[2].error is not None
    assert found[2].error.startswith(f"{path}:")
    assert "not well-formed XML" in found[2].error


def test_memory_is_flat_items_are_dropped_once_read(tmp_path: Path) -> None:
    items = [wxr_item(1000 + n, f"Post number {n}.") for n in range(300)]
    path = write_wxr(tmp_path / "many.xml", items)
    meter = Meter()
    count = sum(1 for _ in read(path, ReadOptions(), meter))
    assert count == 300
    assert meter.done == meter.total == path.stat().st_size


def test_blank_shortcodes_leaves_ordinary_brackets() -> None:
    text = 'A [note] and [1] stay; [video src="x.mp4"] goes; [b]bold[/b] goes.'
    blanked = blank_shortcodes(text)
    assert len(blanked) == len(text)
    assert "[note]" in blanked
    assert "[1]" in blanked
    assert "video" not in blanked
    assert "[b]" not in blanked
    assert "bold" in blanked


def test_the_wordpress_namespace_version_does_not_matter(tmp_path: Path) -> None:
    head = WXR_HEAD.replace("export/1.2/", "export/1.1/")
    path = tmp_path / "old.xml"
    path.write_text(head + wxr_item(5, "Old export.") + "</channel></rss>\n", "utf-8")
    (record,) = wxr_records(path)
    assert (record.id, record.kind, record.status, record.author) == (
        "5", "post", "publish", "Marta Lopez",
    )  # fmt: skip
