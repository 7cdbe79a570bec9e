//! What a subscription may ask for (pure): a URL a delivery can go to,
//! known event types, sections and bureaus that exist.

use catalog::store::Organisation;

use crate::store::NewSubscription;

/// One thing wrong with a subscription, in Japanese and English.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub field: &'static str,
    pub ja: String,
    pub en: String,
}

fn problem(field: &'static str, ja: impl Into<String>, en: impl Into<String>) -> Problem {
    Problem {
        field,
        ja: ja.into(),
        en: en.into(),
    }
}

pub const MAX_URL: usize = 2000;
pub const MAX_SCOPE: usize = 100;
pub const MAX_DESCRIPTION: usize = 200;

pub fn check(new: &NewSubscription, organisation: &Organisation) -> Result<(), Vec<Problem>> {
    let mut problems = Vec::new();
    match reqwest::Url::parse(new.url.trim()) {
        _ if new.url.len() > MAX_URL => problems.push(problem(
            "url",
            format!("URL は {MAX_URL} 文字までです。"),
            format!("The URL may have at most {MAX_URL} characters."),
        )),
        Ok(url) if matches!(url.scheme(), "http" | "https") && url.host().is_some() => {
            if !url.username().is_empty() || url.password().is_some() {
                problems.push(problem(
                    "url",
                    "URL に利用者名やパスワードを含めないでください（署名で送信元を確かめられます）。",
                    "Leave user names and passwords out of the URL (the signature proves the sender).",
                ));
            }
        }
        _ => problems.push(problem(
            "url",
            "送信先は http:// または https:// で始まる URL で指定してください。",
            "Give the receiver as an http:// or https:// URL.",
        )),
    }
    for event_type in &new.filter.event_types {
        if !crate::event::TYPES.contains(&event_type.as_str()) {
            problems.push(problem(
                "event",
                format!(
                    "イベント種別「{event_type}」はありません（{}）。",
                    crate::event::TYPES.join(", ")
                ),
                format!(
                    "No event type {event_type:?}; use one of {}.",
                    crate::event::TYPES.join(", ")
                ),
            ));
        }
    }
    if new.filter.sections.len() + new.filter.bureaus.len() > MAX_SCOPE {
        problems.push(problem(
            "section",
            format!("課・局は合わせて {MAX_SCOPE} までです。"),
            format!("At most {MAX_SCOPE} sections and bureaus."),
        ));
    }
    for section in &new.filter.sections {
        if organisation.section(section).is_none() {
            problems.push(problem(
                "section",
                format!("課「{section}」はありません。"),
                format!("There is no section {section:?}."),
            ));
        }
    }
    for bureau in &new.filter.bureaus {
        if organisation.bureau(bureau).is_none() {
            problems.push(problem(
                "bureau",
                format!("局「{bureau}」はありません。"),
                format!("There is no bureau {bureau:?}."),
            ));
        }
    }
    if new.description.chars().count() > MAX_DESCRIPTION {
        problems.push(problem(
            "description",
            format!("説明は {MAX_DESCRIPTION} 文字までです。"),
            format!("The description may have at most {MAX_DESCRIPTION} characters."),
        ));
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::event::Filter;

    fn organisation() -> Organisation {
        Organisation {
            bureaus: vec![catalog::model::Bureau {
                id: "kodomo".into(),
                name: "子ども青少年局".into(),
                kana: String::new(),
                name_en: String::new(),
            }],
            sections: vec![catalog::model::Section {
                id: "kosodate".into(),
                bureau_id: "kodomo".into(),
                name: "子育て支援課".into(),
                kana: String::new(),
                name_en: String::new(),
                phone: String::new(),
                email: String::new(),
            }],
            ..Organisation::default()
        }
    }

    fn new(url: &str, filter: Filter) -> NewSubscription {
        NewSubscription {
            url: url.into(),
            filter,
            description: String::new(),
            created_by: "t".into(),
        }
    }

    #[test]
    fn a_good_subscription_passes() {
        let filter = Filter {
            event_types: vec!["application.submitted".into()],
            sections: vec!["kosodate".into()],
            bureaus: vec!["kodomo".into()],
        };
        assert_eq!(
            check(
                &new("https://kikan.city.example.jp/hook", filter),
                &organisation()
            ),
            Ok(())
        );
    }

    #[test]
    fn bad_urls_types_and_scopes_are_named() {
        for url in [
            "",
            "ftp://x/",
            "javascript:alert(1)",
            "https://",
            "https://user:pw@example.jp/",
        ] {
            let problems = check(&new(url, Filter::default()), &organisation()).unwrap_err();
            assert_eq!(problems[0].field, "url", "{url}");
        }
        let filter = Filter {
            event_types: vec!["application.approved".into()],
            sections: vec!["nope".into()],
            bureaus: vec!["nada".into()],
        };
        let problems = check(&new("http://127.0.0.1:9/hook", filter), &organisation()).unwrap_err();
        let fields: Vec<&str> = problems.iter().map(|p| p.field).collect();
        assert_eq!(fields, ["event", "section", "bureau"]);
        assert!(problems[0].ja.contains("application.approved"));
    }
}
