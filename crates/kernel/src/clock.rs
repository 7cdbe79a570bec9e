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

pub fn now_text() -> String {
    to_text(OffsetDateTime::now_utc())
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

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
}
