//! Export: the index's articles read back from their stored fields and written for another
//! engine, so that the documents newsdex indexes on one machine can go into a cluster
//! ([`quickwit`]).

pub mod quickwit;

use tantivy::Searcher;
use tantivy::schema::TantivyDocument;

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
    for_each_passage(searcher, fields, |passage| -> Result<(), E> {
        if passage.passage != 0 {
            return Ok(());
        }
        if let Some(article) = stored::load_article(searcher, fields, &passage.article_id)? {
            each(article)?;
            count += 1;
        }
        Ok(())
    })?;
    Ok(count)
}
