//! From a URL's query string to a library request: every parameter checked, with a one-line
//! message naming it when it is wrong, so that nothing reaches the search unbounded.

use crate::model::{EntityKind, NewsDate};
use crate::search::cooccur::CooccurRequest;
use crate::search::facets::Facet;
use crate::search::query::Filters;
use crate::search::related::RelatedRequest;
use crate::search::timeline::Bucket;
use crate::search::{SearchRequest, SortOrder};

use super::error::ApiError;

/// The longest query accepted, in bytes.
pub const MAX_QUERY_BYTES: usize = 4096;
/// The most hits (or entities) one request may ask for.
pub const MAX_HITS: usize = 1000;
/// How deep paging may go: each page ranks everything before it again.
pub const MAX_OFFSET: usize = 10_000;
const MAX_FACET_TOP: usize = 100;
const MAX_SNIPPET_CHARS: usize = 2000;
const MAX_PER_ARTICLE: usize = 20;
/// Repeated filters (`person=…&person=…`) one request may give.
const MAX_FILTERS: usize = 20;

/// The parameters that choose articles, shared by search, timeline and entities.
const SELECTION: [&str; 10] =
    ["q", "literal", "source", "person", "org", "location", "entity", "from", "to", "keep_undated"];
pub const SEARCH: &[&str] =
    &["n", "offset", "sort", "facets", "facet_top", "per_article", "snippet_chars", "expand"];
pub const TIMELINE: &[&str] = &["bucket"];
pub const ENTITIES: &[&str] = &["with", "kind", "n"];
pub const RELATED: &[&str] = &["n", "before", "snippet_chars", "expand"];

/// A query string's parameters, in order, each one a known name.
#[derive(Debug)]
pub struct Params {
    pairs: Vec<(String, String)>,
}

impl Params {
    /// Parses `raw` (the part after `?`); `selection` says whether the article-choosing
    /// parameters are accepted besides `extra`.
    pub fn parse(raw: Option<&str>, selection: bool, extra: &[&str]) -> Result<Self, ApiError> {
        let pairs: Vec<(String, String)> = form_urlencoded::parse(raw.unwrap_or("").as_bytes())
            .map(|(name, value)| (name.into_owned(), value.into_owned()))
            .collect();
        for (name, _) in &pairs {
            let known = extra.contains(&name.as_str()) || (selection && SELECTION.contains(&name.as_str()));
            if !known {
                let mut names: Vec<&str> = extra.to_vec();
                if selection {
                    names.extend(SELECTION);
                }
                return Err(ApiError::bad_request(format!(
                    "unknown parameter '{}': this route takes {}",
                    truncate(name),
                    names.join(", ")
                )));
            }
        }
        Ok(Self { pairs })
    }

    /// The last non-empty value of `name`.
    fn one(&self, name: &str) -> Option<&str> {
        self.pairs.iter().rev().find(|(n, v)| n == name && !v.trim().is_empty()).map(|(_, v)| v.trim())
    }

    /// Every non-empty value of `name`.
    fn all(&self, name: &str) -> Result<Vec<String>, ApiError> {
        let values: Vec<String> = self
            .pairs
            .iter()
            .filter(|(n, v)| n == name && !v.trim().is_empty())
            .map(|(_, v)| v.trim().to_string())
            .collect();
        if values.len() > MAX_FILTERS {
            return Err(ApiError::bad_request(format!("at most {MAX_FILTERS} '{name}' values")));
        }
        Ok(values)
    }

    fn number(&self, name: &str, default: usize, min: usize, max: usize) -> Result<usize, ApiError> {
        let Some(text) = self.one(name) else { return Ok(default) };
        match text.parse::<usize>() {
            Ok(n) if (min..=max).contains(&n) => Ok(n),
            _ => Err(ApiError::bad_request(format!(
                "'{name}' must be a whole number from {min} to {max}, not '{}'",
                truncate(text)
            ))),
        }
    }

    fn flag(&self, name: &str) -> Result<bool, ApiError> {
        match self.one(name) {
            None | Some("0" | "false" | "no") => Ok(false),
            Some("1" | "true" | "yes") => Ok(true),
            Some(other) => Err(ApiError::bad_request(format!(
                "'{name}' must be true or false, not '{}'",
                truncate(other)
            ))),
        }
    }

    fn date(&self, name: &str) -> Result<Option<NewsDate>, ApiError> {
        let Some(text) = self.one(name) else { return Ok(None) };
        let wrong = || {
            ApiError::bad_request(format!(
                "'{name}' must be a date with a year (YYYY-MM-DD, YYYY-MM or YYYY), not '{}'",
                truncate(text)
            ))
        };
        let date: NewsDate = text.parse().map_err(|_| wrong())?;
        if date.year_value().is_none() {
            return Err(wrong());
        }
        Ok(Some(date))
    }

    /// The query text (empty when none) and whether it is literal.
    fn query(&self) -> Result<(String, bool), ApiError> {
        let q = self.one("q").unwrap_or("");
        if q.len() > MAX_QUERY_BYTES {
            return Err(ApiError::bad_request(format!(
                "the query is {} bytes long: at most {MAX_QUERY_BYTES} are accepted",
                q.len()
            )));
        }
        Ok((q.to_string(), self.flag("literal")?))
    }

    fn filters(&self) -> Result<Filters, ApiError> {
        let mut entities = Vec::new();
        for (kind, name) in [
            (Some(EntityKind::Person), "person"),
            (Some(EntityKind::Org), "org"),
            (Some(EntityKind::Location), "location"),
            (None, "entity"),
        ] {
            entities.extend(self.all(name)?.into_iter().map(|value| (kind, value)));
        }
        if entities.len() > MAX_FILTERS {
            return Err(ApiError::bad_request(format!("at most {MAX_FILTERS} entity filters")));
        }
        Ok(Filters {
            source: self.one("source").map(str::to_string),
            since: self.date("from")?,
            until: self.date("to")?,
            keep_undated: self.flag("keep_undated")?,
            entities,
        })
    }

    /// The request for `/api/search`.
    pub fn search(&self) -> Result<SearchRequest, ApiError> {
        let (query, literal) = self.query()?;
        let facets = match self.one("facets") {
            None => Vec::new(),
            Some(list) => list.split(',').map(|name| facet(name.trim())).collect::<Result<_, _>>()?,
        };
        let limit = self.number("n", 10, 0, MAX_HITS)?;
        let request = SearchRequest {
            // Views of the whole index need no query: `*` matches every passage.
            query: if query.trim().is_empty() && !facets.is_empty() { "*".into() } else { query },
            literal,
            filters: self.filters()?,
            limit,
            offset: self.number("offset", 0, 0, MAX_OFFSET)?,
            sort: match self.one("sort") {
                None | Some("relevance") => SortOrder::Relevance,
                Some("date") => SortOrder::Date,
                Some(other) => {
                    return Err(ApiError::bad_request(format!(
                        "'sort' must be relevance or date, not '{}'",
                        truncate(other)
                    )));
                }
            },
            per_article: self.number("per_article", 1, 1, MAX_PER_ARTICLE)?,
            snippet_chars: self.number("snippet_chars", 240, 20, MAX_SNIPPET_CHARS)?,
            expand: self.flag("expand")?,
            facets,
            facet_top: self.number("facet_top", 10, 1, MAX_FACET_TOP)?,
            timeline: None,
        };
        Ok(request)
    }

    /// The request for `/api/timeline`: the selection, counted per period.
    pub fn timeline(&self) -> Result<SearchRequest, ApiError> {
        let (query, literal) = self.query()?;
        let bucket = match self.one("bucket") {
            None => Bucket::Month,
            Some(name) => [Bucket::Day, Bucket::Week, Bucket::Month, Bucket::Year]
                .into_iter()
                .find(|b| b.name() == name)
                .ok_or_else(|| {
                    ApiError::bad_request(format!(
                        "'bucket' must be day, week, month or year, not '{}'",
                        truncate(name)
                    ))
                })?,
        };
        Ok(SearchRequest {
            query: if query.trim().is_empty() { "*".into() } else { query },
            literal,
            filters: self.filters()?,
            limit: 0,
            timeline: Some(bucket),
            ..SearchRequest::default()
        })
    }

    /// The request for `/api/entities`.
    pub fn entities(&self) -> Result<CooccurRequest, ApiError> {
        let (query, literal) = self.query()?;
        let kinds = match self.one("kind") {
            None => Vec::new(),
            Some(list) => list.split(',').map(|name| kind(name.trim())).collect::<Result<_, _>>()?,
        };
        let with = self.one("with").map(str::to_string);
        if with.as_ref().is_some_and(|w| w.len() > MAX_QUERY_BYTES) {
            return Err(ApiError::bad_request(format!("'with' is longer than {MAX_QUERY_BYTES} bytes")));
        }
        Ok(CooccurRequest {
            query,
            literal,
            filters: self.filters()?,
            with,
            kinds,
            limit: self.number("n", 20, 1, MAX_HITS)?,
        })
    }

    /// The request for `/api/related/{id}`.
    pub fn related(&self, id: &str) -> Result<RelatedRequest, ApiError> {
        Ok(RelatedRequest {
            article_id: id.to_string(),
            before: self.date("before")?,
            limit: self.number("n", 10, 0, MAX_HITS)?,
            snippet_chars: self.number("snippet_chars", 240, 20, MAX_SNIPPET_CHARS)?,
            expand: self.flag("expand")?,
        })
    }
}

fn facet(name: &str) -> Result<Facet, ApiError> {
    Facet::from_name(name).ok_or_else(|| {
        ApiError::bad_request(format!(
            "unknown facet '{}': facets are source, person, org, location, misc, label",
            truncate(name)
        ))
    })
}

fn kind(name: &str) -> Result<EntityKind, ApiError> {
    EntityKind::ALL.into_iter().find(|k| k.name() == name).ok_or_else(|| {
        ApiError::bad_request(format!(
            "unknown kind '{}': kinds are person, org, location, misc",
            truncate(name)
        ))
    })
}

/// A value quoted in an error message, cut so that a huge one does not make a huge message.
pub fn truncate(text: &str) -> String {
    const MAX: usize = 80;
    match text.char_indices().nth(MAX) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn search(raw: &str) -> Result<SearchRequest, ApiError> {
        Params::parse(Some(raw), true, SEARCH)?.search()
    }

    #[test]
    fn a_search_url_becomes_the_request_the_cli_would_make() {
        let request = search("q=storm+surge&n=3&offset=6&sort=date&source=UPI&person=Park+Seo-yeon&person=Lin&from=2024-08&facets=source,person").unwrap();
        assert_eq!(request.query, "storm surge");
        assert_eq!((request.limit, request.offset, request.sort), (3, 6, SortOrder::Date));
        assert_eq!(request.filters.source.as_deref(), Some("UPI"));
        assert_eq!(
            request.filters.entities,
            [
                (Some(EntityKind::Person), "Park Seo-yeon".to_string()),
                (Some(EntityKind::Person), "Lin".to_string())
            ]
        );
        assert_eq!(request.filters.since, NewsDate::month(2024, 8));
        assert_eq!(request.facets, [Facet::Source, Facet::Person]);
        // Facets without a query count the whole index.
        assert_eq!(search("facets=source").unwrap().query, "*");
        assert_eq!(search("q=&source=").unwrap().filters.source, None);
    }

    #[test]
    fn wrong_parameters_say_which_and_why() {
        let message = |raw: &str| search(raw).unwrap_err().message;
        assert_eq!(message("n=1001"), "'n' must be a whole number from 0 to 1000, not '1001'");
        assert_eq!(message("n=ten"), "'n' must be a whole number from 0 to 1000, not 'ten'");
        assert_eq!(message("sort=newest"), "'sort' must be relevance or date, not 'newest'");
        assert!(message("size=3").starts_with("unknown parameter 'size': this route takes n, offset"));
        assert_eq!(
            message("facets=colour"),
            "unknown facet 'colour': facets are source, person, org, location, misc, label"
        );
        assert_eq!(
            message("from=--07-31"),
            "'from' must be a date with a year (YYYY-MM-DD, YYYY-MM or YYYY), not '--07-31'"
        );
        let long = format!("q={}", "a".repeat(MAX_QUERY_BYTES + 1));
        assert_eq!(message(&long), "the query is 4097 bytes long: at most 4096 are accepted");
        assert!(search(&format!("q={}", "a".repeat(MAX_QUERY_BYTES))).is_ok());
        assert_eq!(truncate(&"x".repeat(100)).chars().count(), 81);
    }

    #[test]
    fn timeline_and_entities_take_their_own_parameters() {
        let timeline =
            Params::parse(Some("bucket=year&source=AP"), true, TIMELINE).unwrap().timeline().unwrap();
        assert_eq!((timeline.query.as_str(), timeline.timeline), ("*", Some(Bucket::Year)));
        let entities = Params::parse(Some("with=Tony+Blair&kind=person,org&n=5"), true, ENTITIES)
            .unwrap()
            .entities()
            .unwrap();
        assert_eq!(entities.with.as_deref(), Some("Tony Blair"));
        assert_eq!(entities.kinds, [EntityKind::Person, EntityKind::Org]);
        assert_eq!(entities.limit, 5);
        let err = Params::parse(Some("kind=people"), true, ENTITIES).unwrap().entities().unwrap_err();
        assert_eq!(err.message, "unknown kind 'people': kinds are person, org, location, misc");
        assert!(Params::parse(Some("q=x"), false, RELATED).is_err());
    }
}
