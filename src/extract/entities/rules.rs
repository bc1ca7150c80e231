//! Rule- and list-based named-entity extraction for English news.
//!
//! Runs of capitalised words, joined by name connectors such as "of" or "de", become candidate
//! spans; each span is classified by the gazetteer first, then by organisation, place and event
//! suffixes, titles, name lists and speech cues, and split where those show it holds several
//! names. [`Analysis::finish`] then folds short mentions into full names, keeps unexplained
//! names only when the evidence is strong enough, and adds the headline's names.

use std::fmt;
use std::ops::Range;

use super::EntityExtractor;
use super::gazetteer::{GAZETTEER, Gazetteer};
use super::mentions::{Analysis, Candidate, Class};
use super::tokens::{Shape, Tokens};
use crate::model::{Entity, EntityKind};
use crate::names::MAX_LISTED_WORDS;

/// Finds entities with word lists and capitalisation rules; the lists are built once per process.
#[derive(Clone, Copy)]
pub struct RuleExtractor {
    gazetteer: &'static Gazetteer,
}

impl RuleExtractor {
    pub fn new() -> Self {
        Self { gazetteer: &GAZETTEER }
    }
}

impl Default for RuleExtractor {
    fn default() -> Self {
        Self::new()
    }
}

impl fmt::Debug for RuleExtractor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RuleExtractor").finish_non_exhaustive()
    }
}

impl EntityExtractor for RuleExtractor {
    fn extract(&self, title: &str, paragraphs: &[String]) -> Vec<Entity> {
        let segments = super::segments(title, paragraphs);
        let tokens = Tokens::new(self.gazetteer, &segments);
        let analysis = Analysis::new(self.gazetteer, &segments, &tokens);
        let candidates = analysis.candidates();
        analysis.finish(&candidates)
    }
}

impl Analysis<'_> {
    /// "and", "of", "the", "for", "&": connectors that never sit inside a person's name.
    fn is_plain_connector(&self, i: usize) -> bool {
        self.is_connector(i) && !self.gazetteer.particles.contains(self.key(i))
    }

    /// A title or role just before the span ("dictator Kim", "coach Park").
    fn cue_before(&self, start: usize) -> bool {
        // Not after a possessive: "the Prime Minister's Questions".
        start > self.body_start
            && matches!(self.tokens[start - 1].shape, Shape::Lower | Shape::Cap | Shape::Upper)
            && !self.tokens[start - 1].ends_span
            && self.is_title(start - 1)
    }

    /// A speech verb, ", who" or an age (", 24,") right after the span.
    fn cue_after(&self, end: usize) -> bool {
        let Some(token) = self.tokens.get(end) else { return false };
        if token.shape == Shape::Lower && self.gazetteer.speech_verbs.contains(self.key(end)) {
            return true;
        }
        if !self.is_punct(end, ',') {
            return false;
        }
        let Some(next) = self.tokens.get(end + 1) else { return false };
        (next.shape == Shape::Lower && self.key(end + 1) == "who")
            || (next.shape == Shape::Number && next.end - next.start <= 3 && self.is_punct(end + 2, ','))
    }

    /// Drops connectors and lone initials from both ends.
    fn trim(&self, mut range: Range<usize>) -> Range<usize> {
        let loose = |i: usize| self.is_connector(i) || self.tokens[i].shape == Shape::Initial;
        while range.start < range.end && loose(range.start) {
            range.start += 1;
        }
        while range.end > range.start && loose(range.end - 1) {
            range.end -= 1;
        }
        range
    }

    /// A word capitalised only by its place (a function word, month or weekday).
    fn is_stop(&self, i: usize, span: &Range<usize>) -> bool {
        let token = &self.tokens[i];
        let key = self.key(i);
        match token.shape {
            Shape::Cap | Shape::Initial => {}
            Shape::Upper if self.gazetteer.lookup(key).is_none() && !self.defined.contains_key(key) => {}
            _ => return false,
        }
        if self.gazetteer.common.contains(key) {
            return true;
        }
        if !self.gazetteer.calendar.contains(key) {
            return false;
        }
        // "Theresa May", "Mrs May": a month after a given name or title is a surname.
        let surname = i > span.start && self.gazetteer.name_months.contains(key) && {
            let before = self.key(i - 1);
            self.gazetteer.given_names.contains(before) || self.gazetteer.titles.contains(before)
        };
        !surname
    }

    /// Classifies one span, splitting it where it holds several names.
    fn resolve(
        &self,
        range: Range<usize>,
        cue_before: bool,
        cue_after: bool,
        out: &mut Vec<Candidate>,
        buf: &mut String,
    ) {
        let range = self.trim(range);
        if range.is_empty() {
            return;
        }
        let cue = cue_before || cue_after;
        let push = |out: &mut Vec<Candidate>, range: Range<usize>, class: Class, cue: bool| {
            out.push(Candidate { range, class, cue });
        };
        if let Some(entry) = self.listed(range.clone(), buf) {
            return push(out, range, Class::Listed(entry), false);
        }
        if let Some(definition) = self.defined_at(range.clone(), buf) {
            return push(out, range, Class::Defined(definition), false);
        }
        if let Some(stop) = range.clone().find(|&i| self.is_stop(i, &range)) {
            self.resolve(range.start..stop, cue_before, false, out, buf);
            self.resolve(stop + 1..range.end, false, cue_after, out, buf);
            return;
        }
        let last = range.end - 1;
        // A bare title is no entity, and a trailing one is not part of the name ("IOC President").
        if self.is_title(last) && !self.gazetteer.given_names.contains(self.key(range.start)) {
            return self.resolve(range.start..last, cue_before, false, out, buf);
        }
        // "Samsung Electronics Co Ltd" is Samsung.
        let legal = (range.start + 1..range.end)
            .rev()
            .take_while(|&i| {
                matches!(self.key(i), "co" | "ltd" | "inc" | "corp" | "plc" | "llc" | "sa" | "ag")
            })
            .last();
        if let Some(legal) = legal
            && let Some(entry) = self.listed(range.start..legal, buf)
        {
            return push(out, range, Class::Listed(entry), false);
        }
        // The tail is a name the article defines: "the South Korean Korea Football Association (KFA)".
        for split in range.start + 1..range.end {
            if !self.is_connector(split)
                && let Some(definition) = self.defined_at(split..range.end, buf)
            {
                self.resolve(range.start..split, cue_before, false, out, buf);
                return push(out, split..range.end, Class::Defined(definition), false);
            }
        }
        if let Some(kind) = self.suffix_kind(range.clone()) {
            return push(out, range, Class::Rule(kind), false);
        }
        // A title inside: "IOC President Thomas Bach", "South Korean President Yoon Suk Yeol";
        // not one followed by "of" ("Lord of the Rings", "Secretary of State").
        if let Some(title) =
            (range.start..last).rev().find(|&i| self.is_title(i) && !self.is_connector(i + 1))
        {
            // The whole title goes: "Deputy Prime Minister", "Shadow Home Secretary".
            let mut first = title;
            while first > range.start
                && (self.is_title(first - 1)
                    || (first - 1 > range.start
                        && self.is_title(first - 2)
                        && !self.is_name_list_word(self.key(first - 1))))
            {
                first -= if self.is_title(first - 1) { 1 } else { 2 };
            }
            self.resolve(range.start..first, cue_before, false, out, buf);
            self.resolve(title + 1..range.end, true, cue_after, out, buf);
            return;
        }
        // A listed name in front: "Brazilian Gabriel Medina", "IOC Thomas Bach", "Samsung Galaxy".
        let prefix = (range.start + 1..range.end)
            .rev()
            .filter(|&end| end - range.start <= MAX_LISTED_WORDS && !self.is_connector(end - 1))
            .find_map(|end| self.listed(range.start..end, buf).map(|entry| (end, entry)));
        if let Some((end, entry)) = prefix {
            let rest = self.trim(end..range.end);
            let place = self.gazetteer.entries[entry].kind == EntityKind::Location;
            // A lone place in front may be a given name ("Jordan Henderson").
            if !rest.is_empty()
                && (!place || end - range.start > 1 || self.person_shaped(rest.clone(), cue_after))
            {
                push(out, range.start..end, Class::Listed(entry), false);
                return self.resolve(rest, false, cue_after, out, buf);
            }
        }
        // A sentence-opening word before a name: "Rival SK Hynix", "Neighbouring China".
        let opener = self.key(range.start);
        if self.tokens[range.start].sentence_start
            && !self.is_name_list_word(opener)
            && self.gazetteer.lookup(opener).is_none()
        {
            let rest = self.trim(range.start + 1..range.end);
            if !rest.is_empty()
                && (self.listed(rest.clone(), buf).is_some() || self.person_shaped(rest.clone(), cue))
            {
                return self.resolve(rest, false, cue_after, out, buf);
            }
        }
        if self.person_shaped(range.clone(), cue) {
            return push(out, range, Class::Person, cue);
        }
        // An unlisted word before a listed name: "Commentators Gabriel Medina".
        if range.len() >= 3
            && !self.is_name_list_word(self.key(range.start))
            && self.person_shaped(range.start + 1..range.end, false)
        {
            return push(out, range.start + 1..range.end, Class::Person, cue);
        }
        // Plain connectors between separate names: "Ri Jong Sik and Kim Kum Yong".
        if let Some(connector) = range.clone().find(|&i| self.is_plain_connector(i)) {
            self.resolve(range.start..connector, cue_before, false, out, buf);
            self.resolve(connector + 1..range.end, false, cue_after, out, buf);
            return;
        }
        push(out, range, Class::Unknown, cue);
    }

    /// The article's candidate mentions: capitalised runs of the body, classified and split.
    fn candidates(&self) -> Vec<Candidate> {
        let name: Vec<bool> =
            (0..self.tokens.len()).map(|i| i >= self.body_start && self.is_body_name(i)).collect();
        let mut buf = String::new();
        let mut candidates = Vec::new();
        for span in self.spans(self.body_start..self.tokens.len(), |i| name[i]) {
            let (cue_before, cue_after) = (self.cue_before(span.start), self.cue_after(span.end));
            self.resolve(span, cue_before, cue_after, &mut candidates, &mut buf);
        }
        candidates
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn extract(title: &str, paragraphs: &[&str]) -> Vec<(EntityKind, String, u32)> {
        let paragraphs: Vec<String> = paragraphs.iter().map(|p| p.to_string()).collect();
        RuleExtractor::new()
            .extract(title, &paragraphs)
            .into_iter()
            .map(|e| (e.kind, e.name, e.mentions))
            .collect()
    }

    fn expect(list: &[(EntityKind, &str, u32)]) -> Vec<(EntityKind, String, u32)> {
        list.iter().map(|(kind, name, mentions)| (*kind, name.to_string(), *mentions)).collect()
    }

    use EntityKind::{Location as L, Misc as M, Org as O, Person as P};

    #[test]
    fn korean_surnames_that_are_also_english_words() {
        let found = extract(
            "",
            &[
                "Busan Mayor Ha Seung-woo said the seawall held. Coach Oh Jae-kwan agreed, and Ha thanked crews.",
            ],
        );
        assert_eq!(found, expect(&[(P, "Ha Seung-woo", 2), (P, "Oh Jae-kwan", 1), (L, "Busan", 1)]));
    }

    #[test]
    fn korean_archers_olympics_story() {
        let found = extract(
            "Korean archers win gold as IOC hails Paris",
            &[
                "South Korea's Park Ji-won and Choi Min-seo won the women's team archery final on Friday, \
                 beating China in a tense shoot-off in Paris.",
                "Park Ji-Won, 24, said the win was for her late grandfather. \"We trained in Seoul for three \
                 years for this,\" Park told reporters.",
                "The International Olympic Committee (IOC) congratulated the pair. IOC President Thomas Bach \
                 called it a historic day for the Olympics.",
                "After the ceremony, Choi said the North Korean team had been friendly. North Korea’s \
                 Ri Song-gum took bronze.",
                "Bach later met officials from the Korea Archery Association (KAA) to discuss the Los Angeles Games.",
                "The KAA said it would hold a parade in Seoul. Despite the rain, thousands are expected.",
            ],
        );
        assert_eq!(
            found,
            expect(&[
                (P, "Park Ji-won", 3),
                (P, "Choi Min-seo", 2),
                (P, "Thomas Bach", 2),
                (P, "Ri Song-gum", 1),
                (O, "International Olympic Committee", 3),
                (O, "Korea Archery Association", 2),
                (L, "Paris", 2),
                (L, "Seoul", 2),
                (L, "South Korea", 1),
                (L, "China", 1),
                (L, "North Korea", 1),
                (M, "Korean", 1),
                (M, "Olympics", 1),
                (M, "North Korean", 1),
                (M, "Los Angeles Games", 1),
            ])
        );
    }

    #[test]
    fn wire_business_story() {
        let found = extract(
            "Samsung profit jumps on chip demand",
            &[
                "SEOUL, Jan 30 (Reuters) - Samsung Electronics Co Ltd said on Thursday its quarterly profit \
                 rose 25 percent, helped by strong demand for memory chips from Apple and Google.",
                "Chief executive Han Jong-hee told analysts the company expected the U.S. market to recover \
                 in the second half. Han said Washington's export rules had little effect.",
                "Shares of Samsung rose 2.1 percent in Seoul, outperforming the KOSPI index. Rival SK Hynix \
                 gained 1.5 percent.",
                "Samsung is expected to announce its new Galaxy phones in San Francisco next month.",
            ],
        );
        assert_eq!(
            found,
            expect(&[
                (P, "Han Jong-hee", 2),
                (O, "Samsung", 4),
                (O, "Reuters", 1),
                (O, "Apple", 1),
                (O, "Google", 1),
                (O, "SK Hynix", 1),
                (L, "Seoul", 2),
                (L, "United States", 1),
                (L, "Washington", 1),
                (L, "San Francisco", 1),
            ])
        );
    }

    #[test]
    fn all_caps_words_are_not_entities() {
        let found = extract(
            "KIM'S ROCKET FURY: DICTATOR FIRES MISSILE OVER JAPAN",
            &[
                "NORTH Korea has fired a ballistic missile over Japan, sparking ALARM across the region.",
                "Kim Jong Un watched the launch with his daughter, state media KCNA reported. The SHOCKING \
                 test came hours after Seoul and Washington began joint drills.",
                "Japanese Prime Minister Fumio Kishida called the launch \"outrageous\". Kim has ignored UN \
                 resolutions for years.",
            ],
        );
        assert_eq!(
            found,
            expect(&[
                (P, "Kim Jong Un", 3),
                (P, "Fumio Kishida", 1),
                (O, "Korean Central News Agency", 1),
                (O, "United Nations", 1),
                (L, "Japan", 2),
                (L, "North Korea", 1),
                (L, "Seoul", 1),
                (L, "Washington", 1),
                (M, "Japanese", 1),
            ])
        );
    }

    #[test]
    fn sentence_initial_words_and_dates_are_not_entities() {
        let found = extract(
            "",
            &[
                "During Monday’s session, Gabriel Medina surfed first.",
                "Experts say Medina is the favourite. In March he won in Tahiti.",
                "Both surfers thanked the crowd. Officials said Friday's heat would go ahead.",
            ],
        );
        assert_eq!(found, expect(&[(P, "Gabriel Medina", 2), (L, "Tahiti", 1)]));
    }

    #[test]
    fn titles_announce_people_but_are_not_names() {
        let found = extract(
            "",
            &[
                "Deputy Prime Minister John Prescott praised the Lord of the Rings films.",
                "Mr Blair met President Bush, and the Prime Minister's Questions ran late.",
                "North Korea's dictator Kim Jong-Un and coach Park were absent.",
            ],
        );
        assert_eq!(
            found,
            expect(&[
                (P, "John Prescott", 1),
                (P, "Blair", 1),
                (P, "Bush", 1),
                (P, "Kim Jong-Un", 1),
                (P, "Park", 1),
                (L, "North Korea", 1),
            ])
        );
    }

    #[test]
    fn surname_goes_to_the_most_mentioned_full_name() {
        let found = extract(
            "",
            &[
                "Kim Yo-jong met Kim Tae-ho in Pyongyang. Kim Yo-Jong smiled.",
                "Later, Kim waved to the crowd while Tae-ho stayed inside.",
            ],
        );
        assert_eq!(found, expect(&[(P, "Kim Yo-jong", 3), (P, "Kim Tae-ho", 2), (L, "Pyongyang", 1)]));
    }

    #[test]
    fn variants_and_aliases_share_one_key() {
        let found = extract(
            "",
            &[
                "Officials from the Democratic People’s Republic of Korea met envoys of the Bank of England.",
                "The DPRK delegation later flew to Rio de Janeiro, where Lula da Silva said he welcomed them.",
            ],
        );
        assert_eq!(
            found,
            expect(&[
                (P, "Lula da Silva", 1),
                (O, "Bank of England", 1),
                (L, "North Korea", 2),
                (L, "Rio de Janeiro", 1)
            ])
        );
        let found = extract("", &["Protesters queued outside McDonald's while America’s envoy watched."]);
        assert_eq!(found, expect(&[(O, "McDonald's", 1), (L, "United States", 1)]));
        let keys: Vec<String> = RuleExtractor::new()
            .extract("", &["Kim Jong-Un spoke. KIM JONG UN and Kim Jong-un again.".to_string()])
            .iter()
            .map(Entity::key)
            .collect();
        assert_eq!(keys, ["kim jong un"]);
    }

    #[test]
    fn unexplained_names_need_two_mentions() {
        let found = extract(
            "",
            &[
                "Fans sang Gangnam Style all night.",
                "The song Gangnam Style topped charts, unlike Silver Lining Tour.",
            ],
        );
        assert_eq!(found, expect(&[(M, "Gangnam Style", 2)]));
    }

    #[test]
    fn headline_counts_only_listed_or_body_names() {
        let found =
            extract("Stunning Comeback For Lim As Seoul Cheers", &["Lim Jong-hoon won again in Busan."]);
        assert_eq!(found, expect(&[(P, "Lim Jong-hoon", 2), (L, "Seoul", 1), (L, "Busan", 1)]));
    }

    #[test]
    fn odd_input_does_not_panic() {
        let extractor = RuleExtractor::default();
        let long = "A".repeat(10_000) + " Ü’s " + &"Kim ".repeat(5_000);
        for text in
            ["", " ", "’", "'s", "U.", "U.S", "-", "A-", "Ü-ß", "(IOC", "(ABC) (", "Mr.", "’’’ Kim’", &long]
        {
            let _ = extractor.extract(text, &[text.to_string(), String::new()]);
        }
        assert!(extractor.extract("", &[]).is_empty());
    }
}
