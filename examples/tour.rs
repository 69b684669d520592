//! A tour of frontdesk (filled in as the core lands).
fn main() {
    println!("frontdesk {}", env!("CARGO_PKG_VERSION"));
}
