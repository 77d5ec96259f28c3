//! URL handling that the proof-of-consent record needs: page URLs are logged without their query or fragment, which
//! can carry personal data (emails, tokens, search terms).

/// The longest page URL we keep; longer ones are cut, as the log needs the page, not every byte of its address.
pub const MAX_PAGE_URL_LEN: usize = 2_048;

/// `url` without its query string and fragment, cut to [`MAX_PAGE_URL_LEN`] bytes at a character boundary.
pub fn without_query(url: &str) -> &str {
    let end = url.find(['?', '#']).unwrap_or(url.len());
    let mut cut = end.min(MAX_PAGE_URL_LEN);
    while !url.is_char_boundary(cut) {
        cut -= 1;
    }
    &url[..cut]
}

/// Whether `url` is an absolute http(s) URL: the only kind of page a banner runs on.
pub fn is_http_url(url: &str) -> bool {
    let lower = url.get(..8).map(str::to_ascii_lowercase).unwrap_or_default();
    (lower.starts_with("http://") && url.len() > 7) || (lower.starts_with("https://") && url.len() > 8)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn drops_query_and_fragment() {
        assert_eq!(without_query("https://shop.example/cart?email=a@b.c#x"), "https://shop.example/cart");
        assert_eq!(without_query("https://shop.example/#top"), "https://shop.example/");
        assert_eq!(without_query("https://shop.example/"), "https://shop.example/");
    }

    #[test]
    fn recognises_http_urls_only() {
        assert!(is_http_url("http://127.0.0.1:8080/"));
        assert!(is_http_url("HTTPS://shop.example"));
        assert!(!is_http_url("javascript:alert(1)"));
        assert!(!is_http_url("https://"));
    }

    proptest! {
        #[test]
        fn result_never_holds_a_query_and_is_bounded(url in "\\PC{0,3000}") {
            let cut = without_query(&url);
            prop_assert!(!cut.contains('?') && !cut.contains('#'));
            prop_assert!(cut.len() <= MAX_PAGE_URL_LEN);
            prop_assert!(url.starts_with(cut));
        }
    }
}
