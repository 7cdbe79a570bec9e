//! Dates as legacy systems write them: 和暦 with an era letter (R080401), an
//! era code (5080401: 1 明治, 2 大正, 3 昭和, 4 平成, 5 令和), in kanji
//! (令和8年4月1日), or western (20260401, 2026-04-01).
//!
//! The era table is the kernel's (`kernel::wareki`); it is copied rather
//! than depended on because the kernel brings the web server and the
//! database with it, and this crate is pure.

use serde::Deserialize;
use time::{Date, Month, OffsetDateTime, UtcOffset, format_description::well_known::Rfc3339};

/// How a date field is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DateStyle {
    /// 20260401
    Yyyymmdd,
    /// 2026-04-01
    Iso,
    /// R080401: era letter (M T S H R), two-digit era year, month, day.
    Gyymmdd,
    /// 5080401: era code (1 明治 … 5 令和), two-digit era year, month, day.
    Eyymmdd,
    /// 令和8年4月1日 (令和元年5月1日 for the first year).
    Kanji,
}

struct Era {
    name: &'static str,
    letter: char,
    code: char,
    first_day: (i32, Month, u8),
}

const ERAS: [Era; 5] = [
    Era {
        name: "令和",
        letter: 'R',
        code: '5',
        first_day: (2019, Month::May, 1),
    },
    Era {
        name: "平成",
        letter: 'H',
        code: '4',
        first_day: (1989, Month::January, 8),
    },
    Era {
        name: "昭和",
        letter: 'S',
        code: '3',
        first_day: (1926, Month::December, 25),
    },
    Era {
        name: "大正",
        letter: 'T',
        code: '2',
        first_day: (1912, Month::July, 30),
    },
    Era {
        name: "明治",
        letter: 'M',
        code: '1',
        first_day: (1868, Month::October, 23),
    },
];

fn first_day(era: &Era) -> Option<Date> {
    let (year, month, day) = era.first_day;
    Date::from_calendar_date(year, month, day).ok()
}

/// The era a date falls in, and the year of that era.
fn era_of(date: Date) -> Option<(&'static Era, i32)> {
    ERAS.iter()
        .find(|era| first_day(era).is_some_and(|first| date >= first))
        .map(|era| (era, date.year() - era.first_day.0 + 1))
}

/// Japan has no summer time: Japan Standard Time is UTC+9 all year.
fn japan() -> UtcOffset {
    UtcOffset::from_hms(9, 0, 0).unwrap_or(UtcOffset::UTC)
}

/// Reads a date of the application: `2026-04-01` (a date answer) or an
/// RFC 3339 time (`2026-03-31T15:30:00Z`, the time of submission), which is
/// taken as the day it was in Japan.
pub fn source_date(text: &str) -> Option<Date> {
    let text = text.trim();
    if let Ok(date) = Date::parse(
        text,
        time::macros::format_description!("[year]-[month]-[day]"),
    ) {
        return Some(date);
    }
    OffsetDateTime::parse(text, &Rfc3339)
        .ok()
        .map(|t| t.to_offset(japan()).date())
}

/// Writes a date in a style; `None` for a 和暦 style before 明治, or an era
/// year of more than two digits.
pub fn format(date: Date, style: DateStyle) -> Option<String> {
    let (month, day) = (u8::from(date.month()), date.day());
    match style {
        DateStyle::Yyyymmdd => (0..=9999)
            .contains(&date.year())
            .then(|| format!("{:04}{month:02}{day:02}", date.year())),
        DateStyle::Iso => (0..=9999)
            .contains(&date.year())
            .then(|| format!("{:04}-{month:02}-{day:02}", date.year())),
        DateStyle::Gyymmdd | DateStyle::Eyymmdd => {
            let (era, year) = era_of(date)?;
            if !(1..=99).contains(&year) {
                return None;
            }
            let mark = if style == DateStyle::Gyymmdd {
                era.letter
            } else {
                era.code
            };
            Some(format!("{mark}{year:02}{month:02}{day:02}"))
        }
        DateStyle::Kanji => {
            let (era, year) = era_of(date)?;
            let year = if year == 1 {
                "元".to_string()
            } else {
                year.to_string()
            };
            Some(format!("{}{year}年{month}月{day}日", era.name))
        }
    }
}

fn number(text: &str) -> Option<u32> {
    if text.is_empty() || text.len() > 4 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

fn in_era(era: &Era, era_year: u32, month: u32, day: u32) -> Option<Date> {
    if !(1..=99).contains(&era_year) {
        return None;
    }
    let year = era.first_day.0 + i32::try_from(era_year).ok()? - 1;
    let month = Month::try_from(u8::try_from(month).ok()?).ok()?;
    let date = Date::from_calendar_date(year, month, u8::try_from(day).ok()?).ok()?;
    let starts = first_day(era)?;
    let next = ERAS
        .iter()
        .rev()
        .skip_while(|e| e.name != era.name)
        .nth(1)
        .and_then(first_day);
    (date >= starts && next.is_none_or(|next| date < next)).then_some(date)
}

/// Reads a date written in a style (full-width digits accepted); a 和暦 date
/// outside its era (平成31年5月1日) is refused.
pub fn parse(text: &str, style: DateStyle) -> Option<Date> {
    let text: String = text
        .trim_matches([' ', '\u{3000}'])
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(u32::from(c) - 0xFEE0).unwrap_or(c),
            _ => c,
        })
        .collect();
    let ymd = |y: &str, m: &str, d: &str| -> Option<Date> {
        let month = Month::try_from(u8::try_from(number(m)?).ok()?).ok()?;
        let year = i32::try_from(number(y)?).ok()?;
        Date::from_calendar_date(year, month, u8::try_from(number(d)?).ok()?).ok()
    };
    match style {
        DateStyle::Yyyymmdd => {
            if text.len() != 8 {
                return None;
            }
            ymd(text.get(0..4)?, text.get(4..6)?, text.get(6..8)?)
        }
        DateStyle::Iso => {
            let mut parts = text.split('-');
            let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
            if parts.next().is_some() || y.len() != 4 {
                return None;
            }
            ymd(y, m, d)
        }
        DateStyle::Gyymmdd | DateStyle::Eyymmdd => {
            if text.len() != 7 || !text.is_ascii() {
                return None;
            }
            let mark = text.chars().next()?.to_ascii_uppercase();
            let era = ERAS.iter().find(|era| {
                if style == DateStyle::Gyymmdd {
                    era.letter == mark
                } else {
                    era.code == mark
                }
            })?;
            in_era(
                era,
                number(text.get(1..3)?)?,
                number(text.get(3..5)?)?,
                number(text.get(5..7)?)?,
            )
        }
        DateStyle::Kanji => {
            let (era, rest) = ERAS
                .iter()
                .find_map(|era| text.strip_prefix(era.name).map(|rest| (era, rest)))?;
            let (year, rest) = rest.split_once('年')?;
            let (month, rest) = rest.split_once('月')?;
            let day = rest.strip_suffix('日')?;
            let year = if year == "元" { 1 } else { number(year)? };
            in_era(era, year, number(month)?, number(day)?)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn styles() {
        let d = date!(2026 - 04 - 01);
        assert_eq!(format(d, DateStyle::Gyymmdd).as_deref(), Some("R080401"));
        assert_eq!(format(d, DateStyle::Eyymmdd).as_deref(), Some("5080401"));
        assert_eq!(
            format(d, DateStyle::Kanji).as_deref(),
            Some("令和8年4月1日")
        );
        assert_eq!(format(d, DateStyle::Yyyymmdd).as_deref(), Some("20260401"));
        assert_eq!(format(d, DateStyle::Iso).as_deref(), Some("2026-04-01"));
        assert_eq!(
            format(date!(2019 - 05 - 01), DateStyle::Kanji).as_deref(),
            Some("令和元年5月1日")
        );
        assert_eq!(
            format(date!(2019 - 04 - 30), DateStyle::Gyymmdd).as_deref(),
            Some("H310430")
        );
        assert_eq!(format(date!(1850 - 01 - 01), DateStyle::Gyymmdd), None);
    }

    #[test]
    fn parse_back() {
        for style in [
            DateStyle::Yyyymmdd,
            DateStyle::Iso,
            DateStyle::Gyymmdd,
            DateStyle::Eyymmdd,
            DateStyle::Kanji,
        ] {
            for d in [
                date!(2026 - 04 - 01),
                date!(2019 - 05 - 01),
                date!(2019 - 04 - 30),
                date!(1989 - 01 - 08),
                date!(1985 - 12 - 31),
            ] {
                let text = format(d, style).unwrap_or_default();
                assert_eq!(parse(&text, style), Some(d), "{text}");
            }
        }
        assert_eq!(
            parse("令和１年５月１日", DateStyle::Kanji),
            Some(date!(2019 - 05 - 01))
        );
        assert_eq!(parse("H310501", DateStyle::Gyymmdd), None, "平成 had ended");
        assert_eq!(
            parse("R010430", DateStyle::Gyymmdd),
            None,
            "令和 had not begun"
        );
        assert_eq!(parse("R081301", DateStyle::Gyymmdd), None);
        assert_eq!(parse("20261301", DateStyle::Yyyymmdd), None);
        assert_eq!(parse("2026040", DateStyle::Yyyymmdd), None);
        assert_eq!(parse("+2026-4-1", DateStyle::Iso), None);
    }

    #[test]
    fn submission_times_are_days_in_japan() {
        assert_eq!(
            source_date("2026-03-31T15:30:00Z"),
            Some(date!(2026 - 04 - 01))
        );
        assert_eq!(source_date("2026-04-01"), Some(date!(2026 - 04 - 01)));
        assert_eq!(source_date("April"), None);
    }
}
