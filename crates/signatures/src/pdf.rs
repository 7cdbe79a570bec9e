//! The writing side of the PDF: an incremental update appended after the
//! original bytes (which are kept exactly), with its own xref section and a
//! trailer whose /Prev points at the previous one. The document to sign is
//! read with lopdf.

use std::collections::BTreeMap;

use lopdf::{Dictionary, Document, Object, ObjectId, StringFormat};

use crate::error::{Error, Result};

fn pdf_err(e: impl std::fmt::Display) -> Error {
    Error::Pdf(e.to_string())
}

/// The original document, read, and the objects an update adds or replaces.
pub(crate) struct Update<'a> {
    original: &'a [u8],
    pub doc: Document,
    objects: BTreeMap<u32, (u16, Vec<u8>)>,
    next_id: u32,
}

impl<'a> Update<'a> {
    pub fn new(original: &'a [u8]) -> Result<Self> {
        let doc = Document::load_mem(original).map_err(pdf_err)?;
        if doc.trailer.get(b"Encrypt").is_ok() {
            return Err(Error::Pdf("encrypted PDFs are not signed".into()));
        }
        let size = doc
            .trailer
            .get(b"Size")
            .and_then(|s| s.as_i64())
            .ok()
            .and_then(|s| u32::try_from(s).ok())
            .unwrap_or(0);
        let next_id = size.max(doc.max_id.saturating_add(1));
        Ok(Self {
            original,
            doc,
            objects: BTreeMap::new(),
            next_id,
        })
    }

    pub fn root_id(&self) -> Result<ObjectId> {
        self.doc
            .trailer
            .get(b"Root")
            .and_then(|r| r.as_reference())
            .map_err(pdf_err)
    }

    /// A copy of the dictionary `id` as the document has it now (the update's
    /// own replacement if it made one is not re-read: callers replace once).
    pub fn dictionary(&self, id: ObjectId) -> Result<Dictionary> {
        self.doc.get_dictionary(id).cloned().map_err(pdf_err)
    }

    /// Follows a reference to its object (or answers the object itself).
    pub fn resolve<'b>(&'b self, object: &'b Object) -> Result<(Option<ObjectId>, &'b Object)> {
        self.doc.dereference(object).map_err(pdf_err)
    }

    pub fn first_page(&self) -> Result<ObjectId> {
        self.doc
            .get_pages()
            .values()
            .next()
            .copied()
            .ok_or_else(|| Error::Pdf("the document has no page".into()))
    }

    pub fn new_id(&mut self) -> ObjectId {
        let id = self.next_id;
        self.next_id = self.next_id.saturating_add(1);
        (id, 0)
    }

    /// Adds or replaces object `id` with `object`.
    pub fn put(&mut self, id: ObjectId, object: &Object) {
        let mut body = Vec::new();
        write_object(object, &mut body);
        self.objects.insert(id.0, (id.1, body));
    }

    /// Adds or replaces object `id` with bytes written by the caller.
    pub fn put_raw(&mut self, id: ObjectId, body: Vec<u8>) {
        self.objects.insert(id.0, (id.1, body));
    }

    /// The updated file, and where each added object's body starts in it.
    pub fn finish(self) -> Result<(Vec<u8>, BTreeMap<u32, usize>)> {
        let prev =
            last_startxref(self.original).ok_or_else(|| Error::Pdf("no startxref".into()))?;
        let mut out = self.original.to_vec();
        if !out.ends_with(b"\n") && !out.ends_with(b"\r") {
            out.push(b'\n');
        }
        let mut body_offsets = BTreeMap::new();
        let mut entries = Vec::new();
        for (id, (generation, body)) in &self.objects {
            entries.push((*id, *generation, out.len()));
            let header = format!("{id} {generation} obj\n");
            body_offsets.insert(*id, out.len() + header.len());
            out.extend_from_slice(header.as_bytes());
            out.extend_from_slice(body);
            out.extend_from_slice(b"\nendobj\n");
        }
        let xref = out.len();
        out.extend_from_slice(b"xref\n");
        // Subsections of consecutive object numbers.
        let mut i = 0;
        while let Some(&(start, _, _)) = entries.get(i) {
            let mut j = i;
            while entries
                .get(j + 1)
                .is_some_and(|e| Some(e.0) == entries.get(j).map(|p| p.0 + 1))
            {
                j += 1;
            }
            out.extend_from_slice(format!("{start} {}\n", j - i + 1).as_bytes());
            for &(_, generation, offset) in entries.get(i..=j).unwrap_or_default() {
                out.extend_from_slice(format!("{offset:010} {generation:05} n\r\n").as_bytes());
            }
            i = j + 1;
        }
        let mut trailer = Dictionary::new();
        trailer.set("Size", Object::Integer(i64::from(self.next_id)));
        for key in [&b"Root"[..], b"Info", b"ID"] {
            if let Ok(v) = self.doc.trailer.get(key) {
                trailer.set(key.to_vec(), v.clone());
            }
        }
        trailer.set(
            "Prev",
            Object::Integer(i64::try_from(prev).map_err(pdf_err)?),
        );
        out.extend_from_slice(b"trailer\n");
        write_object(&Object::Dictionary(trailer), &mut out);
        out.extend_from_slice(format!("\nstartxref\n{xref}\n%%EOF\n").as_bytes());
        Ok((out, body_offsets))
    }
}

/// The offset after the last `startxref` keyword.
pub(crate) fn last_startxref(pdf: &[u8]) -> Option<usize> {
    let tail_start = pdf.len().saturating_sub(2048);
    let tail = pdf.get(tail_start..)?;
    let pos = tail.windows(9).rposition(|w| w == b"startxref")?;
    let rest = tail.get(pos + 9..)?;
    let digits: String = rest
        .iter()
        .skip_while(|b| b.is_ascii_whitespace())
        .take_while(|b| b.is_ascii_digit())
        .map(|&b| char::from(b))
        .collect();
    digits.parse().ok()
}

/// Writes `object` in PDF syntax.
pub(crate) fn write_object(object: &Object, out: &mut Vec<u8>) {
    match object {
        Object::Null => out.extend_from_slice(b"null"),
        Object::Boolean(b) => out.extend_from_slice(if *b { b"true" } else { b"false" }),
        Object::Integer(i) => out.extend_from_slice(i.to_string().as_bytes()),
        Object::Real(r) => {
            let r = if r.is_finite() { *r } else { 0.0 };
            out.extend_from_slice(format!("{r}").as_bytes());
        }
        Object::Name(name) => write_name(name, out),
        Object::String(bytes, StringFormat::Hexadecimal) => {
            out.push(b'<');
            out.extend_from_slice(hex::encode_upper(bytes).as_bytes());
            out.push(b'>');
        }
        Object::String(bytes, StringFormat::Literal) => write_literal(bytes, out),
        Object::Array(items) => {
            out.push(b'[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(b' ');
                }
                write_object(item, out);
            }
            out.push(b']');
        }
        Object::Dictionary(dict) => write_dictionary(dict, out),
        Object::Stream(stream) => {
            let mut dict = stream.dict.clone();
            dict.set(
                "Length",
                Object::Integer(i64::try_from(stream.content.len()).unwrap_or(i64::MAX)),
            );
            write_dictionary(&dict, out);
            out.extend_from_slice(b"\nstream\n");
            out.extend_from_slice(&stream.content);
            out.extend_from_slice(b"\nendstream");
        }
        Object::Reference((id, generation)) => {
            out.extend_from_slice(format!("{id} {generation} R").as_bytes())
        }
    }
}

fn write_dictionary(dict: &Dictionary, out: &mut Vec<u8>) {
    out.extend_from_slice(b"<<");
    for (key, value) in dict.iter() {
        out.push(b' ');
        write_name(key, out);
        out.push(b' ');
        write_object(value, out);
    }
    out.extend_from_slice(b" >>");
}

fn write_name(name: &[u8], out: &mut Vec<u8>) {
    out.push(b'/');
    for &b in name {
        let regular = (0x21..=0x7e).contains(&b) && !b"#()<>[]{}/%".contains(&b);
        if regular {
            out.push(b);
        } else {
            out.extend_from_slice(format!("#{b:02X}").as_bytes());
        }
    }
}

fn write_literal(bytes: &[u8], out: &mut Vec<u8>) {
    out.push(b'(');
    for &b in bytes {
        match b {
            b'(' | b')' | b'\\' => {
                out.push(b'\\');
                out.push(b);
            }
            0x20..=0x7e => out.push(b),
            _ => out.extend_from_slice(format!("\\{b:03o}").as_bytes()),
        }
    }
    out.push(b')');
}

/// A PDF text string: ASCII as a literal string, anything else as UTF-16BE
/// with a byte order mark (PDF 32000-1 §7.9.2.2).
pub(crate) fn text_string(text: &str) -> Object {
    if text.bytes().all(|b| (0x20..=0x7e).contains(&b)) {
        Object::String(text.as_bytes().to_vec(), StringFormat::Literal)
    } else {
        let mut bytes = vec![0xfe, 0xff];
        for unit in text.encode_utf16() {
            bytes.extend_from_slice(&unit.to_be_bytes());
        }
        Object::String(bytes, StringFormat::Hexadecimal)
    }
}

/// A PDF date string, D:YYYYMMDDHHmmSS+HH'mm'.
pub(crate) fn pdf_date(t: time::OffsetDateTime) -> String {
    let offset = t.offset();
    let (h, m, _) = offset.as_hms();
    let sign = if offset.is_negative() { '-' } else { '+' };
    format!(
        "D:{:04}{:02}{:02}{:02}{:02}{:02}{sign}{:02}'{:02}'",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second(),
        h.unsigned_abs(),
        m.unsigned_abs()
    )
}
