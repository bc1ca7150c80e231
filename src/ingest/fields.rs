//! Which field of a flat record (a JSON object, a CSV row) fills which part of an article: the
//! user's `--field ROLE=NAME` mappings first, else the names news exports commonly use.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::sync::LazyLock;

use regex::Regex;

use crate::model::RawArticle;

/// One field's value as a record gives it: text (numbers and booleans written out), or a list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldValue<'a> {
    Text(Cow<'a, str>),
    List(Vec<String>),
}

impl FieldValue<'_> {
    fn is_blank(&self) -> bool {
        match self {
            Self::Text(text) => text.trim().is_empty(),
            Self::List(items) => items.iter().all(|item| item.trim().is_empty()),
        }
    }

    /// The text of a single-valued role: a list gives its first non-blank item.
    fn into_single(self) -> Option<String> {
        match self {
            Self::Text(text) => Some(trimmed(text)),
            Self::List(items) => items.into_iter().find(|item| !item.trim().is_empty()).map(trimmed),
        }
    }

    /// The body: a list is a list of paragraphs.
    fn into_body(self) -> String {
        match self {
            Self::Text(text) => trimmed(text),
            Self::List(items) => {
                let paragraphs: Vec<&str> =
                    items.iter().map(|p| p.trim()).filter(|p| !p.is_empty()).collect();
                paragraphs.join("\n\n")
            }
        }
    }

    fn into_list(self) -> Vec<String> {
        match self {
            Self::Text(text) => vec![trimmed(text)],
            Self::List(items) => {
                items.into_iter().filter(|item| !item.trim().is_empty()).map(trimmed).collect()
            }
        }
    }

    /// Byte length of the text, to tell a full body from a summary.
    fn len(&self) -> usize {
        match self {
            Self::Text(text) => text.trim().len(),
            Self::List(items) => items.iter().map(|item| item.trim().len()).sum(),
        }
    }
}

/// The text without surrounding white space, copied only when there is some to drop.
fn trimmed<'a>(text: impl Into<Cow<'a, str>> + AsRef<str>) -> String {
    let trimmed_len = text.as_ref().trim().len();
    if trimmed_len == text.as_ref().len() {
        text.into().into_owned()
    } else {
        text.as_ref().trim().to_owned()
    }
}

/// The single-valued parts of an article a field can fill. A body comes as a full text or as a
/// summary (`description`, `summary`), kept apart so that the fuller of the two wins.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Slot {
    Id,
    Title,
    Body,
    Summary,
    Date,
    Source,
    Url,
    Authors,
}

const SLOT_COUNT: usize = 8;

/// Names news exports commonly give each part, best first (compared ignoring ASCII case).
const COMMON_NAMES: [(Slot, &[&str]); SLOT_COUNT] = [
    (Slot::Id, &["id", "docid", "doc_id", "guid", "uuid", "article_id"]),
    (Slot::Title, &["title", "headline", "head", "name"]),
    (Slot::Body, &["body", "text", "content", "article", "maintext", "full_text", "story"]),
    (Slot::Summary, &["description", "short_description", "summary", "abstract"]),
    (
        Slot::Date,
        &[
            "date",
            "published",
            "publish_date",
            "published_at",
            "pubdate",
            "datepublished",
            "date_published",
            "timestamp",
            "time",
            "created_at",
        ],
    ),
    (Slot::Source, &["source", "publisher", "site", "domain", "outlet", "source_name"]),
    (Slot::Url, &["url", "link", "href", "canonical_url"]),
    (Slot::Authors, &["authors", "author", "byline", "creator"]),
];

/// Fields kept as labels, under the field's own (lower-cased) name.
const LABEL_NAMES: [&str; 9] =
    ["category", "categories", "section", "tags", "topic", "topics", "keywords", "class", "label"];

/// What a field name fills: a slot (with its rank, lower is better) or a label.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Target {
    Slot(Slot, usize),
    Label,
}

/// Resolves which record field fills which role, from `IngestOptions.fields` (explicit
/// `ROLE=NAME` pairs; roles: id, title, body, date, source, url, authors, label — `label` may
/// repeat) and common names. An explicit mapping replaces the common names of its role, and a
/// field named explicitly fills only the role it was named for.
#[derive(Debug, Clone)]
pub struct FieldMap {
    /// Lower-cased field name → what it fills.
    targets: HashMap<String, Target>,
}

impl FieldMap {
    pub fn new(explicit: &[(String, String)]) -> Self {
        let mut targets = HashMap::new();
        let mut overridden = [false; SLOT_COUNT];
        let mut labels_overridden = false;
        for (rank, (role, name)) in explicit.iter().enumerate() {
            let target = match role.trim().to_ascii_lowercase().as_str() {
                "id" => Target::Slot(Slot::Id, rank),
                "title" => Target::Slot(Slot::Title, rank),
                "body" => Target::Slot(Slot::Body, rank),
                "date" => Target::Slot(Slot::Date, rank),
                "source" => Target::Slot(Slot::Source, rank),
                "url" => Target::Slot(Slot::Url, rank),
                "authors" => Target::Slot(Slot::Authors, rank),
                "label" => Target::Label,
                // The command line accepts only the roles above.
                _ => continue,
            };
            match target {
                Target::Slot(slot, _) => {
                    overridden[slot as usize] = true;
                    if slot == Slot::Body {
                        overridden[Slot::Summary as usize] = true;
                    }
                }
                Target::Label => labels_overridden = true,
            }
            targets.entry(name.trim().to_ascii_lowercase()).or_insert(target);
        }
        for (slot, names) in COMMON_NAMES {
            if overridden[slot as usize] {
                continue;
            }
            for (rank, name) in names.iter().enumerate() {
                targets.entry(name.to_string()).or_insert(Target::Slot(slot, rank));
            }
        }
        if !labels_overridden {
            for name in LABEL_NAMES {
                targets.entry(name.to_string()).or_insert(Target::Label);
            }
        }
        Self { targets }
    }

    fn target(&self, name: &str) -> Option<Target> {
        if name.bytes().any(|b| b.is_ascii_uppercase()) {
            self.targets.get(&name.to_ascii_lowercase()).copied()
        } else {
            self.targets.get(name).copied()
        }
    }

    /// Whether any of these field names fills the title or the body (a CSV header's check).
    pub fn has_text_field<S: AsRef<str>>(&self, names: &[S]) -> bool {
        names.iter().any(|name| {
            matches!(
                self.target(name.as_ref()),
                Some(Target::Slot(Slot::Title | Slot::Body | Slot::Summary, _))
            )
        })
    }

    /// Builds a RawArticle from (name, value) pairs of one record; blank fields are ignored, and so
    /// are fields no role uses. `path` and `line` are left for the reader, and so is `id` when the
    /// record has none. Returns Err(message) when the record has no title and no body.
    pub fn article<'a, N: AsRef<str>>(
        &self,
        fields: impl IntoIterator<Item = (N, FieldValue<'a>)>,
    ) -> Result<RawArticle, String> {
        let mut chosen: [Option<(usize, FieldValue<'a>)>; SLOT_COUNT] = Default::default();
        let mut labels: BTreeMap<String, Vec<String>> = BTreeMap::new();
        let mut text_field_seen = false;
        // Field names, for the message when the record has nothing to index.
        let mut names = String::new();
        for (name, value) in fields {
            let name = name.as_ref();
            if names.len() < 160 {
                if !names.is_empty() {
                    names.push_str(", ");
                }
                names.extend(name.chars().take(40));
            }
            let Some(target) = self.target(name) else { continue };
            if matches!(target, Target::Slot(Slot::Title | Slot::Body | Slot::Summary, _)) {
                text_field_seen = true;
            }
            if value.is_blank() {
                continue;
            }
            match target {
                Target::Label => {
                    labels.entry(name.to_ascii_lowercase()).or_default().extend(value.into_list());
                }
                Target::Slot(slot, rank) => {
                    let current = &mut chosen[slot as usize];
                    if current.as_ref().is_none_or(|(best, _)| rank < *best) {
                        *current = Some((rank, value));
                    }
                }
            }
        }
        let mut take = |slot: Slot| chosen[slot as usize].take().map(|(_, value)| value);
        let title = take(Slot::Title).and_then(FieldValue::into_single);
        let body = match (take(Slot::Body), take(Slot::Summary)) {
            (Some(full), Some(summary)) => Some(if summary.len() > full.len() { summary } else { full }),
            (full, summary) => full.or(summary),
        };
        let id = take(Slot::Id).and_then(FieldValue::into_single);
        if title.is_none() && body.is_none() {
            let what = if text_field_seen {
                "title and body are both empty".to_string()
            } else if names.is_empty() {
                "the record has no fields".to_string()
            } else {
                format!("no title or body field (fields: {names}): name one with --field body=NAME")
            };
            return Err(match id {
                Some(id) => format!("id {id}: {what}"),
                None => what,
            });
        }
        Ok(RawArticle {
            id,
            title,
            text: body.map(FieldValue::into_body).unwrap_or_default(),
            source: take(Slot::Source).and_then(FieldValue::into_single),
            date: take(Slot::Date).and_then(FieldValue::into_single),
            url: take(Slot::Url).and_then(FieldValue::into_single),
            authors: match take(Slot::Authors) {
                Some(FieldValue::Text(text)) => split_authors(&text),
                Some(FieldValue::List(items)) => items
                    .iter()
                    .map(|item| strip_by(item.trim()))
                    .filter(|a| !a.is_empty())
                    .map(String::from)
                    .collect(),
                None => Vec::new(),
            },
            labels,
            ..RawArticle::default()
        })
    }
}

/// "By Ann Lee" → "Ann Lee".
fn strip_by(name: &str) -> &str {
    static BY: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)^by:?\s+").expect("valid regex"));
    match BY.find(name) {
        Some(by) => name[by.end()..].trim_start(),
        None => name,
    }
}

/// A byline's names: "By Ann Lee, Bo Kim and Cy Park" → [Ann Lee, Bo Kim, Cy Park]; a suffix
/// such as "Jr." stays with its name.
pub fn split_authors(byline: &str) -> Vec<String> {
    static SEPARATOR: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?i)\s*[,;&]\s*|\s+and\s+").expect("valid regex"));
    static AND: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)^and\s+").expect("valid regex"));
    let mut authors: Vec<String> = Vec::new();
    for part in SEPARATOR.split(strip_by(byline.trim())) {
        let part = part.trim();
        let part = match AND.find(part) {
            Some(and) => &part[and.end()..],
            None => part,
        };
        if part.is_empty() {
            continue;
        }
        let is_suffix = matches!(
            part.trim_end_matches('.').to_ascii_lowercase().as_str(),
            "jr" | "sr" | "ii" | "iii" | "iv"
        );
        match authors.last_mut() {
            Some(previous) if is_suffix => {
                previous.push_str(", ");
                previous.push_str(part);
            }
            _ => authors.push(part.to_string()),
        }
    }
    authors
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(value: &str) -> FieldValue<'_> {
        FieldValue::Text(Cow::Borrowed(value))
    }

    fn list(values: &[&str]) -> FieldValue<'static> {
        FieldValue::List(values.iter().map(|v| v.to_string()).collect())
    }

    fn explicit(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs.iter().map(|(role, name)| (role.to_string(), name.to_string())).collect()
    }

    #[test]
    fn common_names_fill_every_role() {
        let map = FieldMap::new(&[]);
        let article = map
            .article([
                ("headline", text(" Harbour reopens ")),
                ("short_description", text("Ferries run again.")),
                ("date", text("2018-05-26")),
                ("link", text("https://example.com/harbour")),
                ("authors", text("Ann Lee")),
                ("category", text("TRAVEL")),
                ("DocId", text(" h-1 ")),
                ("publisher", text("Coast Daily")),
                ("unrelated", text("ignored")),
            ])
            .unwrap();
        let expected = RawArticle {
            id: Some("h-1".into()),
            title: Some("Harbour reopens".into()),
            text: "Ferries run again.".into(),
            source: Some("Coast Daily".into()),
            date: Some("2018-05-26".into()),
            url: Some("https://example.com/harbour".into()),
            authors: vec!["Ann Lee".into()],
            labels: BTreeMap::from([("category".into(), vec!["TRAVEL".into()])]),
            ..RawArticle::default()
        };
        assert_eq!(article, expected);
    }

    #[test]
    fn the_first_common_name_in_priority_order_wins() {
        let map = FieldMap::new(&[]);
        let article = map.article([("name", text("Second")), ("Title", text("First"))]).unwrap();
        assert_eq!(article.title.as_deref(), Some("First"));
        let article = map
            .article([("created_at", text("later")), ("pubDate", text("earlier")), ("x", text("y"))])
            .unwrap_err();
        assert_eq!(
            article,
            "no title or body field (fields: created_at, pubDate, x): name one with --field body=NAME"
        );
    }

    #[test]
    fn the_fuller_of_body_and_description_is_the_body() {
        let map = FieldMap::new(&[]);
        let full =
            map.article([("description", text("Short.")), ("text", text("The whole story."))]).unwrap();
        assert_eq!(full.text, "The whole story.");
        let teaser =
            map.article([("content", text("Cut [+99]")), ("summary", text("A longer summary."))]).unwrap();
        assert_eq!(teaser.text, "A longer summary.");
        let only = map.article([("description", text("Only this."))]).unwrap();
        assert_eq!(only.text, "Only this.");
        let paragraphs = map.article([("body", list(&["One.", " ", "Two."]))]).unwrap();
        assert_eq!(paragraphs.text, "One.\n\nTwo.");
    }

    #[test]
    fn explicit_fields_replace_the_common_names_of_their_role() {
        let map =
            FieldMap::new(&explicit(&[("body", "maintext2"), ("title", "Summary"), ("label", "Region")]));
        let article = map
            .article([
                ("body", text("not this")),
                ("maintext2", text("This body.")),
                ("summary", text("This title.")),
                ("title", text("not this either")),
                ("region", text("north")),
                ("category", text("no longer a label")),
            ])
            .unwrap();
        assert_eq!(article.text, "This body.");
        assert_eq!(article.title.as_deref(), Some("This title."));
        assert_eq!(article.labels, BTreeMap::from([("region".into(), vec!["north".into()])]));
    }

    #[test]
    fn blank_fields_are_ignored_and_a_record_needs_a_title_or_body() {
        let map = FieldMap::new(&[]);
        let article =
            map.article([("title", text("  ")), ("headline", text("Real")), ("id", text(""))]).unwrap();
        assert_eq!((article.title.as_deref(), article.id), (Some("Real"), None));
        assert_eq!(
            map.article([("title", text(" ")), ("body", text(""))]).unwrap_err(),
            "title and body are both empty"
        );
        assert_eq!(
            map.article([("id", text("AP-7")), ("body", text(" "))]).unwrap_err(),
            "id AP-7: title and body are both empty"
        );
        let none: [(&str, FieldValue); 0] = [];
        assert_eq!(map.article(none).unwrap_err(), "the record has no fields");
        let title_only = map.article([("title", text("Just a headline"))]).unwrap();
        assert_eq!(title_only.text, "");
    }

    #[test]
    fn authors_split_into_names() {
        assert_eq!(split_authors("By Ann Lee, Bo Kim and Cy Park"), ["Ann Lee", "Bo Kim", "Cy Park"]);
        assert_eq!(split_authors("Ann Lee and Bo Kim"), ["Ann Lee", "Bo Kim"]);
        assert_eq!(split_authors("by: Ann Lee; Bo Kim, and Cy Park"), ["Ann Lee", "Bo Kim", "Cy Park"]);
        assert_eq!(split_authors("Martin King, Jr. & Byron Sandy"), ["Martin King, Jr.", "Byron Sandy"]);
        assert!(split_authors("  ").is_empty());
        let map = FieldMap::new(&[]);
        let listed =
            map.article([("title", text("T")), ("author", list(&["By Ann Lee", "Bo Kim and Cy"]))]).unwrap();
        assert_eq!(listed.authors, ["Ann Lee", "Bo Kim and Cy"]);
    }

    #[test]
    fn label_fields_keep_their_own_names() {
        let map = FieldMap::new(&[]);
        let article = map
            .article([("title", text("T")), ("Tags", list(&["a", "", "b"])), ("class", text("3"))])
            .unwrap();
        assert_eq!(
            article.labels,
            BTreeMap::from([
                ("class".into(), vec!["3".into()]),
                ("tags".into(), vec!["a".into(), "b".into()])
            ])
        );
    }

    #[test]
    fn headers_are_checked_for_a_text_field() {
        let map = FieldMap::new(&[]);
        assert!(map.has_text_field(&["class", "Title"]));
        assert!(map.has_text_field(&["description"]));
        assert!(!map.has_text_field(&["3", "Fears for pension"]));
        assert!(FieldMap::new(&explicit(&[("body", "col2")])).has_text_field(&["col1", "col2"]));
    }
}
