#!/usr/bin/env python3
"""A JSON-lines corpus of a given size for the benchmark.

    make_corpus.py --size-mb 500 --out corpus.jsonl [--src articles.jsonl] [--gazetteer g.csv]

With --src (the BBC articles, ../shared/data/bbc-news/articles.jsonl), its lines are copied over
and over, each copy with new ids ("business/foo~3"), until the file reaches the size. Without
it, news-like articles are generated from templates and names taken from --gazetteer (or a
built-in list), about one name per 230 bytes as in real news.

Writes OUT and OUT.meta.json: documents, file bytes, and text bytes, where a document's text is
what comention matches: the title, a blank line and the text when a title is present (the text
alone when its first line is the title). MB/s in the report are MB (10^6 bytes) of that text per
second.
"""

import argparse
import csv
import json
import random
import sys
from pathlib import Path


def doc_text(record):
    """What comention matches in a record: the title, a blank line and the text, unless the
    text's first line is the title already (then the text alone)."""
    text = record.get("text") or ""
    title = record.get("title")
    title = title.strip() if isinstance(title, str) else ""
    if not title or text.lstrip().split("\n", 1)[0].rstrip() == title:
        return text
    return title + "\n\n" + text


WORDS = """the government said on tuesday that talks would continue next week after officials
met in the capital to discuss trade security and energy while analysts warned that markets
remained cautious and the opposition called for an inquiry into the spending plans announced
by ministers earlier this month amid growing pressure from business groups and unions""".split()

TEMPLATES = [
    "{a} met {b} in {c} on {day} to discuss {w}.",
    "Officials from {c} said {a} would travel to {d} next week for talks on {w}.",
    "{a}, speaking after a meeting with {b}, said the {w} was \"a step forward\".",
    "The {w} was welcomed by {a} but criticised by {b}, who said {c} had not been consulted.",
    "In {c}, protesters gathered outside parliament as {a} addressed the {w}.",
    "Analysts said the {w} could change relations between {c} and {d} for years.",
    "{a} told reporters in {d} that {b}'s plan for the {w} was unrealistic.",
]
DAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
FILLER = [
    "It was not immediately clear how the measures would be paid for.",
    "The figures, published on Wednesday, showed growth slowing for a third quarter.",
    "Prices have risen sharply since the start of the year, according to official data.",
    "A spokesman declined to comment on the reports.",
]


def generated_records(gazetteer, rng):
    people, places = [], []
    if gazetteer and Path(gazetteer).exists():
        with open(gazetteer, encoding="utf-8") as f:
            for row in csv.DictReader(f):
                alias = row["aliases"].split("|")[0].title()
                (places if row["kind"] == "country" else people).append(alias)
    people = people or ["Vladimir Putin", "Kim Jong Un", "Angela Merkel", "Xi Jinping", "Tony Blair"]
    places = places or ["Russia", "North Korea", "Germany", "China", "United Kingdom", "France"]
    n = 0
    while True:
        n += 1
        paragraphs = []
        for _ in range(rng.randint(4, 9)):
            sentences = []
            for _ in range(rng.randint(2, 4)):
                t = rng.choice(TEMPLATES)
                sentences.append(t.format(
                    a=rng.choice(people), b=rng.choice(people), c=rng.choice(places),
                    d=rng.choice(places), day=rng.choice(DAYS),
                    w=" ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 3)))))
                sentences.append(rng.choice(FILLER))
                sentences.append(" ".join(rng.choice(WORDS) for _ in range(rng.randint(15, 30))).capitalize() + ".")
            paragraphs.append(" ".join(sentences))
        title = f"{rng.choice(people)} and {rng.choice(people)} meet in {rng.choice(places)}"
        yield {"id": f"gen/{n}", "title": title, "text": title + "\n\n" + "\n\n".join(paragraphs)}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--size-mb", type=float, required=True, help="target file size, 10^6 bytes")
    ap.add_argument("--out", required=True)
    ap.add_argument("--src", help="JSON lines to replicate (id/title/text)")
    ap.add_argument("--gazetteer", help="names for generated text (without --src)")
    args = ap.parse_args()
    target = int(args.size_mb * 1e6)
    docs = file_bytes = text_bytes = 0
    with open(args.out, "w", encoding="utf-8", newline="\n") as out:
        if args.src and Path(args.src).exists():
            records = []
            with open(args.src, encoding="utf-8") as f:
                for line in f:
                    if line.strip():
                        records.append(json.loads(line))
            copy = 0
            while file_bytes < target:
                for r in records:
                    r2 = dict(r)
                    if copy:
                        r2["id"] = f"{r['id']}~{copy}"
                    line = json.dumps(r2, ensure_ascii=False) + "\n"
                    out.write(line)
                    docs += 1
                    file_bytes += len(line.encode("utf-8"))
                    text_bytes += len(doc_text(r2).encode("utf-8"))
                    if file_bytes >= target:
                        break
                copy += 1
            source = args.src
        else:
            rng = random.Random(7)
            for r in generated_records(args.gazetteer, rng):
                line = json.dumps(r, ensure_ascii=False) + "\n"
                out.write(line)
                docs += 1
                file_bytes += len(line.encode("utf-8"))
                text_bytes += len(doc_text(r).encode("utf-8"))
                if file_bytes >= target:
                    break
            source = "generated"
    meta = {"documents": docs, "file_bytes": file_bytes, "text_bytes": text_bytes, "source": source}
    Path(args.out + ".meta.json").write_text(json.dumps(meta) + "\n")
    print(f"{args.out}: {docs} documents, {file_bytes / 1e6:.1f} MB file, {text_bytes / 1e6:.1f} MB text",
          file=sys.stderr)


if __name__ == "__main__":
    main()
