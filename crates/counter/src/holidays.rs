//! When the ward offices are closed: weekends, Japan's public holidays
//! (国民の祝日に関する法律, with 振替休日 and 国民の休日) and the year-end and
//! new-year closure (年末年始, 12月29日–1月3日). Plain functions without I/O;
//! the equinoxes are computed with the formula the National Astronomical
//! Observatory's dates follow for 1980–2099.

use time::{Date, Month, Weekday};

/// The public holiday on `date`, if it is one: its name.
pub fn holiday(date: Date) -> Option<&'static str> {
    if let Some(name) = named_holiday(date) {
        return Some(name);
    }
    if substitute(date) {
        return Some("振替休日");
    }
    // A weekday between two holidays is a holiday too.
    if date.weekday() != Weekday::Sunday
        && date.previous_day().and_then(named_holiday).is_some()
        && date.next_day().and_then(named_holiday).is_some()
    {
        return Some("国民の休日");
    }
    None
}

/// 振替休日: the first day after a Sunday holiday that is no holiday itself.
fn substitute(date: Date) -> bool {
    let mut day = date;
    loop {
        let Some(before) = day.previous_day() else {
            return false;
        };
        if named_holiday(before).is_none() {
            return false;
        }
        if before.weekday() == Weekday::Sunday {
            return named_holiday(date).is_none();
        }
        day = before;
    }
}

/// The `n`th `weekday` of the month (1-based).
fn nth(year: i32, month: Month, weekday: Weekday, n: u8) -> Option<Date> {
    Date::from_calendar_date(year, month, 1)
        .ok()
        .map(|first| {
            let offset = (7 + weekday.number_days_from_monday() as i16
                - first.weekday().number_days_from_monday() as i16)
                % 7;
            first.day() as i16 + offset + 7 * (i16::from(n) - 1)
        })
        .and_then(|day| u8::try_from(day).ok())
        .and_then(|day| Date::from_calendar_date(year, month, day).ok())
}

fn equinox_day(year: i32, base: f64) -> u8 {
    let y = f64::from(year - 1980);
    (base + 0.242194 * y - (y / 4.0).floor()).floor() as u8
}

/// The holidays the law names, by date (not the substitutes).
fn named_holiday(date: Date) -> Option<&'static str> {
    let (year, month, day) = (date.year(), date.month(), date.day());
    let is = |m: Month, d: u8| month == m && day == d;
    let is_nth = |m: Month, n: u8| month == m && nth(year, m, Weekday::Monday, n) == Some(date);
    // The Olympic years moved three holidays.
    match year {
        2020 => {
            if is(Month::July, 23) {
                return Some("海の日");
            }
            if is(Month::July, 24) {
                return Some("スポーツの日");
            }
            if is(Month::August, 10) {
                return Some("山の日");
            }
        }
        2021 => {
            if is(Month::July, 22) {
                return Some("海の日");
            }
            if is(Month::July, 23) {
                return Some("スポーツの日");
            }
            if is(Month::August, 8) {
                return Some("山の日");
            }
        }
        _ => {}
    }
    let olympic = year == 2020 || year == 2021;
    if is(Month::January, 1) {
        Some("元日")
    } else if is_nth(Month::January, 2) {
        Some("成人の日")
    } else if is(Month::February, 11) {
        Some("建国記念の日")
    } else if is(Month::February, 23) && year >= 2020 {
        Some("天皇誕生日")
    } else if month == Month::March && day == equinox_day(year, 20.8431) {
        Some("春分の日")
    } else if is(Month::April, 29) {
        Some("昭和の日")
    } else if is(Month::May, 3) {
        Some("憲法記念日")
    } else if is(Month::May, 4) {
        Some("みどりの日")
    } else if is(Month::May, 5) {
        Some("こどもの日")
    } else if !olympic && is_nth(Month::July, 3) {
        Some("海の日")
    } else if !olympic && is(Month::August, 11) {
        Some("山の日")
    } else if is_nth(Month::September, 3) {
        Some("敬老の日")
    } else if month == Month::September && day == equinox_day(year, 23.2488) {
        Some("秋分の日")
    } else if !olympic && is_nth(Month::October, 2) {
        Some("スポーツの日")
    } else if is(Month::November, 3) {
        Some("文化の日")
    } else if is(Month::November, 23) {
        Some("勤労感謝の日")
    } else {
        None
    }
}

/// 年末年始: the city's offices close from 29 December to 3 January.
pub fn year_end(date: Date) -> bool {
    (date.month() == Month::December && date.day() >= 29)
        || (date.month() == Month::January && date.day() <= 3)
}

/// Why the offices are closed on `date`, or `None` when they are open.
pub fn closed(date: Date) -> Option<&'static str> {
    if year_end(date) {
        return Some("年末年始");
    }
    if let Some(name) = holiday(date) {
        return Some(name);
    }
    match date.weekday() {
        Weekday::Saturday => Some("土曜日"),
        Weekday::Sunday => Some("日曜日"),
        _ => None,
    }
}

/// When the ward offices' counters take residents on an open day
/// (Nagoya's 8:45–17:15).
pub const OPENS: (u8, u8) = (8, 45);
pub const CLOSES: (u8, u8) = (17, 15);

/// Why the counters are not open at `now` (Japan time), in the reader's
/// words: a closed day, or outside the day's hours. `None` while open. The
/// congestion pages say so, so that an empty hall at night is never shown
/// as a short wait.
pub fn closed_now(now: time::OffsetDateTime, english: bool) -> Option<String> {
    let local = now.to_offset(time::macros::offset!(+9));
    if let Some(why) = closed(local.date()) {
        return Some(if english {
            format!("The offices are closed today ({why}); the counters take no one.")
        } else {
            format!("本日は閉庁日（{why}）です。窓口は開いていません。")
        });
    }
    let minutes = u32::from(local.hour()) * 60 + u32::from(local.minute());
    let open = u32::from(OPENS.0) * 60 + u32::from(OPENS.1);
    let close = u32::from(CLOSES.0) * 60 + u32::from(CLOSES.1);
    (minutes < open || minutes >= close).then(|| {
        if english {
            "Outside the counters' hours (weekdays 8:45–17:15): what is shown is as the day left it."
                .to_string()
        } else {
            "受付時間外です（平日 8:45〜17:15）。表示はその日の受付が終わったときの状況です。".to_string()
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn holidays_of(year: i32) -> Vec<(Date, &'static str)> {
        let mut out = Vec::new();
        let mut day = Date::from_calendar_date(year, Month::January, 1).expect("date");
        while day.year() == year {
            if let Some(name) = holiday(day) {
                out.push((day, name));
            }
            day = day.next_day().expect("next");
        }
        out
    }

    #[test]
    fn the_holidays_of_2026_as_the_cabinet_office_lists_them() {
        let expected = [
            (date!(2026 - 01 - 01), "元日"),
            (date!(2026 - 01 - 12), "成人の日"),
            (date!(2026 - 02 - 11), "建国記念の日"),
            (date!(2026 - 02 - 23), "天皇誕生日"),
            (date!(2026 - 03 - 20), "春分の日"),
            (date!(2026 - 04 - 29), "昭和の日"),
            (date!(2026 - 05 - 03), "憲法記念日"),
            (date!(2026 - 05 - 04), "みどりの日"),
            (date!(2026 - 05 - 05), "こどもの日"),
            (date!(2026 - 05 - 06), "振替休日"),
            (date!(2026 - 07 - 20), "海の日"),
            (date!(2026 - 08 - 11), "山の日"),
            (date!(2026 - 09 - 21), "敬老の日"),
            (date!(2026 - 09 - 22), "国民の休日"),
            (date!(2026 - 09 - 23), "秋分の日"),
            (date!(2026 - 10 - 12), "スポーツの日"),
            (date!(2026 - 11 - 03), "文化の日"),
            (date!(2026 - 11 - 23), "勤労感謝の日"),
        ];
        assert_eq!(holidays_of(2026), expected.to_vec());
    }

    #[test]
    fn substitutes_equinoxes_and_the_olympic_years() {
        // 2025: 2月23日 is a Sunday, so the 24th is off; 11月23日 too.
        assert_eq!(holiday(date!(2025 - 02 - 24)), Some("振替休日"));
        assert_eq!(holiday(date!(2025 - 11 - 24)), Some("振替休日"));
        assert_eq!(holiday(date!(2025 - 03 - 20)), Some("春分の日"));
        assert_eq!(holiday(date!(2025 - 09 - 23)), Some("秋分の日"));
        // 2027's spring equinox is on the 21st, a Sunday: the 22nd is off.
        assert_eq!(holiday(date!(2027 - 03 - 21)), Some("春分の日"));
        assert_eq!(holiday(date!(2027 - 03 - 22)), Some("振替休日"));
        // 2020's and 2021's moved holidays, and the days they left.
        assert_eq!(holiday(date!(2021 - 07 - 22)), Some("海の日"));
        assert_eq!(holiday(date!(2021 - 07 - 19)), None);
        assert_eq!(holiday(date!(2021 - 08 - 09)), Some("振替休日"));
        assert_eq!(holiday(date!(2021 - 10 - 11)), None);
        // 2024: 5月6日 makes up for 5月5日, a Sunday.
        assert_eq!(holiday(date!(2024 - 05 - 06)), Some("振替休日"));
        assert_eq!(holiday(date!(2024 - 05 - 07)), None);
        assert_eq!(holidays_of(2024).len(), 21);
        assert_eq!(holidays_of(2025).len(), 19);
    }

    #[test]
    fn offices_close_at_weekends_holidays_and_the_year_end() {
        assert_eq!(closed(date!(2026 - 12 - 28)), None, "a Monday at work");
        assert_eq!(closed(date!(2026 - 12 - 29)), Some("年末年始"));
        assert_eq!(closed(date!(2027 - 01 - 03)), Some("年末年始"));
        assert_eq!(closed(date!(2027 - 01 - 04)), None);
        assert_eq!(closed(date!(2026 - 12 - 05)), Some("土曜日"));
        assert_eq!(closed(date!(2026 - 12 - 06)), Some("日曜日"));
        assert_eq!(closed(date!(2026 - 11 - 23)), Some("勤労感謝の日"));
    }

    #[test]
    fn the_pages_say_when_the_counters_are_not_open() {
        use time::macros::datetime;
        assert_eq!(
            super::closed_now(datetime!(2026-12-07 10:00 +9), false),
            None
        );
        assert!(
            super::closed_now(datetime!(2026-12-07 08:44 +9), false)
                .is_some_and(|w| w.contains("受付時間外"))
        );
        assert!(
            super::closed_now(datetime!(2026-12-07 17:15 +9), true)
                .is_some_and(|w| w.contains("Outside"))
        );
        assert!(
            super::closed_now(datetime!(2026-12-05 10:00 +9), false)
                .is_some_and(|w| w.contains("土曜日"))
        );
        assert!(
            super::closed_now(datetime!(2027-01-02 10:00 +9), false)
                .is_some_and(|w| w.contains("年末年始"))
        );
        // 10:00 in Japan is 01:00 UTC.
        assert_eq!(
            super::closed_now(datetime!(2026-12-07 01:00 UTC), false),
            None
        );
    }
}
