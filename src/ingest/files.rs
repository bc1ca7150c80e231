//! Finding the files to read: paths named on the command line, folders walked recursively.

use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use super::{Format, Problem};

/// A file to read (`-` for standard input) and its size on disk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputFile {
    pub path: PathBuf,
    pub len: u64,
}

/// What a walk over the inputs found.
#[derive(Debug, Default)]
pub struct Discovery {
    pub files: Vec<InputFile>,
    /// Paths that could not be read at all (missing, unreadable, unsupported when named).
    pub problems: Vec<Problem>,
    /// Files met inside folders that are not articles, with the reason; not errors.
    pub ignored: Vec<(PathBuf, &'static str)>,
}

impl Discovery {
    pub fn total_bytes(&self) -> u64 {
        self.files.iter().map(|f| f.len).sum()
    }
}

/// Names of files that ship beside corpora to describe them (a corpus's README.TXT).
const DOCUMENTATION_STEMS: [&str; 6] = ["readme", "license", "licence", "copying", "changelog", "manifest"];

/// Walks every path: files (and `-`, standard input) are taken as named; folders are walked
/// recursively in name order, skipping hidden entries, documentation, and, unless `every_file`
/// (the format was given), files whose names are not of a format newsdex reads.
pub fn discover(paths: &[PathBuf], every_file: bool) -> Discovery {
    let mut found = Discovery::default();
    for path in paths {
        if path.as_os_str() == "-" {
            found.files.push(InputFile { path: path.clone(), len: 0 });
            continue;
        }
        match std::fs::metadata(path) {
            Err(e) => found.problems.push(Problem::new(path, describe_io(&e))),
            Ok(meta) if meta.is_dir() => walk(path, every_file, &mut found),
            Ok(meta) => found.files.push(InputFile { path: path.clone(), len: meta.len() }),
        }
    }
    found
}

fn walk(root: &Path, every_file: bool, found: &mut Discovery) {
    // Links are followed (corpora are often linked in); walkdir reports dangling links and loops.
    let entries = WalkDir::new(root)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    for entry in entries {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                let path = e.path().unwrap_or(root).to_path_buf();
                let message = e.io_error().map_or_else(|| e.to_string(), describe_io);
                found.problems.push(Problem::new(&path, message));
                continue;
            }
        };
        if !entry.file_type().is_file() {
            continue;
        }
        let path = entry.into_path();
        if is_documentation(&path) {
            found.ignored.push((path, "documentation, not an article"));
            continue;
        }
        if !every_file && !Format::is_candidate(&path) {
            found.ignored.push((path, "not a format newsdex reads"));
            continue;
        }
        match std::fs::metadata(&path) {
            Ok(meta) => found.files.push(InputFile { path, len: meta.len() }),
            Err(e) => found.problems.push(Problem::new(&path, describe_io(&e))),
        }
    }
}

fn is_documentation(path: &Path) -> bool {
    let stem = path.file_stem().map(|s| s.to_string_lossy().to_ascii_lowercase()).unwrap_or_default();
    DOCUMENTATION_STEMS.contains(&stem.as_str())
}

/// An I/O error in words a user can act on.
pub fn describe_io(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied: check the file's permissions".into(),
        _ => format!("cannot read: {e}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    #[test]
    fn folders_are_walked_recursively_in_name_order() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::create_dir_all(root.join("b/deeper")).unwrap();
        fs::write(root.join("b/deeper/2.txt"), "x").unwrap();
        fs::write(root.join("a.txt"), "x").unwrap();
        fs::write(root.join("wire-0815"), "x").unwrap();
        fs::write(root.join("README.TXT"), "about").unwrap();
        fs::write(root.join("photo.jpg"), "jpeg").unwrap();
        fs::write(root.join(".hidden.txt"), "x").unwrap();
        let found = discover(&[root.to_path_buf()], false);
        let names: Vec<_> =
            found.files.iter().map(|f| f.path.strip_prefix(root).unwrap().to_owned()).collect();
        assert_eq!(names, [PathBuf::from("a.txt"), "b/deeper/2.txt".into(), "wire-0815".into()]);
        let ignored: Vec<_> = found.ignored.iter().map(|(p, why)| (p.file_name().unwrap(), *why)).collect();
        assert_eq!(
            ignored,
            [
                ("README.TXT".as_ref(), "documentation, not an article"),
                ("photo.jpg".as_ref(), "not a format newsdex reads")
            ]
        );
        assert!(found.problems.is_empty());
        assert_eq!(found.total_bytes(), 3);
    }

    #[test]
    fn a_missing_path_is_a_problem_not_a_stop() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("a.txt"), "x").unwrap();
        let found = discover(&[dir.path().join("missing"), dir.path().join("a.txt")], false);
        assert_eq!(found.files.len(), 1);
        assert_eq!(found.problems.len(), 1);
        assert!(found.problems[0].to_string().ends_with("missing: no such file or directory"));
    }

    #[test]
    fn io_errors_are_said_in_a_users_words() {
        use std::io::{Error, ErrorKind};
        assert_eq!(describe_io(&Error::from(ErrorKind::NotFound)), "no such file or directory");
        assert_eq!(
            describe_io(&Error::from(ErrorKind::PermissionDenied)),
            "permission denied: check the file's permissions"
        );
        assert!(describe_io(&Error::other("disk on fire")).starts_with("cannot read: disk on fire"));
    }

    #[test]
    fn a_given_format_takes_every_file_and_a_dash_is_standard_input() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("lee.cor"), "x").unwrap();
        assert_eq!(discover(&[dir.path().to_path_buf()], false).files.len(), 0);
        assert_eq!(discover(&[dir.path().to_path_buf()], true).files.len(), 1);
        assert_eq!(discover(&["-".into()], false).files[0].path, PathBuf::from("-"));
    }
}
