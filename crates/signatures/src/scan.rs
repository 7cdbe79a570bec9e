//! A bounded reader of PDF syntax for verification. It never builds a tree:
//! a flat token list with byte offsets, from which dictionaries are read by
//! counting depth. Uploaded files are untrusted, so everything here is
//! iterative, has limits and answers None on anything it does not expect.

/// A PDF token.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Tok {
    Name(Vec<u8>),
    /// A literal or hex string, decoded.
    Str(Vec<u8>),
    Int(i64),
    /// A real number or anything else numeric-looking.
    Real,
    /// obj, endobj, R, stream (its data skipped), true, null, ...
    Keyword(Vec<u8>),
    DictOpen,
    DictClose,
    ArrayOpen,
    ArrayClose,
}

/// At most this many tokens are read from one region.
const MAX_TOKENS: usize = 1_000_000;

fn is_white(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n' | 0x0c | 0)
}

fn is_delim(b: u8) -> bool {
    matches!(
        b,
        b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%'
    )
}

/// Tokens of `data`, each with its offset in `data`. Stream data is skipped
/// (a `stream` keyword is followed by the offset range of its data as the next
/// element's offset: see [`stream_ranges`]). Stops at `limit` tokens.
pub(crate) fn tokens(data: &[u8]) -> Vec<(usize, Tok)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < data.len() && out.len() < MAX_TOKENS {
        let Some(&b) = data.get(i) else { break };
        if is_white(b) {
            i += 1;
            continue;
        }
        let start = i;
        match b {
            b'%' => {
                while data.get(i).is_some_and(|&c| c != b'\n' && c != b'\r') {
                    i += 1;
                }
            }
            b'/' => {
                i += 1;
                let mut name = Vec::new();
                while let Some(&c) = data.get(i) {
                    if is_white(c) || is_delim(c) {
                        break;
                    }
                    if c == b'#' {
                        let hex = data
                            .get(i + 1..i + 3)
                            .and_then(|h| std::str::from_utf8(h).ok());
                        if let Some(v) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                            name.push(v);
                            i += 3;
                            continue;
                        }
                    }
                    name.push(c);
                    i += 1;
                }
                out.push((start, Tok::Name(name)));
            }
            b'(' => {
                let (s, next) = literal_string(data, i);
                out.push((start, Tok::Str(s)));
                i = next;
            }
            b'<' if data.get(i + 1) == Some(&b'<') => {
                out.push((start, Tok::DictOpen));
                i += 2;
            }
            b'<' => {
                i += 1;
                let mut digits = Vec::new();
                while let Some(&c) = data.get(i) {
                    i += 1;
                    if c == b'>' {
                        break;
                    }
                    if c.is_ascii_hexdigit() {
                        digits.push(c);
                    }
                }
                if digits.len() % 2 == 1 {
                    digits.push(b'0');
                }
                out.push((start, Tok::Str(hex::decode(&digits).unwrap_or_default())));
            }
            b'>' if data.get(i + 1) == Some(&b'>') => {
                out.push((start, Tok::DictClose));
                i += 2;
            }
            b'[' => {
                out.push((start, Tok::ArrayOpen));
                i += 1;
            }
            b']' => {
                out.push((start, Tok::ArrayClose));
                i += 1;
            }
            _ if is_delim(b) => i += 1,
            _ => {
                while data.get(i).is_some_and(|&c| !is_white(c) && !is_delim(c)) {
                    i += 1;
                }
                let word = data.get(start..i).unwrap_or_default();
                let tok = if let Some(n) = std::str::from_utf8(word)
                    .ok()
                    .and_then(|w| w.parse::<i64>().ok())
                {
                    Tok::Int(n)
                } else if word
                    .iter()
                    .all(|c| c.is_ascii_digit() || matches!(c, b'.' | b'-' | b'+'))
                {
                    Tok::Real
                } else {
                    Tok::Keyword(word.to_vec())
                };
                let is_stream = tok == Tok::Keyword(b"stream".to_vec());
                out.push((start, tok));
                if is_stream {
                    // Skip the data: up to the next "endstream".
                    match find(data, b"endstream", i) {
                        Some(end) => i = end,
                        None => break,
                    }
                }
            }
        }
    }
    out
}

/// A literal string from `data[at]` == '(' (nested parentheses, escapes);
/// answers the bytes and the offset after it.
fn literal_string(data: &[u8], at: usize) -> (Vec<u8>, usize) {
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut i = at;
    while let Some(&c) = data.get(i) {
        i += 1;
        match c {
            b'(' => {
                if depth > 0 {
                    out.push(c);
                }
                depth += 1;
            }
            b')' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return (out, i);
                }
                out.push(c);
            }
            b'\\' => {
                let Some(&e) = data.get(i) else { break };
                i += 1;
                match e {
                    b'n' => out.push(b'\n'),
                    b'r' => out.push(b'\r'),
                    b't' => out.push(b'\t'),
                    b'b' => out.push(8),
                    b'f' => out.push(12),
                    b'0'..=b'7' => {
                        let mut v = u32::from(e - b'0');
                        for _ in 0..2 {
                            match data.get(i) {
                                Some(&d @ b'0'..=b'7') => {
                                    v = v * 8 + u32::from(d - b'0');
                                    i += 1;
                                }
                                _ => break,
                            }
                        }
                        out.push((v & 0xff) as u8);
                    }
                    b'\r' => {
                        if data.get(i) == Some(&b'\n') {
                            i += 1;
                        }
                    }
                    b'\n' => {}
                    other => out.push(other),
                }
            }
            _ => out.push(c),
        }
    }
    (out, i)
}

/// The first occurrence of `needle` in `hay` at or after `from`.
pub(crate) fn find(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    let rest = hay.get(from..)?;
    rest.windows(needle.len())
        .position(|w| w == needle)
        .map(|p| p + from)
}

/// The last occurrence of `needle` in `hay` before `before`.
pub(crate) fn rfind(hay: &[u8], needle: &[u8], before: usize) -> Option<usize> {
    let head = hay.get(..before.min(hay.len()))?;
    head.windows(needle.len()).rposition(|w| w == needle)
}

/// The last occurrence of `needle` in the `window` bytes before `before`:
/// backward searches repeated per candidate must not each scan the whole file.
pub(crate) fn rfind_near(hay: &[u8], needle: &[u8], before: usize, window: usize) -> Option<usize> {
    let end = before.min(hay.len());
    let start = end.saturating_sub(window);
    rfind(hay.get(start..end)?, needle, end - start).map(|p| p + start)
}

/// The first occurrence of `needle` in the `window` bytes from `from`.
pub(crate) fn find_near(hay: &[u8], needle: &[u8], from: usize, window: usize) -> Option<usize> {
    let end = from.saturating_add(window).min(hay.len());
    find(hay.get(..end)?, needle, from)
}

/// The top-level entries of the dictionary whose `<<` is `toks[0]`: each key
/// with the token range of its value. None if it is not a well-formed dictionary.
pub(crate) fn dict_entries(
    toks: &[(usize, Tok)],
) -> Option<Vec<(Vec<u8>, std::ops::Range<usize>)>> {
    if toks.first().map(|t| &t.1) != Some(&Tok::DictOpen) {
        return None;
    }
    let mut entries = Vec::new();
    let mut i = 1;
    loop {
        match toks.get(i).map(|t| &t.1)? {
            Tok::DictClose => return Some(entries),
            Tok::Name(key) => {
                let key = key.clone();
                let start = i + 1;
                let end = value_end(toks, start)?;
                entries.push((key, start..end));
                i = end;
            }
            _ => return None,
        }
    }
}

/// The index after the value starting at `toks[start]` (a reference `n g R`
/// counts as one value; arrays and dictionaries by depth).
fn value_end(toks: &[(usize, Tok)], start: usize) -> Option<usize> {
    match toks.get(start).map(|t| &t.1)? {
        Tok::DictOpen | Tok::ArrayOpen => {
            let mut depth = 0usize;
            let mut i = start;
            loop {
                match toks.get(i).map(|t| &t.1)? {
                    Tok::DictOpen | Tok::ArrayOpen => depth += 1,
                    Tok::DictClose | Tok::ArrayClose => {
                        depth = depth.checked_sub(1)?;
                        if depth == 0 {
                            return Some(i + 1);
                        }
                    }
                    _ => {}
                }
                i += 1;
            }
        }
        Tok::Int(_) => {
            let is_ref = matches!(toks.get(start + 1).map(|t| &t.1), Some(Tok::Int(_)))
                && toks.get(start + 2).map(|t| &t.1) == Some(&Tok::Keyword(b"R".to_vec()));
            Some(if is_ref { start + 3 } else { start + 1 })
        }
        Tok::DictClose | Tok::ArrayClose => None,
        _ => Some(start + 1),
    }
}

/// The value of `key` in a dictionary, as a single token (a name, string or number).
pub(crate) fn dict_get<'a>(
    toks: &'a [(usize, Tok)],
    entries: &[(Vec<u8>, std::ops::Range<usize>)],
    key: &[u8],
) -> Option<&'a Tok> {
    let (_, range) = entries.iter().find(|(k, _)| k == key)?;
    toks.get(range.start).map(|t| &t.1)
}

/// The data ranges of the uncompressed streams in `data` (those without a
/// /Filter), at most `max` of them, each up to its "endstream" keyword.
pub(crate) fn plain_streams(data: &[u8], max: usize) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut from = 0;
    while out.len() < max {
        let Some(kw) = find(data, b"stream", from) else {
            break;
        };
        from = kw + 6;
        // "endstream" also contains "stream".
        if kw >= 3 && data.get(kw - 3..kw) == Some(b"end") {
            continue;
        }
        let mut start = kw + 6;
        if data.get(start) == Some(&b'\r') {
            start += 1;
        }
        if data.get(start) != Some(&b'\n') {
            continue;
        }
        start += 1;
        let Some(end) = find(data, b"endstream", start) else {
            break;
        };
        // The stream's dictionary is just before the keyword; skip filtered ones.
        let dict_from = rfind_near(data, b"<<", kw, 4096).unwrap_or(kw);
        let filtered = data
            .get(dict_from..kw)
            .is_some_and(|d| d.windows(7).any(|w| w == b"/Filter"));
        if !filtered {
            // Up to "endstream", with the end-of-line before it: binary data may
            // itself end in 0x0d or 0x0a, so the two cannot be told apart here.
            // The callers read DER, which carries its own length.
            out.push(start..end);
        }
        from = end;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::plain_streams;

    #[test]
    fn a_stream_ending_in_a_carriage_return_keeps_it() {
        // A CRL's signature may end in 0x0d; taking "\r\n" for the end-of-line
        // cut it short, and an embedded CRL was silently not read.
        let pdf = b"1 0 obj\n<< /Length 3 >>\nstream\n\x30\x01\x0d\nendstream\nendobj\n";
        let ranges = plain_streams(pdf, 10);
        let data = ranges.first().and_then(|r| pdf.get(r.clone()));
        assert_eq!(data.and_then(|d| d.get(..3)), Some(&b"\x30\x01\x0d"[..]));
    }

    #[test]
    fn filtered_streams_are_skipped() {
        let pdf = b"<< /Length 1 /Filter /FlateDecode >>\nstream\nx\nendstream\n<< /Length 1 >>\nstream\ny\nendstream";
        let ranges = plain_streams(pdf, 10);
        assert_eq!(ranges.len(), 1);
        assert_eq!(
            ranges
                .first()
                .and_then(|r| pdf.get(r.clone()))
                .and_then(|d| d.first()),
            Some(&b'y')
        );
    }
}
