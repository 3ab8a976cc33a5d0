#!/usr/bin/env python3
"""Checks README.md's "Open in Gephi" and "Use in a notebook" sections against real outputs.

    check_readme.py README.md OUTDIR

OUTDIR holds what the README's quick start writes to `output/`. The notebook section's Python
code blocks are run as they are written, in a folder where `output/` is OUTDIR, and the graph `G`
each one leaves must hold every edge of edges.csv with its weight as a number (and, when read from
GraphML, every node of nodes.csv). In the Gephi section, every file named must exist, every
`column` named must be one the outputs have, the columns to size nodes by (Ranking) must be
numbers in graph.graphml and nodes.csv, and the columns to colour by (Partition) text.

Exit status 0 when the README holds; 1 with the reason otherwise.
"""

import csv
import os
import re
import sys
import tempfile
import xml.etree.ElementTree as ET

csv.field_size_limit(sys.maxsize)

NUMERIC_TYPES = {"int", "long", "float", "double"}


class Wrong(Exception):
    """The README says something the outputs do not bear out."""


def expect(condition, message):
    if not condition:
        raise Wrong(message)


def section(readme, heading):
    """The text of the `## heading` section."""
    match = re.search(rf"^## {re.escape(heading)}\n(.*?)(?=^## |\Z)", readme, re.M | re.S)
    expect(match, f'README.md has no "## {heading}" section')
    return match.group(1)


def read_table(path):
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    return rows[0], rows[1:]


def graphml_keys(path):
    keys = {"node": {}, "edge": {}}
    for _, element in ET.iterparse(path, events=("start",)):
        tag = element.tag.rsplit("}", 1)[-1]
        if tag == "key":
            keys[element.get("for")][element.get("attr.name")] = element.get("attr.type")
        elif tag == "graph":
            break
    return keys


def check_notebook(readme, outdir):
    import networkx as nx

    blocks = re.findall(r"```python\n(.*?)```", section(readme, "Use in a notebook"), re.S)
    expect(blocks, 'the "Use in a notebook" section has no ```python block')
    node_header, node_rows = read_table(os.path.join(outdir, "nodes.csv"))
    edge_header, edge_rows = read_table(os.path.join(outdir, "edges.csv"))
    ids = {r[0] for r in node_rows}
    weights = {(r[0], r[1]): float(r[3]) for r in edge_rows}
    expect(weights, "the sample graph has no edge: nothing to check the notebook code on")
    with tempfile.TemporaryDirectory() as work:
        os.symlink(os.path.abspath(outdir), os.path.join(work, "output"))
        cwd = os.getcwd()
        os.chdir(work)
        try:
            for i, code in enumerate(blocks, 1):
                namespace = {}
                exec(compile(code, f"README.md notebook block {i}", "exec"), namespace)
                G = namespace.get("G")
                what = f"README.md notebook block {i}"
                expect(isinstance(G, nx.Graph), f"{what} leaves no networkx graph G")
                expect(not G.is_directed(), f"{what}: G is directed")
                expect(G.number_of_edges() == len(weights),
                       f"{what}: {G.number_of_edges()} edges, edges.csv has {len(weights)}")
                for (s, t), w in weights.items():
                    expect(G.has_edge(s, t), f"{what}: no edge {s}-{t}")
                    got = G.edges[s, t].get("weight")
                    expect(isinstance(got, (int, float)) or hasattr(got, "__float__"),
                           f"{what}: edge {s}-{t} has no numeric 'weight' ({got!r})")
                    expect(float(got) == w, f"{what}: edge {s}-{t} weight {got} != {w}")
                if "read_graphml" in code:
                    expect(set(G.nodes) == ids, f"{what}: nodes differ from nodes.csv")
                    m = node_header.index("mentions")
                    for r in node_rows:
                        mentions = G.nodes[r[0]].get("mentions")
                        expect(isinstance(mentions, int) and mentions == int(r[m]),
                               f"{what}: node {r[0]} mentions {mentions!r} != {r[m]}")
                print(f"ok  {what}: {G.number_of_nodes()} nodes, {G.number_of_edges()} edges "
                      "with numeric weights")
        finally:
            os.chdir(cwd)


def check_gephi(readme, outdir):
    text = section(readme, "Open in Gephi")
    node_header, node_rows = read_table(os.path.join(outdir, "nodes.csv"))
    edge_header, edge_rows = read_table(os.path.join(outdir, "edges.csv"))
    keys = graphml_keys(os.path.join(outdir, "graph.graphml"))
    columns = set(node_header) | set(edge_header) | set(keys["node"]) | set(keys["edge"])
    named = re.findall(r"`([^`]+)`", text)
    expect(named, 'the "Open in Gephi" section names no file or column')
    for name in named:
        if "/" in name or "." in name:
            path = os.path.join(outdir, os.path.basename(name))
            expect(os.path.exists(path), f"README.md names {name}, which the quick start does not write")
        elif name == "Undirected":
            types = {r[edge_header.index("Type")] for r in edge_rows}
            expect(types == {"Undirected"}, f"edges.csv Type values are {types}, not all Undirected")
        else:
            expect(name in columns, f"README.md names the column `{name}`, which no output has")
    ranking = re.findall(r"\*Ranking\*(.*?)\*Apply\*", text, re.S)
    partition = re.findall(r"\*Partition\*(.*?)\*Apply\*", text, re.S)
    expect(ranking and partition, 'the "Open in Gephi" section says nothing of Ranking and Partition')
    for name in re.findall(r"`([^`]+)`", " ".join(ranking)):
        expect(keys["node"].get(name) in NUMERIC_TYPES,
               f"README.md ranks nodes by `{name}`, which graph.graphml declares "
               f"{keys['node'].get(name)!r}, not a number")
        i = node_header.index(name)
        expect(all(re.fullmatch(r"-?\d+(\.\d+)?", r[i]) for r in node_rows),
               f"nodes.csv column {name} is not numeric on every row")
    for name in re.findall(r"`([^`]+)`", " ".join(partition)):
        expect(keys["node"].get(name) == "string",
               f"README.md partitions nodes by `{name}`, which graph.graphml declares "
               f"{keys['node'].get(name)!r}")
        expect(name.capitalize() in node_header or name in node_header,
               f"nodes.csv has no column {name}")
    print(f"ok  README.md Open in Gephi: {len(named)} names, all in the outputs; ranking by "
          f"{', '.join(re.findall(r'`([^`]+)`', ' '.join(ranking)))} (numbers), partition by "
          f"{', '.join(re.findall(r'`([^`]+)`', ' '.join(partition)))} (text)")


def main():
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    with open(sys.argv[1], encoding="utf-8") as f:
        readme = f.read()
    try:
        check_gephi(readme, sys.argv[2])
        check_notebook(readme, sys.argv[2])
    except Wrong as e:
        print(f"check_readme.py: {e}", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
