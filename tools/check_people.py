#!/usr/bin/env python3
"""Looks for likely errors in gazetteers/people.csv that no format check sees.

    python3 tools/check_people.py [gazetteers/people.csv]

Prints three lists, for a person to judge (it changes nothing, and its exit code is 0):

- initials: a row named with initials ("M. Rutte") and a full-named row of the same country
  whose surname matches and whose first names start with those initials ("Mark Rutte");
- splits: two rows of the same country (or successor state) that look like one person under
  two spellings: one name's words within the other's, in order, sharing the first or last
  word ("Moussa Faki" / "Moussa Faki Mahamat"), the same first and last word, the same surname
  and the same office at the same time ("Costas" / "Konstandinos Simitis"), or very similar
  names; with how many days their roles overlap (negative: days apart);
- holders: two people holding one office of one country at once for 90 days or more (acting
  heads, regents, rival governments are real; a source row under the wrong name or office is
  not: CountryInfo listed Sher Bahadur Deuba's terms under Man Mohan Adhikari);
- roles: a person whose role spells start more than 55 years apart, or with a gap of more than
  35 years between two spells (a source row attached to the wrong person, as Victor Marijnen's
  term once was to Mark Rutte).

Pairs known to be two people (a father and a son, namesakes) are listed in KNOWN_DISTINCT with
the reason, so that the lists stay short enough to read after every rebuild.

Python 3.11, standard library only.
"""

from __future__ import annotations

import csv
import difflib
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build_gazetteers import (  # noqa: E402
    FAMILY_FIRST, PARTICLES, country_group, date_hi, date_lo, fold, initials_of, overlap_days)

REPO = Path(__file__).resolve().parent.parent

# Two rows that the checks pair up but that are two people, with why.
KNOWN_DISTINCT = {
    # Leaders since 1945 (the gazetteer reaches back to 1945)
    frozenset({"iajuddin-ahmed", "tajuddin-ahmed"}): "a president (2002-2009) and a prime minister (1971-1972) of Bangladesh",
    frozenset({"jigme-dorji-wangchuck", "jigme-khesar-namgyel-wangchuck"}): "grandfather and grandson",
    frozenset({"jigme-dorji-wangchuck", "jigme-singye-wangchuck"}): "father and son",
    frozenset({"justin-trudeau", "pierre-trudeau"}): "son and father",
    frozenset({"ahmed-abdallah-abderemane", "ahmed-abdallah-sambi"}): "two presidents of the Comoros",
    frozenset({"frederik-ix", "frederik-x"}): "grandfather and grandson",
    frozenset({"mohammad-reza-mahdavi-kani", "mohammad-reza-pahlavi"}): "the Shah and a prime minister of 1981",
    frozenset({"bjarni-benediktsson", "bjarni-benediktsson-isl"}): "great-nephew and great-uncle, namesakes",
    frozenset({"abdullah-al-hussein", "abdullah-ii"}): "Abdullah I and his great-grandson",
    frozenset({"abdullah-as-sabah", "sabah-al-ahmad-al-jaber-al-sabah"}): "Abdullah III and his half-brother",
    frozenset({"mohammed-v-of-morocco", "mohammed-vi"}): "grandfather and grandson",
    frozenset({"mohammed-daoud-khan", "shah-mahmud-khan"}): "two prime ministers of Afghanistan, uncle (1946-1953) and nephew (1953-1963)",
    frozenset({"abdul-rahman-arif", "abdul-salam-arif"}): "brothers, presidents of Iraq in turn (1963-1966, 1966-1968)",
    frozenset({"abdullah-as-sabah", "saad-al-abdullah-al-salim-al-sabah"}): "Abdullah III and his son Saad",
    frozenset({"modibo-keita", "modibo-keita-1915"}): "namesakes: the president of 1960-1968 and the prime minister of 2002 and 2015-2017",
    frozenset({"maung-maung", "maung-maung-kha"}): "two Burmese leaders",
    frozenset({"sein-lwin", "sein-win"}): "two Burmese leaders",
    frozenset({"birendra-of-nepal", "mahendra-of-nepal"}): "son and father",
    frozenset({"dipendra-bir-bikram-shah-deva", "mahendra-of-nepal"}): "grandson and grandfather",
    frozenset({"gyanendra-bir-bikram-shah-deva", "mahendra-of-nepal"}): "son and father",
    frozenset({"abdulaziz-ibn-saud", "abdullah-bin-abdulaziz-al-saud"}): "father and son",
    frozenset({"abdulaziz-ibn-saud", "fahd-bin-abdulaziz-al-saud"}): "father and son",
    frozenset({"abdulaziz-ibn-saud", "faisal-bin-abdulaziz-al-saud"}): "father and son",
    frozenset({"abdulaziz-ibn-saud", "khalid-bin-abdulaziz-al-saud"}): "father and son",
    frozenset({"abdulaziz-ibn-saud", "salman-bin-abdulaziz"}): "father and son",
    frozenset({"abdulaziz-ibn-saud", "saud-bin-abdulaziz-al-saud"}): "father and son",
    frozenset({"fahd-bin-abdulaziz-al-saud", "saud-bin-abdulaziz-al-saud"}): "brothers",
    frozenset({"faisal-bin-abdulaziz-al-saud", "faisal-bin-farhan-al-saud"}): "a king and a foreign minister",
    frozenset({"saud-al-faysal-bin-abd-al-aziz-al-saud", "saud-bin-abdulaziz-al-saud"}): "nephew and uncle",
    frozenset({"abdul-karim-al-iryani", "abdul-rahman-al-iryani"}): "two Yemeni leaders",
    frozenset({"rosa-zafferani", "rossano-zafferani"}): "two captains regent of San Marino",
    frozenset({"jigme-dorji-wangchuck", "jigme-wangchuck"}): "son and father (kings of Bhutan)",
    frozenset({"jigme-khesar-namgyel-wangchuck", "jigme-wangchuck"}): "great-grandson and great-grandfather",
    frozenset({"jigme-singye-wangchuck", "jigme-wangchuck"}): "grandson and grandfather",
    frozenset({"georgios-papandreou", "georgios-papandreou-grc"}): "grandson and grandfather, namesakes",
    frozenset({"idriss-deby", "mahamat-deby"}): "father and son",
    frozenset({"george-h-w-bush", "george-w-bush"}): "father and son",
    frozenset({"ferdinand-marcos", "ferdinand-marcos-jr"}): "father and son",
    frozenset({"jigme-khesar-namgyel-wangchuck", "jigme-singye-wangchuck"}): "son and father",
    frozenset({"aram-sarkisyan", "armen-sarkissian"}): "two prime ministers of Armenia",
    frozenset({"fidel-castro", "raul-castro"}): "brothers (Raúl acting from 2006)",
    frozenset({"hassan-bin-talal", "hussein-of-jordan"}): "the king and his brother, regent",
    frozenset({"amata-kabua", "imata-kabua"}): "cousins, presidents of the Marshall Islands",
    frozenset({"birendra-of-nepal", "dipendra-bir-bikram-shah-deva"}): "father and son",
    frozenset({"birendra-of-nepal", "gyanendra-bir-bikram-shah-deva"}): "brothers",
    frozenset({"dipendra-bir-bikram-shah-deva", "gyanendra-bir-bikram-shah-deva"}):
        "nephew and uncle",
    frozenset({"hamad-bin-jasim-bin-jabir-al-thani", "hamad-bin-khalifa-al-thani"}):
        "the emir and his prime minister",
    frozenset({"gian-luigi-berti", "gian-nicola-berti"}): "captains regent 22 years apart",
    frozenset({"bhumibol-adulyadej", "vajiralongkorn"}): "father and son (Rama IX, Rama X)",
}
# Offices held by several people at once by design: no "two holders" report for them.
COLLECTIVE = {"SMR", "AND", "BIH", "CHE"}


def words(name: str) -> list[str]:
    return [w for w in fold(name).replace(".", " ").replace("'", "").split()
            if w not in PARTICLES and w not in {"al", "el", "jr", "sr"}]


def spells(row: dict) -> list[tuple[str, str, str, str]]:
    out = []
    for s in row["roles"].split("|"):
        if s:
            role, country, start, end = s.split(";")
            out.append((role, country, start, end))
    return out


def overlap(a: dict, b: dict) -> int:
    """The most days any spell of a shares with any spell of b (open ends: to the status date)."""
    best = -10**6
    for _, _, s1, e1 in spells(a):
        for _, _, s2, e2 in spells(b):
            best = max(best, overlap_days(s1, e1 or "2025-06-30", s2, e2 or "2025-06-30"))
    return best


def subsequence(short: list[str], long_: list[str]) -> bool:
    """The words of short appear in long_ in the same order."""
    it = iter(long_)
    return all(w in it for w in short)


def same_office(a: dict, b: dict) -> bool:
    """a and b held the same office of the same country together for at least 60 days."""
    return any(r1 == r2 and c1 == c2 and overlap_days(s1, e1 or "2025-06-30", s2,
                                                      e2 or "2025-06-30") >= 60
               for r1, c1, s1, e1 in spells(a) for r2, c2, s2, e2 in spells(b))


def groups(row: dict) -> set[str]:
    return {country_group(row["country"])} | {country_group(c) for _, c, _, _ in spells(row)}


def is_initials(name: str) -> bool:
    """A name that starts with initials: "M. Rutte", "K.P. Sharma Oli", "SM Krishna"."""
    ws = name.replace(".", ". ").split()
    return len(ws) >= 2 and (len(ws[0].rstrip(".")) == 1 or (
        ws[0].isupper() and 2 <= len(ws[0]) <= 3 and ws[0].isalpha()))


def main(argv: list[str]) -> int:
    path = Path(argv[1]) if len(argv) > 1 else REPO / "gazetteers" / "people.csv"
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    by_group: dict[str, list[dict]] = {}
    for r in rows:
        for g in groups(r):
            by_group.setdefault(g, []).append(r)

    def names(r: dict) -> list[str]:
        return [a for a in r["aliases"].split("|") if a]

    print("== initials: a row named with initials, and a full-named row it may be")
    n = 0
    for r in rows:
        inits = [a for a in names(r) if is_initials(a)]
        for q in {id(x): x for g in groups(r) for x in by_group[g]}.values():
            if q is r:
                continue
            pair = [(a, b) for a in inits for b in names(q)
                    if not is_initials(b) and initials_of(a, b)]
            if pair and frozenset({r["id"], q["id"]}) not in KNOWN_DISTINCT:
                n += 1
                a, b = pair[0]
                print(f"  {r['id']} ({a}) ~ {q['id']} ({b}): overlap {overlap(r, q)} days")
    print(f"  {n} found")

    print("== splits: two rows of one country that may be one person")
    n = 0
    seen = set()
    for g in sorted(by_group):
        if g in FAMILY_FIRST | {"VNM", "TWN"}:
            continue  # "Kim Il" is not "Kim Il Sung"
        rs = by_group[g]
        for i, a in enumerate(rs):
            for b in rs[i + 1:]:
                key = frozenset({a["id"], b["id"]})
                if key in seen or key in KNOWN_DISTINCT or a is b:
                    continue
                why = ""
                for x in names(a):
                    for y in names(b):
                        w1, w2 = words(x), words(y)
                        if len(w1) < 2 or len(w2) < 2 or is_initials(x) or is_initials(y):
                            continue
                        short, long_ = sorted([w1, w2], key=len)
                        if subsequence(short, long_) and (short[0] == long_[0]
                                                          or short[-1] == long_[-1]):
                            inner, outer = (x, y) if w1 is short else (y, x)
                            why = why or f"{inner!r} within {outer!r}"
                        elif w1[-1] == w2[-1] and same_office(a, b):
                            why = why or f"{x!r} and {y!r}: same surname, same office together"
                        elif w1[0] == w2[0] and w1[-1] == w2[-1]:
                            why = why or f"{x!r} and {y!r}: same first and last names"
                        elif difflib.SequenceMatcher(None, " ".join(w1),
                                                     " ".join(w2)).ratio() >= 0.88:
                            why = why or f"{x!r} and {y!r}: similar"
                if why:
                    seen.add(key)
                    n += 1
                    print(f"  {a['id']} ~ {b['id']}: {why}; overlap {overlap(a, b)} days")
    print(f"  {n} found")

    print("== holders: two people in one office (head of state, of government, supreme or "
          "party leader) for 90 days or more")
    n = 0
    holders: dict[tuple[str, str], list[tuple[str, str, str]]] = {}
    for r in rows:
        for role, c, start, end in spells(r):
            if role in ("head of state", "head of government", "supreme leader",
                        "party leader") and c not in COLLECTIVE:
                holders.setdefault((role, c), []).append((r["id"], start, end or "2025-06-30"))
    for (role, c), hs in sorted(holders.items()):
        for i, (p1, s1, e1) in enumerate(hs):
            for p2, s2, e2 in hs[i + 1:]:
                days = overlap_days(s1, e1, s2, e2)
                if p1 != p2 and days >= 90:
                    n += 1
                    print(f"  {role} {c}: {p1} {s1}..{e1} and {p2} {s2}..{e2} ({days} days)")
    print(f"  {n} found (acting heads, regents, rival governments and joint premiers are real;"
          " the rest are a source's row under the wrong name or office)")

    print("== roles: spells far apart in time")
    n = 0
    for r in rows:
        ss = sorted((date_lo(s) for _, _, s, _ in spells(r) if s))
        if len(ss) < 2:
            continue
        spread = int(ss[-1][:4]) - int(ss[0][:4])
        ordered = sorted(spells(r), key=lambda s: date_lo(s[2]) or "0000")
        gap = 0
        for x, y in zip(ordered, ordered[1:]):
            if x[3] and y[2]:
                gap = max(gap, int(date_lo(y[2])[:4]) - int(date_hi(x[3])[:4]))
        if spread > 55 or gap > 35:
            n += 1
            print(f"  {r['id']}: starts {spread} years apart, largest gap {gap} years: "
                  f"{r['roles']}")
    print(f"  {n} found")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
