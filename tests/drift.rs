//! Rules that keep a file list or a figure from drifting away from what it describes: the
//! codemap names every source file of the tooling, and the examples' READMEs refer to the
//! bench's figures instead of restating them.

use std::fs;
use std::path::Path;

use regex::Regex;

/// Folders whose source files ARCHITECTURE.md's codemap names one by one, with their extension.
const MAPPED: [(&str, &str); 3] = [("xtask", "rs"), ("bench", "rs"), ("python", "py")];

/// One line of the codemap and its continuation lines: `    src/run.rs   running one binary`.
struct Entry {
    indent: usize,
    path: String,
    text: String,
}

/// Every source file under xtask/, bench/ and python/ is named in the codemap: by its path in
/// its folder's entry (`src/build.rs` under `xtask/`), or by its name in the entry of the folder
/// that holds it (`plan.rs` in the line of `src/bench/`).
pub fn codemap_names_every_source(root: &Path) -> Vec<String> {
    let architecture = match fs::read_to_string(root.join("ARCHITECTURE.md")) {
        Ok(text) => text,
        Err(e) => return vec![format!("ARCHITECTURE.md: cannot read ({e})")],
    };
    let Some(codemap) = codemap(&architecture) else {
        return vec![String::from(
            "ARCHITECTURE.md: the `## Codemap` section needs its ``` block",
        )];
    };
    let mut problems = Vec::new();
    for (folder, extension) in MAPPED {
        let mut files = Vec::new();
        sources(&root.join(folder), Path::new(""), extension, &mut files);
        problems.extend(unnamed(codemap, folder, &files));
    }
    problems
}

/// The text of the first ``` block after `## Codemap`.
fn codemap(architecture: &str) -> Option<&str> {
    let section = &architecture[architecture.find("## Codemap")?..];
    let start = section.find("```")? + 3;
    let block = &section[start..];
    let block = &block[block.find('\n')? + 1..];
    Some(&block[..block.find("```")?])
}

/// Files with `extension` under `dir`, as paths relative to the folder the walk started in.
fn sources(dir: &Path, relative: &Path, extension: &str, files: &mut Vec<String>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let (path, name) = (entry.path(), entry.file_name());
        let relative = relative.join(&name);
        if path.is_dir() && !name.to_string_lossy().starts_with('.') {
            sources(&path, &relative, extension, files);
        } else if path.extension().is_some_and(|e| e == extension) {
            files.push(relative.to_string_lossy().replace('\\', "/"));
        }
    }
    files.sort();
}

/// The files of `folder` (relative to it) that `codemap` does not name.
fn unnamed(codemap: &str, folder: &str, files: &[String]) -> Vec<String> {
    let entries = entries(codemap);
    let top = format!("{folder}/");
    let Some(at) = entries.iter().position(|e| e.indent == 0 && e.path == top) else {
        return vec![format!(
            "ARCHITECTURE.md: the codemap has no line for `{top}`; add one, with a line for each \
             of its source files"
        )];
    };
    let inside: Vec<&Entry> = entries[at + 1..]
        .iter()
        .take_while(|entry| entry.indent > 0)
        .collect();
    let named = |file: &str| {
        mentions(&entries[at].text, file)
            || inside.iter().any(|entry| {
                entry.path == file
                    || (entry.path.ends_with('/')
                        && file
                            .strip_prefix(&entry.path)
                            .is_some_and(|rest| mentions(&entry.text, rest)))
            })
    };
    files
        .iter()
        .filter(|file| !named(file))
        .map(|file| {
            let name = file.rsplit('/').next().unwrap_or(file);
            let folder_line = match file.rsplit_once('/') {
                Some((parent, _)) => format!(", or name `{name}` in the line of `{parent}/`"),
                None => String::new(),
            };
            format!(
                "ARCHITECTURE.md: the codemap does not name {folder}/{file}; add a line \
                 `    {file}  <what it is for>` under `{top}`{folder_line}"
            )
        })
        .collect()
}

/// The codemap's lines as entries: a line indented by less than 8 spaces starts one (its first
/// word is the path), a line indented more continues the one before.
fn entries(codemap: &str) -> Vec<Entry> {
    let mut entries: Vec<Entry> = Vec::new();
    for line in codemap.lines().filter(|line| !line.trim().is_empty()) {
        let indent = line.len() - line.trim_start().len();
        match entries.last_mut() {
            Some(last) if indent >= 8 => {
                last.text.push(' ');
                last.text.push_str(line.trim());
            }
            _ => {
                let (path, text) = line.trim().split_once(' ').unwrap_or((line.trim(), ""));
                let (path, text) = (path.to_owned(), text.trim().to_owned());
                entries.push(Entry { indent, path, text });
            }
        }
    }
    entries
}

/// Whether `text` names `name` as a word of its own: `plan.rs` in "plan.rs (parts", not in
/// "xplan.rs" or "src/plan.rs".
fn mentions(text: &str, name: &str) -> bool {
    let pattern = format!(r"(^|[^\w./-]){}($|[^\w])", regex::escape(name));
    Regex::new(&pattern).unwrap().is_match(text)
}

/// A figure of the bench's headline (docs/bench/results.md) is stated there and shown in the top
/// README; an example's README that restates one drifts when the bench runs again, so it
/// refers to the results instead.
pub fn readmes_refer_to_bench_figures(root: &Path, readmes: &[std::path::PathBuf]) -> Vec<String> {
    let results = match fs::read_to_string(root.join("docs/bench/results.md")) {
        Ok(text) => text,
        Err(e) => return vec![format!("docs/bench/results.md: cannot read ({e})")],
    };
    let figures = headline_figures(&results);
    if figures.is_empty() {
        return vec![String::from(
            "docs/bench/results.md: no figures found under `## Headline`; adapt \
             tests/drift.rs to the results' format",
        )];
    }
    let mut problems = Vec::new();
    for path in readmes {
        let Ok(readme) = fs::read_to_string(path) else {
            continue;
        };
        let file = path.strip_prefix(root).unwrap_or(path).display();
        for figure in figures.iter().filter(|figure| restates(&readme, figure)) {
            problems.push(format!(
                "{file}: `{figure}` restates a figure of the bench's headline; refer to \
                 docs/bench/results.md (or the top README's Benchmark section) instead, so that \
                 the next bench run cannot leave it behind"
            ));
        }
    }
    problems
}

/// The times measured in the `## Headline` table, its Rust and CPython columns: `1.65 ms`,
/// `38.4 ns`, ... (not the figures' names, such as "at 100 ms latency", nor the targets).
fn headline_figures(results: &str) -> Vec<String> {
    let Some(start) = results.find("## Headline") else {
        return Vec::new();
    };
    let section = &results[start + 2..];
    let section = &section[..section.find("\n## ").unwrap_or(section.len())];
    let time = Regex::new(r"\b\d+(?:\.\d+)? (?:ns|µs|ms|s)\b").unwrap();
    let measured = section
        .lines()
        .filter(|line| line.starts_with('|'))
        .flat_map(|row| row.split('|').skip(2).take(2));
    let mut figures: Vec<String> = measured
        .flat_map(|cell| time.find_iter(cell).map(|m| m.as_str().to_owned()))
        .collect();
    figures.sort();
    figures.dedup();
    figures
}

fn restates(text: &str, figure: &str) -> bool {
    let pattern = format!(r"(^|[^\d.]){}\b", regex::escape(figure));
    Regex::new(&pattern).unwrap().is_match(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    const CODEMAP: &str = "\
Cargo.toml            the workspace
xtask/                the tooling; a library (src/lib.rs)
    src/run.rs          running one binary
    src/bench/          the bench: plan.rs (parts, sizes), site.rs (the
                        local site), chart.rs
    tests/harness.rs    verify must be able to fail
tests/                the rules
    tidy.rs             this
";

    fn unnamed_of(files: &[&str]) -> Vec<String> {
        let files: Vec<String> = files.iter().map(|file| file.to_string()).collect();
        unnamed(CODEMAP, "xtask", &files)
    }

    #[test]
    fn a_file_is_named_by_its_path_or_in_its_folders_line() {
        let files = [
            "src/lib.rs",
            "src/run.rs",
            "src/bench/plan.rs",
            "src/bench/chart.rs",
            "tests/harness.rs",
        ];
        assert_eq!(unnamed_of(&files), Vec::<String>::new());
    }

    #[test]
    fn a_file_named_nowhere_or_elsewhere_is_reported_with_the_fix() {
        let problems = unnamed_of(&["src/examples.rs", "src/bench/run.rs", "src/tidy.rs"]);
        assert_eq!(problems.len(), 3, "{problems:?}");
        assert_eq!(
            problems[1],
            "ARCHITECTURE.md: the codemap does not name xtask/src/bench/run.rs; add a line \
             `    src/bench/run.rs  <what it is for>` under `xtask/`, or name `run.rs` in the line \
             of `src/bench/`"
        );
        let missing = unnamed(CODEMAP, "python", &[String::from("starts.py")]);
        assert!(missing[0].contains("no line for `python/`"), "{missing:?}");
    }

    #[test]
    fn only_the_headline_figures_count_and_only_whole() {
        let results = "# Results\n\n## Headline\n\n| figure | Rust | CPython | target |\n\
                       | a | 1.65 ms | fork 1.72 ms, spawn 39.7 ms | ≤ 2 ms |\n\
                       | b at 100 ms | 0.50 ns | 561 ms | < 0.5 s |\n\n\
                       ## CPU scaling\n\n| c | 503 ms | |\n";
        let figures = headline_figures(results);
        assert_eq!(
            figures,
            ["0.50 ns", "1.65 ms", "1.72 ms", "39.7 ms", "561 ms"]
        );
        assert!(restates("start-up takes 1.65 ms here", "1.65 ms"));
        assert!(!restates("start-up takes 11.65 ms here", "1.65 ms"));
        assert!(!restates("start-up takes 1.65 msec", "1.65 ms"));
    }
}
