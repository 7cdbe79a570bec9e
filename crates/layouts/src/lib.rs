//! Legacy data layouts (データレイアウト変換, SPEC C6): a declarative mapping
//! file per procedure and business system turns applications into the
//! fixed-width or CSV records in Shift_JIS or UTF-8 that the system reads,
//! and reads its status updates back.
//!
//! Pure: bytes in, bytes out, no files and no database. Nothing is replaced
//! or cut silently: a character the encoding cannot hold, a value longer
//! than its field, a code the table lacks are each reported with the record,
//! receipt number and field, all of them (up to a bound), and no file is
//! written until there are none. The format is described in
//! `docs/layouts.md`.

mod encoding;
mod export;
mod import;
mod layout;
mod text;
mod wareki;

pub use encoding::Encoding;
pub use export::{ExportError, ExportErrors, Problem};
pub use import::{ImportError, ImportErrors, ImportProblem, Limits, Row};
pub use layout::{
    Align, Field, Format, ImportSpec, Layout, LayoutError, Pad, Quote, SOURCES, Source, Terminator,
};
pub use text::Conversion;
pub use wareki::DateStyle;

/// Bounds, for the documentation and callers that want to say them.
pub mod limits {
    pub use crate::export::MAX_ERRORS as MAX_EXPORT_ERRORS;
    pub use crate::import::MAX_ERRORS as MAX_IMPORT_ERRORS;
    pub use crate::layout::{
        MAX_CODE_LEN, MAX_CODES, MAX_FIELDS, MAX_FILE_LEN, MAX_RECORD_WIDTH, MAX_WIDTH,
    };
}

/// Date helpers, for callers that filter by date as the layouts write them.
pub mod dates {
    pub use crate::wareki::{format, parse, source_date};
}
