//! GraphML, as Gephi, Gephi Lite (graphology), networkx and igraph read it.
//!
//! Following what those readers accept: typed `<key>`s declared before any node, `for` only
//! `node` or `edge`, the reserved `label` (node) and `weight` (edge) keys that Gephi maps to its
//! own Label and Weight, unique edge ids, `edgedefault="undirected"`, every value written for
//! every node and edge (empty text rather than a missing value), and no control characters.

use std::io::{self, Write};

use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};

use std::borrow::Cow;

use quick_xml::events::attributes::Attribute;
use quick_xml::name::QName;

use super::{
    Column, EdgeRecord, GraphExporter, NodeRecord, Schema, Value, ValueType, xml_attribute,
    xml_text,
};

/// Writes a graph as GraphML.
pub struct GraphMl<W: Write> {
    writer: Writer<W>,
    node_keys: Vec<String>,
    edge_keys: Vec<String>,
}

// quick-xml's writer has no `Debug`: show the type only.
impl<W: Write> std::fmt::Debug for GraphMl<W> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GraphMl").finish_non_exhaustive()
    }
}

impl<W: Write> GraphMl<W> {
    /// A GraphML exporter writing to `out`.
    pub fn new(out: W) -> GraphMl<W> {
        GraphMl {
            writer: Writer::new_with_indent(out, b' ', 2),
            node_keys: vec![],
            edge_keys: vec![],
        }
    }

    /// The writer back, once finished.
    pub fn into_inner(self) -> W {
        self.writer.into_inner()
    }

    fn key(&mut self, id: &str, domain: &str, name: &str, kind: ValueType) -> io::Result<()> {
        let kind = match kind {
            ValueType::String => "string",
            ValueType::Long => "long",
            ValueType::Double => "double",
        };
        self.writer
            .create_element("key")
            .with_attributes([
                ("id", id),
                ("for", domain),
                ("attr.name", name),
                ("attr.type", kind),
            ])
            .write_empty()?;
        Ok(())
    }

    fn data(&mut self, key: &str, value: &str) -> io::Result<()> {
        self.writer
            .create_element("data")
            .with_attribute(("key", key))
            .write_text_content(BytesText::from_escaped(xml_text(value)))?;
        Ok(())
    }

    fn values(&mut self, keys: &[String], values: &[Value<'_>]) -> io::Result<()> {
        for (key, value) in keys.iter().zip(values) {
            self.data(key, &value.to_text())?;
        }
        Ok(())
    }
}

/// Adds an attribute whose value may hold any text (escaped with [`xml_attribute`]).
pub(crate) fn push_escaped(element: &mut BytesStart<'_>, key: &str, value: &str) {
    let escaped = xml_attribute(value);
    element.push_attribute(Attribute {
        key: QName(key.as_bytes()),
        value: Cow::Owned(escaped.into_bytes()),
    });
}

/// Key ids: the reserved `label` and `weight`, then `n0…`/`e0…` for the columns, so that a
/// column name never needs to be a valid XML id.
fn key_ids(prefix: &str, columns: &[Column]) -> Vec<String> {
    (0..columns.len()).map(|i| format!("{prefix}{i}")).collect()
}

impl<W: Write> GraphExporter for GraphMl<W> {
    fn begin(&mut self, schema: &Schema) -> io::Result<()> {
        self.writer
            .write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
        let mut root = BytesStart::new("graphml");
        root.push_attribute(("xmlns", "http://graphml.graphdrawing.org/xmlns"));
        root.push_attribute(("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"));
        root.push_attribute((
            "xsi:schemaLocation",
            "http://graphml.graphdrawing.org/xmlns \
             http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd",
        ));
        self.writer.write_event(Event::Start(root))?;
        self.key("label", "node", "label", ValueType::String)?;
        self.node_keys = key_ids("n", &schema.node_columns);
        for (id, c) in self.node_keys.clone().iter().zip(&schema.node_columns) {
            self.key(id, "node", &c.name, c.kind)?;
        }
        self.key("weight", "edge", "weight", ValueType::Double)?;
        self.edge_keys = key_ids("e", &schema.edge_columns);
        for (id, c) in self.edge_keys.clone().iter().zip(&schema.edge_columns) {
            self.key(id, "edge", &c.name, c.kind)?;
        }
        let mut graph = BytesStart::new("graph");
        graph.push_attribute(("id", "comention"));
        graph.push_attribute(("edgedefault", "undirected"));
        self.writer.write_event(Event::Start(graph))?;
        Ok(())
    }

    fn node(&mut self, node: &NodeRecord<'_>) -> io::Result<()> {
        let mut start = BytesStart::new("node");
        push_escaped(&mut start, "id", node.id);
        self.writer.write_event(Event::Start(start))?;
        self.data("label", node.label)?;
        let keys = std::mem::take(&mut self.node_keys);
        let done = self.values(&keys, &node.values);
        self.node_keys = keys;
        done?;
        self.writer.write_event(Event::End(BytesEnd::new("node")))?;
        Ok(())
    }

    fn edge(&mut self, edge: &EdgeRecord<'_>) -> io::Result<()> {
        let mut start = BytesStart::new("edge");
        start.push_attribute(("id", edge.id.as_str()));
        push_escaped(&mut start, "source", edge.source);
        push_escaped(&mut start, "target", edge.target);
        self.writer.write_event(Event::Start(start))?;
        self.data("weight", &super::format_double(edge.weight))?;
        let keys = std::mem::take(&mut self.edge_keys);
        let done = self.values(&keys, &edge.values);
        self.edge_keys = keys;
        done?;
        self.writer.write_event(Event::End(BytesEnd::new("edge")))?;
        Ok(())
    }

    fn finish(&mut self) -> io::Result<()> {
        self.writer
            .write_event(Event::End(BytesEnd::new("graph")))?;
        self.writer
            .write_event(Event::End(BytesEnd::new("graphml")))?;
        self.writer.get_mut().write_all(b"\n")?;
        self.writer.get_mut().flush()
    }
}
