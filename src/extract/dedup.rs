//! Near-duplicate fingerprints: a 256-bit SimHash of an article's headline and cleaned body,
//! taken over word shingles, so that copies of one story (the same wire copy in several outlets,
//! a story re-published with small edits) get fingerprints a few bits apart while different
//! stories, even about the same event, differ in about half their bits. 256 bits rather than the
//! usual 64: the share of differing bits estimates how much two texts differ, and with 64 bits
//! that estimate is too rough for news items of a few hundred words (a 200-word story with three
//! phrases edited measured 14 bits from its original, as far as unrelated pairs can come).

use xxhash_rust::xxh3::{xxh3_64, xxh3_64_with_seed};

/// Words per shingle: three keep word order (a copy shares runs of words, a rewrite does not).
pub const SHINGLE_WORDS: usize = 3;
/// Bodies with fewer distinct shingles get no fingerprint: their bits would be mostly chance.
pub const MIN_SHINGLES: usize = 8;
/// A fingerprint: four 64-bit words.
pub type Simhash = [u64; WORDS];
pub const WORDS: usize = 4;
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
    let shingles = shingles(text);
    if shingles.len() < MIN_SHINGLES {
        return None;
    }
    // Counting the set bits and comparing with half the shingles is the vote (+1 set, -1
    // clear) without a branch per bit, which the compiler can vectorise.
    let mut ones = [0u32; 64 * WORDS];
    for shingle in &shingles {
        let bytes = shingle.to_le_bytes();
        for (word, ones) in ones.chunks_exact_mut(64).enumerate() {
            // Each word of the fingerprint hashes the shingle again with its own seed.
            let hash = if word == 0 { *shingle } else { xxh3_64_with_seed(&bytes, word as u64) };
            for (bit, count) in ones.iter_mut().enumerate() {
                *count += (hash >> bit & 1) as u32;
            }
        }
    }
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

/// The distinct hashes of a body's word shingles, sorted. Each distinct shingle votes once in a
/// fingerprint: a repeated sentence does not outweigh the rest.
pub fn shingles(body: &str) -> Vec<u64> {
    let words: Vec<u64> = word_hashes(body).collect();
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
/// tables with the same wording and different figures are not copies. ASCII words (nearly all)
/// are lower-cased in a reused buffer.
fn word_hashes(text: &str) -> impl Iterator<Item = u64> + '_ {
    let mut lower = String::new();
    text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(move |word| {
        if word.is_ascii() {
            lower.clear();
            lower.push_str(word);
            lower.make_ascii_lowercase();
            xxh3_64(lower.as_bytes())
        } else {
            xxh3_64(word.to_lowercase().as_bytes())
        }
    })
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
