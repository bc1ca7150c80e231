//! Load for `newsdex serve`: C keep-alive connections each send GETs, picked in turn from a
//! file of paths, for a fixed time, and the requests per second, latency percentiles and
//! errors are printed as one JSON line. Used by `scripts/serve_load.py`.
//!
//! Usage: cargo run --release --example serve_load -- ADDR PATHS_FILE [CONNECTIONS] [SECONDS]
//! (ADDR is `127.0.0.1:PORT`; it refuses any address that is not loopback.)

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::time::{Duration, Instant};

use http_body_util::{BodyExt, Empty};
use hyper::body::Bytes;
use hyper_util::rt::TokioIo;

#[derive(Default)]
struct Tally {
    latencies_us: Vec<u64>,
    statuses: BTreeMap<u16, u64>,
    failures: u64,
}

async fn connection(
    addr: SocketAddr,
    paths: std::sync::Arc<Vec<String>>,
    first: usize,
    until: Instant,
) -> Tally {
    let mut tally = Tally::default();
    let mut next = first;
    'reconnect: while Instant::now() < until {
        let Ok(stream) = tokio::net::TcpStream::connect(addr).await else {
            tally.failures += 1;
            tokio::time::sleep(Duration::from_millis(10)).await;
            continue;
        };
        stream.set_nodelay(true).ok();
        let Ok((mut sender, conn)) = hyper::client::conn::http1::handshake(TokioIo::new(stream)).await else {
            tally.failures += 1;
            continue;
        };
        tokio::spawn(conn);
        while Instant::now() < until {
            let path = &paths[next % paths.len()];
            next += 1;
            let request = hyper::Request::get(path.as_str())
                .header("host", addr.to_string())
                .body(Empty::<Bytes>::new())
                .expect("a valid request");
            let started = Instant::now();
            let response = match sender.send_request(request).await {
                Ok(response) => response,
                Err(_) => {
                    tally.failures += 1;
                    continue 'reconnect;
                }
            };
            let status = response.status().as_u16();
            if response.into_body().collect().await.is_err() {
                tally.failures += 1;
                continue 'reconnect;
            }
            tally.latencies_us.push(started.elapsed().as_micros() as u64);
            *tally.statuses.entry(status).or_default() += 1;
        }
    }
    tally
}

fn percentile(sorted: &[u64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1] as f64 / 1000.0
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let usage = "usage: serve_load ADDR PATHS_FILE [CONNECTIONS] [SECONDS]";
    let addr: SocketAddr = args.first().and_then(|a| a.parse().ok()).expect(usage);
    assert!(addr.ip().is_loopback(), "serve_load only loads a server on this machine (loopback)");
    let paths: Vec<String> = std::fs::read_to_string(args.get(1).expect(usage))
        .expect("the paths file")
        .lines()
        .filter(|l| l.starts_with('/'))
        .map(String::from)
        .collect();
    assert!(!paths.is_empty(), "no paths (lines starting with /) in the file");
    let connections: usize = args.get(2).map_or(16, |c| c.parse().expect(usage));
    let seconds: f64 = args.get(3).map_or(20.0, |s| s.parse().expect(usage));
    let seconds = seconds.clamp(0.1, 600.0);

    let paths = std::sync::Arc::new(paths);
    let started = Instant::now();
    let until = started + Duration::from_secs_f64(seconds);
    let step = paths.len() / connections.max(1) + 1;
    let tasks: Vec<_> =
        (0..connections).map(|i| tokio::spawn(connection(addr, paths.clone(), i * step, until))).collect();
    let mut all = Tally::default();
    for task in tasks {
        let tally = task.await.expect("a connection task");
        all.latencies_us.extend(tally.latencies_us);
        for (status, n) in tally.statuses {
            *all.statuses.entry(status).or_default() += n;
        }
        all.failures += tally.failures;
    }
    let elapsed = started.elapsed().as_secs_f64();
    all.latencies_us.sort_unstable();
    let requests = all.latencies_us.len() as u64;
    let errors = all.failures + all.statuses.iter().filter(|(s, _)| **s >= 400).map(|(_, n)| n).sum::<u64>();
    let report = serde_json::json!({
        "connections": connections,
        "seconds": (elapsed * 100.0).round() / 100.0,
        "requests": requests,
        "requests_per_sec": (requests as f64 / elapsed).round(),
        "p50_ms": percentile(&all.latencies_us, 50.0),
        "p90_ms": percentile(&all.latencies_us, 90.0),
        "p99_ms": percentile(&all.latencies_us, 99.0),
        "max_ms": percentile(&all.latencies_us, 100.0),
        "statuses": all.statuses,
        "errors": errors,
    });
    println!("{report}");
}
