//! How text becomes index terms. One field serves both stemmed keywords and exact phrases:
//! every word's position carries its English stem (`floods` → `flood`), and where the exact
//! lower-cased word differs from its stem the same position also carries the exact form, marked
//! as `STEM|WORD` (`flood|floods`). A stop word carries only its exact form (`|the`): it holds
//! its place in phrases but is never searched as a keyword. A stem cannot contain the mark
//! (words are runs of letters and digits), so the exact forms of one stem are exactly the terms
//! that start with `STEM|`, and the exact word `flood` is a position holding the stem `flood`
//! and no `flood|…` form.
//!
//! tantivy's indexing threads analyse title and body with [`NewsTokenizer`]; the worker that
//! extracts an article only counts its words ([`count_words`], no stemming) for the lengths and
//! passage positions ranking needs. Queries, highlighting and passage scoring analyse with the
//! same code, so they agree with the index.

use std::cell::RefCell;
use std::ops::Range;
use std::sync::LazyLock;

use rustc_hash::{FxHashMap, FxHashSet};
use tantivy::tokenizer::{
    BoxTokenStream, LowerCaser, RemoveLongFilter, SimpleTokenizer, TextAnalyzer, Token, TokenStream,
    Tokenizer,
};

/// Separates a stem from the exact word in an exact-form term.
pub const MARK: char = '|';
/// The byte after [`MARK`]: `STEM|` ≤ an exact form of STEM < `STEM}`.
const AFTER_MARK: char = '}';

/// Words longer than this are not indexed (tantivy's own default for `en_stem`).
pub const MAX_WORD_BYTES: usize = 40;

/// Words remembered per analyser before the memory starts again (a few MB at most).
const REMEMBERED_STEMS: usize = 50_000;

/// NLTK's English stop words: searching them adds only noise to ranking (the README's ranking
/// table measures it).
static STOP_WORDS: LazyLock<FxHashSet<&'static str>> =
    LazyLock::new(|| stop_words::get("en").iter().copied().collect());

pub fn is_stop_word(word: &str) -> bool {
    STOP_WORDS.contains(word)
}

/// The term of `word`'s exact form, given its stem (`None` for a stop word).
pub fn exact_term(word: &str, stem: Option<&str>) -> String {
    match stem {
        Some(stem) if stem == word => word.to_string(),
        Some(stem) => format!("{stem}{MARK}{word}"),
        None => format!("{MARK}{word}"),
    }
}

/// The range of terms holding an exact form of `stem` that differs from it: `[STEM|, STEM})`.
pub fn exact_forms_of(stem: &str) -> (String, String) {
    (format!("{stem}{MARK}"), format!("{stem}{AFTER_MARK}"))
}

/// The exact word an exact-form term stands for (`flood|floods` → `floods`, `|the` → `the`),
/// or `None` for a stem.
pub fn exact_word_of(term: &str) -> Option<&str> {
    term.split_once(MARK).map(|(_, word)| word)
}

/// One word of a text as the index sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    /// Byte range in the text.
    pub range: Range<usize>,
    /// Token position (stop words count; words too long to index leave a gap).
    pub position: u32,
    /// Lower-cased.
    pub exact: String,
    /// English stem; `None` for a stop word.
    pub stem: Option<String>,
}

/// What ranking needs to know of a text's words.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TextCounts {
    /// One past the last position used.
    pub positions: u32,
}

fn word_tokenizer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(MAX_WORD_BYTES))
        .filter(LowerCaser)
        .build()
}

/// Counts `text`'s word positions as the index will hold them; `word_starts`, if given, receives
/// each word's byte offset and position, in order (to place passage boundaries). No stemming:
/// this is the cheap pass of the worker, the indexing threads do the rest.
pub fn count_words(text: &str, mut word_starts: Option<&mut Vec<(usize, u32)>>) -> TextCounts {
    thread_local! {
        static WORDS: RefCell<TextAnalyzer> = RefCell::new(word_tokenizer());
    }
    WORDS.with(|words| {
        let mut words = words.borrow_mut();
        let mut stream = words.token_stream(text);
        let mut counts = TextCounts::default();
        while stream.advance() {
            let token = stream.token();
            let position = token.position as u32;
            counts.positions = position + 1;
            if let Some(starts) = word_starts.as_deref_mut() {
                starts.push((token.offset_from, position));
            }
        }
        counts
    })
}

/// English stems, remembered: news vocabulary is small next to its token count, and Snowball
/// allocates for every word.
#[derive(Clone)]
struct Stems {
    stemmer: frostem::Stemmer,
    memory: FxHashMap<String, String>,
}

impl Default for Stems {
    fn default() -> Self {
        Self { stemmer: frostem::Stemmer::new(frostem::Algorithm::English), memory: FxHashMap::default() }
    }
}

impl Stems {
    /// The stem of a lower-cased word; `None` for a stop word.
    fn of(&mut self, word: &str) -> Option<&str> {
        if is_stop_word(word) {
            return None;
        }
        if !self.memory.contains_key(word) {
            if self.memory.len() >= REMEMBERED_STEMS {
                self.memory.clear();
            }
            let stem = self.stemmer.stem(word).into_owned();
            self.memory.insert(word.to_string(), stem);
        }
        self.memory.get(word).map(String::as_str)
    }
}

/// Words of a text with their stems, for queries, highlighting and passages.
pub struct Analyzer {
    words: TextAnalyzer,
    stems: Stems,
}

impl Default for Analyzer {
    fn default() -> Self {
        Self { words: word_tokenizer(), stems: Stems::default() }
    }
}

thread_local! {
    static ANALYZER: RefCell<Analyzer> = RefCell::new(Analyzer::default());
}

impl Analyzer {
    /// Runs `f` with this thread's analyser (and its memory of stems).
    pub fn with<R>(f: impl FnOnce(&mut Analyzer) -> R) -> R {
        ANALYZER.with(|analyzer| f(&mut analyzer.borrow_mut()))
    }

    /// The stem of a lower-cased word; `None` for a stop word.
    pub fn stem(&mut self, word: &str) -> Option<String> {
        self.stems.of(word).map(str::to_string)
    }

    /// Every word of `text`, in order.
    pub fn words(&mut self, text: &str) -> Vec<Word> {
        let mut stream = self.words.token_stream(text);
        let mut words = Vec::new();
        while stream.advance() {
            let token = stream.token();
            let stem = self.stems.of(&token.text).map(str::to_string);
            words.push(Word {
                range: token.offset_from..token.offset_to,
                position: token.position as u32,
                exact: token.text.clone(),
                stem,
            });
        }
        words
    }
}

/// The analyser as a tantivy tokenizer, registered under the name the text fields give: each
/// word's stem, then its exact form where it differs, at the same position.
#[derive(Clone)]
pub struct NewsTokenizer {
    words: TextAnalyzer,
    stems: Stems,
}

impl Default for NewsTokenizer {
    fn default() -> Self {
        Self { words: word_tokenizer(), stems: Stems::default() }
    }
}

pub struct NewsTokenStream<'a> {
    words: BoxTokenStream<'a>,
    stems: &'a mut Stems,
    token: Token,
    /// The exact form still to emit at the current position.
    exact_pending: bool,
}

impl Tokenizer for NewsTokenizer {
    type TokenStream<'a> = NewsTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> NewsTokenStream<'a> {
        NewsTokenStream {
            words: self.words.token_stream(text),
            stems: &mut self.stems,
            token: Token::default(),
            exact_pending: false,
        }
    }
}

impl TokenStream for NewsTokenStream<'_> {
    fn advance(&mut self) -> bool {
        if std::mem::take(&mut self.exact_pending) {
            // `stem` is in the token already: add the mark and the word.
            self.token.text.push(MARK);
            self.token.text.push_str(&self.words.token().text);
            return true;
        }
        if !self.words.advance() {
            return false;
        }
        let word = self.words.token();
        self.token.offset_from = word.offset_from;
        self.token.offset_to = word.offset_to;
        self.token.position = word.position;
        self.token.position_length = word.position_length;
        self.token.text.clear();
        match self.stems.of(&word.text) {
            Some(stem) => {
                self.token.text.push_str(stem);
                self.exact_pending = stem != word.text;
            }
            None => {
                self.token.text.push(MARK);
                self.token.text.push_str(&word.text);
            }
        }
        true
    }

    fn token(&self) -> &Token {
        &self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.token
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(text: &str) -> Vec<(u32, String)> {
        let mut tokenizer = NewsTokenizer::default();
        let mut stream = tokenizer.token_stream(text);
        let mut out = Vec::new();
        while stream.advance() {
            out.push((stream.token().position as u32, stream.token().text.clone()));
        }
        out
    }

    #[test]
    fn positions_carry_stems_and_differing_exact_forms() {
        let pairs = |v: &[(u32, &str)]| v.iter().map(|(p, t)| (*p, t.to_string())).collect::<Vec<_>>();
        assert_eq!(
            terms("Floods hit the Storm wall"),
            pairs(&[(0, "flood"), (0, "flood|floods"), (1, "hit"), (2, "|the"), (3, "storm"), (4, "wall")])
        );
    }

    #[test]
    fn counts_give_positions_and_where_words_start() {
        let mut starts = Vec::new();
        let counts = count_words("The port of Busan", Some(&mut starts));
        assert_eq!(counts, TextCounts { positions: 4 });
        assert_eq!(starts, [(0, 0), (4, 1), (9, 2), (12, 3)]);
    }

    #[test]
    fn exact_terms_and_their_ranges_agree_with_the_index() {
        assert_eq!(exact_term("floods", Some("flood")), "flood|floods");
        assert_eq!(exact_term("storm", Some("storm")), "storm");
        assert_eq!(exact_term("the", None), "|the");
        let (low, high) = exact_forms_of("flood");
        assert!(low.as_str() <= "flood|floods" && "flood|floods" < high.as_str());
        let in_range = |t: &str| low.as_str() <= t && t < high.as_str();
        assert!(!in_range("flood") && !in_range("floods") && !in_range("floodgate"));
        assert_eq!(exact_word_of("flood|floods"), Some("floods"));
        assert_eq!(exact_word_of("|the"), Some("the"));
        assert_eq!(exact_word_of("flood"), None);
    }

    #[test]
    fn words_report_ranges_positions_and_stems() {
        let words = Analyzer::default().words("Busan's harbours");
        let seen: Vec<(&str, Option<&str>, u32)> =
            words.iter().map(|w| (w.exact.as_str(), w.stem.as_deref(), w.position)).collect();
        assert_eq!(seen, [("busan", Some("busan"), 0), ("s", None, 1), ("harbours", Some("harbour"), 2)]);
        assert_eq!(words[2].range, 8..16);
    }

    #[test]
    fn stems_are_tantivys_whether_remembered_or_not() {
        use tantivy::tokenizer::{Language, Stemmer};
        let text = "Flooding floods flooded generously generals generalisations running harbours hopefulness";
        let mut theirs = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(LowerCaser)
            .filter(Stemmer::new(Language::English))
            .build();
        let mut stream = theirs.token_stream(text);
        let mut expected = Vec::new();
        while stream.advance() {
            expected.push(stream.token().text.clone());
        }
        let mut ours = Analyzer::default();
        for _ in 0..2 {
            let stems: Vec<String> = ours.words(text).into_iter().filter_map(|w| w.stem).collect();
            assert_eq!(stems, expected);
        }
    }
}
