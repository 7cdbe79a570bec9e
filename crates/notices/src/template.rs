//! Notice templates (通知書の様式): what a notice says, written by the DX
//! office as text with placeholders (`{{ applicant }}`, `{{ answer.field }}`,
//! `{{ reasons }}` …) and checked before it is saved. Rendering is sandboxed
//! and has a fuel budget, so a template cannot run for ever. Plain functions.

use serde::{Deserialize, Serialize};

use crate::content::{Content, Decision};

/// Longest text a template field may hold.
pub const MAX_FIELD_CHARS: usize = 8_000;
/// Instructions a template may run for one notice.
const FUEL: u64 = 50_000;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoticeTemplate {
    /// `default/approved`, `default/rejected`, or `<procedure>/<decision>`.
    pub id: String,
    /// The procedure it is for; `None` for the city's default.
    pub procedure_id: Option<String>,
    pub decision: Decision,
    /// 決定通知書, 却下通知書, 許可書, 証明書 …
    pub kind: String,
    pub title: String,
    /// Paragraphs, separated by blank lines.
    pub body: String,
    /// The items under 記, one per line as `label: value`.
    pub items: String,
    /// A disposition (処分) must carry the appeal instruction (教示).
    pub disposition: bool,
    /// 教示: 審査請求 and 取消訴訟 (行政不服審査法 §82, 行政事件訴訟法 §46).
    pub appeal: String,
    /// Who issues it, as printed (名古屋市長).
    pub issuer: String,
    pub revision: i64,
}

/// A template problem, said for the DX office in both languages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    pub field: &'static str,
    pub message_ja: String,
    pub message: String,
}

impl Problem {
    fn new(field: &'static str, ja: impl Into<String>, en: impl Into<String>) -> Self {
        Problem {
            field,
            message_ja: ja.into(),
            message: en.into(),
        }
    }
}

pub const DEFAULT_APPEAL: &str = "1　この決定に不服がある場合は、この決定があったことを知った日の翌日から起算して3か月以内に、名古屋市長に対して審査請求をすることができます。\n\n2　この決定の取消しの訴えは、この決定があったことを知った日の翌日から起算して6か月以内に、名古屋市を被告として（訴訟において名古屋市を代表する者は名古屋市長となります。）提起することができます。ただし、上記1の審査請求をした場合には、この決定の取消しの訴えは、その審査請求に対する裁決があったことを知った日の翌日から起算して6か月以内に提起することができます。";

/// The city's templates when nothing more specific is set.
pub fn default_for(decision: Decision) -> NoticeTemplate {
    let (kind, body) = match decision {
        Decision::Approved => (
            "決定通知書",
            "{{ submitted_on }}付けで申請のありました{{ procedure }}については、審査の結果、下記のとおり承認することに決定したので通知します。",
        ),
        Decision::Rejected => (
            "却下通知書",
            "{{ submitted_on }}付けで申請のありました{{ procedure }}については、審査の結果、下記の理由により承認しないことに決定したので通知します。",
        ),
    };
    NoticeTemplate {
        id: format!("default/{}", decision.code()),
        procedure_id: None,
        decision,
        kind: kind.to_string(),
        title: format!("{{{{ procedure }}}}について（{kind}）"),
        body: body.to_string(),
        items: "受付番号: {{ receipt_number }}\n申請日: {{ submitted_on }}\n決定: {{ decision }}"
            .to_string(),
        disposition: true,
        appeal: DEFAULT_APPEAL.to_string(),
        issuer: "名古屋市長".to_string(),
        revision: 0,
    }
}

/// What a template may name: the application as the resident wrote it.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Facts {
    pub applicant: String,
    pub address: String,
    pub procedure: String,
    pub receipt_number: String,
    /// 和暦.
    pub submitted_on: String,
    pub decided_on: String,
    /// 承認 / 不承認.
    pub decision: String,
    pub reasons: String,
    pub section: String,
    /// Answers as read (和暦 dates, option labels), by field id.
    pub answer: std::collections::BTreeMap<String, String>,
}

impl Facts {
    /// Made-up facts for checking and previewing a template.
    pub fn sample(decision: Decision) -> Facts {
        Facts {
            applicant: "名古屋 太郎".into(),
            address: "名古屋市中区三の丸三丁目1番1号".into(),
            procedure: "児童手当認定請求".into(),
            receipt_number: "R8-0000001".into(),
            submitted_on: "令和8年11月25日".into(),
            decided_on: "令和8年12月6日".into(),
            decision: decision.label_ja().into(),
            reasons: match decision {
                Decision::Rejected => "所得が所得上限限度額を超えているため。".into(),
                Decision::Approved => String::new(),
            },
            section: "子育て支援課".into(),
            answer: Default::default(),
        }
    }
}

fn environment() -> minijinja::Environment<'static> {
    let mut env = minijinja::Environment::new();
    env.set_fuel(Some(FUEL));
    // Text, not HTML: the PDF and the page escape on their own.
    env.set_auto_escape_callback(|_| minijinja::AutoEscape::None);
    env.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
    env
}

fn render_field(
    env: &minijinja::Environment<'_>,
    field: &'static str,
    source: &str,
    facts: &Facts,
) -> Result<String, Problem> {
    env.render_str(source, minijinja::value::Serde(facts))
        .map_err(|error| {
            let detail = error.detail().unwrap_or_default().to_string();
            let line = error
                .line()
                .map(|l| format!("（{l}行目）"))
                .unwrap_or_default();
            let line_en = error
                .line()
                .map(|l| format!(" (line {l})"))
                .unwrap_or_default();
            let (ja, en) = match error.kind() {
                minijinja::ErrorKind::UndefinedError => (
                    format!("使えない差し込み項目があります{line}。{detail}"),
                    format!("Unknown placeholder{line_en}. {detail}"),
                ),
                minijinja::ErrorKind::OutOfFuel => (
                    "処理が長すぎます。繰り返しを減らしてください。".to_string(),
                    "The template runs too long; use fewer loops.".to_string(),
                ),
                _ => (
                    format!("書き方に誤りがあります{line}。{detail}"),
                    format!("The template has a syntax error{line_en}. {detail}"),
                ),
            };
            Problem::new(field, ja, en)
        })
}

/// The template filled in with `facts`; problems name the field at fault.
pub fn render(template: &NoticeTemplate, facts: &Facts) -> Result<Rendered, Vec<Problem>> {
    let env = environment();
    let mut problems = Vec::new();
    let mut field = |name: &'static str, source: &str| match render_field(&env, name, source, facts)
    {
        Ok(text) => text,
        Err(problem) => {
            problems.push(problem);
            String::new()
        }
    };
    let rendered = Rendered {
        title: field("title", &template.title),
        body: field("body", &template.body),
        items: field("items", &template.items),
        appeal: field("appeal", &template.appeal),
        issuer: field("issuer", &template.issuer),
    };
    if problems.is_empty() {
        Ok(rendered)
    } else {
        Err(problems)
    }
}

/// The text fields after rendering.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    pub title: String,
    pub body: String,
    pub items: String,
    pub appeal: String,
    pub issuer: String,
}

/// Everything wrong with a template, before it is saved: it must render
/// against sample facts, a refusal must print its reasons (行政手続法 §8),
/// a disposition must carry the appeal instruction.
pub fn problems(template: &NoticeTemplate) -> Vec<Problem> {
    let mut problems = Vec::new();
    for (field, text) in [
        ("kind", &template.kind),
        ("title", &template.title),
        ("body", &template.body),
        ("items", &template.items),
        ("appeal", &template.appeal),
        ("issuer", &template.issuer),
    ] {
        if text.chars().count() > MAX_FIELD_CHARS {
            problems.push(Problem::new(
                field,
                format!("{MAX_FIELD_CHARS}文字以内にしてください。"),
                format!("Keep it within {MAX_FIELD_CHARS} characters."),
            ));
        }
    }
    for (field, text, ja, en) in [
        (
            "kind",
            &template.kind,
            "通知書の種類を入力してください。",
            "Enter the kind of notice.",
        ),
        (
            "title",
            &template.title,
            "表題を入力してください。",
            "Enter a title.",
        ),
        (
            "body",
            &template.body,
            "本文を入力してください。",
            "Enter the body.",
        ),
        (
            "issuer",
            &template.issuer,
            "発行者（例: 名古屋市長）を入力してください。",
            "Enter the issuer (e.g. 名古屋市長).",
        ),
    ] {
        if text.trim().is_empty() {
            problems.push(Problem::new(field, ja, en));
        }
    }
    if template.disposition && template.appeal.trim().is_empty() {
        problems.push(Problem::new(
            "appeal",
            "処分の通知には教示（審査請求と取消訴訟の案内）が必要です（行政不服審査法第82条、行政事件訴訟法第46条）。",
            "A disposition must carry the appeal instruction (Administrative Appeal Act §82, Administrative Case Litigation Act §46).",
        ));
    }
    if !problems.is_empty() {
        return problems;
    }
    // The reasons of a refusal print under their own heading (理由), so a
    // template cannot leave them out.
    if let Err(mut found) = render(template, &Facts::sample(template.decision)) {
        problems.append(&mut found);
    }
    problems
}

/// A notice's content from its template and facts, numbered.
pub fn content(
    template: &NoticeTemplate,
    facts: &Facts,
    number: &str,
    check_code: &str,
    verify_url: &str,
) -> Result<Content, Vec<Problem>> {
    if template.decision == Decision::Rejected && facts.reasons.trim().is_empty() {
        return Err(vec![Problem::new(
            "reasons",
            "承認しない決定の通知には理由が必要です（行政手続法第8条）。",
            "A refusal must state its reasons (Administrative Procedure Act §8).",
        )]);
    }
    let rendered = render(template, facts)?;
    Ok(Content {
        number: number.to_string(),
        check_code: check_code.to_string(),
        issued_on: facts.decided_on.clone(),
        addressee: facts.applicant.clone(),
        address: facts.address.clone(),
        issuer: rendered.issuer,
        kind: template.kind.clone(),
        title: rendered.title,
        body: paragraphs(&rendered.body),
        items: rendered
            .items
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(|line| match line.split_once([':', '：']) {
                Some((label, value)) => (label.trim().to_string(), value.trim().to_string()),
                None => (String::new(), line.to_string()),
            })
            .collect(),
        reasons: (template.decision == Decision::Rejected).then(|| paragraphs(&facts.reasons)),
        appeal: if template.disposition {
            paragraphs(&rendered.appeal)
        } else {
            Vec::new()
        },
        decision: template.decision,
        procedure: facts.procedure.clone(),
        receipt_number: facts.receipt_number.clone(),
        verify_url: verify_url.to_string(),
    })
}

/// Paragraphs: blank lines separate them; single line breaks are kept.
fn paragraphs(text: &str) -> Vec<String> {
    text.replace("\r\n", "\n")
        .split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(str::to_string)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_templates_render_a_notice_a_resident_can_read() {
        let template = default_for(Decision::Approved);
        assert!(problems(&template).is_empty(), "{:?}", problems(&template));
        let facts = Facts::sample(Decision::Approved);
        let content = content(
            &template,
            &facts,
            "N-R8-000001",
            "ABCD-EFGH",
            "https://x/verify",
        )
        .expect("content");
        assert_eq!(content.title, "児童手当認定請求について（決定通知書）");
        assert!(
            content.body[0].starts_with("令和8年11月25日付けで申請のありました児童手当認定請求")
        );
        assert_eq!(
            content.items,
            vec![
                ("受付番号".to_string(), "R8-0000001".to_string()),
                ("申請日".to_string(), "令和8年11月25日".to_string()),
                ("決定".to_string(), "承認".to_string()),
            ]
        );
        assert_eq!(content.appeal.len(), 2);
        assert!(content.appeal[0].contains("審査請求"));
        assert!(content.appeal[1].contains("取消しの訴え"));
        assert_eq!(content.reasons, None);
    }

    #[test]
    fn a_refusal_cannot_be_issued_without_its_reasons() {
        let template = default_for(Decision::Rejected);
        let mut facts = Facts::sample(Decision::Rejected);
        facts.reasons = "  ".into();
        let refused = content(&template, &facts, "N", "C", "u").expect_err("refused");
        assert_eq!(refused[0].field, "reasons");
        assert!(refused[0].message_ja.contains("行政手続法第8条"));
        facts.reasons = "所得が限度額を超えているため。\n\n詳しくは別紙のとおり。".into();
        let content = content(&template, &facts, "N", "C", "u").expect("content");
        assert_eq!(content.reasons.map(|r| r.len()), Some(2));
    }

    #[test]
    fn a_disposition_without_its_appeal_instruction_is_not_saved() {
        let mut template = default_for(Decision::Approved);
        template.appeal = " ".into();
        let found = problems(&template);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].field, "appeal");
        // A certificate is not a disposition and needs none.
        template.disposition = false;
        template.kind = "証明書".into();
        assert!(problems(&template).is_empty());
    }

    #[test]
    fn template_mistakes_are_told_in_japanese_with_the_field() {
        let mut template = default_for(Decision::Approved);
        template.body = "{{ applicant }}様 {{ nonsense }}".into();
        let found = problems(&template);
        assert_eq!(found[0].field, "body");
        assert!(
            found[0].message_ja.contains("使えない差し込み項目"),
            "{found:?}"
        );
        template.body = "{% if %}".into();
        let found = problems(&template);
        assert!(found[0].message_ja.contains("書き方に誤り"), "{found:?}");
        template.body =
            "{% for i in range(100000) %}{% for j in range(100000) %}x{% endfor %}{% endfor %}"
                .into();
        let found = problems(&template);
        assert!(
            found[0].message_ja.contains("処理が長すぎます"),
            "{found:?}"
        );
    }

    #[test]
    fn answers_are_named_by_field_id() {
        let mut template = default_for(Decision::Approved);
        template.items = "支給開始月: {{ answer.start_month }}".into();
        let mut facts = Facts::sample(Decision::Approved);
        facts
            .answer
            .insert("start_month".into(), "令和8年12月".into());
        let content = content(&template, &facts, "N", "C", "u").expect("content");
        assert_eq!(content.items[0].1, "令和8年12月");
    }
}
