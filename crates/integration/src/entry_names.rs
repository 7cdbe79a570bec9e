//! Names of the files inside an export archive: a resident's file name
//! becomes one path segment that no unzip tool reads as a way out of the
//! folder (no separators, no `..`, nothing hidden or reserved), of bounded
//! length, and unique within its folder.

use std::collections::HashSet;

/// Most characters of a name (a zip entry's full path stays well under
/// the 255 bytes file systems take).
pub const MAX_NAME_CHARS: usize = 80;

/// One safe path segment from any text; `fallback` when nothing is left.
pub fn segment(name: &str, fallback: &str) -> String {
    let replaced: String = name
        .chars()
        .map(|c| {
            if c.is_control()
                || kernel::text::is_hidden_format(c)
                || matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|')
            {
                '_'
            } else {
                c
            }
        })
        .collect();
    // A leading dot hides a file (or, as `..`, climbs); trailing dots and
    // spaces are dropped by Windows.
    let trimmed = replaced
        .trim_start_matches(['.', ' '])
        .trim_end_matches(['.', ' ']);
    let bounded = bound(trimmed, MAX_NAME_CHARS);
    if bounded.is_empty() {
        fallback.to_string()
    } else {
        bounded
    }
}

/// `name` cut to `max` characters, its extension kept.
fn bound(name: &str, max: usize) -> String {
    if name.chars().count() <= max {
        return name.to_string();
    }
    let (stem, extension) = match name.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() && ext.chars().count() <= 10 => (stem, ext),
        _ => (name, ""),
    };
    let keep = max.saturating_sub(extension.chars().count() + 1).max(1);
    let stem: String = stem.chars().take(keep).collect();
    let stem = stem.trim_end_matches(['.', ' ']);
    if extension.is_empty() {
        stem.to_string()
    } else {
        format!("{stem}.{extension}")
    }
}

/// The names given in one folder, so a second `scan.pdf` becomes
/// `scan (2).pdf`. Names are compared ignoring case, as Windows and macOS
/// do.
#[derive(Default)]
pub struct Folder {
    taken: HashSet<String>,
}

impl Folder {
    /// A unique safe name for `name` in this folder.
    pub fn name(&mut self, name: &str) -> String {
        let first = segment(name, "file");
        if self.taken.insert(first.to_lowercase()) {
            return first;
        }
        let (stem, extension) = match first.rsplit_once('.') {
            Some((stem, ext)) if !stem.is_empty() => (stem.to_string(), format!(".{ext}")),
            _ => (first.clone(), String::new()),
        };
        let mut n = 2u32;
        loop {
            let candidate = format!("{stem} ({n}){extension}");
            if self.taken.insert(candidate.to_lowercase()) {
                return candidate;
            }
            n = n.saturating_add(1);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_name_leaves_its_folder() {
        assert_eq!(segment("../../etc/passwd", "file"), "_.._etc_passwd");
        assert_eq!(segment("..", "file"), "file");
        assert_eq!(
            segment("C:\\Windows\\evil.bat", "file"),
            "C__Windows_evil.bat"
        );
        assert_eq!(segment(".hidden.pdf", "file"), "hidden.pdf");
        assert_eq!(segment("a\u{0}b\u{202e}fdp.exe", "file"), "a_b_fdp.exe");
        assert_eq!(segment("   ", "file"), "file");
        assert_eq!(segment("住民票 .pdf", "file"), "住民票 .pdf");
    }

    #[test]
    fn long_names_are_cut_keeping_their_extension() {
        let long = format!("{}.pdf", "あ".repeat(200));
        let cut = segment(&long, "file");
        assert_eq!(cut.chars().count(), MAX_NAME_CHARS);
        assert!(cut.ends_with("あ.pdf"), "{cut}");
    }

    #[test]
    fn duplicates_are_numbered() {
        let mut folder = Folder::default();
        assert_eq!(folder.name("scan.pdf"), "scan.pdf");
        assert_eq!(folder.name("SCAN.pdf"), "SCAN (2).pdf");
        assert_eq!(folder.name("scan.pdf"), "scan (3).pdf");
        assert_eq!(folder.name("../scan.pdf"), "_scan.pdf");
        assert_eq!(folder.name(""), "file");
        assert_eq!(folder.name(".."), "file (2)");
    }
}
