//! Measures how many of Reuters-21578's gold PEOPLE, PLACES and ORGS tags newsdex's entity
//! extraction finds in the stories that carry them (recall only: the tags list a story's
//! subjects, not every name it mentions, so extra entities are not counted as errors).
//!
//! Each story is read by newsdex's own Reuters reader and extracted as `newsdex index` does
//! (the trained tagger by default, `--rules` for the word-list extractor). A gold tag is turned
//! into a name (`james-baker` → "James Baker", `west-germany` → "West Germany"; a few codes
//! that are not names are spelled out below) and counts as found when an entity of the story
//! has the same `canonical_key`, which folds case, hyphens and dots and maps the aliases the
//! gazetteer lists ("USA", "U.S." → "united states"). Also reported: found with the kind the
//! tag implies (PEOPLE → person, PLACES → location, ORGS → org), and for people, found by
//! surname (an extracted person whose last word is the tag's last word; most PEOPLE tags are a
//! surname alone, such as `reagan`). The most often missed tags of each kind are listed.
//!
//! Tags are given by the collection's editors, not marked in the text: many stories are tagged
//! `usa` without naming the country. So the table also counts the tags the story names at all
//! (a capitalised phrase of its headline or text with the tag's key; for people, the surname
//! alone also counts), and recall among those.
//!
//! `cargo run --release --example reuters_entity_recall -- ../shared/corpora/reuters21578 [--misses N] [--rules]`

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::error::Error;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use rayon::prelude::*;

use newsdex::extract::{EntityMethod, ExtractOptions, Extractor};
use newsdex::ingest::{self, IngestOptions};
use newsdex::model::{Article, EntityKind, RawArticle};
use newsdex::names::canonical_key;

/// Codes of the collection's category lists (`all-places-strings.lc.txt`,
/// `all-orgs-strings.lc.txt`, `all-people-strings.lc.txt`) that are not names once their hyphens
/// are spaces, and that the gazetteer does not resolve (it already maps `usa`, `uk`, `ussr`,
/// `uae`, `opec`, `imf`…). Any of the names given counts.
const NOT_NAMES: [(&str, &[&str]); 11] = [
    ("trinidad-tobago", &["Trinidad and Tobago"]),
    ("yemen-arab-republic", &["Yemen Arab Republic", "North Yemen"]),
    ("yemen-demo-republic", &["South Yemen"]),
    ("adb-africa", &["African Development Bank"]),
    ("adb-asia", &["Asian Development Bank"]),
    ("ico-coffee", &["International Coffee Organization"]),
    ("iwc-whale", &["International Whaling Commission"]),
    ("iwc-wheat", &["International Wheat Council"]),
    ("worldbank", &["World Bank"]),
    ("o-kennedy", &["O'Kennedy"]),
    ("o-cofaigh", &["O'Cofaigh"]),
];

/// The gold tag lists measured: label name in `RawArticle::labels`, heading, and the entity
/// kind the tag implies.
const KINDS: [(&str, &str, EntityKind); 3] = [
    ("people", "PEOPLE", EntityKind::Person),
    ("places", "PLACES", EntityKind::Location),
    ("orgs", "ORGS", EntityKind::Org),
];

/// A story's gold tags, those of them its text names, and what extraction made of it.
type Story = (BTreeMap<String, Vec<String>>, HashSet<String>, Option<Article>);

/// Counts for one tag list.
#[derive(Default)]
struct Tally {
    stories: usize,
    tags: usize,
    found: usize,
    right_kind: usize,
    by_surname: usize,
    /// Tags the story's text names, and those of them found (any kind).
    named: usize,
    found_named: usize,
    named_by_surname: usize,
    /// Tag → (stories tagged with it, stories where it was missed, of those the ones naming it);
    /// for people, missed means not found by surname.
    per_tag: BTreeMap<String, (usize, usize, usize)>,
}

fn main() -> Result<(), Box<dyn Error>> {
    let usage = "usage: reuters_entity_recall REUTERS_FOLDER [--misses N] [--rules]";
    let mut folder = None;
    let (mut misses, mut method) = (10, EntityMethod::Tagger);
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--misses" => misses = args.next().ok_or(usage)?.parse()?,
            "--rules" => method = EntityMethod::Rules,
            _ if folder.is_none() && !arg.starts_with("--") => folder = Some(PathBuf::from(arg)),
            _ => return Err(usage.into()),
        }
    }
    let folder = folder.ok_or(usage)?;

    let started = Instant::now();
    let discovery = ingest::discover(&[folder], false);
    let options = Arc::new(IngestOptions::default());
    let (mut raws, mut problems) = (Vec::<RawArticle>::new(), discovery.problems.len());
    // Only the stories: the collection's folder also holds its category lists and DTD.
    let files: Vec<_> = discovery
        .files
        .iter()
        .filter(|f| f.path.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with("reut2-")))
        .collect();
    for file in &files {
        match ingest::open_records(&file.path, &options) {
            Ok(records) => {
                for record in records {
                    match record {
                        Ok(raw) => raws.push(raw),
                        Err(_) => problems += 1,
                    }
                }
            }
            Err(_) => problems += 1,
        }
    }
    let read_secs = started.elapsed().as_secs_f64();

    let extracting = Instant::now();
    let extractor = Extractor::new(ExtractOptions { entities: method, ..ExtractOptions::default() });
    // Stories extraction refuses (nothing left after cleaning) keep their tags, all missed.
    let stories: Vec<Story> = raws
        .into_par_iter()
        .map(|raw| {
            let named = named_tags(&raw);
            (raw.labels.clone(), named, extractor.extract(raw).ok())
        })
        .collect();
    let extract_secs = extracting.elapsed().as_secs_f64();

    let mut tallies: Vec<Tally> = KINDS.iter().map(|_| Tally::default()).collect();
    for (labels, named, article) in &stories {
        let entities: Vec<(String, EntityKind)> =
            article.iter().flat_map(|a| &a.entities).map(|e| (canonical_key(&e.name), e.kind)).collect();
        let surnames: HashSet<&str> = entities
            .iter()
            .filter(|(_, kind)| *kind == EntityKind::Person)
            .filter_map(|(key, _)| key.split(' ').next_back())
            .collect();
        for ((label, _, kind), tally) in KINDS.iter().zip(&mut tallies) {
            let tags: BTreeSet<&String> = labels.get(*label).into_iter().flatten().collect();
            if tags.is_empty() {
                continue;
            }
            tally.stories += 1;
            for tag in tags {
                let keys = tag_keys(tag);
                let found = entities.iter().any(|(key, _)| keys.contains(key));
                let right_kind = entities.iter().any(|(key, k)| k == kind && keys.contains(key));
                tally.tags += 1;
                let is_named = named.contains(tag.as_str());
                tally.named += usize::from(is_named);
                tally.found_named += usize::from(is_named && found);
                tally.found += usize::from(found);
                tally.right_kind += usize::from(right_kind);
                let mut missed = !found;
                if *kind == EntityKind::Person {
                    let surname =
                        keys.iter().any(|k| k.split(' ').next_back().is_some_and(|s| surnames.contains(s)));
                    tally.by_surname += usize::from(surname);
                    tally.named_by_surname += usize::from(surname && is_named);
                    missed = !surname;
                }
                let counts = tally.per_tag.entry(tag.clone()).or_default();
                counts.0 += 1;
                counts.1 += usize::from(missed);
                counts.2 += usize::from(missed && is_named);
            }
        }
    }

    let extracted = stories.iter().filter(|(_, _, article)| article.is_some()).count();
    println!(
        "Reuters-21578 gold tags against newsdex entities ({}): {} stories from {} files, {extracted} extracted, {problems} unreadable",
        if method == EntityMethod::Rules { "rules" } else { "tagger" },
        stories.len(),
        files.len(),
    );
    println!();
    println!(
        "{:<7} {:>8} {:>10} {:>16} {:>16} {:>16} {:>16}",
        "tags",
        "stories",
        "gold tags",
        "found (any kind)",
        "found (its kind)",
        "named in text",
        "found if named"
    );
    for ((_, heading, _), tally) in KINDS.iter().zip(&tallies) {
        println!(
            "{heading:<7} {:>8} {:>10} {:>8} {:>6.1}% {:>8} {:>6.1}% {:>8} {:>6.1}% {:>8} {:>6.1}%",
            tally.stories,
            tally.tags,
            tally.found,
            percent(tally.found, tally.tags),
            tally.right_kind,
            percent(tally.right_kind, tally.tags),
            tally.named,
            percent(tally.named, tally.tags),
            tally.found_named,
            percent(tally.found_named, tally.named),
        );
    }
    let people = &tallies[0];
    println!(
        "PEOPLE found by surname (an extracted person with the tag's last word): {} of {} ({:.1}%); \
         of the {} named in the text: {} ({:.1}%)",
        people.by_surname,
        people.tags,
        percent(people.by_surname, people.tags),
        people.named,
        people.named_by_surname,
        percent(people.named_by_surname, people.named)
    );
    for ((_, heading, _), tally) in KINDS.iter().zip(&tallies) {
        let mut missed: Vec<(&String, &(usize, usize, usize))> =
            tally.per_tag.iter().filter(|(_, (_, missed, _))| *missed > 0).collect();
        missed.sort_by(|a, b| b.1.1.cmp(&a.1.1).then(a.0.cmp(b.0)));
        let listed: Vec<String> = missed
            .iter()
            .take(misses)
            .map(|(tag, (tagged, missed, named))| format!("{tag} {missed}/{tagged} ({named})"))
            .collect();
        let how = if heading == &"PEOPLE" { ", by surname" } else { "" };
        println!(
            "\nmost missed {heading}{how} (missed/tagged stories (missed though named)): {}",
            listed.join(", ")
        );
    }
    println!(
        "\ntime: {read_secs:.1} s reading, {extract_secs:.1} s extracting on {} threads, {:.1} s in all",
        rayon::current_num_threads(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// The canonical keys a gold tag may be found under.
fn tag_keys(tag: &str) -> Vec<String> {
    match NOT_NAMES.iter().find(|(code, _)| *code == tag) {
        Some((_, names)) => names.iter().map(|name| canonical_key(name)).collect(),
        None => vec![canonical_key(&tag.replace('-', " "))],
    }
}

/// Longest phrase, in words, looked for as a tag's name ("Organization of the Petroleum
/// Exporting Countries").
const MAX_NAME_WORDS: usize = 6;

/// The PEOPLE, PLACES and ORGS tags of a story whose name its headline or text writes: a phrase
/// starting and ending with a capital (so the pronoun "us" is not the US) with the tag's key.
fn named_tags(raw: &RawArticle) -> HashSet<String> {
    let mut wanted: Vec<(&str, Vec<String>)> = Vec::new();
    for (label, _, kind) in KINDS {
        for tag in raw.labels.get(label).into_iter().flatten() {
            let mut keys = tag_keys(tag);
            if kind == EntityKind::Person {
                let surnames: Vec<String> =
                    keys.iter().filter_map(|k| k.split(' ').next_back()).map(str::to_owned).collect();
                keys.extend(surnames);
            }
            wanted.push((tag, keys));
        }
    }
    let mut named = HashSet::new();
    if wanted.is_empty() {
        return named;
    }
    let text = format!("{}\n{}", raw.title.as_deref().unwrap_or_default(), raw.text);
    let words: Vec<&str> = text
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric() && c != '.'))
        .map(|w| w.trim_end_matches("'s"))
        .filter(|w| !w.is_empty())
        .collect();
    let capitalised = |w: &str| w.starts_with(|c: char| c.is_uppercase());
    for start in (0..words.len()).filter(|&i| capitalised(words[i])) {
        for end in start + 1..=(start + MAX_NAME_WORDS).min(words.len()) {
            if !capitalised(words[end - 1]) {
                continue;
            }
            let key = canonical_key(&words[start..end].join(" "));
            for (tag, keys) in &wanted {
                if keys.contains(&key) {
                    named.insert((*tag).to_owned());
                }
            }
        }
    }
    named
}

fn percent(part: usize, whole: usize) -> f64 {
    if whole == 0 { 0.0 } else { 100.0 * part as f64 / whole as f64 }
}
