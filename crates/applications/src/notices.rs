//! What the applicant is told by mail, and when: the receipt of an
//! application, a correction request (with the section's words), and each
//! decision. Plain functions; the mail is queued in the transaction of the
//! change it reports. Business systems (API submissions) get no mail.

use kernel::mail::Mail;
use workflow::Status;

use crate::model::Submitter;

/// Whom mail about an application goes to, if anyone.
pub fn recipient(submitter_kind: &str, submitter_id: &str) -> Option<String> {
    match submitter_kind {
        "resident" => Some(Mail::to_resident(submitter_id)),
        "guest" if submitter_id.contains('@') => Some(submitter_id.to_string()),
        _ => None,
    }
}

pub fn recipient_of(submitter: &Submitter) -> Option<String> {
    recipient(submitter.kind(), submitter.id())
}

const FOOTER: &str = "このメールは送信専用です。ご不明な点は担当課へお問い合わせください。\nThis address does not take replies; contact the section in charge with any questions.";

fn link_for(recipient: &str, receipt: &str) -> Option<String> {
    // Only residents with an account have a page to follow the case on.
    recipient
        .starts_with("resident:")
        .then(|| format!("/my/applications/{receipt}"))
}

/// The receipt mail after a submission.
pub fn received(recipient: &str, title_ja: &str, title_en: &str, receipt: &str) -> Mail {
    Mail {
        recipient: recipient.to_string(),
        subject: format!("【名古屋市】申請を受け付けました（{receipt}）/ Application received"),
        body: format!(
            "「{title_ja}」の申請を受け付けました。\n受付番号: {receipt}\nお問い合わせの際は受付番号をお伝えください。\n\n\
             We have received your application: {title_en}.\nReceipt number: {receipt}\n\n{FOOTER}"
        ),
        link_path: link_for(recipient, receipt),
    }
}

/// The mail for a status change, when the applicant needs to know of it.
pub fn status_changed(
    recipient: &str,
    receipt: &str,
    to: Status,
    comment: Option<&str>,
) -> Option<Mail> {
    let (subject_ja, subject_en, what_ja, what_en) = match to {
        Status::CorrectionRequested => (
            "補正のお願い",
            "Please correct your application",
            "申請内容の補正（修正）をお願いします。マイページから内容を修正して再提出してください。",
            "Please correct your application and send it again from your page.",
        ),
        Status::Approved => (
            "審査が完了しました（承認）",
            "Your application has been approved",
            "申請は承認されました。",
            "Your application has been approved.",
        ),
        Status::Rejected => (
            "審査が完了しました（不承認）",
            "Your application was not approved",
            "申請は承認されませんでした。理由は下記のとおりです。",
            "Your application was not approved, for the reason below.",
        ),
        Status::NoticeIssued => (
            "通知書を発行しました",
            "Your notice has been issued",
            "通知書を発行しました。",
            "The notice for your application has been issued.",
        ),
        _ => return None,
    };
    let comment = comment
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .map(|c| format!("\n担当課からの連絡 / From the section:\n{c}\n"))
        .unwrap_or_default();
    Some(Mail {
        recipient: recipient.to_string(),
        subject: format!("【名古屋市】{subject_ja}（{receipt}）/ {subject_en}"),
        body: format!(
            "受付番号 {receipt} の申請について: {what_ja}\n\nAbout application {receipt}: {what_en}\n{comment}\n{FOOTER}"
        ),
        link_path: link_for(recipient, receipt),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn residents_and_guests_are_told_business_systems_are_not() {
        assert_eq!(recipient("resident", "r1").as_deref(), Some("resident:r1"));
        assert_eq!(
            recipient("guest", "a@example.jp").as_deref(),
            Some("a@example.jp")
        );
        assert_eq!(recipient("guest", ""), None);
        assert_eq!(recipient("api", "token"), None);
    }

    #[test]
    fn a_correction_request_carries_the_sections_words_and_a_link() {
        let mail = status_changed(
            "resident:r1",
            "R8-0000007",
            Status::CorrectionRequested,
            Some("口座名義をカタカナで入力してください"),
        )
        .expect("mail");
        assert!(mail.subject.contains("補正のお願い"));
        assert!(mail.subject.contains("R8-0000007"));
        assert!(mail.body.contains("口座名義をカタカナで入力してください"));
        assert_eq!(
            mail.link_path.as_deref(),
            Some("/my/applications/R8-0000007")
        );
        // Guests have no page to link to.
        let guest = status_changed("a@example.jp", "R8-1", Status::Approved, None).expect("mail");
        assert_eq!(guest.link_path, None);
        // Internal steps are not mailed.
        assert_eq!(
            status_changed("resident:r1", "R8-1", Status::Reviewing, None),
            None
        );
    }
}
