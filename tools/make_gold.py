#!/usr/bin/env python3
"""Build the gold set tests/gold/gold.jsonl from the annotated articles in tests/gold/articles/.

    python3 tools/make_gold.py [--articles DIR] [--out FILE] [--check] [--ids GAZETTEER_DIR]

Each article is a UTF-8 text file named NN-slug.txt. Its first line is a JSON object
{"id": "gold-NN", "date": "YYYY-MM-DD"} (an optional "notes" string is for reviewers and is not
copied); the rest of the file is the article with inline annotations

    [[surface text|kind|entity-id]]     or     [[surface text|kind]]

(see docs/EVALUATION.md). The tool strips the markup and writes one JSON object per line:

    {"id", "date", "text", "spans": [{"start", "end", "kind", "entity", "text"}]}

with start/end as UTF-8 byte offsets into text (end exclusive) and entity null when the markup
gives no id. Articles are read in sorted file-name order and the output is byte-for-byte
deterministic. Any malformed markup, header or span stops the tool with FILE:LINE:COLUMN and a
reason, and nothing is written.

--check      compare with the existing output instead of writing it (exit 1 when it differs)
--ids DIR    also report entity ids that no gazetteer CSV under DIR defines (warnings)

Python 3 standard library only.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import json
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

KINDS = ("person", "country", "event", "organisation")
ID_PATTERNS = {
    "country": re.compile(r"[A-Z]{3}"),
    "person": re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*"),
    "event": re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*"),
    "organisation": re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*"),
}
HEADER_KEYS = {"id", "date", "notes"}
FILE_NAME = re.compile(r"(\d{2,})-[a-z0-9]+(?:-[a-z0-9]+)*\.txt")
QUOTES = "\"'\u2018\u2019\u201a\u201b\u201c\u201d\u201e\u00ab\u00bb\u2039\u203a`"


class GoldError(Exception):
    """Malformed input, with its position."""


def position(body: str, index: int, first_line: int) -> tuple[int, int]:
    """1-based line and column (in characters) of body[index], body starting at first_line."""
    line = body.count("\n", 0, index) + first_line
    col = index - (body.rfind("\n", 0, index) + 1) + 1
    return line, col


def is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def parse_article(path: Path) -> dict:
    where = str(path)
    raw = path.read_bytes()
    if raw.startswith(b"\xef\xbb\xbf"):
        raise GoldError(f"{where}:1:1: byte-order mark (save the file as UTF-8 without BOM)")
    try:
        content = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        raise GoldError(f"{where}: not UTF-8 at byte {e.start}") from None
    if "\r" in content:
        line = content.count("\n", 0, content.index("\r")) + 1
        raise GoldError(f"{where}:{line}: carriage return (use LF line endings)")

    header_line, sep, body = content.partition("\n")
    if not sep:
        raise GoldError(f"{where}:1: no article text after the JSON header line")
    try:
        header = json.loads(header_line)
    except json.JSONDecodeError as e:
        raise GoldError(f"{where}:1:{e.colno}: header is not JSON: {e.msg}") from None
    if not isinstance(header, dict):
        raise GoldError(f"{where}:1: header must be a JSON object")
    unknown = set(header) - HEADER_KEYS
    if unknown:
        raise GoldError(f"{where}:1: unknown header keys {sorted(unknown)} (allowed: {sorted(HEADER_KEYS)})")
    doc_id = header.get("id")
    if not isinstance(doc_id, str) or not re.fullmatch(r"[A-Za-z0-9._:-]+", doc_id):
        raise GoldError(f"{where}:1: header \"id\" must be a string of [A-Za-z0-9._:-]")
    m = FILE_NAME.fullmatch(path.name)
    if not m:
        raise GoldError(f"{where}: file name must look like NN-slug.txt (lower-case slug)")
    if doc_id != f"gold-{m.group(1)}":
        raise GoldError(f"{where}:1: header id {doc_id!r} does not match the file number (want 'gold-{m.group(1)}')")
    date = header.get("date")
    if date is not None:
        if not isinstance(date, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", date):
            raise GoldError(f"{where}:1: header \"date\" must be YYYY-MM-DD or null")
        try:
            datetime.date.fromisoformat(date)
        except ValueError:
            raise GoldError(f"{where}:1: header \"date\" {date!r} is not a calendar date") from None
    if "notes" in header and not isinstance(header["notes"], str):
        raise GoldError(f"{where}:1: header \"notes\" must be a string")

    body = body.rstrip("\n")
    if not body.strip():
        raise GoldError(f"{where}: empty article")

    out: list[str] = []  # pieces of plain text
    nbytes = 0  # UTF-8 length of the plain text so far
    nchars = 0  # character length of the plain text so far
    spans = []
    char_spans = []  # (start, end) in characters, for the boundary checks
    i = 0
    while True:
        open_at = body.find("[[", i)
        close_at = body.find("]]", i)
        if close_at != -1 and (open_at == -1 or close_at < open_at):
            line, col = position(body, close_at, 2)
            raise GoldError(f"{where}:{line}:{col}: ']]' without an opening '[['")
        if open_at == -1:
            piece = body[i:]
            out.append(piece)
            nbytes += len(piece.encode("utf-8"))
            nchars += len(piece)
            break
        piece = body[i:open_at]
        out.append(piece)
        nbytes += len(piece.encode("utf-8"))
        nchars += len(piece)
        line, col = position(body, open_at, 2)
        at = f"{where}:{line}:{col}"
        end_at = body.find("]]", open_at + 2)
        if end_at == -1:
            raise GoldError(f"{at}: '[[' is never closed")
        inner = body[open_at + 2:end_at]
        if "[[" in inner:
            raise GoldError(f"{at}: '[[' inside an annotation (annotations do not nest)")
        if "]" in inner or "[" in inner:
            raise GoldError(f"{at}: stray bracket inside annotation {inner!r}")
        parts = inner.split("|")
        if len(parts) not in (2, 3):
            raise GoldError(f"{at}: annotation {inner!r} must be [[text|kind]] or [[text|kind|id]]")
        surface, kind = parts[0], parts[1]
        entity = parts[2] if len(parts) == 3 else None
        if not surface:
            raise GoldError(f"{at}: empty surface text")
        if surface != surface.strip():
            raise GoldError(f"{at}: surface text {surface!r} starts or ends with whitespace")
        if kind not in KINDS:
            raise GoldError(f"{at}: unknown kind {kind!r} (one of {', '.join(KINDS)})")
        if entity is not None and not ID_PATTERNS[kind].fullmatch(entity):
            what = "an ISO 3166-1 alpha-3 code" if kind == "country" else "a lower-case slug"
            raise GoldError(f"{at}: entity id {entity!r} for kind {kind} must be {what} (or be left out)")
        if surface[0] in QUOTES or surface[-1] in QUOTES:
            raise GoldError(f"{at}: surface text {surface!r} includes a quote mark (leave quotes outside)")
        if re.search(r"['\u2019][sS]$", surface):
            raise GoldError(f"{at}: surface text {surface!r} includes a possessive 's (leave it outside)")
        b = len(surface.encode("utf-8"))
        spans.append({"start": nbytes, "end": nbytes + b, "kind": kind, "entity": entity, "text": surface, "_at": at})
        char_spans.append((nchars, nchars + len(surface)))
        out.append(surface)
        nbytes += b
        nchars += len(surface)
        i = end_at + 2

    text = "".join(out)
    for span, (cs, ce) in zip(spans, char_spans):
        at = span.pop("_at")
        before = text[cs - 1] if cs > 0 else ""
        after = text[ce] if ce < len(text) else ""
        if (before and is_word_char(before) and is_word_char(text[cs])) or (
            after and is_word_char(after) and is_word_char(text[ce - 1])
        ):
            raise GoldError(f"{at}: span {span['text']!r} cuts a word ({before!r} before, {after!r} after)")
        if text.encode("utf-8")[span["start"]:span["end"]].decode("utf-8") != span["text"]:
            raise GoldError(f"{at}: internal error: offsets do not slice the span")
    if "[[" in text or "]]" in text:
        raise GoldError(f"{where}: markup left in the text")
    return {"id": doc_id, "date": date, "text": text, "spans": spans}


def load_gazetteer_ids(folder: Path) -> set[str]:
    ids = set()
    for path in sorted(folder.rglob("*.csv")):
        with path.open(encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f):
                if row.get("id"):
                    ids.add(row["id"])
    return ids


def render(docs: list[dict]) -> str:
    lines = []
    for d in docs:
        obj = {"id": d["id"], "date": d["date"], "text": d["text"], "spans": d["spans"]}
        lines.append(json.dumps(obj, ensure_ascii=False))
    return "".join(line + "\n" for line in lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", type=Path, default=REPO / "tests" / "gold" / "articles")
    ap.add_argument("--out", type=Path, default=REPO / "tests" / "gold" / "gold.jsonl")
    ap.add_argument("--check", action="store_true", help="fail if the output is not up to date")
    ap.add_argument("--ids", type=Path, metavar="DIR", help="warn about ids no gazetteer under DIR defines")
    args = ap.parse_args(argv)

    paths = sorted(p for p in args.articles.glob("*.txt") if not p.name.startswith("."))
    if not paths:
        print(f"make_gold: no *.txt articles in {args.articles}", file=sys.stderr)
        return 1
    docs = []
    seen = {}
    try:
        for path in paths:
            doc = parse_article(path)
            if doc["id"] in seen:
                raise GoldError(f"{path}:1: id {doc['id']!r} already used by {seen[doc['id']]}")
            seen[doc["id"]] = path
            docs.append(doc)
    except GoldError as e:
        print(f"make_gold: error: {e}", file=sys.stderr)
        return 1

    rendered = render(docs)
    if args.check:
        current = args.out.read_text(encoding="utf-8") if args.out.exists() else None
        if current != rendered:
            print(f"make_gold: {args.out} is out of date; run python3 tools/make_gold.py", file=sys.stderr)
            return 1
    else:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        tmp = args.out.with_suffix(args.out.suffix + ".tmp")
        tmp.write_bytes(rendered.encode("utf-8"))
        tmp.replace(args.out)

    counts: dict[str, list[int]] = {}
    for d in docs:
        for s in d["spans"]:
            c = counts.setdefault(s["kind"], [0, 0])
            c[0 if s["entity"] else 1] += 1
    total = sum(a + b for a, b in counts.values())
    summary = ", ".join(f"{k} {a + b} ({b} without id)" for k, (a, b) in sorted(counts.items()))
    print(f"make_gold: {len(docs)} articles, {total} spans: {summary}", file=sys.stderr)

    if args.ids:
        known = load_gazetteer_ids(args.ids)
        missing = sorted({(s["kind"], s["entity"]) for d in docs for s in d["spans"]
                          if s["entity"] and s["entity"] not in known})
        for kind, entity in missing:
            print(f"make_gold: warning: {kind} id {entity!r} is in no gazetteer under {args.ids}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
