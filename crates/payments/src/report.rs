//! The daily reconciliation report for the accounting office.
