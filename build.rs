//! Cargo runs this before it compiles the crate. `sqlx::migrate!` (src/db.rs)
//! copies `migrations/` into the binary when the crate compiles, but Cargo does
//! not know that it reads the folder: without this line a new migration is not
//! picked up until src/db.rs changes. (What `sqlx migrate build-script` writes.)
fn main() {
    println!("cargo:rerun-if-changed=migrations");
}
