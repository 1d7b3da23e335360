//! Spec L4: a text missing in one language, or a value a translation leaves
//! out, fails the build. Each language's file is compiled with `rustc` against
//! `text.rs` and the layer's `kit_text.rs` (the two have no dependency), once
//! as it is, which must build, and once with one mistake, which must not.

use std::{path::PathBuf, process::Command};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn source(language: &str) -> String {
    let path = root().join("src/i18n").join(format!("{language}.rs"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Builds `translation` (a language's file) as the module `lang` of a crate
/// holding the texts; `Err` is rustc's message.
fn build(name: &str, translation: &str) -> Result<(), String> {
    let dir = std::env::temp_dir().join(format!(
        "i18n-check-{}-{name}-{}",
        std::process::id(),
        uuid::Uuid::new_v4().simple()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    let text = root().join("src/i18n/text.rs");
    let kit = root().join("form-actions/src/i18n/kit_text.rs");
    let lib = format!(
        "#![allow(dead_code)]\n\
         #[path = {text:?}]\nmod text;\n\
         #[path = {kit:?}]\nmod kit_text;\n\
         pub use kit_text::KitText;\n\
         pub use text::*;\n\
         mod lang;\n"
    );
    std::fs::write(dir.join("lib.rs"), lib).unwrap();
    std::fs::write(dir.join("lang.rs"), translation).unwrap();
    let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into());
    let out = Command::new(rustc)
        .args([
            "--edition",
            "2021",
            "--crate-type",
            "lib",
            "--emit",
            "metadata",
        ])
        .args(["--crate-name", "i18n_check", "--out-dir"])
        .arg(&dir)
        .arg(dir.join("lib.rs"))
        .output()
        .expect("rustc runs");
    let _ = std::fs::remove_dir_all(&dir);
    if out.status.success() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&out.stderr).into_owned())
    }
}

/// `source` with `line` taken out (it must be there).
fn without(source: &str, line: &str) -> String {
    assert!(source.contains(line), "the file no longer has {line:?}");
    source.replacen(line, "", 1)
}

#[test]
fn l4_each_language_builds_alone() {
    for language in ["en", "ja"] {
        if let Err(error) = build(language, &source(language)) {
            panic!("{language}.rs does not build alone:\n{error}");
        }
    }
}

/// The first arm of `text` that is a plain text (`Text::Home => "ホーム",`).
fn a_plain_text(source: &str) -> &str {
    source
        .lines()
        .find(|l| l.trim_start().starts_with("Text::") && l.contains(" => \"") && l.ends_with(','))
        .expect("a plain text")
}

#[test]
fn l4_a_text_missing_in_japanese_fails_the_build() {
    let ja = source("ja");
    let line = a_plain_text(&ja);
    let variant = line.trim().split(' ').next().unwrap();
    let error = build("missing", &without(&ja, line)).expect_err("a missing text must not build");
    assert!(error.contains("E0004"), "{error}");
    assert!(error.contains(variant), "{variant} not named: {error}");
}

#[test]
fn l4_a_layer_text_missing_in_japanese_fails_the_build() {
    let ja = source("ja");
    let line = ja
        .lines()
        .find(|l| l.trim_start().starts_with("KitText::ErrorPrefix =>"))
        .expect("the Error: prefix");
    let error = build("kit", &without(&ja, line)).expect_err("a missing layer text must not build");
    assert!(error.contains("E0004"), "{error}");
    assert!(error.contains("KitText::ErrorPrefix"), "{error}");
}

#[test]
fn l4_a_value_left_out_of_a_translation_fails_the_build() {
    let ja = source("ja");
    // The first text with a value (`Text::Welcome { name } => … format!("…{name}…")`).
    let line = ja
        .lines()
        .find(|l| l.contains("Text::") && l.contains(" } =>") && l.contains("format!("))
        .expect("a text with a value");
    let value = line.split("{ ").nth(1).unwrap().split(' ').next().unwrap();
    let dropped = line.replacen(&format!("{{{value}}}"), "", 1);
    assert_ne!(dropped, line, "{line}");
    let error = build("value", &ja.replacen(line, &dropped, 1))
        .expect_err("a translation without its value must not build");
    assert!(
        error.contains(&format!("unused variable: `{value}`")),
        "{error}"
    );
}
