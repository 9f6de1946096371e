//! A README's `## Copy it` section, read as a copier reads it: the standalone Cargo.toml in its
//! ```toml block, the crate's own files it links to (`[src/main.rs](src/main.rs)`), and the
//! folders it links to beside the crate (`[fetch](../fetch)`).

use std::path::PathBuf;

pub const HEADING: &str = "## Copy it";

/// The line that says which folders come along and why, in every crate's Copy it section.
pub const FOLDERS_LINE: &str = "Folders to put beside it:";

#[derive(Debug, PartialEq)]
pub struct CopyIt {
    /// The Cargo.toml to write, as shown.
    pub manifest: Option<String>,
    /// The crate's own files and folders it links to, relative to the crate.
    pub files: Vec<PathBuf>,
    /// Names of the folders it links to beside the crate (`../fetch` gives `fetch`).
    pub folders: Vec<String>,
    /// The paragraph that starts with [`FOLDERS_LINE`], joined into one line.
    pub folders_line: Option<String>,
}

impl CopyIt {
    /// The `## Copy it` section of `readme`, up to the next `## ` heading; `None` without one.
    pub fn parse(readme: &str) -> Option<CopyIt> {
        let start = readme.find(&format!("\n{HEADING}\n"))? + 1;
        let body = &readme[start + HEADING.len()..];
        let section = &body[..body.find("\n## ").map_or(body.len(), |end| end + 1)];
        let mut copy_it = CopyIt {
            manifest: toml_block(section).map(String::from),
            files: Vec::new(),
            folders: Vec::new(),
            folders_line: folders_paragraph(section),
        };
        for target in link_targets(section) {
            let target = target.trim_end_matches('/');
            match target.strip_prefix("../") {
                // A folder beside the crate; a link further up is no part of the copy.
                Some(folder) if !folder.contains('/') && folder != ".." => {
                    copy_it.folders.push(folder.to_owned());
                }
                Some(_) => {}
                None if !target.starts_with('/') && !target.split('/').any(|c| c == "..") => {
                    copy_it.files.push(PathBuf::from(target));
                }
                None => {}
            }
        }
        copy_it.files.sort();
        copy_it.files.dedup();
        copy_it.folders.sort();
        copy_it.folders.dedup();
        Some(copy_it)
    }
}

fn toml_block(section: &str) -> Option<&str> {
    let start = section.find("```toml\n")? + "```toml\n".len();
    let length = section[start..].find("```")?;
    Some(&section[start..start + length])
}

fn folders_paragraph(section: &str) -> Option<String> {
    let start = section.find(&format!("\n{FOLDERS_LINE}"))? + 1;
    let paragraph = &section[start..];
    let paragraph = &paragraph[..paragraph.find("\n\n").unwrap_or(paragraph.len())];
    Some(paragraph.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// Relative link targets outside code blocks, without any `#fragment`: `](src/main.rs)` gives
/// `src/main.rs`. Web links and in-page anchors are skipped.
pub fn link_targets(text: &str) -> Vec<&str> {
    let mut in_code = false;
    let mut targets = Vec::new();
    for line in text.lines() {
        if line.trim_start().starts_with("```") {
            in_code = !in_code;
            continue;
        }
        if in_code {
            continue;
        }
        for (at, _) in line.match_indices("](") {
            let rest = &line[at + 2..];
            let Some(end) = rest.find(')') else { continue };
            let target = rest[..end].split('#').next().unwrap_or("");
            if !target.is_empty() && !target.contains("://") && !target.starts_with("mailto:") {
                targets.push(target);
            }
        }
    }
    targets
}

#[cfg(test)]
mod tests {
    use super::*;

    const README: &str = "# demo\n\n## Run it\n\nSee [fetch](../fetch).\n\n## Copy it\n\n\
        `Cargo.toml`:\n\n```toml\n[package]\nname = \"demo\"\n```\n\n\
        and [src/main.rs](src/main.rs), tested by [tests/cli.rs](tests/cli.rs#L3).\n\n\
        Folders to put beside it: [helper](../helper/), which\nhelps, and\
        [site](../site).\n\nSee [docs](https://docs.rs), [above](#run-it) and the\
        [sources](../../README.md#sources).\n\n## Later\n\n\
        [other](../other)\n";

    #[test]
    fn reads_the_manifest_files_and_folders_of_the_section_only() {
        let copy_it = CopyIt::parse(README).unwrap();
        assert_eq!(
            copy_it.manifest.as_deref(),
            Some("[package]\nname = \"demo\"\n")
        );
        assert_eq!(
            copy_it.files,
            [PathBuf::from("src/main.rs"), PathBuf::from("tests/cli.rs")]
        );
        assert_eq!(copy_it.folders, ["helper", "site"]);
        assert_eq!(
            copy_it.folders_line.as_deref(),
            Some(
                "Folders to put beside it: [helper](../helper/), which helps, and[site](../site)."
            )
        );
    }

    #[test]
    fn a_readme_without_the_section_has_none() {
        assert_eq!(CopyIt::parse("# demo\n\n## Run it\n"), None);
        let bare = CopyIt::parse("# demo\n\n## Copy it\n\nNothing.\n").unwrap();
        assert_eq!(bare.manifest, None);
        assert_eq!(bare.folders_line, None);
    }
}
