//! Where an index's bytes go: posting lists, positions, term dictionaries, fast fields and field
//! norms per field, and the stored articles, summed over segments.
//!
//! Usage: cargo run --release --example index_space -- INDEX_DIR

use std::collections::BTreeMap;
use std::path::PathBuf;

use newsdex::index::NewsIndex;

fn main() -> anyhow::Result<()> {
    let dir: PathBuf = std::env::args_os().nth(1).map(PathBuf::from).unwrap_or_else(|| "index".into());
    let index = NewsIndex::open(&dir)?;
    let searcher = index.reader()?.searcher();
    let usage = searcher.space_usage()?;
    // field → [postings, positions, terms, fast, norms]
    let mut fields: BTreeMap<String, [u64; 5]> = BTreeMap::new();
    let mut store = 0;
    for segment in usage.segments() {
        let parts = [
            segment.postings(),
            segment.positions(),
            segment.termdict(),
            segment.fast_fields(),
            segment.fieldnorms(),
        ];
        for (i, part) in parts.into_iter().enumerate() {
            for field in part.fields() {
                fields.entry(field.field_name().to_string()).or_default()[i] += field.total().get_bytes();
            }
        }
        store += segment.store().total().get_bytes();
    }
    let total = usage.total().get_bytes();
    let mb = |bytes: u64| bytes as f64 / 1e6;
    println!(
        "{:<16} {:>9} {:>9} {:>9} {:>9} {:>9} {:>9}",
        "field", "postings", "positions", "terms", "fast", "norms", "all MB"
    );
    let mut rows: Vec<_> = fields.into_iter().collect();
    rows.sort_by_key(|(_, sizes)| std::cmp::Reverse(sizes.iter().sum::<u64>()));
    for (name, sizes) in rows {
        println!(
            "{name:<16} {:>9.1} {:>9.1} {:>9.1} {:>9.1} {:>9.1} {:>9.1}",
            mb(sizes[0]),
            mb(sizes[1]),
            mb(sizes[2]),
            mb(sizes[3]),
            mb(sizes[4]),
            mb(sizes.iter().sum())
        );
    }
    println!(
        "stored articles: {:.1} MB; whole index: {:.1} MB in {} segments",
        mb(store),
        mb(total),
        usage.segments().len()
    );
    Ok(())
}
