//! Listed names and the one key an entity is known by. The places, organisations,
//! nationalities and events of `data/entities/` are read once; every name and alias maps to
//! its entry ("IOC" and "International Olympic Committee" to one, "U.S." to "United States"),
//! and [`canonical_key`] gives the key that indexing, entity filters, facets and exports share.
//! It stands on the data model alone, so that every stage can use it.

use std::sync::LazyLock;

use rustc_hash::{FxHashMap, FxHashSet};

use crate::model::{EntityKind, entity_key};

/// The listed names, with the kind each list gives them; the first list naming a key keeps it
/// ("Georgia" the country before the state).
const LISTS: [(&str, EntityKind); 4] = [
    (include_str!("../data/entities/places.txt"), EntityKind::Location),
    (include_str!("../data/entities/organisations.txt"), EntityKind::Org),
    (include_str!("../data/entities/nationalities.txt"), EntityKind::Misc),
    (include_str!("../data/entities/events.txt"), EntityKind::Misc),
];

/// The longest run of words looked up as one listed name: longer than any listed name, with
/// room for punctuation written inside one ("Procter & Gamble" is three tokens).
pub const MAX_LISTED_WORDS: usize = 8;

/// The one shared copy of the listed names.
pub static NAMES: LazyLock<Names> = LazyLock::new(Names::build);

/// A listed entity: what it is and the name it is shown under.
#[derive(Debug)]
pub struct Entry {
    pub kind: EntityKind,
    pub canonical: &'static str,
    /// `entity_key(canonical)`: the key every alias of the entry maps to.
    pub key: String,
}

/// What a name or alias points to.
#[derive(Debug, Clone, Copy)]
pub struct Alias {
    pub entry: usize,
    /// A short all-capitals alias ("US", "WHO", "UN"): it only counts when written in capitals.
    pub caps_only: bool,
}

/// Every listed entry, and every name and alias by key.
#[derive(Debug)]
pub struct Names {
    pub entries: Vec<Entry>,
    aliases: FxHashMap<String, Alias>,
    /// Keys of names written with a possessive ("McDonald's" → "mcdonalds").
    pub possessive_keys: FxHashSet<String>,
}

/// The lines of a data file that are not blank or comments (`#`), trimmed.
pub fn data_lines(text: &'static str) -> impl Iterator<Item = &'static str> {
    text.lines().map(str::trim).filter(|line| !line.is_empty() && !line.starts_with('#'))
}

/// The key an entity name is indexed and looked up under: its `entity_key`, or for a listed name
/// or alias the key of the name it stands for ("IOC" and "International Olympic Committee" are
/// both "international olympic committee", "U.S." is "united states").
pub fn canonical_key(name: &str) -> String {
    let key = entity_key(name);
    match NAMES.lookup(&key) {
        Some(alias) => NAMES.entries[alias.entry].key.clone(),
        None => key,
    }
}

impl Names {
    fn build() -> Self {
        let mut names = Names {
            entries: Vec::new(),
            aliases: FxHashMap::default(),
            possessive_keys: FxHashSet::default(),
        };
        for (text, kind) in LISTS {
            names.add_entries(text, kind);
        }
        names
    }

    /// Adds one entry per line: `Canonical|alias|alias`; a trailing `+` on a name also adds
    /// its plural ("Korean+" → "Korean", "Koreans").
    fn add_entries(&mut self, text: &'static str, kind: EntityKind) {
        for line in data_lines(text) {
            let mut names = line.split('|').map(str::trim);
            let Some(first) = names.next() else { continue };
            let canonical = first.trim_end_matches('+');
            let index = self.entries.len();
            self.entries.push(Entry { kind, canonical, key: entity_key(canonical) });
            for name in std::iter::once(first).chain(names) {
                let base = name.trim_end_matches('+');
                if base.ends_with("'s") || base.ends_with("’s") {
                    self.possessive_keys.insert(entity_key(base));
                }
                self.add_alias(base, index);
                if name.ends_with('+') {
                    self.add_alias(&format!("{base}s"), index);
                }
            }
        }
    }

    fn add_alias(&mut self, alias: &str, entry: usize) {
        let key = entity_key(alias);
        if key.is_empty() {
            return;
        }
        let letters = alias.chars().filter(|c| c.is_alphabetic()).count();
        let caps_only = alias.chars().all(|c| !c.is_lowercase()) && letters <= 3;
        self.aliases.entry(key).or_insert(Alias { entry, caps_only });
    }

    /// The listed entity whose name or alias has this key.
    pub fn lookup(&self, key: &str) -> Option<Alias> {
        self.aliases.get(key).copied()
    }

    /// Every listed name and alias by key, with what it points to.
    pub fn aliases(&self) -> impl Iterator<Item = (&str, Alias)> {
        self.aliases.iter().map(|(key, alias)| (key.as_str(), *alias))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn listed_aliases_share_their_name_s_key() {
        assert_eq!(canonical_key("IOC"), "international olympic committee");
        assert_eq!(canonical_key("International Olympic Committee"), "international olympic committee");
        assert_eq!(canonical_key("U.S."), "united states");
        assert_eq!(canonical_key("Democratic People’s Republic of Korea"), "north korea");
        assert_eq!(canonical_key("KIM JONG-UN"), "kim jong un");
    }

    #[test]
    fn the_lists_are_read_whole() {
        let names = &*NAMES;
        assert!(names.entries.len() >= 600, "{}", names.entries.len());
        let us = names.lookup("us").unwrap();
        assert!(us.caps_only);
        assert_eq!(names.entries[us.entry].canonical, "United States");
        assert_eq!(names.entries[names.lookup("koreans").unwrap().entry].canonical, "Korean");
        assert_eq!(names.entries[names.lookup("teahupoo").unwrap().entry].kind, EntityKind::Location);
        assert!(names.possessive_keys.contains("mcdonalds"));
        let longest = names.aliases().map(|(key, _)| key.split(' ').count()).max();
        assert!(longest.is_some_and(|words| words < MAX_LISTED_WORDS), "{longest:?}");
        // No comment line of a data file became a name.
        assert!(names.entries.iter().all(|entry| !entry.canonical.starts_with('#')));
    }

    #[test]
    fn comments_and_blank_lines_are_not_data() {
        let lines: Vec<&str> = data_lines("# a list\n\n  Seoul|Sŏul \n# more\nBusan\n").collect();
        assert_eq!(lines, ["Seoul|Sŏul", "Busan"]);
    }
}
