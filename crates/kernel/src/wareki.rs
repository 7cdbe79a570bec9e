//! 和暦 (Japanese era) dates and fiscal years (年度, April to March), as the
//! city writes them: 令和8年11月24日, 令和5年度 (R5), R4以前.

use time::{Date, Month};

struct Era {
    name: &'static str,
    letter: char,
    first_day: (i32, Month, u8),
}

const ERAS: [Era; 5] = [
    Era {
        name: "令和",
        letter: 'R',
        first_day: (2019, Month::May, 1),
    },
    Era {
        name: "平成",
        letter: 'H',
        first_day: (1989, Month::January, 8),
    },
    Era {
        name: "昭和",
        letter: 'S',
        first_day: (1926, Month::December, 25),
    },
    Era {
        name: "大正",
        letter: 'T',
        first_day: (1912, Month::July, 30),
    },
    Era {
        name: "明治",
        letter: 'M',
        first_day: (1868, Month::October, 23),
    },
];

fn era_first_day(era: &Era) -> Option<Date> {
    let (year, month, day) = era.first_day;
    Date::from_calendar_date(year, month, day).ok()
}

fn era_year_label(year: i32) -> String {
    if year == 1 {
        "元".to_string()
    } else {
        year.to_string()
    }
}

/// The fiscal year (年度) a day belongs to: 1 April 2023 – 31 March 2024 is 2023.
pub fn fiscal_year_of(date: Date) -> i32 {
    if date.month() >= Month::April {
        date.year()
    } else {
        date.year() - 1
    }
}

/// 令和8年11月24日 (or the western date before 明治).
pub fn wareki_date(date: Date) -> String {
    for era in &ERAS {
        if era_first_day(era).is_some_and(|first| date >= first) {
            let year = date.year() - era.first_day.0 + 1;
            return format!(
                "{}{}年{}月{}日",
                era.name,
                era_year_label(year),
                u8::from(date.month()),
                date.day()
            );
        }
    }
    format!(
        "{}年{}月{}日",
        date.year(),
        u8::from(date.month()),
        date.day()
    )
}

/// The era a fiscal year is named in: the latest era begun by that calendar
/// year, so FY2019 is 令和元年度 although April 2019 was still 平成.
fn fiscal_era(fiscal_year: i32) -> Option<&'static Era> {
    ERAS.iter().find(|era| era.first_day.0 <= fiscal_year)
}

/// 令和5年度
pub fn fiscal_year_label(fiscal_year: i32) -> String {
    match fiscal_era(fiscal_year) {
        Some(era) => format!(
            "{}{}年度",
            era.name,
            era_year_label(fiscal_year - era.first_day.0 + 1)
        ),
        None => format!("{fiscal_year}年度"),
    }
}

/// R5
pub fn fiscal_year_short(fiscal_year: i32) -> String {
    match fiscal_era(fiscal_year) {
        Some(era) => format!("{}{}", era.letter, fiscal_year - era.first_day.0 + 1),
        None => fiscal_year.to_string(),
    }
}

/// A fiscal year as written in a registry, and whether it said "or earlier".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParsedFiscalYear {
    pub year: i32,
    pub or_earlier: bool,
}

/// Reads R5, Ｒ５, 令和5年度, 令和元年度, H30, 平成30年度, 2023, 2023年度,
/// FY2023, and R4以前 / R4まで (or earlier).
pub fn parse_fiscal_year(input: &str) -> Result<ParsedFiscalYear, String> {
    let folded: String = crate::text::to_hiragana(input).replace([' ', '\u{3000}'], "");
    let mut rest = folded.as_str();
    let mut or_earlier = false;
    for suffix in ["以前", "まで", "迄"] {
        if let Some(stripped) = rest.strip_suffix(suffix) {
            rest = stripped;
            or_earlier = true;
        }
    }
    let rest = rest.strip_suffix("年度").unwrap_or(rest);
    let rest = rest
        .strip_prefix("FY")
        .or_else(|| rest.strip_prefix("fy"))
        .unwrap_or(rest);
    let invalid = || format!("{input:?} は年度として読めません（例: R5、令和5年度、2023）");
    for era in &ERAS {
        let after = rest
            .strip_prefix(era.name)
            .or_else(|| rest.strip_prefix(era.letter))
            .or_else(|| rest.strip_prefix(era.letter.to_ascii_lowercase()));
        if let Some(number) = after {
            let era_year = if number == "元" {
                1
            } else {
                number.parse::<i32>().map_err(|_| invalid())?
            };
            if !(1..=99).contains(&era_year) {
                return Err(invalid());
            }
            return Ok(ParsedFiscalYear {
                year: era.first_day.0 + era_year - 1,
                or_earlier,
            });
        }
    }
    match rest.parse::<i32>() {
        Ok(year) if (1868..=2200).contains(&year) => Ok(ParsedFiscalYear { year, or_earlier }),
        _ => Err(invalid()),
    }
}

/// Reads a date as residents write it: 2023-04-01, 2023/4/1, 2023年4月1日,
/// 令和5年4月1日, 令和元年5月1日, R5.4.1, R5/4/1 (full-width digits too). A 和暦
/// date outside its era (平成31年5月1日) is refused.
pub fn parse_date(input: &str) -> Result<Date, String> {
    let invalid = || format!("{input:?} は日付として読めません（例: 2023-04-01、令和5年4月1日）");
    let text: String = crate::text::to_hiragana(input).replace([' ', '\u{3000}'], "");
    let (era, rest) = match ERAS.iter().find_map(|era| {
        text.strip_prefix(era.name)
            .or_else(|| text.strip_prefix(era.letter))
            .or_else(|| text.strip_prefix(era.letter.to_ascii_lowercase()))
            .map(|rest| (Some(era), rest))
    }) {
        Some(found) => found,
        None => (None, text.as_str()),
    };
    let numbers: Vec<&str> = rest
        .split(['-', '/', '.', '年', '月', '日'])
        .filter(|part| !part.is_empty())
        .collect();
    let [year, month, day] = numbers.as_slice() else {
        return Err(invalid());
    };
    let year: i32 = if *year == "元" && era.is_some() {
        1
    } else {
        year.parse().map_err(|_| invalid())?
    };
    let month: u8 = month.parse().map_err(|_| invalid())?;
    let day: u8 = day.parse().map_err(|_| invalid())?;
    let western_year = match era {
        Some(era) => era.first_day.0 + year - 1,
        None => year,
    };
    let month = Month::try_from(month).map_err(|_| invalid())?;
    let date = Date::from_calendar_date(western_year, month, day).map_err(|_| invalid())?;
    if let Some(era) = era {
        let starts = era_first_day(era).ok_or_else(invalid)?;
        let next_era_starts = ERAS
            .iter()
            .rev()
            .skip_while(|e| e.name != era.name)
            .nth(1)
            .and_then(era_first_day);
        let in_era = date >= starts && next_era_starts.is_none_or(|next| date < next);
        if year < 1 || !in_era {
            return Err(format!("{input:?} は{}の期間にない日付です。", era.name));
        }
    }
    Ok(date)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn fiscal_years_turn_on_the_first_of_april() {
        assert_eq!(fiscal_year_of(date!(2024 - 03 - 31)), 2023);
        assert_eq!(fiscal_year_of(date!(2024 - 04 - 01)), 2024);
    }

    #[test]
    fn dates_and_fiscal_years_are_written_in_the_era() {
        assert_eq!(wareki_date(date!(2026 - 11 - 24)), "令和8年11月24日");
        assert_eq!(wareki_date(date!(2019 - 04 - 30)), "平成31年4月30日");
        assert_eq!(wareki_date(date!(2019 - 05 - 01)), "令和元年5月1日");
        assert_eq!(fiscal_year_label(2019), "令和元年度");
        assert_eq!(fiscal_year_label(2023), "令和5年度");
        assert_eq!(fiscal_year_label(2018), "平成30年度");
        assert_eq!(fiscal_year_short(2022), "R4");
    }

    #[test]
    fn dates_are_read_however_residents_write_them() {
        let d = date!(2023 - 04 - 01);
        for written in [
            "2023-04-01",
            "2023/4/1",
            "２０２３年４月１日",
            "令和5年4月1日",
            "R5.4.1",
            "r5/4/1",
            "令和５年４月１日",
        ] {
            assert_eq!(parse_date(written), Ok(d), "{written}");
        }
        assert_eq!(parse_date("令和元年5月1日"), Ok(date!(2019 - 05 - 01)));
        assert_eq!(parse_date("平成31年4月30日"), Ok(date!(2019 - 04 - 30)));
        assert!(parse_date("平成31年5月1日").is_err(), "平成 had ended");
        assert!(parse_date("令和元年4月30日").is_err(), "令和 had not begun");
        assert!(parse_date("2023-02-30").is_err());
        assert!(parse_date("昨日").is_err());
        assert!(parse_date("").is_err());
    }

    #[test]
    fn registry_spellings_of_a_fiscal_year_are_understood() {
        let ok = |year, or_earlier| Ok(ParsedFiscalYear { year, or_earlier });
        assert_eq!(parse_fiscal_year("R5"), ok(2023, false));
        assert_eq!(parse_fiscal_year("Ｒ５"), ok(2023, false));
        assert_eq!(parse_fiscal_year("令和5年度"), ok(2023, false));
        assert_eq!(parse_fiscal_year("令和元年度"), ok(2019, false));
        assert_eq!(parse_fiscal_year("H30"), ok(2018, false));
        assert_eq!(parse_fiscal_year("2023年度"), ok(2023, false));
        assert_eq!(parse_fiscal_year("FY2024"), ok(2024, false));
        assert_eq!(parse_fiscal_year("R4以前"), ok(2022, true));
        assert_eq!(parse_fiscal_year("R4まで"), ok(2022, true));
        assert!(parse_fiscal_year("来年").is_err());
        assert!(parse_fiscal_year("R0").is_err());
        assert!(parse_fiscal_year("12").is_err());
    }
}
