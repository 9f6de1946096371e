//! Repository rules, in the spirit of rust-analyzer's tidy test. Each failure names the file and
//! the fix. Reads only files in this repository.

mod drift;
mod main_length;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use regex::Regex;
use toml::Table;
use xtask::check::compare_output;
use xtask::copy_it::{CopyIt, FOLDERS_LINE};
use xtask::examples::{EXPECTED_FILE, Example};

/// Sections every example README has, in this order.
const README_SECTIONS: [&str; 4] = [
    "## Run it",
    "## Python → Rust",
    "## What differs in Rust",
    "## Copy it",
];

/// The tutorials, as READMEs cite them (see the Sources section of the top README).
const TUTORIALS: [&str; 4] = [
    "Multithreading & Multiprocessing Python",
    "What is the difference between Multithreading and Multiprocessing in Python?",
    "Python Multithreading vs Multiprocessing: A Beginner's Guide",
    "Multithreading vs Multiprocessing in Python, and when to use which!",
];

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_owned()
}

fn read(path: &Path) -> Result<String, String> {
    fs::read_to_string(path).map_err(|e| format!("{}: cannot read ({e})", relative(path)))
}

fn relative(path: &Path) -> String {
    path.strip_prefix(root())
        .unwrap_or(path)
        .display()
        .to_string()
}

fn parse_toml(path: &Path) -> Result<Table, String> {
    read(path)?
        .parse::<Table>()
        .map_err(|e| format!("{}: not valid TOML: {e}", relative(path)))
}

/// Every folder under crates/, sorted.
fn crate_dirs() -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = fs::read_dir(root().join("crates"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.is_dir())
        .collect();
    dirs.sort();
    dirs
}

fn is_example(dir: &Path) -> bool {
    dir.join("src/main.rs").is_file()
}

fn name_of(dir: &Path) -> String {
    dir.file_name().unwrap().to_string_lossy().into_owned()
}

/// Runs every rule on every crate and reports all problems at once.
#[test]
fn tidy() {
    let workspace = parse_toml(&root().join("Cargo.toml")).unwrap();
    let top_readme = read(&root().join("README.md")).unwrap();
    let mut problems = Vec::new();
    for dir in crate_dirs() {
        let mut check = |result: Result<(), String>| problems.extend(result.err());
        check(is_workspace_member(&workspace, &dir));
        check(listed_in_top_readme(&top_readme, &dir));
        if is_example(&dir) {
            check(manifest_inherits_the_workspace(&dir));
            check(example_readme(&workspace, &dir));
            check(verify_files(&dir));
            check(readme_output_is_expected(&dir));
        } else if dir.join("README.md").is_file() {
            check(manifest_stands_alone(&workspace, &dir));
            check(support_readme(&dir));
        } else {
            check(Err(format!(
                "{}: a support crate needs a README.md saying what it offers and which examples use it",
                relative(&dir)
            )));
        }
    }
    problems.extend(top_readme_links_resolve(&top_readme));
    problems.extend(drift::codemap_names_every_source(&root()));
    let readmes: Vec<PathBuf> = crate_dirs()
        .iter()
        .map(|dir| dir.join("README.md"))
        .collect();
    problems.extend(drift::readmes_refer_to_bench_figures(&root(), &readmes));
    let examples: Vec<PathBuf> = crate_dirs().into_iter().filter(|d| is_example(d)).collect();
    problems.extend(main_length::mains_are_short(&root(), &examples));
    assert!(
        problems.is_empty(),
        "\n{} tidy problem(s):\n- {}\n",
        problems.len(),
        problems.join("\n- ")
    );
}

fn is_workspace_member(workspace: &Table, dir: &Path) -> Result<(), String> {
    let name = name_of(dir);
    let members = workspace["workspace"]["members"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let member = members
        .iter()
        .filter_map(|m| m.as_str())
        .any(|m| m == format!("crates/{name}") || m == "crates/*");
    if member {
        Ok(())
    } else {
        Err(format!(
            "Cargo.toml: crates/{name} is not a workspace member; add it to [workspace] members"
        ))
    }
}

/// A crate's Cargo.toml, its path for messages, and its [package], after the checks every crate
/// gets: the package is named after its folder and describes itself in one line.
fn manifest_of(dir: &Path) -> Result<(Table, String, Table), String> {
    let path = dir.join("Cargo.toml");
    let manifest = parse_toml(&path)?;
    let file = relative(&path);
    let package = manifest
        .get("package")
        .and_then(|p| p.as_table())
        .cloned()
        .ok_or(format!("{file}: no [package]"))?;
    let name = name_of(dir);
    if package.get("name").and_then(|n| n.as_str()) != Some(name.as_str()) {
        return Err(format!(
            "{file}: the package name must be the folder name, `{name}`"
        ));
    }
    if package
        .get("description")
        .and_then(|d| d.as_str())
        .is_none_or(str::is_empty)
    {
        return Err(format!("{file}: add a one-line `description` to [package]"));
    }
    Ok((manifest, file, package))
}

fn manifest_inherits_the_workspace(dir: &Path) -> Result<(), String> {
    let (manifest, file, package) = manifest_of(dir)?;
    for key in ["version", "edition", "rust-version", "license", "publish"] {
        let inherited = package
            .get(key)
            .and_then(|v| v.get("workspace"))
            .and_then(|w| w.as_bool());
        if inherited != Some(true) {
            return Err(format!("{file}: set `{key}.workspace = true` in [package]"));
        }
    }
    let lints = manifest
        .get("lints")
        .and_then(|l| l.get("workspace"))
        .and_then(|w| w.as_bool());
    if lints != Some(true) {
        return Err(format!("{file}: add `[lints]\\nworkspace = true`"));
    }
    for table in ["dependencies", "dev-dependencies"] {
        let deps = manifest
            .get(table)
            .and_then(|d| d.as_table())
            .cloned()
            .unwrap_or_default();
        for (dep, spec) in deps {
            let from_workspace = spec.get("workspace").and_then(|w| w.as_bool()) == Some(true);
            let local_path = spec.get("path").is_some();
            if !from_workspace && !local_path {
                return Err(format!(
                    "{file}: [{table}] `{dep}` must be `{dep}.workspace = true`, with its version pinned \
                     once in the root Cargo.toml"
                ));
            }
        }
    }
    Ok(())
}

fn listed_in_top_readme(top_readme: &str, dir: &Path) -> Result<(), String> {
    let name = name_of(dir);
    let link = format!("[{name}](crates/{name})");
    if !is_example(dir) {
        return match top_readme.contains(&link) {
            true => Ok(()),
            false => Err(format!(
                "README.md: link the support crate as `{link}` in its list"
            )),
        };
    }
    // A row of the examples table: `| 11 | T1, Thread-Safe Counter | [shared_counter](...) | ... |`.
    let row = Regex::new(&format!(
        r"(?m)^\| \d+ \| [^|]+ \| {} \|",
        regex::escape(&link)
    ))
    .unwrap();
    match row.is_match(top_readme) {
        true => Ok(()),
        false => Err(format!(
            "README.md: the examples table has no row with `{link}` in its Crate column; add the \
             row, or replace its `not yet ported` text with that link"
        )),
    }
}

fn top_readme_links_resolve(top_readme: &str) -> Vec<String> {
    top_readme
        .match_indices("](crates/")
        .map(|(at, _)| {
            let rest = &top_readme[at + 2..];
            &rest[..rest.find(')').unwrap_or(rest.len())]
        })
        .filter(|target| !root().join(target).exists())
        .map(|target| {
            format!("README.md: the link to `{target}` points at nothing; fix or remove it")
        })
        .collect()
}

/// The output a README shows under `## Run it` (its first ```text block) is output verify
/// would accept, so the README cannot drift from expected.stdout.
fn readme_output_is_expected(dir: &Path) -> Result<(), String> {
    let path = dir.join("README.md");
    let readme = read(&path)?;
    let file = relative(&path);
    let run_it = readme
        .split_once("\n## Run it\n")
        .map(|(_, rest)| rest.split("\n## ").next().unwrap_or(rest))
        .ok_or(format!("{file}: add a `## Run it` section"))?;
    let shown = run_it
        .split_once("```text\n")
        .and_then(|(_, rest)| rest.split_once("```"))
        .map(|(block, _)| block)
        .ok_or(format!(
            "{file}: `## Run it` needs a ```text block with what the first command prints"
        ))?;
    let example = Example::load(dir).map_err(|e| format!("{e} (see xtask/src/spec.rs)"))?;
    match compare_output(&example.spec, &example.expected, shown).1 {
        None => Ok(()),
        Some(diff) => Err(format!(
            "{file}: the output under `## Run it` is not what {} accepts; show a real run's \
             output:\n{diff}",
            relative(&example.expected_path())
        )),
    }
}

/// expected.stdout and verify.toml exist, parse, and can fail: an expected output made only of
/// wildcards would accept anything.
fn verify_files(dir: &Path) -> Result<(), String> {
    let example =
        Example::load(dir).map_err(|e| format!("{e} (see xtask/src/spec.rs for the format)"))?;
    let literal = |line: &str| line != "..." && !line.replace("[..]", "").trim().is_empty();
    if !example.expected.lines().any(literal) {
        return Err(format!(
            "{}: has no literal line, so verify could never fail on it; write the output it prints",
            relative(&dir.join(EXPECTED_FILE))
        ));
    }
    if !example.expected.ends_with('\n') {
        return Err(format!(
            "{}: end the last line with a newline",
            relative(&dir.join(EXPECTED_FILE))
        ));
    }
    Ok(())
}

/// The README cites the tutorial, has the standard sections, and shows a standalone Cargo.toml
/// whose dependencies are exactly the crate's, at the workspace's pinned versions and features.
fn example_readme(workspace: &Table, dir: &Path) -> Result<(), String> {
    let path = dir.join("README.md");
    let readme = read(&path)?;
    let file = relative(&path);
    let name = name_of(dir);
    if !readme.starts_with(&format!("# {name}\n")) {
        return Err(format!("{file}: start with the title `# {name}`"));
    }
    let flowing: String = readme.split_whitespace().collect::<Vec<_>>().join(" ");
    if !TUTORIALS.iter().any(|title| flowing.contains(title)) {
        return Err(format!(
            "{file}: name the tutorial the program comes from, by its title"
        ));
    }
    let mut last = 0;
    for section in README_SECTIONS {
        match readme.find(&format!("\n{section}\n")) {
            Some(at) if at >= last => last = at,
            Some(_) => {
                return Err(format!(
                    "{file}: put `{section}` after the sections before it"
                ));
            }
            None => {
                return Err(format!(
                    "{file}: add a `{section}` section (see crates/hello_threads/README.md)"
                ));
            }
        }
    }
    let copy_it = CopyIt::parse(&readme).ok_or(format!("{file}: add a `## Copy it` section"))?;
    let block = copy_it.manifest.as_deref().ok_or(format!(
        "{file}: `## Copy it` needs a ```toml block with the standalone Cargo.toml"
    ))?;
    let shown = block
        .parse::<Table>()
        .map_err(|e| format!("{file}: the Cargo.toml block is not TOML: {e}"))?;
    if shown
        .get("package")
        .and_then(|p| p.get("name"))
        .and_then(|n| n.as_str())
        != Some(name.as_str())
    {
        return Err(format!(
            "{file}: the Cargo.toml block needs `name = \"{name}\"` in [package]"
        ));
    }
    let manifest = parse_toml(&dir.join("Cargo.toml"))?;
    let wanted = standalone_dependencies(workspace, &manifest);
    let shown_deps = dependency_table(&shown);
    if shown_deps != wanted {
        return Err(format!(
            "{file}: the Cargo.toml block's [dependencies] must match the crate's, pinned as in the \
             root Cargo.toml.\n  shown:  {shown_deps:?}\n  wanted: {wanted:?}"
        ));
    }
    folders_line_names_what_comes_along(&file, &copy_it, &shown)
}

/// A support crate's README has a `## Copy it` section whose folders line names the support
/// crates it needs in turn (usually none).
fn support_readme(dir: &Path) -> Result<(), String> {
    let path = dir.join("README.md");
    let file = relative(&path);
    let copy_it = CopyIt::parse(&read(&path)?).ok_or(format!(
        "{file}: add a `## Copy it` section saying that the folder goes beside the example that \
         uses it, and which folders it needs in turn"
    ))?;
    folders_line_names_what_comes_along(&file, &copy_it, &parse_toml(&dir.join("Cargo.toml"))?)
}

/// The `Folders to put beside it:` line links exactly the folders a copy needs beside it: the
/// path dependencies of `manifest`, theirs, and so on.
fn folders_line_names_what_comes_along(
    file: &str,
    copy_it: &CopyIt,
    manifest: &Table,
) -> Result<(), String> {
    let needed = support_folders(manifest)?;
    let line = copy_it.folders_line.as_deref().ok_or(format!(
        "{file}: in `## Copy it`, add a paragraph starting `{FOLDERS_LINE}` that names the folders a \
         copy needs beside it and why, or says `none`"
    ))?;
    let mut named: Vec<String> = xtask::copy_it::link_targets(line)
        .iter()
        .filter_map(|target| target.strip_prefix("../"))
        .map(|folder| folder.trim_end_matches('/').to_owned())
        .collect();
    named.sort();
    named.dedup();
    let says_none = needed.is_empty() && line.contains(": none");
    if named == needed && (!needed.is_empty() || says_none) {
        return Ok(());
    }
    let links: Vec<String> = needed.iter().map(|f| format!("[{f}](../{f})")).collect();
    Err(format!(
        "{file}: the `{FOLDERS_LINE}` paragraph must link exactly the folders a copy needs beside \
         it (its path dependencies and theirs), each with why: {}",
        match links.is_empty() {
            true => String::from("say `none`"),
            false => links.join(", "),
        }
    ))
}

/// The folders beside it that a crate with this manifest needs: its normal (not dev) path
/// dependencies, theirs, and so on, by folder name.
fn support_folders(manifest: &Table) -> Result<Vec<String>, String> {
    let mut found: Vec<String> = Vec::new();
    let mut pending = path_dependencies(manifest);
    while let Some(folder) = pending.pop() {
        if found.contains(&folder) {
            continue;
        }
        let theirs = parse_toml(&root().join("crates").join(&folder).join("Cargo.toml"))?;
        pending.extend(path_dependencies(&theirs));
        found.push(folder);
    }
    found.sort();
    Ok(found)
}

/// The folder names of the `path = "../name"` entries of [dependencies], target-specific ones
/// included.
fn path_dependencies(manifest: &Table) -> Vec<String> {
    dependency_tables(manifest)
        .into_iter()
        .filter(|(kind, _)| *kind == "dependencies")
        .flat_map(|(_, deps)| deps.values().cloned().collect::<Vec<_>>())
        .filter_map(|spec| {
            let path = spec.get("path")?.as_str()?.strip_prefix("../")?.to_owned();
            Some(path.trim_end_matches('/').to_owned())
        })
        .collect()
}

/// Every dependency table of a manifest with its kind (`dependencies`, `dev-dependencies`,
/// `build-dependencies`), those under `[target.'cfg(...)']` included.
fn dependency_tables(manifest: &Table) -> Vec<(&'static str, &Table)> {
    let kinds = ["dependencies", "dev-dependencies", "build-dependencies"];
    let targets = manifest
        .get("target")
        .and_then(|t| t.as_table())
        .into_iter()
        .flat_map(|targets| targets.values().filter_map(|t| t.as_table()));
    std::iter::once(manifest)
        .chain(targets)
        .flat_map(|table| {
            kinds
                .iter()
                .filter_map(|kind| Some((*kind, table.get(*kind)?.as_table()?)))
        })
        .collect()
}

/// A support crate is copied beside an example, where no workspace is above it: its manifest
/// spells out what an example's inherits, with the same values, and pins each dependency as the
/// root Cargo.toml does (it may add features, as `dep = { workspace = true, features = [...] }`
/// may).
fn manifest_stands_alone(workspace: &Table, dir: &Path) -> Result<(), String> {
    let (manifest, file, package) = manifest_of(dir)?;
    let inherited = &workspace["workspace"]["package"];
    for key in ["version", "edition", "rust-version", "license", "publish"] {
        if package.get(key) != inherited.get(key) {
            return Err(format!(
                "{file}: set `{key} = {}` in [package], as in the root Cargo.toml, not \
                 `{key}.workspace = true`: a copied folder has no workspace above it",
                inherited
                    .get(key)
                    .map_or(String::from("?"), |v| v.to_string())
            ));
        }
    }
    if manifest.get("lints") != workspace["workspace"].get("lints") {
        return Err(format!(
            "{file}: copy the root Cargo.toml's [workspace.lints] tables here as [lints.rust] and \
             [lints.clippy], unchanged (`[lints] workspace = true` needs a workspace)"
        ));
    }
    let pinned = &workspace["workspace"]["dependencies"];
    for (kind, deps) in dependency_tables(&manifest) {
        for (dep, spec) in deps {
            if spec.get("path").is_some() {
                continue;
            }
            let Some(pin) = pinned.get(dep.as_str()) else {
                return Err(format!(
                    "{file}: [{kind}] `{dep}` has no pin in the root Cargo.toml's \
                     [workspace.dependencies]; add it there first"
                ));
            };
            let (version, features, default_features) = describe(spec);
            let (pin_version, pin_features, pin_default_features) = describe(pin);
            if spec.get("workspace").is_some()
                || version != pin_version
                || default_features != pin_default_features
                || !pin_features.iter().all(|f| features.contains(f))
            {
                return Err(format!(
                    "{file}: [{kind}] `{dep}` must be pinned as in the root Cargo.toml, written \
                     out: {dep} = {pin}"
                ));
            }
        }
    }
    Ok(())
}

/// A dependency as a reader would write it: version (or `path` for a support crate of this
/// repository, which a reader copies along), features (sorted), default-features.
type Dependency = (String, Vec<String>, bool);

fn describe(spec: &toml::Value) -> Dependency {
    match spec {
        toml::Value::String(version) => (version.clone(), Vec::new(), true),
        table if table.get("path").is_some() => (String::from("path"), Vec::new(), true),
        table => {
            let mut features: Vec<String> = table
                .get("features")
                .and_then(|f| f.as_array())
                .map(|f| {
                    f.iter()
                        .filter_map(|x| x.as_str())
                        .map(String::from)
                        .collect()
                })
                .unwrap_or_default();
            features.sort();
            let version = table
                .get("version")
                .and_then(|v| v.as_str())
                .unwrap_or("")
                .to_owned();
            let default_features = table
                .get("default-features")
                .and_then(|d| d.as_bool())
                .unwrap_or(true);
            (version, features, default_features)
        }
    }
}

/// The crate's normal dependencies, resolved against `[workspace.dependencies]`.
fn standalone_dependencies(workspace: &Table, manifest: &Table) -> BTreeMap<String, Dependency> {
    let pinned = &workspace["workspace"]["dependencies"];
    let deps = manifest
        .get("dependencies")
        .and_then(|d| d.as_table())
        .cloned()
        .unwrap_or_default();
    deps.iter()
        .map(|(name, spec)| {
            if spec.get("path").is_some() {
                return (name.clone(), describe(spec));
            }
            let (version, mut features, default_features) =
                pinned.get(name.as_str()).map(describe).unwrap_or_default();
            let extra = describe(spec).1;
            features.extend(extra);
            features.sort();
            features.dedup();
            (name.clone(), (version, features, default_features))
        })
        .collect()
}

fn dependency_table(manifest: &Table) -> BTreeMap<String, Dependency> {
    let deps = manifest
        .get("dependencies")
        .and_then(|d| d.as_table())
        .cloned()
        .unwrap_or_default();
    deps.iter()
        .map(|(name, spec)| (name.clone(), describe(spec)))
        .collect()
}
