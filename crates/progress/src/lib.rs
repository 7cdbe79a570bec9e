//! Online-ization progress (名古屋市行政手続オンライン化計画 §8–10): the two
//! indicators the city steers by — ① annual cases of procedures available
//! online over all annual cases, ② procedures available online over all
//! procedures — cumulative by fiscal year, overall, per category and per
//! bureau, on the plan's years and on what actually happened.
//!
//! `indicators` is the arithmetic (plain functions, no I/O); `inventory`
//! reads the Digital Agency's inventory format; `api` serves the figures.

pub mod api;
pub mod charts;
pub mod indicators;
pub mod inventory;
pub mod open_data;
pub mod pages;
