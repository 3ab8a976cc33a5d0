#!/usr/bin/env python3
"""Runs FlashText or spaCy's PhraseMatcher over a corpus with a comention gazetteer.

    pymatch.py flashtext|spacy --gazetteer G.csv --corpus C.jsonl [--max-mb 20] [--matches M.tsv]

Both get every alias of the gazetteer (all alias columns but aliases.capital, as comention's
default) and the same document text as comention (make_corpus.doc_text). Matching ignores case in both (FlashText: case_sensitive=False; spaCy: the
LOWER attribute). Prints one JSON object: aliases, build seconds, documents, text bytes, match
seconds (tokenizing and matching, not reading or JSON parsing), matches. spaCy's PhraseMatcher
reports overlapping matches; "matches" counts them after spacy.util.filter_spans (longest,
non-overlapping, as comention and FlashText report), "matches_raw" before.

--matches writes one line per match: document id, UTF-8 byte start, byte end, matched text.
"""

import argparse
import csv
import json
import sys
import time

from make_corpus import doc_text


def read_aliases(path):
    csv.field_size_limit(1 << 30)
    out = []
    with open(path, encoding="utf-8", newline="") as f:
        reader = csv.reader(f)
        header = [h.strip() for h in next(reader)]
        cols = [i for i, h in enumerate(header)
                if h == "aliases" or (h.startswith("aliases.") and h != "aliases.capital")]
        idcol = header.index("id")
        for row in reader:
            for c in cols:
                if c < len(row):
                    for a in row[c].split("|"):
                        a = a.strip()
                        if a:
                            out.append((a, row[idcol]))
    return out


def documents(path, max_bytes):
    seen = 0
    with open(path, encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            r = json.loads(line)
            yield str(r.get("id")), doc_text(r)
            seen += len(line.encode("utf-8"))
            if max_bytes and seen >= max_bytes:
                return


def byte_offsets(text):
    """Maps character offsets to UTF-8 byte offsets (None for pure ASCII text)."""
    if text.isascii():
        return None
    table = [0] * (len(text) + 1)
    b = 0
    for i, ch in enumerate(text):
        table[i] = b
        b += len(ch.encode("utf-8"))
    table[len(text)] = b
    return table


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("tool", choices=["flashtext", "spacy"])
    ap.add_argument("--gazetteer", required=True)
    ap.add_argument("--corpus", required=True)
    ap.add_argument("--max-mb", type=float, default=0, help="stop after this much of the file")
    ap.add_argument("--matches", help="write the matches here (TSV)")
    args = ap.parse_args()

    aliases = read_aliases(args.gazetteer)
    t0 = time.perf_counter()
    if args.tool == "flashtext":
        from flashtext import KeywordProcessor
        kp = KeywordProcessor(case_sensitive=False)
        for alias, ident in aliases:
            kp.add_keyword(alias, ident)

        def run(text):
            return [(s, e) for _, s, e in kp.extract_keywords(text, span_info=True)]
    else:
        import spacy
        from spacy.matcher import PhraseMatcher
        from spacy.util import filter_spans
        nlp = spacy.blank("en")
        matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        batch = []
        for doc in nlp.tokenizer.pipe(a for a, _ in aliases):
            batch.append(doc)
            if len(batch) == 10000:
                matcher.add("ALIAS", batch)
                batch = []
        if batch:
            matcher.add("ALIAS", batch)
        raw_total = [0]

        def run(text):
            doc = nlp.make_doc(text)
            found = matcher(doc, as_spans=True)
            raw_total[0] += len(found)
            return [(s.start_char, s.end_char) for s in filter_spans(found)]
    build = time.perf_counter() - t0

    out = open(args.matches, "w", encoding="utf-8") if args.matches else None
    docs = text_bytes = matches = 0
    match_seconds = 0.0
    t_all = time.perf_counter()
    for ident, text in documents(args.corpus, int(args.max_mb * 1e6)):
        t = time.perf_counter()
        found = run(text)
        match_seconds += time.perf_counter() - t
        docs += 1
        text_bytes += len(text.encode("utf-8"))
        matches += len(found)
        if out:
            table = byte_offsets(text)
            for s, e in found:
                bs, be = (s, e) if table is None else (table[s], table[e])
                surface = text[s:e].replace("\t", " ").replace("\n", " ")
                out.write(f"{ident}\t{bs}\t{be}\t{surface}\n")
    total = time.perf_counter() - t_all
    if out:
        out.close()
    result = {
        "tool": args.tool,
        "aliases": len(aliases),
        "build_seconds": round(build, 3),
        "documents": docs,
        "text_bytes": text_bytes,
        "match_seconds": round(match_seconds, 3),
        "loop_seconds": round(total, 3),
        "matches": matches,
    }
    if args.tool == "spacy":
        result["matches_raw"] = raw_total[0]
    print(json.dumps(result))


if __name__ == "__main__":
    sys.exit(main())
