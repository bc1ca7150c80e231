use super::*;
use crate::index::ArticleWriter;
use crate::model::{Article, Passage};
use crate::search::NewsSearcher;

/// An index of a few articles, so that the words queries look up exist.
struct Fixture {
    index: NewsIndex,
    searcher: NewsSearcher,
    _dir: tempfile::TempDir,
}

fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let index = NewsIndex::open_or_create(dir.path()).unwrap();
    let writer = ArticleWriter::new(&index, 1, 15_000_000).unwrap();
    let article = |id: &str, text: &str| Article {
        id: id.into(),
        title: "Storm report".into(),
        source: None,
        date: None,
        entities: Vec::new(),
        passages: vec![Passage { text: text.into(), continues: false }],
        path: None,
        url: None,
        authors: Vec::new(),
        labels: Default::default(),
        simhash: None,
    };
    writer.add(&article("a", "A storm and two storms hit Korea; Korean fans took a selfie.")).unwrap();
    writer.add(&article("b", "Stormy seas, selfies and the state-of-the-art seawall.")).unwrap();
    writer.finish().unwrap();
    let searcher = NewsSearcher::open(&index).unwrap();
    Fixture { index, searcher, _dir: dir }
}

impl Fixture {
    fn build(&self, text: &str, literal: bool) -> Result<QueryPlan, QueryError> {
        build(&self.index, &self.searcher.searcher, &self.searcher.stats, text, literal, &Filters::default())
    }

    fn patterns(&self, text: &str) -> Vec<Pattern> {
        self.build(text, false).unwrap().highlights.patterns
    }
}

fn stem(s: &str) -> WordPattern {
    WordPattern::Stem(s.into())
}

fn exact(s: &str) -> WordPattern {
    WordPattern::Exact(s.into())
}

#[test]
fn keywords_highlight_by_stem_and_phrases_by_exact_words() {
    let f = fixture();
    assert_eq!(
        f.patterns(r#""table tennis" flooding"#),
        [
            Pattern { words: vec![exact("table"), exact("tennis")], slop: 0 },
            Pattern { words: vec![stem("flood")], slop: 0 }
        ]
    );
}

#[test]
fn excluded_and_title_only_words_are_not_highlighted_or_evidence() {
    let f = fixture();
    let plan = f.build("storm -surge NOT tide title:harbour", false).unwrap();
    assert_eq!(plan.highlights.patterns, [Pattern { words: vec![stem("storm")], slop: 0 }]);
    assert_eq!(plan.evidence.len(), 1);
}

#[test]
fn stop_words_hold_their_place_in_hyphenated_words() {
    let f = fixture();
    assert_eq!(
        f.patterns("state-of-the-art the-harbour"),
        [
            Pattern { words: vec![stem("state"), exact("of"), exact("the"), stem("art")], slop: 0 },
            Pattern { words: vec![exact("the"), stem("harbour")], slop: 0 },
        ]
    );
}

#[test]
fn slop_and_prefixes_are_kept_for_highlighting() {
    let f = fixture();
    let patterns = f.patterns(r#""storm surge"~2 "table ten"* kor*"#);
    assert_eq!(patterns[0].slop, 2);
    assert_eq!(patterns[1].words, [exact("table"), WordPattern::Prefix("ten".into())]);
    assert_eq!(patterns[2].words, [WordPattern::Prefix("kor".into())]);
}

#[test]
fn an_exact_word_that_is_its_own_stem_leaves_out_its_other_forms() {
    let f = fixture();
    let plan = f.build(r#""storm""#, false).unwrap();
    let group = &plan.evidence[0].words[0].groups[0];
    assert_eq!(group.include, "storm");
    assert_eq!(group.exclude, ["storm|storms"]);
    let selfie = f.build(r#""selfie""#, false).unwrap();
    assert_eq!(selfie.evidence[0].words[0].groups[0].include, "selfi|selfie");
}

#[test]
fn a_prefix_keyword_searches_each_word_it_begins() {
    let f = fixture();
    let plan = f.build("kor*", false).unwrap();
    let stems: Vec<&str> = plan.evidence.iter().map(|e| e.words[0].groups[0].include.as_str()).collect();
    assert_eq!(stems, ["korea", "korean"]);
    // A quoted single-word prefix is fine too (tantivy's parser wants two words there).
    assert!(f.build(r#""kor"*"#, false).is_ok());
}

#[test]
fn literal_mode_ignores_operators_and_punctuation() {
    let f = fixture();
    let plan = f.build("US AND SOVIET RELATIONS .", true).unwrap();
    // "AND" is a plain word here, and a stop word.
    assert_eq!(
        plan.highlights.patterns.iter().map(|p| p.words[0].clone()).collect::<Vec<_>>(),
        [stem("us"), stem("soviet"), stem("relat")]
    );
}

#[test]
fn syntax_errors_point_at_the_column() {
    let f = fixture();
    let err = f.build(r#"selfie AND ("table tennis""#, false).err().unwrap();
    assert!(matches!(err, QueryError::Syntax { .. }), "{err}");
    assert!(err.to_string().starts_with("query syntax error at column "), "{err}");
}

#[test]
fn unknown_fields_wildcards_and_bad_dates_are_explained() {
    let f = fixture();
    let err = f.build("byline:smith", false).err().unwrap();
    assert_eq!(err.to_string(), format!("unknown field 'byline': fields are {QUERY_FIELDS}"));
    let err = f.build("date:July", false).err().unwrap();
    assert!(err.to_string().starts_with("date:July: 'July' is not a date"), "{err}");
    let err = f.build(r#"date:"--07-31""#, false).err().unwrap();
    assert_eq!(err.to_string(), "date --07-31 has no year: a date filter needs one");
    let err = f.build("*orea", false).err().unwrap();
    assert!(err.to_string().starts_with("a wildcard works only at the end of a word"), "{err}");
}

#[test]
fn only_exclusions_or_nothing_is_refused() {
    let f = fixture();
    let err = f.build("-storm", false).err().unwrap();
    assert!(err.to_string().starts_with("a query of only excluded words"), "{err}");
    let err = f.build("  ", false).err().unwrap();
    assert!(err.to_string().starts_with("empty query"), "{err}");
    let filters = Filters { source: Some("UPI".into()), ..Filters::default() };
    let searcher = &f.searcher;
    assert!(build(&f.index, &searcher.searcher, &searcher.stats, "", false, &filters).is_ok());
}

#[test]
fn date_values_become_ranges() {
    let f = fixture();
    assert!(f.build("date:2024-07 storm", false).is_ok());
    assert!(f.build("date:[2024-07-01 TO 2024-07-31]", false).is_ok());
    assert!(f.build("date:[2024-07-01T00:00:00Z TO *]", false).is_ok());
}
