//! The case's history as staff read it: what happened in words (受付,
//! 審査開始, 補正依頼, 承認 …) and who did it by name, never the audit
//! log's keys or account ids. Pure: the names of staff whose entries carry
//! only their id are looked up by the caller.

use std::collections::HashMap;

use kernel::audit::Stored;
use serde_json::Value;

/// One line of the history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub at: String,
    pub what: String,
    pub who: String,
    /// What was written with the step (a reason, a message, a section),
    /// when the staff reader should see it.
    pub detail: Option<String>,
}

fn text<'a>(value: Option<&'a Value>, key: &str) -> Option<&'a str> {
    value
        .and_then(|v| v.get(key))
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|t| !t.is_empty())
}

/// The staff ids of entries whose actor names no one (`staff:{id}`).
pub fn unnamed_staff(entries: &[Stored]) -> Vec<String> {
    let mut ids: Vec<String> = entries
        .iter()
        .filter_map(|e| e.actor.strip_prefix("staff:"))
        .filter(|rest| !rest.contains(':'))
        .map(str::to_string)
        .collect();
    ids.sort();
    ids.dedup();
    ids
}

/// Who acted, as a person reads it.
pub fn who(actor: &str, en: bool, names: &HashMap<String, String>) -> String {
    let pick = |ja: &str, en_text: &str| if en { en_text } else { ja }.to_string();
    if let Some(rest) = actor.strip_prefix("staff:") {
        let (id, name) = rest.split_once(':').unwrap_or((rest, ""));
        if !name.trim().is_empty() {
            return name.to_string();
        }
        return names
            .get(id)
            .cloned()
            .unwrap_or_else(|| pick("職員", "Staff member"));
    }
    if actor.starts_with("resident:") || actor == "guest" {
        return pick("申請者", "Applicant");
    }
    if let Some(rest) = actor.strip_prefix("api:") {
        let name = rest.split_once(':').map(|(_, n)| n).unwrap_or_default();
        return if name.is_empty() {
            pick("業務システム", "Business system")
        } else if en {
            format!("{name} (business system)")
        } else {
            format!("{name}（業務システム）")
        };
    }
    pick("システム", "System")
}

/// What an entry records, as a person reads it.
fn what(entry: &Stored, en: bool) -> (String, Option<String>) {
    let pick = |ja: &str, en_text: &str| if en { en_text } else { ja }.to_string();
    let after = entry.after.as_ref();
    match entry.action.as_str() {
        "application.submitted" => (pick("受付", "Received"), None),
        "application.status_changed" => {
            let action = text(after, "action").and_then(workflow::Action::parse);
            let label = match action {
                Some(action) => pick(action.done_ja(), action.done_en()),
                None => match text(after, "status").and_then(workflow::Status::parse) {
                    Some(status) => pick(status.label_ja(), status.label_en()),
                    None => pick("状態の変更", "Status changed"),
                },
            };
            (label, text(after, "comment").map(str::to_string))
        }
        "application.assigned" => (pick("担当者の変更", "Handler changed"), None),
        "application.transferred" => (
            pick("他の課へ回付", "Handed to another section"),
            text(after, "reason").map(str::to_string),
        ),
        "application.comment_added" => (
            pick("内部コメント", "Internal comment"),
            text(after, "comment").map(str::to_string),
        ),
        super::MESSAGE_SENT => (
            pick("申請者への連絡", "Message to the applicant"),
            text(after, "message").map(str::to_string),
        ),
        "application.disposed" => (pick("保存期間満了による廃棄", "Disposed of"), None),
        "notice.issued" => (
            pick("通知書発行", "Notice issued"),
            text(after, "number").map(str::to_string),
        ),
        "payment.requested" => (pick("手数料の請求", "Fee requested"), None),
        "payment.cancelled" => (pick("手数料の請求の取消し", "Fee cancelled"), None),
        "payment.completed" => (pick("手数料の納付", "Fee paid"), None),
        "payment.duplicate" => (pick("手数料の二重納付", "Fee paid twice"), None),
        "payment.refund_requested" => (pick("返金の手続", "Refund started"), None),
        "payment.refunded" => (pick("返金", "Refunded"), None),
        "payment.expired" => (pick("納付期限切れ", "Payment expired"), None),
        _ => (pick("その他の記録", "Other record"), None),
    }
}

/// The history's lines, oldest first, in Japanese or English. `names`
/// holds the names of staff whose entries carry only an id.
pub fn lines(entries: &[Stored], en: bool, names: &HashMap<String, String>) -> Vec<Line> {
    entries
        .iter()
        .map(|entry| {
            let (what, detail) = what(entry, en);
            Line {
                at: entry.at.clone(),
                what,
                who: who(&entry.actor, en, names),
                detail,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn entry(actor: &str, action: &str, after: Value) -> Stored {
        Stored {
            seq: 1,
            at: "2026-04-01T00:00:00Z".into(),
            actor: actor.into(),
            action: action.into(),
            before: None,
            after: Some(after),
            prev_hash: String::new(),
            hash: String::new(),
            key_id: None,
        }
    }

    #[test]
    fn the_history_speaks_japanese_and_names_people() {
        let entries = vec![
            entry(
                "resident:abc123",
                "application.submitted",
                json!({"status": "received"}),
            ),
            entry(
                "staff:s1:中村 一郎",
                "application.status_changed",
                json!({"status": "reviewing", "action": "start_review"}),
            ),
            entry(
                "staff:s1:中村 一郎",
                "application.status_changed",
                json!({"status": "correction_requested", "action": "request_correction", "comment": "口座番号を確認してください"}),
            ),
            entry(
                "staff:s2",
                "application.status_changed",
                json!({"status": "approved", "action": "approve"}),
            ),
            entry(
                "api:t1:基幹システム",
                "application.assigned",
                json!({"assignee": null}),
            ),
            entry("system:retention", "application.disposed", json!({})),
            entry(
                "staff:s9",
                "application.message_sent",
                json!({"message": "お電話します"}),
            ),
            entry("staff:s1:中村 一郎", "something.new", json!({})),
        ];
        let names = HashMap::from([("s2".to_string(), "山田 課長".to_string())]);
        let ja = lines(&entries, false, &names);
        let said: Vec<(&str, &str)> = ja
            .iter()
            .map(|l| (l.what.as_str(), l.who.as_str()))
            .collect();
        assert_eq!(
            said,
            vec![
                ("受付", "申請者"),
                ("審査開始", "中村 一郎"),
                ("補正依頼", "中村 一郎"),
                ("承認", "山田 課長"),
                ("担当者の変更", "基幹システム（業務システム）"),
                ("保存期間満了による廃棄", "システム"),
                ("申請者への連絡", "職員"),
                ("その他の記録", "中村 一郎"),
            ]
        );
        assert_eq!(ja[2].detail.as_deref(), Some("口座番号を確認してください"));
        assert_eq!(ja[6].detail.as_deref(), Some("お電話します"));
        for line in &ja {
            assert!(
                !line.what.contains('.') && !line.who.contains("abc123") && !line.who.contains(':'),
                "{line:?}"
            );
        }
        let en = lines(&entries, true, &names);
        assert_eq!(en[0].what, "Received");
        assert_eq!(en[0].who, "Applicant");
        assert_eq!(en[3].what, "Approved");
        assert_eq!(
            unnamed_staff(&entries),
            vec!["s2".to_string(), "s9".to_string()]
        );
    }
}
