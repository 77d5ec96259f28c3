//! Markdown inline markup reduced to the text a reader sees: emphasis and code marks dropped, links and images
//! replaced by their text, HTML tags removed and entities decoded (every HTML5 named entity, `&eacute;` included).
//! Nothing of HTML passes through. The inline rules are CommonMark's, read by `pulldown-cmark`.

use pulldown_cmark::{BrokenLink, CowStr, Event, LinkType, Options, Parser, Tag, TagEnd};

/// The visible text of a line of Markdown inline content.
pub(crate) fn plain(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for event in inline_events(text) {
        match event {
            Event::Text(text) | Event::Code(text) => out.push_str(&text),
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            // A line that opens with a block-level tag (`<p>Text</p>`) is an HTML block to CommonMark: its text is
            // still the policy's, so the tag is dropped and the rest read as inline content.
            Event::Html(html) => {
                let after_tag = html.split_once('>').map_or("", |(_, rest)| rest);
                out.push(' ');
                out.push_str(&plain(after_tag));
            }
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The text and target of a line that is nothing but a link to a place in the same document (`[Cookies](#cookies)`),
/// as the entries of a Markdown table of contents are.
#[cfg(test)]
fn anchor_link(text: &str) -> Option<(String, String)> {
    let mut inline = InlineText::default();
    inline_events(text.trim()).iter().for_each(|event| inline.push(event));
    let (text, anchor) = inline.take();
    anchor.map(|target| (text, target))
}

/// The text of one run of inline content (a heading, a paragraph, a tight list item's text) as its events arrive
/// from the block-level reader, and whether the run is nothing but a link to an anchor in the document.
#[derive(Debug, Default)]
pub(crate) struct InlineText {
    text: String,
    anchor: Anchor,
}

/// How far a run is from being nothing but one link to `#somewhere`.
#[derive(Debug, Default)]
enum Anchor {
    /// Nothing but white space yet.
    #[default]
    Before,
    /// Inside a link to an anchor that opened the run.
    Inside(String),
    /// After that link, with only white space since.
    After(String),
    /// Anything else.
    NotOnly,
}

impl InlineText {
    /// Takes one inline event: text, code and line breaks are kept as text; emphasis marks, link targets and HTML tags
    /// are dropped.
    pub(crate) fn push(&mut self, event: &Event<'_>) {
        match event {
            Event::Text(text) | Event::Code(text) => {
                if !text.trim().is_empty() {
                    self.anchor = match std::mem::take(&mut self.anchor) {
                        Anchor::Inside(target) => Anchor::Inside(target),
                        _ => Anchor::NotOnly,
                    };
                }
                self.text.push_str(text);
            }
            Event::SoftBreak | Event::HardBreak => self.text.push(' '),
            Event::Start(Tag::Link { dest_url, .. }) => {
                let opens = matches!(self.anchor, Anchor::Before) && dest_url.starts_with('#');
                self.anchor = if opens { Anchor::Inside(dest_url.to_string()) } else { Anchor::NotOnly };
            }
            Event::End(TagEnd::Link) => {
                if let Anchor::Inside(target) = std::mem::take(&mut self.anchor) {
                    self.anchor = Anchor::After(target);
                } else {
                    self.anchor = Anchor::NotOnly;
                }
            }
            Event::Start(Tag::Image { .. }) => self.anchor = Anchor::NotOnly,
            _ => {}
        }
    }

    /// Whether the run has any text yet.
    pub(crate) fn is_empty(&self) -> bool {
        self.text.trim().is_empty()
    }

    /// The run's text, white space collapsed, and the anchor it links to when it is nothing but that link; the
    /// collector is left empty for the next run.
    pub(crate) fn take(&mut self) -> (String, Option<String>) {
        let text = std::mem::take(&mut self.text).split_whitespace().collect::<Vec<_>>().join(" ");
        let anchor = match std::mem::take(&mut self.anchor) {
            Anchor::After(target) => Some(target),
            _ => None,
        };
        (text, anchor)
    }
}

/// The inline events of one line. The line is already known to be inline content (its heading or list marker was
/// read before), so what would start a block here (`# `, `- `, `1986. `, `> `) is kept as text; a reference link
/// whose definition is elsewhere (`[section 2][s2]`) still counts as a link.
fn inline_events(text: &str) -> Vec<Event<'_>> {
    let text = escape_block_start(text.trim_start());
    let defined_elsewhere = |link: BrokenLink<'_>| {
        matches!(link.link_type, LinkType::Reference | LinkType::Collapsed)
            .then(|| (CowStr::Borrowed(""), CowStr::Borrowed("")))
    };
    let parser = Parser::new_with_broken_link_callback(&text, Options::ENABLE_STRIKETHROUGH, Some(defined_elsewhere));
    parser.map(Event::into_static).collect()
}

/// `text` with a backslash before whatever would make CommonMark read it as the start of a block rather than inline
/// text: a heading's `#`, a quote's `>`, a list's `-`/`+`/`*` or `1.`/`1)`, or a line of `*`, `-`, `_` or `=`.
fn escape_block_start(text: &str) -> String {
    let first = text.chars().next();
    let rule = text.len() >= 3 && text.chars().all(|c| matches!(c, '*' | '-' | '_' | '=' | ' '));
    let marker_then_space =
        |marker: char| text.strip_prefix(marker).is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '\t']));
    if rule || first == Some('>') || ['#', '-', '+', '*'].into_iter().any(marker_then_space) {
        return format!("\\{text}");
    }
    let digits = text.chars().take_while(char::is_ascii_digit).count();
    let after = text[digits..].chars().next();
    if (1..=9).contains(&digits) && matches!(after, Some('.' | ')')) {
        let rest = &text[digits + 1..];
        if rest.is_empty() || rest.starts_with([' ', '\t']) {
            return format!("{}\\{}", &text[..digits], &text[digits..]);
        }
    }
    text.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emphasis_and_code_marks_are_dropped() {
        assert_eq!(
            plain("We **never** sell _your_ data; see `consent.json`."),
            "We never sell your data; see consent.json."
        );
        assert_eq!(plain("the ad_storage flag"), "the ad_storage flag");
        assert_eq!(
            plain("the _ga and _gid cookies, __strongly__ advised"),
            "the _ga and _gid cookies, strongly advised"
        );
        assert_eq!(plain(r"costs \*nothing\*"), "costs *nothing*");
    }

    #[test]
    fn links_and_images_become_their_text() {
        assert_eq!(plain("read the [cookie policy](https://example.com/cookies \"title\")"), "read the cookie policy");
        assert_eq!(plain("![our logo](logo.png) Example Ltd"), "our logo Example Ltd");
        assert_eq!(plain("see [section 2][s2]"), "see section 2");
        assert_eq!(plain("an [unclosed bracket"), "an [unclosed bracket");
    }

    #[test]
    fn html_is_removed_and_entities_decoded() {
        assert_eq!(plain("<b>Cookies</b> &amp; <script>alert(1)</script>beacons"), "Cookies & alert(1)beacons");
        assert_eq!(plain("mail <privacy@example.com> or 1 < 2"), "mail privacy@example.com or 1 < 2");
        assert_eq!(plain("don&#39;t &#x2019; &bogus;"), "don't ’ &bogus;");
    }

    // Regression: the hand-written reader knew a dozen entities, so `# Caf&eacute;` imported as "Caf&eacute;".
    #[test]
    fn every_named_entity_is_decoded() {
        assert_eq!(plain("Caf&eacute; M&uuml;ller &szlig; &euro;5 &hellip; &sect;&nbsp;3"), "Café Müller ß €5 … § 3");
    }

    #[test]
    fn what_would_start_a_block_is_kept_as_text() {
        assert_eq!(plain("1986. A great year"), "1986. A great year");
        assert_eq!(plain("- not a list"), "- not a list");
        assert_eq!(plain("# not a heading"), "# not a heading");
        assert_eq!(plain("> not a quote"), "> not a quote");
        assert_eq!(plain("    indented, not code"), "indented, not code");
        assert_eq!(plain("***"), "***");
        assert_eq!(plain("<p>A <em>whole</em> paragraph</p>"), "A whole paragraph");
        assert_eq!(plain("<div><p>nested</p></div>"), "nested");
        assert_eq!(plain("*emphasis* first"), "emphasis first");
    }

    #[test]
    fn a_link_to_an_anchor_is_a_contents_entry() {
        assert_eq!(
            anchor_link("[How we use *cookies*](#cookies)"),
            Some(("How we use cookies".into(), "#cookies".into()))
        );
        assert_eq!(anchor_link("[Cookies](https://example.com)"), None);
        assert_eq!(anchor_link("[Cookies](#cookies) and more"), None);
    }
}
