//! Export: the index's articles read back from their stored fields and written for another
//! engine, so that the documents newsdex indexes on one machine can go into a cluster
//! ([`quickwit`]).

pub mod quickwit;

use tantivy::Searcher;
use tantivy::schema::{TantivyDocument, Value};

use crate::index::Fields;
use crate::search::stored::{self, StoredArticle, StoredPassage};

/// Documents kept decompressed while walking a segment's store in order.
const STORE_CACHE_BLOCKS: usize = 16;

/// Calls `each` with every passage of the index, in stored order (deleted ones skipped).
pub fn for_each_passage<E>(
    searcher: &Searcher,
    fields: &Fields,
    mut each: impl FnMut(StoredPassage) -> Result<(), E>,
) -> Result<usize, E>
where
    E: From<tantivy::TantivyError>,
{
    let mut count = 0;
    for segment in searcher.segment_readers() {
        let store = segment.get_store_reader(STORE_CACHE_BLOCKS).map_err(tantivy::TantivyError::from)?;
        for doc in store.iter::<TantivyDocument>(segment.alive_bitset()) {
            each(stored::from_document(&doc?, fields))?;
            count += 1;
        }
    }
    Ok(count)
}

/// Calls `each` with every article of the index, whole, once: each article is gathered by its
/// id when its first passage comes by, so memory holds one article at a time.
pub fn for_each_article<E>(
    searcher: &Searcher,
    fields: &Fields,
    mut each: impl FnMut(StoredArticle) -> Result<(), E>,
) -> Result<usize, E>
where
    E: From<tantivy::TantivyError>,
{
    let mut count = 0;
    for segment in searcher.segment_readers() {
        let store = segment.get_store_reader(STORE_CACHE_BLOCKS).map_err(tantivy::TantivyError::from)?;
        for doc in store.iter::<TantivyDocument>(segment.alive_bitset()) {
            let doc = doc?;
            if doc.get_first(fields.passage).and_then(|v| v.as_u64()) != Some(0) {
                continue;
            }
            let Some(id) = doc.get_first(fields.article_id).and_then(|v| v.as_str()) else { continue };
            if let Some(article) = stored::load_article(searcher, fields, id)? {
                each(article)?;
                count += 1;
            }
        }
    }
    Ok(count)
}
