//! `newsdex serve`: the JSON API and the search page over HTTP (see `server`).
//!
//! Prints the URL it listens on; stops cleanly on Ctrl-C or SIGTERM, finishing the requests
//! under way. Exit status: 0 stopped, 2 error (no index, address in use, token missing).

use std::io::Write;
use std::path::Path;
use std::sync::Arc;

use anyhow::Context;

use crate::cli::ServeArgs;
use crate::index::NewsIndex;
use crate::server::{AppState, ServeConfig, serve};

use super::Outcome;

pub fn run(index_dir: &Path, args: ServeArgs) -> anyhow::Result<Outcome> {
    let config = ServeConfig { bind: args.bind, token: args.token, cache: !args.no_cache };
    config.check()?;
    let index = NewsIndex::open(index_dir)?;
    let state = Arc::new(AppState::new(index, &config)?);
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(config.bind)
            .await
            .with_context(|| format!("cannot listen on {}", config.bind))?;
        let address = listener.local_addr()?;
        let mut stdout = std::io::stdout();
        writeln!(stdout, "newsdex: serving {} at http://{address}/ (Ctrl-C stops)", index_dir.display())?;
        stdout.flush()?;
        serve(listener, state, stop_signal()).await?;
        anyhow::Ok(())
    })?;
    Ok(Outcome::Success)
}

/// Completes on Ctrl-C or SIGTERM.
async fn stop_signal() {
    let interrupt = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = interrupt => {}
        _ = terminate => {}
    }
}
