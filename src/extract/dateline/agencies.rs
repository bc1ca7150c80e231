//! The news agencies and publishers that datelines name, and the way each is shown.

use std::sync::LazyLock;

use rustc_hash::FxHashMap;

use crate::model::entity_key;
use crate::word_lists::{entries, fields};

/// Every listed spelling's key (as [`key`] makes it) with its source's display form.
static AGENCIES: LazyLock<FxHashMap<String, &'static str>> = LazyLock::new(|| {
    let mut agencies = FxHashMap::default();
    for line in entries(include_str!("../../../data/agencies.txt")) {
        let mut spellings = fields(line);
        let Some(display) = spellings.next() else { continue };
        agencies.insert(key(display), display);
        for spelling in spellings {
            agencies.insert(key(spelling), display);
        }
    }
    agencies
});

/// Canonical display form of a news agency name or abbreviation, if it is a known one.
pub fn canonical_agency(name: &str) -> Option<&'static str> {
    if name.len() > 64 {
        return None;
    }
    AGENCIES.get(&key(name)).copied()
}

/// A name folded as entity filters fold it, without a leading "the".
fn key(name: &str) -> String {
    let key = entity_key(name);
    match key.strip_prefix("the ") {
        Some(rest) => rest.to_string(),
        None => key,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agencies() {
        let cases = [
            ("upi", Some("UPI")),
            ("Associated Press", Some("AP")),
            ("The Associated Press", Some("AP")),
            ("REUTERS", Some("Reuters")),
            ("Agence France-Presse", Some("AFP")),
            ("AFP", Some("AFP")),
            ("Yonhap", Some("Yonhap")),
            ("dpa", Some("dpa")),
            ("Canadian Press", Some("CP")),
            ("New York Times", Some("NYT")),
            ("N.Y. Times", Some("NYT")),
            ("L.A. Times", Some("LA Times")),
            ("U.P.I.", Some("UPI")),
            ("Kyodo News", Some("Kyodo")),
            ("NTB", None),
            ("and its allies", None),
            ("", None),
        ];
        for (name, expected) in cases {
            assert_eq!(canonical_agency(name), expected, "{name:?}");
        }
    }
}
