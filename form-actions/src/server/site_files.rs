//! The start-up check of the site's files against `LEPTOS_HASH_FILES`: pages
//! name the bundle's files by the hashes in `hash.txt` (beside the binary) when
//! it is true, and by their plain names when it is false. Either mistake gives
//! pages without styles that never hydrate, and with a split bundle, with hashes
//! on and no `hash.txt`, a panic in every render. Said at start-up instead.
//!
//! Server only.

use leptos::config::LeptosOptions;
use std::path::{Path, PathBuf};

/// Refuses a server whose pages would name bundle files it does not have:
/// `LEPTOS_HASH_FILES` true, and no `hash.txt` beside the binary, or one whose
/// script is not in the site's directory (another build's). With hashes off and
/// no plain script in the site's directory, it only logs an error, since a
/// server may run without its bundle (the HTTP tests run the binary so).
pub fn check_site_files(options: &LeptosOptions) -> Result<(), String> {
    let exe = std::env::current_exe().map_err(|e| format!("the server's own path: {e}"))?;
    let beside = exe.parent().unwrap_or(Path::new("."));
    match check(options, beside)? {
        None => Ok(()),
        Some(warning) => {
            tracing::error!("{warning}");
            Ok(())
        }
    }
}

/// The check, with the binary's directory given: an error to refuse, or a
/// warning to log.
fn check(options: &LeptosOptions, beside: &Path) -> Result<Option<String>, String> {
    let pkg = Path::new(&*options.site_root).join(&*options.site_pkg_dir);
    let hash_file = beside.join(&*options.hash_file);
    if !options.hash_files {
        let plain = pkg.join(format!("{}.js", options.output_name));
        return Ok((!plain.is_file()).then(|| {
            format!(
                "LEPTOS_HASH_FILES is off, and there is no {}: the pages name it, so they \
                 will not hydrate. A release build's files are hashed: set \
                 LEPTOS_HASH_FILES=true and keep its {} beside the binary.",
                plain.display(),
                options.hash_file
            )
        }));
    }
    let hashes = std::fs::read_to_string(&hash_file).map_err(|e| {
        format!(
            "LEPTOS_HASH_FILES is true, but {} cannot be read ({e}): the pages would name \
             no file of the bundle. Ship the {} that the release build wrote beside the \
             binary, or set LEPTOS_HASH_FILES=false for a build without hashes.",
            hash_file.display(),
            options.hash_file
        )
    })?;
    let script = hashed_script(&hashes, &pkg, &options.output_name).ok_or_else(|| {
        format!(
            "{} names no script (`js: <hash>`): it is not a bundle's hash file.",
            hash_file.display()
        )
    })?;
    if !script.is_file() {
        return Err(format!(
            "{} names {}, which is not there: the hash file and the site's files \
             ({}) come from different builds. Ship the two from the same build.",
            hash_file.display(),
            script.display(),
            pkg.display()
        ));
    }
    Ok(None)
}

/// The script a hash file names: `pkg/<output name>.<hash>.js`, as Leptos
/// renders it.
fn hashed_script(hashes: &str, pkg: &Path, output_name: &str) -> Option<PathBuf> {
    hashes.lines().find_map(|line| {
        let (kind, hash) = line.trim().split_once(':')?;
        (kind.trim() == "js").then(|| pkg.join(format!("{output_name}.{}.js", hash.trim())))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A site in a directory of its own: `pkg/` with the given files, and the
    /// binary's directory with the given hash file.
    fn site(files: &[&str], hash_file: Option<&str>) -> (PathBuf, LeptosOptions, PathBuf) {
        let root = std::env::temp_dir().join(format!("site-files-{}", uuid::Uuid::new_v4()));
        let pkg = root.join("site/pkg");
        let bin = root.join("bin");
        std::fs::create_dir_all(&pkg).unwrap();
        std::fs::create_dir_all(&bin).unwrap();
        for file in files {
            std::fs::write(pkg.join(file), "").unwrap();
        }
        if let Some(text) = hash_file {
            std::fs::write(bin.join("hash.txt"), text).unwrap();
        }
        let options = LeptosOptions::builder()
            .output_name("app")
            .site_root(root.join("site").to_string_lossy().into_owned())
            .site_pkg_dir("pkg")
            .hash_files(hash_file.is_some())
            .build();
        (root, options, bin)
    }

    #[test]
    fn hashes_on_need_the_hash_file_and_the_script_it_names() {
        let (root, options, bin) = site(&["app.abc.js"], Some("js: abc\nwasm: def\ncss: ghi\n"));
        assert_eq!(check(&options, &bin), Ok(None));

        // Another build's hash file: refused, naming what is missing.
        std::fs::write(bin.join("hash.txt"), "js: zzz\n").unwrap();
        let refused = check(&options, &bin).unwrap_err();
        assert!(refused.contains("app.zzz.js"), "{refused}");

        // No hash file at all: refused.
        std::fs::remove_file(bin.join("hash.txt")).unwrap();
        let refused = check(&options, &bin).unwrap_err();
        assert!(refused.contains("LEPTOS_HASH_FILES is true"), "{refused}");
        std::fs::remove_dir_all(root).unwrap();
    }

    #[test]
    fn hashes_off_without_the_plain_script_is_said_not_refused() {
        let (root, options, bin) = site(&["app.js"], None);
        assert_eq!(check(&options, &bin), Ok(None));
        std::fs::remove_file(Path::new(&*options.site_root).join("pkg/app.js")).unwrap();
        let warning = check(&options, &bin).unwrap().expect("a warning");
        assert!(warning.contains("LEPTOS_HASH_FILES is off"), "{warning}");
        std::fs::remove_dir_all(root).unwrap();
    }
}
