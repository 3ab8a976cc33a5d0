//! Gazetteers: the entities to find and the aliases that name them, loaded from CSV.
//!
//! The format is specified in `docs/FORMATS.md` (one entity per row: `id`, `kind`, `label`,
//! `aliases`, optional `aliases.KIND` and `exact` columns, and any further columns carried through
//! as node attributes). Loading checks every row and reports problems with file, line and reason;
//! an alias claimed by several entities is kept for all of them and reported as ambiguous, so the
//! resolver can decide from context instead of the last row silently winning.

use std::collections::BTreeMap;
use std::sync::Arc;

use rustc_hash::{FxBuildHasher, FxHashMap};
use std::fmt;
use std::hash::BuildHasher;
use std::io::{BufReader, Read};
use std::path::{Path, PathBuf};

use crate::fold::{Case, fold_str, is_word_char};
use crate::quoting::{
    CLOSED_LATER, NEVER_CLOSED, QuoteWatch, closed_later, header_quoting, runs_to_end, without_bom,
};

/// The alias kind of the `aliases` column.
pub const ALIAS_NAME: &str = "name";
/// The alias kind of short forms (surnames) that refer back to a person named in full.
pub const ALIAS_SHORT: &str = "short";
/// Alias kinds not matched unless asked for with `--alias-kinds`: a capital named in news is
/// more often the city than its government ("a hotel in Moscow").
pub const ALIAS_KINDS_OFF_BY_DEFAULT: &[&str] = &["capital"];
/// The entity kind of meeting cues ("met", "summit"): matched, but not graph nodes by default.
pub const KIND_CUE: &str = "cue";
/// Entity kinds that are matched but are not graph nodes unless `--kinds` names them: meeting
/// cues ("met", "talks"), and regions ("Latin America", "the Persian Gulf"), which exist so that
/// the longest match keeps "America" or "Gulf" from being read on their own.
pub const KINDS_OFF_BY_DEFAULT: &[&str] = &[KIND_CUE, "region"];

/// The default gazetteers, embedded in the binary: `(file name, CSV text)`.
pub const DEFAULT_GAZETTEERS: &[(&str, &str)] = &[
    ("countries.csv", include_str!("../gazetteers/countries.csv")),
    ("people.csv", include_str!("../gazetteers/people.csv")),
    ("events.csv", include_str!("../gazetteers/events.csv")),
];

/// Index of an entity in its [`Gazetteer`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct EntityIndex(pub u32);

impl EntityIndex {
    /// The index as a `usize`, for indexing slices.
    pub fn as_usize(self) -> usize {
        self.0 as usize
    }
}

/// One name of an entity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alias {
    /// The alias as written in the gazetteer.
    pub text: String,
    /// Its alias kind: `name`, `short`, `demonym`, `capital`, or another open kind.
    pub kind: String,
    /// Whether it matches only with the capitalisation written (or in all capitals).
    pub exact: bool,
}

/// A person, country, event or anything else a gazetteer names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entity {
    /// Stable identifier, unique in the gazetteer.
    pub id: String,
    /// Entity kind: `person`, `country`, `event`, `cue`, …
    pub kind: String,
    /// Display name.
    pub label: String,
    /// Every alias, in gazetteer order, without repeats.
    pub aliases: Vec<Alias>,
    /// Further columns: `(attribute index in the gazetteer, value)`, non-empty values only.
    pub attributes: Vec<(usize, String)>,
    /// Where the row came from.
    pub origin: Origin,
}

/// A position in a gazetteer file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    /// File name or path as given (shared by the rows of one file).
    pub source: Arc<str>,
    /// 1-based line number.
    pub line: u64,
}

/// How the default gazetteers' files are named in problems.
const DEFAULT_SOURCE: &str = "<default>/";

impl Origin {
    /// Whether this is a row of the default gazetteers.
    pub fn is_default(&self) -> bool {
        self.source.starts_with(DEFAULT_SOURCE)
    }
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.source, self.line)
    }
}

/// How serious a [`Problem`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Loading can go on, and the result is what the row says (e.g. an ambiguous alias).
    Warning,
    /// The gazetteer is broken: it cannot be used until this is fixed.
    Error,
}

/// Something wrong (or worth knowing) in a gazetteer, with its position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Error or warning.
    pub severity: Severity,
    /// Where.
    pub origin: Origin,
    /// What, in words a user can act on.
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = match self.severity {
            Severity::Warning => "warning",
            Severity::Error => "error",
        };
        write!(f, "{}: {}: {}", self.origin, level, self.message)
    }
}

/// Why a gazetteer could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum GazetteerError {
    /// A file or folder could not be read.
    #[error("cannot read gazetteer {path}: {reason}")]
    Io {
        /// The path.
        path: PathBuf,
        /// The operating system's reason.
        reason: String,
    },
    /// A folder held no `.csv` file.
    #[error("gazetteer folder {0} holds no .csv file")]
    EmptyFolder(PathBuf),
    /// Rows are broken; every error found is listed.
    #[error("{} error(s) in the gazetteer, first: {}", .0.len(), .0[0])]
    Invalid(Vec<Problem>),
}

/// Entities and their aliases, loaded from one or more CSV files.
#[derive(Debug, Clone, Default)]
pub struct Gazetteer {
    entities: Vec<Entity>,
    attribute_names: Vec<String>,
    by_id: IdIndex,
    warnings: Vec<Problem>,
}

/// Entity indices by id. The table holds each id's hash and entity index only and compares ids
/// in the entities themselves, so no id is stored twice (copies would cost a million-entity
/// gazetteer about 80 MB); the hash is kept so that growing the table reads no entity.
#[derive(Debug, Clone, Default)]
struct IdIndex {
    table: hashbrown::HashTable<(u64, EntityIndex)>,
}

impl IdIndex {
    fn get(&self, entities: &[Entity], id: &str) -> Option<EntityIndex> {
        let hash = id_hash(id);
        self.table
            .find(hash, |&(h, i)| h == hash && entities[i.as_usize()].id == id)
            .map(|&(_, i)| i)
    }

    /// Indexes `entities[index]`, whose id is not indexed yet.
    fn insert(&mut self, entities: &[Entity], index: EntityIndex) {
        let hash = id_hash(&entities[index.as_usize()].id);
        self.table.insert_unique(hash, (hash, index), |&(h, _)| h);
    }
}

fn id_hash(id: &str) -> u64 {
    FxBuildHasher.hash_one(id)
}

impl Gazetteer {
    /// Starts loading a gazetteer.
    pub fn builder() -> GazetteerBuilder {
        GazetteerBuilder::default()
    }

    /// Loads the default gazetteers embedded in the binary.
    pub fn default_gazetteers() -> Result<Gazetteer, GazetteerError> {
        let mut builder = Gazetteer::builder();
        builder.add_defaults();
        builder.build()
    }

    /// Every entity, indexed by [`EntityIndex`].
    pub fn entities(&self) -> &[Entity] {
        &self.entities
    }

    /// The entity at `index`.
    pub fn entity(&self, index: EntityIndex) -> &Entity {
        &self.entities[index.as_usize()]
    }

    /// Finds an entity by its id.
    pub fn find(&self, id: &str) -> Option<EntityIndex> {
        self.by_id.get(&self.entities, id)
    }

    /// Names of the further columns, indexed as in [`Entity::attributes`].
    pub fn attribute_names(&self) -> &[String] {
        &self.attribute_names
    }

    /// The value of attribute `name` for `entity`, or "" when absent.
    pub fn attribute<'a>(&'a self, entity: &'a Entity, name: &str) -> &'a str {
        let Some(index) = self.attribute_names.iter().position(|n| n == name) else {
            return "";
        };
        entity
            .attributes
            .iter()
            .find(|(i, _)| *i == index)
            .map_or("", |(_, v)| v.as_str())
    }

    /// Warnings found while loading (ambiguous aliases and the like).
    pub fn warnings(&self) -> &[Problem] {
        &self.warnings
    }

    /// Every entity kind present, sorted, with its number of entities.
    pub fn kinds(&self) -> BTreeMap<&str, usize> {
        let mut kinds = BTreeMap::new();
        for e in &self.entities {
            *kinds.entry(e.kind.as_str()).or_insert(0) += 1;
        }
        kinds
    }

    /// Every alias kind present, sorted, with its number of aliases.
    pub fn alias_kinds(&self) -> BTreeMap<&str, usize> {
        let mut kinds = BTreeMap::new();
        for a in self.entities.iter().flat_map(|e| &e.aliases) {
            *kinds.entry(a.kind.as_str()).or_insert(0) += 1;
        }
        kinds
    }
}

/// The first kind `asked` for that is not among `known` (a [`Gazetteer::kinds`] or
/// [`Gazetteer::alias_kinds`]), and the known ones, sorted: what an error about it says.
pub(crate) fn first_unknown(
    asked: &Option<Vec<String>>,
    known: BTreeMap<&str, usize>,
) -> Option<(String, Vec<String>)> {
    let unknown = asked
        .iter()
        .flatten()
        .find(|k| !known.contains_key(k.as_str()))?;
    Some((
        unknown.clone(),
        known.into_keys().map(String::from).collect(),
    ))
}

/// Loads gazetteer files and folders, collecting every problem before failing.
#[derive(Debug, Default)]
pub struct GazetteerBuilder {
    gazetteer: Gazetteer,
    /// Ids of rows that had errors, so that a later duplicate is still reported.
    broken: FxHashMap<String, Origin>,
    errors: usize,
    problems: Vec<Problem>,
    io_error: Option<GazetteerError>,
}

impl GazetteerBuilder {
    /// Adds a CSV file, or every `*.csv` file below a folder (in sorted order).
    pub fn add_path(&mut self, path: &Path) -> &mut Self {
        if self.io_error.is_some() {
            return self;
        }
        let io = |e: &dyn fmt::Display| GazetteerError::Io {
            path: path.to_path_buf(),
            reason: e.to_string(),
        };
        if path.is_dir() {
            let mut files = Vec::new();
            for entry in walkdir::WalkDir::new(path).sort_by_file_name() {
                match entry {
                    Ok(e) if e.file_type().is_file() => {
                        let is_csv = e
                            .path()
                            .extension()
                            .is_some_and(|x| x.eq_ignore_ascii_case("csv"));
                        if is_csv {
                            files.push(e.into_path());
                        }
                    }
                    Ok(_) => {}
                    Err(e) => {
                        self.io_error = Some(io(&e));
                        return self;
                    }
                }
            }
            if files.is_empty() {
                self.io_error = Some(GazetteerError::EmptyFolder(path.to_path_buf()));
            }
            for file in files {
                self.add_path(&file);
            }
            return self;
        }
        match std::fs::File::open(path) {
            Ok(file) => self.add_reader(&path.display().to_string(), file),
            Err(e) => {
                self.io_error = Some(io(&e));
                self
            }
        }
    }

    /// Adds the default gazetteers embedded in the binary, named `<default>/FILE` in problems.
    pub fn add_defaults(&mut self) -> &mut Self {
        for (name, text) in DEFAULT_GAZETTEERS {
            self.add_reader(&format!("{DEFAULT_SOURCE}{name}"), text.as_bytes());
        }
        self
    }

    /// Adds CSV text from a reader; `source` names it in problems.
    pub fn add_reader<R: Read>(&mut self, source: &str, reader: R) -> &mut Self {
        let source: Arc<str> = source.into();
        let origin = |line: u64| Origin {
            source: source.clone(),
            line,
        };
        let reader = match without_bom(BufReader::new(reader)) {
            Ok(reader) => reader,
            Err(e) => {
                self.error(origin(1), format!("cannot read: {e}"));
                return self;
            }
        };
        let mut csv = csv::ReaderBuilder::new()
            .flexible(false)
            .from_reader(QuoteWatch::new(reader, b','));
        let headers = match csv.headers() {
            Ok(h) => h.clone(),
            Err(e) => {
                self.error(
                    origin(e.position().map_or(1, csv::Position::line)),
                    csv_reason(&e),
                );
                return self;
            }
        };
        if let Some(reason) = header_quoting(&mut csv) {
            self.error(origin(1), reason);
            return self;
        }
        let Some(columns) = self.columns(&headers, &origin(1)) else {
            return self;
        };
        let mut record = csv::StringRecord::new();
        loop {
            let read = csv.read_record(&mut record);
            // Asked after every read, so that what a bad row held is not blamed on the next.
            let closed = closed_later(&mut csv);
            let position = match &read {
                Ok(_) => record.position(),
                Err(e) => e.position(),
            };
            let line = position.map_or(0, |p| csv.get_mut().line(p));
            if runs_to_end(&csv) {
                self.error(origin(line), NEVER_CLOSED.into());
                break;
            }
            match read {
                Ok(false) => break,
                Ok(true) if closed => {
                    self.error(origin(line), CLOSED_LATER.into());
                }
                Ok(true) => self.add_row(&record, &columns, origin(line)),
                Err(e) => {
                    self.error(origin(line), csv_reason(&e));
                    // A row with the wrong number of fields is skipped; an I/O or encoding error
                    // may repeat forever, so stop at it.
                    if !matches!(e.kind(), csv::ErrorKind::UnequalLengths { .. }) {
                        break;
                    }
                }
            }
        }
        self
    }

    /// Finishes loading: the gazetteer, or every error found. The builder is left empty, so that
    /// a chain of calls ends with it:
    ///
    /// ```
    /// let gazetteer = comention::Gazetteer::builder().add_defaults().build().unwrap();
    /// assert!(gazetteer.find("RUS").is_some());
    /// ```
    pub fn build(&mut self) -> Result<Gazetteer, GazetteerError> {
        std::mem::take(self).finish()
    }

    fn finish(mut self) -> Result<Gazetteer, GazetteerError> {
        if let Some(e) = self.io_error {
            return Err(e);
        }
        self.check_ambiguity();
        let (errors, warnings): (Vec<_>, Vec<_>) = self
            .problems
            .into_iter()
            .partition(|p| p.severity == Severity::Error);
        if !errors.is_empty() {
            return Err(GazetteerError::Invalid(errors));
        }
        self.gazetteer.warnings = warnings;
        // Rows were pushed one by one: give back the spare capacity before the matcher is built.
        self.gazetteer.entities.shrink_to_fit();
        Ok(self.gazetteer)
    }

    /// Every problem found so far, and the gazetteer as far as it loaded (for `gazetteer check`).
    /// The builder is left empty.
    pub fn check(&mut self) -> Result<(Gazetteer, Vec<Problem>), GazetteerError> {
        let mut this = std::mem::take(self);
        if let Some(e) = this.io_error.take() {
            return Err(e);
        }
        this.check_ambiguity();
        Ok((this.gazetteer, this.problems))
    }

    fn error(&mut self, origin: Origin, message: String) {
        self.errors += 1;
        self.problems.push(Problem {
            severity: Severity::Error,
            origin,
            message,
        });
    }

    fn warning(&mut self, origin: Origin, message: String) {
        self.problems.push(Problem {
            severity: Severity::Warning,
            origin,
            message,
        });
    }

    fn columns(&mut self, headers: &csv::StringRecord, origin: &Origin) -> Option<Columns> {
        let mut columns = Columns::default();
        let mut missing = vec![];
        let find = |name: &str| headers.iter().position(|h| h.trim() == name);
        for (name, slot) in [
            ("id", &mut columns.id),
            ("kind", &mut columns.kind),
            ("label", &mut columns.label),
            ("aliases", &mut columns.aliases),
        ] {
            match find(name) {
                Some(i) => *slot = i,
                None => missing.push(name),
            }
        }
        if !missing.is_empty() {
            let found: Vec<&str> = headers.iter().collect();
            self.error(
                origin.clone(),
                format!(
                    "missing column(s) {}; the header must name id, kind, label and aliases \
                     (found: {})",
                    missing.join(", "),
                    found.join(", ")
                ),
            );
            return None;
        }
        columns.exact = find("exact");
        for (i, h) in headers.iter().enumerate() {
            let h = h.trim();
            if let Some(kind) = h.strip_prefix("aliases.") {
                if kind.is_empty() {
                    self.error(
                        origin.clone(),
                        "column \"aliases.\" names no alias kind".into(),
                    );
                    return None;
                }
                columns.alias_kinds.push((i, kind.to_ascii_lowercase()));
            } else if !["id", "kind", "label", "aliases", "exact"].contains(&h) {
                if h.is_empty() {
                    self.error(origin.clone(), format!("column {} has no name", i + 1));
                    return None;
                }
                let names = &mut self.gazetteer.attribute_names;
                let index = names.iter().position(|n| n == h).unwrap_or_else(|| {
                    names.push(h.to_string());
                    names.len() - 1
                });
                columns.attributes.push((i, index));
            }
        }
        Some(columns)
    }

    fn add_row(&mut self, record: &csv::StringRecord, columns: &Columns, origin: Origin) {
        let field = |i: usize| record.get(i).unwrap_or("").trim();
        let id = field(columns.id);
        let kind = field(columns.kind).to_lowercase();
        let label = field(columns.label);
        let errors_before = self.error_count();
        if id.is_empty() {
            self.error(origin.clone(), "empty id".into());
        } else if id.chars().any(|c| c.is_whitespace() || c.is_control()) {
            self.error(
                origin.clone(),
                format!("id {id:?} contains whitespace or control characters"),
            );
        } else if let Some(first) = self
            .gazetteer
            .find(id)
            .map(|i| &self.gazetteer.entities[i.as_usize()].origin)
            .or_else(|| self.broken.get(id))
        {
            let msg = format!("duplicate id {id:?}, first defined at {first}");
            self.error(origin.clone(), msg);
        }
        if !id.is_empty()
            && !id
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b':' | b'-'))
        {
            self.warning(
                origin.clone(),
                format!(
                    "id {id:?} has characters other than A-Z, a-z, 0-9, '.', '_', ':' and '-', \
                     which some tools do not take in an id"
                ),
            );
        } else if id.starts_with('-') {
            self.warning(
                origin.clone(),
                format!(
                    "id {id:?} starts with '-': the CSV tables write it with a leading \
                     apostrophe (against spreadsheet formulas), unlike GraphML and JSON, unless \
                     --raw-csv"
                ),
            );
        }
        if kind.is_empty() {
            self.error(origin.clone(), format!("entity {id:?} has an empty kind"));
        }
        if label.is_empty() {
            self.error(origin.clone(), format!("entity {id:?} has an empty label"));
        }

        let mut aliases: Vec<Alias> = vec![];
        let mut seen: Vec<(String, bool)> = vec![];
        let mut alias_columns = vec![(columns.aliases, ALIAS_NAME.to_string())];
        alias_columns.extend(columns.alias_kinds.iter().cloned());
        let exact_list: Vec<&str> = columns
            .exact
            .map(|i| split_list(field(i)).collect())
            .unwrap_or_default();
        for (col, alias_kind) in &alias_columns {
            let cell = field(*col);
            if cell.is_empty() {
                continue;
            }
            for item in cell.split('|') {
                let text = item.trim();
                if text.is_empty() {
                    self.error(
                        origin.clone(),
                        format!(
                            "empty alias in {:?} of entity {id:?} (look for || or a trailing |)",
                            cell
                        ),
                    );
                    continue;
                }
                if !text.chars().any(is_word_char) {
                    self.error(
                        origin.clone(),
                        format!("alias {text:?} of entity {id:?} has no letter or digit"),
                    );
                    continue;
                }
                let exact = alias_kind == ALIAS_SHORT
                    || exact_list.contains(&text)
                    || is_short_capitals(text);
                // The same name twice in one row (e.g. "Erdogan" and "Erdoğan") is one pattern.
                let key = (
                    fold_str(text, if exact { Case::Keep } else { Case::Fold }),
                    exact,
                );
                if seen.contains(&key) {
                    continue;
                }
                seen.push(key);
                if text.chars().filter(|&c| is_word_char(c)).count() == 1 {
                    self.warning(
                        origin.clone(),
                        format!(
                            "alias {text:?} of entity {id:?} is a single letter or digit, found \
                             in nearly every text (\"I\", \"A\", initials, numbers): drop it"
                        ),
                    );
                } else if !exact && is_common_word(text) {
                    self.warning(
                        origin.clone(),
                        format!(
                            "alias {text:?} of entity {id:?} is a common word, found in nearly \
                             every text: list it in \"exact\" to match only that \
                             capitalisation (and all capitals), or drop it"
                        ),
                    );
                } else if is_common_word(text) && !text.chars().any(char::is_uppercase) {
                    // Matched in its own case, a lower-case "the" is still in every text.
                    let mut chars = text.chars();
                    let capitalised: String = chars
                        .next()
                        .into_iter()
                        .flat_map(char::to_uppercase)
                        .chain(chars)
                        .collect();
                    self.warning(
                        origin.clone(),
                        format!(
                            "alias {text:?} of entity {id:?} is a common word in lower case, \
                             found in nearly every text: capitalise it ({capitalised:?}) or \
                             drop it"
                        ),
                    );
                }
                aliases.push(Alias {
                    text: text.to_string(),
                    kind: alias_kind.clone(),
                    exact,
                });
            }
        }
        if aliases.is_empty() && field(columns.aliases).is_empty() {
            self.error(origin.clone(), format!("entity {id:?} has no aliases"));
        }
        for listed in &exact_list {
            if !aliases.iter().any(|a| a.text == *listed) {
                self.warning(
                    origin.clone(),
                    format!("\"exact\" names {listed:?}, which is not an alias of {id:?}"),
                );
            }
        }
        if self.error_count() > errors_before {
            if !id.is_empty() && self.gazetteer.find(id).is_none() {
                // Remember the id of a broken row, so a later duplicate is still reported.
                self.broken
                    .entry(id.to_string())
                    .or_insert_with(|| origin.clone());
            }
            return;
        }
        let attributes = columns
            .attributes
            .iter()
            .filter_map(|&(col, index)| {
                let v = field(col);
                (!v.is_empty()).then(|| (index, v.to_string()))
            })
            .collect();
        let index = EntityIndex(self.gazetteer.entities.len() as u32);
        self.gazetteer.entities.push(Entity {
            id: id.to_string(),
            kind,
            label: label.to_string(),
            aliases,
            attributes,
            origin,
        });
        let gazetteer = &mut self.gazetteer;
        gazetteer.by_id.insert(&gazetteer.entities, index);
    }

    fn error_count(&self) -> usize {
        self.errors
    }

    /// Reports every non-short alias that more than one entity claims. Shared short forms
    /// ("Kim") are by design and resolved within each document, so they are not reported.
    fn check_ambiguity(&mut self) {
        // The first entity to claim each folded alias, and every claim of an alias that another
        // entity claimed first (with that first claim).
        let aliases = self
            .gazetteer
            .entities
            .iter()
            .map(|e| e.aliases.len())
            .sum();
        let mut first_claim: FxHashMap<String, EntityIndex> =
            FxHashMap::with_capacity_and_hasher(aliases, Default::default());
        let mut contested: Vec<(String, EntityIndex)> = vec![];
        for (i, e) in self.gazetteer.entities.iter().enumerate() {
            let entity = EntityIndex(i as u32);
            for a in e.aliases.iter().filter(|a| a.kind != ALIAS_SHORT) {
                let folded = fold_str(&a.text, Case::Fold);
                match first_claim.get(&folded) {
                    None => {
                        first_claim.insert(folded, entity);
                    }
                    Some(&owner) if owner != entity => {
                        contested.push((folded.clone(), owner));
                        contested.push((folded, entity));
                    }
                    Some(_) => {}
                }
            }
        }
        drop(first_claim);
        // By alias, then owners in gazetteer order.
        contested.sort_unstable();
        contested.dedup();
        for claims in contested.chunk_by(|a, b| a.0 == b.0) {
            let ids: Vec<&str> = claims
                .iter()
                .map(|&(_, o)| self.gazetteer.entity(o).id.as_str())
                .collect();
            // At the row that made the alias ambiguous: the last to claim it (a user's row, when
            // it clashes with the default gazetteers, which load first).
            let last = claims.iter().map(|&(_, o)| o).max().expect("two claims");
            let origin = self.gazetteer.entity(last).origin.clone();
            let of_defaults = claims
                .iter()
                .any(|&(_, o)| self.gazetteer.entity(o).origin.is_default());
            let hint = if of_defaults && !origin.is_default() {
                " (the default gazetteers have it: leave it out of this row, or use \
                 --no-default-gazetteers)"
            } else {
                ""
            };
            let msg = format!(
                "ambiguous alias {:?} is claimed by {}: a mention of it resolves only when \
                 the document names exactly one of them otherwise{hint}",
                claims[0].0,
                ids.join(", ")
            );
            self.warning(origin, msg);
        }
    }
}

#[derive(Debug, Default)]
struct Columns {
    id: usize,
    kind: usize,
    label: usize,
    aliases: usize,
    exact: Option<usize>,
    alias_kinds: Vec<(usize, String)>,
    /// `(column, attribute index)`.
    attributes: Vec<(usize, usize)>,
}

fn split_list(cell: &str) -> impl Iterator<Item = &str> {
    cell.split('|').map(str::trim).filter(|s| !s.is_empty())
}

/// Aliases such as "US", "U.S.", "UK", "UN": no lower-case letter and at most three letters.
/// These are words in lower case ("us", "un"), so they match only as written.
pub fn is_short_capitals(alias: &str) -> bool {
    let letters = alias.chars().filter(|c| c.is_alphabetic()).count();
    letters > 0 && letters <= 3 && !alias.chars().any(char::is_lowercase)
}

fn csv_reason(e: &csv::Error) -> String {
    match e.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } if len > expected_len => format!(
            "row has {len} field(s) but the header has {expected_len}: quote fields that contain \
             commas"
        ),
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => format!(
            "row has {len} field(s) but the header has {expected_len}: add the missing commas \
             (an empty field is written as nothing between two commas)"
        ),
        csv::ErrorKind::Utf8 { .. } => "invalid UTF-8: save the file as UTF-8".to_string(),
        _ => e.to_string(),
    }
}

/// Whether an alias is one of the commonest words of English news, which an alias matched in
/// any case would find in nearly every document.
fn is_common_word(alias: &str) -> bool {
    const COMMON: &[&str] = &[
        "a", "about", "after", "all", "also", "an", "and", "are", "as", "at", "be", "been", "but",
        "by", "can", "for", "from", "had", "has", "have", "he", "her", "his", "if", "in", "into",
        "is", "it", "its", "more", "new", "no", "not", "of", "on", "one", "or", "our", "out",
        "over", "said", "says", "she", "so", "than", "that", "the", "their", "there", "they",
        "this", "to", "two", "up", "was", "we", "were", "what", "when", "which", "who", "will",
        "with", "would", "you",
    ];
    COMMON
        .binary_search(&fold_str(alias, Case::Fold).as_str())
        .is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(csv: &str) -> Result<Gazetteer, GazetteerError> {
        let mut b = Gazetteer::builder();
        b.add_reader("test.csv", csv.as_bytes());
        b.build()
    }

    fn errors(csv: &str) -> Vec<String> {
        match load(csv) {
            Err(GazetteerError::Invalid(problems)) => {
                problems.iter().map(ToString::to_string).collect()
            }
            other => panic!("expected errors, got {other:?}"),
        }
    }

    #[test]
    fn loads_aliases_kinds_and_attributes() {
        let g = load(
            "id,kind,label,aliases,aliases.short,country\n\
             vladimir-putin,person,Vladimir Putin,Vladimir Putin|Vladimir V. Putin,Putin,RUS\n\
             USA,country,United States,United States|US|America,,\n",
        )
        .unwrap();
        assert_eq!(g.entities().len(), 2);
        let putin = g.entity(g.find("vladimir-putin").unwrap());
        assert_eq!(putin.aliases.len(), 3);
        assert_eq!(putin.aliases[2].kind, "short");
        assert!(putin.aliases[2].exact, "short forms match case-sensitively");
        assert!(!putin.aliases[0].exact);
        assert_eq!(g.attribute(putin, "country"), "RUS");
        let usa = g.entity(g.find("USA").unwrap());
        assert!(usa.aliases.iter().find(|a| a.text == "US").unwrap().exact);
        assert!(
            !usa.aliases
                .iter()
                .find(|a| a.text == "America")
                .unwrap()
                .exact
        );
        assert_eq!(g.attribute(usa, "country"), "");
        assert_eq!(g.kinds().get("person"), Some(&1));
    }

    #[test]
    fn exact_column_forces_case() {
        let g = load("id,kind,label,aliases,exact\nTUR,country,Turkey,Turkey|Türkiye,Turkey\n")
            .unwrap();
        let tur = &g.entities()[0];
        assert!(tur.aliases[0].exact);
        assert!(!tur.aliases[1].exact);
    }

    #[test]
    fn reports_broken_rows_with_line_and_reason() {
        let errs = errors(
            "id,kind,label,aliases\n\
             a,person,A,Alpha||Al\n\
             a,person,A again,Alpha2\n\
             ,person,B,Beta\n\
             c,person,C\n\
             d,person,D,--\n",
        );
        assert!(
            errs[0].starts_with("test.csv:2: error: empty alias"),
            "{errs:?}"
        );
        assert!(
            errs[1].contains("test.csv:3: error: duplicate id \"a\""),
            "{errs:?}"
        );
        assert!(
            errs[2].starts_with("test.csv:4: error: empty id"),
            "{errs:?}"
        );
        assert!(
            errs[3].starts_with(
                "test.csv:5: error: row has 3 field(s) but the header has 4: add the missing commas"
            ),
            "{errs:?}"
        );
        assert!(errs[4].contains("has no letter or digit"), "{errs:?}");
        assert_eq!(errs.len(), 5);
    }

    #[test]
    fn broken_rows_are_placed_on_their_line_after_blank_lines_and_crlf_endings_too() {
        let table = "id,kind,label,aliases\n\
                     a,person,A,\"Alpha\nAl\"\n\
                     b,person,B,Beta||B\n\
                     \n\
                     c,person,C\n";
        let lf = errors(table);
        let crlf = errors(&table.replace('\n', "\r\n"));
        assert!(
            lf[0].starts_with("test.csv:4: error: empty alias"),
            "{lf:?}"
        );
        assert!(lf[1].starts_with("test.csv:6: error: row has 3"), "{lf:?}");
        assert_eq!(lf, crlf);
    }

    #[test]
    fn a_quote_never_closed_is_an_error_not_a_long_attribute() {
        let errs = errors(
            "id,kind,label,aliases,country\n\
             john-smith,person,John Smith,John Smith,\"GBR\n\
             jane-doe,person,Jane Doe,Jane Doe,USA\n\
             kim-jong-un,person,Kim Jong Un,Kim Jong Un,PRK\n",
        );
        assert_eq!(errs.len(), 1, "{errs:?}");
        assert!(
            errs[0].starts_with(
                "test.csv:2: error: a quoted field opened in this row is never closed"
            ),
            "{errs:?}"
        );
        let errs = errors("id,kind,\"label,aliases\nx,person,X,X\n");
        assert!(
            errs[0].starts_with("test.csv:1: error: a quoted field opened in the header"),
            "{errs:?}"
        );
        // Closed by the next row's quote: one row that took in the other.
        let errs = errors(
            "id,kind,label,aliases,country\n\
             john-smith,person,John Smith,John Smith,\"GBR\n\
             jane-doe,person,Jane Doe,Jane Doe,\"USA\"\n",
        );
        assert_eq!(errs.len(), 1, "{errs:?}");
        assert!(
            errs[0].starts_with("test.csv:2: error: a quoted field opened in this row runs over"),
            "{errs:?}"
        );
    }

    #[test]
    fn a_byte_order_mark_is_no_part_of_the_first_column() {
        let g =
            load("\u{feff}id,kind,label,aliases\nPRK,country,North Korea,North Korea\n").unwrap();
        assert_eq!(g.entities()[0].id, "PRK");
        // Lines still count from the mark's line.
        let errs = errors("\u{feff}id,kind,label,aliases\nx,person,,X\n");
        assert!(
            errs[0].starts_with("test.csv:2: error: entity \"x\" has an empty label"),
            "{errs:?}"
        );
    }

    #[test]
    fn missing_columns_are_named() {
        let errs = errors("id,name,aliases\nx,X,X\n");
        assert!(
            errs[0].contains("missing column(s) kind, label"),
            "{errs:?}"
        );
    }

    #[test]
    fn common_words_and_awkward_ids_are_warned_about() {
        let g = load(
            "id,kind,label,aliases,exact\n\
             the-band,band,The The,The|The The,\n\
             letter,person,I,I,\n\
             may,person,Theresa May,Theresa May|May,May\n\
             +plus,thing,Plus,Plus Corp,\n\
             -minus,thing,Minus,Minus Corp,\n\
             lower,thing,Lower,Lower Corp|of,of\n",
        )
        .unwrap();
        let w: Vec<String> = g.warnings().iter().map(|w| w.to_string()).collect();
        assert_eq!(w.len(), 5, "{w:?}");
        assert!(
            w[0].contains(":2: warning: alias \"The\" of entity \"the-band\" is a common word")
        );
        assert!(w[1].contains(":3: warning: alias \"I\" of entity \"letter\" is a single letter"));
        // "May" is exact: only "May" in that case matches, so it is not warned about.
        assert!(w[2].contains(":5: warning: id \"+plus\" has characters other than"));
        assert!(w[3].contains(":6: warning: id \"-minus\" starts with '-'"));
        // Exact, but in lower case: "of" is in every text all the same.
        assert!(w[4].contains(
            ":7: warning: alias \"of\" of entity \"lower\" is a common word in lower case, found in nearly every text: capitalise it (\"Of\")"
        ));
        // Warnings only: every row is loaded.
        assert_eq!(g.entities().len(), 6);
    }

    #[test]
    fn ambiguous_alias_is_reported_not_last_one_wins() {
        let g = load(
            "id,kind,label,aliases\n\
             COD,country,DR Congo,Democratic Republic of the Congo|Congo\n\
             COG,country,Republic of the Congo,Republic of the Congo|Congo\n\
             GEO,country,Georgia,Georgia|Sakartvelo\n\
             ZZZ,river,Congo River,Congo River|CONGO\n\
             US-GA,state,Georgia,Georgia|GA\n",
        )
        .unwrap();
        let w: Vec<String> = g.warnings().iter().map(|w| w.to_string()).collect();
        assert_eq!(w.len(), 2, "{w:?}");
        // By alias, each with every claimant in gazetteer order, at the last claimant's line.
        assert!(
            w[0].contains(":5: warning: ambiguous alias \"congo\" is claimed by COD, COG, ZZZ"),
            "{w:?}"
        );
        assert!(
            w[1].contains(":6: warning: ambiguous alias \"georgia\" is claimed by GEO, US-GA"),
            "{w:?}"
        );
        assert!(
            g.entities()[..2]
                .iter()
                .all(|e| e.aliases.iter().any(|a| a.text == "Congo"))
        );
    }

    #[test]
    fn shared_short_forms_are_not_reported() {
        let g = load(
            "id,kind,label,aliases,aliases.short\n\
             kim-jong-un,person,Kim Jong Un,Kim Jong Un,Kim\n\
             kim-il-sung,person,Kim Il Sung,Kim Il Sung,Kim\n",
        )
        .unwrap();
        assert!(g.warnings().is_empty());
    }

    #[test]
    fn short_capitals_rule() {
        for (alias, want) in [
            ("US", true),
            ("U.S.", true),
            ("UN", true),
            ("USA", true),
            ("NATO", false),
            ("Us", false),
            ("G20", true),
            ("20", false),
        ] {
            assert_eq!(is_short_capitals(alias), want, "{alias}");
        }
    }

    #[test]
    fn default_gazetteers_load() {
        let g = Gazetteer::default_gazetteers().unwrap();
        assert!(g.find("vladimir-putin").is_some());
        assert!(g.find("PRK").is_some());
    }
}
