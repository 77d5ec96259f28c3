use super::*;

#[test]
fn placeholder() {
    assert!(import_markdown("# A\n\ntext").is_ok());
}
