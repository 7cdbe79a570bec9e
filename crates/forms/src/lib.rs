//! Forms (SPEC C2): definitions as versioned JSON data, checked when loaded
//! with errors that say where and why, and the validation of a resident's
//! answers — plain functions without I/O. Answers come back normalized:
//! furigana in full-width katakana, dates in ISO form, postal codes as seven
//! digits, numbers as numbers.

pub mod definition;
pub mod display;
pub mod html;
pub mod prefill;
pub mod template;
pub mod validate;

pub use definition::{DefinitionError, FieldKind, FormDefinition, Localized};
pub use template::Template;
pub use validate::validate;
