// The default theme is embedded in the binary (see src/theme.rs); rebuild when it changes.
fn main() {
    println!("cargo:rerun-if-changed=themes/default");
}
