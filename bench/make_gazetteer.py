#!/usr/bin/env python3
"""Gazetteers for the benchmark, in comention's CSV format (id,kind,label,aliases).

    make_gazetteer.py petrarch  --src Phoenix.Countries.actors.txt --out petrarch.csv
    make_gazetteer.py synthetic --n 100000 [--src Phoenix.Countries.actors.txt] --out g100k.csv

`petrarch` turns the PETRARCH/Phoenix country actors dictionary into one entity per entry: an
unprefixed name line ("VLADIMIR_PUTIN_", or "RUSSIA_ [RUS]" for a country) followed by "+ALIAS"
lines; "#" comments and "[...]" role lines are dropped, "_" becomes a space. About 25,800
distinct aliases, upper case as in the source (so aliases of at most three letters, "US", "UAE",
match only in capitals in comention: see docs/FORMATS.md).

`synthetic` writes exactly N distinct aliases (compared case-insensitively). The first ones are
the PETRARCH aliases in a fixed shuffled order (so every size finds real names in real news, and
the sizes nest: 1k is inside 10k, inside 100k, ...); the rest are people built from first,
middle and last names seen in PETRARCH ("Amina Farhang", "Hamid K. Sediq", "Juma Ali Nazeri").
Without the PETRARCH file, names come from a small built-in list. Deterministic (seeded).
"""

import argparse
import csv
import random
import re
import sys
from pathlib import Path

ROLE = re.compile(r"\[[^\]]*\]")


def clean(name):
    """'VLADIMIR_PUTIN_' -> 'VLADIMIR PUTIN'; None if nothing word-like is left."""
    name = ROLE.sub(" ", name).replace("_", " ")
    name = " ".join(name.split()).strip(" ,")
    if not any(c.isalnum() for c in name):
        return None
    return name


def parse_petrarch(path):
    """Entries as (name, code or None, [aliases...]) in file order."""
    entries = []
    current = None
    with open(path, encoding="utf-8", errors="replace") as f:
        for raw in f:
            line = raw.split("#", 1)[0].rstrip()
            if not line.strip():
                continue
            if line[0].isspace() or line.lstrip().startswith("["):
                continue  # role line ([RUSGOV 991231-080507]) or indented note
            if line.startswith("+"):
                if current is not None:
                    alias = clean(line[1:])
                    if alias:
                        current[2].append(alias)
                continue
            m = ROLE.search(line)
            code = m.group(0)[1:-1].split()[0] if m else None
            name = clean(line)
            if name is None:
                current = None
                continue
            current = (name, code, [name])
            entries.append(current)
    return entries


def slug(text):
    s = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return s or "x"


SMALL_WORDS = {"OF", "THE", "AND", "FOR", "DE", "DA", "DO", "DOS", "DEL", "DI", "DU", "LA", "LE", "Y", "AL", "EL", "BIN", "IBN", "VAN", "VON"}


def title(name):
    """Label for display: 'REPUBLIC OF SOUTH AFRICA' -> 'Republic of South Africa'; other words
    of up to three letters are kept as written (acronyms: 'UN', 'USA')."""
    words = []
    for i, w in enumerate(name.split()):
        if i and w in SMALL_WORDS:
            words.append(w.lower())
        elif len(w) <= 3 and w.isupper():
            words.append(w)
        else:
            words.append(w.capitalize())
    return " ".join(words)


def petrarch_rows(path):
    """(id, kind, label, [aliases]) with aliases distinct case-insensitively across the file."""
    rows = []
    seen_ids = {}
    seen_aliases = set()
    for name, code, aliases in parse_petrarch(path):
        kept = []
        for a in aliases:
            key = a.casefold()
            if key in seen_aliases:
                continue
            seen_aliases.add(key)
            kept.append(a)
        if not kept:
            continue
        kind = "country" if code and len(code) == 3 and code.isalpha() else "person"
        base = code if kind == "country" else slug(name)
        n = seen_ids.get(base, 0) + 1
        seen_ids[base] = n
        ident = base if n == 1 else f"{base}-{n}"
        rows.append((ident, kind, title(name), kept))
    return rows


def write(rows, out):
    with open(out, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["id", "kind", "label", "aliases"])
        for ident, kind, label, aliases in rows:
            w.writerow([ident, kind, label, "|".join(aliases)])
    return sum(len(r[3]) for r in rows)


FALLBACK_FIRST = """James Mary John Patricia Robert Jennifer Michael Linda William Elizabeth David
Barbara Richard Susan Joseph Jessica Thomas Sarah Charles Karen Ahmed Fatima Mohammed Aisha Ali
Omar Layla Hassan Yusuf Amina Wei Li Ming Hui Jun Hiroshi Yuki Kenji Sakura Olga Ivan Sergei
Natalia Dmitri Anna Pierre Marie Jean Claire Luc Hans Greta Klaus Ingrid Carlos Maria Jose Lucia
Miguel Sofia Raj Priya Arjun Anita Vikram Kwame Ama Kofi Chidi Ngozi Emeka Tunde Bola Lars Sven
Astrid Nils Pedro Ana Joao Ines Giorgio Giulia Marco Chiara Andrzej Katarzyna Piotr Agnieszka
Mehmet Ayse Mustafa Elif Nguyen Thanh Minh Lan""".split()
FALLBACK_LAST = """Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez
Lopez Gonzalez Wilson Anderson Thomas Taylor Moore Jackson Martin Lee Perez Thompson White Harris
Clark Lewis Robinson Walker Young Allen King Wright Scott Torres Nguyen Hill Flores Green Adams
Nelson Baker Hall Rivera Campbell Mitchell Carter Roberts Khan Hussein Rahman Haddad Nasser
Wang Zhang Chen Liu Yang Huang Zhao Tanaka Suzuki Sato Watanabe Ivanov Petrov Smirnov Popov
Dubois Lefebvre Moreau Laurent Muller Schmidt Schneider Fischer Rossi Russo Ferrari Esposito
Silva Santos Oliveira Souza Patel Sharma Singh Gupta Okafor Mensah Adeyemi Diallo Kowalski Nowak
Wisniewski Yilmaz Kaya Demir Andersson Johansson Karlsson Novak Horvat Kovacs Papadopoulos""".split()


def name_parts(path):
    """First and last name words of the people in PETRARCH, most frequent first."""
    if path is None or not Path(path).exists():
        return FALLBACK_FIRST, FALLBACK_FIRST + FALLBACK_LAST, FALLBACK_LAST
    first, middle, last = {}, {}, {}
    for name, code, _ in parse_petrarch(path):
        if code:
            continue
        words = [w for w in name.split() if w.isalpha() and len(w) > 1]
        if len(words) < 2:
            continue
        first[words[0]] = first.get(words[0], 0) + 1
        last[words[-1]] = last.get(words[-1], 0) + 1
        for w in words[1:-1]:
            middle[w] = middle.get(w, 0) + 1

    def ordered(d):
        return [w.capitalize() for w, _ in sorted(d.items(), key=lambda kv: (-kv[1], kv[0]))]

    return ordered(first), ordered(middle), ordered(last)


def synthetic_rows(n, src):
    rng = random.Random(20190425)
    rows = []
    seen = set()
    total = 0
    if src is not None and Path(src).exists():
        real = petrarch_rows(src)
        rng.shuffle(real)
        for ident, kind, label, aliases in real:
            if total >= n:
                break
            kept = aliases[: n - total]
            seen.update(a.casefold() for a in kept)
            rows.append((ident, kind, label, kept))
            total += len(kept)
    first, middle, last = name_parts(src)
    # Zipf-like draws: common first names and surnames recur, as in real name lists.
    def pick(words):
        return words[min(int(rng.paretovariate(0.6)) - 1, len(words) - 1)] if rng.random() < 0.5 \
            else words[rng.randrange(len(words))]

    k = 0
    while total < n:
        k += 1
        f, l = pick(first), pick(last)
        shape = rng.random()
        if shape < 0.5:
            full = f"{f} {l}"
        elif shape < 0.8:
            full = f"{f} {pick(middle)} {l}"
        else:
            full = f"{f} {chr(65 + rng.randrange(26))}. {l}"
        if full.casefold() in seen:
            continue
        aliases = [full]
        seen.add(full.casefold())
        # Some people also have a two-word form ("Hamid Sediq" beside "Hamid K. Sediq").
        short = f"{f} {l}"
        if short != full and total + 2 <= n and short.casefold() not in seen and rng.random() < 0.4:
            aliases.append(short)
            seen.add(short.casefold())
        rows.append((f"syn-{k}", "person", full, aliases))
        total += len(aliases)
    return rows


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("petrarch")
    p.add_argument("--src", required=True)
    p.add_argument("--out", required=True)
    s = sub.add_parser("synthetic")
    s.add_argument("--n", type=int, required=True)
    s.add_argument("--src")
    s.add_argument("--out", required=True)
    args = ap.parse_args()
    if args.cmd == "petrarch":
        rows = petrarch_rows(args.src)
    else:
        rows = synthetic_rows(args.n, args.src)
    aliases = write(rows, args.out)
    print(f"{args.out}: {len(rows)} entities, {aliases} aliases", file=sys.stderr)


if __name__ == "__main__":
    main()
