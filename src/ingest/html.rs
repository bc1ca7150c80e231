//! Saved web pages: each page is one article. The main text is found by dom_smoothie (a port of
//! Readability, chosen by measurement on a public news-extraction benchmark: see
//! `examples/html_benchmark.rs`); the title, date, source, URL and authors come from the page's own
//! metadata (Open Graph, JSON-LD, meta tags), read from the same parsed document.

use std::collections::HashMap;
use std::io::{BufRead, Read};
use std::sync::LazyLock;

use dom_query::Document;
use dom_smoothie::{Config, Readability, TextMode};
use encoding_rs::{Encoding, UTF_8};
use jiff::Timestamp;
use jiff::civil::Date;
use regex::Regex;
use serde_json::{Map, Value};
use xxhash_rust::xxh3::xxh3_64;

use crate::ingest::decode::{Decoded, decode};
use crate::ingest::{Origin, Problem, Records, read_error};
use crate::model::RawArticle;

/// A saved page larger than this is not read: no news page comes near it.
pub const MAX_PAGE_BYTES: u64 = 32 << 20;

/// How far into a page to look for its `<meta charset>`, as browsers do.
const CHARSET_SNIFF_BYTES: usize = 4096;

/// Deeper than this, parsing and extraction slow down quadratically and their recursion can
/// exhaust a thread's stack; real pages nest a few dozen levels.
pub const MAX_NESTING: usize = 1000;

/// One saved page as one article.
pub fn records(reader: Box<dyn BufRead + Send>, origin: Origin) -> Records {
    Box::new(std::iter::once_with(move || read_input(reader, &origin)))
}

fn read_input(reader: Box<dyn BufRead + Send>, origin: &Origin) -> Result<RawArticle, Problem> {
    let mut bytes = Vec::new();
    reader
        .take(MAX_PAGE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Problem::at(origin, None, read_error(&e)))?;
    if bytes.len() as u64 > MAX_PAGE_BYTES {
        return Err(Problem::at(origin, None, "page larger than 32 MB"));
    }
    let html = match decode(&bytes) {
        Decoded::Text { text, encoding } if encoding == UTF_8.name() => text,
        // Not UTF-8: a legacy charset the page declares beats the Windows-1252 guess.
        Decoded::Text { text, .. } => match declared_encoding(&bytes) {
            Some(encoding) => encoding.decode_without_bom_handling(&bytes).0.into_owned(),
            None => text,
        },
        Decoded::Empty => return Err(Problem::at(origin, None, "empty file")),
        Decoded::Binary => return Err(Problem::at(origin, None, "binary file, not a web page")),
    };
    read_page(&html, origin)
}

/// The non-UTF-8 encoding named by the page's `<meta charset>` or `http-equiv` content type.
fn declared_encoding(bytes: &[u8]) -> Option<&'static Encoding> {
    static CHARSET: LazyLock<regex::bytes::Regex> = LazyLock::new(|| {
        regex::bytes::Regex::new(r#"(?i-u)<meta\b[^>]{0,300}?charset\s*=\s*["']?\s*([a-z0-9_:.+-]{1,40})"#)
            .expect("valid regex")
    });
    let head = &bytes[..bytes.len().min(CHARSET_SNIFF_BYTES)];
    let label = CHARSET.captures(head)?.get(1)?.as_bytes();
    // A page cannot really be UTF-16 if it was read as ASCII-compatible bytes.
    let encoding = Encoding::for_label(label)?.output_encoding();
    (encoding != UTF_8).then_some(encoding)
}

/// The article of a page, for tests and the benchmark example: body text (paragraphs separated
/// by blank lines) and metadata.
pub fn read_page(html: &str, origin: &Origin) -> Result<RawArticle, Problem> {
    if nesting_depth(html) > MAX_NESTING {
        let message = format!("elements nested more than {MAX_NESTING} deep, too deep to read as a page");
        return Err(Problem::at(origin, None, message));
    }
    let document = Document::from(html);
    let metadata = PageMetadata::of(&document);
    let text = article_text(document);
    if text.is_empty() && metadata.title.is_none() {
        return Err(Problem::at(origin, None, "no article text found in the page"));
    }
    let mut notes = Vec::new();
    if text.is_empty() {
        notes.push("no article text found in the page; only its metadata is kept".to_string());
    }
    Ok(RawArticle {
        id: Some(format!("{}-{:08x}", origin.stem, xxh3_64(html.as_bytes()) as u32)),
        path: origin.stored_path.clone(),
        line: None,
        title: metadata.title,
        text,
        source: metadata.source,
        date: metadata.date,
        url: metadata.url,
        authors: metadata.authors,
        notes,
        ..RawArticle::default()
    })
}

/// How deep the page's elements nest, estimated from its tags alone (no parser guards against
/// depth): elements open a level unless void, self-closed or closed by their next sibling
/// (`<p>`, `<li>`, `<td>`…, whose end tags are skipped too), and an end tag closes its element
/// and those opened inside it. Comments and the insides of scripts and styles (where `i<n` is no
/// tag) are skipped. Counting stops once past [`MAX_NESTING`].
fn nesting_depth(html: &str) -> usize {
    const NOT_NESTING: &str = "area base br col embed hr img input link meta param source track wbr \
        p li dt dd option optgroup tr td th tbody thead tfoot colgroup rb rt rp";
    let bytes = html.as_bytes();
    let find = |from: usize, needle: &[u8]| {
        bytes.get(from..)?.windows(needle.len()).position(|w| w == needle).map(|i| from + i)
    };
    let mut open_elements: Vec<&[u8]> = Vec::new();
    let (mut deepest, mut at) = (0usize, 0usize);
    while let Some(open) = find(at, b"<") {
        if bytes[open..].starts_with(b"<!--") {
            at = find(open + 4, b"-->").map_or(bytes.len(), |end| end + 3);
            continue;
        }
        let tag_end = find(open, b">").unwrap_or(bytes.len());
        let tag = &bytes[open + 1..tag_end];
        at = tag_end + 1;
        let closing = tag.first() == Some(&b'/');
        let name = if closing { &tag[1..] } else { tag };
        if !name.first().is_some_and(u8::is_ascii_alphabetic) || (!closing && tag.last() == Some(&b'/')) {
            continue;
        }
        let name = &name[..name.iter().position(|b| !b.is_ascii_alphanumeric()).unwrap_or(name.len())];
        if NOT_NESTING.split_whitespace().any(|other| name.eq_ignore_ascii_case(other.as_bytes())) {
            continue;
        }
        if closing {
            // An end tag that closes nothing open is ignored, as parsers ignore it: counting it
            // would let `<div></x>` repeated nest the page as deep as it likes.
            if let Some(element) = open_elements.iter().rposition(|e| e.eq_ignore_ascii_case(name)) {
                open_elements.truncate(element);
            }
            continue;
        }
        open_elements.push(name);
        deepest = deepest.max(open_elements.len());
        if deepest > MAX_NESTING {
            break;
        }
        if name.eq_ignore_ascii_case(b"script") || name.eq_ignore_ascii_case(b"style") {
            // On to the end tag, whatever its case.
            let mut end_tag = None;
            while let Some(end) = find(at, b"</") {
                if bytes.get(end + 2..end + 2 + name.len()).is_some_and(|n| n.eq_ignore_ascii_case(name)) {
                    end_tag = Some(end);
                    break;
                }
                at = end + 2;
            }
            at = end_tag.unwrap_or(bytes.len());
        }
    }
    deepest
}

/// What a page says about itself, each field from the first place that has it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PageMetadata {
    pub title: Option<String>,
    /// As the page writes it (a JSON-LD number of seconds or milliseconds becomes RFC 3339).
    pub date: Option<String>,
    pub source: Option<String>,
    pub url: Option<String>,
    pub authors: Vec<String>,
}

/// The metadata of a page alone, without looking for its text (a page of metadata only is not
/// an article, but its date can still be checked).
pub fn read_metadata(html: &str) -> PageMetadata {
    PageMetadata::of(&Document::from(html))
}

impl PageMetadata {
    fn of(document: &Document) -> Self {
        let metas = MetaTags::of(document);
        let linked = LinkedData::of(document);

        let canonical = document.select_single("link[rel~='canonical']").attr("href");
        let url = [canonical.as_deref(), metas.first("og:url")]
            .into_iter()
            .flatten()
            .map(str::trim)
            .find(|url| url.starts_with("http://") || url.starts_with("https://"))
            .map(String::from);
        let host = url.as_deref().and_then(host);

        let site_names: Vec<&str> =
            [metas.first("og:site_name"), linked.publisher.as_deref(), metas.first("application-name")]
                .into_iter()
                .flatten()
                .collect();
        let source = site_names.first().map(|name| name.to_string()).or_else(|| host.clone());

        let title = [
            metas.first("og:title").map(String::from),
            metas.first("twitter:title").map(String::from),
            linked.headline.clone(),
            element_text(document, "article h1"),
            element_text(document, "head title"),
            element_text(document, "h1"),
        ]
        .into_iter()
        .flatten()
        .next()
        .map(|title| strip_site_suffix(&title, &site_names, host.as_deref()));

        let date_sources: [&dyn Fn() -> Option<String>; 7] = [
            &|| linked.date.clone(),
            &|| metas.first_of(&["article:published_time", "og:published_time"]),
            &|| item_prop_date(document),
            &|| metas.first_of(META_DATES),
            &|| parsely_page_date(&metas),
            &|| time_element_date(document),
            &|| url.as_deref().and_then(url_path_date),
        ];
        let date = date_sources.iter().filter_map(|source| source()).find(|date| !is_placeholder_date(date));

        let mut authors = linked.authors;
        if authors.is_empty() {
            authors = metas.all("author");
        }
        if authors.is_empty() {
            authors = metas.all("article:author").into_iter().filter(|a| !looks_like_url(a)).collect();
        }
        if authors.is_empty() {
            authors = metas.all("parsely-author");
        }
        dedup_in_order(&mut authors);

        Self { title, date, source, url, authors }
    }
}

/// Publication-date meta tags after the Open Graph ones, in order of trust (names lower-cased).
const META_DATES: &[&str] = &[
    "parsely-pub-date",
    "sailthru.date",
    "citation_publication_date",
    "dc.date.issued",
    "pubdate",
    "publish-date",
    "originalpublicationdate",
    "rnews:datepublished",
];

/// The "no date" values some sites fill in: zero dates and the first instants of year 1 and of 1970.
fn is_placeholder_date(date: &str) -> bool {
    ["0000", "0001-01-01", "1970-01-01T00:00:00"].iter().any(|zero| date.starts_with(zero))
}

/// `<meta>` contents by lower-cased `property`, `name` or `itemprop`, in page order.
struct MetaTags(HashMap<String, Vec<String>>);

impl MetaTags {
    fn of(document: &Document) -> Self {
        let mut tags: HashMap<String, Vec<String>> = HashMap::new();
        for node in document.select("meta[content]").nodes() {
            let Some(content) = node.attr("content").and_then(|c| clean(&c)) else { continue };
            for key in ["property", "name", "itemprop"].into_iter().filter_map(|a| node.attr(a)) {
                tags.entry(key.trim().to_ascii_lowercase()).or_default().push(content.clone());
            }
        }
        Self(tags)
    }

    fn first(&self, key: &str) -> Option<&str> {
        self.0.get(key)?.first().map(String::as_str)
    }

    fn first_of(&self, keys: &[&str]) -> Option<String> {
        keys.iter().find_map(|key| self.first(key)).map(String::from)
    }

    fn all(&self, key: &str) -> Vec<String> {
        self.0.get(key).cloned().unwrap_or_default()
    }
}

/// What the page's JSON-LD says about its article (the first node typed as an article).
#[derive(Default)]
struct LinkedData {
    headline: Option<String>,
    date: Option<String>,
    publisher: Option<String>,
    authors: Vec<String>,
}

impl LinkedData {
    fn of(document: &Document) -> Self {
        let mut nodes = Vec::new();
        for script in document.select("script[type]").nodes() {
            let is_json_ld = script.attr("type").is_some_and(|t| t.to_ascii_lowercase().contains("ld+json"));
            if let Some(value) = is_json_ld.then(|| parse_json_ld(&script.text())).flatten() {
                collect_nodes(value, &mut nodes, 0);
            }
        }
        let Some(article) = nodes.iter().find(|node| is_article(node)) else { return Self::default() };
        let text = |key: &str| article.get(key).and_then(Value::as_str).and_then(clean);
        let date = match article.get("datePublished") {
            Some(Value::Array(dates)) => dates.first().and_then(json_date),
            Some(date) => json_date(date),
            None => None,
        };
        let mut authors = Vec::new();
        if let Some(author) = article.get("author") {
            names(author, &nodes, &mut authors);
        }
        let mut publishers = Vec::new();
        if let Some(publisher) = article.get("publisher") {
            names(publisher, &nodes, &mut publishers);
        }
        Self { headline: text("headline"), date, publisher: publishers.into_iter().next(), authors }
    }
}

fn parse_json_ld(script: &str) -> Option<Value> {
    // Some pages wrap the JSON in `<!-- -->` or CDATA markers, or leave raw line breaks inside
    // strings; neither changes the data.
    let start = script.find(['{', '['])?;
    let end = script.rfind(['}', ']'])?;
    let json = script.get(start..=end)?;
    serde_json::from_str(json)
        .ok()
        .or_else(|| serde_json::from_str(&json.replace(['\n', '\r', '\t'], " ")).ok())
}

/// Gathers the JSON-LD objects of a script: itself, the items of arrays and `@graph`s, and a
/// `mainEntity` (news sites nest their article there).
fn collect_nodes(value: Value, nodes: &mut Vec<Map<String, Value>>, depth: usize) {
    if depth > 4 {
        return;
    }
    match value {
        Value::Array(items) => items.into_iter().for_each(|item| collect_nodes(item, nodes, depth + 1)),
        Value::Object(mut object) => {
            for key in ["@graph", "mainEntity"] {
                if let Some(inner) = object.remove(key) {
                    collect_nodes(inner, nodes, depth + 1);
                }
            }
            nodes.push(object);
        }
        _ => {}
    }
}

/// Whether a JSON-LD node is an article: `NewsArticle`, `Article`, `BlogPosting` and their kin
/// (`ReportageNewsArticle`, `LiveBlogPosting`), with or without a schema.org prefix.
fn is_article(node: &Map<String, Value>) -> bool {
    let is_article_type = |t: &str| {
        let name = t.rsplit(['/', ':', '#']).next().unwrap_or(t);
        name.ends_with("Article") || name.ends_with("BlogPosting")
    };
    match node.get("@type") {
        Some(Value::String(t)) => is_article_type(t),
        Some(Value::Array(types)) => types.iter().filter_map(Value::as_str).any(is_article_type),
        _ => false,
    }
}

/// A JSON-LD date: a string as written, or seconds or milliseconds since 1970 as RFC 3339.
fn json_date(value: &Value) -> Option<String> {
    match value {
        Value::String(date) => clean(date),
        Value::Number(number) => {
            let number = number.as_i64()?;
            // Ten digits of seconds reach the year 2286; anything longer is milliseconds.
            let timestamp = if number.unsigned_abs() >= 10_000_000_000 {
                Timestamp::from_millisecond(number)
            } else {
                Timestamp::from_second(number)
            };
            timestamp.ok().map(|t| t.to_string())
        }
        _ => None,
    }
}

/// The names in a JSON-LD author or publisher: a string, a `{ "name": … }`, a reference
/// `{ "@id": … }` to another node of the page, or an array of these.
fn names(value: &Value, nodes: &[Map<String, Value>], out: &mut Vec<String>) {
    match value {
        Value::String(name) => out.extend(clean(name)),
        Value::Array(items) => {
            for item in items.iter().filter(|item| !item.is_array()) {
                names(item, nodes, out);
            }
        }
        Value::Object(object) => {
            let named =
                |object: &Map<String, Value>| object.get("name").and_then(Value::as_str).and_then(clean);
            let referenced = || {
                let id = object.get("@id")?.as_str()?;
                nodes.iter().find(|node| node.get("@id").and_then(Value::as_str) == Some(id)).and_then(named)
            };
            out.extend(named(object).or_else(referenced));
        }
        _ => {}
    }
}

/// The first element's text, whitespace collapsed.
fn element_text(document: &Document, selector: &str) -> Option<String> {
    clean(&document.select_single(selector).text())
}

/// A `datePublished` microdata property: a `<meta content>`, a `<time datetime>` or the text.
fn item_prop_date(document: &Document) -> Option<String> {
    let element = document.select_single("[itemprop='datePublished']");
    ["content", "datetime"]
        .into_iter()
        .find_map(|attr| element.attr(attr).and_then(|v| clean(&v)))
        .or_else(|| clean(&element.text()))
}

/// The `pub_date` inside Parse.ly's JSON `parsely-page` meta tag.
fn parsely_page_date(metas: &MetaTags) -> Option<String> {
    let page: Value = serde_json::from_str(metas.first("parsely-page")?).ok()?;
    page.get("pub_date")?.as_str().and_then(clean)
}

/// A `<time pubdate>`, else the first `<time datetime>` inside the `<article>`.
fn time_element_date(document: &Document) -> Option<String> {
    let pubdate = document.select_single("time[pubdate]");
    if pubdate.exists() {
        let date = pubdate.attr("datetime").and_then(|d| clean(&d)).or_else(|| clean(&pubdate.text()));
        if date.is_some() {
            return date;
        }
    }
    document.select_single("article time[datetime]").attr("datetime").and_then(|d| clean(&d))
}

/// A date in the URL's path (`/2024/07/31/`, `/2011/jul/31/`, `/20240731/`, or a month
/// `/2024/07/`), written `YYYY-MM-DD` or `YYYY-MM`.
fn url_path_date(url: &str) -> Option<String> {
    static DAY: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)/((?:19|20)\d\d)(?:/(\d\d?|[a-z]{3})/(\d\d?)|(\d\d)(\d\d))(?:[/._-]|$)")
            .expect("valid regex")
    });
    static MONTH: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"/((?:19|20)\d\d)/(\d\d?)/").expect("valid regex"));
    let path = url.split_once("://").map_or(url, |(_, rest)| rest);
    let path = path.find('/').map_or("", |slash| &path[slash..]);
    let path = path.split(['?', '#']).next().unwrap_or_default();
    if let Some(day) = DAY.captures(path) {
        let year: i16 = day[1].parse().ok()?;
        let (month, day_of_month) = match (day.get(2), day.get(3)) {
            (Some(month), Some(day_of_month)) => (month.as_str(), day_of_month.as_str()),
            _ => (day.get(4)?.as_str(), day.get(5)?.as_str()),
        };
        let month = month_number(month)?;
        if let Ok(date) = Date::new(year, month, day_of_month.parse().ok()?) {
            return Some(date.to_string());
        }
    }
    let month = MONTH.captures(path)?;
    let (year, month): (i16, i8) = (month[1].parse().ok()?, month[2].parse().ok()?);
    Date::new(year, month, 1).ok().map(|_| format!("{year:04}-{month:02}"))
}

fn month_number(month: &str) -> Option<i8> {
    const NAMES: [&str; 12] =
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
    match month.parse::<i8>() {
        Ok(number) => Some(number),
        Err(_) => NAMES.iter().position(|name| name.eq_ignore_ascii_case(month)).map(|i| i as i8 + 1),
    }
}

/// The host of an absolute URL, lower-cased, without `www.`; written here because it is all
/// that is needed of URL parsing.
fn host(url: &str) -> Option<String> {
    let rest = url.split_once("://")?.1;
    let authority = rest.split(['/', '?', '#']).next()?;
    let host = authority.rsplit('@').next()?.split(':').next()?.to_ascii_lowercase();
    let host = host.strip_prefix("www.").map(String::from).unwrap_or(host);
    (!host.is_empty()).then_some(host)
}

fn looks_like_url(text: &str) -> bool {
    text.contains("://") || text.starts_with("www.") || text.starts_with('/')
}

/// A title without a trailing " | Site" or " - Site" when that suffix is the site's name.
fn strip_site_suffix(title: &str, site_names: &[&str], host: Option<&str>) -> String {
    const SEPARATORS: [&str; 7] = [" | ", " - ", " – ", " — ", " :: ", " · ", " » "];
    let is_site = |suffix: &str| {
        let suffix = suffix.trim().to_lowercase();
        site_names.iter().any(|name| name.to_lowercase() == suffix)
            || host.is_some_and(|host| suffix == host || suffix.strip_prefix("www.") == Some(host))
    };
    SEPARATORS
        .iter()
        .filter_map(|separator| title.rsplit_once(separator))
        .find(|(head, suffix)| !head.trim().is_empty() && is_site(suffix))
        .map_or_else(|| title.to_string(), |(head, _)| head.trim().to_string())
}

/// The article's main text as plain paragraphs; empty when none is found.
fn article_text(document: Document) -> String {
    // Figures hold photos, captions and credits rather than the article's running text;
    // dropping them measurably improved precision on the benchmark.
    document.select("figure, figcaption").remove();
    let config = Config { text_mode: TextMode::Formatted, ..Config::default() };
    let Ok(mut readability) = Readability::with_document(document, None, Some(config)) else {
        return String::new();
    };
    readability.parse().map(|article| paragraphs(&article.text_content)).unwrap_or_default()
}

/// Lines trimmed, invisible-only lines dropped, paragraphs separated by exactly one blank line.
fn paragraphs(text: &str) -> String {
    let invisible =
        |c: char| c.is_whitespace() || matches!(c, '\u{200b}'..='\u{200d}' | '\u{2060}' | '\u{feff}');
    let mut out = String::with_capacity(text.len());
    let mut new_paragraph = false;
    for line in text.lines() {
        let line = line.trim_matches(invisible);
        if line.is_empty() {
            new_paragraph = true;
            continue;
        }
        if !out.is_empty() {
            out.push_str(if new_paragraph { "\n\n" } else { "\n" });
        }
        out.push_str(line);
        new_paragraph = false;
    }
    out
}

/// Whitespace collapsed to single spaces; `None` when nothing is left.
fn clean(text: &str) -> Option<String> {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    (!out.is_empty()).then_some(out)
}

fn dedup_in_order(items: &mut Vec<String>) {
    let mut seen = std::collections::HashSet::new();
    items.retain(|item| seen.insert(item.to_lowercase()));
}

#[cfg(test)]
mod tests {
    use std::io::Cursor;

    use super::*;

    fn origin() -> Origin {
        Origin {
            display: "saved/ferry.html".into(),
            stored_path: Some("/abs/saved/ferry.html".into()),
            stem: "ferry".into(),
        }
    }

    fn page(head: &str, body: &str) -> String {
        format!("<!DOCTYPE html><html><head>{head}</head><body>{body}</body></html>")
    }

    const STORY: &str = "<article>\
        <p>The harbour ferry to Gull Island ran again on Tuesday after three weeks in dry dock, \
        carrying 212 passengers on its first crossing and a crate of very patient hens.</p>\
        <figure><img src=\"deck.jpg\"><figcaption>The ferry's deck. Photo: Harbour Board</figcaption></figure>\
        <p>Repairs to the hull cost the island council more than it had planned, said its treasurer, \
        who added that the spring timetable would stay as it was until the end of May.</p>\
        <p>Islanders had used fishing boats in the meantime, and the school had moved its lessons \
        online for two days when the swell made even those crossings unsafe for the children.</p>\
        </article>";

    const STORY_TEXT: &str = "The harbour ferry to Gull Island ran again on Tuesday after three weeks in \
        dry dock, carrying 212 passengers on its first crossing and a crate of very patient hens.\n\n\
        Repairs to the hull cost the island council more than it had planned, said its treasurer, who \
        added that the spring timetable would stay as it was until the end of May.\n\n\
        Islanders had used fishing boats in the meantime, and the school had moved its lessons online \
        for two days when the swell made even those crossings unsafe for the children.";

    fn read(html: &str) -> RawArticle {
        read_page(html, &origin()).unwrap()
    }

    fn reader(bytes: Vec<u8>) -> Box<dyn BufRead + Send> {
        Box::new(Cursor::new(bytes))
    }

    #[test]
    fn the_body_is_plain_paragraphs_without_figures_or_page_furniture() {
        let html = page(
            "<title>Ferry back</title>",
            &format!(
                "<nav><a href=\"/\">Home</a> <a href=\"/news\">News</a></nav>{STORY}<footer>© Gazette</footer>"
            ),
        );
        let article = read(&html);
        assert_eq!(article.text, STORY_TEXT);
        assert_eq!(article.line, None);
        assert_eq!(article.path.as_deref(), Some("/abs/saved/ferry.html"));
        assert_eq!(article.id, Some(format!("ferry-{:08x}", xxh3_64(html.as_bytes()) as u32)));
        assert!(article.notes.is_empty());
    }

    #[test]
    fn the_title_comes_from_the_first_place_that_has_one() {
        let og = r#"<meta property="og:title" content="Open Graph title">"#;
        let twitter = r#"<meta name="twitter:title" content="Twitter title">"#;
        let json_ld = r#"<script type="application/ld+json">{"@type": "NewsArticle", "headline": "JSON-LD headline"}</script>"#;
        let title = "<title>Document title</title>";
        let body = format!("<h1>Site logo</h1><article><h1>Article heading</h1></article>{STORY}");
        let title_of = |head: String, body: &str| read(&page(&head, body)).title;
        assert_eq!(
            title_of(format!("{title}{json_ld}{twitter}{og}"), &body).as_deref(),
            Some("Open Graph title")
        );
        assert_eq!(title_of(format!("{title}{json_ld}{twitter}"), &body).as_deref(), Some("Twitter title"));
        assert_eq!(title_of(format!("{title}{json_ld}"), &body).as_deref(), Some("JSON-LD headline"));
        assert_eq!(title_of(title.to_string(), &body).as_deref(), Some("Article heading"));
        assert_eq!(title_of(title.to_string(), STORY).as_deref(), Some("Document title"));
        assert_eq!(
            title_of(String::new(), &format!("<h1>Only  heading</h1>{STORY}")).as_deref(),
            Some("Only heading")
        );
    }

    #[test]
    fn a_title_loses_a_suffix_only_when_it_names_the_site() {
        let with = |head: &str| read(&page(head, STORY)).title.unwrap();
        let site = r#"<meta property="og:site_name" content="Gull Bay Gazette">"#;
        assert_eq!(with(&format!("{site}<title>Ferry back | Gull Bay Gazette</title>")), "Ferry back");
        assert_eq!(with(&format!("{site}<title>Ferry back - gull bay gazette</title>")), "Ferry back");
        assert_eq!(with(&format!("{site}<title>Ferry back - Part two</title>")), "Ferry back - Part two");
        let canonical = r#"<link rel="canonical" href="https://www.gullbay.example/ferry">"#;
        assert_eq!(with(&format!("{canonical}<title>Ferry back — gullbay.example</title>")), "Ferry back");
        assert_eq!(with("<title>Gull Bay Gazette</title>"), "Gull Bay Gazette");
    }

    #[test]
    fn json_ld_in_a_graph_gives_date_publisher_and_authors_by_reference() {
        let json_ld = r#"<script type="application/ld+json">
            <!--
            {"@context": "https://schema.org", "@graph": [
              {"@type": "WebPage", "@id": "https://gullbay.example/ferry#page", "datePublished": "2001-01-01"},
              {"@type": ["ReportageNewsArticle"], "headline": "Ferry  runs again",
               "datePublished": "2024-07-31T06:15:00+01:00",
               "author": [{"@id": "https://gullbay.example/#ann"}, {"@type": "Person", "name": "Bo Lund"}],
               "publisher": {"@id": "https://gullbay.example/#org"}},
              {"@type": "Person", "@id": "https://gullbay.example/#ann", "name": "Ann Reyes"},
              {"@type": "NewsMediaOrganization", "@id": "https://gullbay.example/#org", "name": "Gull Bay Gazette"}
            ]}
            -->
            </script>"#;
        let article = read(&page(&format!("{json_ld}<meta name=\"author\" content=\"Desk\">"), STORY));
        assert_eq!(article.title.as_deref(), Some("Ferry runs again"));
        assert_eq!(article.date.as_deref(), Some("2024-07-31T06:15:00+01:00"));
        assert_eq!(article.source.as_deref(), Some("Gull Bay Gazette"));
        assert_eq!(article.authors, ["Ann Reyes", "Bo Lund"]);
    }

    #[test]
    fn a_json_ld_article_can_sit_in_an_array_or_main_entity() {
        let in_array = r#"<script type="application/ld+json">[{"@type": "BreadcrumbList"},
            {"@type": "BlogPosting", "datePublished": "2023-03-02", "author": "Ann Reyes"}]</script>"#;
        let article = read(&page(in_array, STORY));
        assert_eq!(
            (article.date.as_deref(), article.authors),
            (Some("2023-03-02"), vec!["Ann Reyes".to_string()])
        );
        let nested = r#"<script type="application/ld+json">{"@type": "WebPage",
            "mainEntity": {"@type": "NewsArticle", "datePublished": 1676551869000}}</script>"#;
        assert_eq!(read(&page(nested, STORY)).date.as_deref(), Some("2023-02-16T12:51:09Z"));
        let broken = r#"<script type="application/ld+json">{"@type": "NewsArticle", </script>"#;
        assert_eq!(read(&page(broken, STORY)).date, None);
    }

    #[test]
    fn the_date_comes_from_the_first_place_that_has_one() {
        let date_of = |head: &str, body: &str| read(&page(head, body)).date;
        let article_time = r#"<meta property="article:published_time" content="2024-07-30T10:00:00Z">"#;
        let og_time = r#"<meta property="og:published_time" content="2024-07-29">"#;
        let sailthru = r#"<meta name="sailthru.date" content="2024-07-28 09:00">"#;
        let dublin_core = r#"<meta name="DC.date.issued" content="2024-07-27">"#;
        let time = "<article><time datetime=\"2024-07-26\">26 July</time></article>";
        let story_with_time = format!("{time}{STORY}");
        assert_eq!(
            date_of(&format!("{dublin_core}{og_time}{article_time}"), STORY).as_deref(),
            Some("2024-07-30T10:00:00Z")
        );
        assert_eq!(date_of(&format!("{sailthru}{og_time}"), STORY).as_deref(), Some("2024-07-29"));
        assert_eq!(
            date_of(&format!("{dublin_core}{sailthru}"), &story_with_time).as_deref(),
            Some("2024-07-28 09:00")
        );
        assert_eq!(date_of(dublin_core, &story_with_time).as_deref(), Some("2024-07-27"));
        assert_eq!(date_of("", &story_with_time).as_deref(), Some("2024-07-26"));
        let item_prop = "<span itemprop=\"datePublished\"> 25 July 2024 </span>";
        assert_eq!(date_of(sailthru, &format!("{item_prop}{STORY}")).as_deref(), Some("25 July 2024"));
        let pubdate = "<time pubdate datetime=\"2024-07-24\"></time>";
        assert_eq!(date_of("", &format!("{pubdate}{story_with_time}")).as_deref(), Some("2024-07-24"));
        let parsely = r#"<meta name="parsely-page" content='{"pub_date": "2024-07-23T08:00:00Z"}'>"#;
        assert_eq!(date_of(parsely, &story_with_time).as_deref(), Some("2024-07-23T08:00:00Z"));
    }

    #[test]
    fn json_ld_timestamps_of_any_size_are_read_or_left() {
        // i64::MIN has no absolute value in i64: it once overflowed while telling seconds from ms.
        assert_eq!(json_date(&Value::from(i64::MIN)), None);
        assert_eq!(json_date(&Value::from(-1_000_000_000_000_i64)).as_deref(), Some("1938-04-24T22:13:20Z"));
        assert_eq!(json_date(&Value::from(1_717_171_717_i64)).as_deref(), Some("2024-05-31T16:08:37Z"));
    }

    #[test]
    fn placeholder_dates_are_passed_over() {
        let zero = r#"<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": "0001-01-01T00:00:00Z"}</script>
            <meta property="article:published_time" content="1970-01-01T00:00:00Z">
            <link rel="canonical" href="https://gullbay.example/2019/11/19/ferry">"#;
        assert_eq!(read(&page(zero, STORY)).date.as_deref(), Some("2019-11-19"));
    }

    #[test]
    fn a_date_in_the_url_path_is_the_last_resort() {
        let date_of = |url: &str| {
            let head = format!("<link rel=\"canonical\" href=\"{url}\">");
            read(&page(&head, STORY)).date
        };
        assert_eq!(
            date_of("https://gullbay.example/news/2024/07/31/ferry-back/").as_deref(),
            Some("2024-07-31")
        );
        assert_eq!(
            date_of("https://gullbay.example/news/20240731/ferry-back").as_deref(),
            Some("2024-07-31")
        );
        assert_eq!(date_of("https://gullbay.example/travel/2011/nov/8/ferry").as_deref(), Some("2011-11-08"));
        assert_eq!(date_of("https://gullbay.example/2019/11/ferry-back").as_deref(), Some("2019-11"));
        assert_eq!(date_of("https://gullbay.example/2024/13/45/ferry").as_deref(), None);
        assert_eq!(date_of("https://gullbay.example/ferry?from=2024/07/31/").as_deref(), None);
        assert_eq!(date_of("https://gullbay.example/item/12345678/").as_deref(), None);
    }

    #[test]
    fn source_and_url_fall_back_in_order() {
        let both = |head: &str| {
            let article = read(&page(head, STORY));
            (article.source, article.url)
        };
        let canonical = r#"<link rel="canonical" href="https://www.gullbay.example/ferry">"#;
        let og_url = r#"<meta property="og:url" content="https://m.gullbay.example/ferry">"#;
        let site = r#"<meta property="og:site_name" content="Gull Bay Gazette">"#;
        let app = r#"<meta name="application-name" content="Gazette App">"#;
        let s = |v: &str| Some(v.to_string());
        assert_eq!(
            both(&format!("{app}{og_url}{canonical}{site}")),
            (s("Gull Bay Gazette"), s("https://www.gullbay.example/ferry"))
        );
        assert_eq!(both(&format!("{app}{og_url}")), (s("Gazette App"), s("https://m.gullbay.example/ferry")));
        assert_eq!(both(og_url), (s("m.gullbay.example"), s("https://m.gullbay.example/ferry")));
        assert_eq!(both(r#"<link rel="canonical" href="/ferry">"#), (None, None));
    }

    #[test]
    fn authors_come_from_json_ld_then_meta_tags() {
        let authors_of = |head: &str| read(&page(head, STORY)).authors;
        let meta = r#"<meta name="author" content="Ann  Reyes"><meta name="author" content="Bo Lund">"#;
        let article_url = r#"<meta property="article:author" content="https://social.example/annreyes">"#;
        let article_name = r#"<meta property="article:author" content="Cy Moss">"#;
        let parsely = r#"<meta name="parsely-author" content="Di Park">"#;
        assert_eq!(authors_of(&format!("{parsely}{article_name}{meta}")), ["Ann Reyes", "Bo Lund"]);
        assert_eq!(authors_of(&format!("{parsely}{article_url}{article_name}")), ["Cy Moss"]);
        assert_eq!(authors_of(&format!("{parsely}{article_url}")), ["Di Park"]);
        let repeated = r#"<script type="application/ld+json">{"@type": "Article",
            "author": [{"name": "Ann Reyes"}, {"name": "ann reyes"}, "Bo Lund"]}</script>"#;
        assert_eq!(authors_of(&format!("{meta}{repeated}")), ["Ann Reyes", "Bo Lund"]);
        assert!(authors_of("").is_empty());
    }

    #[test]
    fn a_page_without_text_or_title_is_a_problem() {
        let problem = read_page(&page("", "<div>   </div>"), &origin()).unwrap_err();
        assert_eq!(problem.to_string(), "saved/ferry.html: no article text found in the page");
        let problem =
            records(reader(b"<html><body><script>var x;</script></body></html>".to_vec()), origin())
                .next()
                .unwrap()
                .unwrap_err();
        assert_eq!(problem.message, "no article text found in the page");
        let titled = read(&page("<title>Ferry back</title>", ""));
        assert_eq!((titled.title.as_deref(), titled.text.as_str()), (Some("Ferry back"), ""));
        assert_eq!(titled.notes, ["no article text found in the page; only its metadata is kept"]);
    }

    #[test]
    fn oversized_empty_and_binary_inputs_are_problems() {
        let mut huge = page("<title>Big</title>", STORY).into_bytes();
        huge.resize(MAX_PAGE_BYTES as usize + 1, b' ');
        let problem = records(reader(huge), origin()).next().unwrap().unwrap_err();
        assert_eq!(problem.to_string(), "saved/ferry.html: page larger than 32 MB");
        let problem = records(reader(b"  \n".to_vec()), origin()).next().unwrap().unwrap_err();
        assert_eq!(problem.message, "empty file");
        let problem =
            records(reader(b"\x89PNG\r\n\x1a\n\x00\x00".to_vec()), origin()).next().unwrap().unwrap_err();
        assert_eq!(problem.message, "binary file, not a web page");
    }

    #[test]
    fn a_page_without_a_charset_is_read_as_windows_1252_when_not_utf8() {
        let mut bytes = b"<html><head><title>Caf\xe9 \x93reopens\x94</title></head><body>".to_vec();
        bytes.extend_from_slice(STORY.as_bytes());
        bytes.extend_from_slice(b"</body></html>");
        let all: Vec<_> = records(reader(bytes.clone()), origin()).collect();
        assert_eq!(all.len(), 1);
        let article = all[0].clone().unwrap();
        assert_eq!(article.title.as_deref(), Some("Café \u{201c}reopens\u{201d}"));
        assert_eq!(article.text, STORY_TEXT);
        // A declared legacy charset wins over the guess: 0xB9 is "š" in ISO-8859-2.
        let declared = b"<html><head><meta charset=\"iso-8859-2\"><title>Ko\xb9ice</title></head></html>";
        let article = records(reader(declared.to_vec()), origin()).next().unwrap().unwrap();
        assert_eq!(article.title.as_deref(), Some("Košice"));
        let utf8 = "<html><head><meta charset=\"windows-1252\"><title>Košice</title></head></html>";
        let article = records(reader(utf8.as_bytes().to_vec()), origin()).next().unwrap().unwrap();
        assert_eq!(article.title.as_deref(), Some("Košice"));
    }

    #[test]
    fn pathologically_deep_pages_are_refused_before_parsing() {
        let deep = "<div>".repeat(MAX_NESTING + 1) + "deep text";
        let problem = read_page(&deep, &origin()).unwrap_err();
        assert_eq!(problem.message, "elements nested more than 1000 deep, too deep to read as a page");
        let nested = "<section><div>".repeat(100) + STORY + &"</div></section>".repeat(100);
        assert_eq!(nesting_depth(&nested), 203);
        assert_eq!(read(&page("", &nested)).text, STORY_TEXT);
        // Many siblings that close themselves or are closed by the next one are not depth.
        let flat = "<svg><path d=\"M0 0\"/></svg><p>One<br><img src=x.png>".repeat(5000);
        assert_eq!(nesting_depth(&flat), 1);
        assert_eq!(nesting_depth("<div><!-- <b> <i> --></div></div></div><a>"), 1);
        let script = "<script>for (i = 0; i<n; i++) { if (a<b) x = '<i>'; }</SCRIPT>".repeat(2000);
        assert_eq!(nesting_depth(&format!("<div>{script}<style>a<b{{}}</style></div>")), 2);
        assert_eq!(nesting_depth("<div><script>i<n"), 2);
        // End tags of elements never opened close nothing; one closes what was opened inside it.
        let stray = "<div></x>".repeat(MAX_NESTING + 1);
        assert_eq!(read_page(&stray, &origin()).unwrap_err().message, problem.message);
        assert_eq!(nesting_depth("<div><span></div><i><b>"), 2);
    }

    #[test]
    fn odd_input_never_panics() {
        let deep = "<div>".repeat(MAX_NESTING) + "deep text";
        let odd = [
            "",
            "<",
            "<<<>>>&&&;;",
            "<html><head><script type=\"application/ld+json\">[[[[[[[[[[{}]]]]]]]]]]</script></head></html>",
            "<meta content=\"x\" property=\"\u{0}\"><title>\u{feff}\u{200b}</title>",
            "<title>é | </title><link rel=canonical href=\"https://é.example:x@/2024/02/30/\">",
            &deep,
        ];
        for html in odd {
            let _ = read_page(html, &origin());
        }
        assert_eq!(url_path_date("https://x.example/2024/02/30/"), Some("2024-02".to_string()));
    }
}
