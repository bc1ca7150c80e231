//! Recent answers, by request, for as long as the index has not changed: search-as-you-type,
//! the back button and a shared link ask the same question again, and each answer costs a
//! whole search. An entry is valid for the searcher generation that computed it, so a new
//! commit is never answered from before it (as Solr's query result cache is dropped on commit).

use std::num::NonZeroUsize;
use std::sync::Mutex;

use axum::body::Bytes;
use lru::LruCache;

/// Answers kept.
const ENTRIES: usize = 512;
/// Larger answers (`n=1000`) are not kept, so the cache stays under ENTRIES × this.
const MAX_ANSWER_BYTES: usize = 128 * 1024;

pub struct AnswerCache {
    entries: Mutex<LruCache<String, (u64, Bytes)>>,
}

impl Default for AnswerCache {
    fn default() -> Self {
        Self { entries: Mutex::new(LruCache::new(NonZeroUsize::new(ENTRIES).expect("not zero"))) }
    }
}

impl AnswerCache {
    /// The answer to `key` computed by searcher generation `generation`.
    pub fn get(&self, key: &str, generation: u64) -> Option<Bytes> {
        let mut entries = self.entries.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        match entries.get(key) {
            Some((at, body)) if *at == generation => Some(body.clone()),
            _ => None,
        }
    }

    pub fn put(&self, key: String, generation: u64, body: Bytes) {
        if body.len() <= MAX_ANSWER_BYTES {
            let mut entries = self.entries.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
            entries.put(key, (generation, body));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_answer_is_kept_for_its_generation_only() {
        let cache = AnswerCache::default();
        cache.put("/api/search?q=storm".into(), 1, Bytes::from_static(b"{}"));
        assert_eq!(cache.get("/api/search?q=storm", 1), Some(Bytes::from_static(b"{}")));
        assert_eq!(cache.get("/api/search?q=storm", 2), None, "a newer commit is searched again");
        assert_eq!(cache.get("/api/search?q=surge", 1), None);
        cache.put("/big".into(), 1, Bytes::from(vec![b' '; MAX_ANSWER_BYTES + 1]));
        assert_eq!(cache.get("/big", 1), None);
    }
}
