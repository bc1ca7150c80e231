//! The index schema: one tantivy document per article, and the analysers its fields are read
//! with. Title and body are indexed with positions in one form that serves stemmed keywords
//! and exact phrases alike (see [`super::analysis`]); passages are not documents of their own
//! but ranges of the body, kept in fast fields so that a query can find and score them.

use tantivy::Index;
use tantivy::schema::{
    DateOptions, DateTimePrecision, FAST, Field, IndexRecordOption, NumericOptions, STORED, Schema,
    TextFieldIndexing, TextOptions,
};
use tantivy::tokenizer::{LowerCaser, RawTokenizer, TextAnalyzer, Token, TokenStream, Tokenizer};

use super::analysis::NewsTokenizer;
use crate::model::EntityKind;
use crate::names::canonical_key;

/// Title and body: stems and exact forms at each word's position.
pub const WORDS: &str = "news_words";
/// The whole value lower-cased: sources ("UPI" = "upi").
pub const KEYWORD: &str = "keyword";
/// The whole value folded to its entity key ("Kim Jong-Un" = "KIM JONG UN").
pub const ENTITY: &str = "entity";

/// Handles to every field of the schema.
#[derive(Debug, Clone)]
pub struct Fields {
    pub article_id: Field,
    pub title: Field,
    pub body: Field,
    /// Where each passage starts in the body: its byte offset, and its first word's position.
    pub passage_bytes: Field,
    pub passage_positions: Field,
    /// One past the body's last word position: where the last passage ends.
    pub body_positions: Field,
    pub source: Field,
    /// First day the article's date covers (absent when the year is unknown).
    pub date: Field,
    /// Last day the article's date covers.
    pub date_end: Field,
    /// A day number for sorting by date; undated articles have the smallest, so they sort last
    /// (see `writer::sort_day`).
    pub date_sort: Field,
    /// The date as written with its precision (`2024-07-31`, `2024-07`, `--07-31`).
    pub date_text: Field,
    /// The year was supplied with `--default-year`.
    pub year_assumed: Field,
    /// `day`, `month`, `year` or `month-day`; absent when there is no date.
    pub date_precision: Field,
    pub person: Field,
    pub org: Field,
    pub location: Field,
    pub misc: Field,
    pub path: Field,
    pub url: Field,
    pub author: Field,
    /// The format's own metadata as `name:value` terms (`places:usa`), for filtering.
    pub label: Field,
    /// The same metadata as stored JSON, for display.
    pub labels_json: Field,
    /// The article's near-duplicate fingerprint (`extract::dedup`) as its four words in order,
    /// absent for short bodies.
    pub simhash: Field,
}

impl Fields {
    pub fn entity_field(&self, kind: EntityKind) -> Field {
        match kind {
            EntityKind::Person => self.person,
            EntityKind::Org => self.org,
            EntityKind::Location => self.location,
            EntityKind::Misc => self.misc,
        }
    }

    /// Resolves the fields of an existing index by name.
    pub fn from_schema(schema: &Schema) -> tantivy::Result<Self> {
        let get = |name: &str| schema.get_field(name);
        Ok(Self {
            article_id: get("article_id")?,
            title: get("title")?,
            body: get("body")?,
            passage_bytes: get("passage_bytes")?,
            passage_positions: get("passage_positions")?,
            body_positions: get("body_positions")?,
            source: get("source")?,
            date: get("date")?,
            date_end: get("date_end")?,
            date_sort: get("date_sort")?,
            date_text: get("date_text")?,
            year_assumed: get("year_assumed")?,
            date_precision: get("date_precision")?,
            person: get("person")?,
            org: get("org")?,
            location: get("location")?,
            misc: get("misc")?,
            path: get("path")?,
            url: get("url")?,
            author: get("author")?,
            label: get("label")?,
            labels_json: get("labels_json")?,
            simhash: get("simhash")?,
        })
    }
}

/// Builds the schema newsdex writes.
pub fn build_schema() -> Schema {
    let mut builder = Schema::builder();
    // Whole values are matched, never ranked by length: no norms.
    let text = |tokenizer: &str, record: IndexRecordOption| {
        TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(tokenizer)
                .set_index_option(record)
                .set_fieldnorms(false),
        )
    };
    let raw = || text("raw", IndexRecordOption::Basic);
    // The norms (tokens per text, stems, exact forms and stop words alike) are the lengths
    // ranking normalises by.
    let words = || {
        TextOptions::default()
            .set_indexing_options(
                TextFieldIndexing::default()
                    .set_tokenizer(WORDS)
                    .set_index_option(IndexRecordOption::WithFreqsAndPositions),
            )
            .set_stored()
    };
    let day = DateOptions::default().set_precision(DateTimePrecision::Seconds);
    let count = || NumericOptions::default().set_fast();

    builder.add_text_field("article_id", raw().set_stored().set_fast("raw"));
    builder.add_text_field("title", words());
    builder.add_text_field("body", words());
    builder.add_u64_field("passage_bytes", count());
    builder.add_u64_field("passage_positions", count());
    builder.add_u64_field("body_positions", count());
    let basic = IndexRecordOption::Basic;
    builder.add_text_field("source", text(KEYWORD, basic).set_stored().set_fast(KEYWORD));
    builder.add_date_field("date", day.clone().set_indexed().set_fast());
    builder.add_date_field("date_end", day.set_indexed().set_fast());
    builder.add_i64_field("date_sort", NumericOptions::default().set_fast());
    builder.add_text_field("date_text", STORED);
    builder.add_bool_field("year_assumed", STORED);
    builder.add_text_field("date_precision", raw().set_fast("raw"));
    for kind in EntityKind::ALL {
        builder.add_text_field(kind.name(), text(ENTITY, basic).set_stored().set_fast(ENTITY));
    }
    builder.add_text_field("path", raw().set_stored());
    builder.add_text_field("url", STORED);
    builder.add_text_field("author", text(KEYWORD, basic).set_stored());
    builder.add_text_field("label", text(KEYWORD, basic).set_fast(KEYWORD));
    builder.add_text_field("labels_json", STORED);
    builder.add_u64_field("simhash", FAST);
    builder.build()
}

/// Registers the analysers the schema names; needed every time an index is opened.
pub fn register_tokenizers(index: &Index) {
    index.tokenizers().register(WORDS, NewsTokenizer::default());
    let keyword = || TextAnalyzer::builder(RawTokenizer::default()).filter(LowerCaser).build();
    for manager in [index.tokenizers(), index.fast_field_tokenizer()] {
        manager.register(KEYWORD, keyword());
        manager.register(ENTITY, EntityKeyTokenizer::default());
    }
}

/// Emits a field's whole value as one token in its entity-key form. Written here because
/// no tantivy filter folds hyphens and dots the way entity names need.
#[derive(Clone, Default)]
pub struct EntityKeyTokenizer {
    token: Token,
}

pub struct EntityKeyTokenStream<'a> {
    token: &'a mut Token,
    pending: bool,
}

impl Tokenizer for EntityKeyTokenizer {
    type TokenStream<'a> = EntityKeyTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> EntityKeyTokenStream<'a> {
        self.token.reset();
        self.token.position = 0;
        self.token.position_length = 1;
        self.token.offset_to = text.len();
        self.token.text = canonical_key(text);
        let pending = !self.token.text.is_empty();
        EntityKeyTokenStream { token: &mut self.token, pending }
    }
}

impl TokenStream for EntityKeyTokenStream<'_> {
    fn advance(&mut self) -> bool {
        std::mem::take(&mut self.pending)
    }

    fn token(&self) -> &Token {
        self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        self.token
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(index: &Index, analyzer: &str, text: &str) -> Vec<String> {
        let mut analyzer = index.tokenizers().get(analyzer).unwrap();
        let mut stream = analyzer.token_stream(text);
        let mut out = Vec::new();
        while stream.advance() {
            out.push(stream.token().text.clone());
        }
        out
    }

    #[test]
    fn analysers_fold_sources_and_entities() {
        let index = Index::create_in_ram(build_schema());
        register_tokenizers(&index);
        assert_eq!(tokens(&index, KEYWORD, "Reuters"), ["reuters"]);
        assert_eq!(tokens(&index, ENTITY, "KIM JONG-UN"), ["kim jong un"]);
        assert!(tokens(&index, ENTITY, " - ").is_empty());
        assert_eq!(tokens(&index, WORDS, "Floods, the wall"), ["flood", "flood|floods", "|the", "wall"]);
    }

    #[test]
    fn entity_values_index_and_are_found_by_any_spelling() {
        use tantivy::collector::Count;
        use tantivy::query::QueryParser;
        let index = Index::create_in_ram(build_schema());
        register_tokenizers(&index);
        let fields = Fields::from_schema(&index.schema()).unwrap();
        let mut writer: tantivy::IndexWriter = index.writer_with_num_threads(1, 15_000_000).unwrap();
        let mut doc = tantivy::TantivyDocument::default();
        doc.add_text(fields.person, "Kim Jong-Un");
        writer.add_document(doc).unwrap();
        writer.commit().unwrap();
        let searcher = index.reader().unwrap().searcher();
        let parser = QueryParser::for_index(&index, vec![fields.person]);
        let query = parser.parse_query(r#"person:"KIM JONG UN""#).unwrap();
        assert_eq!(searcher.search(&query, &Count).unwrap(), 1);
    }

    #[test]
    fn fields_resolve_from_the_schema() {
        let schema = build_schema();
        let fields = Fields::from_schema(&schema).unwrap();
        assert_eq!(schema.get_field_name(fields.entity_field(EntityKind::Org)), "org");
    }
}
