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

/// The demo's staff: the first five as they have always been, then a clerk
/// and a manager for every other section that owns one of the demo's forms
/// (the default workflow has the manager decide).
const STAFF: &[StaffSpec] = &[
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
    // Ward office counters: they call the queue (crates/counter).
    StaffSpec {
        email: "ward-shimin.clerk@city.example.jp",
        name: "大曽根 さくら",
        role: Role::Clerk,
        section: "ward-shimin",
    },
    StaffSpec {
        email: "ward-hoken.clerk@city.example.jp",
        name: "金山 大輔",
        role: Role::Clerk,
        section: "ward-hoken",
    },
    StaffSpec {
        email: "shimin.manager@city.example.jp",
        name: "東 由美子",
        role: Role::Manager,
        section: "shimin-shimin",
    },
    StaffSpec {
        email: "kaigo.manager@city.example.jp",
        name: "瑞穂 健一",
        role: Role::Manager,
        section: "kenko-kaigo",
    },
    StaffSpec {
        email: "zaisei-shiminzei.clerk@city.example.jp",
        name: "加藤 直樹",
        role: Role::Clerk,
        section: "zaisei-shiminzei",
    },
    StaffSpec {
        email: "zaisei-shiminzei.manager@city.example.jp",
        name: "水野 恵子",
        role: Role::Manager,
        section: "zaisei-shiminzei",
    },
    StaffSpec {
        email: "kankyo-sagyo.clerk@city.example.jp",
        name: "鈴木 翔太",
        role: Role::Clerk,
        section: "kankyo-sagyo",
    },
    StaffSpec {
        email: "kankyo-sagyo.manager@city.example.jp",
        name: "伊藤 正和",
        role: Role::Manager,
        section: "kankyo-sagyo",
    },
    StaffSpec {
        email: "jogesuido-ryokin.clerk@city.example.jp",
        name: "山本 彩",
        role: Role::Clerk,
        section: "jogesuido-ryokin",
    },
    StaffSpec {
        email: "jogesuido-ryokin.manager@city.example.jp",
        name: "丹羽 康弘",
        role: Role::Manager,
        section: "jogesuido-ryokin",
    },
    StaffSpec {
        email: "ryokusei-iji.clerk@city.example.jp",
        name: "杉浦 拓也",
        role: Role::Clerk,
        section: "ryokusei-iji",
    },
    StaffSpec {
        email: "ryokusei-iji.manager@city.example.jp",
        name: "近藤 浩二",
        role: Role::Manager,
        section: "ryokusei-iji",
    },
    StaffSpec {
        email: "jutaku-shiei.clerk@city.example.jp",
        name: "佐藤 真由美",
        role: Role::Clerk,
        section: "jutaku-shiei",
    },
    StaffSpec {
        email: "jutaku-shiei.manager@city.example.jp",
        name: "服部 隆",
        role: Role::Manager,
        section: "jutaku-shiei",
    },
    StaffSpec {
        email: "zaisei-shuno.clerk@city.example.jp",
        name: "神谷 大輔",
        role: Role::Clerk,
        section: "zaisei-shuno",
    },
    StaffSpec {
        email: "zaisei-shuno.manager@city.example.jp",
        name: "林 久美子",
        role: Role::Manager,
        section: "zaisei-shuno",
    },
    StaffSpec {
        email: "kyoiku-toshokan.clerk@city.example.jp",
        name: "小川 さくら",
        role: Role::Clerk,
        section: "kyoiku-toshokan",
    },
    StaffSpec {
        email: "kyoiku-toshokan.manager@city.example.jp",
        name: "青木 俊介",
        role: Role::Manager,
        section: "kyoiku-toshokan",
    },
    StaffSpec {
        email: "kenko-zoshin.clerk@city.example.jp",
        name: "渡辺 千尋",
        role: Role::Clerk,
        section: "kenko-zoshin",
    },
    StaffSpec {
        email: "kenko-zoshin.manager@city.example.jp",
        name: "松本 聡",
        role: Role::Manager,
        section: "kenko-zoshin",
    },
    StaffSpec {
        email: "zaisei-zeisei.clerk@city.example.jp",
        name: "安藤 亮",
        role: Role::Clerk,
        section: "zaisei-zeisei",
    },
    StaffSpec {
        email: "zaisei-zeisei.manager@city.example.jp",
        name: "後藤 典子",
        role: Role::Manager,
        section: "zaisei-zeisei",
    },
    StaffSpec {
        email: "kyoiku-gakuji.clerk@city.example.jp",
        name: "中村 優花",
        role: Role::Clerk,
        section: "kyoiku-gakuji",
    },
    StaffSpec {
        email: "kyoiku-gakuji.manager@city.example.jp",
        name: "柴田 誠",
        role: Role::Manager,
        section: "kyoiku-gakuji",
    },
    StaffSpec {
        email: "kanko-kanko.clerk@city.example.jp",
        name: "野村 悠斗",
        role: Role::Clerk,
        section: "kanko-kanko",
    },
    StaffSpec {
        email: "kanko-kanko.manager@city.example.jp",
        name: "河合 美穂",
        role: Role::Manager,
        section: "kanko-kanko",
    },
    StaffSpec {
        email: "kenko-hoken.clerk@city.example.jp",
        name: "高橋 陽子",
        role: Role::Clerk,
        section: "kenko-hoken",
    },
    StaffSpec {
        email: "kenko-hoken.manager@city.example.jp",
        name: "鬼頭 茂",
        role: Role::Manager,
        section: "kenko-hoken",
    },
    StaffSpec {
        email: "jutaku-keikaku.clerk@city.example.jp",
        name: "森 将太",
        role: Role::Clerk,
        section: "jutaku-keikaku",
    },
    StaffSpec {
        email: "jutaku-keikaku.manager@city.example.jp",
        name: "竹内 理恵",
        role: Role::Manager,
        section: "jutaku-keikaku",
    },
    StaffSpec {
        email: "shobo-yobo.clerk@city.example.jp",
        name: "山田 健太",
        role: Role::Clerk,
        section: "shobo-yobo",
    },
    StaffSpec {
        email: "shobo-yobo.manager@city.example.jp",
        name: "坂野 勝也",
        role: Role::Manager,
        section: "shobo-yobo",
    },
    StaffSpec {
        email: "kenko-yakumu.clerk@city.example.jp",
        name: "吉田 真奈",
        role: Role::Clerk,
        section: "kenko-yakumu",
    },
    StaffSpec {
        email: "kenko-yakumu.manager@city.example.jp",
        name: "長谷川 徹",
        role: Role::Manager,
        section: "kenko-yakumu",
    },
    StaffSpec {
        email: "jogesuido-haisui.clerk@city.example.jp",
        name: "石川 遼",
        role: Role::Clerk,
        section: "jogesuido-haisui",
    },
    StaffSpec {
        email: "jogesuido-haisui.manager@city.example.jp",
        name: "大島 美紀",
        role: Role::Manager,
        section: "jogesuido-haisui",
    },
    StaffSpec {
        email: "ryokusei-nogyo.clerk@city.example.jp",
        name: "早川 和也",
        role: Role::Clerk,
        section: "ryokusei-nogyo",
    },
    StaffSpec {
        email: "ryokusei-nogyo.manager@city.example.jp",
        name: "浅井 英樹",
        role: Role::Manager,
        section: "ryokusei-nogyo",
    },
    StaffSpec {
        email: "kankyo-taisaku.clerk@city.example.jp",
        name: "太田 美咲",
        role: Role::Clerk,
        section: "kankyo-taisaku",
    },
    StaffSpec {
        email: "kankyo-taisaku.manager@city.example.jp",
        name: "村瀬 康介",
        role: Role::Manager,
        section: "kankyo-taisaku",
    },
    StaffSpec {
        email: "kenko-korei.clerk@city.example.jp",
        name: "岡田 綾香",
        role: Role::Clerk,
        section: "kenko-korei",
    },
    StaffSpec {
        email: "kenko-korei.manager@city.example.jp",
        name: "成瀬 幸男",
        role: Role::Manager,
        section: "kenko-korei",
    },
    StaffSpec {
        email: "kodomo-hoiku.clerk@city.example.jp",
        name: "堀 未来",
        role: Role::Clerk,
        section: "kodomo-hoiku",
    },
    StaffSpec {
        email: "kodomo-hoiku.manager@city.example.jp",
        name: "宮田 智子",
        role: Role::Manager,
        section: "kodomo-hoiku",
    },
    StaffSpec {
        email: "kodomo-fukushi.clerk@city.example.jp",
        name: "酒井 愛",
        role: Role::Clerk,
        section: "kodomo-fukushi",
    },
    StaffSpec {
        email: "kodomo-fukushi.manager@city.example.jp",
        name: "稲垣 修",
        role: Role::Manager,
        section: "kodomo-fukushi",
    },
    StaffSpec {
        email: "kyoiku-shogai.clerk@city.example.jp",
        name: "梶田 航",
        role: Role::Clerk,
        section: "kyoiku-shogai",
    },
    StaffSpec {
        email: "kyoiku-shogai.manager@city.example.jp",
        name: "日比野 由紀",
        role: Role::Manager,
        section: "kyoiku-shogai",
    },
    StaffSpec {
        email: "kodomo-seishonen.clerk@city.example.jp",
        name: "久野 萌",
        role: Role::Clerk,
        section: "kodomo-seishonen",
    },
    StaffSpec {
        email: "kodomo-seishonen.manager@city.example.jp",
        name: "大橋 賢治",
        role: Role::Manager,
        section: "kodomo-seishonen",
    },
    StaffSpec {
        email: "bosai-kiki.clerk@city.example.jp",
        name: "桜井 蓮",
        role: Role::Clerk,
        section: "bosai-kiki",
    },
    StaffSpec {
        email: "bosai-kiki.manager@city.example.jp",
        name: "野田 和彦",
        role: Role::Manager,
        section: "bosai-kiki",
    },
];

/// The demo's staff logins: (e-mail, role, section).
pub fn staff_roster() -> impl Iterator<Item = (&'static str, Role, &'static str)> {
    STAFF.iter().map(|s| (s.email, s.role, s.section))
}

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

/// Hashes passwords on a few threads (at most 4): the demo has 57 logins, and
/// one thread made every demo start wait two seconds for them; argon2 takes
/// 19 MiB a hash, so not more threads than that, leaving little memory held
/// in allocator arenas.
fn hash_all(passwords: &[String]) -> anyhow::Result<Vec<String>> {
    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .clamp(1, 4);
    let chunk = passwords.len().div_ceil(threads).max(1);
    std::thread::scope(|scope| {
        let workers: Vec<_> = passwords
            .chunks(chunk)
            .map(|part| {
                scope.spawn(move || {
                    part.iter()
                        .map(|p| password::hash(p))
                        .collect::<anyhow::Result<Vec<_>>>()
                })
            })
            .collect();
        let mut out = Vec::with_capacity(passwords.len());
        for worker in workers {
            let part = worker
                .join()
                .map_err(|_| anyhow::anyhow!("a password hashing thread failed"))??;
            out.extend(part);
        }
        Ok(out)
    })
}

/// Creates the demo accounts, or keeps them with the passwords of the
/// previous demo.json. Hashing is done once per new password.
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
    let hashes = tokio::task::spawn_blocking(move || hash_all(&passwords)).await??;
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
