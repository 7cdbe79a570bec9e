//! What a notice says, as one value both the PDF and the accessible page are
//! made from; its number and check code. Plain functions.

use rand::Rng;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    Approved,
    Rejected,
}

impl Decision {
    pub fn code(self) -> &'static str {
        match self {
            Decision::Approved => "approved",
            Decision::Rejected => "rejected",
        }
    }

    pub fn parse(code: &str) -> Option<Decision> {
        match code {
            "approved" => Some(Decision::Approved),
            "rejected" => Some(Decision::Rejected),
            _ => None,
        }
    }

    pub fn label_ja(self) -> &'static str {
        match self {
            Decision::Approved => "承認",
            Decision::Rejected => "不承認",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            Decision::Approved => "Approved",
            Decision::Rejected => "Not approved",
        }
    }

    /// The decision a case's status stands for.
    pub fn of_status(status: workflow::Status) -> Option<Decision> {
        match status {
            workflow::Status::Approved => Some(Decision::Approved),
            workflow::Status::Rejected => Some(Decision::Rejected),
            _ => None,
        }
    }
}

/// A notice as the resident reads it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Content {
    pub number: String,
    pub check_code: String,
    /// 和暦.
    pub issued_on: String,
    /// The person's name (without 様).
    pub addressee: String,
    pub address: String,
    pub issuer: String,
    pub kind: String,
    pub title: String,
    pub body: Vec<String>,
    /// 記: label and value.
    pub items: Vec<(String, String)>,
    /// 理由, for a refusal.
    pub reasons: Option<Vec<String>>,
    /// 教示, for a disposition.
    pub appeal: Vec<String>,
    pub decision: Decision,
    pub procedure: String,
    pub receipt_number: String,
    /// Where the notice is checked (the QR code leads there).
    pub verify_url: String,
}

impl Content {
    /// The verification page's address with this notice's number and code,
    /// as the QR code carries it.
    pub fn verify_link(&self) -> String {
        format!(
            "{}?number={}&code={}",
            self.verify_url, self.number, self.check_code
        )
    }
}

/// A notice's number: `N-R8-000123` (the fiscal year in 和暦, then the
/// city-wide serial of that year).
pub fn number(fiscal_year: i32, serial: i64) -> String {
    let era = kernel::wareki::fiscal_year_short(fiscal_year);
    format!("N-{era}-{serial:06}")
}

/// Letters a person reads off paper without mistaking one for another
/// (no I, L, O, U; no 0 and 1).
const CODE_ALPHABET: &[u8] = b"23456789ABCDEFGHJKMNPQRSTVWXYZ";

/// A fresh check code: `ABCD-EFGH`, about 39 bits.
pub fn check_code() -> String {
    let mut rng = rand::rng();
    let mut code = String::with_capacity(9);
    for i in 0..8 {
        if i == 4 {
            code.push('-');
        }
        let pick = rng.random_range(0..CODE_ALPHABET.len());
        code.push(char::from(CODE_ALPHABET.get(pick).copied().unwrap_or(b'X')));
    }
    code
}

/// A check code as typed: full-width letters, lower case, spaces and a
/// missing hyphen are forgiven.
pub fn normalize_code(typed: &str) -> String {
    let plain: String = kernel::text::nfkc(typed)
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_uppercase())
        .collect();
    match (plain.get(..4), plain.get(4..)) {
        (Some(head), Some(tail)) if plain.len() == 8 => format!("{head}-{tail}"),
        _ => plain,
    }
}

/// A notice number as typed (full-width, lower case, without hyphens).
pub fn normalize_number(typed: &str) -> String {
    kernel::text::nfkc(typed)
        .chars()
        // Dashes NFKC leaves as they are.
        .map(|c| {
            if matches!(c, 'ー' | '―' | '‐') {
                '-'
            } else {
                c
            }
        })
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// What is stored of a check code: its hash, so the database alone does not
/// let anyone check notices.
pub fn code_hash(number: &str, code: &str) -> String {
    hex::encode(Sha256::digest(format!("{number}\n{code}").as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_follow_the_fiscal_year_in_wareki() {
        assert_eq!(number(2026, 123), "N-R8-000123");
        assert_eq!(number(2019, 1), "N-R1-000001");
    }

    #[test]
    fn check_codes_are_readable_and_typed_codes_are_forgiven() {
        let code = check_code();
        assert_eq!(code.len(), 9);
        assert!(
            code.chars()
                .all(|c| c == '-' || CODE_ALPHABET.contains(&(c as u8)))
        );
        assert_ne!(check_code(), check_code());
        assert_eq!(normalize_code("abcd efgh"), "ABCD-EFGH");
        assert_eq!(normalize_code("ＡＢＣＤ－ＥＦＧＨ"), "ABCD-EFGH");
        assert_eq!(normalize_number("ｎ－ｒ８－０００１２３"), "N-R8-000123");
        assert_eq!(normalize_number(" n-r8-000123 "), "N-R8-000123");
    }

    #[test]
    fn the_stored_hash_depends_on_number_and_code() {
        assert_ne!(code_hash("N-R8-000001", "A"), code_hash("N-R8-000002", "A"));
        assert_eq!(code_hash("N-R8-000001", "A"), code_hash("N-R8-000001", "A"));
    }
}
