//! What the applicant is told by mail, and when: the receipt of an
//! application, a correction request (with the section's words), and each
//! decision. Plain functions; the mail is queued in the transaction of the
//! change it reports. Business systems (API submissions) get no mail.

use kernel::i18n::{Lang, Localized, Message};
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

pub(crate) fn link_for(recipient: &str, lang: Lang, receipt: &str) -> Option<String> {
    // Residents follow the case on their my page; guests on the status
    // page, with the check code of their receipt mail (never repeated).
    Some(if recipient.starts_with("resident:") {
        lang.link(&format!("/my/applications/{receipt}"))
    } else {
        lang.link(&format!("/status?receipt={receipt}"))
    })
}

/// The receipt mail after a submission. A guest's carries the check code
/// and a link that opens the application's status with it.
pub fn received(
    recipient: &str,
    lang: Lang,
    title: &Localized,
    receipt: &str,
    check_code: Option<&str>,
) -> Mail {
    let body = Message::new("mail-received-body")
        .with("receipt", receipt)
        .with("title", title);
    let guest = check_code.filter(|_| !recipient.starts_with("resident:"));
    match guest {
        Some(code) => Mail::localized_parts(
            recipient,
            lang,
            Message::new("mail-received-subject").with("receipt", receipt),
            &[
                body,
                Message::new("mail-received-check-code").with("code", code),
            ],
            None,
            Some(lang.link(&format!(
                "/status?receipt={receipt}&code={}",
                kernel::web::encode(code)
            ))),
        ),
        None => Mail::localized(
            recipient,
            lang,
            Message::new("mail-received-subject").with("receipt", receipt),
            body,
            None,
            link_for(recipient, lang, receipt),
        ),
    }
}

/// The mail for a status change, when the applicant needs to know of it.
pub fn status_changed(
    recipient: &str,
    lang: Lang,
    receipt: &str,
    to: Status,
    comment: Option<&str>,
) -> Option<Mail> {
    let (subject, body) = match to {
        Status::CorrectionRequested if !recipient.starts_with("resident:") => {
            ("mail-correction-subject", "mail-correction-guest-body")
        }
        Status::CorrectionRequested => ("mail-correction-subject", "mail-correction-body"),
        Status::Approved => ("mail-approved-subject", "mail-approved-body"),
        Status::Rejected => ("mail-rejected-subject", "mail-rejected-body"),
        Status::NoticeIssued => ("mail-notice-issued-subject", "mail-notice-issued-body"),
        _ => return None,
    };
    Some(Mail::localized(
        recipient,
        lang,
        Message::new(subject).with("receipt", receipt),
        Message::new(body).with("receipt", receipt),
        comment.map(str::trim).filter(|c| !c.is_empty()),
        link_for(recipient, lang, receipt),
    ))
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
            Lang::Ja,
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
        // Guests have no my page: the status page, where they enter the
        // check code of their receipt mail (a code is never mailed again).
        let guest =
            status_changed("a@example.jp", Lang::Ja, "R8-1", Status::Approved, None).expect("mail");
        assert_eq!(guest.link_path.as_deref(), Some("/status?receipt=R8-1"));
        let guest = status_changed(
            "a@example.jp",
            Lang::Ja,
            "R8-1",
            Status::CorrectionRequested,
            Some("口座名義をカタカナで"),
        )
        .expect("mail");
        assert!(!guest.body.contains("マイページ"), "{}", guest.body);
        assert!(guest.body.contains("確認コード"));
        // Internal steps are not mailed.
        assert_eq!(
            status_changed("resident:r1", Lang::Ja, "R8-1", Status::Reviewing, None),
            None
        );
    }

    #[test]
    fn a_guests_receipt_mail_carries_the_check_code_and_a_link_to_the_status() {
        let title = Localized::ja("粗大ごみの収集申込");
        let mail = received(
            "a@example.jp",
            Lang::Ja,
            &title,
            "R8-0000012",
            Some("AB12C-D34EF"),
        );
        assert!(
            mail.body.contains("確認コード: AB12C-D34EF"),
            "{}",
            mail.body
        );
        assert_eq!(
            mail.link_path.as_deref(),
            Some("/status?receipt=R8-0000012&code=AB12C-D34EF")
        );
        // A resident follows it on the my page: no code.
        let resident = received(
            "resident:r1",
            Lang::Ja,
            &title,
            "R8-0000012",
            Some("AB12C-D34EF"),
        );
        assert!(!resident.body.contains("AB12C-D34EF"));
        assert_eq!(
            resident.link_path.as_deref(),
            Some("/my/applications/R8-0000012")
        );
    }

    #[test]
    fn mail_is_written_in_the_applicants_language_with_the_japanese_original() {
        let mut title = Localized::ja("児童手当の認定請求");
        title.en = "Child allowance claim".into();
        let english = received("a@example.jp", Lang::En, &title, "R8-0000009", None);
        assert!(
            english.subject.contains("Application received"),
            "{}",
            english.subject
        );
        assert!(
            english
                .body
                .starts_with("We have received your application: Child allowance claim.")
        );
        let original = english
            .body
            .find("申請を受け付けました")
            .expect("Japanese original");
        assert!(
            original
                > english
                    .body
                    .find("Receipt number")
                    .unwrap_or(usize::MAX - 1)
        );
        let japanese = received("a@example.jp", Lang::Ja, &title, "R8-0000009", None);
        assert!(
            !japanese.body.contains("We have received"),
            "Japanese readers get Japanese only"
        );
        let comment = status_changed(
            "a@example.jp",
            Lang::En,
            "R8-1",
            Status::Rejected,
            Some("所得が基準を超えています"),
        )
        .expect("mail");
        assert_eq!(
            comment.body.matches("所得が基準を超えています").count(),
            2,
            "the section's words appear in both versions"
        );
    }
}
