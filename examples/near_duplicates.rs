//! How many articles of an index have near-duplicates, and what they look like: the figures
//! behind the near-duplicate threshold (`extract::dedup::NEAR_DUPLICATE_BITS`).
//!
//! For every pair of fingerprinted articles it counts the pairs at each Hamming distance, then,
//! at the threshold, how many articles have a copy (per source) and into how many groups they
//! fall, and prints sample pairs at chosen distances with the word-shingle Jaccard similarity of
//! their bodies (the truth the fingerprints stand in for).
//!
//! `cargo run --release --example near_duplicates -- INDEX [--bits N] [--samples K] [--at D,D,…]`

use std::collections::{BTreeMap, HashMap};
use std::error::Error;
use std::path::PathBuf;

use newsdex::extract::dedup::{self, NEAR_DUPLICATE_BITS};
use newsdex::index::NewsIndex;
use newsdex::search::columns::Columns;
use newsdex::search::similar::Fingerprint;
use newsdex::search::stored::{self, load_article};
use tantivy::collector::DocSetCollector;
use tantivy::query::AllQuery;
use tantivy::{DocAddress, Searcher};

/// Pairs further apart than this are not counted one by one.
const FARTHEST: u32 = 96;
/// Pairs up to this far apart have their texts compared.
const JUDGED: u32 = 72;
/// Distances are counted in steps of this many bits.
const STEP: u32 = 4;

struct Fingerprinted {
    id: String,
    source: String,
    title: String,
    print: Fingerprint,
}

fn main() -> Result<(), Box<dyn Error>> {
    let mut args = std::env::args().skip(1);
    let mut dir = None;
    let (mut bits, mut samples, mut at) = (NEAR_DUPLICATE_BITS, 5, Vec::new());
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--bits" => bits = args.next().ok_or("--bits N")?.parse()?,
            "--samples" => samples = args.next().ok_or("--samples K")?.parse()?,
            "--at" => {
                at = args.next().ok_or("--at D,D")?.split(',').map(str::parse).collect::<Result<_, _>>()?
            }
            _ => dir = Some(PathBuf::from(arg)),
        }
    }
    let dir = dir.ok_or("usage: near_duplicates INDEX [--bits N] [--samples K] [--at D,D,…]")?;
    let index = NewsIndex::open(&dir)?;
    let searcher = index.reader()?.searcher();
    let articles = fingerprinted(&index, &searcher)?;
    println!("{} articles fingerprinted", articles.len());

    let mut by_distance: BTreeMap<u32, Vec<(usize, usize)>> = BTreeMap::new();
    for i in 0..articles.len() {
        for j in i + 1..articles.len() {
            let d = dedup::distance(&articles[i].print.hash, &articles[j].print.hash);
            if d <= FARTHEST {
                by_distance.entry(d).or_default().push((i, j));
            }
        }
    }
    // Shingle Jaccard similarity, the truth fingerprints stand in for, of the close pairs.
    let mut shingles: HashMap<usize, Vec<u64>> = HashMap::new();
    println!("\npairs by distance (bits), and how many of them share half their shingles or more:");
    for low in (0..=FARTHEST).step_by(STEP as usize) {
        let pairs: Vec<(usize, usize)> =
            by_distance.range(low..low + STEP).flat_map(|(_, pairs)| pairs.iter().copied()).collect();
        if low > JUDGED {
            println!("  {low:>3}-{:<3}  {:>8}", low + STEP - 1, pairs.len());
            continue;
        }
        let mut similar = 0;
        for &(i, j) in &pairs {
            if jaccard(&searcher, &index, &articles, &mut shingles, i, j)? >= 0.5 {
                similar += 1;
            }
        }
        println!("  {low:>3}-{:<3}  {:>8}  {similar:>6}", low + STEP - 1, pairs.len());
    }

    // Articles with a copy at the threshold, and the groups they form (linked by any copy).
    let mut group: Vec<usize> = (0..articles.len()).collect();
    fn root(group: &mut [usize], mut i: usize) -> usize {
        while group[i] != i {
            group[i] = group[group[i]];
            i = group[i];
        }
        i
    }
    let mut has_copy = vec![false; articles.len()];
    let mut far_apart = 0;
    for (_, pairs) in by_distance.range(..=bits) {
        for &(i, j) in pairs {
            let (a, b) = (&articles[i], &articles[j]);
            if !a.print.same_story(&b.print) {
                far_apart += 1;
                continue;
            }
            has_copy[i] = true;
            has_copy[j] = true;
            let (a, b) = (root(&mut group, i), root(&mut group, j));
            group[a] = b;
        }
    }
    let mut per_source: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    let mut groups: HashMap<usize, usize> = HashMap::new();
    for (i, article) in articles.iter().enumerate() {
        let counts = per_source.entry(&article.source).or_default();
        counts.0 += 1;
        if has_copy[i] {
            counts.1 += 1;
            *groups.entry(root(&mut group, i)).or_default() += 1;
        }
    }
    let with_copy: usize = has_copy.iter().filter(|c| **c).count();
    println!(
        "\nat {bits} bits, {far_apart} pairs are more than {} days apart (other news)",
        dedup::MAX_DAYS_APART
    );
    println!(
        "\nat {bits} bits: {with_copy} articles have a near-duplicate, in {} groups \
         ({} articles would fold into the others)",
        groups.len(),
        with_copy - groups.len()
    );
    for (source, (all, copies)) in &per_source {
        println!("  {source:<12} {copies:>6} of {all:>6}");
    }

    for d in at {
        let Some(pairs) = by_distance.get(&d) else { continue };
        println!("\nsamples at {d} bits:");
        let step = (pairs.len() / samples.max(1)).max(1);
        for &(i, j) in pairs.iter().step_by(step).take(samples) {
            let jaccard = jaccard(&searcher, &index, &articles, &mut shingles, i, j)?;
            let (a, b) = (&articles[i], &articles[j]);
            println!("  jaccard {jaccard:.2}  {} | {}", a.id, b.id);
            println!("      {} | {}", a.title, b.title);
        }
    }
    Ok(())
}

/// Every article that has a fingerprint.
fn fingerprinted(index: &NewsIndex, searcher: &Searcher) -> Result<Vec<Fingerprinted>, Box<dyn Error>> {
    let fields = &index.fields;
    let mut addresses: Vec<DocAddress> = searcher.search(&AllQuery, &DocSetCollector)?.into_iter().collect();
    addresses.sort();
    let columns = Columns::open(searcher, fields)?;
    let mut out = Vec::new();
    for address in addresses {
        let Some(print) = Fingerprint::of(&columns, address) else { continue };
        let article = stored::load(searcher, fields, address)?;
        out.push(Fingerprinted {
            id: article.article_id,
            source: article.source.unwrap_or_else(|| "unknown".into()),
            title: article.title,
            print,
        });
    }
    Ok(out)
}

/// Shared shingles over all shingles of the two articles' fingerprinted texts.
fn jaccard(
    searcher: &Searcher,
    index: &NewsIndex,
    articles: &[Fingerprinted],
    cache: &mut HashMap<usize, Vec<u64>>,
    i: usize,
    j: usize,
) -> Result<f64, Box<dyn Error>> {
    for k in [i, j] {
        if let std::collections::hash_map::Entry::Vacant(entry) = cache.entry(k) {
            let article =
                load_article(searcher, &index.fields, &articles[k].id)?.ok_or("article vanished")?;
            entry.insert(dedup::shingles(&dedup::fingerprint_text(&article.title, &article.body)));
        }
    }
    let (sa, sb) = (&cache[&i], &cache[&j]);
    let shared = sa.iter().filter(|h| sb.binary_search(h).is_ok()).count();
    let union = sa.len() + sb.len() - shared;
    Ok(if union == 0 { 1.0 } else { shared as f64 / union as f64 })
}
