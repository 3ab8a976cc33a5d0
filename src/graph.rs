//! The co-mention graph: counts merged over all documents, then built once with petgraph.
//!
//! [`GraphBuilder`] adds each document's mentions and co-mentions into plain counters (a map
//! keyed by entity pair: petgraph's edge updates slow down as nodes gain edges). Besides the
//! weight, each edge counts its meeting windows and documents, keeps its first and last date,
//! its windows per date and its first few document ids; [`Measures`] derives association
//! strength, NPMI and Jaccard exactly from the window counts. [`GraphBuilder::finish`] filters
//! and builds the [`CoMentionGraph`], with nodes sorted by id and edges by their endpoints, so
//! the same input always gives the same graph.

use std::collections::{BTreeMap, HashMap};

use rustc_hash::FxHashMap;

use chrono::NaiveDate;
use petgraph::graph::{NodeIndex, UnGraph};
use serde::{Deserialize, Serialize};

use crate::gazetteer::{EntityIndex, Gazetteer};
use crate::window::DocumentCounts;

/// How many document ids an edge keeps, so a user clicking it sees where it comes from.
pub const EDGE_DOC_IDS: usize = 5;

/// What the graph knows of one entity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    /// The gazetteer entity.
    pub entity: EntityIndex,
    /// Resolved mentions, over all documents.
    pub mentions: u64,
    /// Documents that mention it.
    pub documents: u64,
    /// Windows that mention it (the *n_i* of the association measures).
    pub windows: u64,
    /// Earliest and latest date of those documents, when dated.
    pub dates: Option<(NaiveDate, NaiveDate)>,
    /// Mentions per document date.
    pub by_date: BTreeMap<NaiveDate, u64>,
}

/// What the graph knows of one pair of entities mentioned together.
#[derive(Debug, Clone, PartialEq)]
pub struct Edge {
    /// The weight: windows that mention both, or their fractional share.
    pub weight: f64,
    /// Windows, over all documents, that mention both.
    pub windows: u64,
    /// Of those, windows that also hold a meeting cue or a named event.
    pub meetings: u64,
    /// Documents with at least one such window.
    pub documents: u64,
    /// Earliest and latest date of those documents, when dated.
    pub dates: Option<(NaiveDate, NaiveDate)>,
    /// Windows per document date.
    pub by_date: BTreeMap<NaiveDate, u64>,
    /// The first few documents, in input order (at most [`EDGE_DOC_IDS`]).
    pub doc_ids: Vec<String>,
}

/// Which edges [`GraphBuilder::finish`] keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Relation {
    /// Every co-mention.
    #[default]
    CoMentioned,
    /// Only pairs with at least one window that also says they met.
    Meets,
}

/// Which nodes and edges [`GraphBuilder::finish`] keeps.
#[derive(Debug, Clone, Default)]
pub struct GraphFilter {
    /// Edges with a lower weight are left out.
    pub min_weight: f64,
    /// Which edges count.
    pub relation: Relation,
    /// Leave out nodes without any edge (after the edge filters).
    pub drop_isolated: bool,
}

impl GraphFilter {
    /// Whether every edge passes, whatever its counts.
    pub fn keeps_every_edge(&self) -> bool {
        self.min_weight <= 0.0 && self.relation == Relation::CoMentioned
    }

    /// Whether `edge` passes.
    pub fn keeps(&self, edge: &Edge) -> bool {
        edge.weight >= self.min_weight
            && (self.relation == Relation::CoMentioned || edge.meetings > 0)
    }
}

/// Counts mentions and co-mentions over documents.
#[derive(Debug, Clone, Default)]
pub struct GraphBuilder {
    nodes: FxHashMap<EntityIndex, Node>,
    edges: FxHashMap<(EntityIndex, EntityIndex), Edge>,
    windows: u64,
    seen: Vec<EntityIndex>,
}

fn widen(dates: &mut Option<(NaiveDate, NaiveDate)>, date: Option<NaiveDate>) {
    if let Some(d) = date {
        *dates = Some(match *dates {
            None => (d, d),
            Some((first, last)) => (first.min(d), last.max(d)),
        });
    }
}

fn widen_range(dates: &mut Option<(NaiveDate, NaiveDate)>, other: Option<(NaiveDate, NaiveDate)>) {
    if let Some((a, b)) = other {
        widen(dates, Some(a));
        widen(dates, Some(b));
    }
}

fn add_dates<T: Copy + std::ops::AddAssign>(
    into: &mut BTreeMap<NaiveDate, T>,
    from: BTreeMap<NaiveDate, T>,
) {
    for (d, n) in from {
        match into.get_mut(&d) {
            Some(mine) => *mine += n,
            None => {
                into.insert(d, n);
            }
        }
    }
}

impl GraphBuilder {
    /// Adds one document: the graph node of each resolved mention (in text order) and the
    /// document's co-mention counts. The nodes are those the mentions count for, not their
    /// entities (cues, kinds left out and `--project country` make a difference): for a tagged
    /// document, [`Tagged::count_into`](crate::pipeline::Tagged::count_into) passes the right
    /// ones.
    pub fn add_document(
        &mut self,
        doc_id: &str,
        date: Option<NaiveDate>,
        mention_nodes: impl IntoIterator<Item = EntityIndex>,
        counts: &DocumentCounts,
    ) {
        self.windows += u64::from(counts.windows);
        self.seen.clear();
        for e in mention_nodes {
            let node = self.nodes.entry(e).or_insert_with(|| Node {
                entity: e,
                mentions: 0,
                documents: 0,
                windows: 0,
                dates: None,
                by_date: BTreeMap::new(),
            });
            node.mentions += 1;
            if let Some(d) = date {
                *node.by_date.entry(d).or_insert(0) += 1;
            }
            if !self.seen.contains(&e) {
                self.seen.push(e);
                node.documents += 1;
                widen(&mut node.dates, date);
            }
        }
        for &(e, n) in &counts.node_windows {
            if let Some(node) = self.nodes.get_mut(&e) {
                node.windows += u64::from(n);
            }
        }
        for c in &counts.co_mentions {
            let edge = self.edges.entry((c.a, c.b)).or_insert_with(|| Edge {
                weight: 0.0,
                windows: 0,
                meetings: 0,
                documents: 0,
                dates: None,
                by_date: BTreeMap::new(),
                doc_ids: vec![],
            });
            edge.weight += c.weight;
            edge.windows += u64::from(c.windows);
            edge.meetings += u64::from(c.meetings);
            edge.documents += 1;
            widen(&mut edge.dates, date);
            if let Some(d) = date {
                *edge.by_date.entry(d).or_insert(0) += u64::from(c.windows);
            }
            if edge.doc_ids.len() < EDGE_DOC_IDS {
                edge.doc_ids.push(doc_id.to_string());
            }
        }
    }

    /// Adds the counts of a builder that saw documents coming *after* this one's (the order
    /// matters only for the first document ids kept on each edge).
    pub fn merge(&mut self, other: GraphBuilder) {
        self.windows += other.windows;
        for (e, n) in other.nodes {
            match self.nodes.get_mut(&e) {
                Some(mine) => {
                    mine.mentions += n.mentions;
                    mine.documents += n.documents;
                    mine.windows += n.windows;
                    widen_range(&mut mine.dates, n.dates);
                    add_dates(&mut mine.by_date, n.by_date);
                }
                None => {
                    self.nodes.insert(e, n);
                }
            }
        }
        for (pair, edge) in other.edges {
            match self.edges.get_mut(&pair) {
                Some(mine) => {
                    mine.weight += edge.weight;
                    mine.windows += edge.windows;
                    mine.meetings += edge.meetings;
                    mine.documents += edge.documents;
                    widen_range(&mut mine.dates, edge.dates);
                    add_dates(&mut mine.by_date, edge.by_date);
                    let room = EDGE_DOC_IDS.saturating_sub(mine.doc_ids.len());
                    mine.doc_ids.extend(edge.doc_ids.into_iter().take(room));
                }
                None => {
                    self.edges.insert(pair, edge);
                }
            }
        }
    }

    /// Builds the graph: nodes sorted by entity id, edges by their endpoints' ids.
    pub fn finish(self, gazetteer: &Gazetteer, filter: &GraphFilter) -> CoMentionGraph {
        let mut edges: Vec<((EntityIndex, EntityIndex), Edge)> = self
            .edges
            .into_iter()
            .filter(|(_, e)| filter.keeps(e))
            .collect();
        let mut nodes: Vec<Node> = self.nodes.into_values().collect();
        if filter.drop_isolated {
            let mut linked: Vec<EntityIndex> =
                edges.iter().flat_map(|&((a, b), _)| [a, b]).collect();
            linked.sort_unstable();
            linked.dedup();
            nodes.retain(|n| linked.binary_search(&n.entity).is_ok());
        }
        nodes.sort_by(|a, b| {
            gazetteer
                .entity(a.entity)
                .id
                .cmp(&gazetteer.entity(b.entity).id)
        });
        let mut graph = UnGraph::with_capacity(nodes.len(), edges.len());
        let mut index: HashMap<EntityIndex, NodeIndex> = HashMap::with_capacity(nodes.len());
        for node in nodes {
            let entity = node.entity;
            index.insert(entity, graph.add_node(node));
        }
        // Every co-mentioned entity is mentioned, so both ends are nodes.
        let ends = |(a, b): (EntityIndex, EntityIndex)| {
            let (x, y) = (index[&a], index[&b]);
            (x.min(y), x.max(y))
        };
        edges.sort_by_key(|&(pair, _)| ends(pair));
        for (pair, edge) in edges {
            let (x, y) = ends(pair);
            graph.add_edge(x, y, edge);
        }
        CoMentionGraph {
            graph,
            windows: self.windows,
        }
    }
}

/// The counts of a [`GraphBuilder`] in a form that can be saved and merged later (`build
/// --mergeable`, `comention merge`): entities by id, so a part stays readable with the same
/// gazetteer whatever its row order; nodes and edges sorted, so the same counts give the same
/// bytes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SavedCounts {
    /// Windows in the part's counted documents.
    pub windows: u64,
    /// Nodes, by entity id.
    pub nodes: Vec<SavedNode>,
    /// Edges, by entity ids.
    pub edges: Vec<SavedEdge>,
}

/// A saved [`Node`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SavedNode {
    /// Entity id.
    pub id: String,
    /// See [`Node`].
    pub mentions: u64,
    /// See [`Node`].
    pub documents: u64,
    /// See [`Node`].
    pub windows: u64,
    /// See [`Node`].
    pub dates: Option<(NaiveDate, NaiveDate)>,
    /// See [`Node`].
    pub by_date: BTreeMap<NaiveDate, u64>,
}

/// A saved [`Edge`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SavedEdge {
    /// Entity id that sorts first.
    pub a: String,
    /// The other entity id.
    pub b: String,
    /// See [`Edge`].
    pub weight: f64,
    /// See [`Edge`].
    pub windows: u64,
    /// See [`Edge`].
    pub meetings: u64,
    /// See [`Edge`].
    pub documents: u64,
    /// See [`Edge`].
    pub dates: Option<(NaiveDate, NaiveDate)>,
    /// See [`Edge`].
    pub by_date: BTreeMap<NaiveDate, u64>,
    /// See [`Edge`].
    pub doc_ids: Vec<String>,
}

impl GraphBuilder {
    /// The counts, by entity id, sorted.
    pub fn save(&self, gazetteer: &Gazetteer) -> SavedCounts {
        let id = |e: EntityIndex| gazetteer.entity(e).id.clone();
        let mut nodes: Vec<SavedNode> = self
            .nodes
            .values()
            .map(|n| SavedNode {
                id: id(n.entity),
                mentions: n.mentions,
                documents: n.documents,
                windows: n.windows,
                dates: n.dates,
                by_date: n.by_date.clone(),
            })
            .collect();
        nodes.sort_by(|x, y| x.id.cmp(&y.id));
        let mut edges: Vec<SavedEdge> = self
            .edges
            .iter()
            .map(|(&(a, b), e)| {
                let (a, b) = (id(a), id(b));
                let (a, b) = if a <= b { (a, b) } else { (b, a) };
                SavedEdge {
                    a,
                    b,
                    weight: e.weight,
                    windows: e.windows,
                    meetings: e.meetings,
                    documents: e.documents,
                    dates: e.dates,
                    by_date: e.by_date.clone(),
                    doc_ids: e.doc_ids.clone(),
                }
            })
            .collect();
        edges.sort_by(|x, y| (&x.a, &x.b).cmp(&(&y.a, &y.b)));
        SavedCounts {
            windows: self.windows,
            nodes,
            edges,
        }
    }

    /// Counts saved with [`GraphBuilder::save`], read back with the same gazetteer. Fails with
    /// the first entity id the gazetteer does not have.
    pub fn load(saved: SavedCounts, gazetteer: &Gazetteer) -> Result<GraphBuilder, String> {
        let find = |id: &str| {
            gazetteer
                .find(id)
                .ok_or_else(|| format!("entity {id:?} is not in the gazetteer"))
        };
        let mut builder = GraphBuilder {
            windows: saved.windows,
            ..GraphBuilder::default()
        };
        for n in saved.nodes {
            let entity = find(&n.id)?;
            builder.nodes.insert(
                entity,
                Node {
                    entity,
                    mentions: n.mentions,
                    documents: n.documents,
                    windows: n.windows,
                    dates: n.dates,
                    by_date: n.by_date,
                },
            );
        }
        for e in saved.edges {
            let (a, b) = (find(&e.a)?, find(&e.b)?);
            let pair = (a.min(b), a.max(b));
            builder.edges.insert(
                pair,
                Edge {
                    weight: e.weight,
                    windows: e.windows,
                    meetings: e.meetings,
                    documents: e.documents,
                    dates: e.dates,
                    by_date: e.by_date,
                    doc_ids: e.doc_ids,
                },
            );
        }
        Ok(builder)
    }
}

/// The weighted, undirected graph of entities mentioned together.
#[derive(Debug, Clone)]
pub struct CoMentionGraph {
    /// Nodes in id order; edges in order of their (source, target) node indices.
    pub graph: UnGraph<Node, Edge>,
    /// Windows in the corpus (the *N* of the association measures).
    pub windows: u64,
}

/// Association measures of an edge, computed from the window counts: *c* windows with both
/// entities, *n_a* and *n_b* windows with each, *N* windows in all.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Measures {
    /// Observed over expected co-occurrence, *c·N / (n_a·n_b)*: 1 when the two are
    /// independent, above 1 when they appear together more often than chance.
    pub association_strength: f64,
    /// Normalised pointwise mutual information, *ln(c·N/(n_a·n_b)) / −ln(c/N)*, in \[−1, 1\].
    pub npmi: f64,
    /// *c / (n_a + n_b − c)*: the share of windows naming either that name both.
    pub jaccard: f64,
}

impl Measures {
    /// The measures for counts `c`, `n_a`, `n_b` and `total` windows.
    pub fn new(c: u64, n_a: u64, n_b: u64, total: u64) -> Measures {
        let (c, na, nb, n) = (c as f64, n_a as f64, n_b as f64, total as f64);
        let association_strength = c * n / (na * nb);
        let npmi = if c >= n {
            1.0
        } else {
            association_strength.ln() / -(c / n).ln()
        };
        Measures {
            association_strength,
            npmi,
            jaccard: c / (na + nb - c),
        }
    }
}

impl CoMentionGraph {
    /// Number of nodes.
    pub fn node_count(&self) -> usize {
        self.graph.node_count()
    }

    /// Number of edges.
    pub fn edge_count(&self) -> usize {
        self.graph.edge_count()
    }

    /// The nodes, in id order.
    pub fn nodes(&self) -> impl Iterator<Item = &Node> {
        self.graph.node_weights()
    }

    /// The edges as `(source, target, edge)`, sorted, source before target in id order.
    pub fn edges(&self) -> impl Iterator<Item = (&Node, &Node, &Edge)> {
        self.graph.edge_indices().map(|e| {
            let (a, b) = self.graph.edge_endpoints(e).expect("edge exists");
            (&self.graph[a], &self.graph[b], &self.graph[e])
        })
    }

    /// The association measures of an edge between `a` and `b`.
    pub fn measures(&self, a: &Node, b: &Node, edge: &Edge) -> Measures {
        Measures::new(edge.windows, a.windows, b.windows, self.windows)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::window::CoMention;

    fn gazetteer() -> Gazetteer {
        let mut b = Gazetteer::builder();
        b.add_reader(
            "t.csv",
            "id,kind,label,aliases\nc,person,C,C\nb,person,B,B\na,person,A,A\n".as_bytes(),
        );
        b.build().unwrap()
    }

    fn co(a: u32, b: u32, windows: u32, meetings: u32) -> CoMention {
        CoMention {
            a: EntityIndex(a),
            b: EntityIndex(b),
            windows,
            meetings,
            weight: f64::from(windows),
        }
    }

    fn counts(
        co_mentions: Vec<CoMention>,
        node_windows: &[(u32, u32)],
        windows: u32,
    ) -> DocumentCounts {
        DocumentCounts {
            co_mentions,
            pairs: vec![],
            node_windows: node_windows
                .iter()
                .map(|&(e, n)| (EntityIndex(e), n))
                .collect(),
            window_nodes: vec![],
            windows,
        }
    }

    fn ids(es: &[u32]) -> Vec<EntityIndex> {
        es.iter().map(|&e| EntityIndex(e)).collect()
    }

    fn d(s: &str) -> Option<NaiveDate> {
        s.parse().ok()
    }

    #[test]
    fn counts_weights_documents_meetings_and_dates() {
        let g = gazetteer();
        let mut builder = GraphBuilder::default();
        // Entities: 0 = c, 1 = b, 2 = a.
        builder.add_document(
            "d1",
            d("2019-04-25"),
            ids(&[0, 1, 0]),
            &counts(vec![co(0, 1, 2, 1)], &[(0, 2), (1, 2)], 4),
        );
        builder.add_document(
            "d2",
            d("2019-02-27"),
            ids(&[0, 1]),
            &counts(vec![co(0, 1, 1, 0)], &[(0, 1), (1, 1)], 3),
        );
        builder.add_document("d3", None, ids(&[2]), &counts(vec![], &[(2, 1)], 2));
        let graph = builder.finish(&g, &GraphFilter::default());
        let labels: Vec<&str> = graph
            .nodes()
            .map(|n| g.entity(n.entity).id.as_str())
            .collect();
        assert_eq!(labels, ["a", "b", "c"]);
        let c = graph.nodes().find(|n| n.entity == EntityIndex(0)).unwrap();
        assert_eq!((c.mentions, c.documents, c.windows), (3, 2, 3));
        assert_eq!(
            c.dates,
            Some((d("2019-02-27").unwrap(), d("2019-04-25").unwrap()))
        );
        assert_eq!(c.by_date[&d("2019-04-25").unwrap()], 2);
        let (s, t, e) = graph.edges().next().unwrap();
        assert_eq!(
            (
                g.entity(s.entity).id.as_str(),
                g.entity(t.entity).id.as_str()
            ),
            ("b", "c")
        );
        assert_eq!(
            (e.weight, e.windows, e.meetings, e.documents),
            (3.0, 3, 1, 2)
        );
        assert_eq!(e.doc_ids, ["d1", "d2"]);
        assert_eq!(graph.windows, 9);
        // c = 3 windows together, n_b = n_c = 3, N = 9.
        let m = graph.measures(s, t, e);
        assert!((m.association_strength - 3.0).abs() < 1e-12);
        assert!((m.jaccard - 1.0).abs() < 1e-12);
        assert!(
            (m.npmi - 1.0).abs() < 1e-12,
            "always together: npmi 1, got {}",
            m.npmi
        );
    }

    #[test]
    fn measures_match_a_hand_computation() {
        // c = 2, n_a = 4, n_b = 5, N = 20: expected 4·5/20 = 1, so AS = 2.
        let m = Measures::new(2, 4, 5, 20);
        assert!((m.association_strength - 2.0).abs() < 1e-12);
        // npmi = ln 2 / −ln(0.1)
        assert!((m.npmi - 2f64.ln() / 10f64.ln()).abs() < 1e-12);
        assert!((m.jaccard - 2.0 / 7.0).abs() < 1e-12);
        // Independence gives npmi 0.
        assert!(Measures::new(1, 4, 5, 20).npmi.abs() < 1e-12);
    }

    #[test]
    fn filters_by_weight_relation_and_isolation() {
        let g = gazetteer();
        let mut builder = GraphBuilder::default();
        builder.add_document(
            "d",
            None,
            ids(&[0, 1, 2]),
            &counts(vec![co(0, 1, 1, 1), co(1, 2, 3, 0)], &[], 3),
        );
        let strong = GraphFilter {
            min_weight: 2.0,
            drop_isolated: true,
            ..GraphFilter::default()
        };
        let graph = builder.clone().finish(&g, &strong);
        assert_eq!((graph.node_count(), graph.edge_count()), (2, 1));
        let meets = GraphFilter {
            relation: Relation::Meets,
            ..GraphFilter::default()
        };
        let graph = builder.clone().finish(&g, &meets);
        assert_eq!(graph.edge_count(), 1);
        assert_eq!(graph.edges().next().unwrap().2.meetings, 1);
        let all = builder.finish(&g, &GraphFilter::default());
        assert_eq!((all.node_count(), all.edge_count()), (3, 2));
    }

    #[test]
    fn merging_equals_adding_everything_to_one() {
        let g = gazetteer();
        let docs = [
            (
                "x",
                ids(&[0, 1]),
                counts(vec![co(0, 1, 1, 0)], &[(0, 1), (1, 1)], 2),
            ),
            (
                "y",
                ids(&[1, 2]),
                counts(vec![co(1, 2, 2, 1)], &[(1, 2), (2, 2)], 3),
            ),
            (
                "z",
                ids(&[0, 1]),
                counts(vec![co(0, 1, 4, 0)], &[(0, 4), (1, 4)], 5),
            ),
        ];
        let mut one = GraphBuilder::default();
        let (mut left, mut right) = (GraphBuilder::default(), GraphBuilder::default());
        for (i, (id, m, c)) in docs.iter().enumerate() {
            one.add_document(id, d("2020-01-01"), m.clone(), c);
            let part = if i < 2 { &mut left } else { &mut right };
            part.add_document(id, d("2020-01-01"), m.clone(), c);
        }
        left.merge(right);
        let (a, b) = (
            one.finish(&g, &GraphFilter::default()),
            left.finish(&g, &GraphFilter::default()),
        );
        assert_eq!(a.nodes().collect::<Vec<_>>(), b.nodes().collect::<Vec<_>>());
        assert_eq!(a.edges().collect::<Vec<_>>(), b.edges().collect::<Vec<_>>());
        assert_eq!(a.windows, b.windows);
    }
}
