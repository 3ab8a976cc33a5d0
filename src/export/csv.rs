//! CSV node and edge tables, as Gephi's spreadsheet import and `pandas.read_csv` take them.
//!
//! `nodes.csv` starts `Id,Label` and `edges.csv` starts `Source,Target,Type,Weight`, the names
//! Gephi recognises; every edge row says `Undirected`, since Gephi takes an edge without a type
//! as directed. Every row has every column, so each column keeps one type.

use std::io::{self, Write};

use super::{EdgeRecord, GraphExporter, NodeRecord, Schema, Value, format_double};

/// Which table an exporter writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Table {
    Nodes,
    Edges,
}

/// Writes one of the two CSV tables of a graph.
pub struct CsvTable<W: Write> {
    writer: csv::Writer<W>,
    table: Table,
    row: Vec<String>,
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
        }
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
        self.row.extend(values.iter().map(Value::to_text));
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
        self.row.push(node.id.to_string());
        self.row.push(node.label.to_string());
        self.push_values(&node.values);
        self.write_row()
    }

    fn edge(&mut self, edge: &EdgeRecord<'_>) -> io::Result<()> {
        if self.table != Table::Edges {
            return Ok(());
        }
        self.row.push(edge.source.to_string());
        self.row.push(edge.target.to_string());
        self.row.push("Undirected".to_string());
        self.row.push(format_double(edge.weight));
        self.push_values(&edge.values);
        self.write_row()
    }

    fn finish(&mut self) -> io::Result<()> {
        self.writer.flush()
    }
}
