//! The search page in a real headless Chromium (Debian's `chromium` and `chromium-driver`,
//! driven over WebDriver): typing a query, marked results, a facet, an article, an entity's
//! co-occurrences, the back button, a deep link, a hostile title and a narrow window. Saves a
//! screenshot of each view into `$NEWSDEX_SCREENSHOTS` (or the test's scratch directory).

mod common;
mod serving;

use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::{Value, json};
use serving::{HOSTILE_TITLE, Server, fixture};

const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
const WAIT: Duration = Duration::from_secs(15);

/// chromedriver on a free port, stopped when dropped.
struct Driver {
    child: Child,
    url: String,
}

impl Driver {
    fn start() -> Driver {
        let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let child = Command::new(CHROMEDRIVER)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts");
        let started = Instant::now();
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(started.elapsed() < WAIT, "chromedriver did not listen on {port}");
            std::thread::sleep(Duration::from_millis(50));
        }
        Driver { child, url: format!("http://127.0.0.1:{port}") }
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

async fn browser(driver: &Driver, profile: &Path) -> Client {
    let args = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1280,900",
        &format!("--user-data-dir={}", profile.display()),
    ];
    let capabilities = json!({
        "browserName": "chrome",
        "goog:chromeOptions": {"binary": CHROMIUM, "args": args},
    });
    let capabilities = capabilities.as_object().unwrap().clone();
    ClientBuilder::new(HttpConnector::new())
        .capabilities(capabilities)
        .connect(&driver.url)
        .await
        .expect("a Chromium session")
}

/// Runs `script` (a function body returning a value) until it returns something truthy.
async fn wait_until(client: &Client, what: &str, script: &str) -> Value {
    let started = Instant::now();
    loop {
        let value = client.execute(script, vec![]).await.unwrap();
        let truthy = match &value {
            Value::Null | Value::Bool(false) => false,
            Value::Number(n) => n.as_f64() != Some(0.0),
            Value::String(s) => !s.is_empty(),
            Value::Array(a) => !a.is_empty(),
            _ => true,
        };
        if truthy {
            return value;
        }
        assert!(started.elapsed() < WAIT, "waited {WAIT:?} for {what}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn texts(client: &Client, selector: &str) -> Vec<String> {
    let script =
        format!("return [...document.querySelectorAll({selector:?})].map(e => e.textContent.trim());");
    let value = client.execute(&script, vec![]).await.unwrap();
    value.as_array().unwrap().iter().map(|v| v.as_str().unwrap().to_string()).collect()
}

async fn screenshot(client: &Client, dir: &Path, name: &str) {
    let png = client.screenshot().await.unwrap();
    assert!(png.starts_with(b"\x89PNG"), "a PNG screenshot");
    std::fs::write(dir.join(format!("{name}.png")), png).unwrap();
}

fn screenshot_dir() -> PathBuf {
    let dir = std::env::var_os("NEWSDEX_SCREENSHOTS")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_TARGET_TMPDIR")).join("screenshots"));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_page_searches_narrows_reads_and_follows_links() {
    if !Path::new(CHROMEDRIVER).exists() || !Path::new(CHROMIUM).exists() {
        // CI installs them (.ci/run): there, their absence is a failure.
        assert!(std::env::var_os("CI").is_none(), "CI needs {CHROMIUM} and {CHROMEDRIVER}");
        eprintln!("SKIPPED the browser test: install Debian's chromium and chromium-driver (.ci/run does)");
        return;
    }
    let dir = fixture();
    let server = Server::start(&dir.path().join("index"), &[]);
    let driver = Driver::start();
    let profile = tempfile::tempdir().unwrap();
    let client = browser(&driver, profile.path()).await;
    let shots = screenshot_dir();

    // `/` focuses the search box; typing searches without pressing Enter.
    client.goto(&server.url("/")).await.unwrap();
    client.find(Locator::Css("body")).await.unwrap().send_keys("/").await.unwrap();
    let focused = client.execute("return document.activeElement.id;", vec![]).await.unwrap();
    assert_eq!(focused, "q");
    client.find(Locator::Id("q")).await.unwrap().send_keys("\"storm surge\" Busan").await.unwrap();
    wait_until(&client, "marked results", "return document.querySelectorAll('#hits .hit mark').length;")
        .await;
    let marks = texts(&client, "#hits .hit mark").await;
    assert!(marks.iter().all(|m| ["storm surge", "busan"].contains(&m.to_lowercase().as_str())), "{marks:?}");
    assert!(marks.iter().any(|m| m.eq_ignore_ascii_case("storm surge")), "{marks:?}");
    let titles = texts(&client, "#hits .hit h2").await;
    assert_eq!(titles[0], "Storm surge floods Busan's Dallim district as Typhoon Noeul makes landfall");
    let url = client.current_url().await.unwrap();
    assert_eq!(url.query(), Some("q=%22storm+surge%22+Busan"));
    wait_until(&client, "the timeline", "return document.querySelector('#timeline svg rect.bar');").await;
    screenshot(&client, &shots, "search").await;

    // A source facet narrows the results to that source.
    let facet = client.find(Locator::Css("#facets button[data-facet=source]")).await.unwrap();
    let source = facet.find(Locator::Css("span")).await.unwrap().text().await.unwrap();
    let expected = facet.find(Locator::Css(".n")).await.unwrap().text().await.unwrap();
    facet.click().await.unwrap();
    let check = format!(
        "return location.search.includes('source=') && [...document.querySelectorAll('#hits .hit .meta span:first-child')].every(e => e.textContent === {source:?}) && document.querySelectorAll('#hits .hit').length;"
    );
    let shown = wait_until(&client, "hits of one source", &check).await;
    let expected: u64 = expected.parse().unwrap();
    assert!(shown.as_u64().unwrap() <= expected, "no more hits than the facet counted articles");
    assert_eq!(texts(&client, "#chips .chip").await, [format!("source: {source}×")]);

    // A person facet narrows them too.
    client.goto(&server.url("/?q=table+tennis")).await.unwrap();
    wait_until(
        &client,
        "person facets",
        "return document.querySelector('#facets button[data-facet=person]');",
    )
    .await;
    let before = texts(&client, "#hits .hit h2").await;
    let person = client.find(Locator::Css("#facets button[data-facet=person]")).await.unwrap();
    let name = person.find(Locator::Css("span")).await.unwrap().text().await.unwrap();
    person.click().await.unwrap();
    wait_until(
        &client,
        "the person filter",
        "return location.search.includes('person=') && document.querySelector('#chips .chip');",
    )
    .await;
    wait_until(&client, "narrowed hits", "return document.querySelectorAll('#hits .hit').length;").await;
    assert!(texts(&client, "#chips .chip").await[0].starts_with(&format!("person: {name}")));
    assert!(before.len() >= texts(&client, "#hits .hit h2").await.len());

    // An article: its entities marked, related stories listed.
    client.goto(&server.url("/?q=%22storm+surge%22+Busan")).await.unwrap();
    wait_until(&client, "hits", "return document.querySelector('#hits .hit h2 a');").await;
    client.find(Locator::Css("#hits .hit h2 a")).await.unwrap().click().await.unwrap();
    wait_until(
        &client,
        "the article",
        "return !document.getElementById('article-view').hidden && document.querySelector('#article h1');",
    )
    .await;
    let heading = client.find(Locator::Css("#article h1")).await.unwrap().text().await.unwrap();
    assert_eq!(heading, "Storm surge floods Busan's Dallim district as Typhoon Noeul makes landfall");
    let entities = texts(&client, "#article mark.ent").await;
    assert!(entities.iter().any(|e| e == "Busan"), "{entities:?}");
    wait_until(&client, "related stories", "return document.querySelectorAll('#related li a').length;").await;
    screenshot(&client, &shots, "article").await;

    // An entity's co-occurrences, opened from the article.
    let person = client.find(Locator::Css("#article-entities button[data-entity]")).await.unwrap();
    let person_name = person.text().await.unwrap();
    person.click().await.unwrap();
    wait_until(&client, "the entity view", "return !document.getElementById('entity-view').hidden && document.getElementById('entity-title').textContent;").await;
    assert_eq!(client.find(Locator::Id("entity-title")).await.unwrap().text().await.unwrap(), person_name);

    // Back returns to the article, and back again to the search.
    client.back().await.unwrap();
    wait_until(&client, "the article again", "return !document.getElementById('article-view').hidden;").await;
    client.back().await.unwrap();
    wait_until(&client, "the search again", "return !document.getElementById('search-view').hidden && document.querySelectorAll('#hits .hit').length;").await;
    assert_eq!(
        client.find(Locator::Id("q")).await.unwrap().prop("value").await.unwrap().unwrap(),
        "\"storm surge\" Busan"
    );

    // A deep link to who appears with whom, with counts.
    client.goto(&server.url("/?with=Park+Seo-yeon&kind=person")).await.unwrap();
    wait_until(&client, "companions", "return document.querySelectorAll('#companions tbody tr').length;")
        .await;
    let companions = texts(&client, "#companions tbody tr td:first-child a").await;
    assert!(companions.iter().any(|c| c == "Lin Xiaoqing"), "{companions:?}");
    assert!(texts(&client, "#entity-summary").await[0].starts_with("In 8 articles of 21."));
    screenshot(&client, &shots, "entity").await;

    // A deep link to a filtered search.
    client.goto(&server.url("/?q=korea&source=UPI")).await.unwrap();
    wait_until(&client, "UPI hits", "return document.querySelectorAll('#hits .hit').length;").await;
    let sources = texts(&client, "#hits .hit .meta span:first-child").await;
    assert!(sources.iter().all(|s| s == "UPI"), "{sources:?}");
    assert_eq!(client.find(Locator::Id("q")).await.unwrap().prop("value").await.unwrap().unwrap(), "korea");

    // A hostile title is shown as its characters, in the results and in the article.
    client.goto(&server.url("/?q=harbour+reopened&source=Harbour+Gazette")).await.unwrap();
    wait_until(&client, "the hostile hit", "return document.querySelector('#hits .hit h2');").await;
    assert_eq!(texts(&client, "#hits .hit h2").await, [HOSTILE_TITLE]);
    client.goto(&server.url("/?article=hostile-1")).await.unwrap();
    wait_until(&client, "the hostile article", "return document.querySelector('#article h1');").await;
    assert_eq!(texts(&client, "#article h1").await, [HOSTILE_TITLE]);
    let injected = client
        .execute("return document.querySelectorAll('img, #article script, #hits script').length;", vec![])
        .await
        .unwrap();
    assert_eq!(injected, 0);

    // A narrow window: one column, nothing wider than the screen.
    client.set_window_size(400, 860).await.unwrap();
    client.goto(&server.url("/?q=typhoon")).await.unwrap();
    wait_until(&client, "hits", "return document.querySelectorAll('#hits .hit').length;").await;
    let overflow = client
        .execute(
            "return document.documentElement.scrollWidth - document.documentElement.clientWidth;",
            vec![],
        )
        .await
        .unwrap();
    assert!(overflow.as_i64().unwrap() <= 0, "the page is {overflow} px wider than the window");
    screenshot(&client, &shots, "narrow").await;

    client.close().await.unwrap();
}
