//! Node-link JSON, as `networkx.node_link_graph(data, edges="links")` and D3 read it.
//!
//! `{"directed": false, "multigraph": false, "graph": {…}, "nodes": [{"id", "label", …}],
//! "links": [{"source", "target", "weight", …}]}`; numbers are JSON numbers. Written one node or
//! link per line, so a large graph streams out without being held twice in memory.

use std::io::{self, Write};

use serde_json::{Map, Value as Json};

use super::{Column, EdgeRecord, GraphExporter, NodeRecord, Schema, Value, format_double};

/// Writes a graph as node-link JSON.
#[derive(Debug)]
pub struct NodeLinkJson<W: Write> {
    out: W,
    node_columns: Vec<Column>,
    edge_columns: Vec<Column>,
    first: bool,
    in_links: bool,
}

impl<W: Write> NodeLinkJson<W> {
    /// A node-link exporter writing to `out`.
    pub fn new(out: W) -> NodeLinkJson<W> {
        NodeLinkJson {
            out,
            node_columns: vec![],
            edge_columns: vec![],
            first: true,
            in_links: false,
        }
    }

    /// The writer back, once finished.
    pub fn into_inner(self) -> W {
        self.out
    }

    fn item(&mut self, object: Map<String, Json>) -> io::Result<()> {
        self.out
            .write_all(if self.first { b"\n" } else { b",\n" })?;
        self.first = false;
        serde_json::to_writer(&mut self.out, &object)?;
        Ok(())
    }
}

fn json(value: &Value<'_>) -> Json {
    match value {
        Value::Str(s) => Json::from(*s),
        Value::String(s) => Json::from(s.as_str()),
        Value::Long(n) => Json::from(*n),
        // Rounded as in every other format, so a value reads the same wherever it is loaded.
        Value::Double(x) => format_double(*x)
            .parse::<f64>()
            .ok()
            .and_then(serde_json::Number::from_f64)
            .map_or(Json::from(0), Json::Number),
    }
}

fn fill(object: &mut Map<String, Json>, columns: &[Column], values: &[Value<'_>]) {
    for (c, v) in columns.iter().zip(values) {
        object.insert(c.name.clone(), json(v));
    }
}

impl<W: Write> GraphExporter for NodeLinkJson<W> {
    fn begin(&mut self, schema: &Schema) -> io::Result<()> {
        self.node_columns = schema.node_columns.clone();
        self.edge_columns = schema.edge_columns.clone();
        let graph = serde_json::json!({
            "generator": format!("comention {}", env!("CARGO_PKG_VERSION")),
        });
        write!(
            self.out,
            "{{\"directed\": false, \"multigraph\": false, \"graph\": {graph}, \"nodes\": ["
        )
    }

    fn node(&mut self, node: &NodeRecord<'_>) -> io::Result<()> {
        let mut object = Map::new();
        object.insert("id".into(), Json::from(node.id));
        object.insert("label".into(), Json::from(node.label));
        fill(&mut object, &self.node_columns, &node.values);
        self.item(object)
    }

    fn edge(&mut self, edge: &EdgeRecord<'_>) -> io::Result<()> {
        if !self.in_links {
            self.out.write_all(b"\n], \"links\": [")?;
            self.in_links = true;
            self.first = true;
        }
        let mut object = Map::new();
        object.insert("id".into(), Json::from(edge.id.as_str()));
        object.insert("source".into(), Json::from(edge.source));
        object.insert("target".into(), Json::from(edge.target));
        object.insert("weight".into(), json(&Value::Double(edge.weight)));
        fill(&mut object, &self.edge_columns, &edge.values);
        self.item(object)
    }

    fn finish(&mut self) -> io::Result<()> {
        if !self.in_links {
            self.out.write_all(b"\n], \"links\": [")?;
        }
        self.out.write_all(b"\n]}\n")?;
        self.out.flush()
    }
}
