//! `newsdex serve` driven as clients use it: the real binary on a free loopback port, every
//! route called with a real HTTP client, answers compared with what the CLI prints, and the
//! errors, limits and hostile input a public-facing server meets.

mod common;
mod serving;

use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;
use std::path::Path;
use std::thread;
use std::time::{Duration, Instant};

use common::{json_lines, newsdex};
use serde_json::Value;
use serving::{HOSTILE_TITLE, Server, fixture};

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder().http_status_as_error(false).build().into()
}

/// Status, content type and body of a GET.
fn get(url: &str) -> (u16, String, String) {
    let mut response = agent().get(url).call().unwrap_or_else(|e| panic!("GET {url}: {e}"));
    let status = response.status().as_u16();
    let content_type =
        response.headers().get("content-type").map(|v| v.to_str().unwrap().to_string()).unwrap_or_default();
    (status, content_type, response.body_mut().read_to_string().unwrap())
}

/// The JSON of a GET that must succeed.
fn get_json(url: &str) -> Value {
    let (status, content_type, body) = get(url);
    assert_eq!(status, 200, "GET {url}: {body}");
    assert_eq!(content_type, "application/json", "GET {url}");
    serde_json::from_str(&body).unwrap()
}

/// The status and `error` of a GET that must fail, as JSON.
fn get_error(url: &str) -> (u16, String) {
    let (status, content_type, body) = get(url);
    assert_eq!(content_type, "application/json", "GET {url}: {body}");
    let json: Value = serde_json::from_str(&body).unwrap();
    (status, json["error"].as_str().expect("an error message").to_string())
}

/// The status line of a request sent byte for byte (no client tidies the path).
fn raw_status(addr: &str, request: &str) -> String {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream.write_all(request.as_bytes()).unwrap();
    let mut reply = String::new();
    let _ = BufReader::new(stream).read_line(&mut reply);
    reply.trim().to_string()
}

fn cli_json(index: &Path, args: &[&str]) -> Vec<Value> {
    let out = newsdex(index).args(args).output().unwrap();
    json_lines(&out.stdout)
}

#[test]
fn every_route_answers_what_the_cli_prints() {
    let dir = fixture();
    let index = dir.path().join("index");
    let server = Server::start(&index, &[]);

    // Search: the hits are `query --json`'s objects, the facets its facet line.
    let api = get_json(&server.url("/api/search?q=%22storm+surge%22+Busan&n=3&facets=source,person"));
    let cli = cli_json(
        &index,
        &["query", "\"storm surge\" Busan", "-n", "3", "--json", "--facets", "source,person"],
    );
    assert_eq!(api["hits"].as_array().unwrap(), &cli[..3]);
    assert_eq!(api["facets"], cli[3]["facets"]);
    assert_eq!(api["offset"], 0);
    assert_eq!(api["total"], 18, "the README's 18 matching articles");
    assert_eq!(
        api["hits"][0]["title"],
        "Storm surge floods Busan's Dallim district as Typhoon Noeul makes landfall"
    );

    // Filters, sorting and paging map to the CLI's flags.
    let api = get_json(&server.url("/api/search?q=table+tennis&person=PARK+SEO-YEON&sort=date&n=2&offset=1"));
    let cli = cli_json(
        &index,
        &[
            "query",
            "table tennis",
            "--person",
            "PARK SEO-YEON",
            "--sort",
            "date",
            "-n",
            "2",
            "--offset",
            "1",
            "--json",
        ],
    );
    assert_eq!(api["hits"].as_array().unwrap(), &cli);
    assert_eq!(api["hits"][0]["rank"], 2);
    let api = get_json(&server.url("/api/search?q=flooding&source=Yonhap&from=2024-08-01&to=2024-08-31"));
    let cli = cli_json(
        &index,
        &[
            "query",
            "flooding",
            "--source",
            "Yonhap",
            "--since",
            "2024-08-01",
            "--until",
            "2024-08-31",
            "--json",
        ],
    );
    assert_eq!(api["hits"].as_array().unwrap(), &cli);
    assert!(!cli.is_empty());

    // An article is `show --json`; related stories are `related --json`.
    let id = "2024-08-03-upi-busan-dallim-storm-surge-ac14d68b";
    let api = get_json(&server.url(&format!("/api/articles/{id}")));
    assert_eq!(api, cli_json(&index, &["show", id, "--json"])[0]);
    let api = get_json(&server.url(&format!("/api/related/{id}?n=3")));
    assert_eq!(api["hits"].as_array().unwrap(), &cli_json(&index, &["related", id, "-n", "3", "--json"]));
    assert_eq!(api["hits"].as_array().unwrap().len(), 3);

    // The timeline is `query --timeline --json`'s timeline line.
    let api = get_json(&server.url("/api/timeline?q=busan&bucket=day"));
    let cli = cli_json(&index, &["query", "busan", "-n", "0", "--json", "--bucket", "day"]);
    assert_eq!(api, cli[0]);
    assert_eq!(api["bucket"], "day");

    // Entities are `entities --json`.
    let api = get_json(&server.url("/api/entities?with=Park+Seo-yeon&kind=person&n=5"));
    let cli =
        cli_json(&index, &["entities", "--with", "Park Seo-yeon", "--kind", "person", "-n", "5", "--json"]);
    assert_eq!(api, cli[0]);
    assert_eq!(api["with"], "Park Seo-yeon");
    assert_eq!(api["with_articles"], 8, "stats counts her in 8 articles");
    assert_eq!(api["articles"], 21);
    let first = &api["entities"][0];
    assert!(first["both"].as_u64().unwrap() >= 3 && first["score"].as_f64().unwrap() > 0.0, "{api}");
    let top = get_json(&server.url("/api/entities?kind=person&n=3"));
    assert_eq!(top["entities"][0]["name"], "Park Seo-yeon");
    assert_eq!(top["entities"][0]["articles"], 8);
    assert_eq!(top["entities"][0]["score"], Value::Null);

    // The page and its files, embedded, with a policy that allows no inline script.
    let mut page = agent().get(&server.url("/?q=korea&source=UPI")).call().unwrap();
    assert_eq!(page.status().as_u16(), 200);
    let csp = page.headers().get("content-security-policy").unwrap().to_str().unwrap().to_string();
    assert!(csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"), "{csp}");
    assert_eq!(page.headers().get("x-content-type-options").unwrap(), "nosniff");
    let html = page.body_mut().read_to_string().unwrap();
    assert!(html.contains(r#"<script src="/assets/app.js" defer></script>"#));
    assert!(!html.contains("<script>"), "no inline script");
    let (status, content_type, js) = get(&server.url("/assets/app.js"));
    assert_eq!((status, content_type.as_str()), (200, "text/javascript; charset=utf-8"));
    assert!(!js.contains("innerHTML"), "article text never goes in as markup");
    let (status, content_type, _) = get(&server.url("/assets/app.css"));
    assert_eq!((status, content_type.as_str()), (200, "text/css; charset=utf-8"));
}

#[test]
fn errors_are_json_with_the_right_status_and_never_a_500() {
    let dir = fixture();
    let index = dir.path().join("index");
    let server = Server::start(&index, &[]);

    // A syntax error is 400 with newsdex's own message.
    let (status, message) = get_error(&server.url("/api/search?q=%22storm+surge"));
    let cli = newsdex(&index).args(["query", "\"storm surge"]).output().unwrap();
    let cli_message = String::from_utf8_lossy(&cli.stderr).trim().trim_start_matches("newsdex: ").to_string();
    assert_eq!((status, message.as_str()), (400, cli_message.as_str()));
    assert!(message.starts_with("query syntax error at column"), "{message}");
    assert_eq!(
        get_error(&server.url("/api/search?q=")),
        (400, "empty query: give words to search for, or a filter".into())
    );

    // Limits.
    assert_eq!(
        get_error(&server.url("/api/search?q=storm&n=1001")),
        (400, "'n' must be a whole number from 0 to 1000, not '1001'".into())
    );
    let all = get_json(&server.url("/api/search?q=storm&n=1000"));
    assert_eq!(
        all["hits"].as_array().unwrap(),
        &cli_json(&index, &["query", "storm", "-n", "1000", "--json"])
    );
    assert_eq!(
        get_error(&server.url("/api/search?q=storm&offset=-1")),
        (400, "'offset' must be a whole number from 0 to 10000, not '-1'".into())
    );
    let long = "storm+".repeat(1000);
    assert_eq!(
        get_error(&server.url(&format!("/api/search?q={long}"))),
        (400, "the query is 5999 bytes long: at most 4096 are accepted".into())
    );
    let (status, message) = get_error(&server.url("/api/search?q=storm&size=3"));
    assert_eq!(status, 400);
    assert!(message.starts_with("unknown parameter 'size'"), "{message}");
    assert_eq!(get_error(&server.url("/api/timeline?bucket=decade")).0, 400);
    assert_eq!(get_error(&server.url("/api/entities?kind=people")).0, 400);
    assert_eq!(get_error(&server.url("/api/search?q=storm&from=July")).0, 400);

    // A body past the limit, and methods other than GET.
    let mut response = agent()
        .get(&server.url("/api/search?q=storm"))
        .force_send_body()
        .send(&vec![b'x'; 64 * 1024][..])
        .unwrap();
    assert_eq!(response.status().as_u16(), 413);
    let body: Value = serde_json::from_str(&response.body_mut().read_to_string().unwrap()).unwrap();
    assert_eq!(body["error"], "the request body is too large: the API takes no body");
    let mut response = agent().post(&server.url("/api/search?q=storm")).send("q=storm").unwrap();
    assert_eq!(response.status().as_u16(), 405);
    assert!(response.body_mut().read_to_string().unwrap().contains("only GET is served here"));

    // Unknown articles, routes and path tricks are 404; no file is read from disk.
    let (status, message) = get_error(&server.url("/api/articles/no-such-article"));
    assert_eq!(
        (status, message.as_str()),
        (404, "no article with id 'no-such-article': ids are in search results")
    );
    assert_eq!(get_error(&server.url("/api/related/no-such-article")).0, 404);
    for path in [
        "/api/articles/..%2f..%2fCargo.toml",
        "/assets/..%2f..%2fCargo.toml",
        "/assets/%2e%2e/Cargo.toml",
        "/assets/../../Cargo.toml",
        "/../Cargo.toml",
        "/assets/index.html",
        "/assets/",
        "/api/articles/",
        "/src/main.rs",
        "/api/nothing",
    ] {
        let reply = raw_status(
            &server.addr(),
            &format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"),
        );
        assert_eq!(reply, "HTTP/1.1 404 Not Found", "{path}");
    }
    assert_eq!(get_error(&server.url("/api/articles/%ff%fe")).0, 404);

    // Hostile queries: odd syntax, huge numbers, control characters. None is a 500.
    for q in [
        "*",
        "(",
        ")",
        "\"",
        "AND",
        "NOT",
        "-",
        "+",
        "title:",
        ":",
        "date:[",
        "date:[2024 TO",
        "date:>=x",
        "person:\"\"",
        "a~99999",
        "\"a b\"~99999999999",
        "\u{0}",
        "%",
        "🦀🦀🦀",
        "[* TO *]",
        "\\",
        "a^1e30",
        "source:",
        "label:\"\"",
        "body:\"\"",
        "((((((((((a))))))))))",
    ] {
        let url = format!(
            "{}/api/search?q={}",
            server.base,
            form_urlencoded::byte_serialize(q.as_bytes()).collect::<String>()
        );
        let (status, _, body) = get(&url);
        assert!(status == 200 || status == 400, "{q:?}: {status} {body}");
    }
    let (status, _, _) = get(&server.url("/api/entities?with=%00&q=%22"));
    assert_eq!(status, 400);
}

#[test]
fn a_hostile_title_comes_back_as_the_same_characters() {
    let dir = fixture();
    let server = Server::start(&dir.path().join("index"), &[]);
    let article = get_json(&server.url("/api/articles/hostile-1"));
    assert_eq!(article["title"], HOSTILE_TITLE);
    assert_eq!(
        article["body"],
        "The <script>alert(2)</script> harbour reopened on Monday, officials said, after the storm."
    );
    let hits = get_json(&server.url("/api/search?q=harbour+reopened&source=Harbour+Gazette"));
    assert_eq!(hits["hits"][0]["title"], HOSTILE_TITLE);
    // Served as JSON, never sniffed as HTML.
    let response = agent().get(&server.url("/api/articles/hostile-1")).call().unwrap();
    assert_eq!(response.headers().get("content-type").unwrap(), "application/json");
    assert_eq!(response.headers().get("x-content-type-options").unwrap(), "nosniff");
}

#[test]
fn a_token_is_required_when_set_and_other_addresses_need_one() {
    let dir = fixture();
    let index = dir.path().join("index");
    let token = "correct-horse-battery-staple";
    let server = Server::start(&index, &["--token", token]);
    let response = agent().get(&server.url("/api/search?q=storm")).call().unwrap();
    assert_eq!(response.status().as_u16(), 401);
    assert_eq!(response.headers().get("www-authenticate").unwrap(), "Bearer");
    let wrong = agent()
        .get(&server.url("/api/search?q=storm"))
        .header("Authorization", "Bearer nope")
        .call()
        .unwrap();
    assert_eq!(wrong.status().as_u16(), 401);
    let right = agent()
        .get(&server.url("/api/search?q=storm"))
        .header("Authorization", &format!("Bearer {token}"))
        .call()
        .unwrap();
    assert_eq!(right.status().as_u16(), 200);
    // The page itself is public: it asks for the token.
    assert_eq!(get(&server.url("/")).0, 200);
    drop(server);

    // Without a token, another address is refused before anything listens; a short token too.
    let out =
        newsdex(&index).args(["serve", "--bind", "0.0.0.0:0"]).env_remove("NEWSDEX_TOKEN").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr).trim(),
        "newsdex: 0.0.0.0:0 is reachable from other machines: give a token with --token or NEWSDEX_TOKEN, or bind to 127.0.0.1"
    );
    let out = newsdex(&index).args(["serve", "--token", "short"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));

    // Without a token, only loopback host names are answered.
    let server = Server::start(&index, &[]);
    let reply = raw_status(
        &server.addr(),
        "GET /api/search?q=storm HTTP/1.1\r\nHost: newsroom.example\r\nConnection: close\r\n\r\n",
    );
    assert_eq!(reply, "HTTP/1.1 403 Forbidden");
    let reply = raw_status(
        &server.addr(),
        "GET /api/search?q=storm HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
    );
    assert_eq!(reply, "HTTP/1.1 200 OK");
}

#[test]
fn commits_from_another_process_show_up_while_the_server_answers() {
    let dir = fixture();
    let index = dir.path().join("index");
    let server = Server::start(&index, &[]);
    let url = server.url("/api/search?q=zeppelin");
    assert_eq!(get_json(&url)["total"], 0);

    // Searches keep coming while `newsdex index` writes into the same index.
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let client = {
        let stop = stop.clone();
        let url = server.url("/api/search?q=storm&facets=source");
        thread::spawn(move || {
            let mut statuses = Vec::new();
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                statuses.push(get(&url).0);
            }
            statuses
        })
    };
    let new = dir.path().join("new.jsonl");
    let lines: String = (0..200)
        .map(|i| {
            let article = serde_json::json!({
                "id": format!("zeppelin-{i}"),
                "title": format!("Zeppelin sighted over the harbour, report {i}"),
                "body": "A zeppelin drifted over the harbour on Tuesday, startling fishermen.",
            });
            format!("{article}\n")
        })
        .collect();
    std::fs::write(&new, lines).unwrap();
    let out = newsdex(&index).arg("index").arg(&new).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let committed = Instant::now();

    let mut total = 0;
    while committed.elapsed() < Duration::from_secs(10) {
        total = get_json(&url)["total"].as_u64().unwrap();
        if total > 0 {
            break;
        }
        thread::sleep(Duration::from_millis(100));
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let statuses = client.join().unwrap();
    assert_eq!(total, 200, "the new commit is searched within 10 s");
    assert!(committed.elapsed() < Duration::from_secs(5), "picked up in {:?}", committed.elapsed());
    assert!(!statuses.is_empty() && statuses.iter().all(|s| *s == 200), "{statuses:?}");
}

#[test]
fn sigterm_stops_the_server_cleanly() {
    let dir = fixture();
    let mut server = Server::start(&dir.path().join("index"), &[]);
    assert_eq!(get(&server.url("/")).0, 200);
    let pid = server.child.id() as libc::pid_t;
    // SAFETY: sending a signal to our own child process.
    assert_eq!(unsafe { libc::kill(pid, libc::SIGTERM) }, 0);
    let started = Instant::now();
    let status = loop {
        if let Some(status) = server.child.try_wait().unwrap() {
            break status;
        }
        assert!(started.elapsed() < Duration::from_secs(10), "still running after SIGTERM");
        thread::sleep(Duration::from_millis(50));
    };
    assert_eq!(status.code(), Some(0));
}
