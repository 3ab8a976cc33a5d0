//! GEXF 1.3, Gephi's own format, with time: Gephi's timeline plays the graph by document date.
//!
//! Following what Gephi, graphology-gexf (Gephi Lite) and networkx accept:
//! - `mode="dynamic"`, `timeformat="date"`, `timerepresentation="interval"`; every node and
//!   edge has one spell per document date (`start` = `end` = the day), so only intervals are
//!   used, never mixed with timestamps.
//! - The static total stays in the edge's `weight`; the per-day counts are in separately named
//!   dynamic attributes (`mentions_by_date`, `windows_by_date`), because a dynamic `weight`
//!   breaks Gephi's slice mode.
//! - Every attribute is declared before use. The dynamic ones are declared first in a
//!   `mode="dynamic"` block, which Gephi takes (it keeps the first declaration of an id); they
//!   are declared again in the static block that follows, because graphology-gexf reads only the
//!   last `<attributes>` block of each class and rejects values of undeclared attributes.
//! - Attribute ids are the column names, which graphology uses as attribute names.

use std::io::{self, Write};

use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};

use super::graphml::push_escaped;
use super::{
    Column, EdgeRecord, GraphExporter, NodeRecord, Schema, Value, ValueType, format_double,
};

/// Name of the dynamic node attribute: mentions per document date.
pub const NODE_DYNAMIC: &str = "mentions_by_date";
/// Name of the dynamic edge attribute: shared windows per document date.
pub const EDGE_DYNAMIC: &str = "windows_by_date";

/// Writes a graph as GEXF 1.3.
pub struct Gexf<W: Write> {
    writer: Writer<W>,
    node_columns: Vec<Column>,
    edge_columns: Vec<Column>,
    in_edges: bool,
}

// quick-xml's writer has no `Debug`: show the type only.
impl<W: Write> std::fmt::Debug for Gexf<W> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Gexf").finish_non_exhaustive()
    }
}

impl<W: Write> Gexf<W> {
    /// A GEXF exporter writing to `out`.
    pub fn new(out: W) -> Gexf<W> {
        Gexf {
            writer: Writer::new_with_indent(out, b' ', 2),
            node_columns: vec![],
            edge_columns: vec![],
            in_edges: false,
        }
    }

    /// The writer back, once finished.
    pub fn into_inner(self) -> W {
        self.writer.into_inner()
    }

    fn start(&mut self, name: &str, attrs: &[(&str, &str)]) -> io::Result<()> {
        let mut e = BytesStart::new(name);
        for &(k, v) in attrs {
            push_escaped(&mut e, k, v);
        }
        self.writer.write_event(Event::Start(e))?;
        Ok(())
    }

    fn empty(&mut self, name: &str, attrs: &[(&str, &str)]) -> io::Result<()> {
        let mut e = BytesStart::new(name);
        for &(k, v) in attrs {
            push_escaped(&mut e, k, v);
        }
        self.writer.write_event(Event::Empty(e))?;
        Ok(())
    }

    fn end(&mut self, name: &str) -> io::Result<()> {
        self.writer.write_event(Event::End(BytesEnd::new(name)))?;
        Ok(())
    }

    fn attributes(&mut self, class: &str, columns: &[Column], dynamic: &str) -> io::Result<()> {
        self.start("attributes", &[("class", class), ("mode", "dynamic")])?;
        self.empty(
            "attribute",
            &[("id", dynamic), ("title", dynamic), ("type", "long")],
        )?;
        self.end("attributes")?;
        self.start("attributes", &[("class", class), ("mode", "static")])?;
        for c in columns {
            let kind = match c.kind {
                ValueType::String => "string",
                ValueType::Long => "long",
                ValueType::Double => "double",
            };
            self.empty(
                "attribute",
                &[("id", &c.name), ("title", &c.name), ("type", kind)],
            )?;
        }
        // Again, for graphology-gexf (see the module documentation).
        self.empty(
            "attribute",
            &[("id", dynamic), ("title", dynamic), ("type", "long")],
        )?;
        self.end("attributes")
    }

    /// Writes attvalues (static, then one per date) and spells (one per date).
    fn values<'d>(
        &mut self,
        columns: &[Column],
        values: &[Value<'_>],
        dynamic: &str,
        by_date: impl Iterator<Item = (&'d chrono::NaiveDate, u64)> + Clone,
    ) -> io::Result<()> {
        self.start("attvalues", &[])?;
        for (c, v) in columns.iter().zip(values) {
            let text = v.to_text();
            self.empty("attvalue", &[("for", &c.name), ("value", &text)])?;
        }
        for (date, n) in by_date.clone() {
            let (d, n) = (date.to_string(), n.to_string());
            self.empty(
                "attvalue",
                &[("for", dynamic), ("value", &n), ("start", &d), ("end", &d)],
            )?;
        }
        self.end("attvalues")?;
        let mut dates = by_date.peekable();
        if dates.peek().is_some() {
            self.start("spells", &[])?;
            for (date, _) in dates {
                let d = date.to_string();
                self.empty("spell", &[("start", &d), ("end", &d)])?;
            }
            self.end("spells")?;
        }
        Ok(())
    }
}

impl<W: Write> GraphExporter for Gexf<W> {
    fn begin(&mut self, schema: &Schema) -> io::Result<()> {
        self.writer
            .write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
        self.start(
            "gexf",
            &[
                ("xmlns", "http://gexf.net/1.3"),
                ("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"),
                (
                    "xsi:schemaLocation",
                    "http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd",
                ),
                ("version", "1.3"),
            ],
        )?;
        self.start("meta", &[])?;
        self.start("creator", &[])?;
        let creator = format!("comention {}", env!("CARGO_PKG_VERSION"));
        self.writer
            .write_event(Event::Text(BytesText::new(&creator)))?;
        self.end("creator")?;
        self.end("meta")?;
        self.start(
            "graph",
            &[
                ("mode", "dynamic"),
                ("defaultedgetype", "undirected"),
                ("timeformat", "date"),
                ("timerepresentation", "interval"),
            ],
        )?;
        self.node_columns = schema.node_columns.clone();
        self.edge_columns = schema.edge_columns.clone();
        let (nodes, edges) = (self.node_columns.clone(), self.edge_columns.clone());
        self.attributes("node", &nodes, NODE_DYNAMIC)?;
        self.attributes("edge", &edges, EDGE_DYNAMIC)?;
        self.start("nodes", &[])
    }

    fn node(&mut self, node: &NodeRecord<'_>) -> io::Result<()> {
        self.start("node", &[("id", node.id), ("label", node.label)])?;
        let columns = std::mem::take(&mut self.node_columns);
        let by_date = node.node.by_date.iter().map(|(d, &n)| (d, n));
        let done = self.values(&columns, &node.values, NODE_DYNAMIC, by_date);
        self.node_columns = columns;
        done?;
        self.end("node")
    }

    fn edge(&mut self, edge: &EdgeRecord<'_>) -> io::Result<()> {
        if !self.in_edges {
            self.end("nodes")?;
            self.start("edges", &[])?;
            self.in_edges = true;
        }
        let (source, target) = (edge.source, edge.target);
        let weight = format_double(edge.weight);
        self.start(
            "edge",
            &[
                ("id", &edge.id),
                ("source", source),
                ("target", target),
                ("weight", &weight),
            ],
        )?;
        let columns = std::mem::take(&mut self.edge_columns);
        let by_date = edge.edge.by_date.iter().map(|(d, &n)| (d, n));
        let done = self.values(&columns, &edge.values, EDGE_DYNAMIC, by_date);
        self.edge_columns = columns;
        done?;
        self.end("edge")
    }

    fn finish(&mut self) -> io::Result<()> {
        if self.in_edges {
            self.end("edges")?;
        } else {
            self.end("nodes")?;
            self.empty("edges", &[])?;
        }
        self.end("graph")?;
        self.end("gexf")?;
        self.writer.get_mut().write_all(b"\n")?;
        self.writer.get_mut().flush()
    }
}
