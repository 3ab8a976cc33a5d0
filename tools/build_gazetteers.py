#!/usr/bin/env python3
"""Regenerate comention's default gazetteers from ../shared/data and tools/curated/.

    python3 tools/build_gazetteers.py [--shared DIR] [--out DIR] [--docs FILE] [--no-docs] [--strict]

Reads the public data sets described in ../shared/README.md (mledoze/countries, Archigos 4.1,
REIGN, CountryInfo, PETRARCH/Phoenix dictionaries, CAMEO meeting verbs) plus the hand-curated
additions and corrections in tools/curated/, and writes

    gazetteers/countries.csv   countries and territories (kind country) and a few regions
    gazetteers/people.csv      heads of state and government since 1945, foreign ministers, ...
    gazetteers/events.csv      named meetings and fora (event), organisations, meeting cues (cue)

in the format of docs/FORMATS.md. The output is deterministic: rows are sorted, no timestamps,
and running the tool twice gives identical files. It also checks the result the way
`comention gazetteer check` does (unique ids, non-empty aliases, consistent columns) and lists
every alias claimed by more than one row; each must be explained in tools/curated/ambiguities.csv.
The generated section of docs/GAZETTEERS.md (between the BEGIN/END GENERATED markers) is
rewritten with the counts and the ambiguity table.

Python 3.11, standard library only.
"""

from __future__ import annotations

import argparse
import csv
import difflib
import functools
import io
import json
import re
import sys
import time
import unicodedata
import urllib.parse
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEBUG = bool(__import__("os").environ.get("BUILD_GAZETTEERS_DEBUG"))
CURATED = REPO / "tools" / "curated"

# People qualify by an office held on or after this date (their earlier spells are kept too).
SINCE = "1945-01-01"

# The date up to which the curated facts are kept current. Open role spells confirmed by the
# curated data are "in office" as of this date.
CURRENT_TO = "2025-06-30"

# The last date each source describes: an open spell from a source means "still in office on
# this date", no more.
SOURCE_AS_OF = {
    "countryinfo": "2008-12-31",  # the Leaders block (rulers.org) stops in 2008 for most states
    "countryinfo-cia": "2011-06-30",  # the Government block (CIA World Leaders 2003-2011)
    "archigos": "2015-12-31",
    "reign": "2021-03-31",
    "petrarch": "2014-01-30",
    "curated": CURRENT_TO,
}

# People the project's tests and sample corpus rely on: the build fails without them.
REQUIRED_PEOPLE = """
vladimir-putin kim-jong-un kim-jong-il kim-il-sung kim-yo-jong moon-jae-in yoon-suk-yeol
lee-jae-myung donald-trump joe-biden barack-obama george-w-bush george-h-w-bush bill-clinton
xi-jinping li-keqiang shinzo-abe fumio-kishida recep-tayyip-erdogan volodymyr-zelenskyy
emmanuel-macron angela-merkel olaf-scholz friedrich-merz boris-johnson theresa-may keir-starmer
rishi-sunak narendra-modi muammar-gaddafi sergei-lavrov mike-pompeo antony-blinken marco-rubio
wang-yi kang-kyung-wha ri-yong-ho choe-son-hui benjamin-netanyahu mahmoud-abbas justin-trudeau
jair-bolsonaro luiz-inacio-lula-da-silva cyril-ramaphosa indira-gandhi rajiv-gandhi
dmitry-medvedev alexander-lukashenko hassan-rouhani ali-khamenei ebrahim-raisi bashar-al-assad
nguyen-phu-trong jacinda-ardern scott-morrison anthony-albanese
""".split()

# Roles used in people.csv.
HOS = "head of state"
HOG = "head of government"
FM = "foreign minister"
LEADER = "leader"  # effective leader per Archigos/REIGN when the office is not known
PARTY = "party leader"  # general secretary of a ruling communist party
SUPREME = "supreme leader"


# --------------------------------------------------------------------------------------------
# Text helpers
# --------------------------------------------------------------------------------------------

_SPECIAL_FOLD = {
    "ß": "ss", "ẞ": "SS", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ø": "o", "Ø": "O",
    "ł": "l", "Ł": "L", "đ": "d", "ð": "d", "Đ": "D", "Ð": "D", "ı": "i", "ħ": "h", "Ħ": "H",
    "þ": "th", "Þ": "TH",
}
_APOSTROPHES = "\u2019\u2018\u02bc\u02bb\u2032\u00b4`"
_DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212"


@functools.lru_cache(maxsize=None)
def fold(text: str, keep_case: bool = False) -> str:
    """Folds like comention's matcher: case (unless keep_case), diacritics, apostrophe and dash
    styles, whitespace runs."""
    out = []
    for ch in text:
        if ch in _APOSTROPHES:
            out.append("'")
        elif ch in _DASHES or ch.isspace():
            out.append(" ")
        elif ch in _SPECIAL_FOLD:
            out.append(_SPECIAL_FOLD[ch])
        elif ch in "\u00ad\u200b\u200c\u200d\u2060\ufeff":
            continue
        else:
            for d in unicodedata.normalize("NFD", ch):
                if not unicodedata.combining(d):
                    out.append(d)
    s = "".join(out)
    if not keep_case:
        s = s.lower()
    return re.sub(r" +", " ", s).strip()


def ascii_fold(text: str) -> str:
    """Diacritics stripped, case kept (for slugs and comparisons)."""
    return fold(text, keep_case=True).encode("ascii", "ignore").decode()


def slug(text: str) -> str:
    """Lower-case ASCII words joined by '-': "George H. W. Bush" -> "george-h-w-bush"."""
    s = ascii_fold(text).lower().replace("'", "")
    return "-".join(re.findall(r"[a-z0-9]+", s))


def read_text_lines(path: Path) -> list[str]:
    """Lines of a file that mixes UTF-8 and Windows-1252 (several sources do)."""
    lines = []
    for raw in path.read_bytes().split(b"\n"):
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError:
            line = raw.decode("cp1252", errors="replace")
        lines.append(line.rstrip("\r"))
    return lines


def read_curated(name: str) -> list[dict[str, str]]:
    """Rows of a curated CSV file; lines starting with '#' are comments."""
    path = CURATED / name
    text = path.read_text(encoding="utf-8")
    lines = [l for l in text.splitlines() if l.strip() and not l.lstrip().startswith("#")]
    rows = []
    for i, row in enumerate(csv.DictReader(lines)):
        if None in row:
            raise SystemExit(f"{path}: row {i + 2}: too many fields: {row}")
        rows.append({k: (v or "").strip() for k, v in row.items()})
    return rows


def split_list(cell: str) -> list[str]:
    return [x.strip() for x in cell.split("|") if x.strip()]


def uniq(items, key=lambda x: x):
    """Items without repeats (by key), first occurrence kept, order kept."""
    seen = set()
    out = []
    for item in items:
        k = key(item)
        if k in seen:
            continue
        seen.add(k)
        out.append(item)
    return out


LATIN_RE = re.compile(r"^[\sA-Za-z0-9\u00c0-\u024f\u1e00-\u1eff'’.,()\-‑–]+$")


def is_latin(text: str) -> bool:
    return bool(LATIN_RE.match(text))


# --------------------------------------------------------------------------------------------
# Dates
# --------------------------------------------------------------------------------------------

DATE_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def clean_date(text: str, month_only: bool = False) -> str:
    """A date as YYYY-MM-DD, YYYY-MM or YYYY; impossible days ("2007-02-31", CIA month ends) keep
    the month; empty stays empty."""
    text = text.strip()
    if not text:
        return ""
    m = re.match(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$", text)
    if not m:
        return ""  # unparsed source dates ("RAW:YUGSVNGOV 19670101") are left unknown
    y, mo, d = m.groups()
    if mo is None:
        return y
    if not 1 <= int(mo) <= 12:
        return y
    if d is None or month_only:
        return f"{y}-{mo}"
    import calendar

    if 1 <= int(d) <= calendar.monthrange(int(y), int(mo))[1]:
        return f"{y}-{mo}-{d}"
    return f"{y}-{mo}"


def date_lo(d: str) -> str:
    """Earliest day a partial date can mean."""
    if not d:
        return ""
    return d + {4: "-01-01", 7: "-01"}.get(len(d), "")


def date_hi(d: str) -> str:
    """Latest day a partial date can mean (open end: far future): "2010-04" is 2010-04-30."""
    import calendar

    if not d:
        return "9999-12-31"
    if len(d) == 7:
        return f"{d}-{calendar.monthrange(int(d[:4]), int(d[5:7]))[1]:02d}"
    return d + {4: "-12-31"}.get(len(d), "")


def more_precise(a: str, b: str) -> str:
    """Of two dates for the same event, the more precise when they agree, else a."""
    if not a:
        return b
    if not b:
        return a
    if b.startswith(a) and len(b) > len(a):
        return b
    return a


def overlaps(s1: str, e1: str, s2: str, e2: str, slack_days: int = 0) -> bool:
    lo1, hi1 = date_lo(s1) or "0000-01-01", date_hi(e1)
    lo2, hi2 = date_lo(s2) or "0000-01-01", date_hi(e2)
    if slack_days:
        hi1, hi2 = shift_days(hi1, slack_days), shift_days(hi2, slack_days)
    return lo1 <= hi2 and lo2 <= hi1


def overlap_days(s1: str, e1: str, s2: str, e2: str) -> int:
    """Days two spells have in common (open ends run to the far future)."""
    import datetime

    lo = max(date_lo(s1) or "1800-01-01", date_lo(s2) or "1800-01-01")
    hi = min(date_hi(e1), date_hi(e2))
    if hi.startswith("9999"):
        hi = "2100-01-01"
    try:
        return (datetime.date.fromisoformat(hi) - datetime.date.fromisoformat(lo)).days
    except ValueError:
        return 0


def days_between(a: str, b: str) -> int:
    import datetime

    return (datetime.date.fromisoformat(date_lo(a)) - datetime.date.fromisoformat(date_lo(b))).days


def shift_days(d: str, days: int) -> str:
    import datetime

    if d.startswith("9999"):
        return d
    try:
        x = datetime.date.fromisoformat(d)
    except ValueError:
        return d
    return (x + datetime.timedelta(days=days)).isoformat()


# --------------------------------------------------------------------------------------------
# Countries
# --------------------------------------------------------------------------------------------

COUNTRY_COLUMNS = [
    "id", "kind", "label", "aliases", "aliases.demonym", "aliases.capital", "exact",
    "iso2", "iso3", "region", "subregion", "un_member", "source",
]

# mledoze uses the UN's "UNK" for Kosovo; XKX is the code the EU, IMF and World Bank use.
CCA3_OVERRIDES = {"UNK": "XKX"}
# States with limited recognition or no seat whose capitals are still used for their governments.
CAPITALS_OF_NON_MEMBERS = {"TWN", "PSE", "XKX", "VAT"}
# Demonyms that take no plural "s".
INVARIANT_DEMONYMS = {
    "Burkinabe", "Malagasy", "Ni-Vanuatu", "I-Kiribati", "Motswana", "Mosotho", "Turkmen",
    "Swiss", "Kyrgyz", "Lao", "Sahrawi", "Batswana", "Basotho", "Ni-Vanuatu",
    "Sino",  # a combining form ("Sino-US"), not a noun
}


def demonym_plural(d: str) -> str | None:
    if d in INVARIANT_DEMONYMS or re.search(r"(ese|ish|sh|ch|s|x|z|ic)$", d):
        return None
    return d + "s"


def build_countries(shared: Path) -> tuple[list[dict], dict[str, str]]:
    """Country rows from mledoze/countries plus tools/curated/country_aliases.csv and
    tools/curated/regions.csv. Also returns {iso3: label}."""
    data = json.loads((shared / "countries" / "countries.json").read_text(encoding="utf-8"))
    edits = read_curated("country_aliases.csv")
    by_iso: dict[str, list[dict]] = defaultdict(list)
    for e in edits:
        by_iso[e["iso3"]].append(e)
    former = read_curated("former_states.csv")
    known = {CCA3_OVERRIDES.get(c["cca3"], c["cca3"]) for c in data} | {f["id"] for f in former}
    for iso in by_iso:
        if iso not in known:
            raise SystemExit(f"country_aliases.csv: unknown country {iso}")

    rows = []
    for c in data:
        iso3 = CCA3_OVERRIDES.get(c["cca3"], c["cca3"])
        names = [c["name"]["common"], re.sub(r"\s*\([^)]*\)", "", c["name"]["official"])]
        for alt in c.get("altSpellings", []):
            alt = re.sub(r"\s*\([^)]*\)", "", alt).strip()  # strip parenthetical notes
            if not alt or not is_latin(alt) or ", " in alt:
                continue  # other scripts; inverted forms ("Korea, Republic of")
            if re.fullmatch(r"[A-Z.]{1,5}", alt):
                continue  # ISO and other codes: "GE", "JO", "IN" are words
            names.append(alt)
        demonyms = []
        for g in ("m", "f"):
            d = (c.get("demonyms", {}).get("eng", {}) or {}).get(g, "")
            for part in re.split(r",\s*|\s+or\s+", d):
                if part.strip():
                    demonyms.append(part.strip())
        capitals = []
        if c.get("independent") or iso3 in CAPITALS_OF_NON_MEMBERS:
            capitals = list(c.get("capital", []))
        row = {
            "id": iso3,
            "kind": "country",
            "label": c["name"]["common"],
            "_names": names,
            "_demonyms": demonyms,
            "_capitals": capitals,
            "_exact": [],
            "iso2": c["cca2"],
            "iso3": iso3,
            "region": c.get("region", ""),
            "subregion": c.get("subregion", ""),
            "un_member": "yes" if c.get("unMember") else "no",
            "_sources": {"mledoze-countries"},
        }
        rows.append(row)
    # Former states (Soviet Union, Yugoslavia ...): the ISO 3166-3 codes the roles use.
    for f in former:
        rows.append({
            "id": f["id"], "kind": "country", "label": f["label"],
            "_names": split_list(f["aliases"]), "_demonyms": split_list(f["aliases.demonym"]),
            "_capitals": [], "_exact": split_list(f["exact"]), "iso2": f["iso2"],
            "iso3": f["id"], "region": f["region"], "subregion": f["subregion"],
            "un_member": "no", "_sources": {"curated"},
        })
    slots = {"aliases": "_names", "aliases.demonym": "_demonyms",
             "aliases.capital": "_capitals", "exact": "_exact"}
    for row in rows:
        iso3 = row["id"]
        for e in by_iso.get(iso3, []):
            f, op, v = e["field"], e["op"], e["value"]
            if f == "label" and op == "set":
                row["label"] = v
            elif f in slots and op == "add":
                row[slots[f]].append(v)
            elif f in slots and op == "remove":
                before = len(row[slots[f]])
                row[slots[f]] = [x for x in row[slots[f]] if x != v]
                if len(row[slots[f]]) == before and f != "exact":
                    print(f"note: country_aliases.csv: {iso3} {f} has no {v!r} to remove",
                          file=sys.stderr)
            else:
                raise SystemExit(f"country_aliases.csv: bad edit {e}")
            row["_sources"].add("curated")

    # A capital that is also a country name (Singapore, Luxembourg, Djibouti) or a demonym adds
    # nothing but a clash: drop it.
    name_keys = {fold(n) for r in rows for n in r["_names"]}
    for r in rows:
        r["_capitals"] = [x for x in r["_capitals"] if fold(x) not in name_keys]

    for r in rows:
        names = uniq([r["label"]] + r["_names"], key=lambda s: s)
        names = uniq(names, key=fold)
        demonyms = r["_demonyms"] + [p for p in map(demonym_plural, r["_demonyms"]) if p]
        demonyms = uniq([d for d in demonyms if fold(d) not in {fold(n) for n in names}],
                        key=fold)
        capitals = uniq(r["_capitals"], key=fold)
        r["aliases"] = "|".join(names)
        r["aliases.demonym"] = "|".join(demonyms)
        r["aliases.capital"] = "|".join(capitals)
        r["exact"] = "|".join(uniq(r["_exact"]))
        r["source"] = "|".join(sorted(r["_sources"]))

    for reg in read_curated("regions.csv"):
        rows.append({
            "id": reg["id"], "kind": "region", "label": reg["label"],
            "aliases": reg["aliases"], "aliases.demonym": reg["aliases.demonym"],
            "aliases.capital": "", "exact": "", "iso2": "", "iso3": "", "region": "",
            "subregion": "", "un_member": "", "source": "curated",
        })
    rows.sort(key=lambda r: (r["kind"] != "country", r["id"]))
    labels = {r["id"]: r["label"] for r in rows if r["kind"] == "country"}
    return [{k: r.get(k, "") for k in COUNTRY_COLUMNS} for r in rows], labels


# --------------------------------------------------------------------------------------------
# People: country codes
# --------------------------------------------------------------------------------------------

# Correlates of War state numbers (used by Archigos and REIGN) to ISO 3166-1 alpha-3, with the
# ISO 3166-3 codes of former states (SUN Soviet Union, YUG Yugoslavia, CSK Czechoslovakia,
# DDR East Germany, YMD South Yemen). West Germany (260) is Germany (DEU); South Vietnam (817,
# 1954-1975) is listed under Vietnam (VNM), as CountryInfo lists its presidents; Tibet (711, to
# 1950) and Zanzibar (511, 1963-1964) are left out.
COW_ISO = {
    2: "USA", 20: "CAN", 31: "BHS", 40: "CUB", 41: "HTI", 42: "DOM", 51: "JAM", 52: "TTO",
    53: "BRB", 54: "DMA", 55: "GRD", 56: "LCA", 57: "VCT", 58: "ATG", 60: "KNA", 70: "MEX",
    80: "BLZ", 90: "GTM", 91: "HND", 92: "SLV", 93: "NIC", 94: "CRI", 95: "PAN", 100: "COL",
    101: "VEN", 110: "GUY", 115: "SUR", 130: "ECU", 135: "PER", 140: "BRA", 145: "BOL",
    150: "PRY", 155: "CHL", 160: "ARG", 165: "URY", 200: "GBR", 205: "IRL", 210: "NLD",
    211: "BEL", 212: "LUX", 220: "FRA", 221: "MCO", 223: "LIE", 225: "CHE", 230: "ESP",
    232: "AND", 235: "PRT", 255: "DEU", 260: "DEU", 265: "DDR", 290: "POL", 305: "AUT",
    310: "HUN", 315: "CSK", 316: "CZE", 317: "SVK", 325: "ITA", 331: "SMR", 338: "MLT",
    339: "ALB", 340: "SRB", 341: "MNE", 343: "MKD", 344: "HRV", 345: "YUG", 346: "BIH",
    347: "XKX", 349: "SVN", 350: "GRC", 352: "CYP", 355: "BGR", 359: "MDA", 360: "ROU",
    365: "RUS", 366: "EST", 367: "LVA", 368: "LTU", 369: "UKR", 370: "BLR", 371: "ARM",
    372: "GEO", 373: "AZE", 375: "FIN", 380: "SWE", 385: "NOR", 390: "DNK", 395: "ISL",
    402: "CPV", 403: "STP", 404: "GNB", 411: "GNQ", 420: "GMB", 432: "MLI", 433: "SEN",
    434: "BEN", 435: "MRT", 436: "NER", 437: "CIV", 438: "GIN", 439: "BFA", 450: "LBR",
    451: "SLE", 452: "GHA", 461: "TGO", 471: "CMR", 475: "NGA", 481: "GAB", 482: "CAF",
    483: "TCD", 484: "COG", 490: "COD", 500: "UGA", 501: "KEN", 510: "TZA", 516: "BDI",
    517: "RWA", 520: "SOM", 522: "DJI", 530: "ETH", 531: "ERI", 540: "AGO", 541: "MOZ",
    551: "ZMB", 552: "ZWE", 553: "MWI", 560: "ZAF", 565: "NAM", 570: "LSO", 571: "BWA",
    572: "SWZ", 580: "MDG", 581: "COM", 590: "MUS", 591: "SYC", 600: "MAR", 615: "DZA",
    616: "TUN", 620: "LBY", 625: "SDN", 626: "SSD", 630: "IRN", 640: "TUR", 645: "IRQ",
    651: "EGY", 652: "SYR", 660: "LBN", 663: "JOR", 666: "ISR", 670: "SAU", 678: "YEM",
    679: "YEM", 680: "YMD", 690: "KWT", 692: "BHR", 694: "QAT", 696: "ARE", 698: "OMN",
    700: "AFG", 701: "TKM", 702: "TJK", 703: "KGZ", 704: "UZB", 705: "KAZ", 710: "CHN",
    712: "MNG", 713: "TWN", 731: "PRK", 732: "KOR", 740: "JPN", 750: "IND", 760: "BTN",
    770: "PAK", 771: "BGD", 775: "MMR", 780: "LKA", 781: "MDV", 790: "NPL", 800: "THA",
    811: "KHM", 812: "LAO", 816: "VNM", 817: "VNM", 820: "MYS", 830: "SGP", 835: "BRN", 840: "PHL",
    850: "IDN", 860: "TLS", 900: "AUS", 910: "PNG", 920: "NZL", 935: "VUT", 940: "SLB",
    946: "KIR", 947: "TUV", 950: "FJI", 955: "TON", 970: "NRU", 983: "MHL", 986: "PLW",
    987: "FSM", 990: "WSM",
}

# Codes that name the same polity over time; a person keeps one row across them.
COUNTRY_GROUPS = [{"SUN", "RUS"}, {"YUG", "SRB", "MNE", "SCG"}, {"CSK", "CZE", "SVK"},
                  {"DDR", "DEU"}, {"YMD", "YEM"}]


def country_group(iso: str) -> str:
    for g in COUNTRY_GROUPS:
        if iso in g:
            return min(g)
    return iso


def cow_to_iso(ccode: int, start: str) -> str | None:
    iso = COW_ISO.get(ccode)
    if iso == "RUS" and start and start < "1991-12-25":
        return "SUN"
    if iso == "YUG" and start and start >= "2006-06-05":
        return "SRB"
    return iso


# CountryInfo territory codes.
CI_TERRITORIES = {"USAASM": "ASM", "USAPRI": "PRI", "GBRFLK": "FLK", "GBRIMY": "IMN",
                  "GBRVGB": "VGB", "DNKFRO": "FRO"}


# CountryInfo codes that are not the ISO code of the country whose rows they label.
CI_CODE_ERRORS = {"MUS": "MRT", "TMP": "TLS"}


def fix_countryinfo_codes(rows: list[dict]) -> None:
    """Sets r["_iso"]. A few runs of CountryInfo rows carry another country's code (Panama's
    leaders under "[PSEGZA ...]", Cuba's and Botswana's under "[BIHHHB ...]", Cyprus's under an
    empty code): the CAMEO codes of the run's Government rows ("PANGOV") say which country it is."""
    i = 0
    while i < len(rows):
        j = i
        code = rows[i]["country_code"] or ""
        while j < len(rows) and (rows[j]["country_code"] or "") == code:
            j += 1
        votes = defaultdict(int)
        for r in rows[i:j]:
            cameo = (r["cameo_code"] or "")[:3]
            if r["block"] == "Government" and re.fullmatch(r"[A-Z]{3}", cameo):
                votes[cameo] += 1
        iso = countryinfo_iso(code)
        # A territory's own code is explicit: the CAMEO codes of its rows may name another
        # country (the British Virgin Islands' rows carry "BRNGOV", Brunei's code).
        if votes and code.strip() not in CI_TERRITORIES:
            best = max(sorted(votes), key=lambda k: votes[k])
            if votes[best] * 2 > sum(votes.values()) and best != "IGO":
                iso = best if iso is None or country_group(iso) != country_group(best) else iso
        iso = CI_CODE_ERRORS.get(iso, iso)
        for r in rows[i:j]:
            r["_iso"] = iso
        i = j


def countryinfo_iso(code: str) -> str | None:
    code = code.strip()
    if "[" in code:
        codes = re.findall(r"\[([A-Z]+)", code)
        if not codes:
            return None
        last = codes[-1]
        return last if len(last) == 3 else None  # sub-national entities (Republika Srpska ...)
    if code in CI_TERRITORIES:
        return CI_TERRITORIES[code]
    return code if re.fullmatch(r"[A-Z]{3}", code) else None


# --------------------------------------------------------------------------------------------
# People: names
# --------------------------------------------------------------------------------------------

PARTICLES = {"de", "da", "do", "dos", "das", "del", "della", "der", "den", "di", "du", "van", "los", "las",
             "von", "la", "le", "y", "e", "bin", "ibn", "bint", "ter", "ten", "zu", "af", "wa"}
ROMAN = re.compile(r"^(I|II|III|IV|V|VI|VII|VIII|IX|X|XI|XII|XIII|XIV|XV|XVI)$")
# Titles and honorifics found before names in the sources; never part of an alias.
TITLE_WORDS = {
    "president", "prime", "minister", "premier", "chancellor", "king", "queen", "prince",
    "princess", "sheikh", "shaikh", "sheik", "emir", "sultan", "colonel", "col", "general", "gen",
    "lt", "maj", "major", "brigadier", "marshal", "admiral", "captain", "capt", "sir", "dame",
    "dr", "doctor", "prof", "professor", "mr", "mrs", "ms", "hojatolislam", "ayatollah", "lord",
    "lady", "his", "her", "excellency", "chairman", "secretary", "foreign", "russian",
    "american", "former", "acting", "interim", "crown", "field", "mullah", "imam", "pope",
    "archbishop", "bishop", "cardinal", "father", "senator", "governor", "vice", "deputy",
    "leader", "supreme", "comrade", "justice", "judge", "ambassador", "envoy", "defense",
    "defence", "commander", "chief", "head", "state", "party", "mp", "samdech", "gov", "sen",
    "rep", "hon", "honourable", "honorable", "mullah", "maulana", "haji", "marshall", "elect",
    "kanzler", "bundeskanzler", "premierminister", "presidente", "ministro", "roi", "reine",
    "tuanku", "datuk", "dato", "seri", "tun", "sri", "lyonpo", "reformer", "presient", "daw",
    "baroness", "sultan",
}
# Words that make a dictionary entry something other than a person's name.
NON_NAME_WORDS = {"administration", "government", "regime", "cabinet", "office", "ministry",
                  "spokesman", "spokeswoman", "aide", "aides", "camp", "supporters", "loyalists",
                  "forces", "family", "the", "of", "and", "junta", "council", "era"}
NAME_SUFFIXES = {"jr", "sr", "jr.", "sr.", "ii", "iii", "iv"}


ARABIC_ARTICLES = {"al", "el", "ul", "ud", "ad", "as", "ash", "az", "an", "ar", "at"}


def case_word(w: str, first: bool) -> str:
    lw = w.lower()
    if ROMAN.match(w.upper()) and not first and w.upper() not in {"V", "X", "I"}:
        return w.upper()
    if not first and lw in PARTICLES:
        return lw
    if lw in {"jr", "jr.", "sr", "sr."}:
        return lw.capitalize()
    if re.fullmatch(r"[a-z]\.", lw):
        return lw.upper()
    if lw.startswith("mc") and len(lw) > 3:
        return "Mc" + lw[2:].capitalize()
    if re.match(r"^[od]'[a-z]", lw):
        return lw[0].upper() + "'" + lw[2:].capitalize()
    return lw[:1].upper() + lw[1:]


def name_case(text: str) -> str:
    """Title-cases an upper-case source name: "ABDEL FATTAH AL-SISI" -> "Abdel Fattah al-Sisi",
    "RICHARD VON WEIZSACKER" -> "Richard von Weizsacker", "GEORGE W. BUSH" -> "George W. Bush"."""
    text = re.sub(r"\s+", " ", text.strip())
    if not text.isupper() and not text.islower():
        return text  # already mixed case: trust it
    words = text.split(" ")
    out = []
    for i, w in enumerate(words):
        parts = w.split("-")
        cased = []
        for j, p in enumerate(parts):
            if j == 0 and len(parts) > 1 and p.lower() in ARABIC_ARTICLES:
                cased.append(p.lower())
            else:
                cased.append(case_word(p, first=(i == 0 and j == 0)) if p else p)
        out.append("-".join(cased))
    return " ".join(out)


def strip_titles(name: str) -> str:
    words = name.split()
    while len(words) > 1 and words[0].lower().strip(".,") in TITLE_WORDS:
        words = words[1:]
    return " ".join(words)


@functools.lru_cache(maxsize=None)
def name_key(name: str) -> str:
    """Comparison key of a person name: folded, titles and dots dropped."""
    s = fold(strip_titles(name)).replace(".", " ").replace("'", "")
    return " ".join(s.split())


@functools.lru_cache(maxsize=None)
def name_tokens(name: str) -> frozenset[str]:
    return frozenset(t for t in name_key(name).split()
                     if t not in PARTICLES and t not in {"al", "el", "jr", "sr"})


def dbpedia_name(uri: str) -> str | None:
    if not uri or uri == "NA":
        return None
    last = uri.rsplit("/", 1)[-1]
    name = urllib.parse.unquote(last).replace("_", " ")
    name = re.sub(r"\s*\([^)]*\)", "", name).strip()
    return name or None


# --------------------------------------------------------------------------------------------
# People: records read from the sources
# --------------------------------------------------------------------------------------------


@dataclass
class Spell:
    role: str
    country: str
    start: str
    end: str  # "" = open: in office as of SOURCE_AS_OF[source]
    source: str
    inferred: bool = False  # office inferred for an Archigos/REIGN effective leader
    confirmed: str = ""  # an open spell: the latest date a source says it was still going
    contributors: set[str] = field(default_factory=set)  # every source that gave this spell

    def __post_init__(self) -> None:
        self.contributors = self.contributors or {self.source}

    @property
    def as_of(self) -> str:
        """The date up to which the source vouches for an open spell."""
        return max(SOURCE_AS_OF[self.source], date_lo(self.start))


@dataclass
class Record:
    """One person as one source (row) names them, with their spells."""

    names: list[str]  # best first
    country: str
    spells: list[Spell]
    source: str
    aliases: list[str] = field(default_factory=list)
    label: str | None = None  # a properly cased full name (dbpedia, REIGN, curated)
    born: str = ""
    raw: tuple = ()  # REIGN: (COW number, leader string, start year), the key of reign_names.csv
    leadid: str = ""  # Archigos: the leader's id, the same for each of their spells in a country


def drop_unborn_spells(rec: Record) -> bool:
    """Drops the spells of a source row that start before the year the same row says the person
    was born (CountryInfo lists Mark Rutte, born 1967, with Victor Marijnen's 1963-1965 term).
    Returns whether the record has a spell left."""
    if rec.born:
        bad = [s for s in rec.spells if s.start and s.start[:4] < rec.born]
        for s in bad:
            if DEBUG:
                print(f"unborn: {rec.source} {rec.names[:1]} born {rec.born}: {s.role} "
                      f"{s.country} {s.start}-{s.end}", file=sys.stderr)
        rec.spells = [s for s in rec.spells if s not in bad]
    return bool(rec.spells)


def born_apart(a: str, b: str) -> bool:
    """Two birth years (either may be unknown) a generation apart: not one person's. The
    sources' birth years are often wrong by a decade or two (Archigos has Yahya Jammeh born in
    1942, REIGN in 1965), so only a gap of over 30 years tells namesakes apart (Konstantinos
    Karamanlis, 1907, and his nephew Kostas, 1956)."""
    return bool(a and b) and abs(int(a) - int(b)) > 30


def countryinfo_role(position: str, iso: str, overrides: dict) -> str | None:
    """The role a CountryInfo Leaders-block position names, or None to skip it."""
    p = re.sub(r"\s*\(.*", "", position).strip().lower()
    if (iso, p) in overrides:
        return overrides[(iso, p)] or None
    if not p:
        return None
    if re.search(r"vice|deputy|lieutenant|governor|administrator|commissioner|representative|"
                 r"\bresident|coprince|syndic|nationality|capital|junta|council of deputies|"
                 r"occupation|supreme commander|national assembly|people'?s assembly$|"
                 r"presidential commission|presidential council|high state committee|"
                 r"^council of state|cabinet chief", p):
        return None
    if re.search(r"general secretar|first secretar|secretaries of the central committee|"
                 r"communist party|league of communists|political bureau|"
                 r"central committee", p):
        return PARTY
    if re.search(r"leader of the revolution|supreme leader", p):
        return SUPREME
    if re.search(r"prime minister|premier|chancellor|chief minister|heads? of government|"
                 r"chiefs? of government|government leader|government business|"
                 r"council of ministers|people'?s commissars|executive yuan|"
                 r"general people'?s committee|executive council|government council|"
                 r"ministers of state|first minister|chief executive", p):
        return HOG
    if re.search(r"president|king|queen|emperor|empress|emir|sultan|shah|prince|grand duke|"
                 r"heads? of state|ruler|captain|presidium|chairm|paramount|"
                 r"people'?s congress|head of the", p):
        return HOS
    return None


FM_RE = re.compile(
    r"^(federal )?(minister|secretary)( of state)? (of|for) (the )?(foreign|external) "
    r"(and [a-z]+ )?(affairs|relations)\b")


def is_foreign_minister(position: str) -> bool:
    p = position.strip().strip('"').lower()
    p = re.sub(r'\s*"+.*', "", p)  # "Minister of Foreign Affairs ""Acting"""
    if re.search(r"minister of state for|deputy|vice|assistant|junior|delegate|trade|economic|"
                 r"cooperation minister|state minister", p) and not re.search(
                 r"foreign affairs and (international )?cooperation|foreign affairs,? "
                 r"(and )?(international )?(trade|cooperation)", p):
        return False
    return bool(FM_RE.search(p)) or p in {"secretary of state for foreign and commonwealth affairs",
                                           "minister of foreign and european affairs"}


def load_countryinfo(shared: Path, overrides: dict) -> list[Record]:
    """National leaders (Leaders block) and foreign ministers (Government block, from the CIA's
    World Leaders 2003-2011) from CountryInfo."""
    path = shared / "countryinfo" / "countryinfo_leaders.tsv"
    lines = read_text_lines(path)
    rows = list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))
    fix_countryinfo_codes(rows)
    records = []
    header_position: dict[str, str] = {}
    government: dict[tuple, list[dict]] = defaultdict(list)
    for r in rows:
        iso = r["_iso"]
        if not iso:
            continue
        # Nicknames in quotes (Osman Hassan Ali "Ato") are kept as words.
        name = (r["name"] or "").replace('"', " ").strip()
        # Notes cut short in the source ("Chultem Ulaan (acting", "Elbegdorj (1st Time").
        name = re.sub(r"\s*\((acting|\d\w* time)\)?$", "", name, flags=re.I)
        name = re.sub(r"\s*\([^)]*$", "", name)
        name = " ".join(name.split())
        if r["block"] == "Leaders":
            position = (r["position"] or "").strip()
            if name.startswith("<"):
                header_position[iso] = name.strip("<>")
                continue
            if not position:
                position = header_position.get(iso, "")
            raw = re.match(r"RAW:([A-Z]{3})[A-Z]* (\d{4})(\d{2})(\d{2})", r["start"] or "")
            if raw:
                # A few rows sit under the wrong country; their raw TABARI code says which.
                iso = raw.group(1)
                r["start"] = "-".join(raw.groups()[1:])
            role = countryinfo_role(position, iso, overrides)
            if not role or not name:
                continue
            if "@" in role:  # an office of another polity listed under this country
                role, iso = role.split("@", 1)
            start = clean_date(r["start"] or "")
            end = clean_date(r["end"] or "")
            if iso == "RUS" and end and end <= "1991-12-25":
                iso = "SUN"  # CountryInfo lists Soviet offices under RUS
            variants = [name_case(" ".join(v.replace('"', " ").split()))
                        for v in (r["name_variants"] or "").split("|") if v.strip()]
            records.append(Record(
                names=uniq([name_case(name)] + variants),
                country=iso,
                spells=[Spell(role, iso, start, end, "countryinfo")],
                source="countryinfo",
                born=(r["born"] or "")[:4],
            ))
        elif r["block"] == "Government" and name:
            government[(iso, name, r["position"] or "")].append(r)
    for (iso, name, position), spells in government.items():
        parts = [p.strip() for p in position.strip('"').split(" & ")]
        if len(parts) == len(spells):
            pairs = list(zip(parts, spells))
        elif len(set(parts)) == 1:
            pairs = [(parts[0], s) for s in spells]
        else:
            continue  # titles cannot be matched to dates
        fm = [s for p, s in pairs if is_foreign_minister(p)]
        if not fm:
            continue
        variants = uniq(name_case(v) for s in fm for v in (s["name_variants"] or "").split("|")
                        if v.strip())
        records.append(Record(
            names=uniq([name_case(name)] + variants),
            country=iso,
            spells=[Spell(FM, iso, clean_date(s["start"] or "", month_only=True),
                          clean_date(s["end"] or "", month_only=True), "countryinfo-cia")
                    for s in fm],
            source="countryinfo-cia",
        ))
    return records


def load_archigos(shared: Path) -> list[Record]:
    """Effective leaders 1875-2015 from Archigos 4.1, one record per spell in office."""
    lines = read_text_lines(shared / "archigos" / "arch_annual.txt")
    spells: dict[str, list[dict]] = defaultdict(list)
    for r in csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE):
        if r.get("obsid"):
            spells[r["obsid"] + "/" + r["leadid"]].append(r)
    # A leader's dbpedia link and birth year, from any of their spells: Archigos often gives them
    # on one spell only (Spuhler, Swiss president in 1963 and 1968).
    uri: dict[str, str] = {}
    yrborn: dict[str, str] = {}
    for key in sorted(spells):
        for r in spells[key]:
            if dbpedia_name(r["dbpedia.uri"]):
                uri.setdefault(r["leadid"], r["dbpedia.uri"])
            if re.fullmatch(r"\d{4}", r["yrborn"] or ""):
                yrborn.setdefault(r["leadid"], r["yrborn"])
    records = []
    for key in sorted(spells):
        rs = sorted(spells[key], key=lambda r: r["startdate"])
        start, end = rs[0]["startdate"], rs[-1]["enddate"]
        if rs[-1]["exit"] == "Still in Office":
            end = ""
        if end and end < SINCE:
            continue
        iso = cow_to_iso(int(rs[0]["ccode"]), start)
        if not iso:
            continue
        leadid = rs[0]["leadid"]
        full = dbpedia_name(uri.get(leadid, ""))
        leader = rs[0]["leader"].strip()
        records.append(Record(
            names=uniq([n for n in (full, leader) if n]),
            country=iso,
            spells=[Spell(LEADER, iso, clean_date(start), clean_date(end), "archigos")],
            source="archigos",
            label=full,
            born=yrborn.get(leadid, ""),
            leadid=leadid,
        ))
    return records


def clean_reign_name(name: str) -> str:
    name = re.sub(r"\((acting|f|\d\w* time|interim)\)", "", name, flags=re.I)
    name = re.sub(r"\s*\((\d\w*( time)?)?\s*$", "", name)  # cut short: "Belluzzi (1st", "Pedini ("
    return re.sub(r"\s+", " ", name).strip()


def load_reign(shared: Path) -> list[Record]:
    """Effective leaders 1945-March 2021 from REIGN."""
    lines = read_text_lines(shared / "reign" / "leaderlist_3_21.csv")
    records = []
    for r in csv.DictReader(lines):
        if not r.get("ccode"):
            continue
        start = "{:04d}-{:02d}-{:02d}".format(int(r["syear"]), int(r["smonth"]), int(r["sdate"]))
        end = ""
        if r["eyear"].strip():
            end = "{:04d}-{:02d}".format(int(r["eyear"]), int(r["emonth"] or 12))
        if end and end < SINCE[:7]:
            continue
        iso = cow_to_iso(int(r["ccode"]), start)
        if not iso:
            continue
        if re.search(r" and | & ", r["leader"]):
            continue  # San Marino's pairs of captains regent: two people in one row
        records.append(Record(
            names=[clean_reign_name(r["leader"])],
            country=iso,
            spells=[Spell(LEADER, iso, clean_date(start), end, "reign")],
            source="reign",
            born=r["birthyear"] if re.fullmatch(r"\d{4}", r["birthyear"] or "") else "",
            raw=(int(r["ccode"]), r["leader"].strip(), int(r["syear"])),
        ))
    return records


def petrarch_date(text: str) -> str:
    """TABARI dates: YYMMDD (19YY when YY > 30) or YYYYMMDD."""
    text = text[:8] if len(text) >= 8 else text[:6]
    if len(text) == 6:
        yy = int(text[:2])
        text = ("19" if yy > 30 else "20") + text
    return clean_date(f"{text[:4]}-{text[4:6]}-{text[6:8]}")


@functools.lru_cache(maxsize=None)
def load_petrarch(shared: Path) -> dict[str, list[tuple[str, list[str], list[tuple[str, str]]]]]:
    """People in the PETRARCH/Phoenix country-actor dictionary:
    {name key: [(country, [name and aliases], [(start, end) of the dated codes])]}."""
    lines = read_text_lines(shared / "petrarch" / "Phoenix.Countries.actors.txt")
    entries = []
    current = None
    country = ""
    code_re = re.compile(r"\[([A-Z]{3})\w*(?:\s+([<>]?)(\d{6,9})(?:\s*-\s*(\d{6,9}))?)?")
    for line in lines:
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        body = line.split("#", 1)[0].rstrip()
        if not body.strip():
            continue
        codes = code_re.findall(body)
        if line[0] in " \t":
            if current is not None:
                current["codes"].extend(codes)
            continue
        if body.startswith("+"):
            if current is not None:
                current["aliases"].append(body[1:].split()[0] if body[1:].split() else "")
            continue
        current = {"name": body.split()[0], "aliases": [], "codes": list(codes)}
        entries.append(current)
    index: dict[str, list] = defaultdict(list)
    for e in entries:
        if e["codes"]:
            country = e["codes"][0][0]
        elif not country:
            continue
        ranges = []
        for _, mark, d1, d2 in e["codes"]:
            if not d1:
                continue
            a = petrarch_date(d1)
            b = petrarch_date(d2) if d2 else ""
            if mark == "<":
                a, b = "", a
            ranges.append((a, b))
        name = e["name"].strip("_").replace("_", " ")
        aliases = [a.strip("_").replace("_", " ") for a in e["aliases"] if a.strip("_")]
        index[name_key(name)].append((country, [name] + aliases, ranges))
    return index


# --------------------------------------------------------------------------------------------
# People: clustering records into persons
# --------------------------------------------------------------------------------------------


@dataclass
class Person:
    names: list[str]  # every full name seen, best first
    country: str  # ISO3 of the first record (the person's country is recomputed later)
    spells: list[Spell] = field(default_factory=list)
    sources: set[str] = field(default_factory=set)
    aliases: list[str] = field(default_factory=list)  # from dictionaries (PETRARCH, curated)
    labels: dict[str, str] = field(default_factory=dict)  # source -> properly cased name
    born: str = ""
    borns: set[str] = field(default_factory=set)  # every birth year a source gives
    id: str = ""
    short: list[str] = field(default_factory=list)
    curated_aliases: list[str] = field(default_factory=list)
    curated_short: list[str] | None = None  # replaces the computed short forms
    extra_short: list[str] = field(default_factory=list)  # added to them
    removed_aliases: set[str] = field(default_factory=set)
    removed_short: set[str] = field(default_factory=set)

    def keys(self) -> set[str]:
        if getattr(self, "_keys", None) is None:
            self._keys = {name_key(n) for n in self.names + self.curated_aliases}
        return self._keys

    def tokens(self) -> set[str]:
        if getattr(self, "_tokens", None) is None:
            out = set()
            for n in self.names + self.aliases + self.curated_aliases:
                out |= name_tokens(n)
            self._tokens = out
        return self._tokens

    def groups(self) -> set[str]:
        return {country_group(s.country) for s in self.spells} | {country_group(self.country)}

    def add(self, rec: Record) -> None:
        if DEBUG and self.names and name_key(rec.names[0]) not in {name_key(n) for n in self.names}:
            print(f"add: {self.names[:2]} <- {rec.source} {rec.names[:2]}", file=sys.stderr)
        self._tokens = None
        self._keys = None
        self.names = uniq(self.names + rec.names, key=name_key)
        self.spells.extend(rec.spells)
        self.sources.add(rec.source.split("-")[0])
        self.aliases.extend(rec.aliases)
        if rec.label and rec.source not in self.labels:
            self.labels[rec.source] = rec.label
        if rec.born and not self.born:
            self.born = rec.born
        if rec.born:
            self.borns.add(rec.born)


class Registry:
    def __init__(self) -> None:
        self.people: list[Person] = []
        self.by_key: dict[tuple[str, str], list[Person]] = defaultdict(list)
        self.by_group: dict[str, list[Person]] = defaultdict(list)

    def index(self, p: Person) -> None:
        p._tokens = None
        p._keys = None
        for g in p.groups():
            if p not in self.by_group[g]:
                self.by_group[g].append(p)
            for k in p.keys():
                if p not in self.by_key[(g, k)]:
                    self.by_key[(g, k)].append(p)

    def new(self, rec: Record) -> Person:
        p = Person(names=list(rec.names), country=rec.country)
        p.add(rec)
        self.people.append(p)
        self.index(p)
        return p

    def find_by_name(self, names: list[str], country: str,
                     single: bool = False, born: str = "") -> Person | None:
        """The one person of that country known by one of these full names (a surname alone
        is not enough unless `single`: see find_by_surname), not born in another year (Archigos
        names Kostas Karamanlis, born 1956, Konstantinos, as his uncle, born 1907)."""
        g = country_group(country)
        for n in names:
            if len(name_key(n).split()) < 2 and not single:
                continue
            found = [p for p in self.by_key.get((g, name_key(n)), [])
                     if not born_apart(p.born, born)]
            if len(found) == 1:
                return found[0]
        return None

    def find_by_name_anywhere(self, names: list[str]) -> Person | None:
        """The one person of any country with one of these full names (federal office holders
        of Yugoslavia or the Soviet Union came from the member republics)."""
        for n in names:
            k = name_key(n)
            if len(k.split()) < 2:
                continue
            found = {id(p): p for (g, key), ps in self.by_key.items() if key == k for p in ps}
            if len(found) == 1:
                return next(iter(found.values()))
        return None

    def find_by_surname(self, names: list[str], country: str, start: str, end: str,
                        slack_days: int, born: str = "") -> Person | None:
        """A person of the same country with a spell overlapping [start, end] whose names contain
        every word of one of `names` (Archigos and REIGN often give the surname only), or failing
        that its last word. Of several, the one whose spell starts within two months."""
        g = country_group(country)
        wanted = [name_tokens(n) for n in names if name_tokens(n)]
        # The last word alone only for surnames and initials ("G.H.W. Bush"): "Lotay Tshering"
        # is not "Tshering Tobgay".
        lasts = [{name_key(n).split()[-1]} for n in names if name_key(n)
                 and all(len(w) == 1 for w in name_key(n).split()[:-1])]
        for words in (wanted, lasts):
            hits = []
            for p in self.by_group.get(g, []):
                if born_apart(p.born, born):
                    continue
                if not any(overlaps(s.start, s.end or spell_as_of(s), start, end, slack_days)
                           for s in p.spells if s.role in (HOS, HOG, LEADER, SUPREME, PARTY)):
                    continue
                toks = p.tokens()
                if any(w <= toks for w in words):
                    hits.append(p)
            if len(hits) > 1:
                near = [p for p in hits if any(
                    s.start and start and abs(days_between(s.start, start)) <= 62
                    for s in p.spells)]
                hits = near
            if len(hits) == 1:
                return hits[0]
        return None

    def merge(self, keep: Person, other: Person) -> None:
        if DEBUG:
            print(f"merge: {keep.names[:2]} <- {other.names[:2]}", file=sys.stderr)
        keep.names = uniq(keep.names + other.names, key=name_key)
        keep.spells += other.spells
        keep.sources |= other.sources
        keep.aliases += other.aliases
        for k, v in other.labels.items():
            keep.labels.setdefault(k, v)
        keep.born = keep.born or other.born
        keep.borns |= other.borns
        keep.curated_aliases += other.curated_aliases
        self.people.remove(other)
        for lst in list(self.by_key.values()) + list(self.by_group.values()):
            if other in lst:
                lst.remove(other)
        self.index(keep)


def name_words(name: str) -> list[str]:
    """The words of a name that tell people apart (no particles, articles or suffixes)."""
    return [w for w in name_key(name).split()
            if w not in PARTICLES and w not in {"al", "el", "jr", "sr"}]


def initials_of(short: str, full: str) -> bool:
    """Whether `short` is `full` with its first names as initials: "M. Rutte" / "Mark Rutte",
    "S. M. Krishna" / "Somanahalli Mallaiah Krishna", "K. P. Sharma Oli" / "Khadga Prasad
    Sharma Oli", "G. Rajapakse" / "Gotabaya Rajapaksa" (the surname the same or a close
    spelling). "SM Krishna" counts as "S. M. Krishna"."""
    x, y = name_key(short).split(), name_key(full).split()
    if len(x) >= 2 and 2 <= len(x[0]) <= 3 and short.split()[0].isupper():
        x = list(x[0]) + x[1:]
    i = 0
    while i < len(x) - 1 and len(x[i]) == 1:
        i += 1
    rest = x[i:]
    return (i >= 1 and len(y) == i + len(rest) and all(len(w) > 1 for w in y[:i])
            and [w[0] for w in y[:i]] == x[:i] and y[i:-1] == rest[:-1]
            and difflib.SequenceMatcher(None, rest[-1], y[-1]).ratio() >= 0.85)


def nested_names(n1: str, n2: str) -> bool:
    """One name is the other with words left out, keeping its surname ("Mario Canahuati" /
    "Mario Miguel Canahuati", "Odion" / "Henry Odion Ajumogobia"), or with initials for first
    names."""
    w1, w2 = name_words(n1), name_words(n2)
    if len(w1) < 2 or len(w2) < 2:
        return False
    short, long_ = sorted([w1, w2], key=len)
    it = iter(long_)
    if short[-1] == long_[-1] and all(w in it for w in short):
        return True
    return initials_of(n1, n2) or initials_of(n2, n1)


def fuzzy_merge_foreign_ministers(reg: Registry) -> None:
    """The CIA lists spell one minister's name several ways across editions ("Sergei"/"Sergey
    Martynov", "S. M. Krishna"/"Somanahalli Mallaiah Krishna", "Mario"/"Mario Miguel
    Canahuati"): merge foreign-minister-only people of one country with very similar names, or
    nested names (see nested_names) whose spells meet within three months."""
    def adjacent(a: Person, b: Person) -> bool:
        return any(overlaps(x.start, x.end or spell_as_of(x), y.start, y.end or spell_as_of(y),
                            92) for x in a.spells for y in b.spells)

    fm_only = [p for p in reg.people if all(s.role == FM for s in p.spells)]
    by_country = defaultdict(list)
    for p in fm_only:
        by_country[p.country].append(p)
    for country in sorted(by_country):
        ps = by_country[country]
        merged = set()
        for i, a in enumerate(ps):
            if id(a) in merged:
                continue
            for b in ps[i + 1:]:
                if id(b) in merged:
                    continue
                ratio = difflib.SequenceMatcher(None, name_key(a.names[0]),
                                                name_key(b.names[0])).ratio()
                if ratio >= 0.82:
                    reg.merge(a, b)
                    merged.add(id(b))
                elif adjacent(a, b) and any(nested_names(x, y) for x in a.names
                                            for y in b.names):
                    # The name in fewer words is the one news uses ("Maxime Verhagen", not
                    # "Maxime Jacques Marcel Verhagen"); on a tie, the earlier edition's.
                    first = b if len(b.names[0].split()) < len(a.names[0].split()) else a
                    names = first.names + [n for n in a.names + b.names if n not in first.names]
                    reg.merge(a, b)
                    a.names = names
                    reg.index(a)
                    merged.add(id(b))


# --------------------------------------------------------------------------------------------
# People: spells
# --------------------------------------------------------------------------------------------

SOURCE_PRIORITY = ["curated", "countryinfo", "archigos", "reign", "countryinfo-cia"]
OFFICES = (HOS, HOG, SUPREME, PARTY)


def priority(source: str) -> int:
    return SOURCE_PRIORITY.index(source)


def spell_as_of(s: Spell) -> str:
    return max(s.confirmed, s.as_of)


def merge_two(a: Spell, b: Spell) -> Spell:
    """One spell from two overlapping spells of the same role and country."""
    first, second = sorted([a, b], key=lambda s: priority(s.source))
    # The start: the more trusted source's, made more precise by the other when they agree on
    # the month; the other's when the trusted one has none.
    start = first.start or second.start
    if first.start and second.start and first.start[:7] == second.start[:7]:
        start = more_precise(first.start, second.start)
    # The end: the source that knows the later state of affairs decides whether the spell is
    # over; among sources that agree, the more precise date wins.
    if a.end and b.end:
        end = first.end
        if second.end[:7] == first.end[:7]:
            end = more_precise(first.end, second.end)
    else:
        open_, closed = (a, b) if not a.end else (b, a)
        if not closed.end:
            end = ""
        elif spell_as_of(open_) > closed.end and priority(open_.source) < priority(closed.source):
            end = ""  # a more trusted, newer source says still in office
        elif spell_as_of(open_) > spell_as_of(closed):
            end = ""
        else:
            end = closed.end
    out = Spell(a.role, a.country, start, end, first.source, inferred=a.inferred and b.inferred)
    out.confirmed = max(spell_as_of(a), spell_as_of(b))
    out.contributors = a.contributors | b.contributors
    return out


def merge_spells(spells: list[Spell]) -> list[Spell]:
    """Overlapping spells of one role in one country become one."""
    out: list[Spell] = []
    for s in sorted(spells, key=lambda s: (s.role, s.country, date_lo(s.start) or "0000",
                                           priority(s.source))):
        for i, o in enumerate(out):
            if o.role == s.role and o.country == s.country and overlaps(
                    o.start, o.end if o.end else "", s.start, s.end, 0):
                out[i] = merge_two(o, s)
                break
        else:
            out.append(s)
    return out


def absorb_leader_spells(p: Person, timeline: dict[str, list[tuple[str, str, str]]]) -> None:
    """Archigos/REIGN say who was the effective leader; where that spell matches one of the
    person's offices, it closes or confirms the office and is dropped. The office is noted in
    `timeline` ({country group: [(start, role)]}) to infer the office of later leaders."""
    # A curated role of its own (Aung San Suu Kyi's "state counsellor") is the office too.
    offices = [s for s in p.spells if s.role in OFFICES or (
        s.source == "curated" and s.role not in (FM, LEADER)
        and s.country not in ORGANISATION_CODES)]
    # A curated "leader" spell is a stated role (Gaddafi's), not an effective-leader record.
    leaders = [s for s in p.spells if s.role == LEADER and s.source != "curated"]
    keep = []
    for l in leaders:
        # An open leader spell counts up to the date its source vouches for: REIGN's K. P.
        # Sharma Oli of 2018 (open in March 2021) is not his premiership of 2024.
        hits = [o for o in offices if country_group(o.country) == country_group(l.country)
                and overlaps(o.start, o.end, l.start, l.end or spell_as_of(l), 31)]
        if not hits:
            keep.append(l)
            continue
        # The office the effective leader held: a head of state or government over a party post.
        ranks = [HOS, HOG, SUPREME, PARTY]
        held = sorted(hits, key=lambda o: ranks.index(o.role) if o.role in ranks else 9)[0]
        timeline[country_group(l.country)].append((l.start, l.end, held.role))
        for o in hits:
            o.contributors = o.contributors | {l.source}
            if not o.end:
                if l.end and l.as_of > spell_as_of(o) and date_hi(l.end) >= date_lo(o.start):
                    # The office ended when the leadership did, to the month at least.
                    if o is max(hits, key=lambda h: date_lo(h.start) or ""):
                        o.end = l.end
                elif not l.end:
                    o.confirmed = max(spell_as_of(o), l.as_of)
    p.spells = [s for s in p.spells if s.role != LEADER or s.source == "curated"] + keep


def infer_offices(people: list[Person], timeline: dict[str, list[tuple[str, str, str]]]) -> None:
    """An effective leader known only from Archigos/REIGN is given the office of the leader they
    directly succeeded (who left within two months of their start), when that predecessor's
    predecessor held the same office too (a prime minister in a parliamentary democracy, a
    president in a presidential republic); otherwise the role stays "leader"."""
    pending = sorted(
        ((p, s) for p in people for s in p.spells if s.role == LEADER and s.source != "curated"),
        key=lambda ps: (country_group(ps[1].country), date_lo(ps[1].start)))
    for p, s in pending:
        events = sorted(e for e in timeline[country_group(s.country)]
                        if date_lo(e[0]) < date_lo(s.start))
        if len(events) < 2 or events[-1][2] != events[-2][2] or events[-1][2] not in (HOS, HOG):
            continue
        prev_end = events[-1][1]
        if not prev_end or abs(days_between(prev_end, s.start)) > 62:
            continue
        s.role = events[-1][2]
        s.inferred = True
        timeline[country_group(s.country)].append((s.start, s.end, s.role))


def close_open_spells(people: list[Person]) -> None:
    """An open spell ends where the next holder of the same office starts (sources that stop
    early leave their last office holders open); a month-precise end is refined to the day the
    successor started. An effective leader known only from Archigos/REIGN ("leader") is
    succeeded by the next leader, head of state or head of government of a newer source."""
    chains: dict[tuple[str, str], list[tuple[Person, Spell]]] = defaultdict(list)
    for p in people:
        for s in p.spells:
            chains[(s.role, country_group(s.country))].append((p, s))
    executives: dict[str, list[tuple[Person, Spell]]] = defaultdict(list)
    for p in people:
        for s in p.spells:
            if s.role in (LEADER, HOS, HOG, SUPREME) and s.start:
                executives[country_group(s.country)].append((p, s))
    for p in people:
        for s in p.spells:
            if s.role != LEADER or s.end or s.source == "curated":
                continue
            later = [(date_lo(t.start), t.start) for q, t in executives[country_group(s.country)]
                     if q is not p and date_lo(t.start) > date_lo(s.start)
                     and spell_as_of(t) > spell_as_of(s)]
            if later:
                nxt = min(later)[1]
                confirmed = spell_as_of(s)
                s.end = nxt if days_between(nxt, confirmed) <= 2 * 366 else confirmed[:7]
    for key in sorted(chains):
        chain = sorted(chains[key], key=lambda ps: (date_lo(ps[1].start) or "0000",
                                                    ps[1].end or "9999"))
        for i, (p, s) in enumerate(chain):
            later = [(q, t) for q, t in chain[i + 1:]
                     if q is not p and t.start and date_lo(t.start) > date_lo(s.start)]
            if not later:
                continue
            q, t = later[0]
            if not s.end:
                if spell_as_of(s) >= CURRENT_TO and "curated" in s.contributors:
                    continue  # curated facts say both are in office (co-holders)
                confirmed = spell_as_of(s)
                if days_between(t.start, confirmed) <= 2 * 366:
                    s.end = t.start
                else:
                    # The successor came long after the source's last word: the spell ended
                    # between that date and the successor's start; say the former, to the month.
                    s.end = confirmed[:7]
            elif len(s.end) == 7 and t.start[:7] == s.end and len(t.start) == 10:
                s.end = t.start


def person_status(p: Person) -> str:
    open_spells = [s for s in p.spells if not s.end]
    if not open_spells:
        return "former"
    confirmed = max(spell_as_of(s) for s in open_spells)
    if confirmed >= CURRENT_TO:
        return "in office"
    return "last confirmed " + confirmed


def format_roles(spells: list[Spell]) -> str:
    order = sorted(spells, key=lambda s: (date_lo(s.start) or "0000", s.role, s.country))
    return "|".join(f"{s.role};{s.country};{s.start};{s.end}" for s in order)


# --------------------------------------------------------------------------------------------
# People: curated files
# --------------------------------------------------------------------------------------------

ROLE_ABBREVIATIONS = {"hos": HOS, "hog": HOG, "fm": FM, "sl": SUPREME, "pl": PARTY,
                      "leader": LEADER}


def curated_role(text: str) -> str:
    return ROLE_ABBREVIATIONS.get(text.strip().lower(), text.strip())


def check_date(text: str, where: str) -> str:
    text = text.strip()
    if text and not DATE_RE.match(text):
        raise SystemExit(f"{where}: bad date {text!r} (YYYY-MM-DD, YYYY-MM or YYYY)")
    return text


def load_position_overrides() -> dict[tuple[str, str], str]:
    """corrections.csv rows `position,ISO3,<position in lower case>,<role or empty to skip>`."""
    out = {}
    for r in read_curated("corrections.csv"):
        if r["kind"] == "position":
            role, _, country = r["new"].partition("@")
            role = curated_role(role) if role else ""
            out[(r["target"], r["value"].lower())] = f"{role}@{country}" if country else role
    return out


def load_person_names() -> dict[tuple[str, str], list[dict]]:
    """tools/curated/person_names.csv: full names for Archigos (and other) records that give a
    surname only: {(country, name key): [rows]}; a row's year, when given, must be the start
    year of the record's spell."""
    out: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for r in read_curated("person_names.csv"):
        out[(r["country"], name_key(r["source_name"]))].append(r)
    return out


def lookup_person_name(table: dict, rec: Record) -> str | None:
    start_year = rec.spells[0].start[:4] if rec.spells else ""
    for n in rec.names:
        for r in table.get((rec.country, name_key(n)), []):
            if not r["year"] or r["year"] == start_year:
                return r["name"]
    return None


def load_reign_names() -> dict[tuple[int, str, int], dict]:
    out = {}
    for r in read_curated("reign_names.csv"):
        out[(int(r["ccode"]), r["reign"].strip(), int(r["syear"]))] = r
    return out


# --------------------------------------------------------------------------------------------
# People: building the rows
# --------------------------------------------------------------------------------------------

PEOPLE_COLUMNS = ["id", "kind", "label", "aliases", "aliases.short", "exact", "country", "roles",
                  "start", "end", "status", "source"]


@dataclass
class Report:
    lines: list[str] = field(default_factory=list)

    def note(self, text: str) -> None:
        self.lines.append(text)


def cluster_people(shared: Path, report: Report) -> Registry:
    overrides = load_position_overrides()
    reign_names = load_reign_names()
    reg = Registry()
    ci = load_countryinfo(shared, overrides)
    leaders = [r for r in ci if r.source == "countryinfo"]
    ministers = [r for r in ci if r.source == "countryinfo-cia"]
    federal = {"YUG", "SUN", "CSK"}
    for rec in sorted(leaders, key=lambda r: r.country in federal):
        if not drop_unborn_spells(rec):
            continue
        p = reg.find_by_name(rec.names, rec.country, single=True, born=rec.born)
        if p is None and rec.country in federal:
            p = reg.find_by_name_anywhere(rec.names)
        if p:
            p.add(rec)
            reg.index(p)
        else:
            reg.new(rec)
    person_names = load_person_names()
    used_names: set[str] = set()
    by_leadid: dict[str, Person] = {}  # Archigos leader id -> the person of an earlier spell
    for rec in load_archigos(shared):
        full = lookup_person_name(person_names, rec)
        if full and full != "-":
            rec.names = [full]  # replaces a wrong or partial name (and dbpedia's, if wrong)
            rec.label = full
            used_names.add(full)
        elif full == "-":
            continue
        if not drop_unborn_spells(rec):
            continue
        s = rec.spells[0]
        p = by_leadid.get(rec.leadid)
        if p is None:
            p = reg.find_by_name(rec.names, rec.country, born=rec.born)
        if p is None and not full:  # a curated full name is matched as a full name only
            p = reg.find_by_surname(rec.names[-1:], rec.country, s.start, s.end, 200,
                                    born=rec.born)
            if p and rec.label and not first_names_agree(rec.label, p.names):
                # dbpedia links the wrong person now and then (Josef Klaus for Václav Klaus)
                rec.names = [n for n in rec.names if n != rec.label] or [
                    rec.label.split()[-1]]
                rec.label = None
        if p:
            p.add(rec)
            reg.index(p)
        else:
            p = reg.new(rec)
        by_leadid.setdefault(rec.leadid, p)
    used_mappings = set()
    for rec in load_reign(shared):
        s = rec.spells[0]
        mapped = reign_names.get(rec.raw)
        if mapped:
            used_mappings.add(rec.raw)
            if mapped["name"] == "-":
                continue  # deliberately skipped (collective office, unknown name)
            rec.names = [mapped["name"]]
            rec.label = mapped["name"]
            if mapped.get("role"):
                s.role = curated_role(mapped["role"])
        full = None
        if not mapped:
            full = lookup_person_name(person_names, rec)
            if full:
                rec.names = [full]
                rec.label = full
                used_names.add(full)
        if not drop_unborn_spells(rec):
            continue
        p = reg.find_by_name(rec.names, rec.country, born=rec.born)
        if p is None and not mapped and not full:
            p = reg.find_by_surname(rec.names, rec.country, s.start, s.end, 200, born=rec.born)
        if p:
            p.add(rec)
            reg.index(p)
        else:
            # Unmatched: a new person; a surname-only one is completed or merged later, and
            # reported if it stays a single word.
            if mapped or len(name_tokens(rec.names[0])) >= 2:
                rec.label = rec.label or rec.names[0]
            reg.new(rec)
    for rows_ in person_names.values():
        for r in rows_:
            if r["name"] not in used_names and r["name"] != "-":
                report.note(f"person_names.csv: {r['country']} {r['source_name']!r} matches "
                            "no record")
    for key in sorted(set(reign_names) - used_mappings):
        report.note(f"reign_names.csv: mapping {key} matches no REIGN row")
    for rec in ministers:
        p = reg.find_by_name(rec.names, rec.country)
        if p:
            p.add(rec)
            reg.index(p)
        else:
            reg.new(rec)
    fuzzy_merge_foreign_ministers(reg)
    complete_names(reg, shared, report)
    return reg


def dedupe_people(reg: Registry, pins: dict[int, str]) -> None:
    """Merges rows that are one person seen by several sources under different spellings: same
    country; one name's words contained in the other's, or first and last names alike; and the
    same office (or an office and an effective-leader spell) held together for at least 60 days.
    An open spell counts only up to the date its source vouches for."""
    def compatible(r1: str, r2: str) -> bool:
        return r1 == r2 or (LEADER in (r1, r2) and (r1 in OFFICES or r2 in OFFICES))

    def similar(x: str, y: str) -> bool:
        return difflib.SequenceMatcher(None, x, y).ratio() >= 0.7

    def same_name(a: Person, b: Person) -> bool:
        """The same full name in the same country: a leader who came back (spells apart)."""
        k1 = {name_key(n) for n in a.names if len(name_key(n).split()) >= 2}
        return bool(k1 & {name_key(n) for n in b.names})

    def full_names(p: Person) -> list[str]:
        """Full names when the person has any: a surname picked up from Archigos/REIGN says
        nothing about which Kaczyński it is."""
        return [n for n in p.names if len(name_tokens(n)) >= 2] or p.names

    def words(n: str) -> list[str]:
        return [w for w in name_key(n).split() if w not in PARTICLES and w not in {"al", "el"}]

    def skeleton(ws: list[str]) -> list[str]:
        """Consonants of each word: one transliteration of an Arabic name and another agree
        ("Khalifah ibn Zaid Al Nahayan" / "Khalifa bin Zayed Al Nahyan")."""
        out = []
        for w in ws:
            w = re.sub(r"[^a-z]", "", w)
            w = re.sub(r"(?<=[aeiouy])h$", "", w)
            w = w[:1] + re.sub(r"[aeiouy]", "", w[1:])
            out.append(re.sub(r"(.)\1+", r"\1", w))
        return out

    def alike(a: Person, b: Person) -> bool:
        east_asian = country_group(a.country) in FAMILY_FIRST | {"VNM", "TWN"}
        hispanic = country_group(a.country) in HISPANIC
        for n1 in full_names(a):
            for n2 in full_names(b):
                w1, w2 = words(n1), words(n2)
                if not w1 or not w2:
                    continue
                if w1 == w2 or (len(w1) >= 2 and skeleton(w1) == skeleton(w2)):
                    return True
                if not east_asian and (initials_of(n1, n2) or initials_of(n2, n1)):
                    return True  # "M. Rutte" / "Mark Rutte", holding one office together
                if hispanic and (len(w1) == 2 and w1[0] in w2[1:]
                                 or len(w2) == 2 and w2[0] in w1[1:]):
                    return True  # both surnames, no given name: "Rajoy Brey" / "Mariano Rajoy"
                if east_asian:
                    # "Kim Il" is not "Kim Il Sung", nor "Kim Yong Il" "Kim Jong Il".
                    continue
                short, long_ = sorted([w1, w2], key=len)
                if set(short) <= set(long_) and (
                        len(short) == 1 or long_[-len(short):] == short
                        or similar(short[0], long_[0])):
                    return True  # "Rama" / "Edi Rama", "Luis Pou" / "Luis Lacalle Pou"
                patronymic = {"bin", "ibn", "bint", "ben"} & set(name_key(n1 + " " + n2).split())
                if len(w1) >= 2 and len(w2) >= 2 and not patronymic and \
                        similar(w1[0], w2[0]) and similar(w1[-1], w2[-1]):
                    return True
        return False

    spell_cache: dict[int, list[tuple[str, str, str, str]]] = {}

    def spells(p: Person) -> list[tuple[str, str, str, str]]:
        if id(p) not in spell_cache:
            spell_cache[id(p)] = [(s.role, country_group(s.country), s.start,
                                   s.end or spell_as_of(s)) for s in p.spells]
        return spell_cache[id(p)]

    def together(a: Person, b: Person) -> bool:
        return any(compatible(x[0], y[0]) and x[1] == y[1]
                   and overlap_days(x[2], x[3], y[2], y[3]) >= 60
                   for x in spells(a) for y in spells(b))

    parent: dict[int, Person] = {}
    born: dict[int, str] = {id(p): p.born for p in reg.people}  # of each root

    def root(p: Person) -> Person:
        while id(p) in parent:
            p = parent[id(p)]
        return p

    for g in sorted(reg.by_group):
        group = list(reg.by_group[g])
        for i, a in enumerate(group):
            for b in group[i + 1:]:
                ra, rb = root(a), root(b)
                if ra is rb:
                    continue
                pa, pb = pins.get(id(ra)), pins.get(id(rb))
                if pa and pb and pa != pb:
                    continue
                if born_apart(born[id(ra)], born[id(rb)]):
                    continue  # namesakes: Bjarni Benediktsson (1908) and (1970)
                if same_name(a, b) or (together(a, b) and alike(a, b)):
                    keep, other = ra, rb
                    if pb or ("curated" in rb.sources and "curated" not in ra.sources):
                        keep, other = rb, ra
                    parent[id(other)] = keep
                    born[id(keep)] = born[id(keep)] or born[id(other)]
    merges = [(root(p), p) for p in list(reg.people) if id(p) in parent]
    for keep, other in merges:
        if id(other) in pins:
            pins.setdefault(id(keep), pins.pop(id(other)))
        reg.merge(keep, other)


def first_names_agree(name: str, names: list[str]) -> bool:
    """Whether a full name could be the same person as one of `names` (first names alike)."""
    w = name_key(name).split()
    fulls = [name_key(n).split() for n in names if len(name_key(n).split()) >= 2]
    if len(w) < 2 or not fulls:
        return True
    return any(difflib.SequenceMatcher(None, w[0], f[0]).ratio() >= 0.7 for f in fulls)


def complete_names(reg: Registry, shared: Path, report: Report) -> None:
    """Archigos and REIGN often name a leader by surname only ("Cameron"). When the PETRARCH
    dictionary or the CIA lists in CountryInfo know exactly one full name of that country ending
    in that surname that is not already someone else's, the person takes it."""
    index: dict[str, dict[tuple[str, str], list]] = defaultdict(dict)

    def add(country: str, full: str, ranges: list[tuple[str, str]]) -> None:
        full = clean_alias(strip_titles(full))
        if not full or len(full.split()) < 2:
            return
        index[name_key(full).split()[-1]].setdefault(
            (country_group(country), full), []).extend(ranges)

    for key, entries in load_petrarch(shared).items():
        for code, names, ranges in entries:
            add(code, names[0], ranges)
    lines = read_text_lines(shared / "countryinfo" / "countryinfo_leaders.tsv")
    rows = list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))
    fix_countryinfo_codes(rows)
    for r in rows:
        iso = r["_iso"]
        if iso and r["block"] == "Government" and r["name"]:
            add(iso, r["name"], [(clean_date(r["start"] or ""), clean_date(r["end"] or ""))])
    taken = {(g, k) for (g, k) in reg.by_key}
    for p in reg.people:
        if any(len(name_key(n).split()) >= 2 for n in p.names) or not p.names:
            continue
        last = name_key(p.names[0]).split()[-1] if name_key(p.names[0]) else ""
        groups = p.groups()
        # A dictionary entry whose dated codes are all far from the person's spells is someone
        # else (a relative, a namesake minister).
        def near(ranges: list[tuple[str, str]]) -> bool:
            dated = [r for r in ranges if r[0] or r[1]]
            return not dated or any(overlaps(a, b, s.start, s.end, 3 * 365)
                                    for a, b in dated for s in p.spells)

        cands = {name_key(full): full for (g, full), ranges in index.get(last, {}).items()
                 if g in groups and (g, name_key(full)) not in taken and near(ranges)}
        if len(cands) == 1:
            full = next(iter(cands.values()))
            p.names = [full] + p.names
            p.labels.setdefault("petrarch", full)
            p.sources.add("petrarch")
            reg.index(p)


def apply_curated_people(reg: Registry, report: Report) -> dict[int, str]:
    """tools/curated/people_additions.csv (role spells after the data's end, current foreign
    ministers, corrections of dates) and people_aliases.csv (labels, aliases, short forms).
    Returns {id(person): pinned id}."""
    pins: dict[int, str] = {}
    by_pin: dict[str, Person] = {}
    by_curated_name: dict[str, Person] = {}  # curated rows with one name are one person

    def find(name: str, country: str, pin: str, spell: Spell | None = None) -> Person | None:
        if pin and pin in by_pin:
            return by_pin[pin]
        p = reg.find_by_name([name], country, single=True)
        if p is None and not pin and name_key(name) in by_curated_name:
            p = by_curated_name[name_key(name)]
        if p is None and country in ORGANISATION_CODES:
            p = reg.find_by_name_anywhere([name])
        if p is not None and pin and pins.get(id(p), pin) != pin:
            p = None  # another person of the same name, pinned apart
        if p is None and spell is not None and spell.start:
            # Namesakes of one country (Bjarni Benediktsson, prime minister 1963-1970, and his
            # great-nephew, 2017 and 2024): the one whose spells start nearest the curated one.
            same = [q for q in reg.by_key.get((country_group(country), name_key(name)), [])
                    if pins.get(id(q), pin) == pin and any(t.start for t in q.spells)]
            if len(same) > 1:
                def gap(q: Person) -> int:
                    return min(abs(days_between(date_lo(t.start), date_lo(spell.start)))
                               for t in q.spells if t.start)
                ranked = sorted(same, key=gap)
                if gap(ranked[0]) < gap(ranked[1]):
                    p = ranked[0]
        if p is None and spell is not None:
            # The same office holder spelled another way ("Abdallah bin Zayid Al Nuhayyan" in the
            # CIA lists, "Abdullah bin Zayed Al Nahyan" here): same role, at least a month in
            # common (a successor shares a day at most), similar name, not pinned apart.
            key = name_key(name)
            near = [q for q in reg.by_group.get(country_group(country), [])
                    if any(t.role in (spell.role, LEADER)
                           and overlap_days(t.start, t.end or spell_as_of(t), spell.start,
                                            spell.end) >= 30
                           for t in q.spells)
                    and max(difflib.SequenceMatcher(None, key, k).ratio()
                            for k in q.keys()) >= 0.75
                    and pins.get(id(q), pin) == pin]
            if len(near) == 1:
                p = near[0]
        if p is None:
            # Known under another country code of one of their roles (a minister who became
            # president elsewhere is rare; a person named with a pin is searched everywhere).
            hits = [q for q in reg.people if name_key(name) in q.keys()
                    and pins.get(id(q), pin) == pin]  # not a namesake pinned apart
            if pin and len(hits) == 1:
                p = hits[0]
        return p

    for i, r in enumerate(read_curated("people_additions.csv")):
        where = f"people_additions.csv row {i + 2} ({r['name']})"
        role = curated_role(r["role"])
        country = r["country"]
        start, end = check_date(r["start"], where), check_date(r["end"], where)
        rec = Record(names=[r["name"]], country=country,
                     spells=[Spell(role, country, start, end, "curated")] if role else [],
                     source="curated", label=r["name"])
        p = find(r["name"], country, r.get("id", ""), rec.spells[0] if rec.spells else None)
        if p:
            p.add(rec)
            reg.index(p)
        else:
            p = reg.new(rec)
        by_curated_name.setdefault(name_key(r["name"]), p)
        if r.get("id"):
            pins[id(p)] = r["id"]
            by_pin[r["id"]] = p
    for i, r in enumerate(read_curated("people_aliases.csv")):
        where = f"people_aliases.csv row {i + 2} ({r['name']})"
        p = find(r["name"], r["country"], r.get("id", "")) or by_curated_name.get(
            name_key(r["name"]))
        if p is None:
            report.note(f"{where}: no such person; add their roles to people_additions.csv")
            continue
        if r.get("id"):
            pins[id(p)] = r["id"]
            by_pin[r["id"]] = p
        if r.get("label"):
            p.labels["curated"] = r["label"]
            p.names = uniq([r["label"]] + p.names, key=name_key)
        p.labels.setdefault("curated", r["name"])
        p.curated_aliases += split_list(r.get("aliases", ""))
        short = r.get("short", "")
        if short.startswith("="):
            p.curated_short = split_list(short[1:])
        elif short:
            p.extra_short += split_list(short)
        p.sources.add("curated")
        reg.index(p)
    return pins


# --------------------------------------------------------------------------------------------
# People: labels, aliases and short forms
# --------------------------------------------------------------------------------------------

# Family name first (Korean, Chinese): the short form is the first word. Vietnamese names are
# also written family name first, but news uses the last word ("Trong"), as for Western names.
FAMILY_FIRST = {"CHN", "KOR", "PRK"}
# Usually family name first for Chinese names, Western order for English given names.
FAMILY_FIRST_IF_CHINESE = {"TWN", "HKG", "MAC", "SGP"}
# Spanish naming: two surnames, the first of which news uses ("Peña Nieto", "López Obrador").
HISPANIC = {"ESP", "MEX", "GTM", "HND", "SLV", "NIC", "CRI", "PAN", "CUB", "DOM", "COL", "VEN",
            "ECU", "PER", "BOL", "CHL", "ARG", "URY", "PRY", "GNQ", "PRI"}
# Equatorial Guinea: Spanish-speaking, but Fang names, not a father's and a mother's surname.
FANG = {"GNQ"}
# Spanish given names that stand second in "Carlos Andrés Pérez": the word before the last is a
# second given name, not the father's surname (ASCII, lower case).
SPANISH_GIVEN_NAMES = {
    "adalberto", "adolfo", "agustin", "alberto", "alejandro", "alfonso", "alfredo", "alvaro",
    "ana", "andres", "angel", "angela", "antonio", "arnaldo", "armando", "arturo", "augusto", "aurelio", "bernardo",
    "carlos", "carmen", "cesar", "conrado", "consuelo", "cristina", "daniel", "david", "diego", "domingo", "eduardo",
    "elena", "emilio", "enrique", "ernesto", "esteban", "eugenio", "federico", "felipe",
    "fermin", "fernanda", "fernando", "filiberto", "francisco", "gabriel", "gerardo", "gonzalo", "guillermo",
    "gustavo", "hector", "hernan", "horacio", "hugo", "humberto", "ignacio", "isabel", "ivan",
    "jaime", "javier", "jesus", "joaquin", "jorge", "jose", "juan", "julian", "julio", "leon",
    "leonardo", "lorenzo", "luis", "manuel", "marcelo", "marco", "maria", "mario", "martin",
    "mauricio", "miguel", "napoleon", "natalicio", "nicolas", "orlando", "oscar", "pablo",
    "pedro", "rafael", "ramon", "raul", "ricardo", "roberto", "rodrigo", "romeo", "salvador",
    "santiago", "saul", "sebastian", "sergio", "soledad", "teodoro", "tomas", "umberto",
    "vicente", "victor", "vinicio",
}
# News uses the given name (Thai, Ethiopian, Eritrean, Malay, Icelandic-style usage).
GIVEN_NAME_SHORT = {"THA", "ETH", "ERI", "MYS"}
# No short form: names without a stable surname used alone in news.
NO_SHORT = {"MMR", "KHM", "SAU", "ARE", "QAT", "KWT", "BHR", "OMN", "BRN"}
HANGUL_STYLE = {"KOR", "PRK"}
# Capitalised words that must never be a short form: they start sentences and headlines.
SHORT_STOPLIST = {
    "A", "An", "And", "Any", "Are", "As", "At", "Be", "But", "By", "Can", "Come", "Day", "Did",
    "Do", "Does", "Down", "Each", "Even", "Far", "For", "From", "Get", "Go", "Good", "Great",
    "Had", "Has", "Have", "He", "Her", "Here", "High", "Him", "His", "How", "If", "In", "Into",
    "Is", "It", "Its", "Just", "Last", "Less", "Let", "Like", "Long", "Made", "Make", "Man",
    "Many", "May", "Me", "Men", "More", "Most", "Much", "Must", "My", "New", "No", "Not", "Now",
    "Of", "Off", "Old", "On", "One", "Only", "Or", "Our", "Out", "Over", "Said", "Same", "Say",
    "Says", "See", "She", "So", "Some", "Such", "Take", "Than", "That", "The", "Their", "Them",
    "Then", "There", "These", "They", "This", "Those", "To", "Too", "Two", "Under", "Up", "Us",
    "Very", "Was", "Way", "We", "Well", "Were", "What", "When", "Where", "Which", "While", "Who",
    "Why", "Will", "With", "Yet", "You", "Your", "Ten", "Six", "All", "Also", "Back", "Both",
    "After", "Before", "Since", "Still", "Much", "Often", "Never", "Again", "Against", "Among",
    "Year", "Week", "Month", "Time", "Times", "Home", "House", "State", "World", "People",
    "Party", "Free", "Hope", "Love", "Best", "Better", "Fair", "Fine", "Rule", "Law", "Power",
    "North", "South", "East", "West", "Central", "Prime", "Minister", "President", "King",
    "Queen", "General", "Major", "Chief", "Mohamed", "Mohammed", "Muhammad", "Mohammad",
    "Muhammed", "Mohamad", "Ahmed", "Ahmad", "Ali", "Abdullah", "Abdallah", "Hassan", "Hussein",
    "Ibrahim", "Omar", "Umar", "Ismail", "Yusuf", "Khalifa", "Said", "Salem", "Saleh", "Jr",
    "Sr", "Senior", "Junior", "II", "III", "IV", "Al", "El", "Bin", "Ibn",
}
# English given names (and a few place names and words) that are the surname of some minor
# leader: as short forms they are mostly someone's first name or something else ("David",
# "Charles", "Liverpool" for Nicholas Liverpool, "English" for Bill English).
SHORT_STOPLIST |= {
    "Aaron", "Adam", "Alan", "Albert", "Alexander", "Alfred", "Allen", "Andrew", "Anthony",
    "Arthur", "Benjamin", "Bernard", "Charles", "Christian", "Christopher", "Daniel", "David",
    "Dennis", "Douglas", "Edward", "Francis", "Frank", "Frederick", "George", "Gordon", "Gregory",
    "Harold", "Harry", "Henry", "Howard", "Isaac", "Jacob", "James", "John", "Jonathan", "Joseph",
    "Julius", "Keith", "Kenneth", "Lawrence", "Leonard", "Lewis", "Louis", "Martin", "Matthew",
    "Michael", "Mitchell", "Nicholas", "Patrick", "Paul", "Peter", "Philip", "Ralph", "Raymond",
    "Richard", "Robert", "Roger", "Ronald", "Samuel", "Scott", "Simon", "Stanley", "Stephen",
    "Steven", "Thomas", "Timothy", "Victor", "Walter", "William", "Wilson", "Thompson",
    "English", "Green", "Silk", "Liverpool", "Bird", "Price", "Banks", "Mark", "Rose", "Grant",
}
# Exceptions to the stoplists: names newsrooms do use alone after the full name.
SHORT_ALLOWED = {("theresa-may", "May"), ("ali-abdullah-saleh", "Saleh"),
                 ("john-major", "Major"), ("saddam-hussein", "Hussein"),
                 ("john-howard", "Howard"), ("micheal-martin", "Martin"),
                 ("paul-martin", "Martin"), ("kim-campbell", "Campbell")}


@functools.lru_cache(maxsize=None)
def clean_alias(text: str) -> str | None:
    """A person alias as a source writes it, cleaned, or None when it is not usable."""
    text = re.sub(r"\s+", " ", text.replace("_", " ")).strip(" ,;")
    if not text or re.search(r"[0-9(),;/\[\]#`]", text) or garbled(text):
        return None
    text = name_case(text)
    letters = sum(c.isalpha() for c in text)
    if letters < 3:
        return None
    words = [w.lower().strip(".") for w in re.split(r"[\s-]+", text)]
    if any(w in TITLE_WORDS or w in NON_NAME_WORDS for w in words):
        return None
    if words[0] in PARTICLES or words[0] in {"al", "el"}:
        return None  # "Al Assad": a surname with its article, not a full name
    return text


def east_asian_variants(name: str) -> list[str]:
    """"Kim Jong Un" -> "Kim Jong Un", "Kim Jong-un", "Kim Jong-Un", "Kim Jongun"."""
    words = name.replace("-", " ").split()
    if len(words) != 3 or not all(w.isalpha() for w in words):
        return [name]
    f, a, b = words
    a, b = a.capitalize(), b.capitalize()
    return [f"{f} {a} {b}", f"{f} {a}-{b.lower()}", f"{f} {a}-{b}", f"{f} {a}{b.lower()}"]


def initial_variants(name: str) -> list[str]:
    """Newsroom spellings of initials and suffixes: "George W. Bush" -> "George W Bush";
    "K. P. Sharma Oli" -> "K.P. Sharma Oli", "KP Sharma Oli"; "Ferdinand Marcos Jr." ->
    "Ferdinand Marcos Jr" (not "Ferdinand Marcos": that is his father). Punctuation is not
    folded by the matcher."""
    out = []
    words = name.split()
    if any(re.fullmatch(r"[A-Z]\.", w) for w in words):
        out.append(" ".join(w.rstrip(".") if re.fullmatch(r"[A-Z]\.", w) else w for w in words))
        m = re.match(r"^((?:[A-Z]\. )+)(.*)$", name)
        if m and m.group(1).count(".") >= 2:
            initials = m.group(1).replace(" ", "")
            out += [f"{initials} {m.group(2)}", f"{initials.replace('.', '')} {m.group(2)}"]
    if words and words[-1] in {"Jr.", "Sr."} and len(words) >= 3:
        out.append(" ".join(words[:-1]) + " " + words[-1].rstrip("."))
    return [v for v in out if v != name]


def without_middle_initial(name: str) -> list[str]:
    """"Walter F. Mondale" -> "Walter Mondale": how news names American presidents, vice-presidents
    and secretaries of state after the first mention (used for the United States only; elsewhere
    "Carlos P. Garcia" would become a common name)."""
    words = name.split()
    if len(words) == 3 and re.fullmatch(r"[A-Z]\.", words[1]) and words[0][1:].islower():
        return [f"{words[0]} {words[2]}"]
    return []


def looks_chinese(name: str) -> bool:
    words = name.replace("-", " ").split()
    return len(words) >= 3 or "-" in name


def surname_of(name: str, country: str) -> list[str]:
    """The short forms news would use for a full name: family name first for Korean and Chinese
    names, the given name for Thai, Ethiopian and Malay names, otherwise the last word with its
    lower-case particles ("von der Leyen", "de Klerk") and without "Jr."; "al-Assad" gives
    "al-Assad" and "Assad"."""
    words = [w for w in name.split() if w.lower().strip(".,") not in NAME_SUFFIXES
             and not ROMAN.match(w)]
    if len(words) < 2 or country in NO_SHORT:
        return []
    lowered = [w.lower() for w in words]
    if any(w in {"bin", "ibn", "bint", "ben", "ibni"} for w in lowered[1:-1]):
        # patronymic chains ("Mohammed bin Salman", the Malay rulers' "... Ibni al-Marhum
        # Sultan ..."): no single word is the name
        return []
    if country in FAMILY_FIRST or (country in FAMILY_FIRST_IF_CHINESE and looks_chinese(name)):
        return [words[0]]
    if country in GIVEN_NAME_SHORT:
        return [words[0]]
    i = len(words) - 1
    # Vietnamese "Van" is a middle name, not the Dutch particle: "Tran Van Huong" is "Huong".
    while i > 1 and words[i - 1].lower() in PARTICLES and country != "VNM":
        i -= 1
    last = " ".join(words[i:])
    out = [last]
    if country in HISPANIC and i < len(words) - 1 and i >= 2:
        # "Carlos Salinas de Gortari": "Salinas de Gortari" (and "de Gortari")
        out = [" ".join(words[i - 1:]), last]
    if country in HISPANIC and len(words) >= 3 and i == len(words) - 1 and \
            words[-2] not in PARTICLES and words[-2][:1].isupper() and \
            words[-2].lower() not in PARTICLES and len(words[-2].rstrip(".")) > 1:
        if country in FANG or ascii_fold(words[-2]).lower() in SPANISH_GIVEN_NAMES:
            # "Carlos Andrés Pérez", "Juan Orlando Hernández": two given names, one surname
            # (Equatorial Guinea's Fang names are not Spanish surnames).
            out = [f"{words[-2]} {words[-1]}", last] if country in FANG else [last]
        else:
            # "Fernando Belaúnde Terry", "Antonio Guzmán Fernández": the father's and the
            # mother's surnames; news uses the first, or both ("Pérez Jiménez").
            out = [f"{words[-2]} {words[-1]}", words[-2]]
    m = re.match(r"^(al|el|as|ash|ad|an|ar|az)-(.+)$", last, flags=re.I)
    if m:
        out = [m.group(2), last]
    return out


def short_ok(short: str, pid: str, blocked: set[str]) -> bool:
    if (pid, short) in SHORT_ALLOWED:
        return True
    if short in SHORT_STOPLIST or sum(c.isalpha() for c in short) < 2:
        return False
    if re.search(r'[()\[\]"]', short):
        return False  # a piece of "Ata (Tupou VI)" or of a quoted nickname
    if not short[0].isupper() and not re.match(r"^(al|el|de|da|van|von|di|du|le|la)\b", short):
        return False
    if "." in short or fold(short) in blocked:
        return False
    return True


def load_corrections() -> list[dict[str, str]]:
    return [r for r in read_curated("corrections.csv") if r["kind"] != "position"]


def garbled(text: str) -> bool:
    """Characters lost in a source's encoding (CountryInfo's "Z\x1aroual")."""
    return "\x1a" in text or "\ufffd" in text or bool(re.search(r"[šž]l", text))


def person_label(p: Person) -> str:
    if "curated" in p.labels:
        return p.labels["curated"]
    for source in ("archigos", "reign", "petrarch"):
        if source in p.labels and not garbled(p.labels[source]):
            return strip_titles(p.labels[source])
    good = [n for n in p.names if not garbled(n)] or p.names
    fulls = [n for n in good if len(n.split()) >= 2] or good
    return strip_titles(fulls[0])


def assign_ids(people: list[Person], pins: dict[int, str]) -> None:
    base: dict[int, str] = {}
    for p in people:
        base[id(p)] = pins.get(id(p)) or slug(person_label(p))
    counts = defaultdict(list)
    for p in people:
        counts[base[id(p)]].append(p)
    for key, ps in counts.items():
        if len(ps) == 1 or all(id(p) in pins for p in ps):
            for p in ps:
                p.id = base[id(p)]
            continue
        # True namesakes: the one pinned keeps the plain id, the others get the country, then
        # the birth year.
        taken = {base[id(p)] for p in ps if id(p) in pins}
        for p in sorted(ps, key=lambda p: (id(p) not in pins, p.country, p.born)):
            if id(p) in pins:
                p.id = pins[id(p)]
                continue
            cand = key if key not in taken else f"{key}-{p.country.lower()}"
            if cand in taken and p.born:
                cand = f"{cand}-{p.born}"
            n = 2
            while cand in taken:
                cand = f"{key}-{p.country.lower()}-{n}"
                n += 1
            taken.add(cand)
            p.id = cand


# Codes of international organisations in role spells: they name no country (a person's
# `country` is that of their latest national office, else of their nationality).
ORGANISATION_CODES = {"EU", "UN", "NATO", "AU", "IAEA", "WHO", "IMF", "WORLD-BANK", "WTO", "COMMONWEALTH"}


def person_country(p: Person) -> str:
    national = [s for s in p.spells if s.country not in ORGANISATION_CODES]
    offices = [s for s in national if s.role != FM] or national
    if not offices:
        return p.country
    latest = max(offices, key=lambda s: (date_lo(s.start) or "0000", s.end == ""))
    return latest.country


def check_lifetime(p: Person, report: Report) -> None:
    """Notes a person whose role spells cannot all be one life: a spell that starts before
    the person was 16 by the latest birth year a source gives, or spells that start more than
    60 years apart (a namesake's term merged in, a source row under the wrong name)."""
    starts = sorted((s for s in p.spells if s.start), key=lambda s: date_lo(s.start))
    if not starts:
        return
    born = max(p.borns, default="")
    early = [s for s in starts if born and int(s.start[:4]) < int(born) + 16]
    spread = int(starts[-1].start[:4]) - int(starts[0].start[:4])
    for s in early:
        report.note(f"person {p.id}: {s.role};{s.country};{s.start} starts before the age of 16 "
                    f"(born {born} per a source): another person's spell? (corrections.csv)")
    if spread > 60:
        report.note(f"person {p.id}: role spells start {spread} years apart "
                    f"({starts[0].start}, {starts[-1].start}): two people? (corrections.csv)")


def build_people(shared: Path, country_rows: list[dict], report: Report) -> list[dict]:
    reg = cluster_people(shared, report)
    pins = apply_curated_people(reg, report)
    dedupe_people(reg, pins)
    people = reg.people
    assign_ids(people, pins)

    # Corrections that name people by id: merges first, then removals.
    corrections = load_corrections()
    by_id = {p.id: p for p in people}
    for c in corrections:
        if c["kind"] == "merge":
            keep, other = by_id.get(c["target"]), by_id.get(c["value"])
            if not keep or not other:
                report.note(f"corrections.csv: merge {c['target']} <- {c['value']}: not found")
                continue
            reg.merge(keep, other)
            del by_id[c["value"]]
        elif c["kind"] == "drop":
            p = by_id.pop(c["target"], None)
            if p:
                reg.people.remove(p)
            else:
                report.note(f"corrections.csv: drop {c['target']}: not found")
    people = reg.people
    for c in corrections:
        p = by_id.get(c["target"])
        if c["kind"] in ("merge", "drop"):
            continue
        if p is None:
            report.note(f"corrections.csv: {c['kind']} {c['target']}: no such person")
            continue
        if c["kind"] == "alias-remove":
            p.removed_aliases.add(fold(c["value"]))
        elif c["kind"] == "short-remove":
            p.removed_short.add(c["value"])
        elif c["kind"] == "spell-remove":
            before = len(p.spells)
            p.spells = [s for s in p.spells
                        if not f"{s.role};{s.country};{s.start};{s.source}".startswith(c["value"])]
            if len(p.spells) == before:
                report.note(f"corrections.csv: spell-remove {c['target']} {c['value']}: no match")
        elif c["kind"] == "name-remove":
            p.names = [n for n in p.names if name_key(n) != name_key(c["value"])]
        else:
            raise SystemExit(f"corrections.csv: unknown kind {c['kind']!r}")

    # Spells: merge sources, let effective-leader spells close offices, infer offices, close
    # what later office holders show to be over.
    timeline: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    for p in people:
        p.spells = merge_spells(p.spells)
        absorb_leader_spells(p, timeline)
        p.spells = merge_spells(p.spells)
    infer_offices(people, timeline)
    for p in people:
        p.spells = merge_spells(p.spells)
    close_open_spells(people)

    def qualifies(p: Person) -> bool:
        if "curated" in p.sources:
            return True
        return any(s.role == FM or date_hi(s.end) >= SINCE for s in p.spells)

    people = [p for p in people if p.spells and qualifies(p)]
    assign_ids(people, pins)
    for p in people:
        check_lifetime(p, report)

    # Aliases.
    petrarch = load_petrarch(shared)
    blocked = set()  # a short form must not be a country name or demonym ("Montenegro")
    for r in country_rows:
        for col in ("aliases", "aliases.demonym"):
            blocked |= {fold(a) for a in split_list(r[col])}
    rows = []
    full_alias_owner: dict[str, set[str]] = defaultdict(set)
    for p in sorted(people, key=lambda p: p.id):
        label = person_label(p)
        country = person_country(p)
        used_petrarch = False
        candidates: list[tuple[str, bool]] = [(label, True)]  # (alias, verbatim)
        candidates += [(a, True) for a in p.curated_aliases]
        for n in p.names:
            candidates.append((strip_titles(n), False))
        groups = p.groups()
        for k in sorted({name_key(n) for n in p.names}):
            for code, names, _ in petrarch.get(k, []):
                if country_group(code) in groups:
                    candidates += [(n, False) for n in names]
                    used_petrarch = True
        aliases: list[str] = []
        seen_exact: set[str] = set()
        seen_fold: set[str] = set()
        singles: list[str] = []
        for text, verbatim in candidates:
            a = text.strip() if verbatim else clean_alias(text)
            if not a or fold(a) in p.removed_aliases:
                continue
            if len(a.split()) < 2 and not verbatim:
                singles.append(a)
                continue
            variants = [a] + initial_variants(a)
            if country == "USA":
                variants += without_middle_initial(a)
            if country in HANGUL_STYLE and not verbatim:
                variants = east_asian_variants(a)
            elif country in HANGUL_STYLE and a == label:
                variants = east_asian_variants(a)
            for v in variants:
                if v in seen_exact or fold(v) in p.removed_aliases:
                    continue
                if fold(v) in seen_fold and not verbatim and v not in variants[1:]:
                    continue
                seen_exact.add(v)
                seen_fold.add(fold(v))
                aliases.append(v)
        if len(label.split()) < 2 and label not in p.curated_aliases:
            report.note(f"person {p.id}: one-word name {label!r} kept as alias; curate it")
        # Short forms.
        if p.curated_short is not None:
            shorts = list(p.curated_short)
        else:
            main = surname_of(label, country)
            shorts = list(main)
            if main:
                for a in aliases[1:]:
                    for s in surname_of(a, country):
                        if s not in shorts and difflib.SequenceMatcher(
                                None, fold(s), fold(main[0])).ratio() >= 0.6:
                            shorts.append(s)
                for s in singles:
                    s = name_case(s)
                    if s not in shorts and difflib.SequenceMatcher(
                            None, fold(s), fold(main[-1])).ratio() >= 0.6:
                        shorts.append(s)
            if country in HISPANIC and country not in FANG and len(main) == 2 and \
                    len(main[0].split()) == 2 and main[1] == main[0].split()[0]:
                # The mother's surname alone ("Fernández" of "Guzmán Fernández") is no short
                # form, whichever alias ("Guzman Fernandez") it came from.
                mother = fold(main[0].split()[1])
                shorts = [s for s in shorts if fold(s) != mother]
            shorts = [s for s in shorts if short_ok(s, p.id, blocked)]
        shorts += [s for s in p.extra_short if s not in shorts]
        shorts = [s for s in uniq(shorts) if s not in p.removed_short]
        # Fold duplicates of full aliases (a one-word mononym) are not repeated as short forms.
        shorts = [s for s in shorts if fold(s) not in {fold(a) for a in aliases}]
        for a in aliases:
            full_alias_owner[fold(a)].add(p.id)
        open_ = any(not s.end for s in p.spells)
        starts = [date_lo(s.start) for s in p.spells if s.start]
        start = min((s.start for s in p.spells if s.start), key=date_lo) if starts else ""
        end = "" if open_ else max((s.end for s in p.spells), key=date_hi)
        sources = set()
        for s in p.spells:
            sources |= {c.split("-")[0] for c in s.contributors}
        sources |= {x.split("-")[0] for x in p.sources if x == "curated"}
        if used_petrarch:
            sources.add("petrarch")
        rows.append({
            "id": p.id,
            "kind": "person",
            "label": label,
            "aliases": "|".join(aliases),
            "aliases.short": "|".join(shorts),
            "exact": "",
            "country": country,
            "roles": format_roles(p.spells),
            "start": start,
            "end": end,
            "status": person_status(p),
            "source": "|".join(sorted(sources)),
        })
    return rows


# --------------------------------------------------------------------------------------------
# Events, organisations and meeting cues
# --------------------------------------------------------------------------------------------

EVENT_COLUMNS = ["id", "kind", "label", "aliases", "exact", "cue_class", "organisation", "source"]

# CAMEO meeting blocks and verbs taken as cues, with their class; the rest of the blocks
# (CONSIDER, HEAR, GO_SOMEWHERE, the broad "consult" group ...) say nothing about people meeting.
CAMEO_CUE_VERBS = {
    ("MEET_PEOPLE", "MEET"): ("cue-meet", "meet"),
    ("MEET_PEOPLE", "MEET WITH"): ("cue-meet", "meet"),
    ("VISIT", "VISIT"): ("cue-visit", "visit"),
    ("HOST", "HOST"): ("cue-host", "host"),
    ("CALL", "PHONE"): ("cue-call", "call"),
    ("CALL", "TELEPHONE"): ("cue-call", "call"),
    ("ASSEMBLE", "CONVENE"): ("cue-convene", "meet"),
    ("ASSEMBLE", "RECONVENE"): ("cue-convene", "meet"),
}
# Nouns of the CAMEO meeting patterns ("* (FOR TALKS)", "HOST * SUMMIT") that name a meeting.
CAMEO_CUE_NOUNS = {"MEETING": ("cue-meet", "meet"), "TALKS": ("cue-talks", "negotiate"),
                   "SUMMIT": ("cue-summit", "meet")}
CUE_LABELS = {"cue-meet": "meet", "cue-visit": "visit", "cue-host": "host",
              "cue-call": "phone call", "cue-convene": "convene", "cue-talks": "talks",
              "cue-summit": "summit"}


def inflect(verb: str) -> list[str]:
    """Regular English forms of a verb (CAMEO lists only the irregular ones): visit -> visits,
    visited, visiting; host -> hosts, hosted, hosting; convene -> convenes, convened, convening."""
    v = verb.lower()
    if v.endswith("e"):
        return [v, v + "s", v + "d", v[:-1] + "ing"]
    return [v, v + "s", v + "ed", v + "ing"]


def build_events(shared: Path) -> list[dict]:
    rows = []
    for r in read_curated("events.csv"):
        rows.append({"id": r["id"], "kind": r["kind"], "label": r["label"],
                     "aliases": r["aliases"], "exact": r["exact"], "cue_class": "",
                     "organisation": r["organisation"], "source": "curated"})
    cues: dict[str, dict] = {}

    def cue(cid: str, cls: str, label: str, forms: list[str], source: str) -> None:
        c = cues.setdefault(cid, {"id": cid, "kind": "cue", "label": label, "forms": [],
                                  "exact": "", "cue_class": cls, "organisation": "",
                                  "sources": set()})
        c["forms"] += forms
        c["sources"].add(source)

    cameo = shared / "cameo"
    for r in csv.DictReader(read_text_lines(cameo / "cameo2_meeting_verbs.tsv"), delimiter="\t"):
        verb = re.sub(r"\s*\[.*", "", r["verb"]).strip()
        key = (r["block"], verb)
        if key not in CAMEO_CUE_VERBS:
            continue
        cid, cls = CAMEO_CUE_VERBS[key]
        words = verb.split()
        tokens = (r["inflections"] or "").lower().split()
        n = len(words)
        irregular = [" ".join(tokens[i:i + n]) for i in range(0, len(tokens), n)]
        forms = [verb.lower()] + irregular if irregular else inflect(verb)
        if cid == "cue-call":
            # "phone" and "phones" are mostly the device: keep the verb's past and -ing forms.
            forms = [f for f in forms if f.endswith(("ed", "ing"))]
        cue(cid, cls, CUE_LABELS[cid], forms, "cameo")
        if cid == "cue-meet":
            cue(cid, cls, CUE_LABELS[cid], ["meetings"], "cameo")
    for r in csv.DictReader(read_text_lines(cameo / "cameo2_meeting_patterns.tsv"), delimiter="\t"):
        for noun, (cid, cls) in CAMEO_CUE_NOUNS.items():
            if re.search(rf"\b{noun}\b", r["pattern"]):
                cue(cid, cls, CUE_LABELS[cid], [noun.lower()], "cameo")
    for r in read_curated("cues.csv"):
        cue(r["id"], r["cue_class"], r["label"], split_list(r["aliases"]), "curated")
    for c in cues.values():
        forms = uniq([f for f in c["forms"] if f], key=fold)
        rows.append({"id": c["id"], "kind": "cue", "label": c["label"],
                     "aliases": "|".join(forms), "exact": "", "cue_class": c["cue_class"],
                     "organisation": "", "source": "|".join(sorted(c["sources"]))})
    rows.sort(key=lambda r: ({"event": 0, "organisation": 1, "cue": 2}[r["kind"]], r["id"]))
    return rows


# --------------------------------------------------------------------------------------------
# Checking, writing, documenting
# --------------------------------------------------------------------------------------------

ID_RE = re.compile(r"^[A-Za-z0-9._:-]+$")


def alias_cells(row: dict) -> list[tuple[str, str]]:
    """(alias kind, alias) for every alias of a row."""
    out = []
    for col, value in row.items():
        if col == "aliases" or col.startswith("aliases."):
            kind = "name" if col == "aliases" else col.split(".", 1)[1]
            out += [(kind, a) for a in value.split("|")] if value else []
    return out


def check(files: dict[str, list[dict]], report: Report) -> tuple[list[str], dict]:
    """The checks `comention gazetteer check` makes, plus this project's alias hygiene. Returns
    the errors and {folded alias: sorted claimant ids} for aliases claimed by several rows."""
    errors = []
    ids: dict[str, str] = {}
    claims: dict[str, set[str]] = defaultdict(set)
    iso2 = {r["iso2"] for r in files.get("countries.csv", []) if r.get("iso2")}
    allowed_codes = {"US", "UK", "UN", "EU", "AU"}
    for name, rows in files.items():
        for n, r in enumerate(rows, start=2):
            where = f"{name}:{n}"
            if not ID_RE.match(r["id"]):
                errors.append(f"{where}: bad id {r['id']!r}")
            if r["id"] in ids:
                errors.append(f"{where}: duplicate id {r['id']!r} (first in {ids[r['id']]})")
            ids[r["id"]] = where
            if not r["kind"] or not r["label"]:
                errors.append(f"{where}: empty kind or label")
            if not r["aliases"]:
                errors.append(f"{where}: no aliases")
            seen = set()
            all_aliases = set()
            for kind, a in alias_cells(r):
                if not a.strip() or a != a.strip():
                    errors.append(f"{where}: empty or padded alias in {r['id']}")
                    continue
                if not any(c.isalnum() for c in a):
                    errors.append(f"{where}: alias {a!r} has no letter or digit")
                if a.replace(" ", "").isdigit():
                    errors.append(f"{where}: alias {a!r} is a number")
                if a in iso2 and a not in allowed_codes and kind != "short":
                    errors.append(f"{where}: alias {a!r} is an ISO code")
                if (kind, a) in seen:
                    errors.append(f"{where}: alias {a!r} repeated in {r['id']}")
                seen.add((kind, a))
                all_aliases.add(a)
                if kind != "short":
                    claims[fold(a)].add(r["id"])
            for e in split_list(r.get("exact", "")):
                if e not in all_aliases:
                    errors.append(f"{where}: exact {e!r} is not an alias of {r['id']}")
    ambiguous = {a: sorted(c) for a, c in claims.items() if len(c) > 1}
    return errors, ambiguous


def write_csv(path: Path, columns: list[str], rows: list[dict]) -> None:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=columns, lineterminator="\n", extrasaction="ignore")
    w.writeheader()
    for r in rows:
        w.writerow({c: r.get(c, "") for c in columns})
    path.write_text(buf.getvalue(), encoding="utf-8")


def explain_ambiguities(ambiguous: dict[str, list[str]], report: Report) -> list[tuple]:
    """Matches each ambiguous alias with its explanation in tools/curated/ambiguities.csv.
    Returns (alias, claimants, reason) rows; unexplained ones are reported."""
    explained = {}
    for r in read_curated("ambiguities.csv"):
        explained[(fold(r["alias"]), r["claimants"])] = r["reason"]
    out = []
    used = set()
    for alias in sorted(ambiguous):
        claimants = "|".join(ambiguous[alias])
        reason = explained.get((alias, claimants))
        if reason is None:
            reason = explained.get((alias, "*"))
            key = (alias, "*")
        else:
            key = (alias, claimants)
        if reason is None:
            report.note(f"ambiguous alias {alias!r} claimed by {claimants}: explain it in "
                        "tools/curated/ambiguities.csv or remove it")
            reason = "(unexplained)"
        used.add(key)
        out.append((alias, claimants, reason))
    for key in sorted(set(explained) - used):
        report.note(f"ambiguities.csv: {key[0]!r} ({key[1]}) is no longer ambiguous")
    return out


def stats(files: dict[str, list[dict]]) -> list[tuple[str, str, int, int]]:
    """(file, kind, rows, aliases) and alias counts per alias kind."""
    out = []
    for name, rows in files.items():
        kinds = defaultdict(lambda: [0, 0])
        for r in rows:
            kinds[r["kind"]][0] += 1
            kinds[r["kind"]][1] += len(alias_cells(r))
        for k in sorted(kinds):
            out.append((name, k, kinds[k][0], kinds[k][1]))
    return out


def generated_docs(files: dict[str, list[dict]], amb: list[tuple], people: list[dict]) -> str:
    lines = ["<!-- BEGIN GENERATED by tools/build_gazetteers.py: do not edit by hand -->", ""]
    lines += [f"Data current to **{CURRENT_TO}**. Aliases are counted as written in the files;",
              "`comention gazetteer check` counts a few hundred fewer, because within a row it merges",
              "spellings that fold to the same text (\"Kim Jong Un\", \"Kim Jong-un\").", ""]
    lines += ["| file | kind | rows | aliases |", "| --- | --- | ---: | ---: |"]
    total_rows = total_aliases = 0
    for name, kind, n, a in stats(files):
        lines.append(f"| `{name}` | {kind} | {n} | {a} |")
        total_rows += n
        total_aliases += a
    lines.append(f"| all | | {total_rows} | {total_aliases} |")
    lines.append("")
    per_kind = defaultdict(int)
    for rows in files.values():
        for r in rows:
            for kind, _ in alias_cells(r):
                per_kind[kind] += 1
    lines.append("Aliases per alias kind: " + ", ".join(
        f"`{k}` {per_kind[k]}" for k in sorted(per_kind)) + ".")
    lines.append("")
    status = defaultdict(int)
    roles = defaultdict(int)
    for r in people:
        st = r["status"]
        status["last confirmed before " + CURRENT_TO if st.startswith("last") else st] += 1
        for spell in r["roles"].split("|"):
            if spell:
                roles[spell.split(";")[0]] += 1
    lines.append("People by `status`: " + ", ".join(
        f"{k} {status[k]}" for k in sorted(status)) + ".")
    lines.append("")
    lines.append("Role spells by role: " + ", ".join(
        f"{k} {roles[k]}" for k in sorted(roles)) + ".")
    lines.append("")
    src = defaultdict(int)
    for rows in files.values():
        for r in rows:
            for s in r["source"].split("|"):
                src[s] += 1
    lines.append("Rows per source (a row can have several): " + ", ".join(
        f"{k} {src[k]}" for k in sorted(src)) + ".")
    lines.append("")
    lines.append(f"### Deliberate ambiguities ({len(amb)})")
    lines.append("")
    lines.append("Every alias (other than short forms) that more than one row claims, as "
                 "`comention gazetteer check` reports it, and why it is kept:")
    lines.append("")
    lines += ["| alias (folded) | claimed by | why |", "| --- | --- | --- |"]
    for alias, claimants, reason in amb:
        lines.append(f"| {alias} | {claimants.replace('|', ', ')} | {reason} |")
    lines += ["", "<!-- END GENERATED -->"]
    return "\n".join(lines)


def update_docs(path: Path, generated: str) -> None:
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    start = text.find("<!-- BEGIN GENERATED")
    end = text.find("<!-- END GENERATED -->")
    if start == -1 or end == -1:
        raise SystemExit(f"{path}: no BEGIN/END GENERATED markers")
    end += len("<!-- END GENERATED -->")
    path.write_text(text[:start] + generated + text[end:], encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", type=Path, default=REPO.parent / "shared" / "data",
                    help="the shared data folder (default: ../shared/data)")
    ap.add_argument("--out", type=Path, default=REPO / "gazetteers",
                    help="where to write the CSV files (default: gazetteers/)")
    ap.add_argument("--docs", type=Path, default=REPO / "docs" / "GAZETTEERS.md",
                    help="the documentation whose generated section is rewritten")
    ap.add_argument("--no-docs", action="store_true", help="do not touch the documentation")
    ap.add_argument("--strict", action="store_true",
                    help="exit 1 on any note (unexplained ambiguity, unmatched curated row)")
    args = ap.parse_args(argv)
    t0 = time.monotonic()
    shared = args.shared
    if not (shared / "countries" / "countries.json").exists():
        print(f"error: {shared} does not hold the shared data (see ../shared/README.md); "
              "pass --shared DIR", file=sys.stderr)
        return 1
    report = Report()
    countries, _ = build_countries(shared)
    people = build_people(shared, countries, report)
    events = build_events(shared)
    files = {"countries.csv": countries, "people.csv": people, "events.csv": events}
    errors, ambiguous = check(files, report)
    have = {r["id"] for r in people}
    errors += [f"people.csv: required person {i!r} is missing" for i in REQUIRED_PEOPLE
               if i not in have]
    amb = explain_ambiguities(ambiguous, report)
    if errors:
        for e in errors:
            print("error:", e, file=sys.stderr)
        return 1
    args.out.mkdir(parents=True, exist_ok=True)
    write_csv(args.out / "countries.csv", COUNTRY_COLUMNS, countries)
    write_csv(args.out / "people.csv", PEOPLE_COLUMNS, people)
    write_csv(args.out / "events.csv", EVENT_COLUMNS, events)
    if not args.no_docs:
        update_docs(args.docs, generated_docs(files, amb, people))
    for line in report.lines:
        print("note:", line, file=sys.stderr)
    for name, kind, n, a in stats(files):
        print(f"{name:14} {kind:13} {n:6} rows {a:7} aliases")
    for name in files:
        size = (args.out / name).stat().st_size
        print(f"{name:14} {size / 1024:8.1f} KiB")
    print(f"{len(amb)} deliberate ambiguities; {len(report.lines)} notes; "
          f"{time.monotonic() - t0:.1f}s")
    return 1 if args.strict and report.lines else 0


if __name__ == "__main__":
    sys.exit(main())
