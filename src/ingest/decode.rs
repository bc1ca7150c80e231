//! Bytes to text: UTF-8 when the bytes are UTF-8 (a byte-order mark is honoured), else
//! Windows-1252, the encoding old news files and Windows exports are really in.

use encoding_rs::{Encoding, UTF_8, WINDOWS_1252};

/// How far into a file to look for NUL bytes, the mark of a binary file.
const BINARY_SNIFF_BYTES: usize = 8192;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decoded {
    Text { text: String, encoding: &'static str },
    Empty,
    Binary,
}

pub fn decode(bytes: &[u8]) -> Decoded {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Decoded::Empty;
    }
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        let (text, _) = encoding.decode_without_bom_handling(&bytes[bom_len..]);
        return Decoded::Text { text: text.into_owned(), encoding: encoding.name() };
    }
    if bytes[..bytes.len().min(BINARY_SNIFF_BYTES)].contains(&0) {
        return Decoded::Binary;
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Decoded::Text { text: text.to_owned(), encoding: UTF_8.name() },
        Err(_) => {
            let (text, _) = WINDOWS_1252.decode_without_bom_handling(bytes);
            Decoded::Text { text: text.into_owned(), encoding: WINDOWS_1252.name() }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(decoded: Decoded) -> (String, &'static str) {
        match decoded {
            Decoded::Text { text, encoding } => (text, encoding),
            other => panic!("expected text, got {other:?}"),
        }
    }

    #[test]
    fn utf8_is_kept_and_a_bom_is_dropped() {
        assert_eq!(text(decode("Séoul".as_bytes())), ("Séoul".into(), "UTF-8"));
        assert_eq!(text(decode(b"\xEF\xBB\xBFHeadline")), ("Headline".into(), "UTF-8"));
    }

    #[test]
    fn other_bytes_are_read_as_windows_1252() {
        // Curly quotes and é as single Windows-1252 bytes.
        assert_eq!(text(decode(b"\x93Caf\xe9\x94")), ("\u{201c}Café\u{201d}".into(), "windows-1252"));
    }

    #[test]
    fn empty_and_binary_files_are_told_apart() {
        assert_eq!(decode(b""), Decoded::Empty);
        assert_eq!(decode(b" \n\t\n"), Decoded::Empty);
        assert_eq!(decode(b"PK\x03\x04\x00\x00binary"), Decoded::Binary);
    }
}
