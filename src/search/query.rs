//! From what the user typed to a tantivy query. The text goes through tantivy's query grammar
//! (words, "phrases", "phrase"~N, prefixes, AND/OR/NOT, +/-, field:value, ranges); its syntax
//! tree is then built into queries here rather than by tantivy's query parser, because a word
//! means something newsdex-specific: a keyword matches its stem, a quoted phrase its exact words
//! (one field holds both, see `index::analysis`), a prefix every word that starts with it,
//! `date:` takes plain ISO dates, and `person:` folds names. On the way the builder collects
//! what the hits' passages are scored by ([`Evidence`]) and what their text should mark
//! ([`Highlights`]). Filters from flags are added as clauses that do not change scores.

use std::ops::Bound;
use std::sync::Arc;

use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, ConstScoreQuery, EmptyQuery, ExistsQuery, Occur, Query, RangeQuery,
    TermQuery, TermSetQuery,
};
use tantivy::query_grammar::{
    self, Delimiter, Occur as AstOccur, UserInputAst, UserInputBound, UserInputLeaf, UserInputLiteral,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DateTime, Searcher, Term};

use super::matching::WordTerms;
pub use super::scoring::Evidence;
use super::scoring::{ArticleQuery, CorpusStats, Scope};
use super::terms::Vocabulary;
use crate::index::analysis::Analyzer;
use crate::index::writer::{datetime_of_seconds, to_datetime};
use crate::index::{Fields, NewsIndex};
use crate::model::{EntityKind, NewsDate};
use crate::names::canonical_key;

/// Field names a query may use, for error messages.
const QUERY_FIELDS: &str = "title, body, source, person, org, location, misc, entity, author, label, date";
/// The `--source` value that selects articles whose source is unknown.
pub const UNKNOWN_SOURCE: &str = "unknown";

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum QueryError {
    #[error("query syntax error at column {column}: {message}")]
    Syntax { column: usize, message: String },
    #[error("{0}")]
    Invalid(String),
}

/// Filters given as flags; each narrows the results without changing their scores.
#[derive(Debug, Clone, Default)]
pub struct Filters {
    /// A source name, or [`UNKNOWN_SOURCE`] for articles without one.
    pub source: Option<String>,
    /// Keep articles whose date reaches this day or later.
    pub since: Option<NewsDate>,
    /// Keep articles whose date begins on or before this day.
    pub until: Option<NewsDate>,
    /// Keep articles without a known year when filtering by date.
    pub keep_undated: bool,
    /// Entities every hit's article must mention; `None` as kind means any kind.
    pub entities: Vec<(Option<EntityKind>, String)>,
}

impl Filters {
    pub fn is_empty(&self) -> bool {
        self.source.is_none() && self.since.is_none() && self.until.is_none() && self.entities.is_empty()
    }
}

/// One word of something to mark in a hit's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WordPattern {
    /// Any word with this stem.
    Stem(String),
    /// This lower-cased word exactly.
    Exact(String),
    /// Any word starting with this.
    Prefix(String),
}

/// A word, or words in order at most `slop` positions apart in all, to mark.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pattern {
    pub words: Vec<WordPattern>,
    pub slop: u32,
}

/// What a hit's text should have marked: the query's words and phrases that are searched in the
/// body (not those excluded or searched in the title only).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Highlights {
    pub patterns: Vec<Pattern>,
}

/// A query ready to run: what it matches and scores, what passages are scored by, and what to mark.
pub struct QueryPlan {
    pub query: Box<dyn Query>,
    pub evidence: Vec<Evidence>,
    pub highlights: Highlights,
}

/// Builds the query for `text` (or, with `literal`, for its words alone) with `filters`.
pub fn build(
    index: &NewsIndex,
    searcher: &Searcher,
    stats: &Arc<CorpusStats>,
    text: &str,
    literal: bool,
    filters: &Filters,
) -> Result<QueryPlan, QueryError> {
    let fields = Arc::new(index.fields.clone());
    let ast = if literal { Some(literal_ast(text)) } else { parse(text)? };
    let ast = ast.filter(|ast| !matches!(ast, UserInputAst::Clause(clauses) if clauses.is_empty()));
    let mut builder = Builder {
        searcher,
        vocabulary: Vocabulary::new(searcher, &fields),
        fields: fields.clone(),
        stats: stats.clone(),
        evidence: Vec::new(),
        highlights: Highlights::default(),
    };
    let main: Box<dyn Query> = match ast {
        Some(ast) => {
            if only_excluded(&ast) {
                return Err(QueryError::Invalid(
                    "a query of only excluded words matches nothing: add a word to search for".into(),
                ));
            }
            builder.node(ast, Context { negated: false, boost: 1.0 })?.unwrap_or_else(|| Box::new(EmptyQuery))
        }
        None if filters.is_empty() => {
            return Err(QueryError::Invalid("empty query: give words to search for, or a filter".into()));
        }
        None => Box::new(AllQuery),
    };
    let mut clauses = vec![(Occur::Must, main)];
    for filter in filter_queries(&fields, filters) {
        clauses.push((Occur::Must, Box::new(ConstScoreQuery::new(filter, 0.0))));
    }
    let query: Box<dyn Query> =
        if clauses.len() == 1 { clauses.remove(0).1 } else { Box::new(BooleanQuery::new(clauses)) };
    Ok(QueryPlan { query, evidence: builder.evidence, highlights: builder.highlights })
}

/// Where in the query a part stands.
#[derive(Debug, Clone, Copy)]
struct Context {
    /// Under an exclusion: it matches, but is not evidence and not marked.
    negated: bool,
    boost: f32,
}

struct Builder<'a> {
    searcher: &'a Searcher,
    vocabulary: Vocabulary<'a>,
    fields: Arc<Fields>,
    stats: Arc<CorpusStats>,
    evidence: Vec<Evidence>,
    highlights: Highlights,
}

/// A word of a query, lower-cased, with its stem (`None` for a stop word).
struct QueryWord {
    exact: String,
    stem: Option<String>,
}

impl Builder<'_> {
    /// The query for one node of the syntax tree; `None` when it searches nothing (only stop
    /// words or punctuation), which its parent then leaves out.
    fn node(&mut self, ast: UserInputAst, context: Context) -> Result<Option<Box<dyn Query>>, QueryError> {
        match ast {
            UserInputAst::Clause(clauses) => {
                let mut built: Vec<(Occur, Box<dyn Query>)> = Vec::new();
                for (occur, sub) in clauses {
                    let occur = match occur {
                        Some(AstOccur::Must) => Occur::Must,
                        Some(AstOccur::MustNot) => Occur::MustNot,
                        Some(AstOccur::Should) | None => Occur::Should,
                    };
                    let negated = context.negated || occur == Occur::MustNot;
                    if let Some(query) = self.node(sub, Context { negated, ..context })? {
                        built.push((occur, query));
                    }
                }
                merge_optional_words(&mut built);
                if built.is_empty() {
                    return Ok(None);
                }
                // `storm AND (-surge)`: a group of exclusions alone excludes from everything.
                if built.iter().all(|(occur, _)| *occur == Occur::MustNot) {
                    built.push((Occur::Must, Box::new(AllQuery)));
                }
                Ok(Some(if built.len() == 1 && built[0].0 != Occur::MustNot {
                    built.remove(0).1
                } else {
                    Box::new(BooleanQuery::new(built))
                }))
            }
            UserInputAst::Boost(inner, boost) => {
                let boost = boost.into_inner() as f32;
                let inner = self.node(*inner, Context { boost: context.boost * boost, ..context })?;
                Ok(inner.map(|q| Box::new(BoostQuery::new(q, boost)) as Box<dyn Query>))
            }
            UserInputAst::Leaf(leaf) => self.leaf(*leaf, context),
        }
    }

    fn leaf(&mut self, leaf: UserInputLeaf, context: Context) -> Result<Option<Box<dyn Query>>, QueryError> {
        match leaf {
            UserInputLeaf::Literal(literal) => self.literal(literal, context),
            UserInputLeaf::All => Ok(Some(Box::new(AllQuery))),
            UserInputLeaf::Range { field, lower, upper } => match field.as_deref() {
                Some("date") => {
                    Ok(Some(date_range(&self.fields, date_bound(lower, false)?, date_bound(upper, true)?)))
                }
                _ => Err(QueryError::Invalid(
                    "ranges work on dates only: date:[2024-07-01 TO 2024-07-31]".into(),
                )),
            },
            UserInputLeaf::Set { field, elements } => {
                let field_name = field.unwrap_or_default();
                let mut terms = Vec::new();
                for element in &elements {
                    terms.extend(self.keyword_terms(&field_name, element)?);
                }
                if terms.is_empty() {
                    return Err(QueryError::Invalid(format!(
                        "`{field_name}: IN [...]` works on source, author, label and the entity fields"
                    )));
                }
                Ok(Some(Box::new(TermSetQuery::new(terms))))
            }
            UserInputLeaf::Exists { field } => match field.as_str() {
                "source" | "date" | "person" | "org" | "location" | "misc" | "label" => {
                    Ok(Some(Box::new(ExistsQuery::new(field, false))))
                }
                _ => Err(QueryError::Invalid(format!(
                    "`{field}:*` (articles that have a {field}) works on source, date, person, org, location, misc and label"
                ))),
            },
            UserInputLeaf::Regex { .. } => Err(QueryError::Invalid(
                "a wildcard works only at the end of a word: write kor* for words starting with kor".into(),
            )),
        }
    }

    fn literal(
        &mut self,
        mut literal: UserInputLiteral,
        context: Context,
    ) -> Result<Option<Box<dyn Query>>, QueryError> {
        // The grammar keeps the star of an unquoted `kor*` in the word.
        if literal.delimiter == Delimiter::None && literal.phrase.contains('*') {
            match literal.phrase.strip_suffix('*') {
                Some(word) if !word.is_empty() && !word.contains('*') => {
                    literal.phrase = word.to_string();
                    literal.prefix = true;
                }
                _ => {
                    return Err(QueryError::Invalid(
                        "a wildcard works only at the end of a word: write kor* for words starting with kor"
                            .into(),
                    ));
                }
            }
        }
        let scope = match literal.field_name.as_deref() {
            None => Scope::Article,
            Some("title") => Scope::Title,
            Some("body") => Scope::Body,
            Some("date") => return date_literal(&self.fields, &literal.phrase).map(Some),
            Some(field) => {
                if literal.prefix {
                    return Err(QueryError::Invalid(format!(
                        "a prefix works on words of the text: {field}: takes whole values"
                    )));
                }
                let terms = self.keyword_terms(field, &literal.phrase)?;
                return Ok(match terms.len() {
                    0 => None,
                    1 => Some(Box::new(TermQuery::new(terms[0].clone(), IndexRecordOption::Basic))),
                    _ => Some(Box::new(BooleanQuery::new(
                        terms
                            .into_iter()
                            .map(|t| {
                                (
                                    Occur::Should,
                                    Box::new(TermQuery::new(t, IndexRecordOption::Basic)) as Box<dyn Query>,
                                )
                            })
                            .collect(),
                    ))),
                });
            }
        };
        let words = query_words(&literal.phrase);
        if words.is_empty() {
            return Ok(None);
        }
        let quoted = literal.delimiter != Delimiter::None;
        let (slop, prefix) = (literal.slop, literal.prefix);
        if !quoted && words.len() == 1 && prefix {
            return self.prefix_keyword(&words[0], scope, context).map(Some);
        }
        if !quoted && words.len() == 1 {
            let Some(stem) = words[0].stem.clone() else { return Ok(None) };
            let terms = vec![Vocabulary::keyword(&stem)];
            let patterns = vec![WordPattern::Stem(stem)];
            return self.words(terms, patterns, 0, scope, context).map(Some);
        }
        // A quoted phrase matches its exact words; an unquoted run of words (`state-of-the-art`)
        // their stems, its stop words holding their places.
        if !quoted && words.iter().all(|w| w.stem.is_none()) {
            return Ok(None);
        }
        let last = words.len() - 1;
        let mut terms = Vec::new();
        let mut patterns = Vec::new();
        for (i, word) in words.iter().enumerate() {
            let index_error =
                |e: tantivy::TantivyError| QueryError::Invalid(format!("cannot read the index: {e}"));
            if prefix && i == last {
                terms.push(
                    self.vocabulary.exact_prefix(&word.exact, word.stem.as_deref()).map_err(index_error)?,
                );
                patterns.push(WordPattern::Prefix(word.exact.clone()));
            } else if quoted || word.stem.is_none() {
                let exact = if quoted {
                    self.vocabulary.exact(&word.exact, word.stem.as_deref()).map_err(index_error)?
                } else {
                    Vocabulary::stemmed(&word.exact, None)
                };
                terms.push(exact);
                patterns.push(WordPattern::Exact(word.exact.clone()));
            } else {
                let stem = word.stem.clone().unwrap_or_default();
                terms.push(Vocabulary::stemmed(&word.exact, Some(&stem)));
                patterns.push(WordPattern::Stem(stem));
            }
        }
        // A word the index does not hold leaves the phrase matching nothing.
        self.words(terms, patterns, slop, scope, context).map(Some)
    }

    /// `kor*`: every word starting with the prefix, each as a keyword.
    fn prefix_keyword(
        &mut self,
        word: &QueryWord,
        scope: Scope,
        context: Context,
    ) -> Result<Box<dyn Query>, QueryError> {
        let stems = self
            .vocabulary
            .prefix_stems(&word.exact, word.stem.as_deref())
            .map_err(|e| QueryError::Invalid(format!("cannot read the index: {e}")))?;
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for stem in stems {
            let query = self.article_query(vec![Vocabulary::keyword(&stem)], 0, scope)?;
            if !context.negated && scope != Scope::Title {
                self.note_evidence(&query, context);
            }
            clauses.push((Occur::Should, Box::new(query)));
        }
        if !context.negated && scope != Scope::Title {
            self.highlights
                .patterns
                .push(Pattern { words: vec![WordPattern::Prefix(word.exact.clone())], slop: 0 });
        }
        Ok(if clauses.is_empty() { Box::new(EmptyQuery) } else { Box::new(BooleanQuery::new(clauses)) })
    }

    /// A word or phrase scored over articles, noted as evidence and highlights where it counts.
    fn words(
        &mut self,
        terms: Vec<WordTerms>,
        patterns: Vec<WordPattern>,
        slop: u32,
        scope: Scope,
        context: Context,
    ) -> Result<Box<dyn Query>, QueryError> {
        let query = self.article_query(terms, slop, scope)?;
        if !context.negated && scope != Scope::Title {
            self.note_evidence(&query, context);
            self.highlights.patterns.push(Pattern { words: patterns, slop });
        }
        Ok(Box::new(query))
    }

    /// What a passage is scored by: the words and phrases the query looks for in the body.
    fn note_evidence(&mut self, query: &ArticleQuery, context: Context) {
        for clause in &query.clauses {
            self.evidence.push(Evidence { idf: clause.idf * context.boost, ..clause.clone() });
        }
    }

    fn article_query(
        &self,
        words: Vec<WordTerms>,
        slop: u32,
        scope: Scope,
    ) -> Result<ArticleQuery, QueryError> {
        let idf = Evidence::words_idf(self.searcher, &self.fields, &words, scope, self.stats.articles)
            .map_err(|e| QueryError::Invalid(format!("cannot read the index: {e}")))?;
        Ok(ArticleQuery {
            clauses: vec![Evidence { words, slop, idf }],
            scope,
            fields: self.fields.clone(),
            stats: self.stats.clone(),
        })
    }

    /// The terms of a whole-value field (`source:reuters`, `person:"Kim Jong-un"`).
    fn keyword_terms(&self, field: &str, value: &str) -> Result<Vec<Term>, QueryError> {
        let fields = &self.fields;
        let lower = |f: Field| vec![Term::from_field_text(f, &value.to_lowercase())];
        let entity =
            |kind: EntityKind| Term::from_field_text(fields.entity_field(kind), &canonical_key(value));
        Ok(match field {
            "source" => lower(fields.source),
            "author" => lower(fields.author),
            "label" => lower(fields.label),
            "person" => vec![entity(EntityKind::Person)],
            "org" => vec![entity(EntityKind::Org)],
            "location" => vec![entity(EntityKind::Location)],
            "misc" => vec![entity(EntityKind::Misc)],
            "entity" => EntityKind::ALL.into_iter().map(entity).collect(),
            "title" | "body" | "date" => Vec::new(),
            other => {
                return Err(QueryError::Invalid(format!(
                    "unknown field '{other}': fields are {QUERY_FIELDS}"
                )));
            }
        })
        .map(|terms: Vec<Term>| {
            if canonical_key(value).is_empty() && value.trim().is_empty() { Vec::new() } else { terms }
        })
    }
}

/// Joins the optional words and phrases of one clause that search the same text into one query,
/// which scores them as tantivy's boolean query would (the sum) but reads each article's lengths
/// once.
fn merge_optional_words(clauses: &mut Vec<(Occur, Box<dyn Query>)>) {
    let mut merged: Vec<(Occur, Box<dyn Query>)> = Vec::with_capacity(clauses.len());
    let mut words: Vec<ArticleQuery> = Vec::new();
    for (occur, query) in clauses.drain(..) {
        match query.downcast_ref::<ArticleQuery>() {
            Some(article) if occur == Occur::Should => {
                match words.iter_mut().find(|w| w.scope == article.scope) {
                    Some(into) => into.clauses.extend(article.clauses.iter().cloned()),
                    None => words.push(article.clone()),
                }
            }
            _ => merged.push((occur, query)),
        }
    }
    clauses.extend(words.into_iter().map(|w| (Occur::Should, Box::new(w) as Box<dyn Query>)));
    clauses.extend(merged);
}

/// The words of a literal as the index analyses them.
fn query_words(text: &str) -> Vec<QueryWord> {
    Analyzer::with(|analyzer| analyzer.words(text))
        .into_iter()
        .map(|w| QueryWord { exact: w.exact, stem: w.stem })
        .collect()
}

/// Whether every clause of the top level excludes.
fn only_excluded(ast: &UserInputAst) -> bool {
    match ast {
        UserInputAst::Clause(clauses) => {
            !clauses.is_empty() && clauses.iter().all(|(occur, _)| *occur == Some(AstOccur::MustNot))
        }
        _ => false,
    }
}

/// Parses with tantivy's grammar; on failure, asks the lenient parser where the problem is.
fn parse(text: &str) -> Result<Option<UserInputAst>, QueryError> {
    if text.trim().is_empty() {
        return Ok(None);
    }
    match query_grammar::parse_query(text) {
        Ok(ast) => Ok(Some(ast)),
        Err(_) => {
            let (_, errors) = query_grammar::parse_query_lenient(text);
            let (pos, message) = errors
                .first()
                .map(|e| (e.pos, e.message.clone()))
                .unwrap_or((0, "cannot parse the query".to_string()));
            let column = text.get(..pos).map_or(pos, |before| before.chars().count()) + 1;
            Err(QueryError::Syntax { column, message: format!("{message} (in: {text})") })
        }
    }
}

/// Every run of letters and digits as an optional word: operators and punctuation mean nothing.
fn literal_ast(text: &str) -> UserInputAst {
    let words = text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty());
    UserInputAst::Clause(
        words
            .map(|word| {
                let literal = UserInputLiteral {
                    field_name: None,
                    phrase: word.to_string(),
                    delimiter: Delimiter::None,
                    slop: 0,
                    prefix: false,
                };
                (Some(AstOccur::Should), UserInputAst::from(UserInputLeaf::Literal(literal)))
            })
            .collect(),
    )
}

/// `date:2024-07` means the whole of July 2024.
fn date_literal(fields: &Fields, value: &str) -> Result<Box<dyn Query>, QueryError> {
    let date = parse_query_date(value)?;
    let (first, last) = date.range().ok_or_else(|| year_needed(value))?;
    Ok(date_range(fields, Bound::Included(to_datetime(first)), Bound::Included(to_datetime(last))))
}

/// Articles whose date's first day is in the range.
fn date_range(fields: &Fields, lower: Bound<DateTime>, upper: Bound<DateTime>) -> Box<dyn Query> {
    let term = |d: DateTime| Term::from_field_date(fields.date, d);
    Box::new(RangeQuery::new(lower.map(term), upper.map(term)))
}

/// Lets `date:[2024-07 TO 2024-08-15]` use plain dates; an inclusive upper bound covers its whole
/// period. Bounds in RFC 3339 (`2024-07-01T00:00:00Z`) are taken as they are.
fn date_bound(bound: UserInputBound, upper: bool) -> Result<Bound<DateTime>, QueryError> {
    let convert = |value: String, inclusive: bool| -> Result<DateTime, QueryError> {
        if value.contains('T') {
            let instant: jiff::Timestamp = value.parse().map_err(|_| {
                QueryError::Invalid(format!("date:{value}: dates in queries are written YYYY-MM-DD"))
            })?;
            return Ok(datetime_of_seconds(instant.as_second()));
        }
        let date = parse_query_date(&value)?;
        let (first, last) = date.range().ok_or_else(|| year_needed(&value))?;
        Ok(to_datetime(if upper && inclusive { last } else { first }))
    };
    Ok(match bound {
        UserInputBound::Inclusive(v) => Bound::Included(convert(v, true)?),
        UserInputBound::Exclusive(v) => Bound::Excluded(convert(v, false)?),
        UserInputBound::Unbounded => Bound::Unbounded,
    })
}

fn parse_query_date(value: &str) -> Result<NewsDate, QueryError> {
    value.parse::<NewsDate>().map_err(|e| QueryError::Invalid(format!("date:{value}: {e}")))
}

fn year_needed(value: &str) -> QueryError {
    QueryError::Invalid(format!("date {value} has no year: a date filter needs one"))
}

/// One query per flag filter.
fn filter_queries(fields: &Fields, filters: &Filters) -> Vec<Box<dyn Query>> {
    let mut queries: Vec<Box<dyn Query>> = Vec::new();
    let term_query =
        |term: Term| -> Box<dyn Query> { Box::new(TermQuery::new(term, IndexRecordOption::Basic)) };
    match filters.source.as_deref() {
        Some(UNKNOWN_SOURCE) => queries.push(Box::new(BooleanQuery::new(vec![
            (Occur::Must, Box::new(AllQuery)),
            (Occur::MustNot, Box::new(ExistsQuery::new("source".into(), false))),
        ]))),
        Some(source) => {
            queries.push(term_query(Term::from_field_text(fields.source, &source.to_lowercase())))
        }
        None => {}
    }
    let mut date_range: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    if let Some((first, _)) = filters.since.and_then(|d| d.range()) {
        let from = Term::from_field_date(fields.date_end, to_datetime(first));
        date_range.push((Occur::Must, Box::new(RangeQuery::new(Bound::Included(from), Bound::Unbounded))));
    }
    if let Some((_, last)) = filters.until.and_then(|d| d.range()) {
        let to = Term::from_field_date(fields.date, to_datetime(last));
        date_range.push((Occur::Must, Box::new(RangeQuery::new(Bound::Unbounded, Bound::Included(to)))));
    }
    if !date_range.is_empty() {
        let in_range: Box<dyn Query> = Box::new(BooleanQuery::new(date_range));
        queries.push(if filters.keep_undated {
            let undated: Box<dyn Query> = Box::new(BooleanQuery::new(vec![
                (Occur::Must, Box::new(AllQuery)),
                (Occur::MustNot, Box::new(ExistsQuery::new("date".into(), false))),
            ]));
            Box::new(BooleanQuery::new(vec![(Occur::Should, in_range), (Occur::Should, undated)]))
        } else {
            in_range
        });
    }
    for (kind, name) in &filters.entities {
        let key = canonical_key(name);
        let kinds: Vec<EntityKind> = kind.map_or(EntityKind::ALL.to_vec(), |k| vec![k]);
        let terms: Vec<Term> =
            kinds.into_iter().map(|k| Term::from_field_text(fields.entity_field(k), &key)).collect();
        queries.push(Box::new(TermSetQuery::new(terms)));
    }
    queries
}

#[cfg(test)]
mod tests;
