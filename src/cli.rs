//! The command line: flags and their meaning, nothing else. Each command's work is in `cmd/`.

use std::path::PathBuf;
use std::sync::LazyLock;

use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};
use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::extract::EntityMethod;
use crate::ingest::Format;
use crate::model::NewsDate;
use crate::search::facets::Facet;
use crate::search::timeline::Bucket;

/// Roles a record field can fill with `--field ROLE=NAME`.
pub const FIELD_ROLES: [&str; 8] = ["id", "title", "body", "date", "source", "url", "authors", "label"];

#[derive(Debug, Parser)]
#[command(
    name = "newsdex",
    version,
    about = "Search news archives: ranked passages with sources, dates and entities",
    after_help = "Exit status: 0 success; 1 no hits (query), some input skipped (index) or a quality gate not met (eval --min-map, ner eval --min-f1); 2 error."
)]
pub struct Cli {
    /// Index directory [default: index].
    #[arg(long, global = true, env = "NEWSDEX_INDEX", value_name = "DIR")]
    pub index: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Command,
}

/// The index directory when none is named.
pub const DEFAULT_INDEX: &str = "index";

impl Cli {
    /// The index directory named with `--index` or NEWSDEX_INDEX, or the default.
    pub fn index_dir(&self) -> PathBuf {
        self.index.clone().unwrap_or_else(|| PathBuf::from(DEFAULT_INDEX))
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Index news articles from files and folders (folders are read recursively).
    Index(IndexArgs),
    /// Remove articles from the index by id.
    Delete(DeleteArgs),
    /// Search the index for ranked passages.
    Query(QueryArgs),
    /// Show what the index holds: counts, sources, dates, top entities.
    Stats(StatsArgs),
    /// Print one article, cleaned, with its metadata.
    Show(ShowArgs),
    /// Time a set of queries in one process: latency percentiles per kind of query.
    Bench(BenchArgs),
    /// Merge the index's segments into one, for the fastest queries.
    Optimize(OptimizeArgs),
    /// Write the index's articles for another engine (a Quickwit index config and NDJSON).
    Export(ExportArgs),
    /// Measure ranking on a judged test collection: MAP, nDCG@10, P@10, Recall@1000.
    Eval(EvalArgs),
    /// Articles about the same story as one article, best first.
    Related(RelatedArgs),
    /// Entities of the matching articles, or those seen with one entity more often than chance.
    Entities(EntitiesArgs),
    /// Serve the index over HTTP: a JSON API and a search page.
    Serve(ServeArgs),
    /// Train, run and score the named-entity tagger on CoNLL files.
    #[command(subcommand)]
    Ner(NerCommand),
}

#[derive(Debug, Args)]
pub struct IndexArgs {
    /// Files or folders of articles, or - for standard input. Formats are told by name and
    /// content: text, JSON lines/arrays, CSV/TSV, HTML, Reuters and TREC SGML, also .gz/.zst/.bz2.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Read every input as this format instead of telling it from names and content.
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub format: Option<FormatArg>,

    /// Which record field fills a role, for JSON and CSV (repeatable): ROLE=NAME with ROLE one of
    /// id, title, body, date, source, url, authors, label.
    #[arg(long = "field", value_name = "ROLE=NAME", value_parser = parse_field)]
    pub fields: Vec<(String, String)>,

    /// Column names for CSV/TSV files without a header row.
    #[arg(long, value_name = "NAME,NAME,…", value_delimiter = ',')]
    pub columns: Option<Vec<String>>,

    /// Stop at the first bad input instead of skipping it.
    #[arg(long)]
    pub strict: bool,

    /// Empty the index before indexing.
    #[arg(long)]
    pub rebuild: bool,

    /// Commit after this many articles, so that an interrupted run keeps its work.
    #[arg(long, default_value_t = 50_000, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    pub commit_every: u64,

    /// Commit after this many megabytes of input.
    #[arg(long, default_value_t = 256, value_name = "MB", value_parser = clap::value_parser!(u64).range(1..))]
    pub commit_every_mb: u64,

    /// Source for articles whose dateline names no agency.
    #[arg(long, value_name = "NAME")]
    pub source: Option<String>,

    /// Year for dates written without one ("July 31"); without it such years stay unknown.
    #[arg(long, value_name = "YEAR", value_parser = clap::value_parser!(i16).range(1800..=2100))]
    pub default_year: Option<i16>,

    /// How entities are found: the trained tagger, the older word lists and rules, or not at all
    /// (faster; the entity fields stay empty).
    #[arg(long, value_enum, default_value_t = EntitiesArg::Tagger, value_name = "METHOD")]
    pub entities: EntitiesArg,

    /// Worker threads for reading and extraction (default: all cores).
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,

    /// The index writer's own threads (tokenising and building posting lists).
    #[arg(long, default_value_t = 1, value_name = "N", value_parser = clap::value_parser!(u64).range(1..=16))]
    pub writer_threads: u64,

    /// Memory the index writer may fill before it writes a segment, in MB (shared by its threads).
    #[arg(long, default_value_t = 128, value_name = "MB", value_parser = clap::value_parser!(u64).range(15..=4000))]
    pub writer_memory_mb: u64,

    /// Print the run's summary as one JSON object.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct DeleteArgs {
    /// Ids of the articles to remove.
    #[arg(required = true, value_name = "ARTICLE_ID")]
    pub ids: Vec<String>,
}

#[derive(Debug, Args)]
pub struct QueryArgs {
    /// The query: words, "phrases", "phrase"~N, AND/OR/NOT, +/-, field:value, date:[A TO B].
    #[arg(value_name = "QUERY", default_value = "")]
    pub query: String,

    /// Read the query as plain words: no operators, punctuation ignored.
    #[arg(long)]
    pub literal: bool,

    /// Number of hits to show.
    #[arg(short = 'n', long, default_value_t = 10, value_name = "N")]
    pub limit: usize,

    /// Hits to skip (for paging).
    #[arg(long, default_value_t = 0, value_name = "N")]
    pub offset: usize,

    /// Only articles from this source ("unknown" for articles without one).
    #[arg(long, value_name = "NAME")]
    pub source: Option<String>,

    /// Only articles dated on or after this day (YYYY-MM-DD, YYYY-MM or YYYY); undated ones are left out.
    #[arg(long, value_name = "DATE", value_parser = parse_filter_date)]
    pub since: Option<NewsDate>,

    /// Only articles dated on or before this day (YYYY-MM-DD, YYYY-MM or YYYY); undated ones are left out.
    #[arg(long, value_name = "DATE", value_parser = parse_filter_date)]
    pub until: Option<NewsDate>,

    /// With --since/--until, also keep articles whose year is unknown.
    #[arg(long)]
    pub keep_undated: bool,

    /// Only articles mentioning this person (repeat for several).
    #[arg(long, value_name = "NAME")]
    pub person: Vec<String>,

    /// Only articles mentioning this organisation.
    #[arg(long, value_name = "NAME")]
    pub org: Vec<String>,

    /// Only articles mentioning this location.
    #[arg(long, value_name = "NAME")]
    pub location: Vec<String>,

    /// Only articles mentioning this entity, of any kind.
    #[arg(long, value_name = "NAME")]
    pub entity: Vec<String>,

    /// Order of hits: relevance, or date (newest first, unknown dates last).
    #[arg(long, value_enum, default_value_t = SortArg::Relevance)]
    pub sort: SortArg,

    /// How many of each article's best passages to show.
    #[arg(long, default_value_t = 1, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    pub per_article: u64,

    /// Length of a snippet in characters.
    #[arg(long, default_value_t = 240, value_name = "N", value_parser = clap::value_parser!(u64).range(20..))]
    pub snippet_chars: u64,

    /// Print one JSON object per hit, one per line.
    #[arg(long)]
    pub json: bool,

    /// When to colour highlights (NO_COLOR turns colour into bold/underline).
    #[arg(long, value_enum, default_value_t = ColorArg::Auto)]
    pub color: ColorArg,

    /// Count all matching articles by these fields and list the top values.
    #[arg(long, value_parser = facet_parser(), value_delimiter = ',', value_name = "FIELD,…")]
    pub facets: Vec<Facet>,

    /// How many values of each facet to list.
    #[arg(long, default_value_t = 10, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    pub facet_top: u64,

    /// Draw how many matching articles fall in each month (or --bucket).
    #[arg(long)]
    pub timeline: bool,

    /// The timeline's periods (implies --timeline).
    #[arg(long, value_enum, value_name = "PERIOD")]
    pub bucket: Option<BucketArg>,

    /// Show near-duplicate copies of an article as hits of their own instead of "+N similar".
    #[arg(long)]
    pub expand: bool,
}

#[derive(Debug, Args)]
pub struct RelatedArgs {
    /// The article's id, as query results print it.
    #[arg(value_name = "ARTICLE_ID")]
    pub id: String,

    /// Only articles dated before this day (YYYY-MM-DD, YYYY-MM or YYYY): what led up to it.
    #[arg(long, value_name = "DATE", value_parser = parse_filter_date)]
    pub before: Option<NewsDate>,

    /// Number of articles to show.
    #[arg(short = 'n', long, default_value_t = 10, value_name = "N")]
    pub limit: usize,

    /// Length of a snippet in characters.
    #[arg(long, default_value_t = 240, value_name = "N", value_parser = clap::value_parser!(u64).range(20..))]
    pub snippet_chars: u64,

    /// Show near-duplicate copies as articles of their own.
    #[arg(long)]
    pub expand: bool,

    /// Print one JSON object per article, as `query --json` does.
    #[arg(long)]
    pub json: bool,

    #[arg(long, value_enum, default_value_t = ColorArg::Auto)]
    pub color: ColorArg,
}

#[derive(Debug, Args)]
pub struct EntitiesArgs {
    /// Only the articles this query matches (same syntax as `query`); without it, the whole index.
    #[arg(value_name = "QUERY", default_value = "")]
    pub query: String,

    /// List the entities seen with this one (any kind, any spelling), ranked by log-likelihood.
    #[arg(long, value_name = "NAME")]
    pub with: Option<String>,

    /// Only entities of this kind.
    #[arg(long, value_enum, value_name = "KIND")]
    pub kind: Option<EntityKindArg>,

    /// Number of entities to list.
    #[arg(short = 'n', long, default_value_t = 20, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    pub limit: u64,

    /// Print the result as one JSON object (as `GET /api/entities` returns it).
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum EntityKindArg {
    Person,
    Org,
    Location,
    Misc,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address and port to listen on; other than loopback, a token is required.
    #[arg(long, default_value = "127.0.0.1:7700", value_name = "ADDR:PORT")]
    pub bind: std::net::SocketAddr,

    /// Token every API request must send as `Authorization: Bearer TOKEN` (at least 16 characters).
    #[arg(long, env = "NEWSDEX_TOKEN", hide_env_values = true, value_name = "TOKEN")]
    pub token: Option<String>,

    /// Search afresh for every request, even one asked again while the index is unchanged.
    #[arg(long)]
    pub no_cache: bool,
}

#[derive(Debug, Args)]
pub struct StatsArgs {
    /// How many entities of each kind to list.
    #[arg(long, default_value_t = 10, value_name = "N")]
    pub top: usize,

    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The article's id, as query results print it.
    #[arg(value_name = "ARTICLE_ID")]
    pub id: String,

    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct BenchArgs {
    /// Query file: one query per line, `KIND<TAB>QUERY[<TAB>FLAGS]`, FLAGS as for `newsdex query`
    /// (`--source reuters --sort date`); blank lines and lines starting with # are ignored.
    #[arg(long, value_name = "FILE")]
    pub queries: PathBuf,

    /// Timed runs of each query (after one untimed warm-up run).
    #[arg(long, default_value_t = 20, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    pub runs: u64,

    /// Hits per query, each with its snippet.
    #[arg(short = 'n', long, default_value_t = 10, value_name = "N")]
    pub limit: usize,

    /// Print the figures as one JSON object.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct EvalArgs {
    /// The collection's articles (any format `index` reads; ids must be the ones the qrels use).
    #[arg(long, value_name = "FILE")]
    pub docs: PathBuf,

    /// Topics, one `topic-id TAB query` per line; each is run as a literal query.
    #[arg(long, value_name = "FILE")]
    pub topics: PathBuf,

    /// Relevance judgements in TREC qrels form: `topic-id 0 doc-id grade`.
    #[arg(long, value_name = "FILE")]
    pub qrels: PathBuf,

    /// Write the TREC run file here (default: run.txt in the evaluation's index directory).
    #[arg(long, value_name = "OUT")]
    pub run: Option<PathBuf>,

    /// Exit with status 1 when MAP is below this (a quality gate; 2 means an error).
    #[arg(long, value_name = "MAP")]
    pub min_map: Option<f64>,

    /// Print the measures as one JSON object.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct OptimizeArgs {
    /// Merge into at most this many segments.
    #[arg(long, default_value_t = 1, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    pub segments: u64,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Write a Quickwit index config and the documents as NDJSON into this folder.
    #[arg(long, required = true, value_name = "DIR")]
    pub quickwit: PathBuf,

    /// Quickwit release the config is for: 0.8 stems English (`en_stem`), 0.9 has no stemmer.
    #[arg(long, value_enum, default_value_t = QuickwitVersionArg::V0_8, value_name = "VERSION")]
    pub quickwit_version: QuickwitVersionArg,

    /// One document per article or per passage.
    #[arg(long, value_enum, default_value_t = ExportUnit::Articles)]
    pub unit: ExportUnit,

    /// The Quickwit index id (a letter, then 2 to 254 letters, digits, '-', '_' or '.').
    #[arg(long, default_value = "newsdex", value_name = "ID", value_parser = parse_index_id)]
    pub index_id: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum QuickwitVersionArg {
    #[value(name = "0.8")]
    V0_8,
    #[value(name = "0.9")]
    V0_9,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportUnit {
    Articles,
    Passages,
}

#[derive(Debug, Subcommand)]
pub enum NerCommand {
    /// Train a tagger on CoNLL files (token first, entity tag last, IOB tags for PER, ORG, LOC, MISC).
    Train(NerTrainArgs),
    /// Append the predicted tag to each token line of a CoNLL file (for conlleval).
    Tag(NerTagArgs),
    /// Score the tagger on a CoNLL file: precision, recall and F1, typed and untyped, as conlleval does.
    Eval(NerEvalArgs),
}

#[derive(Debug, Args)]
pub struct NerTrainArgs {
    /// Annotated CoNLL files to learn from.
    #[arg(long = "conll", required = true, num_args = 1.., value_name = "FILE")]
    pub conll: Vec<PathBuf>,

    /// Annotated CoNLL files to choose the number of epochs on (never the test file).
    #[arg(long = "valid", num_args = 1.., value_name = "FILE")]
    pub valid: Vec<PathBuf>,

    /// Unannotated news (files or folders in any format `index` reads) to learn how words are
    /// usually capitalised from.
    #[arg(long = "unlabeled", num_args = 1.., value_name = "PATH")]
    pub unlabeled: Vec<PathBuf>,

    /// Where to write the model.
    #[arg(long, value_name = "PATH")]
    pub out: PathBuf,

    /// Most passes over the training data (the best on --valid is kept).
    #[arg(long, default_value_t = 12, value_name = "N", value_parser = clap::value_parser!(u64).range(1..=100))]
    pub epochs: u64,

    /// Drop feature weights below this share of the largest (smaller model, a little less accurate).
    #[arg(long, default_value_t = 0.002, value_name = "SHARE")]
    pub prune: f32,
}

#[derive(Debug, Args)]
pub struct NerTagArgs {
    /// CoNLL file to tag (documents split by -DOCSTART-, sentences by blank lines).
    #[arg(long, value_name = "FILE")]
    pub conll: PathBuf,

    /// Model to use instead of the built-in one.
    #[arg(long, value_name = "PATH")]
    pub model: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct NerEvalArgs {
    /// Annotated CoNLL file to score the tagger on.
    #[arg(long, value_name = "FILE")]
    pub conll: PathBuf,

    /// Model to use instead of the built-in one.
    #[arg(long, value_name = "PATH")]
    pub model: Option<PathBuf>,

    /// Print the scores as one JSON object (as conlleval.py --json).
    #[arg(long)]
    pub json: bool,

    /// A quality gate: exit with status 1 when the typed F1 (in percent) is below this (status 2 is for errors, such as an unreadable file).
    #[arg(long, value_name = "F1")]
    pub min_f1: Option<f64>,
}

/// `--facets` takes the library's facet names (source, person, org, location, misc, and label:
/// the format's own labels such as `places:usa`).
fn facet_parser() -> impl TypedValueParser<Value = Facet> {
    PossibleValuesParser::new(Facet::ALL.map(Facet::name))
        .map(|name| Facet::from_name(&name).expect("only listed names get here"))
}

/// The length of a timeline's periods (`--bucket`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum BucketArg {
    Day,
    /// ISO weeks, Monday to Sunday.
    Week,
    Month,
    Year,
}

impl From<BucketArg> for Bucket {
    fn from(arg: BucketArg) -> Self {
        match arg {
            BucketArg::Day => Bucket::Day,
            BucketArg::Week => Bucket::Week,
            BucketArg::Month => Bucket::Month,
            BucketArg::Year => Bucket::Year,
        }
    }
}

/// `--format`: a [`Format`] by its name, with the library's description as its help.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FormatArg(pub Format);

static FORMAT_ARGS: LazyLock<[FormatArg; Format::ALL.len()]> = LazyLock::new(|| Format::ALL.map(FormatArg));

impl ValueEnum for FormatArg {
    fn value_variants<'a>() -> &'a [Self] {
        &*FORMAT_ARGS
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        Some(PossibleValue::new(self.0.name()).help(self.0.description()))
    }
}

impl From<FormatArg> for Format {
    fn from(arg: FormatArg) -> Self {
        arg.0
    }
}

/// `--entities`: the command line's names for [`EntityMethod`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum EntitiesArg {
    Tagger,
    Rules,
    Off,
}

impl From<EntitiesArg> for EntityMethod {
    fn from(arg: EntitiesArg) -> Self {
        match arg {
            EntitiesArg::Tagger => Self::Tagger,
            EntitiesArg::Rules => Self::Rules,
            EntitiesArg::Off => Self::Off,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SortArg {
    Relevance,
    Date,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorArg {
    Auto,
    Always,
    Never,
}

/// `ROLE=NAME`, with a role newsdex knows.
fn parse_field(text: &str) -> Result<(String, String), String> {
    let (role, name) = text.split_once('=').ok_or_else(|| format!("'{text}' is not ROLE=NAME"))?;
    let role = role.trim().to_ascii_lowercase();
    if !FIELD_ROLES.contains(&role.as_str()) {
        return Err(format!("unknown role '{role}': roles are {}", FIELD_ROLES.join(", ")));
    }
    if name.trim().is_empty() {
        return Err(format!("'{text}' names no field"));
    }
    Ok((role, name.trim().to_string()))
}

/// Quickwit's rule for index ids, checked here rather than when Quickwit refuses the config.
fn parse_index_id(text: &str) -> Result<String, String> {
    let valid = (3..=255).contains(&text.len())
        && text.starts_with(|c: char| c.is_ascii_alphabetic())
        && text.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    if valid {
        Ok(text.to_string())
    } else {
        Err(format!(
            "'{text}' is not a Quickwit index id: a letter, then 2 to 254 letters, digits, '-', '_' or '.'"
        ))
    }
}

/// A date filter needs a year: `--since --07-31` could be any year.
fn parse_filter_date(text: &str) -> Result<NewsDate, String> {
    let date: NewsDate = text.parse()?;
    if date.year_value().is_none() {
        return Err(format!("'{text}' has no year: date filters need one"));
    }
    Ok(date)
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_well_formed() {
        Cli::command().debug_assert();
    }

    #[test]
    fn field_mappings_name_a_known_role() {
        assert_eq!(parse_field("body=maintext").unwrap(), ("body".into(), "maintext".into()));
        assert!(parse_field("author=x").unwrap_err().starts_with("unknown role 'author'"));
        assert!(parse_field("body").is_err());
    }

    #[test]
    fn quickwit_index_ids_follow_quickwits_rule() {
        assert_eq!(parse_index_id("news-2024.v1").unwrap(), "news-2024.v1");
        assert!(parse_index_id("ab").is_err());
        assert!(parse_index_id("1news").is_err());
        assert!(parse_index_id("news archive").is_err());
    }

    #[test]
    fn filter_dates_need_a_year() {
        assert!(parse_filter_date("2024-07").is_ok());
        assert_eq!(parse_filter_date("--07-31").unwrap_err(), "'--07-31' has no year: date filters need one");
        assert!(parse_filter_date("July 31").is_err());
    }
}
