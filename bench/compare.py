#!/usr/bin/env python3
"""Compares comention's matches with FlashText's on the same documents, by class of difference.

    compare.py --corpus C.jsonl --comention OUT/mentions.csv --flashtext ft.tsv \
               --gazetteer G.csv [--json result.json]

Matches are (document, UTF-8 byte start, byte end). Differences that overlap each other in a
document form one case (for example comention's "Kim Jong-un" against FlashText's "Kim Jong"),
and each case is put in the first class that explains it:

- hyphen, dash and whitespace folding: the text has a hyphen, dash, line break or run of spaces
  where the alias has a space (or the reverse); comention folds them, FlashText does not.
- diacritics and non-ASCII folding: the text has accents or other non-ASCII letters that the
  alias spells in ASCII ("Erdoğan" for ERDOGAN); comention folds them, FlashText does not.
- apostrophes: curly or other apostrophes where the alias has "'" (comention folds them).
- case-sensitive short capitals: an alias of at most three capital letters ("US", "UK") that
  FlashText finds in another case ("us"); comention matches those only as written.
- non-ASCII boundary: FlashText treats a non-ASCII letter as a word boundary ("Iran" in
  "Iranía"); comention does not.
- underscore boundary: FlashText treats "_" as part of a word; comention does not.
- invisible characters at the edge: the same match, but comention's span takes in a zero-width
  character (soft hyphen, zero-width joiner) that folding removes next to the name.
- punctuation-final alias before a letter: an alias that ends (or starts) with punctuation,
  such as "U.S.", found by comention where a letter follows ("U.S.S. Grayback"); FlashText
  wants a boundary there.
- leftmost-longest overlaps: both found something here but with different extents.
- FlashText offset drift: str.lower() changed the length of the text, so FlashText's offsets
  after that point are off.
- other: anything else, with examples to look at.
"""

import argparse
import csv
import json
import sys
import unicodedata
from collections import defaultdict

from pymatch import documents

APOSTROPHES = "\u2019\u2018\u02bc\u02bb\u2032\u00b4`"
INVISIBLE = "\u00ad\u200b\u200c\u200d\u2060\ufeff"
DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212"


def doc_texts(path):
    """Document id -> UTF-8 text, read as pymatch.py reads it for the matchers."""
    return {doc_id: text.encode("utf-8") for doc_id, text in documents(path, 0)}


def is_short_capitals(alias):
    letters = sum(1 for c in alias if c.isalpha())
    return 0 < letters <= 3 and not any(c.islower() for c in alias)


def short_capitals(path):
    """Folded (lower-case, dots kept) form -> the exact aliases of at most three capitals."""
    out = defaultdict(set)
    csv.field_size_limit(1 << 30)
    with open(path, encoding="utf-8", newline="") as f:
        reader = csv.reader(f)
        header = [h.strip() for h in next(reader)]
        cols = [i for i, h in enumerate(header) if h == "aliases" or h.startswith("aliases.")]
        for row in reader:
            for c in cols:
                for a in (row[c] if c < len(row) else "").split("|"):
                    a = a.strip()
                    if a and is_short_capitals(a):
                        out[a.lower()].add(a)
    return out


def read_comention(path):
    spans = defaultdict(set)
    with open(path, encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            spans[row["doc"]].add((int(row["start"]), int(row["end"])))
    return spans


def read_flashtext(path):
    spans = defaultdict(set)
    with open(path, encoding="utf-8") as f:
        for line in f:
            doc, s, e, _ = line.rstrip("\n").split("\t", 3)
            spans[doc].add((int(s), int(e)))
    return spans


def char_before(b, i):
    if i <= 0:
        return ""
    j = i - 1
    while j > 0 and (b[j] & 0xC0) == 0x80:
        j -= 1
    return b[j:i].decode("utf-8", "replace")


def char_after(b, i):
    if i >= len(b):
        return ""
    j = i + 1
    while j < len(b) and (b[j] & 0xC0) == 0x80:
        j += 1
    return b[i:j].decode("utf-8", "replace")


def ft_word(c):
    """FlashText's default word characters."""
    return c.isascii() and (c.isalnum() or c == "_")


def classify(text, c_only, f_only, shorts, drift_at):
    """The class of one case: the comention-only and FlashText-only spans that overlap."""
    spans = [(s, e, "c") for s, e in c_only] + [(s, e, "f") for s, e in f_only]
    if drift_at is not None and any(s >= drift_at for s, _, _ in spans):
        return "FlashText offset drift"
    surfaces = {(s, e): text[s:e].decode("utf-8", "replace") for s, e, _ in spans}
    inner = "".join(surfaces.values())
    if any(ch in DASHES or ch in "\n\t\r" or ch in "\u00a0\u2009\u202f" for ch in inner) or "  " in inner:
        return "hyphen, dash and whitespace folding"
    if any(ch in INVISIBLE for ch in inner):
        return "invisible characters at the edge"
    if any(ch in APOSTROPHES for ch in inner):
        return "apostrophes"
    if any(not ch.isascii() and ch.isalpha() for ch in inner):
        return "diacritics and non-ASCII folding"
    if f_only and not c_only:
        for s, e in f_only:
            surface = surfaces[(s, e)]
            exact = shorts.get(surface.lower())
            if exact and surface not in exact and surface not in {x.upper() for x in exact}:
                return "case-sensitive short capitals"
        for s, e in f_only:
            b, a = char_before(text, s), char_after(text, e)
            if (b and not b.isascii() and b.isalnum()) or (a and not a.isascii() and a.isalnum()):
                return "non-ASCII boundary"
    if c_only and not f_only:
        for s, e in c_only:
            b, a = char_before(text, s), char_after(text, e)
            if b == "_" or a == "_":
                return "underscore boundary"
            surface = surfaces[(s, e)]
            if (not surface[-1].isalnum() and a.isalnum()) or (not surface[0].isalnum() and b.isalnum()):
                return "punctuation-final alias before a letter"
    if c_only and f_only:
        return "leftmost-longest overlaps"
    return "other"


def lower_drift(text_bytes):
    """Byte offset of the first character whose lower case has another length, or None."""
    text = text_bytes.decode("utf-8")
    if len(text.lower()) == len(text):
        return None
    pos = 0
    for ch in text:
        if len(ch.lower()) != 1:
            return pos
        pos += len(ch.encode("utf-8"))
    return None


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", required=True)
    ap.add_argument("--comention", required=True)
    ap.add_argument("--flashtext", required=True)
    ap.add_argument("--gazetteer", required=True)
    ap.add_argument("--json")
    ap.add_argument("--examples", type=int, default=5)
    args = ap.parse_args()

    texts = doc_texts(args.corpus)
    shorts = short_capitals(args.gazetteer)
    com = read_comention(args.comention)
    ft = read_flashtext(args.flashtext)
    classes = defaultdict(lambda: {"cases": 0, "comention_only": 0, "flashtext_only": 0, "examples": []})
    totals = {"documents": len(texts), "comention": 0, "flashtext": 0, "both": 0}
    for doc, text in texts.items():
        c, f = com.get(doc, set()), ft.get(doc, set())
        totals["comention"] += len(c)
        totals["flashtext"] += len(f)
        totals["both"] += len(c & f)
        diffs = sorted([(s, e, "c") for s, e in c - f] + [(s, e, "f") for s, e in f - c])
        if not diffs:
            continue
        drift = lower_drift(text)
        # Group differences that overlap into cases.
        cases, cur, cur_end = [], [], -1
        for s, e, side in diffs:
            if cur and s >= cur_end:
                cases.append(cur)
                cur = []
            cur.append((s, e, side))
            cur_end = max(cur_end, e) if len(cur) > 1 else e
        if cur:
            cases.append(cur)
        for case in cases:
            c_only = [(s, e) for s, e, side in case if side == "c"]
            f_only = [(s, e) for s, e, side in case if side == "f"]
            name = classify(text, c_only, f_only, shorts, drift)
            k = classes[name]
            k["cases"] += 1
            k["comention_only"] += len(c_only)
            k["flashtext_only"] += len(f_only)
            if len(k["examples"]) < args.examples:
                lo = min(s for s, _, _ in case)
                hi = max(e for _, e, _ in case)
                context = text[max(0, lo - 40):hi + 40].decode("utf-8", "replace")
                k["examples"].append({
                    "doc": doc,
                    "comention": [text[s:e].decode("utf-8", "replace") for s, e in c_only],
                    "flashtext": [text[s:e].decode("utf-8", "replace") for s, e in f_only],
                    "context": " ".join(context.split()),
                })
    result = {"totals": totals, "classes": dict(sorted(classes.items(), key=lambda kv: -kv[1]["cases"]))}
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(result, f, ensure_ascii=False, indent=1)
    json.dump(result, sys.stdout, ensure_ascii=False, indent=1)
    print()


if __name__ == "__main__":
    main()
