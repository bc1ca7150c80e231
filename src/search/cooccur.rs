//! Who appears with whom: the entities of a result set's articles and, given one entity, the
//! entities that appear with it more often than chance, scored by Dunning's log-likelihood
//! ratio (the statistic Elasticsearch's `significant_terms` family approximates), each with its
//! co-mentions per month.
//!
//! Counts are per article (one document each): the foreground is the
//! matching articles that mention the entity, the background all matching articles (the whole
//! index without a query). The entity fast fields are read in one pass by a collector, since a
//! terms aggregation can list only the most frequent values, not the background count of every
//! value the foreground has.

use std::collections::{BTreeMap, HashMap};

use jiff::civil::Date;
use serde::Serialize;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::{Column, StrColumn};
use tantivy::query::{AllQuery, Query};
use tantivy::{DocId, Score, Searcher, SegmentOrdinal, SegmentReader};

use super::query::{self, Filters};
use super::stats::display_form;
use super::timeline::Bucket;
use super::{NewsSearcher, SearchError};
use crate::index::NewsIndex;
use crate::index::writer::date_of_sort_day;
use crate::model::EntityKind;
use crate::names::canonical_key;

/// Fewer articles with both than this say nothing either way (Elasticsearch's `min_doc_count`
/// default for significant terms, its "minimum weight-of-evidence").
pub const MIN_BOTH: u64 = 3;

/// What to count.
#[derive(Debug, Clone, Default)]
pub struct CooccurRequest {
    /// The query whose matching articles are counted; empty for the whole index.
    pub query: String,
    pub literal: bool,
    pub filters: Filters,
    /// The entity to find companions of (any kind, any spelling); `None` lists the top entities.
    pub with: Option<String>,
    /// Kinds of entities to list; empty for all.
    pub kinds: Vec<EntityKind>,
    pub limit: usize,
}

/// The entities of a result set, ranked.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cooccurrence {
    /// The entity asked about, as most articles write it.
    pub with: Option<String>,
    /// Matching articles (the background).
    pub articles: u64,
    /// Matching articles that mention `with` (the foreground); all of them without `with`.
    pub with_articles: u64,
    pub entities: Vec<Companion>,
}

/// One entity of the result set.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Companion {
    pub name: String,
    pub kind: EntityKind,
    /// Foreground articles that mention it.
    pub both: u64,
    /// Background articles that mention it.
    pub articles: u64,
    /// Signed log-likelihood ratio G²; `None` without `with`.
    pub score: Option<f64>,
    /// Foreground articles mentioning it per month, earliest first, months without any left out.
    pub months: Vec<MonthCount>,
    /// Foreground articles mentioning it whose year is unknown.
    pub undated: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MonthCount {
    /// `YYYY-MM`.
    pub month: String,
    pub articles: u64,
}

/// Counts the entities of the articles `request` selects.
pub fn cooccurrences(
    index: &NewsIndex,
    news: &NewsSearcher,
    request: &CooccurRequest,
) -> Result<Cooccurrence, SearchError> {
    let fields = &index.fields;
    let searcher = &news.searcher;
    let one_each: Box<dyn Query> = if request.query.trim().is_empty() && request.filters.is_empty() {
        Box::new(AllQuery)
    } else {
        query::build(index, searcher, &news.stats, &request.query, request.literal, &request.filters)?.query
    };
    let target = request.with.as_deref().map(canonical_key).filter(|key| !key.is_empty());
    let kinds = if request.kinds.is_empty() { EntityKind::ALL.to_vec() } else { request.kinds.clone() };

    let tally = searcher.search(&*one_each, &Tally { target: target.clone(), kinds: kinds.clone() })?;
    let mut ranked: Vec<(EntityKey, u64, u64, Option<f64>)> = tally
        .entities
        .into_iter()
        .filter(|((_, key), _)| Some(key) != target.as_ref())
        .filter_map(|(entity, (both, articles))| {
            if target.is_none() {
                return Some((entity, both, articles, None));
            }
            let score = signed_g2(both, tally.foreground, articles, tally.background);
            (both >= MIN_BOTH && score > 0.0).then_some((entity, both, articles, Some(score)))
        })
        .collect();
    ranked.sort_by(|a, b| {
        let by_score = b.3.unwrap_or(0.0).total_cmp(&a.3.unwrap_or(0.0));
        by_score.then(b.1.cmp(&a.1)).then_with(|| a.0.cmp(&b.0))
    });
    ranked.truncate(request.limit);

    let wanted: Vec<EntityKey> = ranked.iter().map(|(entity, ..)| entity.clone()).collect();
    let mut months = searcher.search(&*one_each, &Months { target: target.clone(), wanted })?;
    let mut entities = Vec::with_capacity(ranked.len());
    for ((kind, key), both, articles, score) in ranked {
        let (per_month, undated) = months.remove(&(kind, key.clone())).unwrap_or_default();
        entities.push(Companion {
            name: display_form(searcher, fields.entity_field(kind), &key)?,
            kind,
            both,
            articles,
            score,
            months: per_month
                .into_iter()
                .map(|(start, articles)| MonthCount { month: Bucket::Month.label(start), articles })
                .collect(),
            undated,
        });
    }
    let with = match (&request.with, &target) {
        (Some(name), Some(key)) => Some(display_name(searcher, index, key, name)?),
        _ => None,
    };
    Ok(Cooccurrence { with, articles: tally.background, with_articles: tally.foreground, entities })
}

/// How articles write the entity asked about, looked for in each kind's field in turn.
fn display_name(searcher: &Searcher, index: &NewsIndex, key: &str, asked: &str) -> tantivy::Result<String> {
    for kind in EntityKind::ALL {
        let field = index.fields.entity_field(kind);
        let written = display_form(searcher, field, key)?;
        if written != key {
            return Ok(written);
        }
    }
    Ok(asked.to_string())
}

/// Dunning's log-likelihood ratio G² = 2 Σ O ln(O/E) over the 2×2 table of `both` articles
/// mentioning the entity among `foreground` ones, against `articles` among `background` ones
/// (the foreground being part of the background), signed negative when the entity is rarer in
/// the foreground than outside it. Dunning 1993, "Accurate Methods for the Statistics of
/// Surprise and Coincidence", Computational Linguistics 19(1); computed as Mahout's
/// `LogLikelihood` does.
pub fn signed_g2(both: u64, foreground: u64, articles: u64, background: u64) -> f64 {
    let k11 = both as f64;
    let k12 = foreground.saturating_sub(both) as f64;
    let k21 = articles.saturating_sub(both) as f64;
    let k22 = background.saturating_sub(foreground).saturating_sub(articles.saturating_sub(both)) as f64;
    let g2 = g2([[k11, k12], [k21, k22]]);
    let inside = if k11 + k12 > 0.0 { k11 / (k11 + k12) } else { 0.0 };
    let outside = if k21 + k22 > 0.0 { k21 / (k21 + k22) } else { 0.0 };
    if inside < outside { -g2 } else { g2 }
}

/// G² of a 2×2 contingency table (rows: sample and reference; columns: with and without).
pub fn g2(table: [[f64; 2]; 2]) -> f64 {
    let total: f64 = table.iter().flatten().sum();
    if total == 0.0 {
        return 0.0;
    }
    let rows = [table[0][0] + table[0][1], table[1][0] + table[1][1]];
    let columns = [table[0][0] + table[1][0], table[0][1] + table[1][1]];
    let mut sum = 0.0;
    for (r, row) in table.iter().enumerate() {
        for (c, &observed) in row.iter().enumerate() {
            if observed > 0.0 {
                let expected = rows[r] * columns[c] / total;
                sum += observed * (observed / expected).ln();
            }
        }
    }
    (2.0 * sum).max(0.0)
}

/// An entity: its kind and its canonical key.
type EntityKey = (EntityKind, String);

/// The entity columns of one segment, every kind (to tell the foreground) with whether it is
/// listed, and the ordinals of the target entity in them.
struct EntityColumns {
    columns: Vec<(EntityKind, StrColumn, bool)>,
    target: Vec<Option<u64>>,
}

impl EntityColumns {
    fn open(segment: &SegmentReader, listed: &[EntityKind], target: Option<&str>) -> tantivy::Result<Self> {
        let mut columns = Vec::new();
        let mut ords = Vec::new();
        for kind in EntityKind::ALL {
            let Some(column) = segment.fast_fields().str(kind.name())? else { continue };
            ords.push(match target {
                Some(key) => column.dictionary().term_ord(key)?,
                None => None,
            });
            columns.push((kind, column, listed.contains(&kind)));
        }
        Ok(Self { columns, target: ords })
    }

    /// Whether the document is in the foreground: it mentions the target (any document does
    /// when there is none).
    fn in_foreground(&self, doc: DocId, has_target: bool) -> bool {
        !has_target
            || self
                .columns
                .iter()
                .zip(&self.target)
                .any(|((_, column, _), ord)| ord.is_some_and(|ord| column.term_ords(doc).any(|o| o == ord)))
    }
}

/// Counts, for every entity of the listed kinds, the foreground and background documents
/// mentioning it.
struct Tally {
    target: Option<String>,
    kinds: Vec<EntityKind>,
}

#[derive(Default)]
struct TallyFruit {
    background: u64,
    foreground: u64,
    /// (foreground, background) documents per entity.
    entities: HashMap<EntityKey, (u64, u64)>,
}

struct TallySegment {
    columns: EntityColumns,
    has_target: bool,
    background: u64,
    foreground: u64,
    /// Per column, (foreground, background) counts by term ordinal.
    counts: Vec<Vec<(u32, u32)>>,
    ords: Vec<u64>,
}

impl Collector for Tally {
    type Fruit = TallyFruit;
    type Child = TallySegment;

    fn for_segment(&self, _: SegmentOrdinal, segment: &SegmentReader) -> tantivy::Result<TallySegment> {
        let columns = EntityColumns::open(segment, &self.kinds, self.target.as_deref())?;
        let counts = columns
            .columns
            .iter()
            .map(|(_, column, listed)| if *listed { vec![(0, 0); column.num_terms()] } else { Vec::new() })
            .collect();
        Ok(TallySegment {
            columns,
            has_target: self.target.is_some(),
            background: 0,
            foreground: 0,
            counts,
            ords: Vec::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<TallyFruit>) -> tantivy::Result<TallyFruit> {
        let mut merged = TallyFruit::default();
        for fruit in fruits {
            merged.background += fruit.background;
            merged.foreground += fruit.foreground;
            for (entity, (both, articles)) in fruit.entities {
                let counts = merged.entities.entry(entity).or_default();
                counts.0 += both;
                counts.1 += articles;
            }
        }
        Ok(merged)
    }
}

impl SegmentCollector for TallySegment {
    type Fruit = TallyFruit;

    fn collect(&mut self, doc: DocId, _: Score) {
        self.background += 1;
        let foreground = self.columns.in_foreground(doc, self.has_target);
        self.foreground += u64::from(foreground);
        for ((_, column, listed), counts) in self.columns.columns.iter().zip(&mut self.counts) {
            if !listed {
                continue;
            }
            // Two spellings of one name fold to one key: count the document once.
            self.ords.clear();
            self.ords.extend(column.term_ords(doc));
            self.ords.sort_unstable();
            self.ords.dedup();
            for &ord in &self.ords {
                let (both, articles) = &mut counts[ord as usize];
                *articles += 1;
                *both += u32::from(foreground);
            }
        }
    }

    fn harvest(self) -> TallyFruit {
        let mut entities = HashMap::new();
        for ((kind, column, _), counts) in self.columns.columns.iter().zip(&self.counts) {
            if counts.iter().all(|&(_, articles)| articles == 0) {
                continue;
            }
            // The dictionary is read in order, one pass, rather than looked up ordinal by ordinal.
            let Ok(mut terms) = column.dictionary().stream() else { continue };
            while terms.advance() {
                let Some(&(both, articles)) = counts.get(terms.term_ord() as usize) else { break };
                if articles > 0 {
                    let key = String::from_utf8_lossy(terms.key()).into_owned();
                    entities.insert((*kind, key), (u64::from(both), u64::from(articles)));
                }
            }
        }
        TallyFruit { background: self.background, foreground: self.foreground, entities }
    }
}

/// Counts the foreground documents per month for a few entities.
struct Months {
    target: Option<String>,
    wanted: Vec<EntityKey>,
}

/// First days of months with their document counts, and the documents without a known year.
type MonthTally = (BTreeMap<Date, u64>, u64);

struct MonthsSegment {
    columns: EntityColumns,
    has_target: bool,
    dates: Column<i64>,
    /// (column, ordinal) of each wanted entity found in this segment.
    wanted: Vec<(usize, u64, EntityKey)>,
    tallies: HashMap<EntityKey, MonthTally>,
}

impl Collector for Months {
    type Fruit = HashMap<EntityKey, MonthTally>;
    type Child = MonthsSegment;

    fn for_segment(&self, _: SegmentOrdinal, segment: &SegmentReader) -> tantivy::Result<MonthsSegment> {
        let kinds: Vec<EntityKind> = self.wanted.iter().map(|(kind, _)| *kind).collect();
        let columns = EntityColumns::open(segment, &kinds, self.target.as_deref())?;
        let mut wanted = Vec::new();
        for entity in &self.wanted {
            let Some(i) = columns.columns.iter().position(|(kind, ..)| *kind == entity.0) else { continue };
            if let Some(ord) = columns.columns[i].1.dictionary().term_ord(&entity.1)? {
                wanted.push((i, ord, entity.clone()));
            }
        }
        Ok(MonthsSegment {
            columns,
            has_target: self.target.is_some(),
            dates: segment.fast_fields().i64("date_sort")?,
            wanted,
            tallies: HashMap::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<Self::Fruit>) -> tantivy::Result<Self::Fruit> {
        let mut merged: Self::Fruit = HashMap::new();
        for fruit in fruits {
            for (entity, (months, undated)) in fruit {
                let tally = merged.entry(entity).or_default();
                for (month, n) in months {
                    *tally.0.entry(month).or_default() += n;
                }
                tally.1 += undated;
            }
        }
        Ok(merged)
    }
}

impl SegmentCollector for MonthsSegment {
    type Fruit = HashMap<EntityKey, MonthTally>;

    fn collect(&mut self, doc: DocId, _: Score) {
        if self.wanted.is_empty() || !self.columns.in_foreground(doc, self.has_target) {
            return;
        }
        let month = self.dates.first(doc).and_then(month_of);
        for (i, ord, entity) in &self.wanted {
            if self.columns.columns[*i].1.term_ords(doc).any(|o| o == *ord) {
                let tally = self.tallies.entry(entity.clone()).or_default();
                match month {
                    Some(month) => *tally.0.entry(month).or_default() += 1,
                    None => tally.1 += 1,
                }
            }
        }
    }

    fn harvest(self) -> Self::Fruit {
        self.tallies
    }
}

/// The first day of the month of a `date_sort` value (`None` when the year is unknown).
fn month_of(sort_day: i64) -> Option<Date> {
    Some(Bucket::Month.start(date_of_sort_day(sort_day)?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::ArticleWriter;
    use crate::model::{Article, Entity, NewsDate, Passage};

    #[test]
    fn g2_matches_dunnings_worked_example() {
        // One occurrence in a 1,000-word sample against one in a million-word reference:
        // chi-squared says 499, G² says 11.05 (Dunning, Corpora list, 1996).
        let g = g2([[1.0, 999.0], [1.0, 999_999.0]]);
        assert!((g - 11.0479).abs() < 1e-3, "{g}");
        // A perfect association of 10 and 10: 40 ln 2.
        assert!((g2([[10.0, 0.0], [0.0, 10.0]]) - 40.0 * 2f64.ln()).abs() < 1e-9);
        assert_eq!(g2([[0.0, 0.0], [0.0, 0.0]]), 0.0);
    }

    #[test]
    fn the_sign_says_whether_the_foreground_has_more_than_its_share() {
        // 4 of 5 foreground articles, against 1 of the 95 others.
        let over = signed_g2(4, 5, 5, 100);
        assert!((over - g2([[4.0, 1.0], [1.0, 94.0]])).abs() < 1e-9);
        assert!(over > 10.0, "{over}");
        // 1 of 50 foreground articles, against 49 of the 50 others.
        assert!(signed_g2(1, 50, 50, 100) < -50.0);
    }

    fn article(id: &str, date: Option<NewsDate>, people: &[&str]) -> Article {
        Article {
            id: id.into(),
            title: format!("Story {id}"),
            date,
            entities: people
                .iter()
                .map(|name| Entity { kind: EntityKind::Person, name: name.to_string(), mentions: 1 })
                .collect(),
            passages: (0..2)
                .map(|i| Passage { text: format!("Election campaign news, part {i}."), continues: false })
                .collect(),
            ..Article::default()
        }
    }

    fn index_of(articles: &[Article]) -> (tempfile::TempDir, NewsIndex) {
        let dir = tempfile::tempdir().unwrap();
        let index = NewsIndex::open_or_create(dir.path()).unwrap();
        let writer = ArticleWriter::new(&index, 1, 15_000_000).unwrap();
        for article in articles {
            writer.add(article).unwrap();
        }
        writer.finish().unwrap();
        (dir, index)
    }

    #[test]
    fn companions_are_counted_per_article_and_ranked_by_g2() {
        let may = NewsDate::day(2005, 5, 3);
        let june = NewsDate::day(2005, 6, 9);
        let mut articles = vec![
            article("a", may, &["Tony Blair", "Gordon Brown"]),
            article("b", may, &["TONY BLAIR", "Gordon Brown", "Michael Howard"]),
            article("c", june, &["Tony Blair", "Gordon Brown", "Michael Howard"]),
            article("d", None, &["Tony Blair", "Michael Howard", "Charles Kennedy"]),
            article("e", june, &["Charles Kennedy"]),
        ];
        for i in 0..10 {
            articles.push(article(&format!("x{i}"), None, &["Charles Kennedy", "Jose Mourinho"]));
        }
        let (_dir, index) = index_of(&articles);
        let searcher = crate::search::NewsSearcher::open(&index).unwrap();
        let request =
            CooccurRequest { with: Some("tony blair".into()), limit: 10, ..CooccurRequest::default() };
        let found = cooccurrences(&index, &searcher, &request).unwrap();
        assert_eq!(found.with.as_deref(), Some("Tony Blair"));
        assert_eq!((found.articles, found.with_articles), (15, 4));
        let names: Vec<(&str, u64, u64)> =
            found.entities.iter().map(|c| (c.name.as_str(), c.both, c.articles)).collect();
        // Gordon Brown and Michael Howard: 3 of Blair's 4 articles and none of the 11 others.
        // Charles Kennedy is in 1 of them (under the minimum) and Mourinho in none.
        assert_eq!(names, [("Gordon Brown", 3, 3), ("Michael Howard", 3, 3)]);
        let expected = g2([[3.0, 1.0], [0.0, 11.0]]);
        assert!((found.entities[0].score.unwrap() - expected).abs() < 1e-9);
        let brown = &found.entities[0];
        let months: Vec<(&str, u64)> = brown.months.iter().map(|m| (m.month.as_str(), m.articles)).collect();
        assert_eq!(months, [("2005-05", 2), ("2005-06", 1)]);
        assert_eq!(brown.undated, 0);
        assert_eq!(found.entities[1].undated, 1);
    }

    #[test]
    fn without_an_entity_the_top_entities_of_the_matching_articles_are_listed() {
        let articles = [
            article("alpha", None, &["Ann Lee", "Bo Chen"]),
            article("bravo", None, &["Ann Lee"]),
            article("charlie", None, &["Ann Lee", "Cy Dorn"]),
        ];
        let (_dir, index) = index_of(&articles);
        let searcher = crate::search::NewsSearcher::open(&index).unwrap();
        let request = CooccurRequest { limit: 2, ..CooccurRequest::default() };
        let found = cooccurrences(&index, &searcher, &request).unwrap();
        assert_eq!((found.articles, found.with_articles, found.with.as_deref()), (3, 3, None));
        let names: Vec<(&str, u64, Option<f64>)> =
            found.entities.iter().map(|c| (c.name.as_str(), c.articles, c.score)).collect();
        assert_eq!(names, [("Ann Lee", 3, None), ("Bo Chen", 1, None)]);
        // A query narrows the background; a kind that has no entities lists none.
        let narrowed = CooccurRequest {
            query: "title:bravo".into(),
            kinds: vec![EntityKind::Person],
            limit: 5,
            ..CooccurRequest::default()
        };
        let found = cooccurrences(&index, &searcher, &narrowed).unwrap();
        assert_eq!(found.articles, 1);
        assert_eq!(found.entities.iter().map(|c| c.name.as_str()).collect::<Vec<_>>(), ["Ann Lee"]);
        let orgs = CooccurRequest { kinds: vec![EntityKind::Org], limit: 5, ..CooccurRequest::default() };
        assert!(cooccurrences(&index, &searcher, &orgs).unwrap().entities.is_empty());
    }
}
