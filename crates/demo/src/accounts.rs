//! The demo's staff and residents. Passwords are random per data directory
//! and kept in demo.json, so a demo left reachable is not open to anyone who
//! read this file.

use identity::{Role, password, store};
use kernel::Db;
use rand::Rng;
use rand::distr::Alphanumeric;

use crate::{DemoFile, DemoLogin};

struct StaffSpec {
    email: &'static str,
    name: &'static str,
    role: Role,
    section: &'static str,
}

const STAFF: [StaffSpec; 5] = [
    StaffSpec {
        email: "kosodate.clerk@city.example.jp",
        name: "名古屋 花子",
        role: Role::Clerk,
        section: "kodomo-kosodate",
    },
    StaffSpec {
        email: "kosodate.manager@city.example.jp",
        name: "名古屋 一郎",
        role: Role::Manager,
        section: "kodomo-kosodate",
    },
    StaffSpec {
        email: "kaigo.clerk@city.example.jp",
        name: "熱田 次郎",
        role: Role::Clerk,
        section: "kenko-kaigo",
    },
    StaffSpec {
        email: "shimin.clerk@city.example.jp",
        name: "千種 美咲",
        role: Role::Clerk,
        section: "shimin-shimin",
    },
    StaffSpec {
        email: "dx.admin@city.example.jp",
        name: "中 三郎",
        role: Role::DxAdmin,
        section: "somu-digital",
    },
];

const RESIDENTS: [(&str, &str, &str); 2] = [
    ("taro@example.jp", "名古屋 太郎", "ナゴヤ タロウ"),
    ("hanako@example.jp", "栄 花子", "サカエ ハナコ"),
];

fn new_password() -> String {
    rand::rng()
        .sample_iter(Alphanumeric)
        .take(16)
        .map(char::from)
        .collect()
}

fn previous_password(previous: Option<&DemoFile>, email: &str) -> Option<String> {
    let previous = previous?;
    previous
        .staff_logins
        .iter()
        .chain(&previous.resident_logins)
        .find(|l| l.email == email)
        .map(|l| l.password.clone())
}

/// Creates (or resets to the passwords in the previous demo.json) the demo accounts.
pub async fn ensure(
    db: &Db,
    addr: &str,
    previous: Option<&DemoFile>,
) -> anyhow::Result<(Vec<DemoLogin>, Vec<DemoLogin>)> {
    let mut staff = Vec::new();
    for spec in &STAFF {
        let password = previous_password(previous, spec.email).unwrap_or_else(new_password);
        let hash = password::hash_blocking(password.clone()).await?;
        store::upsert_staff(
            db,
            spec.email,
            spec.name,
            spec.role,
            Some(spec.section),
            &hash,
        )
        .await?;
        staff.push(DemoLogin {
            email: spec.email.to_string(),
            password,
            name: spec.name.to_string(),
            role: spec.role.code().to_string(),
            section: Some(spec.section.to_string()),
            login_url: format!("http://{addr}/staff/login"),
        });
    }
    let mut residents = Vec::new();
    for (email, name, kana) in RESIDENTS {
        let password = previous_password(previous, email).unwrap_or_else(new_password);
        let hash = password::hash_blocking(password.clone()).await?;
        store::upsert_resident(db, email, name, kana, &hash, true).await?;
        residents.push(DemoLogin {
            email: email.to_string(),
            password,
            name: name.to_string(),
            role: "resident".to_string(),
            section: None,
            login_url: format!("http://{addr}/login"),
        });
    }
    Ok((staff, residents))
}
