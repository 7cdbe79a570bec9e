//! Where a procedure is done, truthfully: from the way its section declares
//! and whether a madoguchi form is published for it, what residents see (an
//! apply button, another service, the post, the counter), and whether the
//! registry calls it online with no way to apply (a gap for the DX office).
//! Plain functions without I/O.

use serde::Serialize;

use crate::model::{ApplyMethod, ApplyWay, OnlineStatus};

/// The longest address of another service the registry keeps.
pub const MAX_URL_CHARS: usize = 500;
/// The longest name of another service.
pub const MAX_SERVICE_CHARS: usize = 100;

/// How residents apply, as the procedure page, search and the API show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Way {
    /// On this platform's form: the apply button goes to `url`.
    Form { url: String },
    /// On another service (the button leaves the site).
    External { service: String, url: String },
    /// By post.
    Post,
    /// At a counter.
    Counter,
    /// Not stated: at a counter or by post, ask the section.
    Unstated,
}

impl Way {
    pub fn code(&self) -> &'static str {
        match self {
            Way::Form { .. } => "form",
            Way::External { .. } => "external",
            Way::Post => "post",
            Way::Counter => "counter",
            Way::Unstated => "unstated",
        }
    }

    /// Whether residents can apply online this way.
    pub fn is_online(&self) -> bool {
        matches!(self, Way::Form { .. } | Way::External { .. })
    }

    /// Where the apply button goes, if there is one.
    pub fn url(&self) -> Option<&str> {
        match self {
            Way::Form { url } | Way::External { url, .. } => Some(url),
            _ => None,
        }
    }
}

/// What a procedure shows residents, and what the DX office should know.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Resolution {
    pub way: Way,
    /// The status residents see: `online` only with a way to apply online;
    /// otherwise the registry's status, with a registry `online` read as
    /// `not_online`.
    pub status: &'static str,
    /// The registry says online, yet there is no way to apply online.
    pub gap: bool,
    /// A published form the declared way does not use (external, post or
    /// counter declared): nobody reaches it from the procedure page.
    pub unused_form: bool,
}

/// The public status of a registry status once the way is known.
pub fn public_status(online: &OnlineStatus, way_online: bool) -> &'static str {
    if way_online {
        return "online";
    }
    match online {
        OnlineStatus::Online { .. } | OnlineStatus::NotOnline => "not_online",
        OnlineStatus::Planned => "planned",
        OnlineStatus::Impossible { .. } => "impossible",
    }
}

/// The Japanese label of a public status (the API's `online_status_label`).
pub fn status_label_ja(status: &str) -> &'static str {
    match status {
        "online" => "オンライン申請できます",
        "planned" => "オンライン化予定",
        "impossible" => "オンライン化できない手続",
        _ => "窓口・郵送で受付",
    }
}

/// The English label of a public status.
pub fn status_label_en(status: &str) -> &'static str {
    match status {
        "online" => "Available online",
        "planned" => "Online soon",
        "impossible" => "Cannot be done online",
        _ => "At the counter or by post",
    }
}

/// What residents see of procedure `id`: the declared way (an explicit
/// external, post or counter is the section's word), else the published
/// madoguchi form, else nothing stated; and whether it is a gap.
pub fn resolve(id: &str, declared: &ApplyWay, online: &OnlineStatus, has_form: bool) -> Resolution {
    let form = || Way::Form {
        url: format!("/procedures/{id}/apply"),
    };
    let way = match declared.method {
        ApplyMethod::External if external_problems(&declared.url, &declared.service).is_empty() => {
            Way::External {
                service: declared.service.trim().to_string(),
                url: declared.url.trim().to_string(),
            }
        }
        // A stored address that is not safe to link is no way at all.
        ApplyMethod::External => Way::Unstated,
        ApplyMethod::Post => Way::Post,
        ApplyMethod::Counter => Way::Counter,
        ApplyMethod::Form | ApplyMethod::Unset if has_form => form(),
        ApplyMethod::Form | ApplyMethod::Unset => Way::Unstated,
    };
    let unused_form = has_form && !matches!(way, Way::Form { .. });
    let declared_online = matches!(online, OnlineStatus::Online { .. });
    Resolution {
        status: public_status(online, way.is_online()),
        gap: declared_online && !way.is_online(),
        unused_form,
        way,
    }
}

/// One problem with a declared way: the field, Japanese, English.
pub type Problem = (&'static str, String, String);

/// What is wrong with another service's address and name: an https URL of
/// at most [`MAX_URL_CHARS`] with a host and no spaces, a name of 1 to
/// [`MAX_SERVICE_CHARS`] characters. Every problem, not only the first.
pub fn external_problems(url: &str, service: &str) -> Vec<Problem> {
    let mut problems = Vec::new();
    let url = url.trim();
    let service = service.trim();
    if url.is_empty() {
        problems.push((
            "apply_url",
            "外部サービスで申請する手続には申請先の URL が必要です。".to_string(),
            "A procedure done on another service needs that service's URL.".to_string(),
        ));
    } else if url.chars().count() > MAX_URL_CHARS {
        problems.push((
            "apply_url",
            format!("申請先の URL が長すぎます（{MAX_URL_CHARS}字まで）。"),
            format!("The URL is longer than {MAX_URL_CHARS} characters."),
        ));
    } else if !is_https_url(url) {
        problems.push((
            "apply_url",
            format!("申請先の URL「{url}」は https:// で始まる正しいアドレスにしてください。"),
            format!("The URL {url:?} must be a valid address starting with https://."),
        ));
    }
    if service.is_empty() {
        problems.push((
            "apply_service",
            "外部サービスの名称（例: マイナポータル）が必要です。".to_string(),
            "Name the other service (e.g. マイナポータル).".to_string(),
        ));
    } else if service.chars().count() > MAX_SERVICE_CHARS {
        problems.push((
            "apply_service",
            format!("外部サービスの名称が長すぎます（{MAX_SERVICE_CHARS}字まで）。"),
            format!("The service's name is longer than {MAX_SERVICE_CHARS} characters."),
        ));
    }
    problems
}

/// Problems of a whole declared way: another service's address and name
/// when external; for any other method, an address or name given with it.
pub fn way_problems(way: &ApplyWay) -> Vec<Problem> {
    match way.method {
        ApplyMethod::External => external_problems(&way.url, &way.service),
        _ if !way.url.trim().is_empty() || !way.service.trim().is_empty() => vec![(
            "apply_method",
            "申請先の URL・名称は「外部サービス」の手続にだけ書けます。".to_string(),
            "A URL and service name belong only to a procedure done on another service."
                .to_string(),
        )],
        _ => Vec::new(),
    }
}

/// `https://host[/…]`, printable ASCII without spaces, quotes or angle
/// brackets (a link residents follow, never a script).
fn is_https_url(url: &str) -> bool {
    let Some(rest) = url.strip_prefix("https://") else {
        return false;
    };
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host_ok = !host.is_empty()
        && !host.contains('@')
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':'))
        && host.contains('.');
    host_ok
        && url
            .chars()
            .all(|c| c.is_ascii_graphic() && !matches!(c, '"' | '\'' | '<' | '>' | '\\' | '`'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn online() -> OnlineStatus {
        OnlineStatus::Online {
            fiscal_year: Some(2023),
            or_earlier: false,
            since: None,
        }
    }

    fn declared(method: ApplyMethod) -> ApplyWay {
        ApplyWay {
            method,
            ..Default::default()
        }
    }

    fn eltax() -> ApplyWay {
        ApplyWay {
            method: ApplyMethod::External,
            url: "https://www.eltax.lta.go.jp/".into(),
            service: "eLTAX".into(),
        }
    }

    #[test]
    fn a_published_form_makes_a_form_procedure_unless_another_way_is_declared() {
        for method in [ApplyMethod::Unset, ApplyMethod::Form] {
            let r = resolve("p1", &declared(method), &OnlineStatus::NotOnline, true);
            assert_eq!(
                r.way,
                Way::Form {
                    url: "/procedures/p1/apply".into()
                }
            );
            assert_eq!(r.status, "online");
            assert!(!r.gap && !r.unused_form);
        }
        let r = resolve("p1", &declared(ApplyMethod::Counter), &online(), true);
        assert_eq!(r.way, Way::Counter);
        assert!(r.gap && r.unused_form);
    }

    #[test]
    fn online_without_a_way_is_a_gap_never_shown_online() {
        for method in [
            ApplyMethod::Unset,
            ApplyMethod::Form,
            ApplyMethod::Post,
            ApplyMethod::Counter,
        ] {
            let r = resolve("p", &declared(method), &online(), false);
            assert!(r.gap, "{method:?}");
            assert!(!r.way.is_online());
            assert_eq!(r.status, "not_online");
            assert_eq!(r.way.url(), None);
        }
    }

    #[test]
    fn another_service_is_a_way_with_its_name_and_address() {
        let r = resolve("tax", &eltax(), &online(), false);
        assert_eq!(
            r.way,
            Way::External {
                service: "eLTAX".into(),
                url: "https://www.eltax.lta.go.jp/".into()
            }
        );
        assert_eq!(r.status, "online");
        assert!(!r.gap);
        // Even when the registry has not caught up.
        let r = resolve("tax", &eltax(), &OnlineStatus::Planned, false);
        assert_eq!(r.status, "online");
        assert!(!r.gap);
    }

    #[test]
    fn an_unsafe_stored_address_is_no_way() {
        for url in [
            "http://www.eltax.lta.go.jp/",
            "javascript:alert(1)",
            "https://",
            "https://a b.jp/",
            "https://example.jp/\"><script>",
            "https://user@evil.jp/",
        ] {
            let way = ApplyWay {
                url: url.into(),
                ..eltax()
            };
            let r = resolve("tax", &way, &online(), false);
            assert_eq!(r.way, Way::Unstated, "{url}");
            assert!(r.gap);
        }
    }

    #[test]
    fn statuses_other_than_online_pass_through() {
        let r = resolve(
            "p",
            &declared(ApplyMethod::Unset),
            &OnlineStatus::Planned,
            false,
        );
        assert_eq!((r.status, r.gap), ("planned", false));
        let r = resolve(
            "p",
            &declared(ApplyMethod::Counter),
            &OnlineStatus::Impossible {
                reason: "対面".into(),
            },
            false,
        );
        assert_eq!(
            (r.status, r.gap, r.way),
            ("impossible", false, Way::Counter)
        );
    }

    #[test]
    fn every_problem_of_a_declared_way_is_named() {
        let problems = external_problems("ftp://x", "");
        assert_eq!(problems.len(), 2);
        let long = format!("https://example.jp/{}", "a".repeat(MAX_URL_CHARS));
        assert_eq!(external_problems(&long, "x")[0].0, "apply_url");
        assert_eq!(
            external_problems(
                "https://www.shinsei.e-aichi.jp/city-nagoya-aichi-u/",
                "あいち電子申請・届出システム"
            ),
            Vec::<Problem>::new()
        );
        let counter_with_url = ApplyWay {
            method: ApplyMethod::Counter,
            url: "https://example.jp/".into(),
            service: String::new(),
        };
        assert_eq!(way_problems(&counter_with_url)[0].0, "apply_method");
        assert!(way_problems(&eltax()).is_empty());
    }
}
