//! Character references (`&amp;`, `&#233;`, `&#x2014;`) in text, decoded in one pass. Two
//! dialects share the scan: HTML's, for scraped text, with the full HTML5 table of names from
//! the `html-escape` crate; and the SGML of the Reuters and TREC files, whose few names are read
//! in any case and whose other names are the wire's typesetting codes, dropped. The scan is
//! written here because each dialect needs its own answer for a reference it does not know,
//! which a decoder of one dialect does not give.

use std::borrow::Cow;

use encoding_rs::WINDOWS_1252;

/// What one reference stands for.
enum Replacement {
    Char(char),
    Text(&'static str),
    /// A reference to drop.
    Nothing,
}

/// Longest HTML5 name (`&CounterClockwiseContourIntegral;`), and longer than any number.
const MAX_HTML_NAME: usize = 32;
/// SGML names and numbers are short; a longer run before `;` is text.
const MAX_SGML_NAME: usize = 11;

/// Decodes HTML references: every HTML5 name, and numbers, where `&#128;`…`&#159;` are the
/// Windows-1252 characters old pages meant by them (as browsers read them). A reference that
/// names nothing (`&bogus;`, `&#0;`, `&#xD800;`) stays as written.
pub fn decode_html(text: &str) -> Cow<'_, str> {
    decode_with(text, MAX_HTML_NAME, |name| {
        if let Some(code) = numeric(name) {
            return match code? {
                0 => None,
                c1 @ 0x80..=0x9f => WINDOWS_1252.decode_without_bom_handling(&[c1 as u8]).0.chars().next(),
                code => char::from_u32(code),
            }
            .map(Replacement::Char);
        }
        let index =
            html_escape::NAMED_ENTITIES.binary_search_by(|(entry, _)| entry.cmp(&name.as_bytes())).ok()?;
        Some(Replacement::Text(html_escape::NAMED_ENTITIES[index].1))
    })
}

/// Decodes SGML references: `&#N;`, `&#xH;`, `&amp;` `&lt;` `&gt;` `&quot;` `&apos;` `&nbsp;` (a
/// space) and `&HT;` (a tab), in any case. Other names are typesetting codes of the wire feeds
/// (`&QL;`, `&UR;`, `&Cx1f;`) and are dropped, as is a number that is no character; an `&` that
/// starts no reference stays. Control characters are kept (the readers drop them after).
pub fn decode_sgml(text: &str) -> Cow<'_, str> {
    decode_with(text, MAX_SGML_NAME, |name| {
        if let Some(code) = numeric(name) {
            return Some(code.and_then(char::from_u32).map_or(Replacement::Nothing, Replacement::Char));
        }
        let mut bytes = name.bytes();
        if !bytes.next().is_some_and(|b| b.is_ascii_alphabetic()) || !bytes.all(|b| b.is_ascii_alphanumeric())
        {
            return None;
        }
        Some(match name.to_ascii_lowercase().as_str() {
            "amp" => Replacement::Char('&'),
            "lt" => Replacement::Char('<'),
            "gt" => Replacement::Char('>'),
            "quot" => Replacement::Char('"'),
            "apos" => Replacement::Char('\''),
            "nbsp" => Replacement::Char(' '),
            "ht" => Replacement::Char('\t'),
            _ => Replacement::Nothing,
        })
    })
}

/// The number of a numeric reference's name (`#233`, `#xE9`): `None` when the name is not
/// one, `Some(None)` when it is too large for any character.
fn numeric(name: &str) -> Option<Option<u32>> {
    let number = name.strip_prefix('#')?;
    match number.strip_prefix(['x', 'X']) {
        Some(hex) if !hex.is_empty() && hex.bytes().all(|b| b.is_ascii_hexdigit()) => {
            Some(u32::from_str_radix(hex, 16).ok())
        }
        None if !number.is_empty() && number.bytes().all(|b| b.is_ascii_digit()) => Some(number.parse().ok()),
        _ => None,
    }
}

/// The scan: each `&name;` with a name of at most `max_name` bytes is replaced as `resolve`
/// says (`None`: not a reference, kept as written); text without `&` is returned as is.
fn decode_with(text: &str, max_name: usize, resolve: impl Fn(&str) -> Option<Replacement>) -> Cow<'_, str> {
    if !text.contains('&') {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        let semicolon = after.bytes().take(max_name + 1).position(|b| b == b';');
        match semicolon.and_then(|end| Some((end, resolve(&after[..end])?))) {
            Some((end, replacement)) => {
                match replacement {
                    Replacement::Char(c) => out.push(c),
                    Replacement::Text(text) => out.push_str(text),
                    Replacement::Nothing => {}
                }
                rest = &after[end + 1..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_names_numbers_and_windows_1252_punctuation_are_decoded() {
        assert_eq!(
            decode_html("Smith &amp; Sons&nbsp;said it&#8217;s &quot;fine&quot; &#x2014; &#146;mostly&#146;"),
            "Smith & Sons\u{a0}said it\u{2019}s \"fine\" \u{2014} \u{2019}mostly\u{2019}"
        );
        assert_eq!(decode_html("&rarr; &hellip; &eacute;&#233;&#xE9; &#150; &#138;"), "→ … ééé – Š");
        assert_eq!(decode_html("&CounterClockwiseContourIntegral;"), "∳");
    }

    #[test]
    fn html_references_that_name_nothing_stay_as_written() {
        let text = "&bogus; & more &#0; &#xD800; &#99999999999; &#; &#x; &#12a; &AMP &amp";
        assert_eq!(decode_html(text), text);
        assert_eq!(decode_html("no references"), "no references");
    }

    #[test]
    fn sgml_names_in_any_case_and_wire_codes_dropped() {
        assert_eq!(decode_sgml("a &amp; b &LT;x&gt; &#233;&#xE9; &HT;z"), "a & b <x> éé \tz");
        assert_eq!(decode_sgml("&QL;AT&T R&D; &Cx1f;end"), "AT&T R end");
        assert_eq!(
            decode_sgml("& alone, &#; &#xZZ; &toolongtobeareference;"),
            "& alone, &#; &#xZZ; &toolongtobeareference;"
        );
        assert_eq!(decode_sgml("&#3;"), "\u{3}");
        assert_eq!(decode_sgml("&#99999999;x"), "x");
        assert_eq!(decode_sgml("&nbsp;&rarr;"), " ");
    }
}
