//! Finding citation keys in a `source` text: `@ID` cites a work of the bibliography (what follows it,
//! up to the next `;`, is its detail: a chapter, a page, a quotation), and `PREFIX:ID` a record of one
//! of its collections (`timeline:mdl_agreed`). Anything else is free text.

use std::ops::Range;

/// One key as written.
#[derive(Clone, Debug, PartialEq)]
pub enum Key<'a> {
    /// `@id`, with the text after it up to the next `;` (trimmed of leading `:`, `,` and spaces).
    Work {
        /// The work's id.
        id: &'a str,
        /// Chapter, page, document number or quotation; may be empty.
        detail: &'a str,
    },
    /// `prefix:id`.
    Record {
        /// The collection's prefix.
        prefix: &'a str,
        /// The record's id.
        id: &'a str,
    },
}

fn is_id(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// The keys of `text` with their byte ranges (the whole key: `@id` or `prefix:id`), in order.
pub fn scan(text: &str) -> Vec<(Range<usize>, Key<'_>)> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let starts_word = i == 0 || !is_id(b[i - 1]);
        if b[i] == b'@' && starts_word {
            let end = (i + 1..b.len()).find(|&j| !is_id(b[j])).unwrap_or(b.len());
            if end > i + 1 {
                let stop = text[end..].find(';').map_or(text.len(), |k| end + k);
                let detail = text[end..stop]
                    .trim_start_matches([':', ',', ' '])
                    .trim_end();
                out.push((
                    i..end,
                    Key::Work {
                        id: &text[i + 1..end],
                        detail,
                    },
                ));
                i = end;
                continue;
            }
        } else if starts_word && b[i].is_ascii_lowercase() {
            let colon = (i..b.len()).find(|&j| !is_id(b[j])).unwrap_or(b.len());
            if text[colon..].starts_with("://") {
                // A web address: nothing in it is a key.
                i = (colon..b.len())
                    .find(|&j| b[j].is_ascii_whitespace())
                    .unwrap_or(b.len());
                continue;
            }
            if colon < b.len() && b[colon] == b':' {
                let end = (colon + 1..b.len())
                    .find(|&j| !is_id(b[j]))
                    .unwrap_or(b.len());
                let prefix = &text[i..colon];
                if end > colon + 1 && prefix.bytes().all(|c| !c.is_ascii_uppercase()) {
                    out.push((
                        i..end,
                        Key::Record {
                            prefix,
                            id: &text[colon + 1..end],
                        },
                    ));
                    i = end;
                    continue;
                }
            }
            i = colon.max(i + 1);
            continue;
        }
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn works_records_and_details_are_found_and_urls_and_addresses_are_not() {
        let keys = scan(
            "@hermes1966 ch. 12; timeline:mdl_agreed (medium certainty); see https://x.org/a:b and me@example.com",
        );
        assert_eq!(
            keys,
            vec![
                (
                    0..11,
                    Key::Work {
                        id: "hermes1966",
                        detail: "ch. 12"
                    }
                ),
                (
                    20..39,
                    Key::Record {
                        prefix: "timeline",
                        id: "mdl_agreed"
                    }
                ),
            ]
        );
    }

    #[test]
    fn a_quotation_after_a_work_is_its_detail() {
        let keys = scan("@seed000: the envoy, 'the talks must stay in the capital'");
        assert_eq!(
            keys[0].1,
            Key::Work {
                id: "seed000",
                detail: "the envoy, 'the talks must stay in the capital'"
            }
        );
    }

    #[test]
    fn capitalised_words_before_a_colon_are_free_text() {
        assert!(scan("Note: x; Seed 000: y; 10:30").is_empty());
        assert_eq!(scan("doi:10").len(), 1);
    }
}
