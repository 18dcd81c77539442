"""The audit's readers on real files: every record in order, bad ones as error rows."""

from __future__ import annotations

import csv
import gzip
import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from healthlint.audit.readers import (
    Columns,
    InputProblem,
    Meter,
    ReadOptions,
    kind_of,
    read,
)
from healthlint.audit.records import Record, partitions, sniff_format, year_of
from healthlint.document import Format

from .audit_archives import article, write_jsonl


def records(path: Path, **options: object) -> list[Record]:
    return list(read(path, ReadOptions(**options), Meter()))  # type: ignore[arg-type]


def test_jsonl_reads_every_record_in_order_with_its_fields(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "a.jsonl", 12)
    meter = Meter()
    found = list(read(path, ReadOptions(), meter))
    assert [r.index for r in found] == list(range(12))
    assert [r.id for r in found] == [f"post-{n:05d}" for n in range(12)]
    first = found[0]
    assert first.url == "https://news.example/health/0"
    assert first.date == "2015-01-10"
    assert first.year == 2015
    assert first.categories == ("Sleep",)
    assert first.declared_type == "news"
    assert first.format is Format.MARKDOWN
    assert first.text.startswith("# Note 0")
    assert found[3].format is Format.HTML  # the body opens with <h2>
    assert found[2].declared_type is None
    assert meter.done == meter.total == path.stat().st_size


def test_jsonl_bad_lines_are_error_rows_and_reading_goes_on(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "a.jsonl", 6, broken=(2,))
    with path.open("a", encoding="utf-8") as out:
        out.write("\n[1, 2]\n")
        out.write(json.dumps({"id": "no-text", "title": "Empty"}) + "\n")
        out.write(json.dumps({"id": "odd", "text": "Hello.", "format": "docx"}) + "\n")
    found = records(path)
    assert [r.index for r in found] == list(range(9))
    assert found[2].id == "line 3"
    assert "not JSON" in str(found[2].error)
    assert found[3].error is None
    assert found[3].id == "post-00003"
    assert found[6].error == "line 8: not a JSON object"
    assert found[7].id == "no-text"
    assert found[7].error == "the 'text' field is empty"
    assert found[8].error == "unknown format 'docx' (markdown, html, text)"


def test_columns_are_configurable_and_gzip_is_read(tmp_path: Path) -> None:
    path = tmp_path / "cms.jsonl.gz"
    rows = [
        {"post_id": 7, "body": "<p>Plain words.</p>", "kind": "html", "link": "u7",
         "published": "2019-02-03T10:00:00Z", "tags": ["A", "B"], "genre": "blog"},
    ]  # fmt: skip
    with gzip.open(path, "wt", encoding="utf-8") as out:
        out.writelines(json.dumps(r) + "\n" for r in rows)
    columns = Columns.parse(
        ("id=post_id", "text=body", "format=kind", "url=link", "date=published",
         "category=tags", "type=genre"),
    )  # fmt: skip
    (record,) = records(path, columns=columns)
    assert record == Record(
        0, "7", "<p>Plain words.</p>", Format.HTML, url="u7", date="2019-02-03",
        categories=("A", "B"), declared_type="blog",
    )  # fmt: skip


def test_a_column_option_with_a_typo_is_one_clear_problem() -> None:
    with pytest.raises(InputProblem, match=r"--column 'txt=body': write KEY=FIELD"):
        Columns.parse(("txt=body",))


def test_text_format_option_and_size_limit(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    big = "word " * 400
    path.write_text(
        json.dumps({"id": "1", "text": "<p>Shown as text.</p>"})
        + "\n"
        + json.dumps({"id": "2", "text": big})
        + "\n",
        encoding="utf-8",
    )
    small, large = records(path, text_format="text", max_size=1000)
    assert small.format is Format.TEXT
    assert small.error is None
    assert large.error is not None
    assert "over the 0.0 MB limit" in large.error


def test_csv_with_custom_columns_long_fields_and_a_ragged_row(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    long_text = "Sleep matters. " * 20000  # over csv's default field limit
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["ID", "Body", "Published", "Section"])
        writer.writerow(
            ["a1", "First, with a comma.\nAnd a line.", "2020-01-02", "Sleep; Diet"]
        )
        writer.writerow(["a2", long_text, "", ""])
        writer.writerow(["a3"])
    columns = Columns.parse(
        ("id=ID", "text=Body", "date=Published", "category=Section")
    )
    first, second, third = records(path, columns=columns)
    assert first.text == "First, with a comma.\nAnd a line."
    assert first.categories == ("Sleep", "Diet")
    assert first.year == 2020
    assert second.text == long_text
    assert second.date is None
    assert third.id == "a3"
    assert third.error == "the 'Body' field is empty"


def test_tab_separated_files_by_their_name(tmp_path: Path) -> None:
    path = tmp_path / "export.tsv"
    path.write_text(
        "id\ttext\nx\tOne line, with commas, stays whole.\n", encoding="utf-8"
    )
    (record,) = records(path)
    assert record.text == "One line, with commas, stays whole."


def test_parquet_rows_in_order_dates_and_lists(tmp_path: Path) -> None:
    path = tmp_path / "export.parquet"
    rows = [article(n) for n in range(600)]
    table = pa.Table.from_pylist(rows)
    pq.write_table(table, path, row_group_size=100)
    meter = Meter()
    found = list(read(path, ReadOptions(), meter))
    assert [r.id for r in found] == [r["id"] for r in rows]
    assert found[5].text == rows[5]["text"]
    assert found[5].year == 2020
    assert meter.done == meter.total == 600


def test_parquet_without_the_text_column_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "export.parquet"
    pq.write_table(pa.table({"id": ["a"], "body": ["x"]}), path)
    with pytest.raises(InputProblem, match="no column named 'text'"):
        records(path)


def test_a_folder_is_read_as_check_finds_files(tmp_path: Path) -> None:
    (tmp_path / "site" / "b").mkdir(parents=True)
    (tmp_path / "site" / "a.md").write_text(
        "# A\n\nIt cures colds.\n", encoding="utf-8"
    )
    (tmp_path / "site" / "b" / "c.html").write_text("<p>Hi.</p>", encoding="utf-8")
    (tmp_path / "site" / "b" / "d.txt").write_bytes(b"\x00\x01binary")
    (tmp_path / "site" / "notes.docx").write_bytes(b"ignored")
    found = records(tmp_path / "site")
    assert [(r.id, r.format, r.error) for r in found] == [
        (str(tmp_path / "site" / "a.md"), Format.MARKDOWN, None),
        (str(tmp_path / "site" / "b" / "c.html"), Format.HTML, None),
        (
            str(tmp_path / "site" / "b" / "d.txt"),
            Format.MARKDOWN,
            "binary file, not text",
        ),
    ]
    assert found[0].path == found[0].id


def test_the_kind_of_input_comes_from_its_name(tmp_path: Path) -> None:
    assert kind_of(tmp_path) == "dir"
    assert kind_of(Path("x.ndjson.gz")) == "jsonl"
    assert kind_of(Path("export.XML")) == "wxr"
    assert kind_of(Path("x.bin"), "csv") == "csv"
    with pytest.raises(InputProblem, match="pass --input-type"):
        kind_of(Path("archive.bin"))
    with pytest.raises(InputProblem, match="no such file"):
        records(tmp_path / "missing.jsonl")


def test_partitions_are_numbered_runs_of_the_stream() -> None:
    stream = (Record(i, str(i)) for i in range(7))
    parts = list(partitions(stream, 3))
    assert [(p.number, [r.index for r in p.records]) for p in parts] == [
        (0, [0, 1, 2]), (1, [3, 4, 5]), (2, [6]),
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<p>Hello</p>", Format.HTML),
        ("  <!DOCTYPE html><html>", Format.HTML),
        ("<h2>Title</h2>", Format.HTML),
        ("Text with <strong>bold</strong> words.", Format.MARKDOWN),
        ("# Heading\n\nBody.", Format.MARKDOWN),
        ("<pre>not a paragraph tag</pre>", Format.MARKDOWN),
    ],
)
def test_sniffing_the_format_of_a_body(text: str, expected: Format) -> None:
    assert sniff_format(text) is expected


def test_years_of_dates() -> None:
    assert year_of("2019-03-01") == 2019
    assert year_of("0000-00-00 00:00:00") is None
    assert year_of("spring") is None
    assert year_of(None) is None
