//! The demo's signed notice: the first demo resident's 要介護認定 application,
//! decided and issued as a signed notice (PAdES B-LT with the demo PKI), so
//! a tester finds it on that resident's my page and can check it on the
//! verification page. Its PDF is copied to `DIR/demo-notice.pdf`.

use std::path::{Path, PathBuf};

use applications::model::Submitter;
use serde_json::json;

use crate::app::Platform;

const PROCEDURE: &str = "youkaigo-nintei";

/// The demo notice's PDF (issuing it on the first start); `None` when
/// notices cannot be issued here (no Japanese font installed).
pub async fn prepare(
    platform: &Platform,
    info: &demo::DemoInfo,
    data_dir: &Path,
) -> anyhow::Result<Option<PathBuf>> {
    let notices = &platform.notices;
    if !notices.issuer.is_ready() {
        return Ok(None);
    }
    let db = &platform.db;
    let existing: Option<String> =
        sqlx::query_scalar("SELECT number FROM notices ORDER BY issued_at LIMIT 1")
            .fetch_optional(db.pool())
            .await?;
    let number = match existing {
        Some(number) => number,
        None => issue(platform, info).await?,
    };
    let notice = notices::store::by_number(db, &number)
        .await?
        .ok_or_else(|| anyhow::anyhow!("the demo notice {number} is missing"))?;
    let pdf = notices::store::pdf(db, &notice.id).await?;
    let path = data_dir.join("demo-notice.pdf");
    std::fs::write(&path, pdf)?;
    Ok(Some(path))
}

async fn issue(platform: &Platform, info: &demo::DemoInfo) -> anyhow::Result<String> {
    let db = &platform.db;
    let resident = info
        .demo
        .resident_logins
        .first()
        .ok_or_else(|| anyhow::anyhow!("the demo has no resident"))?;
    let (account, _) =
        identity::store::find_for_login(db, identity::AccountKind::Resident, &resident.email)
            .await?
            .ok_or_else(|| anyhow::anyhow!("no account for {}", resident.email))?;
    let target = platform.applications.form_of(PROCEDURE).await?;
    let target =
        Option::as_ref(&target).ok_or_else(|| anyhow::anyhow!("{PROCEDURE} has no form"))?;
    let answers = json!({
        "insured_number": "0123456789",
        "insured_name": {"family_name": "名古屋", "given_name": "一子", "family_name_kana": "ナゴヤ", "given_name_kana": "カズコ"},
        "birth_date": "1946-05-10",
        "postal_code": "4608508",
        "address": "名古屋市中区三の丸三丁目1番1号",
        "phone": "052-961-1111",
        "kind": "new",
        "current_level": "s1",
        "doctor": "中区 花子",
        "hospital": "名古屋市立中央病院",
    });
    let identity::Account::Resident(resident) = account else {
        anyhow::bail!("{} is not a resident", resident.email);
    };
    let submitter = Submitter::Resident { id: resident.id };
    let submitted = applications::submit::submit(
        db,
        platform.applications.writer(),
        applications::submit::Submission {
            form: &target.form,
            section_id: target.section_id.as_deref(),
            standard_days: target.standard_days,
            submitter: &submitter,
            idempotency_key: Some("demo-notice"),
            answers: &answers,
            lang: kernel::i18n::Lang::Ja,
            channel: applications::model::Channel::Online,
            entered_by: None,
        },
    )
    .await
    .map_err(|e| anyhow::anyhow!("the demo application was refused: {e:?}"))?;
    let receipt = match submitted {
        applications::submit::Submitted::Created(r)
        | applications::submit::Submitted::Replayed(r) => r.receipt_number,
    };
    for action in [workflow::Action::StartReview, workflow::Action::Approve] {
        let application = applications::store::by_receipt(db, &receipt)
            .await?
            .ok_or_else(|| anyhow::anyhow!("{receipt} vanished"))?;
        applications::transition::apply(
            db,
            &application,
            action,
            workflow::Actor::Manager,
            "demo",
            Some("要介護1と認定しました。"),
        )
        .await
        .map_err(|e| anyhow::anyhow!("the demo case could not move on: {e:?}"))?;
    }
    let application = applications::store::by_receipt(db, &receipt)
        .await?
        .ok_or_else(|| anyhow::anyhow!("{receipt} vanished"))?;
    let notice = platform
        .notices
        .issuer
        .issue(&application, "", workflow::Actor::Manager, "demo")
        .await
        .map_err(|e| anyhow::anyhow!("the demo notice was not issued: {e:?}"))?;
    Ok(notice.number)
}
