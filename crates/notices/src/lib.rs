//! Signed notices (処分通知等, SPEC C4): a decision becomes a notice made
//! from the procedure's template, laid out as a PDF with a Japanese font
//! embedded, signed with the city's certificate (PAdES), delivered to the
//! resident's my page with an e-mail, fetched by business systems, and
//! checked by anyone on the public verification page.

pub mod content;
pub mod pdf;
pub mod template;

pub use content::{Content, Decision};
