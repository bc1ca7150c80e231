//! From what the user typed to a tantivy query. The user's query goes through tantivy's query
//! grammar; its syntax tree is then adjusted for news: quoted phrases go to the unstemmed
//! `*_exact` fields (so they match the exact words), `date:` values may be plain ISO dates, and
//! the words to highlight are collected on the way. Filters from flags are added as clauses that
//! do not change scores.

use std::collections::BTreeSet;
use std::ops::Bound;

use tantivy::query::{
    AllQuery, BooleanQuery, ConstScoreQuery, ExistsQuery, Occur, Query, QueryParser, RangeQuery,
};
use tantivy::query::{QueryParserError, TermQuery};
use tantivy::query_grammar::{
    self, Delimiter, Occur as AstOccur, UserInputAst, UserInputBound, UserInputLeaf, UserInputLiteral,
};
use tantivy::schema::IndexRecordOption;
use tantivy::tokenizer::TokenStream;
use tantivy::{Index, Term};

use crate::extract::entities::canonical_key;
use crate::index::schema::{EXACT, STEMMED};
use crate::index::writer::to_datetime;
use crate::index::{Fields, NewsIndex};
use crate::model::{EntityKind, NewsDate};

/// A title match counts this much more than a body match.
const TITLE_BOOST: f32 = 1.5;
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

/// What a hit's text should have marked.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Highlights {
    /// Stemmed words that match wherever they occur.
    pub stems: BTreeSet<String>,
    /// Word sequences that match only as a whole.
    pub phrases: Vec<PhraseMatch>,
}

/// A phrase to find in a hit's text.
#[derive(Debug, Clone, PartialEq)]
pub struct PhraseMatch {
    pub words: Vec<String>,
    /// Words that may stand between the phrase's words (`"a b"~2`).
    pub slop: u32,
    /// Words are stems (an unquoted hyphenated word) rather than exact words.
    pub stemmed: bool,
    /// The last word is a beginning (`"table ten"*`).
    pub prefix: bool,
}

/// A query ready to run, and what its hits should highlight.
pub struct QueryPlan {
    pub query: Box<dyn Query>,
    pub highlights: Highlights,
}

/// Builds the query for `text` (or, with `literal`, for its words alone) with `filters`.
pub fn build(
    index: &NewsIndex,
    text: &str,
    literal: bool,
    filters: &Filters,
) -> Result<QueryPlan, QueryError> {
    let fields = &index.fields;
    let mut highlights = Highlights::default();
    let ast = if literal { Some(literal_ast(text)) } else { parse(text)? };
    let ast = ast.filter(|ast| !matches!(ast, UserInputAst::Clause(clauses) if clauses.is_empty()));
    let main: Box<dyn Query> = match ast {
        Some(ast) => {
            let ast = Rewriter { index: &index.index }.rewrite(ast, false, &mut highlights)?;
            parser(index).build_query_from_user_input_ast(ast).map_err(explain_parser_error)?
        }
        None if filters.is_empty() => {
            return Err(QueryError::Invalid("empty query: give words to search for, or a filter".into()));
        }
        None => Box::new(AllQuery),
    };
    let mut clauses = vec![(Occur::Must, main)];
    for filter in filter_queries(fields, filters) {
        clauses.push((Occur::Must, Box::new(ConstScoreQuery::new(filter, 0.0))));
    }
    let query: Box<dyn Query> =
        if clauses.len() == 1 { clauses.remove(0).1 } else { Box::new(BooleanQuery::new(clauses)) };
    Ok(QueryPlan { query, highlights })
}

fn parser(index: &NewsIndex) -> QueryParser {
    let fields = &index.fields;
    let mut parser = QueryParser::for_index(&index.index, vec![fields.title, fields.body]);
    parser.set_field_boost(fields.title, TITLE_BOOST);
    parser.set_field_boost(fields.title_exact, TITLE_BOOST);
    parser
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

struct Rewriter<'a> {
    index: &'a Index,
}

impl Rewriter<'_> {
    fn rewrite(
        &self,
        ast: UserInputAst,
        negated: bool,
        hl: &mut Highlights,
    ) -> Result<UserInputAst, QueryError> {
        Ok(match ast {
            UserInputAst::Clause(clauses) => UserInputAst::Clause(
                clauses
                    .into_iter()
                    .map(|(occur, sub)| {
                        let negated = negated || occur == Some(AstOccur::MustNot);
                        Ok((occur, self.rewrite(sub, negated, hl)?))
                    })
                    .collect::<Result<_, QueryError>>()?,
            ),
            UserInputAst::Boost(inner, boost) => {
                UserInputAst::Boost(Box::new(self.rewrite(*inner, negated, hl)?), boost)
            }
            UserInputAst::Leaf(leaf) => match *leaf {
                UserInputLeaf::Literal(literal) => self.literal(literal, negated, hl)?,
                UserInputLeaf::Range { field: Some(field), lower, upper } if field == "date" => {
                    UserInputAst::from(UserInputLeaf::Range {
                        field: Some(field),
                        lower: date_bound(lower, false)?,
                        upper: date_bound(upper, true)?,
                    })
                }
                other => UserInputAst::from(other),
            },
        })
    }

    fn literal(
        &self,
        literal: UserInputLiteral,
        negated: bool,
        hl: &mut Highlights,
    ) -> Result<UserInputAst, QueryError> {
        let quoted = literal.delimiter != Delimiter::None;
        let exact_fields: &[&str] = match literal.field_name.as_deref() {
            None => &["title_exact", "body_exact"],
            Some("title") => &["title_exact"],
            Some("body") => &["body_exact"],
            Some("date") => return date_literal(&literal.phrase),
            Some(_) => return Ok(UserInputAst::from(UserInputLeaf::Literal(literal))),
        };
        let in_body = literal.field_name.as_deref() != Some("title");
        if !negated && in_body {
            self.collect_highlights(&literal, quoted, hl);
        }
        if !quoted {
            return Ok(UserInputAst::from(UserInputLeaf::Literal(literal)));
        }
        let mut alternatives: Vec<UserInputAst> = exact_fields
            .iter()
            .map(|field| {
                let mut exact = literal.clone();
                exact.field_name = Some(field.to_string());
                UserInputAst::from(UserInputLeaf::Literal(exact))
            })
            .collect();
        Ok(if alternatives.len() == 1 { alternatives.remove(0) } else { UserInputAst::or(alternatives) })
    }

    fn collect_highlights(&self, literal: &UserInputLiteral, quoted: bool, hl: &mut Highlights) {
        let (slop, prefix) = (literal.slop, literal.prefix);
        if quoted {
            let words = self.tokens(EXACT, &literal.phrase);
            if !words.is_empty() {
                hl.phrases.push(PhraseMatch { words, slop, stemmed: false, prefix });
            }
            return;
        }
        // An unquoted hyphenated word is a phrase of its stems; its stop words are not searched
        // but hold their places ("state-of-the-art"), so they stay in the phrase as written,
        // which is how the highlighter sees them too.
        let words = self.stems_in_place(&literal.phrase);
        let searched: Vec<String> = words.iter().filter(|(_, stop)| !stop).map(|(w, _)| w.clone()).collect();
        if searched.len() > 1 {
            let words = words.into_iter().map(|(w, _)| w).collect();
            hl.phrases.push(PhraseMatch { words, slop, stemmed: true, prefix });
        } else {
            hl.stems.extend(searched);
        }
    }

    /// Every word of `text` as its stem, or as the word itself (flagged) when it is a stop word.
    fn stems_in_place(&self, text: &str) -> Vec<(String, bool)> {
        let Some(mut stemmed) = self.index.tokenizers().get(STEMMED) else { return Vec::new() };
        let mut stems = std::collections::HashMap::new();
        let mut stream = stemmed.token_stream(text);
        while stream.advance() {
            stems.insert(stream.token().offset_from, stream.token().text.clone());
        }
        let Some(mut exact) = self.index.tokenizers().get(EXACT) else { return Vec::new() };
        let mut stream = exact.token_stream(text);
        let mut words = Vec::new();
        while stream.advance() {
            let token = stream.token();
            words.push(match stems.remove(&token.offset_from) {
                Some(stem) => (stem, false),
                None => (token.text.clone(), true),
            });
        }
        words
    }

    fn tokens(&self, analyzer: &str, text: &str) -> Vec<String> {
        let Some(mut analyzer) = self.index.tokenizers().get(analyzer) else { return Vec::new() };
        let mut stream = analyzer.token_stream(text);
        let mut tokens = Vec::new();
        while stream.advance() {
            tokens.push(stream.token().text.clone());
        }
        tokens
    }
}

/// `date:2024-07` means the whole of July 2024.
fn date_literal(value: &str) -> Result<UserInputAst, QueryError> {
    let date = parse_query_date(value)?;
    let (first, last) = date.range().ok_or_else(|| year_needed(value))?;
    Ok(UserInputAst::from(UserInputLeaf::Range {
        field: Some("date".into()),
        lower: UserInputBound::Inclusive(rfc3339(first)),
        upper: UserInputBound::Inclusive(rfc3339(last)),
    }))
}

/// Lets `date:[2024-07 TO 2024-08-15]` use plain dates; an inclusive upper bound covers its whole
/// period. Bounds already in RFC 3339 pass through.
fn date_bound(bound: UserInputBound, upper: bool) -> Result<UserInputBound, QueryError> {
    let convert = |value: String, inclusive: bool| -> Result<String, QueryError> {
        if value.contains('T') {
            return Ok(value);
        }
        let date = parse_query_date(&value)?;
        let (first, last) = date.range().ok_or_else(|| year_needed(&value))?;
        Ok(rfc3339(if upper && inclusive { last } else { first }))
    };
    Ok(match bound {
        UserInputBound::Inclusive(v) => UserInputBound::Inclusive(convert(v, true)?),
        UserInputBound::Exclusive(v) => UserInputBound::Exclusive(convert(v, false)?),
        UserInputBound::Unbounded => UserInputBound::Unbounded,
    })
}

fn parse_query_date(value: &str) -> Result<NewsDate, QueryError> {
    value.parse::<NewsDate>().map_err(|e| QueryError::Invalid(format!("date:{value}: {e}")))
}

fn year_needed(value: &str) -> QueryError {
    QueryError::Invalid(format!("date {value} has no year: a date filter needs one"))
}

fn rfc3339(date: jiff::civil::Date) -> String {
    format!("{date}T00:00:00Z")
}

/// tantivy's parser errors in the user's terms.
fn explain_parser_error(e: QueryParserError) -> QueryError {
    QueryError::Invalid(match e {
        QueryParserError::FieldDoesNotExist(field) => {
            format!("unknown field '{field}': fields are {QUERY_FIELDS}")
        }
        QueryParserError::AllButQueryForbidden => {
            "a query of only excluded words matches nothing: add a word to search for".into()
        }
        QueryParserError::DateFormatError(_) => "dates in queries are written YYYY-MM-DD".into(),
        e => e.to_string(),
    })
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
        let field = kind.map_or(fields.entity, |kind| fields.entity_field(kind));
        queries.push(term_query(Term::from_field_text(field, &canonical_key(name))));
    }
    queries
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index() -> NewsIndex {
        let dir = tempfile::tempdir().unwrap();
        NewsIndex::open_or_create(dir.path()).unwrap()
    }

    fn highlights(text: &str) -> Highlights {
        build(&index(), text, false, &Filters::default()).unwrap().highlights
    }

    #[test]
    fn keywords_highlight_by_stem_and_phrases_by_exact_words() {
        let hl = highlights(r#""table tennis" flooding"#);
        assert_eq!(hl.stems, BTreeSet::from(["flood".to_string()]));
        let words = vec!["table".into(), "tennis".into()];
        assert_eq!(hl.phrases, [PhraseMatch { words, slop: 0, stemmed: false, prefix: false }]);
    }

    #[test]
    fn excluded_and_title_only_words_are_not_highlighted() {
        let hl = highlights("storm -surge NOT tide title:harbour");
        assert_eq!(hl.stems, BTreeSet::from(["storm".to_string()]));
    }

    #[test]
    fn stop_words_hold_their_place_in_hyphenated_words() {
        let hl = highlights("state-of-the-art the-harbour");
        let words = ["state", "of", "the", "art"].map(String::from).to_vec();
        assert_eq!(hl.phrases, [PhraseMatch { words, slop: 0, stemmed: true, prefix: false }]);
        assert_eq!(hl.stems, BTreeSet::from(["harbour".to_string()]));
    }

    #[test]
    fn slop_and_prefixes_are_kept_for_highlighting() {
        let hl = highlights(r#""storm surge"~2 "table ten"*"#);
        assert_eq!((hl.phrases[0].slop, hl.phrases[0].prefix), (2, false));
        assert_eq!((hl.phrases[1].slop, hl.phrases[1].prefix), (0, true));
    }

    #[test]
    fn literal_mode_ignores_operators_and_punctuation() {
        let hl = build(&index(), "US AND SOVIET RELATIONS .", true, &Filters::default()).unwrap().highlights;
        // "AND" is a plain word here, and a stop word.
        assert_eq!(hl.stems, BTreeSet::from(["relat", "soviet", "us"].map(String::from)));
    }

    #[test]
    fn syntax_errors_point_at_the_column() {
        let err = build(&index(), r#"selfie AND ("table tennis""#, false, &Filters::default()).err().unwrap();
        assert!(matches!(err, QueryError::Syntax { .. }), "{err}");
        assert!(err.to_string().starts_with("query syntax error at column "), "{err}");
    }

    #[test]
    fn unknown_fields_and_bad_dates_are_explained() {
        let err = build(&index(), "byline:smith", false, &Filters::default()).err().unwrap();
        assert_eq!(err.to_string(), format!("unknown field 'byline': fields are {QUERY_FIELDS}"));
        let err = build(&index(), "date:July", false, &Filters::default()).err().unwrap();
        assert!(err.to_string().starts_with("date:July: 'July' is not a date"), "{err}");
        let err = build(&index(), r#"date:"--07-31""#, false, &Filters::default()).err().unwrap();
        assert_eq!(err.to_string(), "date --07-31 has no year: a date filter needs one");
    }

    #[test]
    fn only_exclusions_or_nothing_is_refused() {
        let err = build(&index(), "-storm", false, &Filters::default()).err().unwrap();
        assert!(err.to_string().starts_with("a query of only excluded words"), "{err}");
        let err = build(&index(), "  ", false, &Filters::default()).err().unwrap();
        assert!(err.to_string().starts_with("empty query"), "{err}");
        let filters = Filters { source: Some("UPI".into()), ..Filters::default() };
        assert!(build(&index(), "", false, &filters).is_ok());
    }

    #[test]
    fn date_values_become_ranges() {
        assert!(build(&index(), "date:2024-07 storm", false, &Filters::default()).is_ok());
        assert!(build(&index(), "date:[2024-07-01 TO 2024-07-31]", false, &Filters::default()).is_ok());
        assert!(build(&index(), "date:[2024-07-01T00:00:00Z TO *]", false, &Filters::default()).is_ok());
    }
}
