//! Time as the database stores it: UTC, to the second, in one fixed text
//! form (`2026-11-24T07:30:00Z`) so that text order is time order on both
//! SQLite and PostgreSQL.

use time::OffsetDateTime;
use time::macros::format_description;

const STORED: &[time::format_description::BorrowedFormatItem<'static>] =
    format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]Z");

pub fn to_text(at: OffsetDateTime) -> String {
    at.to_offset(time::UtcOffset::UTC)
        .format(STORED)
        .unwrap_or_default()
}

/// Today's date in Japan (the city's day, whatever the server's zone).
pub fn today_in_japan() -> time::Date {
    OffsetDateTime::now_utc()
        .to_offset(time::macros::offset!(+9))
        .date()
}

/// A stored time as people in the city read it: Japan time, 和暦 in
/// Japanese (`令和8年11月25日 5:46`), `2026-11-25 05:46 JST` in English.
/// Text that is not a stored time is shown as it is.
pub fn display(stored: &str, english: bool) -> String {
    let Ok(at) = time::PrimitiveDateTime::parse(stored, STORED) else {
        return stored.to_string();
    };
    let japan = at.assume_utc().to_offset(time::macros::offset!(+9));
    if english {
        format!(
            "{} {:02}:{:02} JST",
            japan.date(),
            japan.hour(),
            japan.minute()
        )
    } else {
        format!(
            "{} {}:{:02}",
            crate::wareki::wareki_date(japan.date()),
            japan.hour(),
            japan.minute()
        )
    }
}

/// A stored time for a CSV file: Japan time as `2026-12-05 08:48:00`,
/// which spreadsheets read as a date and time (a case received at 08:48 on
/// 5 December in Japan is stored as 23:48 on the 4th, and must not be
/// counted on the 4th). Text that is not a stored time is kept as it is.
pub fn spreadsheet(stored: &str) -> String {
    let Some(at) = parse(stored) else {
        return stored.to_string();
    };
    let japan = at.to_offset(time::macros::offset!(+9));
    format!(
        "{} {:02}:{:02}:{:02}",
        japan.date(),
        japan.hour(),
        japan.minute(),
        japan.second()
    )
}

/// A stored time read back; `None` for text that is not one.
pub fn parse(stored: &str) -> Option<OffsetDateTime> {
    time::PrimitiveDateTime::parse(stored, STORED)
        .ok()
        .map(|at| at.assume_utc())
}

pub fn now_text() -> String {
    to_text(OffsetDateTime::now_utc())
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn spreadsheets_get_japan_time_on_the_japanese_day() {
        assert_eq!(spreadsheet("2026-12-04T23:48:00Z"), "2026-12-05 08:48:00");
        assert_eq!(spreadsheet("2026-12-05T14:59:59Z"), "2026-12-05 23:59:59");
        assert_eq!(spreadsheet("not a time"), "not a time");
    }

    #[test]
    fn stored_times_sort_as_text_in_time_order() {
        let earlier = to_text(datetime!(2026-11-24 07:30:00.999 UTC));
        let later = to_text(datetime!(2026-11-24 07:30:01 UTC));
        assert_eq!(earlier, "2026-11-24T07:30:00Z");
        assert!(earlier < later);
        assert_eq!(
            to_text(datetime!(2026-11-24 16:30:00 +9)),
            "2026-11-24T07:30:00Z"
        );
    }

    #[test]
    fn times_are_shown_in_japan_time() {
        // 23:30 UTC on 31 March is already 1 April in Japan.
        assert_eq!(display("2027-03-31T23:30:00Z", false), "令和9年4月1日 8:30");
        assert_eq!(
            display("2027-03-31T23:30:00Z", true),
            "2027-04-01 08:30 JST"
        );
        assert_eq!(display("not a time", false), "not a time");
    }
}
