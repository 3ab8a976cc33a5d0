#!/usr/bin/env python3
"""Benchmark driver: comention against FlashText, spaCy's PhraseMatcher and a bare aho-corasick
DFA scan (examples/bare_scan.rs). Run it through bench/run.sh, which sets up the virtual
environment and builds comention and the example first.

    bench.py [--quick] [--keep-data] [--no-criterion] [--report PATH]

Writes bench/REPORT.md (or bench/data/REPORT-quick.md with --quick) and the raw numbers to
bench/data/results.json. See bench/README.md.
"""

import argparse
import csv
import filecmp
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

from make_corpus import doc_text

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
SHARED = Path(os.environ.get("BENCH_SHARED", REPO.parent / "shared"))
DATA = Path(os.environ.get("BENCH_DATA", BENCH / "data"))
BBC = SHARED / "data/bbc-news/articles.jsonl"
WIKINEWS = SHARED / "data/wikinews/wikinews_2019_2020.jsonl"
PETRARCH = SHARED / "data/petrarch/Phoenix.Countries.actors.txt"

FULL = {
    "main_mb": 500, "corpus_sizes": [100, 500, 1000], "gaz_sizes": [1000, 10000, 100000, 1000000],
    "gaz_corpus_mb": 100, "reps": 3, "main_reps": 5, "flashtext_mb": 20, "spacy_mb": 2,
    "flashtext_scaling_mb": 5, "spacy_scaling_mb": 0.5, "flashtext_max_gaz": 1000000,
    "spacy_max_gaz": 100000, "perf_mb": 100,
}
QUICK = {
    "main_mb": 50, "corpus_sizes": [20, 50], "gaz_sizes": [1000, 10000, 100000],
    "gaz_corpus_mb": 20, "reps": 1, "main_reps": 1, "flashtext_mb": 5, "spacy_mb": 0.5,
    "flashtext_scaling_mb": 2, "spacy_scaling_mb": 0.2, "flashtext_max_gaz": 100000,
    "spacy_max_gaz": 10000, "perf_mb": 20,
}

# The targets.
TARGET_MBS, AIM_MBS = 100, 200
TARGET_VS_FLASHTEXT, TARGET_VS_SPACY = 25, 200
TARGET_J2 = 1.8
TARGET_1M_SECONDS, TARGET_1M_MB = 10, 1000


def log(msg):
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def load():
    return os.getloadavg()[0]


def sh(cmd):
    return subprocess.run(cmd, shell=True, capture_output=True, text=True).stdout.strip()


def cpu_ticks():
    """The machine's CPU time so far, in clock ticks: (all, stolen by the hypervisor)."""
    try:
        with open("/proc/stat") as f:
            ticks = [int(x) for x in f.readline().split()[1:]]
    except OSError:
        return None
    return sum(ticks[:8]), ticks[7] if len(ticks) > 7 else 0


def timed(cmd, ok=(0,)):
    """Runs cmd; returns (wall seconds, peak RSS in MB, stdout). The CPU seconds (user + system)
    of the last call are left in timed.cpu, and the share of the machine's CPU time that the
    hypervisor stole meanwhile (another guest ran on our cores) in timed.steal."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as tf:
        before = cpu_ticks()
        t = time.perf_counter()
        p = subprocess.run(["/usr/bin/time", "-f", "%e %M %U %S", "-o", tf.name] + [str(c) for c in cmd],
                           capture_output=True, text=True)
        wall = time.perf_counter() - t
        after = cpu_ticks()
        timed.steal = None
        if before and after and after[0] > before[0]:
            timed.steal = (after[1] - before[1]) / (after[0] - before[0])
        if p.returncode not in ok:
            sys.exit(f"failed ({p.returncode}): {' '.join(map(str, cmd))}\n{p.stderr[-3000:]}")
        fields = tf.read().split()
        rss_kb = int(fields[-3])
        timed.cpu = float(fields[-2]) + float(fields[-1])
    return wall, rss_kb * 1024 / 1e6, p.stdout  # GNU time reports KiB


def median(xs):
    return statistics.median(xs) if xs else None


class Bench:
    def __init__(self, args):
        self.args = args
        self.cfg = QUICK if args.quick else FULL
        self.venv_py = os.environ.get("BENCH_PYTHON", sys.executable)
        self.bin = DATA / "comention"
        self.bare_bin = DATA / "bare_scan"
        self.results = {"config": self.cfg, "quick": args.quick}
        DATA.mkdir(parents=True, exist_ok=True)

    # ---- inputs -------------------------------------------------------------------------
    def gazetteer(self, n=None):
        """The PETRARCH gazetteer (n=None) or a synthetic one of n aliases."""
        if n is None:
            path = DATA / "gaz-petrarch.csv"
            if not path.exists():
                if PETRARCH.exists():
                    subprocess.run([sys.executable, BENCH / "make_gazetteer.py", "petrarch",
                                    "--src", PETRARCH, "--out", path], check=True)
                else:  # no ../shared: a synthetic one of about the same size
                    subprocess.run([sys.executable, BENCH / "make_gazetteer.py", "synthetic",
                                    "--n", "25848", "--out", path], check=True)
            return path
        path = DATA / f"gaz-{n}.csv"
        if not path.exists():
            cmd = [sys.executable, BENCH / "make_gazetteer.py", "synthetic", "--n", str(n), "--out", path]
            if PETRARCH.exists():
                cmd += ["--src", PETRARCH]
            subprocess.run(cmd, check=True)
        return path

    def corpus(self, mb):
        path = DATA / f"corpus-{mb:g}MB.jsonl"
        if not Path(str(path) + ".meta.json").exists():
            cmd = [sys.executable, BENCH / "make_corpus.py", "--size-mb", str(mb), "--out", path]
            cmd += ["--src", BBC] if BBC.exists() else ["--gazetteer", self.gazetteer()]
            subprocess.run(cmd, check=True)
        return path

    @staticmethod
    def meta(path):
        return json.loads(Path(str(path) + ".meta.json").read_text())

    def sample(self, source, name, max_docs=None, max_mb=None):
        """The first documents of a corpus, as a file of its own (with a .meta.json)."""
        path = DATA / f"sample-{name}.jsonl"
        if Path(str(path) + ".meta.json").exists():
            return path
        docs = file_bytes = text_bytes = 0
        with open(source, encoding="utf-8") as f, open(path, "w", encoding="utf-8") as out:
            for line in f:
                if max_docs is not None and docs >= max_docs:
                    break
                if max_mb is not None and file_bytes >= max_mb * 1e6:
                    break
                out.write(line)
                docs += 1
                file_bytes += len(line.encode("utf-8"))
                text = doc_text(json.loads(line))
                text_bytes += len(text.encode("utf-8"))
        meta = {"documents": docs, "file_bytes": file_bytes, "text_bytes": text_bytes, "source": str(source)}
        Path(str(path) + ".meta.json").write_text(json.dumps(meta) + "\n")
        return path

    # ---- runners ------------------------------------------------------------------------
    def comention(self, corpus, gaz, threads, out=None, keep=False):
        out = Path(out or DATA / f"out-j{threads}")
        if out.exists():
            shutil.rmtree(out)
        cmd = [self.bin, "build", corpus, "--no-default-gazetteers", "-g", gaz, "-o", out,
               f"-j{threads}", "--keep-duplicates", "-q"]
        lo = load()
        wall, rss, _ = timed(cmd, ok=(0, 2))
        cpu, steal = timed.cpu, timed.steal
        mentions = 0
        with open(out / "mentions.csv", encoding="utf-8", newline="") as f:
            mentions = sum(1 for _ in csv.reader(f)) - 1
        if not keep:
            shutil.rmtree(out)
        return {"wall": wall, "cpu": cpu, "rss_mb": rss, "mentions": mentions, "load": lo,
                "steal": steal}

    def comention_pair(self, corpus, gaz):
        """Two independent one-thread runs at once, each over the whole corpus: the most that two
        cores of this machine give this work when nothing is shared between them (caches, memory
        bandwidth and the hypervisor still are)."""
        outs = [DATA / f"out-pair{i}" for i in (1, 2)]
        for out in outs:
            if out.exists():
                shutil.rmtree(out)
        cmds = [[str(c) for c in [self.bin, "build", corpus, "--no-default-gazetteers", "-g", gaz,
                                  "-o", out, "-j1", "--keep-duplicates", "-q"]] for out in outs]
        lo = load()
        before = cpu_ticks()
        t = time.perf_counter()
        procs = [subprocess.Popen(c, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE) for c in cmds]
        for p, c in zip(procs, cmds):
            _, err = p.communicate()
            if p.returncode not in (0, 2):
                sys.exit(f"failed ({p.returncode}): {' '.join(c)}\n{err.decode()[-3000:]}")
        wall = time.perf_counter() - t
        after = cpu_ticks()
        for out in outs:
            shutil.rmtree(out)
        steal = None
        if before and after and after[0] > before[0]:
            steal = (after[1] - before[1]) / (after[0] - before[0])
        return {"wall": wall, "load": lo, "steal": steal}

    def comention_reps(self, corpus, gaz, threads_list, reps, label, also=None):
        """Interleaved repetitions (j1, j2, j1, j2, ...) so load changes hit both alike; `also`,
        when given, runs after each repetition's comention runs (j1, j2, also, j1, j2, also, ...)."""
        runs = {j: [] for j in threads_list}
        for r in range(reps):
            for j in threads_list:
                runs[j].append(self.comention(corpus, gaz, j))
                steal = runs[j][-1]["steal"]
                log(f"{label} -j{j} run {r + 1}: {runs[j][-1]['wall']:.2f} s, "
                    f"{runs[j][-1]['rss_mb']:.0f} MB, load {runs[j][-1]['load']:.1f}, "
                    f"steal {100 * steal if steal is not None else float('nan'):.0f}%")
            if also:
                also(r)
        tb = self.meta(corpus)["text_bytes"]
        return {j: summarize(rs, tb) for j, rs in runs.items()}

    def bare_scan(self, corpus, gaz):
        """One run of examples/bare_scan.rs: a bare aho-corasick DFA over the corpus text (read
        with comention's reader, all in memory first), the scan alone timed."""
        lo = load()
        wall, rss, out = timed([self.bare_bin, "--gazetteer", gaz, corpus])
        r = json.loads(out.strip().splitlines()[-1])
        r.update({"wall": wall, "rss_mb": rss, "load": lo, "steal": timed.steal})
        return r

    def summarize_bare(self, runs, corpus):
        secs = median([r["seconds"] for r in runs])
        tb = runs[0]["text_bytes"]
        meta_tb = self.meta(corpus)["text_bytes"]
        if tb != meta_tb:
            log(f"warning: the bare scan read {tb:,} bytes of text, the corpus has {meta_tb:,}")
        return {
            "runs": runs, "text_bytes": tb, "corpus_text_bytes": meta_tb, "seconds": secs,
            "mbs": tb / 1e6 / secs, "matches": runs[0]["matches"], "documents": runs[0]["documents"],
            "aliases": runs[0]["aliases"], "automaton_bytes": runs[0]["automaton_bytes"],
            "build_seconds": median([r["build_seconds"] for r in runs]),
            "wall": median([r["wall"] for r in runs]), "rss_mb": median([r["rss_mb"] for r in runs]),
            "load": median([r["load"] for r in runs]),
            "steal": median([r["steal"] for r in runs if r.get("steal") is not None]),
        }

    def pymatch(self, tool, gaz, corpus, matches=None):
        cmd = [self.venv_py, BENCH / "pymatch.py", tool, "--gazetteer", gaz, "--corpus", corpus]
        if matches:
            cmd += ["--matches", matches]
        lo = load()
        wall, rss, out = timed(cmd)
        r = json.loads(out.strip().splitlines()[-1])
        r.update({"wall": wall, "rss_mb": rss, "load": lo})
        return r

    def pymatch_reps(self, tool, gaz, corpus, reps, label):
        runs = []
        for i in range(reps):
            runs.append(self.pymatch(tool, gaz, corpus))
            r = runs[-1]
            log(f"{label} run {i + 1}: match {r['match_seconds']:.2f} s, wall {r['wall']:.2f} s, "
                f"{r['rss_mb']:.0f} MB, load {r['load']:.1f}")
        tb = runs[0]["text_bytes"]
        ms = median([r["match_seconds"] for r in runs])
        return {
            "runs": runs, "text_bytes": tb, "matches": runs[0]["matches"],
            "matches_raw": runs[0].get("matches_raw"),
            "build_seconds": median([r["build_seconds"] for r in runs]),
            "match_seconds": ms, "mbs_match": tb / 1e6 / ms,
            "wall": median([r["wall"] for r in runs]),
            "mbs_wall": tb / 1e6 / median([r["wall"] for r in runs]),
            "rss_mb": median([r["rss_mb"] for r in runs]),
            "load": median([r["load"] for r in runs]),
        }

    # ---- the steps ----------------------------------------------------------------------
    def environment(self):
        cpu = sh("lscpu | sed -n 's/^Model name: *//p'") or platform.processor()
        mem = sh("free -g | awk '/Mem:/ {print $2}'")
        py = self.venv_py
        versions = sh(f"{py} -c \"import importlib.metadata as m; print(m.version('flashtext'), "
                      f"m.version('spacy'))\"").split()
        dirty = sh(f"git -C {REPO} --no-optional-locks status --porcelain --untracked-files=no")
        self.results["env"] = {
            "date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
            "cpu": cpu, "cores": os.cpu_count(), "memory_gb": mem,
            "os": f"{platform.system()} {platform.release()}",
            "rustc": sh("rustc --version"),
            "commit": sh(f"git -C {REPO} rev-parse --short HEAD") + (" + uncommitted changes" if dirty else ""),
            "comention": sh(f"{self.bin} --version"),
            "python": sh(f"{py} --version"),
            "flashtext": versions[0] if versions else "?", "spacy": versions[1] if len(versions) > 1 else "?",
            "uptime_start": sh("uptime"),
            "disk": sh(f"df -h {DATA} | tail -1"),
        }

    def main_runs(self):
        cfg = self.cfg
        gaz = self.gazetteer()
        corpus = self.corpus(cfg["main_mb"])
        self.results["main_corpus"] = {"path": corpus.name, **self.meta(corpus)}
        self.results["gazetteer"] = {"path": gaz.name, "aliases": count_aliases(gaz)}
        log(f"comention and the bare DFA scan on {corpus.name}")
        bare = []

        def bare_run(r):
            bare.append(self.bare_scan(corpus, gaz))
            b = bare[-1]
            log(f"main bare DFA scan run {r + 1}: scan {b['seconds']:.2f} s ({b['mbs']:.1f} MB/s), "
                f"wall {b['wall']:.2f} s, {b['rss_mb']:.0f} MB, load {b['load']:.1f}")

        # More repetitions for the headline than elsewhere: -j1 against -j2 is paired run by run.
        self.results["main"] = self.comention_reps(corpus, gaz, [1, 2], cfg["main_reps"], "main",
                                                   also=bare_run)
        self.results["bare_scan"] = self.summarize_bare(bare, corpus)
        pairs = []
        for r in range(cfg["reps"]):
            pairs.append(self.comention_pair(corpus, gaz))
            log(f"two -j1 runs at once, run {r + 1}: {pairs[-1]['wall']:.2f} s")
        self.results["pair"] = {
            "runs": pairs, "wall": median([p["wall"] for p in pairs]),
            "steal": median([p["steal"] for p in pairs if p["steal"] is not None]),
        }
        # Byte-identical outputs across thread counts.
        self.comention(corpus, gaz, 1, DATA / "same-j1", keep=True)
        self.comention(corpus, gaz, 2, DATA / "same-j2", keep=True)
        files = sorted(p.name for p in (DATA / "same-j1").iterdir())
        differ = [f for f in files if not filecmp.cmp(DATA / "same-j1" / f, DATA / "same-j2" / f, shallow=False)]
        self.results["identical"] = {"files": files, "differ": differ}
        shutil.rmtree(DATA / "same-j1")
        shutil.rmtree(DATA / "same-j2")
        log(f"outputs identical across -j1/-j2: {not differ} ({len(files)} files)")
        # The floor: the same corpus with a gazetteer whose one alias never occurs, so that
        # reading, folding, the word scan, sentences and the document table are all there is.
        none = DATA / "gaz-none.csv"
        none.write_text("id,kind,label,aliases\nnone,person,Zzqx Qqzv,Zzqx Qqzv\n")
        self.results["floor"] = self.comention_reps(corpus, none, [1], cfg["reps"], "no-match")[1]

    def python_runs(self):
        cfg = self.cfg
        gaz = self.gazetteer()
        main = self.corpus(cfg["main_mb"])
        ft_sample = self.sample(main, f"{cfg['flashtext_mb']:g}MB", max_mb=cfg["flashtext_mb"])
        sp_sample = self.sample(main, f"{cfg['spacy_mb']:g}MB", max_mb=cfg["spacy_mb"])
        reps = cfg["reps"]
        self.results["flashtext"] = {"sample": self.meta(ft_sample),
                                     **self.pymatch_reps("flashtext", gaz, ft_sample, reps, "FlashText")}
        self.results["spacy"] = {"sample": self.meta(sp_sample),
                                 **self.pymatch_reps("spacy", gaz, sp_sample, reps, "spaCy")}
        # comention on the very same samples, for a side-by-side on identical text.
        for name, sample in [("comention_on_flashtext_sample", ft_sample), ("comention_on_spacy_sample", sp_sample)]:
            self.results[name] = self.comention_reps(sample, gaz, [1], reps, name)[1]

    def gazetteer_scaling(self):
        cfg = self.cfg
        corpus = self.corpus(cfg["gaz_corpus_mb"])
        tiny = self.sample(corpus, "1doc", max_docs=1)
        ft_sample = self.sample(corpus, f"{cfg['flashtext_scaling_mb']:g}MB", max_mb=cfg["flashtext_scaling_mb"])
        sp_sample = self.sample(corpus, f"{cfg['spacy_scaling_mb']:g}MB", max_mb=cfg["spacy_scaling_mb"])
        rows = []
        for n in cfg["gaz_sizes"]:
            gaz = self.gazetteer(n)
            row = {"aliases": n}
            # Load and build on one thread, and with every core (how a run starts by default).
            cores = os.cpu_count() or 1
            builds = {1: [], cores: []}
            for _ in range(cfg["reps"]):
                for j in builds:
                    builds[j].append(self.comention(tiny, gaz, j))
            row["build_seconds"] = median([b["wall"] for b in builds[1]])
            row["build_rss_mb"] = median([b["rss_mb"] for b in builds[1]])
            row["build_threads"] = cores
            row["build_seconds_all_cores"] = median([b["wall"] for b in builds[cores]])
            row["build_rss_mb_all_cores"] = median([b["rss_mb"] for b in builds[cores]])
            log(f"{n} aliases: load and build {row['build_seconds']:.2f} s, {row['build_rss_mb']:.0f} MB; "
                f"-j{cores}: {row['build_seconds_all_cores']:.2f} s, {row['build_rss_mb_all_cores']:.0f} MB")
            row["comention"] = self.comention_reps(corpus, gaz, [1], cfg["reps"], f"{n} aliases")[1]
            if n <= cfg["flashtext_max_gaz"]:
                reps = cfg["reps"] if n < 1000000 else 1
                row["flashtext"] = self.pymatch_reps("flashtext", gaz, ft_sample, reps, f"FlashText {n}")
            if n <= cfg["spacy_max_gaz"]:
                row["spacy"] = self.pymatch_reps("spacy", gaz, sp_sample, 1, f"spaCy {n}")
            rows.append(row)
        self.results["gaz_scaling"] = {"corpus": self.meta(corpus), "flashtext_sample": self.meta(ft_sample),
                                       "spacy_sample": self.meta(sp_sample), "rows": rows}

    def corpus_scaling(self):
        cfg = self.cfg
        gaz = self.gazetteer()
        rows = []
        for mb in cfg["corpus_sizes"]:
            if mb == cfg["main_mb"] and "main" in self.results:
                res = self.results["main"]
            else:
                corpus = self.corpus(mb)
                res = self.comention_reps(corpus, gaz, [1, 2], cfg["reps"], f"{mb} MB")
            rows.append({"mb": mb, "meta": self.meta(self.corpus(mb)), "j1": res[1], "j2": res[2]})
        self.results["corpus_scaling"] = rows

    def compare(self):
        gaz = self.gazetteer()
        main = self.corpus(self.cfg["main_mb"])
        samples = []
        if BBC.exists():
            n = sum(1 for line in open(BBC, encoding="utf-8") if line.strip())
            samples.append(("BBC News (the 2,095 distinct articles: the first copy in the corpus)",
                            self.sample(main, "compare", max_docs=n)))
        else:
            samples.append(("the first 20 MB of the generated corpus", self.sample(main, "compare", max_mb=20)))
        if WIKINEWS.exists():
            samples.append(("Wikinews 2019–2021 (295 articles, more non-ASCII text)", WIKINEWS))
        out = []
        for name, sample in samples:
            odir = DATA / "out-compare"
            self.comention(sample, gaz, 1, odir, keep=True)
            ft = DATA / "flashtext-matches.tsv"
            self.pymatch("flashtext", gaz, sample, matches=ft)
            cj = DATA / "compare.json"
            subprocess.run([sys.executable, BENCH / "compare.py", "--corpus", sample, "--comention",
                            odir / "mentions.csv", "--flashtext", ft, "--gazetteer", gaz, "--json", cj,
                            "--examples", "3"], check=True, capture_output=True)
            out.append({"name": name, **json.loads(cj.read_text())})
            shutil.rmtree(odir)
            log(f"compared matches on {name}")
        self.results["compare"] = out
        self.results["first_words"] = first_word_stats(gaz, samples[0][1])

    def profile(self):
        if not shutil.which("perf"):
            self.results["profile"] = None
            return
        gaz = self.gazetteer()
        corpus = self.corpus(self.cfg["perf_mb"])
        out = DATA / "out-perf"
        pdata = DATA / "perf.data"
        p = subprocess.run(["perf", "record", "-F", "999", "-o", pdata, "--", self.bin, "build", corpus,
                            "--no-default-gazetteers", "-g", gaz, "-o", out, "-j1", "--keep-duplicates", "-q"],
                           capture_output=True, text=True)
        shutil.rmtree(out, ignore_errors=True)
        if p.returncode not in (0, 2):
            self.results["profile"] = {"error": p.stderr[-500:]}
            return
        rep = subprocess.run(["perf", "report", "-i", pdata, "--no-children", "--sort", "symbol", "--stdio",
                              "--percent-limit", "0.2"], capture_output=True, text=True).stdout
        rows = []
        for line in rep.splitlines():
            m = re.match(r"\s+([\d.]+)%\s+\[([.k])\]\s+(.*?)(\s+-\s+-)?\s*$", line)
            if m:
                sym = ("[k] " if m.group(2) == "k" else "") + m.group(3)
                rows.append((float(m.group(1)), sym))
        self.results["profile"] = {"corpus": corpus.name, "functions": rows}
        pdata.unlink(missing_ok=True)

    def criterion(self):
        p = subprocess.run(["cargo", "bench", "--bench", "matching", "--", "--warm-up-time", "1",
                            "--measurement-time", "3"], cwd=REPO, capture_output=True, text=True)
        rows, name = [], None
        for line in (p.stdout + "\n" + p.stderr).splitlines():
            if line and not line[0].isspace() and not line.startswith(("Benchmarking", "Found", "Running",
                                                                          "Gnuplot", "bench text", "warning")):
                name = line.strip()
            m = re.search(r"thrpt:\s+\[\S+ \S+ ([\d.]+) (\w+)/s", line)
            if m and name:
                v, unit = float(m.group(1)), m.group(2)
                mbs = v * {"B": 1e-6, "KiB": 1.024e-3, "MiB": 1.048576, "GiB": 1073.741824}.get(unit, 0)
                rows.append((name, mbs))
                name = None
            m = re.search(r"bench text: (.*)", line)
            if m:
                self.results["criterion_text"] = m.group(1)
        self.results["criterion"] = rows

    def cleanup(self):
        if self.args.keep_data:
            return
        for p in DATA.glob("corpus-*.jsonl"):
            if p.stat().st_size >= 100e6:
                p.unlink()
                Path(str(p) + ".meta.json").unlink(missing_ok=True)
        for p in DATA.glob("out-*"):
            shutil.rmtree(p, ignore_errors=True)

    def run(self):
        shutil.copy2(REPO / "target/release/comention", self.bin)  # a snapshot: others may rebuild
        shutil.copy2(REPO / "target/release/examples/bare_scan", self.bare_bin)
        self.environment()
        steps = [("main", self.main_runs), ("python", self.python_runs), ("gazetteer scaling", self.gazetteer_scaling),
                 ("corpus scaling", self.corpus_scaling), ("compare", self.compare), ("profile", self.profile)]
        if not self.args.no_criterion:
            steps.append(("criterion", self.criterion))
        for name, step in steps:
            t = time.perf_counter()
            log(f"== {name} (load {load():.1f})")
            step()
            self.results.setdefault("step_seconds", {})[name] = round(time.perf_counter() - t, 1)
            (DATA / "results.json").write_text(json.dumps(self.results, indent=1, default=str))
        self.results["env"]["uptime_end"] = sh("uptime")
        (DATA / "results.json").write_text(json.dumps(self.results, indent=1, default=str))
        report = Path(self.args.report) if self.args.report else (
            DATA / "REPORT-quick.md" if self.args.quick else BENCH / "REPORT.md")
        report.write_text(render(self.results))
        log(f"wrote {report}")
        self.cleanup()


def first_word_stats(gaz, corpus):
    """How often a word of the text can start an alias: the pass rate of a first-word
    prefilter, and of comention's word-pair prefilter (a one-word alias, or the first two words
    of a longer one, with the next word of the text); words are runs of letters and digits,
    lower-cased."""
    word = re.compile(r"[^\W_]+")
    first = set()
    singles = set()
    pairs = set()
    with open(gaz, encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            for a in row["aliases"].split("|"):
                ws = word.findall(a.lower())
                if ws:
                    first.add(ws[0])
                    if len(ws) == 1:
                        singles.add(ws[0])
                    else:
                        pairs.add((ws[0], ws[1]))
    counts = {}
    total = 0
    passed_pairs = 0
    with open(corpus, encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            ws = word.findall(doc_text(r).lower())
            for i, w in enumerate(ws):
                total += 1
                if w in first:
                    counts[w] = counts.get(w, 0) + 1
                if w in singles or (i + 1 < len(ws) and (w, ws[i + 1]) in pairs):
                    passed_pairs += 1
    passed = sum(counts.values())
    top = sorted(counts.items(), key=lambda kv: -kv[1])[:15]
    return {"words": total, "passed": passed, "passed_pairs": passed_pairs,
            "distinct_first_words": len(first), "top": top}


def summarize(runs, text_bytes):
    wall = median([r["wall"] for r in runs])
    return {"runs": runs, "wall": wall, "mbs": text_bytes / 1e6 / wall,
            "cpu": median([r["cpu"] for r in runs]) if all("cpu" in r for r in runs) else None,
            "rss_mb": median([r["rss_mb"] for r in runs]), "mentions": runs[0]["mentions"],
            "load": median([r["load"] for r in runs]), "text_bytes": text_bytes,
            "steal": median([r["steal"] for r in runs if r.get("steal") is not None])}


def count_aliases(gaz):
    n = 0
    with open(gaz, encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            n += len([a for a in row["aliases"].split("|") if a.strip()])
    return n


# ---- the report ---------------------------------------------------------------------------

def render(R):
    from report import render as render_report
    return render_report(json.loads(json.dumps(R, default=str)))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="small corpora, one run each: a few minutes")
    ap.add_argument("--keep-data", action="store_true", help="keep the large generated corpora")
    ap.add_argument("--no-criterion", action="store_true", help="skip the criterion benches")
    ap.add_argument("--report", help="where to write the report")
    ap.add_argument("--render-only", action="store_true", help="rewrite the report from results.json")
    args = ap.parse_args()
    if args.quick:
        args.no_criterion = True
    if args.render_only:
        R = json.loads((DATA / "results.json").read_text())
        report = Path(args.report) if args.report else (
            DATA / "REPORT-quick.md" if R.get("quick") else BENCH / "REPORT.md")
        report.write_text(render(R))
        log(f"wrote {report}")
        return
    if not Path("/usr/bin/time").exists():
        sys.exit("needs GNU time at /usr/bin/time (Debian/Ubuntu: apt-get install time)")
    Bench(args).run()


if __name__ == "__main__":
    sys.path.insert(0, str(BENCH))
    main()
