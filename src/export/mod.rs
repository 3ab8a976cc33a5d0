//! Exporting the graph and the mentions: GraphML, CSV node and edge tables, and mention tables.
//!
//! Every graph format implements [`GraphExporter`] (begin, one call per node, one per edge,
//! finish) over the same [`Schema`], so all formats carry the same columns with the same types.
//! Files are written through [`OutputDir`], which writes each to a temporary file beside its
//! final path and renames them all only once every file is complete: a crash or a full disk
//! leaves the previous outputs, never a truncated one.

pub mod csv;
pub mod documents;
pub mod evidence;
pub mod gexf;
pub mod graphml;
pub mod json;
pub mod mentions;
pub mod rows;

use std::fs;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use crate::gazetteer::Gazetteer;
use crate::graph::{CoMentionGraph, Edge, Node};

/// The type of an attribute column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueType {
    /// Text.
    String,
    /// A whole number.
    Long,
    /// A floating-point number.
    Double,
}

/// One attribute column of nodes or edges.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    /// The name in every format.
    pub name: String,
    /// Its type.
    pub kind: ValueType,
}

/// A value of one attribute.
#[derive(Debug, Clone, PartialEq)]
pub enum Value<'a> {
    /// Text ("" when absent).
    Str(&'a str),
    /// An owned text.
    String(String),
    /// A count.
    Long(u64),
    /// A measure.
    Double(f64),
}

impl Value<'_> {
    /// The value as text, as every format writes it.
    pub fn to_text(&self) -> String {
        match self {
            Value::Str(s) => (*s).to_string(),
            Value::String(s) => s.clone(),
            Value::Long(n) => n.to_string(),
            Value::Double(x) => format_double(*x),
        }
    }
}

/// Formats a double the same way everywhere: integers without a fraction ("3"), others with up
/// to six decimals. Not-a-number and infinities (never produced from counts) are written as 0.
pub fn format_double(x: f64) -> String {
    if !x.is_finite() {
        return "0".to_string();
    }
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{x:.0}")
    } else {
        let s = format!("{x:.6}");
        let s = s.trim_end_matches('0').trim_end_matches('.');
        if s == "-0" {
            "0".to_string()
        } else {
            s.to_string()
        }
    }
}

/// The attribute columns of nodes and edges, shared by every format.
#[derive(Debug, Clone)]
pub struct Schema {
    /// Node attributes after id and label: kind, counts, dates, gazetteer columns.
    pub node_columns: Vec<Column>,
    /// Edge attributes after source, target and weight.
    pub edge_columns: Vec<Column>,
    /// Gazetteer attribute names, in the order of the node columns that carry them.
    gazetteer_attributes: Vec<String>,
}

/// Node columns every graph has, before the gazetteer's.
const NODE_COLUMNS: &[(&str, ValueType)] = &[
    ("kind", ValueType::String),
    ("mentions", ValueType::Long),
    ("documents", ValueType::Long),
    ("first_date", ValueType::String),
    ("last_date", ValueType::String),
];

/// Edge columns every graph has, after the weight.
const EDGE_COLUMNS: &[(&str, ValueType)] = &[
    ("windows", ValueType::Long),
    ("meetings", ValueType::Long),
    ("documents", ValueType::Long),
    ("first_date", ValueType::String),
    ("last_date", ValueType::String),
    ("doc_ids", ValueType::String),
    ("association_strength", ValueType::Double),
    ("npmi", ValueType::Double),
    ("jaccard", ValueType::Double),
];

/// Names that gazetteer attributes may not take as they are, because a built-in column or a
/// format's reserved field has them.
const RESERVED: &[&str] = &[
    "id",
    "label",
    "kind",
    "mentions",
    "documents",
    "first_date",
    "last_date",
    "weight",
    "source",
    "target",
    "type",
];

impl Schema {
    /// The schema of `graph`: built-in columns, then every gazetteer attribute that at least one
    /// node has (a gazetteer column that clashes with a built-in name gets a `gazetteer_` prefix).
    pub fn new(graph: &CoMentionGraph, gazetteer: &Gazetteer) -> Schema {
        let names = gazetteer.attribute_names();
        let mut used = vec![false; names.len()];
        for node in graph.nodes() {
            for &(i, _) in &gazetteer.entity(node.entity).attributes {
                used[i] = true;
            }
        }
        let mut node_columns: Vec<Column> = NODE_COLUMNS
            .iter()
            .map(|&(name, kind)| Column {
                name: name.into(),
                kind,
            })
            .collect();
        let mut gazetteer_attributes = vec![];
        for (i, name) in names.iter().enumerate().filter(|&(i, _)| used[i]) {
            let lower = name.to_ascii_lowercase();
            let column = if RESERVED.contains(&lower.as_str()) {
                format!("gazetteer_{name}")
            } else {
                name.clone()
            };
            node_columns.push(Column {
                name: column,
                kind: ValueType::String,
            });
            gazetteer_attributes.push(names[i].clone());
        }
        let edge_columns = EDGE_COLUMNS
            .iter()
            .map(|&(name, kind)| Column {
                name: name.into(),
                kind,
            })
            .collect();
        Schema {
            node_columns,
            edge_columns,
            gazetteer_attributes,
        }
    }

    /// The values of `node`, one per node column.
    pub fn node_values<'a>(&self, node: &Node, gazetteer: &'a Gazetteer) -> Vec<Value<'a>> {
        let entity = gazetteer.entity(node.entity);
        let (first, last) = dates(node.dates);
        let mut values = vec![
            Value::Str(&entity.kind),
            Value::Long(node.mentions),
            Value::Long(node.documents),
            Value::String(first),
            Value::String(last),
        ];
        for name in &self.gazetteer_attributes {
            values.push(Value::Str(gazetteer.attribute(entity, name)));
        }
        values
    }

    /// The values of the edge between `a` and `b`, one per edge column.
    pub fn edge_values(
        &self,
        graph: &CoMentionGraph,
        a: &Node,
        b: &Node,
        edge: &Edge,
    ) -> Vec<Value<'static>> {
        let (first, last) = dates(edge.dates);
        let m = graph.measures(a, b, edge);
        vec![
            Value::Long(edge.windows),
            Value::Long(edge.meetings),
            Value::Long(edge.documents),
            Value::String(first),
            Value::String(last),
            Value::String(edge.doc_ids.join("|")),
            Value::Double(m.association_strength),
            Value::Double(m.npmi),
            Value::Double(m.jaccard),
        ]
    }
}

fn dates(dates: Option<(chrono::NaiveDate, chrono::NaiveDate)>) -> (String, String) {
    dates.map_or((String::new(), String::new()), |(a, b)| {
        (a.to_string(), b.to_string())
    })
}

/// A node as exporters see it.
#[derive(Debug)]
pub struct NodeRecord<'a> {
    /// The node id (the entity id).
    pub id: &'a str,
    /// The label.
    pub label: &'a str,
    /// One value per [`Schema::node_columns`].
    pub values: Vec<Value<'a>>,
    /// The node itself, for formats that carry more (per-date counts).
    pub node: &'a Node,
}

/// An edge as exporters see it.
#[derive(Debug)]
pub struct EdgeRecord<'a> {
    /// A unique edge id (`e0`, `e1`, … in output order).
    pub id: String,
    /// Source node id (the smaller in id order).
    pub source: &'a str,
    /// Target node id.
    pub target: &'a str,
    /// Windows that mention both, or their fractional share.
    pub weight: f64,
    /// One value per [`Schema::edge_columns`].
    pub values: Vec<Value<'a>>,
    /// The edge itself, for formats that carry more (per-date counts).
    pub edge: &'a Edge,
}

/// One output format of the graph.
pub trait GraphExporter {
    /// Starts the file: everything that comes before the nodes.
    fn begin(&mut self, schema: &Schema) -> io::Result<()>;
    /// Writes one node (nodes come in id order, all before the edges).
    fn node(&mut self, node: &NodeRecord<'_>) -> io::Result<()>;
    /// Writes one edge.
    fn edge(&mut self, edge: &EdgeRecord<'_>) -> io::Result<()>;
    /// Ends the file and flushes it.
    fn finish(&mut self) -> io::Result<()>;
}

/// Drives `exporters` over `graph`: begin, every node, every edge, finish.
pub fn export(
    graph: &CoMentionGraph,
    gazetteer: &Gazetteer,
    exporters: &mut [&mut dyn GraphExporter],
) -> io::Result<()> {
    let schema = Schema::new(graph, gazetteer);
    for x in exporters.iter_mut() {
        x.begin(&schema)?;
    }
    for node in graph.nodes() {
        let entity = gazetteer.entity(node.entity);
        let record = NodeRecord {
            id: &entity.id,
            label: &entity.label,
            values: schema.node_values(node, gazetteer),
            node,
        };
        for x in exporters.iter_mut() {
            x.node(&record)?;
        }
    }
    for (i, (a, b, edge)) in graph.edges().enumerate() {
        let record = EdgeRecord {
            id: format!("e{i}"),
            source: &gazetteer.entity(a.entity).id,
            target: &gazetteer.entity(b.entity).id,
            weight: edge.weight,
            values: schema.edge_values(graph, a, b, edge),
            edge,
        };
        for x in exporters.iter_mut() {
            x.edge(&record)?;
        }
    }
    for x in exporters.iter_mut() {
        x.finish()?;
    }
    Ok(())
}

/// Makes a CSV text field safe to open in a spreadsheet: a value starting with `=`, `+`, `-`,
/// `@`, a tab or a carriage return would be run as a formula by Excel, LibreOffice or Google
/// Sheets, so it gets a leading apostrophe (which spreadsheets hide). Numeric columns are never
/// passed through this. `--raw-csv` turns it off, for notebooks that want values unchanged.
pub fn spreadsheet_safe(s: &str, guard: bool) -> std::borrow::Cow<'_, str> {
    if guard && runs_as_formula(s) {
        std::borrow::Cow::Owned(format!("'{s}"))
    } else {
        std::borrow::Cow::Borrowed(s)
    }
}

/// Whether a spreadsheet would run `s` as a formula. A lone `-` (standard input's name) is
/// text to every spreadsheet.
pub(crate) fn runs_as_formula(s: &str) -> bool {
    s.starts_with(['=', '+', '-', '@', '\t', '\r']) && s != "-"
}

/// Escapes text for XML element content: `&`, `<`, `>`, and carriage return as `&#13;`, which
/// every XML reader would otherwise turn into a line feed (XML 1.0, end-of-line handling).
pub fn xml_text(s: &str) -> String {
    xml_escape(s, false)
}

/// Escapes text for an XML attribute value: as [`xml_text`], plus quotes, and tab, line feed and
/// carriage return as character references, which attribute-value normalisation would
/// otherwise turn into spaces.
pub fn xml_attribute(s: &str) -> String {
    xml_escape(s, true)
}

fn xml_escape(s: &str, attribute: bool) -> String {
    let mut out = String::with_capacity(s.len());
    for c in clean_text(s).chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\r' => out.push_str("&#13;"),
            '"' if attribute => out.push_str("&quot;"),
            '\'' if attribute => out.push_str("&apos;"),
            '\n' if attribute => out.push_str("&#10;"),
            '\t' if attribute => out.push_str("&#9;"),
            c => out.push(c),
        }
    }
    out
}

/// Removes characters that XML 1.0 forbids, and other control characters that break parsers
/// (Gephi's among them); keeps tab, newline and carriage return.
pub fn clean_text(s: &str) -> std::borrow::Cow<'_, str> {
    let bad = |c: char| {
        (c.is_control() && !matches!(c, '\t' | '\n' | '\r')) || matches!(c, '\u{FFFE}' | '\u{FFFF}')
    };
    if s.chars().any(bad) {
        std::borrow::Cow::Owned(s.chars().filter(|&c| !bad(c)).collect())
    } else {
        std::borrow::Cow::Borrowed(s)
    }
}

/// An output file being written: a temporary file beside its final path, renamed to that path
/// by [`OutputDir::commit`] and deleted if dropped before.
#[derive(Debug)]
pub struct OutputFile {
    writer: BufWriter<tempfile::NamedTempFile>,
    path: PathBuf,
    /// Bytes written since the disk was last asked to catch up.
    unsynced: u64,
}

/// Written bytes after which a large table is flushed to disk in the background, so that the
/// flush at [`OutputDir::commit`] has only the rest to write.
const SYNC_EVERY: u64 = 64 << 20;

impl OutputFile {
    /// The final path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    fn wrote(&mut self, n: usize) {
        self.unsynced += n as u64;
        if self.unsynced >= SYNC_EVERY {
            self.unsynced = 0;
            // On a thread of its own, writing goes on meanwhile; only a head start, so without
            // a thread (the system may refuse one) the commit flushes it all. Through a file
            // opened anew, not a clone of this one: a write-back error is reported once per
            // open file, and the commit's flush must still see it.
            if let Ok(file) = fs::File::open(self.writer.get_ref().path()) {
                let _ = std::thread::Builder::new().spawn(move || file.sync_data());
            }
        }
    }
}

impl Write for OutputFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.writer.write(buf)?;
        self.wrote(n);
        Ok(n)
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        self.writer.write_all(buf)?;
        self.wrote(buf.len());
        Ok(())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.writer.flush()
    }
}

/// The folder outputs go to. Files appear under their final names only on [`OutputDir::commit`].
///
/// Until then each is a hidden temporary file named after the output and the process writing it
/// (`.edges.csv.comention-PID.XXXXXX.tmp`), locked (`flock`) by that process while it is open,
/// so that what a run leaves when it is killed can be told apart: [`remove_temporaries`] removes
/// a process's own (on an interrupt), and [`OutputDir::new`] those that no process holds.
///
/// A folder that the run created is removed again, if still empty, when the run ends without
/// committing (an error) or is interrupted ([`remove_new_folders`]).
#[derive(Debug)]
pub struct OutputDir {
    dir: PathBuf,
    /// The folders [`OutputDir::new`] created, deepest first; emptied by a commit.
    created: Vec<PathBuf>,
    /// Earlier outputs to remove on commit (see [`OutputDir::retire`]).
    retired: Vec<PathBuf>,
}

/// The folders created for outputs by this process, deepest first (see [`remove_new_folders`]).
static NEW_FOLDERS: std::sync::Mutex<Vec<PathBuf>> = std::sync::Mutex::new(Vec::new());

fn new_folders() -> std::sync::MutexGuard<'static, Vec<PathBuf>> {
    NEW_FOLDERS
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Removes the output folders this process created that are still empty, deepest first: what
/// an interrupted run calls after [`remove_temporaries`], so that a run into a new `-o a/b`
/// leaves no empty `a/b` behind. A folder with anything in it stays.
pub fn remove_new_folders() {
    let folders = new_folders();
    for folder in folders.iter() {
        let _ = fs::remove_dir(folder);
    }
}

/// Held while outputs are renamed into place, so that an interrupt handler that takes it (see
/// [`remove_temporaries`]) never leaves the folder with some outputs new and some old.
pub static COMMITTING: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// Set once outputs have been renamed into place (under [`COMMITTING`]): an interrupt after that
/// has nothing left to undo, and the run may finish as it would have.
pub static COMMITTED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// What marks a temporary output file's name, before the process id.
const TEMPORARY_MARK: &str = "comention-";

/// The temporary output files in `dir` (see [`OutputDir`]), with the process id in each name.
fn temporaries(dir: &Path) -> Vec<(PathBuf, u32)> {
    let Ok(entries) = fs::read_dir(dir) else {
        return vec![];
    };
    entries
        .filter_map(Result::ok)
        .filter_map(|entry| {
            let name = entry.file_name().into_string().ok()?;
            let stem = name.strip_prefix('.')?.strip_suffix(".tmp")?;
            // NAME.comention-PID.RANDOM, the name possibly with dots of its own.
            let mut parts = stem.rsplitn(3, '.');
            let (random, pid, _name) = (parts.next()?, parts.next()?, parts.next()?);
            if random.len() != TEMPORARY_RANDOM
                || !random.bytes().all(|b| b.is_ascii_alphanumeric())
            {
                return None;
            }
            let pid = pid.strip_prefix(TEMPORARY_MARK)?.parse().ok()?;
            Some((entry.path(), pid))
        })
        .collect()
}

/// Random characters in a temporary file's name.
const TEMPORARY_RANDOM: usize = 6;

/// Removes the temporary output files that process `pid` was writing in `dir` (the outputs it
/// had not finished), as when that process is interrupted. Returns how many were removed.
///
/// An interrupt handler calls it holding [`COMMITTING`], and exits without letting it go: then
/// either every output is still unfinished and removed, or all were renamed into place.
pub fn remove_temporaries(dir: &Path, pid: u32) -> usize {
    temporaries(dir)
        .into_iter()
        .filter(|&(_, p)| p == pid)
        .filter(|(path, _)| fs::remove_file(path).is_ok())
        .count()
}

/// Removes the temporary output files that no process holds any more (a run killed before it
/// could clean up): a file is removed only if nobody holds its lock and it was last written a
/// minute ago or more (its writer locks it right after creating it).
fn remove_stale_temporaries(dir: &Path) {
    for (path, _) in temporaries(dir) {
        let Ok(file) = fs::File::open(&path) else {
            continue;
        };
        let old = file
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age.as_secs() >= 60);
        if old && file.try_lock().is_ok() {
            let _ = fs::remove_file(&path);
        }
    }
}

/// An output could not be written.
#[derive(Debug, thiserror::Error)]
#[error("cannot write {path}: {source}")]
pub struct OutputError {
    /// The file or folder.
    pub path: PathBuf,
    /// The reason.
    pub source: io::Error,
}

impl OutputDir {
    /// Uses `dir` for outputs, creating it if needed, and removes what killed runs left there.
    pub fn new(dir: &Path) -> Result<OutputDir, OutputError> {
        let err = |source| OutputError {
            path: dir.to_path_buf(),
            source,
        };
        if dir.exists() && !dir.is_dir() {
            return Err(err(io::Error::other(
                "it is a file, not a folder: give a folder's name",
            )));
        }
        // One level at a time, keeping those this run made (not those that were there, or that
        // another process made meanwhile), deepest first.
        let mut created = vec![];
        let mut path = PathBuf::new();
        for part in dir.components() {
            path.push(part);
            match fs::create_dir(&path) {
                Ok(()) => created.insert(0, path.clone()),
                Err(_) if path.is_dir() => {}
                Err(e) => return Err(err(e)),
            }
        }
        new_folders().extend(created.iter().cloned());
        remove_stale_temporaries(dir);
        Ok(OutputDir {
            dir: dir.to_path_buf(),
            created,
            retired: vec![],
        })
    }

    /// The folder.
    pub fn path(&self) -> &Path {
        &self.dir
    }

    /// Starts writing `name` in the folder, as a hidden temporary file.
    pub fn create(&self, name: &str) -> Result<OutputFile, OutputError> {
        let path = self.dir.join(name);
        let file = tempfile::Builder::new()
            .prefix(&format!(".{name}.{TEMPORARY_MARK}{}.", std::process::id()))
            .rand_bytes(TEMPORARY_RANDOM)
            .suffix(".tmp")
            .tempfile_in(&self.dir)
            .map_err(|source| OutputError {
                path: path.clone(),
                source,
            })?;
        // Held while the file is open: tells a later run that it is not a killed run's leftover.
        // (Where locks are not supported, leftovers stay.)
        let _ = file.as_file().try_lock();
        Ok(OutputFile {
            writer: BufWriter::with_capacity(1 << 16, file),
            path,
            unsynced: 0,
        })
    }

    /// Has [`commit`](Self::commit) remove `name` from the folder, if an earlier run left it
    /// there, with the new outputs in place: a `counts.json` beside newer tables would make the
    /// folder a part that merges counts of one run with the tables of another. Until the
    /// commit, the earlier outputs stay whole.
    pub fn retire(&mut self, name: &str) {
        self.retired.push(self.dir.join(name));
    }

    /// Flushes every file to disk, then renames each to its final name. Nothing is renamed
    /// unless every file could be flushed.
    pub fn commit(mut self, files: Vec<OutputFile>) -> Result<Vec<PathBuf>, OutputError> {
        let flush = |OutputFile { writer, path, .. }: OutputFile| {
            let err = |source: io::Error| OutputError {
                path: path.clone(),
                source,
            };
            let file = writer.into_inner().map_err(|e| err(e.into_error()))?;
            file.as_file().sync_all().map_err(err)?;
            set_readable(file.as_file()).map_err(err)?;
            Ok((file, path))
        };
        // Each file on a thread of its own: the disk takes the writes of all at once, and the
        // run waits for the largest, not for the sum (a tenth of a second on 250 MB of tables).
        // A file whose thread the system refuses is flushed here afterwards.
        let slots: Vec<std::sync::Mutex<Option<OutputFile>>> =
            files.into_iter().map(|f| Some(f).into()).collect();
        let taken = |slot: &std::sync::Mutex<Option<OutputFile>>| {
            slot.lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .take()
        };
        let mut flushed: Vec<Result<_, OutputError>> = std::thread::scope(|s| {
            let threads: Vec<_> = (slots.iter())
                .filter_map(|slot| {
                    std::thread::Builder::new()
                        .spawn_scoped(s, || taken(slot).map(flush))
                        .ok()
                })
                .collect();
            (threads.into_iter())
                .filter_map(|t| t.join().expect("flushing a file does not panic"))
                .collect()
        });
        flushed.extend(slots.iter().filter_map(taken).map(flush));
        let ready = flushed.into_iter().collect::<Result<Vec<_>, _>>()?;
        let _committing = COMMITTING
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        // The folder holds outputs from now on (or what a failed rename left): it stays.
        new_folders().retain(|f| !self.created.contains(f));
        self.created.clear();
        let mut done = vec![];
        for (file, path) in ready {
            file.persist(&path).map_err(|e| OutputError {
                path: path.clone(),
                source: e.error,
            })?;
            done.push(path);
        }
        for path in &self.retired {
            match fs::remove_file(path) {
                Err(e) if e.kind() != io::ErrorKind::NotFound => {
                    return Err(OutputError {
                        path: path.clone(),
                        source: e,
                    });
                }
                _ => {}
            }
        }
        COMMITTED.store(true, std::sync::atomic::Ordering::SeqCst);
        Ok(done)
    }
}

impl Drop for OutputDir {
    /// A run that ends without committing (an error) removes the folders it created, if empty
    /// (its temporary files, dropped before, are gone).
    fn drop(&mut self) {
        for folder in &self.created {
            let _ = fs::remove_dir(folder);
        }
    }
}

/// Temporary files are private (0600); outputs get the usual 0644.
#[cfg(unix)]
fn set_readable(file: &fs::File) -> io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    file.set_permissions(fs::Permissions::from_mode(0o644))
}

#[cfg(not(unix))]
fn set_readable(_: &fs::File) -> io::Result<()> {
    Ok(())
}

/// Writes `n` in decimal into `buf` and returns the digits: numbers for the CSV tables without
/// allocating a string per field.
pub(crate) fn decimal(mut n: u64, buf: &mut [u8; 20]) -> &[u8] {
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            return &buf[i..];
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doubles_format_stably() {
        assert_eq!(format_double(3.0), "3");
        assert_eq!(format_double(0.5), "0.5");
        assert_eq!(format_double(1.0 / 3.0), "0.333333");
        assert_eq!(format_double(-0.25), "-0.25");
    }

    #[test]
    fn formulas_are_neutralised_in_csv_text() {
        assert_eq!(
            spreadsheet_safe("=HYPERLINK(\"x\")", true),
            "'=HYPERLINK(\"x\")"
        );
        assert_eq!(spreadsheet_safe("@SUM(A1)", true), "'@SUM(A1)");
        assert_eq!(spreadsheet_safe("-1+2", true), "'-1+2");
        assert_eq!(spreadsheet_safe("Kim Jong Un", true), "Kim Jong Un");
        assert_eq!(spreadsheet_safe("=1", false), "=1");
    }

    #[test]
    fn xml_escaping_keeps_line_ends_and_whitespace() {
        assert_eq!(xml_text("a\r\nb & <c>\u{7}"), "a&#13;\nb &amp; &lt;c&gt;");
        assert_eq!(
            xml_attribute("\"x\"\t'y'\n"),
            "&quot;x&quot;&#9;&apos;y&apos;&#10;"
        );
    }

    #[test]
    fn control_characters_are_removed() {
        assert_eq!(clean_text("a\u{0}b\u{1b}c\td\ne"), "abc\td\ne");
        assert!(matches!(clean_text("plain"), std::borrow::Cow::Borrowed(_)));
    }

    #[test]
    fn outputs_appear_only_on_commit() {
        let dir = tempfile::tempdir().unwrap();
        let out = OutputDir::new(dir.path()).unwrap();
        let mut file = out.create("a.csv").unwrap();
        file.write_all(b"x\n").unwrap();
        assert!(!dir.path().join("a.csv").exists());
        out.commit(vec![file]).unwrap();
        assert_eq!(fs::read_to_string(dir.path().join("a.csv")).unwrap(), "x\n");
        let leftovers = fs::read_dir(dir.path()).unwrap().count();
        assert_eq!(leftovers, 1, "no temporary file is left behind");
    }

    #[test]
    fn dropped_outputs_leave_previous_files() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("a.csv"), "old\n").unwrap();
        let out = OutputDir::new(dir.path()).unwrap();
        let mut file = out.create("a.csv").unwrap();
        file.write_all(b"half").unwrap();
        drop(file);
        assert_eq!(
            fs::read_to_string(dir.path().join("a.csv")).unwrap(),
            "old\n"
        );
    }

    #[test]
    fn leftovers_that_no_process_holds_are_removed_and_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        let me = std::process::id();
        let two_minutes_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(120);
        let make = |name: &str| {
            let path = dir.path().join(name);
            let file = fs::File::create(&path).unwrap();
            file.set_modified(two_minutes_ago).unwrap();
            (path, file)
        };
        // A killed run's: old, nobody holds it.
        let (stale, _) = make(".mentions.csv.comention-999.Xy34Zw.tmp");
        // A running process's: held (another open file description, as another process's).
        let (held, held_file) = make(&format!(".edges.csv.comention-{me}.Ab12Cd.tmp"));
        held_file.try_lock().unwrap();
        // Just created, not locked yet.
        let fresh = dir.path().join(".nodes.csv.comention-998.Fr35hh.tmp");
        fs::write(&fresh, "").unwrap();
        // Not comention's, however old.
        let others = [
            "edges.csv",
            ".notes.tmp",
            ".report.2023.final.tmp",
            ".data.99999.Ab12Cd.tmp",
            ".data.comention-99999.v2.tmp",
            ".backup.comention-4000.old1234.tmp",
        ];
        for name in others {
            make(name);
        }
        let out = OutputDir::new(dir.path()).unwrap();
        let file = out.create("graph.gexf").unwrap();
        let names = || {
            let mut names: Vec<String> = fs::read_dir(dir.path())
                .unwrap()
                .map(|e| e.unwrap().file_name().into_string().unwrap())
                .collect();
            names.sort();
            names
        };
        assert!(!stale.exists(), "{:?}", names());
        assert!(held.exists() && fresh.exists(), "{:?}", names());
        let ours = format!(".graph.gexf.comention-{me}.");
        assert!(
            names().iter().any(|n| n.starts_with(&ours)),
            "{:?}",
            names()
        );
        // An interrupt removes this process's own: the one being written and the held one.
        assert_eq!(remove_temporaries(dir.path(), me), 2, "{:?}", names());
        drop((file, held_file));
        let mut expected: Vec<String> = others.iter().map(|s| s.to_string()).collect();
        expected.push(".nodes.csv.comention-998.Fr35hh.tmp".into());
        expected.sort();
        assert_eq!(names(), expected, "other files are left alone");
    }

    #[test]
    fn decimal_writes_every_digit() {
        let mut buf = [0u8; 20];
        for n in [0, 7, 10, 99, 1234567890, u64::MAX] {
            assert_eq!(decimal(n, &mut buf), n.to_string().as_bytes());
        }
    }
}
