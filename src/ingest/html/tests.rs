//! Tests of the HTML reader, on pages written in the tests.

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
    assert_eq!(date_of("https://gullbay.example/news/2024/07/31/ferry-back/").as_deref(), Some("2024-07-31"));
    assert_eq!(date_of("https://gullbay.example/news/20240731/ferry-back").as_deref(), Some("2024-07-31"));
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
    let problem = records(reader(b"<html><body><script>var x;</script></body></html>".to_vec()), origin())
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
