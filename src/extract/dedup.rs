//! Near-duplicate fingerprints: a 256-bit SimHash of an article's headline and cleaned body,
//! taken over word shingles, so that copies of one story (the same wire copy in several outlets,
//! a story re-published with small edits) get fingerprints a few bits apart while different
//! stories, even about the same event, differ in about half their bits. 256 bits rather than the
//! usual 64: the share of differing bits estimates how much two texts differ, and with 64 bits
//! that estimate is too rough for news items of a few hundred words (a 200-word story with three
//! phrases edited measured 14 bits from its original, as far as unrelated pairs can come).

use xxhash_rust::xxh3::{xxh3_64, xxh3_64_with_seed};

pub use crate::model::{SIMHASH_WORDS as WORDS, Simhash};

/// Words per shingle: three keep word order (a copy shares runs of words, a rewrite does not).
pub const SHINGLE_WORDS: usize = 3;
/// Bodies with fewer distinct shingles get no fingerprint: their bits would be mostly chance.
pub const MIN_SHINGLES: usize = 8;
/// Fingerprints at most this many bits apart are copies of one story.
pub const NEAR_DUPLICATE_BITS: u32 = 48;
/// Copies of one story appear within this many days of each other; the same template filled in
/// on another day (a weekly price notice, a daily money-market bulletin) is other news.
pub const MAX_DAYS_APART: i64 = 7;

/// What an article's fingerprint is taken over: the headline as well as the body, because
/// templated wire items (dividend notices, price bulletins) have the same body and differ only
/// in the headline that names the company.
pub fn fingerprint_text(title: &str, body: &str) -> String {
    format!("{title}\n\n{body}")
}

/// The SimHash of a text, or `None` when it is too short to fingerprint.
///
/// Written here rather than taken from the `simhash` crate: the value is stored in the index, so
/// its feature hashing (xxh3, already used for ids) must not change with a dependency update, and
/// shingles are hashed from word hashes without building a string for each.
pub fn simhash(text: &str) -> Option<Simhash> {
    fingerprint(&shingles(text))
}

/// The SimHash of an article's [`fingerprint_text`], read from its headline and paragraphs in
/// place: separators never join words, so the words are those of the joined text.
pub fn article_simhash(title: &str, paragraphs: &[String]) -> Option<Simhash> {
    let pieces = std::iter::once(title).chain(paragraphs.iter().map(String::as_str));
    fingerprint(&shingles_of(pieces.flat_map(word_hashes)))
}

/// The vote of every shingle on every bit: a bit is set when more than half the shingles' hashes
/// have it.
fn fingerprint(shingles: &[u64]) -> Option<Simhash> {
    if shingles.len() < MIN_SHINGLES {
        return None;
    }
    // Counted eight bits at a time: each byte of a hash adds its bits spread one to a byte
    // ([`SPREAD`]) to a counter holding eight byte-wide counts, emptied into `ones` before a
    // byte can overflow. Eight additions per hash instead of sixty-four.
    let mut ones = [0u32; 64 * WORDS];
    let mut lanes = [0u64; 8 * WORDS];
    for (n, shingle) in shingles.iter().enumerate() {
        let bytes = shingle.to_le_bytes();
        for (word, lanes) in lanes.chunks_exact_mut(8).enumerate() {
            // Each word of the fingerprint hashes the shingle again with its own seed.
            let hash = if word == 0 { *shingle } else { xxh3_64_with_seed(&bytes, word as u64) };
            for (byte, lane) in hash.to_le_bytes().into_iter().zip(lanes.iter_mut()) {
                *lane += SPREAD[usize::from(byte)];
            }
        }
        if (n + 1) % usize::from(u8::MAX) == 0 {
            empty_lanes(&mut lanes, &mut ones);
        }
    }
    empty_lanes(&mut lanes, &mut ones);
    let total = shingles.len() as u64;
    let mut fingerprint = [0u64; WORDS];
    for (word, ones) in ones.chunks_exact(64).enumerate() {
        fingerprint[word] = ones
            .iter()
            .enumerate()
            .filter(|(_, count)| 2 * u64::from(**count) > total)
            .fold(0u64, |hash, (bit, _)| hash | 1 << bit);
    }
    Some(fingerprint)
}

/// Each byte value with its bit `j` moved to the lowest bit of byte `j`.
const SPREAD: [u64; 256] = {
    let mut table = [0u64; 256];
    let mut value = 0;
    while value < 256 {
        let mut bit = 0;
        while bit < 8 {
            table[value] |= ((value as u64 >> bit) & 1) << (8 * bit);
            bit += 1;
        }
        value += 1;
    }
    table
};

/// Adds the byte-wide counts of `lanes` (lane `k`, byte `j`: bit `8k + j`) to `ones` and clears them.
fn empty_lanes(lanes: &mut [u64; 8 * WORDS], ones: &mut [u32; 64 * WORDS]) {
    for (lane, ones) in lanes.iter_mut().zip(ones.chunks_exact_mut(8)) {
        for (byte, count) in lane.to_le_bytes().into_iter().zip(ones) {
            *count += u32::from(byte);
        }
        *lane = 0;
    }
}

/// The distinct hashes of a body's word shingles, sorted. Each distinct shingle votes once in a
/// fingerprint: a repeated sentence does not outweigh the rest.
pub fn shingles(body: &str) -> Vec<u64> {
    shingles_of(word_hashes(body))
}

fn shingles_of(words: impl Iterator<Item = u64>) -> Vec<u64> {
    let words: Vec<u64> = words.collect();
    let mut shingles: Vec<u64> = words
        .windows(SHINGLE_WORDS)
        .map(|window| {
            let mut bytes = [0u8; 8 * SHINGLE_WORDS];
            for (chunk, hash) in bytes.chunks_exact_mut(8).zip(window) {
                chunk.copy_from_slice(&hash.to_le_bytes());
            }
            xxh3_64(&bytes)
        })
        .collect();
    shingles.sort_unstable();
    shingles.dedup();
    shingles
}

/// Whether two articles, by fingerprint and day (days since 1970, `None` when the year is
/// unknown), are copies of one story.
pub fn same_story(a: &Simhash, a_day: Option<i64>, b: &Simhash, b_day: Option<i64>) -> bool {
    let close = match (a_day, b_day) {
        (Some(x), Some(y)) => (x - y).abs() <= MAX_DAYS_APART,
        _ => true,
    };
    close && near_duplicates(a, b)
}

/// How many bits two fingerprints differ in.
pub fn distance(a: &Simhash, b: &Simhash) -> u32 {
    a.iter().zip(b).map(|(x, y)| (x ^ y).count_ones()).sum()
}

/// Whether two fingerprints are of copies of one story.
pub fn near_duplicates(a: &Simhash, b: &Simhash) -> bool {
    distance(a, b) <= NEAR_DUPLICATE_BITS
}

/// The hash of each lower-cased run of letters and digits: numbers count, so that two earnings
/// tables with the same wording and different figures are not copies. ASCII bytes are told
/// apart without decoding characters, and ASCII words (nearly all) are lower-cased in a reused
/// buffer.
fn word_hashes(text: &str) -> impl Iterator<Item = u64> + '_ {
    let bytes = text.as_bytes();
    let mut lower = String::new();
    let mut at = 0;
    std::iter::from_fn(move || {
        let (start, end) = next_word(text, bytes, at)?;
        at = end;
        let word = &text[start..end];
        Some(if word.is_ascii() {
            lower.clear();
            lower.push_str(word);
            lower.make_ascii_lowercase();
            xxh3_64(lower.as_bytes())
        } else {
            xxh3_64(word.to_lowercase().as_bytes())
        })
    })
}

/// The byte range of the first run of letters and digits at or after `from` (a char boundary).
fn next_word(text: &str, bytes: &[u8], from: usize) -> Option<(usize, usize)> {
    let mut start = None;
    let mut at = from;
    while at < bytes.len() {
        let (is_word, len) = match bytes[at] {
            byte if byte.is_ascii() => (byte.is_ascii_alphanumeric(), 1),
            _ => text[at..].chars().next().map_or((false, 1), |c| (c.is_alphanumeric(), c.len_utf8())),
        };
        match (is_word, start) {
            (true, None) => start = Some(at),
            (false, Some(first)) => return Some((first, at)),
            _ => {}
        }
        at += len;
    }
    start.map(|first| (first, bytes.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    const STORY: &str = "Sea walls along the Busan harbour held overnight as a storm surge pushed water \
        into low streets, city officials said on Friday. Mayor Han Ji-woo thanked the crews who worked \
        through the night to pile sandbags along the fish market, and said the port would reopen once \
        divers had checked the berths. Forecasters expect the typhoon to weaken as it crosses the \
        peninsula on Saturday, bringing heavy rain to inland provinces and the capital. Ferries to Jeju \
        remain cancelled and about two hundred flights were grounded at Gimhae airport.";

    #[test]
    fn the_same_text_gives_the_same_fingerprint_whatever_its_case_and_spacing() {
        let shouted = STORY.to_uppercase().replace(' ', "  ");
        assert_eq!(simhash(STORY), simhash(&shouted));
        assert!(simhash(STORY).is_some());
    }

    #[test]
    fn a_copy_with_a_few_words_edited_is_a_near_duplicate() {
        let edited = STORY
            .replace("on Friday", "on Friday morning")
            .replace("about two hundred", "more than 200")
            .replace("Mayor Han Ji-woo", "Busan mayor Han Ji-woo");
        let (a, b) = (simhash(STORY).unwrap(), simhash(&edited).unwrap());
        assert!(distance(&a, &b) > 0 && near_duplicates(&a, &b), "{} bits apart", distance(&a, &b));
    }

    #[test]
    fn another_story_on_the_same_event_is_not() {
        let other = "Typhoon Noeul brought a storm surge to Busan on Friday, and officials in the port \
            city said the harbour sea walls had held. Han Ji-woo, the mayor, visited the fish market where \
            crews had stacked sandbags through the night. Ferry links to Jeju island were suspended, while \
            the weather agency said the storm would lose strength over land and move toward Seoul.";
        let (a, b) = (simhash(STORY).unwrap(), simhash(other).unwrap());
        assert!(!near_duplicates(&a, &b), "{} bits apart", distance(&a, &b));
    }

    #[test]
    fn the_same_text_on_days_far_apart_is_other_news() {
        let hash = simhash(STORY).unwrap();
        assert!(same_story(&hash, Some(100), &hash, Some(107)));
        assert!(same_story(&hash, Some(100), &hash, None));
        assert!(!same_story(&hash, Some(100), &hash, Some(108)));
        assert!(!same_story(&hash, None, &hash.map(|w| !w), None));
    }

    #[test]
    fn an_articles_fingerprint_is_that_of_its_joined_text() {
        let paragraphs: Vec<String> = STORY.split(". ").map(|s| format!("«{s}»")).collect();
        let title = "Busan sea walls hold: ferries to Jeju cancelled";
        let joined = fingerprint_text(title, &paragraphs.join("\n\n"));
        assert_eq!(article_simhash(title, &paragraphs), simhash(&joined));
        assert!(article_simhash(title, &paragraphs).is_some());
        let long: Vec<String> = (0..2000).map(|n| format!("Item {n} of the list, 합계 {}", n * 7)).collect();
        assert_eq!(article_simhash("", &long), simhash(&fingerprint_text("", &long.join("\n\n"))));
    }

    #[test]
    fn every_bit_is_voted_on_by_every_shingle() {
        // Counted one by one: the vote the byte-wise counters must agree with.
        // Over a thousand shingles, so that the byte-wide counters are emptied several times.
        let text: String = (0..1200).map(|n| format!("word{n} ")).collect();
        let shingles = shingles(&text);
        let by_bit = |word: usize| -> u64 {
            (0..64)
                .filter(|&bit| {
                    let set = shingles.iter().filter(|s| {
                        let hash =
                            if word == 0 { **s } else { xxh3_64_with_seed(&s.to_le_bytes(), word as u64) };
                        hash >> bit & 1 == 1
                    });
                    2 * set.count() > shingles.len()
                })
                .fold(0, |hash, bit| hash | 1 << bit)
        };
        assert_eq!(fingerprint(&shingles), Some([by_bit(0), by_bit(1), by_bit(2), by_bit(3)]));
    }

    #[test]
    fn short_texts_get_no_fingerprint() {
        assert_eq!(simhash(""), None);
        assert_eq!(simhash("Markets close early on Friday."), None);
    }

    #[test]
    fn distance_counts_differing_bits() {
        assert_eq!(distance(&[0b1011, 0, 0, 1], &[0b0001, 0, 0, 0]), 3);
        assert_eq!(distance(&[u64::MAX; WORDS], &[0; WORDS]), 256);
    }
}
