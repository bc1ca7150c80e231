//! Splits an article's cleaned paragraphs into passages, the units that are indexed, ranked and
//! shown as one search hit each: thin paragraphs are merged, long ones are split at sentence
//! boundaries, and a subheading stays with the text it introduces. The passages join back into
//! the paragraphs exactly with [`crate::model::join_passages`].

use std::sync::LazyLock;

use rustc_hash::FxHashSet;

use crate::model::Passage;
use crate::word_lists;

/// Below this a passage is too thin to stand alone as a hit, so the next paragraph joins it.
const MIN_PASSAGE_CHARS: usize = 300;
/// Above this a hit is no longer readable at a glance, so longer paragraphs are split.
const MAX_PASSAGE_CHARS: usize = 1000;
/// A line shorter than this without final punctuation is a subheading: it introduces what follows.
const SUBHEADING_MAX_CHARS: usize = 80;
/// More short unpunctuated lines in a row than this are a list, not a heading and subheadings.
const MAX_HEADING_RUN: usize = 3;
/// Words whose full stop does not end a sentence ("Mr. Kim", "Jan. 5", "Gen. Park"). Dotted
/// acronyms ("U.S.") and single initials ("J.") are recognised without a list.
static ABBREVIATIONS: LazyLock<FxHashSet<&str>> =
    LazyLock::new(|| word_lists::entries(include_str!("../../data/abbreviations.txt")).collect());

/// Splits an article's paragraphs into passages for indexing.
///
/// Paragraphs that are empty or only whitespace are skipped; for the others, joining the passages
/// with [`crate::model::join_passages`] gives back the paragraphs joined by blank lines. A paragraph
/// with no space to split at (a run of CJK text without spaces) stays whole, however long, since
/// splitting it would add a space on reassembly.
pub fn split_passages(paragraphs: &[String]) -> Vec<Passage> {
    let mut builder = Builder::default();
    let mut headings = Lead::default();
    for paragraph in paragraphs.iter().map(String::as_str).filter(|p| !p.trim().is_empty()) {
        let chars = paragraph.chars().count();
        if !is_subheading(paragraph, chars) {
            builder.add(&headings, paragraph, chars);
            headings.lines.clear();
            continue;
        }
        if headings.lines.len() == MAX_HEADING_RUN {
            // A list, not headings: its items are merged like any short paragraphs.
            for (line, line_chars) in headings.lines.drain(..) {
                builder.add(&Lead::default(), line, line_chars);
            }
        }
        headings.lines.push((paragraph, chars));
    }
    builder.finish(&headings)
}

/// Subheadings waiting for the paragraph they introduce, with their lengths in characters.
#[derive(Default)]
struct Lead<'a> {
    lines: Vec<(&'a str, usize)>,
}

impl Lead<'_> {
    /// The characters the lead adds before its paragraph, separators included.
    fn cost(&self) -> usize {
        self.lines.iter().map(|(_, chars)| chars + 2).sum()
    }
}

/// A piece of a paragraph.
struct Piece<'a> {
    text: &'a str,
    chars: usize,
}

/// Collects passages; the open one is `text`.
#[derive(Default)]
struct Builder {
    passages: Vec<Passage>,
    /// Characters of the last closed passage.
    previous_chars: usize,
    text: String,
    chars: usize,
    continues: bool,
}

impl Builder {
    /// Adds a paragraph with the subheadings that introduce it.
    fn add(&mut self, lead: &Lead, paragraph: &str, chars: usize) {
        let lead_cost = lead.cost();
        if chars <= MAX_PASSAGE_CHARS {
            // Kept whole even when its subheading takes it a little past the maximum.
            if !self.has_room_for(lead_cost + chars) {
                self.flush();
            }
            self.push_lead_and(lead, paragraph, chars);
            return;
        }
        // The first piece of a long paragraph may fill up a thin open passage.
        let room = MAX_PASSAGE_CHARS.saturating_sub(self.chars + 2 + lead_cost);
        let first_budget = if self.is_thin() && room >= MIN_PASSAGE_CHARS {
            room
        } else {
            self.flush();
            MAX_PASSAGE_CHARS.saturating_sub(lead_cost).max(MIN_PASSAGE_CHARS)
        };
        for (index, piece) in split_paragraph(paragraph, chars, first_budget).into_iter().enumerate() {
            if index == 0 {
                // A paragraph that could not be cut to fit (no space in it) stands alone.
                if self.chars + 2 + lead_cost + piece.chars > MAX_PASSAGE_CHARS {
                    self.flush();
                }
                self.push_lead_and(lead, piece.text, piece.chars);
            } else {
                self.flush();
                self.push_paragraph(piece.text, piece.chars);
                self.continues = true;
            }
        }
    }

    fn is_thin(&self) -> bool {
        !self.text.is_empty() && self.chars < MIN_PASSAGE_CHARS
    }

    /// The open passage is thin and `extra` more characters keep it within the maximum.
    fn has_room_for(&self, extra: usize) -> bool {
        self.is_thin() && self.chars + 2 + extra <= MAX_PASSAGE_CHARS
    }

    fn push_paragraph(&mut self, text: &str, chars: usize) {
        if !self.text.is_empty() {
            self.text.push_str("\n\n");
            self.chars += 2;
        }
        self.text.push_str(text);
        self.chars += chars;
    }

    fn push_lead_and(&mut self, lead: &Lead, text: &str, chars: usize) {
        for &(line, line_chars) in &lead.lines {
            self.push_paragraph(line, line_chars);
        }
        self.push_paragraph(text, chars);
    }

    /// Closes the open passage. A thin one that nothing could fill joins the passage before when
    /// both fit, unless it opens with a subheading (a new section stays apart).
    fn flush(&mut self) {
        if !self.text.is_empty() {
            let text = std::mem::take(&mut self.text);
            let separator = if self.continues { " " } else { "\n\n" };
            let first_paragraph = text.split("\n\n").next().unwrap_or_default();
            let joins_previous = self.chars < MIN_PASSAGE_CHARS
                && self.previous_chars + separator.len() + self.chars <= MAX_PASSAGE_CHARS
                && (self.continues || !is_subheading(first_paragraph, first_paragraph.chars().count()));
            match self.passages.last_mut() {
                Some(previous) if joins_previous => {
                    previous.text.push_str(separator);
                    previous.text.push_str(&text);
                    self.previous_chars += separator.len() + self.chars;
                }
                _ => {
                    self.passages.push(Passage { text, continues: self.continues });
                    self.previous_chars = self.chars;
                }
            }
        }
        self.chars = 0;
        self.continues = false;
    }

    fn finish(mut self, trailing_headings: &Lead) -> Vec<Passage> {
        if !trailing_headings.lines.is_empty() {
            // Nothing follows them: they close the last passage when they fit, else stand alone.
            if self.chars + trailing_headings.cost() > MAX_PASSAGE_CHARS {
                self.flush();
            }
            for &(line, line_chars) in &trailing_headings.lines {
                self.push_paragraph(line, line_chars);
            }
        }
        self.flush();
        self.passages
    }
}

/// A short line without final punctuation, with some letters: a subheading.
fn is_subheading(paragraph: &str, chars: usize) -> bool {
    chars < SUBHEADING_MAX_CHARS
        && !paragraph.contains('\n')
        && !ends_sentence(paragraph)
        && paragraph.chars().any(char::is_alphabetic)
}

fn is_closing_mark(c: char) -> bool {
    matches!(c, '"' | '\'' | '”' | '’' | ')' | ']' | '»')
}

fn is_opening_mark(c: char) -> bool {
    matches!(c, '"' | '\'' | '“' | '‘' | '(' | '[' | '«')
}

fn ends_sentence(text: &str) -> bool {
    matches!(
        text.trim_end().trim_end_matches(is_closing_mark).chars().next_back(),
        Some('.' | '!' | '?' | '…')
    )
}

/// Splits a paragraph of `chars` characters into pieces that join back with single spaces: the
/// first within `first_budget` characters, the others within the maximum.
fn split_paragraph(text: &str, chars: usize, first_budget: usize) -> Vec<Piece<'_>> {
    let mut pieces = Vec::new();
    let (mut start, mut remaining, mut budget) = (0, chars, first_budget);
    while remaining > budget {
        // Aim for pieces of equal size rather than a full one and a scrap.
        let ideal = (remaining / remaining.div_ceil(MAX_PASSAGE_CHARS)).min(budget);
        let Some(cut) = choose_cut(&text[start..], budget, ideal, remaining) else { break };
        pieces.push(Piece { text: &text[start..start + cut.at], chars: cut.chars });
        start += cut.at + 1;
        remaining -= cut.chars + 1;
        budget = MAX_PASSAGE_CHARS;
    }
    pieces.push(Piece { text: &text[start..], chars: remaining });
    pieces
}

/// Where to cut: the byte index of a single space (both neighbours not whitespace, so a join with
/// one space restores it), and the characters before it.
#[derive(Clone, Copy)]
struct Cut {
    at: usize,
    chars: usize,
}

/// The best cut of `rest` (of `remaining` characters): a sentence boundary giving a piece of at
/// least the minimum within `budget`, else a word boundary within it, both as close to `ideal` as
/// can be while leaving a remainder that is not a scrap; else the first word boundary after the
/// budget; `None` when there is no space to cut at.
fn choose_cut(rest: &str, budget: usize, ideal: usize, remaining: usize) -> Option<Cut> {
    let mut best_sentence: Option<(usize, Cut)> = None;
    let mut best_word: Option<(usize, Cut)> = None;
    let mut previous: Option<char> = None;
    let mut count = 0;
    let mut chars = rest.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        if c == ' '
            && previous.is_some_and(|p| !p.is_whitespace())
            && let Some(&(_, next)) = chars.peek()
            && !next.is_whitespace()
        {
            let cut = Cut { at, chars: count };
            if count > budget {
                return Some(best_sentence.or(best_word).map_or(cut, |(_, best)| best));
            }
            let leaves_scrap = remaining.saturating_sub(count + 1) < MIN_PASSAGE_CHARS;
            let score = count.abs_diff(ideal) + if leaves_scrap { MAX_PASSAGE_CHARS } else { 0 };
            let better = |best: &Option<(usize, Cut)>| best.is_none_or(|(best_score, _)| score < best_score);
            if count >= MIN_PASSAGE_CHARS && better(&best_sentence) && is_sentence_end(&rest[..at], next) {
                best_sentence = Some((score, cut));
            }
            if better(&best_word) {
                best_word = Some((score, cut));
            }
        }
        previous = Some(c);
        count += 1;
    }
    best_sentence.or(best_word).map(|(_, best)| best)
}

/// A sentence ends with `before` and the next begins with `next`: a full stop, question or
/// exclamation mark (maybe inside quotes) not after an abbreviation, then a capital, a letter of a
/// script without case (Korean, Chinese), or an opening quote.
pub fn is_sentence_end(before: &str, next: char) -> bool {
    let opens_sentence =
        next.is_uppercase() || (next.is_alphabetic() && !next.is_lowercase()) || is_opening_mark(next);
    if !opens_sentence {
        return false;
    }
    let core = before.trim_end_matches(is_closing_mark);
    match core.chars().next_back() {
        Some('?' | '!' | '…') => true,
        Some('.') => {
            let word = core[..core.len() - 1].rsplit(char::is_whitespace).next().unwrap_or_default();
            !is_abbreviation(word.trim_start_matches(is_opening_mark))
        }
        _ => false,
    }
}

/// "Mr", "U.S", "J": the word before a full stop that does not end a sentence.
fn is_abbreviation(word: &str) -> bool {
    let mut chars = word.chars();
    let single_initial = chars.next().is_some_and(char::is_uppercase) && chars.next().is_none();
    single_initial || word.contains('.') || ABBREVIATIONS.contains(&word)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::join_passages;

    fn passages(paragraphs: &[String]) -> Vec<(String, bool)> {
        split_passages(paragraphs).into_iter().map(|p| (p.text, p.continues)).collect()
    }

    fn joined(passages: &[Passage]) -> String {
        join_passages(passages.iter().map(|p| (p.text.as_str(), p.continues)))
    }

    fn chars(text: &str) -> usize {
        text.chars().count()
    }

    /// A paragraph of `count` numbered sentences of 100 characters each.
    fn sentences(count: usize) -> String {
        (0..count)
            .map(|i| format!("Sentence {i:03} tells of the harbour, the fleet and the long winter that kept all of the boats in port."))
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// A sentence-ending paragraph of exactly `len` ASCII characters.
    fn paragraph(len: usize, tag: char) -> String {
        let mut text: String = std::iter::repeat_n(format!("{tag}{tag}{tag} "), len / 4 + 1).collect();
        text.truncate(len - 1);
        text = text.trim_end().to_string();
        while text.len() < len - 1 {
            text.push(tag);
        }
        text.push('.');
        text
    }

    #[test]
    fn fixture_helpers_make_what_they_say() {
        assert_eq!(chars(&sentences(1)), 100);
        assert_eq!(chars(&sentences(3)), 302);
        assert_eq!(paragraph(120, 'a').len(), 120);
        assert!(paragraph(120, 'a').ends_with("a."));
    }

    #[test]
    fn thin_paragraphs_merge_until_the_minimum() {
        let paras = [paragraph(120, 'a'), paragraph(120, 'b'), paragraph(120, 'c'), paragraph(400, 'd')];
        let expected =
            vec![(format!("{}\n\n{}\n\n{}", paras[0], paras[1], paras[2]), false), (paras[3].clone(), false)];
        assert_eq!(passages(&paras), expected);
    }

    #[test]
    fn merging_stays_under_the_maximum() {
        let paras = [paragraph(250, 'a'), paragraph(800, 'b'), paragraph(400, 'c')];
        let expected: Vec<_> = paras.iter().map(|p| (p.clone(), false)).collect();
        assert_eq!(passages(&paras), expected);
    }

    #[test]
    fn thin_passage_nothing_could_fill_joins_the_one_before() {
        let last = [paragraph(250, 'a'), paragraph(800, 'b'), paragraph(100, 'c')];
        let expected = vec![(last[0].clone(), false), (format!("{}\n\n{}", last[1], last[2]), false)];
        assert_eq!(passages(&last), expected);
        let middle = [paragraph(500, 'a'), paragraph(100, 'b'), paragraph(950, 'c')];
        let expected = vec![(format!("{}\n\n{}", middle[0], middle[1]), false), (middle[2].clone(), false)];
        assert_eq!(passages(&middle), expected);
        let too_big = [paragraph(250, 'a'), paragraph(950, 'b'), paragraph(100, 'c')];
        assert_eq!(passages(&too_big).len(), 3);
    }

    #[test]
    fn subheading_starts_the_next_passage() {
        let heading = "Tensions between the two neighbours".to_string();
        let paras = [paragraph(250, 'a'), heading.clone(), paragraph(800, 'b')];
        let expected = vec![(paras[0].clone(), false), (format!("{heading}\n\n{}", paras[2]), false)];
        assert_eq!(passages(&paras), expected);

        let dashed = "- Hopes for talks fade".to_string();
        let paras = [paragraph(400, 'a'), dashed.clone(), paragraph(200, 'b')];
        let expected = vec![(paras[0].clone(), false), (format!("{dashed}\n\n{}", paras[2]), false)];
        assert_eq!(passages(&paras), expected);
    }

    #[test]
    fn subheading_inside_a_thin_passage_stays_with_its_text() {
        let heading = "What happens next".to_string();
        let paras = [paragraph(100, 'a'), heading.clone(), paragraph(100, 'b')];
        assert_eq!(passages(&paras), vec![(format!("{}\n\n{heading}\n\n{}", paras[0], paras[2]), false)]);
    }

    #[test]
    fn sentence_ending_short_lines_are_not_subheadings() {
        assert!(is_subheading("Tensions between South and North Korea", 38));
        assert!(is_subheading("He said:", 8));
        assert!(!is_subheading("Talks resumed on Monday.", 24));
        assert!(!is_subheading("“We will not give up,” he said.”", 32));
        assert!(!is_subheading("Why now?", 8));
        assert!(!is_subheading("2024", 4));
        assert!(!is_subheading(&"a ".repeat(45), 90));
    }

    #[test]
    fn a_run_of_short_lines_is_a_list_not_a_heading() {
        let items: Vec<String> = (1..=40).map(|i| format!("{i} Player number {i:02} (Country)")).collect();
        let mut paras = items.clone();
        paras.push(paragraph(400, 'a'));
        let result = split_passages(&paras);
        assert_eq!(joined(&result), paras.join("\n\n"));
        assert!(result.iter().all(|p| chars(&p.text) <= MAX_PASSAGE_CHARS));
        // Items fill passages to the minimum; the last item still leads into the paragraph.
        assert!(result.len() >= 4);
        let last = result.last().map(|p| p.text.as_str()).unwrap_or_default();
        assert!(last.ends_with(&format!("{}\n\n{}", items[39], paras[40])));
    }

    #[test]
    fn trailing_subheading_closes_the_last_passage() {
        let paras = [paragraph(400, 'a'), "More on this later".to_string()];
        assert_eq!(passages(&paras), vec![(format!("{}\n\nMore on this later", paras[0]), false)]);
        let full = [paragraph(990, 'a'), "More on this later".to_string()];
        assert_eq!(
            passages(&full),
            vec![(full[0].clone(), false), ("More on this later".to_string(), false)]
        );
    }

    #[test]
    fn long_paragraph_splits_at_sentence_boundaries() {
        let long = sentences(21); // 2120 characters
        let result = split_passages(std::slice::from_ref(&long));
        assert_eq!(result.len(), 3);
        assert_eq!(result.iter().map(|p| p.continues).collect::<Vec<_>>(), [false, true, true]);
        for passage in &result {
            assert!(passage.text.starts_with("Sentence "), "{}", passage.text);
            assert!(passage.text.ends_with("in port."), "{}", passage.text);
            assert!((MIN_PASSAGE_CHARS..=MAX_PASSAGE_CHARS).contains(&chars(&passage.text)));
        }
        assert_eq!(joined(&result), long);
    }

    #[test]
    fn abbreviations_and_initials_do_not_end_sentences() {
        assert!(is_sentence_end("the talks ended.", 'T'));
        assert!(is_sentence_end("he asked?", '“'));
        assert!(is_sentence_end("“We will go.”", 'H'));
        assert!(is_sentence_end("회담이 끝났다.", '북'));
        assert!(is_sentence_end("in 2024.", 'T'));
        assert!(!is_sentence_end("talks with Mr.", 'K'));
        assert!(!is_sentence_end("the U.S.", 'A'));
        assert!(!is_sentence_end("since Jan.", 'T'));
        assert!(!is_sentence_end("by J.", 'S'));
        assert!(!is_sentence_end("(Gen.", 'P'));
        assert!(!is_sentence_end("the talks ended.", 't'));
        assert!(!is_sentence_end("the talks ended,", 'T'));
        assert!(!is_sentence_end("world No.", '2'));
    }

    #[test]
    fn split_avoids_abbreviations_near_the_ideal_cut() {
        // Two 600-character halves; the only full stops near the middle belong to "Mr." and "U.S.".
        let half = "word ".repeat(118) + "ends here.";
        let text = format!("{half} Then Mr. Park met U.S. Army officers. {half}");
        let result = split_passages(std::slice::from_ref(&text));
        assert_eq!(joined(&result), text);
        assert!(result.iter().all(|p| !p.text.ends_with("Mr.") && !p.text.ends_with("U.S.")));
        assert!(result[0].text.ends_with("ends here.") || result[0].text.ends_with("officers."));
    }

    #[test]
    fn single_long_sentence_splits_at_word_boundaries() {
        let long =
            "the convoy moved slowly north through the hills".to_string() + &" and on".repeat(400) + ".";
        let result = split_passages(std::slice::from_ref(&long));
        assert!(result.len() >= 3);
        assert!(!result[0].continues && result[1..].iter().all(|p| p.continues));
        assert!(result.iter().all(|p| chars(&p.text) <= MAX_PASSAGE_CHARS && !p.text.starts_with(' ')));
        assert_eq!(joined(&result), long);
    }

    #[test]
    fn first_piece_of_a_long_paragraph_fills_a_thin_passage() {
        let paras = [paragraph(100, 'a'), sentences(20)];
        let result = split_passages(&paras);
        assert!(result[0].text.starts_with(&format!("{}\n\nSentence 000", paras[0])));
        assert!(chars(&result[0].text) <= MAX_PASSAGE_CHARS);
        assert!(!result[0].continues && result[1..].iter().all(|p| p.continues));
        assert_eq!(joined(&result), paras.join("\n\n"));
    }

    #[test]
    fn text_without_spaces_stays_whole() {
        let cjk = "会谈周一结束。".repeat(300);
        let result = split_passages(std::slice::from_ref(&cjk));
        assert_eq!(result, [Passage { text: cjk.clone(), continues: false }]);
        let paras = [paragraph(100, 'a'), cjk.clone()];
        assert_eq!(passages(&paras), vec![(paras[0].clone(), false), (cjk, false)]);
    }

    #[test]
    fn empty_input_gives_no_passages() {
        assert!(split_passages(&[]).is_empty());
        assert!(split_passages(&[String::new(), " \n ".to_string()]).is_empty());
        let paras = [String::new(), "Only one.".to_string(), "  ".to_string()];
        assert_eq!(passages(&paras), vec![("Only one.".to_string(), false)]);
    }

    /// Deterministic pseudo-random numbers (xorshift) so the generated cases repeat.
    struct Rng(u64);

    impl Rng {
        fn below(&mut self, n: usize) -> usize {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            (self.0 % n as u64) as usize
        }
    }

    fn generated_article(rng: &mut Rng) -> Vec<String> {
        const WORDS: &[&str] = &[
            "the",
            "talks",
            "Mr.",
            "U.S.",
            "Jan.",
            "J.",
            "said.",
            "ended?",
            "“We",
            "go.”",
            "북한은",
            "밝혔다.",
            "café",
            "naïve",
            "😀",
            "Seoul",
            "and",
            "officials",
            "No.",
            "2",
            "…",
            "(AP)",
            "extraordinarily-long-hyphenated-word",
        ];
        let count = rng.below(8);
        (0..count)
            .map(|_| match rng.below(6) {
                0 => "Fresh tensions on the border".to_string(),
                1 => "x".repeat(rng.below(1500) + 1),
                _ => {
                    let words = rng.below(500) + 1;
                    let mut text = String::new();
                    for i in 0..words {
                        if i > 0 {
                            text.push_str(if rng.below(40) == 0 { "  " } else { " " });
                        }
                        text.push_str(WORDS[rng.below(WORDS.len())]);
                    }
                    text
                }
            })
            .collect()
    }

    #[test]
    fn passages_join_back_into_the_paragraphs() {
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
        for _ in 0..400 {
            let paras = generated_article(&mut rng);
            let result = split_passages(&paras);
            assert_eq!(joined(&result), paras.join("\n\n"), "{paras:?}");
            assert!(result.iter().all(|p| !p.text.trim().is_empty()));
            assert!(result.first().is_none_or(|p| !p.continues));
            for passage in &result {
                // Only an unsplittable run or a subheading's line may take a passage past the maximum.
                let oversize_allowed =
                    passage.text.contains("xxxxxxxxxx") || passage.text.contains("Fresh tensions");
                assert!(oversize_allowed || chars(&passage.text) <= MAX_PASSAGE_CHARS, "{}", passage.text);
            }
        }
    }
}
