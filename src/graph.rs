//! The co-mention graph: counts merged over all documents, then built once with petgraph.
//!
//! [`GraphBuilder`] adds each document's mentions and co-mentions into plain counters (a map
//! keyed by entity pair: petgraph's edge updates slow down as nodes gain edges). [`GraphBuilder::
//! finish`] filters and builds the [`CoMentionGraph`], with nodes sorted by id and edges by
//! their endpoints, so the same input always gives the same graph.

use std::collections::HashMap;

use chrono::NaiveDate;
use petgraph::graph::{NodeIndex, UnGraph};

use crate::gazetteer::{EntityIndex, Gazetteer};
use crate::resolve::Mention;
use crate::window::CoMention;

/// What the graph knows of one entity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    /// The gazetteer entity.
    pub entity: EntityIndex,
    /// Resolved mentions, over all documents.
    pub mentions: u64,
    /// Documents that mention it.
    pub documents: u64,
    /// Earliest and latest date of those documents, when dated.
    pub dates: Option<(NaiveDate, NaiveDate)>,
}

/// What the graph knows of one pair of entities mentioned together.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edge {
    /// Windows, over all documents, that mention both.
    pub weight: u64,
    /// Documents with at least one such window.
    pub documents: u64,
    /// Earliest and latest date of those documents, when dated.
    pub dates: Option<(NaiveDate, NaiveDate)>,
}

/// Which nodes and edges [`GraphBuilder::finish`] keeps.
#[derive(Debug, Clone, Default)]
pub struct GraphFilter {
    /// Edges with a lower weight are left out (0 and 1 keep all).
    pub min_weight: u64,
    /// Leave out nodes without any edge (after `min_weight`).
    pub drop_isolated: bool,
}

/// Counts mentions and co-mentions over documents.
#[derive(Debug, Clone, Default)]
pub struct GraphBuilder {
    nodes: HashMap<EntityIndex, Node>,
    edges: HashMap<(EntityIndex, EntityIndex), Edge>,
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

impl GraphBuilder {
    /// Adds one document: its resolved mentions (of the kinds in the graph) and its co-mentions.
    pub fn add_document(
        &mut self,
        date: Option<NaiveDate>,
        mentions: &[Mention],
        include: impl Fn(EntityIndex) -> bool,
        co_mentions: &[CoMention],
    ) {
        self.seen.clear();
        for e in mentions
            .iter()
            .filter_map(|m| m.entity)
            .filter(|&e| include(e))
        {
            let node = self.nodes.entry(e).or_insert(Node {
                entity: e,
                mentions: 0,
                documents: 0,
                dates: None,
            });
            node.mentions += 1;
            if !self.seen.contains(&e) {
                self.seen.push(e);
                node.documents += 1;
                widen(&mut node.dates, date);
            }
        }
        for c in co_mentions {
            let edge = self.edges.entry((c.a, c.b)).or_insert(Edge {
                weight: 0,
                documents: 0,
                dates: None,
            });
            edge.weight += u64::from(c.windows);
            edge.documents += 1;
            widen(&mut edge.dates, date);
        }
    }

    /// Adds the counts of another builder (for example from another part of the corpus).
    pub fn merge(&mut self, other: GraphBuilder) {
        for (e, n) in other.nodes {
            match self.nodes.get_mut(&e) {
                Some(mine) => {
                    mine.mentions += n.mentions;
                    mine.documents += n.documents;
                    if let Some((a, b)) = n.dates {
                        widen(&mut mine.dates, Some(a));
                        widen(&mut mine.dates, Some(b));
                    }
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
                    mine.documents += edge.documents;
                    if let Some((a, b)) = edge.dates {
                        widen(&mut mine.dates, Some(a));
                        widen(&mut mine.dates, Some(b));
                    }
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
            .filter(|(_, e)| e.weight >= filter.min_weight)
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
        CoMentionGraph { graph }
    }
}

/// The weighted, undirected graph of entities mentioned together.
#[derive(Debug, Clone)]
pub struct CoMentionGraph {
    /// Nodes in id order; edges in order of their (source, target) node indices.
    pub graph: UnGraph<Node, Edge>,
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
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resolve::Resolution;

    fn gazetteer() -> Gazetteer {
        let mut b = Gazetteer::builder();
        b.add_reader(
            "t.csv",
            "id,kind,label,aliases\nc,person,C,C\nb,person,B,B\na,person,A,A\n".as_bytes(),
        );
        b.build().unwrap()
    }

    fn mention(e: u32) -> Mention {
        Mention {
            start: 0,
            end: 0,
            entity: Some(EntityIndex(e)),
            resolution: Resolution::Alias,
            candidates: vec![],
            sentence: 0,
            paragraph: 0,
        }
    }

    fn co(a: u32, b: u32, windows: u32) -> CoMention {
        CoMention {
            a: EntityIndex(a),
            b: EntityIndex(b),
            windows,
        }
    }

    #[test]
    fn counts_weights_documents_and_dates() {
        let g = gazetteer();
        let d = |s: &str| s.parse::<NaiveDate>().ok();
        let mut builder = GraphBuilder::default();
        // Entities: 0 = c, 1 = b, 2 = a.
        builder.add_document(
            d("2019-04-25"),
            &[mention(0), mention(1), mention(0)],
            |_| true,
            &[co(0, 1, 2)],
        );
        builder.add_document(
            d("2019-02-27"),
            &[mention(0), mention(1)],
            |_| true,
            &[co(0, 1, 1)],
        );
        builder.add_document(None, &[mention(2)], |_| true, &[]);
        let graph = builder.finish(&g, &GraphFilter::default());
        let ids: Vec<&str> = graph
            .nodes()
            .map(|n| g.entity(n.entity).id.as_str())
            .collect();
        assert_eq!(ids, ["a", "b", "c"]);
        let c = graph.nodes().find(|n| n.entity == EntityIndex(0)).unwrap();
        assert_eq!((c.mentions, c.documents), (3, 2));
        assert_eq!(
            c.dates,
            Some((d("2019-02-27").unwrap(), d("2019-04-25").unwrap()))
        );
        let edges: Vec<_> = graph.edges().collect();
        assert_eq!(edges.len(), 1);
        let (s, t, e) = edges[0];
        assert_eq!(
            (
                g.entity(s.entity).id.as_str(),
                g.entity(t.entity).id.as_str()
            ),
            ("b", "c")
        );
        assert_eq!((e.weight, e.documents), (3, 2));
    }

    #[test]
    fn filters_by_weight_and_isolation() {
        let g = gazetteer();
        let mut builder = GraphBuilder::default();
        builder.add_document(
            None,
            &[mention(0), mention(1), mention(2)],
            |_| true,
            &[co(0, 1, 1), co(1, 2, 3)],
        );
        let filter = GraphFilter {
            min_weight: 2,
            drop_isolated: true,
        };
        let graph = builder.clone().finish(&g, &filter);
        assert_eq!((graph.node_count(), graph.edge_count()), (2, 1));
        let all = builder.finish(&g, &GraphFilter::default());
        assert_eq!((all.node_count(), all.edge_count()), (3, 2));
    }

    #[test]
    fn merging_equals_adding_everything_to_one() {
        let g = gazetteer();
        let docs = [
            (vec![mention(0), mention(1)], vec![co(0, 1, 1)]),
            (vec![mention(1), mention(2)], vec![co(1, 2, 2)]),
            (vec![mention(0), mention(1)], vec![co(0, 1, 4)]),
        ];
        let mut one = GraphBuilder::default();
        let (mut left, mut right) = (GraphBuilder::default(), GraphBuilder::default());
        for (i, (m, c)) in docs.iter().enumerate() {
            one.add_document(None, m, |_| true, c);
            let part = if i < 2 { &mut left } else { &mut right };
            part.add_document(None, m, |_| true, c);
        }
        left.merge(right);
        let (a, b) = (
            one.finish(&g, &GraphFilter::default()),
            left.finish(&g, &GraphFilter::default()),
        );
        assert_eq!(a.nodes().collect::<Vec<_>>(), b.nodes().collect::<Vec<_>>());
        assert_eq!(a.edges().collect::<Vec<_>>(), b.edges().collect::<Vec<_>>());
    }
}
