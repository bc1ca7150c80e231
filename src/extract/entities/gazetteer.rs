//! The word lists behind entity extraction: the listed places, organisations, nationalities and
//! events of [`crate::names`] (with their alternate names), plus the given-name, surname, title,
//! suffix and common-word lists of `data/entities/` that the tagger's features and the mention
//! rules consult. Built once per process ([`GAZETTEER`]); every lookup is by the `entity_key`
//! form of a word or phrase, so case, hyphens, dots and apostrophes never matter.

use rustc_hash::FxHashSet;
use std::sync::LazyLock;

use crate::model::entity_key;
use crate::names::{Alias, Entry, NAMES, data_lines};

/// The one shared copy of every table.
pub(super) static GAZETTEER: LazyLock<Gazetteer> = LazyLock::new(Gazetteer::build);

/// What a name or alias found in the lists points to.
#[derive(Debug, Clone, Copy)]
pub(super) struct Hit {
    pub entry: usize,
    /// A short all-capitals alias ("US", "WHO", "UN"): it only counts when written in capitals.
    pub caps_only: bool,
    /// The alias is also an English word ("WHO", "US"): ignored inside all-capitals text.
    pub word_like: bool,
}

pub(super) struct Gazetteer {
    /// The listed entities ([`crate::names`]).
    pub entries: &'static [Entry],
    /// Every word of every listed name: lets an ALL-CAPS word ("KOREA", "SK") count as a name.
    listed_parts: FxHashSet<String>,
    /// Listed words plus given names and surnames.
    name_parts: FxHashSet<String>,
    pub given_names: FxHashSet<String>,
    pub surnames: FxHashSet<String>,
    /// Words that are capitalised only because they start a sentence or a headline.
    pub common: FxHashSet<&'static str>,
    pub calendar: FxHashSet<&'static str>,
    /// Months that are also given names ("Theresa May"): kept after a given name or title.
    pub name_months: FxHashSet<&'static str>,
    pub titles: FxHashSet<&'static str>,
    pub org_suffixes: FxHashSet<&'static str>,
    pub place_suffixes: FxHashSet<&'static str>,
    pub misc_suffixes: FxHashSet<&'static str>,
    pub misc_heads: FxHashSet<&'static str>,
    pub connectors: FxHashSet<&'static str>,
    /// Connectors that may sit inside a person's name ("de Gaulle", "bin Salman").
    pub particles: FxHashSet<&'static str>,
    pub speech_verbs: FxHashSet<&'static str>,
    /// Possessive words that belong to a name ("People's Republic", "Workers' Party").
    pub keep_possessive: FxHashSet<&'static str>,
    /// Keys of listed names written with a possessive ("McDonald's" → "mcdonalds").
    pub possessive_names: &'static FxHashSet<String>,
    /// Abbreviations whose dot does not end a sentence ("Mr.", "Gen.").
    pub abbreviations: FxHashSet<&'static str>,
    /// Lower-case tails that make a hyphenated word an adjective ("Seoul-based").
    pub hyphen_tails: FxHashSet<&'static str>,
    /// Lower-case prefixes of Arabic and Romance names ("al-Assad", "d'Ivoire").
    pub name_prefixes: FxHashSet<&'static str>,
}

/// The words of a word list (`data/entities/*.txt`: words separated by white space, `#` comments).
fn words(text: &'static str) -> impl Iterator<Item = &'static str> {
    data_lines(text).flat_map(str::split_whitespace)
}

macro_rules! word_list {
    ($file:literal) => {
        words(include_str!(concat!("../../../data/entities/", $file))).collect::<FxHashSet<&'static str>>()
    };
}

impl Gazetteer {
    fn build() -> Self {
        let keys = |text: &'static str| words(text).map(entity_key).collect::<FxHashSet<String>>();
        let names = &*NAMES;
        let given_names = keys(include_str!("../../../data/entities/given_names.txt"));
        let surnames = keys(include_str!("../../../data/entities/surnames.txt"));
        let listed: FxHashSet<String> =
            names.aliases().flat_map(|(key, _)| key.split(' ')).map(str::to_owned).collect();
        let name_parts = listed.iter().chain(&given_names).chain(&surnames).cloned().collect();
        Gazetteer {
            entries: &names.entries,
            listed_parts: listed,
            name_parts,
            given_names,
            surnames,
            common: word_list!("common_words.txt"),
            calendar: word_list!("calendar.txt"),
            name_months: word_list!("name_months.txt"),
            titles: word_list!("titles.txt"),
            org_suffixes: word_list!("org_suffixes.txt"),
            place_suffixes: word_list!("place_suffixes.txt"),
            misc_suffixes: word_list!("misc_suffixes.txt"),
            misc_heads: word_list!("misc_heads.txt"),
            connectors: word_list!("connectors.txt"),
            particles: word_list!("particles.txt"),
            speech_verbs: word_list!("speech_verbs.txt"),
            keep_possessive: word_list!("keep_possessive.txt"),
            possessive_names: &names.possessive_keys,
            abbreviations: word_list!("abbreviations.txt"),
            hyphen_tails: word_list!("hyphen_tails.txt"),
            name_prefixes: word_list!("name_prefixes.txt"),
        }
    }

    fn hit(&self, key: &str, alias: Alias) -> Hit {
        let word_like = alias.caps_only && self.common.contains(key);
        Hit { entry: alias.entry, caps_only: alias.caps_only, word_like }
    }

    /// The listed entity whose name or alias has this key.
    pub fn lookup(&self, key: &str) -> Option<Hit> {
        NAMES.lookup(key).map(|alias| self.hit(key, alias))
    }

    /// Every listed name and alias by key, with what it points to.
    pub fn aliases(&self) -> impl Iterator<Item = (&str, Hit)> {
        NAMES.aliases().map(|(key, alias)| (key, self.hit(key, alias)))
    }

    /// True when the word (a key) is part of a listed name.
    pub fn is_listed_part(&self, key: &str) -> bool {
        self.listed_parts.contains(key)
    }

    /// True when the word (a key) is part of any listed name, given name or surname.
    pub fn is_name_part(&self, key: &str) -> bool {
        self.name_parts.contains(key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::EntityKind;

    #[test]
    fn aliases_share_their_entry_and_key() {
        let gaz = &*GAZETTEER;
        let us = gaz.lookup("us").unwrap();
        assert!(us.caps_only && us.word_like);
        assert_eq!(gaz.entries[us.entry].canonical, "United States");
        let dprk = gaz.lookup(&entity_key("Democratic People’s Republic of Korea")).unwrap();
        assert!(gaz.possessive_names.contains("mcdonalds"));
        assert_eq!(gaz.entries[dprk.entry].key, "north korea");
        let ioc = gaz.lookup("ioc").unwrap();
        assert!(!ioc.word_like);
        assert_eq!(gaz.entries[ioc.entry].canonical, "International Olympic Committee");
        assert_eq!(gaz.entries[gaz.lookup("koreans").unwrap().entry].canonical, "Korean");
        assert_eq!(gaz.entries[gaz.lookup("teahupoo").unwrap().entry].kind, EntityKind::Location);
        assert!(gaz.is_name_part("korea") && gaz.is_name_part("lim"));
        assert!(!gaz.is_name_part("tensions"));
    }

    #[test]
    fn list_sizes_are_as_documented() {
        let gaz = &*GAZETTEER;
        assert!(gaz.given_names.len() >= 500, "{}", gaz.given_names.len());
        assert!(gaz.common.len() >= 400, "{}", gaz.common.len());
        assert!(gaz.entries.len() >= 600, "{}", gaz.entries.len());
    }
}
