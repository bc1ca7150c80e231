//! Export: the index's articles read back from their stored fields and written for another
//! engine, so that the documents newsdex indexes on one machine can go into a cluster
//! ([`quickwit`]).

pub mod quickwit;

use tantivy::Searcher;
use tantivy::schema::TantivyDocument;

use crate::index::Fields;
use crate::search::stored::{self, StoredArticle};

/// Documents kept decompressed while walking a segment's store in order.
const STORE_CACHE_BLOCKS: usize = 16;

/// Calls `each` with every article of the index, in stored order (deleted ones skipped), each
/// read once.
pub fn for_each_article<E>(
    searcher: &Searcher,
    fields: &Fields,
    mut each: impl FnMut(StoredArticle) -> Result<(), E>,
) -> Result<usize, E>
where
    E: From<tantivy::TantivyError>,
{
    let starts_field = searcher.schema().get_field_name(fields.passage_bytes).to_string();
    let mut count = 0;
    for segment in searcher.segment_readers() {
        let store = segment.get_store_reader(STORE_CACHE_BLOCKS).map_err(tantivy::TantivyError::from)?;
        let starts = segment.fast_fields().u64(&starts_field)?;
        // The store yields the live documents in the order of their ids.
        for (doc, stored) in
            segment.doc_ids_alive().zip(store.iter::<TantivyDocument>(segment.alive_bitset()))
        {
            let passage_starts: Vec<usize> = starts.values_for_doc(doc).map(|v| v as usize).collect();
            each(stored::from_document(&stored?, fields, &passage_starts))?;
            count += 1;
        }
    }
    Ok(count)
}
