//! The demo's staff and residents. Passwords are random per data directory
//! and kept in demo.json, so a demo left reachable is not open to anyone who
//! read this file.

use identity::{Account, AccountKind, Role, password, store, two_factor};
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

const STAFF: [StaffSpec; 6] = [
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
    // A second administrator: a form is published by someone other than
    // who built it.
    StaffSpec {
        email: "dx.reviewer@city.example.jp",
        name: "栄 四郎",
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

/// The demo staff account's key for the sign-in's second step: the one in
/// the previous demo.json while the database still has it, else a new one
/// (enrolled at once, so that demo.json always holds the key in effect).
async fn demo_secret(
    db: &Db,
    email: &str,
    previous: Option<&DemoFile>,
) -> anyhow::Result<Option<String>> {
    // A demo account disabled since has no sign-in to give.
    let Some((Account::Staff(staff), _)) =
        store::find_for_login(db, AccountKind::Staff, email).await?
    else {
        return Ok(None);
    };
    let known = previous
        .and_then(|p| p.staff_logins.iter().find(|l| l.email == email))
        .and_then(|l| l.totp_secret.clone());
    let current = two_factor::current_secret(db, &staff.id).await?;
    if let (Some(known), Some(current)) = (known, current)
        && known == current
    {
        return Ok(Some(current));
    }
    let secret = two_factor::new_secret();
    two_factor::enrol(db, &staff.id, &secret, 0, "demo").await?;
    Ok(Some(secret))
}

/// One demo account to make sure of.
struct Wanted {
    kind: AccountKind,
    email: &'static str,
    name: &'static str,
    kana: &'static str,
    role: Option<Role>,
    section: Option<&'static str>,
}

fn wanted() -> Vec<Wanted> {
    let staff = STAFF.iter().map(|s| Wanted {
        kind: AccountKind::Staff,
        email: s.email,
        name: s.name,
        kana: "",
        role: Some(s.role),
        section: Some(s.section),
    });
    let residents = RESIDENTS.iter().map(|(email, name, kana)| Wanted {
        kind: AccountKind::Resident,
        email,
        name,
        kana,
        role: None,
        section: None,
    });
    staff.chain(residents).collect()
}

/// Creates the demo accounts, or keeps them with the passwords of the
/// previous demo.json. Hashing is done once per new password, all on one
/// blocking thread: argon2 takes 19 MiB a hash, and spreading hashes over
/// many threads leaves the memory held in as many allocator arenas.
pub async fn ensure(
    db: &Db,
    addr: &str,
    previous: Option<&DemoFile>,
) -> anyhow::Result<(Vec<DemoLogin>, Vec<DemoLogin>)> {
    let mut to_store = Vec::new();
    let mut logins = Vec::new();
    for account in wanted() {
        let known = previous_password(previous, account.email);
        let exists = store::find_for_login(db, account.kind, account.email)
            .await?
            .is_some();
        let password = known.clone().unwrap_or_else(new_password);
        if !(exists && known.is_some()) {
            to_store.push((account.email, password.clone()));
        }
        logins.push((account, password));
    }
    let passwords: Vec<String> = to_store.iter().map(|(_, p)| p.clone()).collect();
    let hashes = tokio::task::spawn_blocking(move || {
        passwords
            .iter()
            .map(|p| password::hash(p))
            .collect::<anyhow::Result<Vec<_>>>()
    })
    .await??;
    let (mut staff, mut residents) = (Vec::new(), Vec::new());
    for (account, password) in logins {
        let hash = to_store
            .iter()
            .zip(&hashes)
            .find(|((email, _), _)| *email == account.email)
            .map(|(_, hash)| hash);
        match account.kind {
            AccountKind::Staff => {
                let role = account.role.unwrap_or(Role::Clerk);
                if let Some(hash) = hash {
                    store::upsert_staff(
                        db,
                        account.email,
                        account.name,
                        role,
                        account.section,
                        hash,
                    )
                    .await?;
                }
                let totp_secret = demo_secret(db, account.email, previous).await?;
                staff.push(DemoLogin {
                    otpauth_uri: totp_secret
                        .as_deref()
                        .and_then(|secret| two_factor::otpauth_uri(secret, account.email)),
                    totp_secret,
                    email: account.email.to_string(),
                    password,
                    name: account.name.to_string(),
                    role: role.code().to_string(),
                    section: account.section.map(str::to_string),
                    login_url: format!("http://{addr}/staff/login"),
                });
            }
            AccountKind::Resident => {
                if let Some(hash) = hash {
                    store::upsert_resident(
                        db,
                        account.email,
                        account.name,
                        account.kana,
                        hash,
                        true,
                    )
                    .await?;
                }
                residents.push(DemoLogin {
                    totp_secret: None,
                    otpauth_uri: None,
                    email: account.email.to_string(),
                    password,
                    name: account.name.to_string(),
                    role: "resident".to_string(),
                    section: None,
                    login_url: format!("http://{addr}/login"),
                });
            }
        }
    }
    Ok((staff, residents))
}
