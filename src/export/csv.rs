//! CSV node and edge tables, as Gephi's spreadsheet import and `pandas.read_csv` take them.
//!
//! `nodes.csv` starts `Id,Label` and `edges.csv` starts `Source,Target,Type,Weight`, the names
//! Gephi recognises; every edge row says `Undirected`, since Gephi takes an edge without a type
//! as directed. Every row has every column, so each column keeps one type. Text values that a
//! spreadsheet would run as a formula are neutralised (see [`super::spreadsheet_safe`]).

use std::io::{self, Write};

use super::{
    EdgeRecord, GraphExporter, NodeRecord, Schema, Value, format_double, spreadsheet_safe,
};

/// Which table an exporter writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Table {
    Nodes,
    Edges,
}

/// Writes one of the two CSV tables of a graph.
#[derive(Debug)]
pub struct CsvTable<W: Write> {
    writer: csv::Writer<W>,
    table: Table,
    row: Vec<String>,
    guard: bool,
}

impl<W: Write> CsvTable<W> {
    /// The node table (`nodes.csv`).
    pub fn nodes(out: W) -> CsvTable<W> {
        CsvTable::new(out, Table::Nodes)
    }

    /// The edge table (`edges.csv`).
    pub fn edges(out: W) -> CsvTable<W> {
        CsvTable::new(out, Table::Edges)
    }

    fn new(out: W, table: Table) -> CsvTable<W> {
        CsvTable {
            writer: csv::Writer::from_writer(out),
            table,
            row: vec![],
            guard: true,
        }
    }

    /// Whether text values starting with `=`, `+`, `-` or `@` get an apostrophe (on by
    /// default; see [`spreadsheet_safe`]).
    pub fn formula_guard(mut self, guard: bool) -> CsvTable<W> {
        self.guard = guard;
        self
    }

    fn text(&self, s: &str) -> String {
        spreadsheet_safe(s, self.guard).into_owned()
    }

    /// The writer back, flushed.
    pub fn into_inner(self) -> io::Result<W> {
        self.writer.into_inner().map_err(|e| e.into_error())
    }

    fn write_row(&mut self) -> io::Result<()> {
        self.writer
            .write_record(&self.row)
            .map_err(io::Error::other)?;
        self.row.clear();
        Ok(())
    }

    fn push_values(&mut self, values: &[Value<'_>]) {
        for v in values {
            let text = match v {
                Value::Str(s) => self.text(s),
                Value::String(s) => self.text(s),
                number => number.to_text(),
            };
            self.row.push(text);
        }
    }
}

impl<W: Write> GraphExporter for CsvTable<W> {
    fn begin(&mut self, schema: &Schema) -> io::Result<()> {
        let (fixed, columns): (&[&str], _) = match self.table {
            Table::Nodes => (&["Id", "Label"], &schema.node_columns),
            Table::Edges => (
                &["Source", "Target", "Type", "Weight"],
                &schema.edge_columns,
            ),
        };
        self.row.extend(fixed.iter().map(ToString::to_string));
        self.row
            .extend(columns.iter().map(|c| match c.name.as_str() {
                // Gephi's node table knows no "kind", but its edge table does: keep ours lower case.
                "kind" if self.table == Table::Nodes => "Kind".to_string(),
                name => name.to_string(),
            }));
        self.write_row()
    }

    fn node(&mut self, node: &NodeRecord<'_>) -> io::Result<()> {
        if self.table != Table::Nodes {
            return Ok(());
        }
        let (id, label) = (self.text(node.id), self.text(node.label));
        self.row.push(id);
        self.row.push(label);
        self.push_values(&node.values);
        self.write_row()
    }

    fn edge(&mut self, edge: &EdgeRecord<'_>) -> io::Result<()> {
        if self.table != Table::Edges {
            return Ok(());
        }
        let (source, target) = (self.text(edge.source), self.text(edge.target));
        self.row.push(source);
        self.row.push(target);
        self.row.push("Undirected".to_string());
        self.row.push(format_double(edge.weight));
        self.push_values(&edge.values);
        self.write_row()
    }

    fn finish(&mut self) -> io::Result<()> {
        self.writer.flush()
    }
}
