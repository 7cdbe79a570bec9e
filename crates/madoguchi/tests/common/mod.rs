//! Test harness: a real server on a free port, over a fresh database —
//! SQLite in a temporary directory, or, when `TEST_DATABASE_URL` is set, a
//! fresh schema in that PostgreSQL database (an unreachable URL fails the
//! test; it never falls back silently).

#![allow(
    dead_code,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use kernel::Db;
use madoguchi::app::Platform;
use tempfile::TempDir;

pub const TEST_DATABASE_URL: &str = "TEST_DATABASE_URL";

/// The CSRF token the tests' browser holds: sent as the cookie and, for
/// posts that do not carry it as a form field, as the header.
pub const CSRF: &str = "0123456789abcdef0123456789abcdef";
pub const CSRF_COOKIE: &str = "madoguchi_csrf=0123456789abcdef0123456789abcdef";

/// A client that behaves like the browser of a visitor who has seen a page
/// of the site: its CSRF cookie and token go with every request (a request
/// that sets its own cookie header carries the token cookie in it).
pub fn browser() -> reqwest::ClientBuilder {
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert(
        "cookie",
        reqwest::header::HeaderValue::from_static(CSRF_COOKIE),
    );
    headers.insert(
        "x-csrf-token",
        reqwest::header::HeaderValue::from_static(CSRF),
    );
    reqwest::Client::builder().default_headers(headers)
}

static NEXT_SCHEMA: AtomicUsize = AtomicUsize::new(0);

pub async fn fresh_db(dir: &TempDir) -> Db {
    match std::env::var(TEST_DATABASE_URL) {
        Ok(url) if !url.trim().is_empty() => {
            let schema = format!(
                "t{}_{}_{}",
                std::process::id(),
                NEXT_SCHEMA.fetch_add(1, Ordering::Relaxed),
                rand::random::<u32>()
            );
            Db::connect(&url, Some(&schema))
                .await
                .unwrap_or_else(|e| panic!("{TEST_DATABASE_URL} is set but unusable: {e:#}"))
        }
        _ => Db::open(dir.path(), None)
            .await
            .expect("sqlite in a temp dir"),
    }
}

/// A copy of the demo city: its folder (keys, certificates, demo.json) and
/// its database — on SQLite in the folder, on PostgreSQL a database made
/// from the template database. The city is made once per test process:
/// making it takes seconds in a debug build, and more than a hundred tests
/// start from it.
pub async fn demo_copy(dir: &TempDir) -> Db {
    let template = demo_template();
    copy_tree(&template.dir, dir.path());
    match &template.database {
        None => Db::open(dir.path(), None)
            .await
            .expect("sqlite in a temp dir"),
        Some((url, name)) => {
            let copy = format!(
                "t_demo_{}_{}_{}",
                std::process::id(),
                NEXT_SCHEMA.fetch_add(1, Ordering::Relaxed),
                rand::random::<u32>()
            );
            let admin = Db::connect(url, None).await.expect("postgres");
            sqlx::query(sqlx::AssertSqlSafe(format!(
                "CREATE DATABASE {copy} TEMPLATE {name}"
            )))
            .execute(admin.pool())
            .await
            .expect("a copy of the demo database");
            admin.close().await;
            Db::connect(&with_database(url, &copy), Some(DEMO_SCHEMA))
                .await
                .expect("the copy of the demo database")
        }
    }
}

const DEMO_SCHEMA: &str = "demo";

struct Template {
    dir: PathBuf,
    /// PostgreSQL: the server's URL and the template database's name.
    database: Option<(String, String)>,
}

/// The demo city, made on a runtime of its own, which is dropped (stopping
/// the platform's background jobs) before anyone copies it. Left in the
/// target folder (and on PostgreSQL, as a database); the next run removes
/// what a finished process left.
fn demo_template() -> &'static Template {
    static TEMPLATE: OnceLock<Template> = OnceLock::new();
    TEMPLATE.get_or_init(|| {
        let parent = Path::new(env!("CARGO_TARGET_TMPDIR"));
        let dir = parent.join(format!("demo-city-{}", std::process::id()));
        let at = dir.clone();
        let url = std::env::var(TEST_DATABASE_URL)
            .ok()
            .filter(|u| !u.trim().is_empty());
        let database = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()
                .expect("runtime");
            let database = runtime.block_on(async {
                remove_finished_templates(parent, url.as_deref()).await;
                let _ = std::fs::remove_dir_all(&at);
                std::fs::create_dir_all(&at).expect("template dir");
                let (db, database) = match &url {
                    None => (Db::open(&at, None).await.expect("sqlite"), None),
                    Some(url) => {
                        let name = format!("tdemo_{}", std::process::id());
                        let admin = Db::connect(url, None).await.unwrap_or_else(|e| {
                            panic!("{TEST_DATABASE_URL} is set but unusable: {e:#}")
                        });
                        for sql in [
                            format!("DROP DATABASE IF EXISTS {name}"),
                            format!("CREATE DATABASE {name}"),
                        ] {
                            sqlx::query(sqlx::AssertSqlSafe(sql))
                                .execute(admin.pool())
                                .await
                                .expect("the template database");
                        }
                        admin.close().await;
                        let db = Db::connect(&with_database(url, &name), Some(DEMO_SCHEMA))
                            .await
                            .expect("the template database");
                        (db, Some((url.clone(), name)))
                    }
                };
                let platform = Platform::open(db, &madoguchi::app::Settings::in_dir(&at))
                    .await
                    .expect("platform opens");
                demo::prepare(&platform.db, &at, "127.0.0.1:0")
                    .await
                    .expect("demo city");
                platform.db.close().await;
                database
            });
            drop(runtime);
            database
        })
        .join()
        .expect("the demo city is made");
        Template { dir, database }
    })
}

/// `url` naming the database `name` instead of its own.
fn with_database(url: &str, name: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((base, query)) => (base, format!("?{query}")),
        None => (url, String::new()),
    };
    let base = base.rsplit_once('/').map_or(base, |(server, _)| server);
    format!("{base}/{name}{query}")
}

/// Removes the templates and copies of test processes that have ended.
async fn remove_finished_templates(parent: &Path, url: Option<&str>) {
    let ended = |pid: &str| !Path::new("/proc").join(pid).exists();
    if let Ok(entries) = std::fs::read_dir(parent) {
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().to_string();
            if name.strip_prefix("demo-city-").is_some_and(ended) {
                let _ = std::fs::remove_dir_all(entry.path());
            }
        }
    }
    let Some(url) = url else {
        return;
    };
    let Ok(admin) = Db::connect(url, None).await else {
        return;
    };
    let names: Vec<String> = sqlx::query_scalar(
        "SELECT datname FROM pg_database WHERE datname LIKE 'tdemo\\_%' OR datname LIKE 't\\_demo\\_%'",
    )
    .fetch_all(admin.pool())
    .await
    .unwrap_or_default();
    for name in names {
        let pid = name
            .trim_start_matches("tdemo_")
            .trim_start_matches("t_demo_")
            .split('_')
            .next()
            .unwrap_or_default();
        if ended(pid) {
            let _ = sqlx::query(sqlx::AssertSqlSafe(format!(
                "DROP DATABASE IF EXISTS {name}"
            )))
            .execute(admin.pool())
            .await;
        }
    }
    admin.close().await;
}

/// Copies a folder's files and folders (not SQLite's shared-memory index,
/// which the copy rebuilds).
fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create dir");
    for entry in std::fs::read_dir(from).expect("read template").flatten() {
        let path = entry.path();
        let target = to.join(entry.file_name());
        if path.is_dir() {
            copy_tree(&path, &target);
        } else if !path.to_string_lossy().ends_with("-shm") {
            std::fs::copy(&path, &target).expect("copy template file");
        }
    }
}

pub fn backend_name() -> &'static str {
    match std::env::var(TEST_DATABASE_URL) {
        Ok(url) if !url.trim().is_empty() => "postgres",
        _ => "sqlite",
    }
}

pub struct TestApp {
    pub base: String,
    pub client: reqwest::Client,
    pub platform: Platform,
    pub dir: TempDir,
}

impl TestApp {
    /// An empty platform (organisation and catalog empty).
    pub async fn spawn() -> TestApp {
        let dir = tempfile::tempdir().expect("temp dir");
        let db = fresh_db(&dir).await;
        let platform = Platform::open(db, &madoguchi::app::Settings::in_dir(dir.path()))
            .await
            .expect("platform opens");
        Self::serve(platform, dir).await
    }

    /// The platform with the demo city loaded.
    pub async fn with_demo() -> TestApp {
        Self::with_demo_and(madoguchi::app::ServerLimits::default()).await
    }

    /// The demo city, served with `limits`.
    pub async fn with_demo_and(limits: madoguchi::app::ServerLimits) -> TestApp {
        Self::with_demo_settings(limits, |_| {}).await
    }

    /// The demo city, its settings changed by `change`, served with `limits`.
    pub async fn with_demo_settings(
        limits: madoguchi::app::ServerLimits,
        change: impl FnOnce(&mut madoguchi::app::Settings),
    ) -> TestApp {
        let dir = tempfile::tempdir().expect("temp dir");
        let db = demo_copy(&dir).await;
        let mut settings = madoguchi::app::Settings::in_dir(dir.path());
        change(&mut settings);
        let platform = Platform::open(db, &settings).await.expect("platform opens");
        platform.catalog.refresh().await.expect("index");
        Self::serve_with(platform, dir, limits).await
    }

    async fn serve(platform: Platform, dir: TempDir) -> TestApp {
        Self::serve_with(platform, dir, madoguchi::app::ServerLimits::default()).await
    }

    /// The platform on the real server loop, with `limits`.
    pub async fn serve_with(
        platform: Platform,
        dir: TempDir,
        limits: madoguchi::app::ServerLimits,
    ) -> TestApp {
        // Server-side errors show in a failing test's output.
        let _ = tracing_subscriber::fmt()
            .with_env_filter("warn,sqlx=error")
            .with_test_writer()
            .try_init();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let addr = listener.local_addr().expect("addr");
        let router = platform.router();
        tokio::spawn(async move {
            madoguchi::app::serve_on(listener, router, limits, std::future::pending())
                .await
                .expect("server");
        });
        TestApp {
            base: format!("http://{addr}"),
            client: browser().build().expect("client"),
            platform,
            dir,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(self.url(path))
            .send()
            .await
            .expect("request")
    }

    pub async fn get_json(&self, path: &str) -> (u16, serde_json::Value) {
        let response = self.get(path).await;
        let status = response.status().as_u16();
        let body = response.json().await.expect("a JSON body");
        (status, body)
    }

    /// Names of the procedures the API finds for `query` (a query string).
    pub async fn search_names(&self, query: &str) -> Vec<String> {
        let (status, body) = self.get_json(&format!("/api/v1/procedures?{query}")).await;
        assert_eq!(status, 200, "{query}: {body}");
        body["items"]
            .as_array()
            .expect("items")
            .iter()
            .map(|i| i["name"].as_str().expect("name").to_string())
            .collect()
    }
}

/// A client that connects from `ip` (any of 127.0.0.0/8), no redirects
/// followed: another visitor, as the server sees it.
pub fn client_from(ip: &str) -> reqwest::Client {
    browser()
        .redirect(reqwest::redirect::Policy::none())
        .local_address(Some(ip.parse().expect("an address")))
        .build()
        .expect("client")
}

pub fn no_redirects() -> reqwest::Client {
    browser()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client")
}

/// Logs in at `path` and returns the session cookie (`name=value`), or the
/// status and page of the refusal.
pub async fn login(
    app: &TestApp,
    path: &str,
    email: &str,
    password: &str,
) -> Result<String, (u16, String)> {
    let response = no_redirects()
        .post(app.url(path))
        .form(&[("email", email), ("password", password), ("next", "")])
        .send()
        .await
        .expect("request");
    let status = response.status().as_u16();
    let location = response
        .headers()
        .get("location")
        .map(|v| v.to_str().expect("ascii").to_string())
        .unwrap_or_default();
    let cookie = first_cookie(&response);
    match (status, cookie) {
        (303, Some(pending)) if location.starts_with("/staff/login/") => {
            second_step(app, email, &pending, &location).await
        }
        (303, Some(cookie)) => Ok(format!("{cookie}; {CSRF_COOKIE}")),
        _ => Err((status, response.text().await.unwrap_or_default())),
    }
}

/// The `name=value` of a response's first Set-Cookie.
pub fn first_cookie(response: &reqwest::Response) -> Option<String> {
    response.headers().get("set-cookie").map(|v| {
        v.to_str()
            .expect("ascii")
            .split(';')
            .next()
            .expect("pair")
            .to_string()
    })
}

/// A staff login's second step, as the staff member would do it: an account
/// without a code enrols (reading the key off the page, as they would type
/// it into their app); an enrolled one gives the code of its key.
async fn second_step(
    app: &TestApp,
    email: &str,
    pending: &str,
    location: &str,
) -> Result<String, (u16, String)> {
    let pending = format!("{pending}; {CSRF_COOKIE}");
    let (path, code) = if location.starts_with("/staff/login/enrol") {
        let (_, page, _) = get_with(app, location, &pending).await;
        let secret = element_text(&page, "totp-secret").replace(' ', "");
        let code = identity::two_factor::code_at(&secret, unix_now()).expect("a base32 key");
        ("/staff/login/enrol", code)
    } else {
        ("/staff/login/code", staff_code(app, email).await)
    };
    let response = no_redirects()
        .post(app.url(path))
        .header("cookie", &pending)
        .form(&[("code", code.as_str())])
        .send()
        .await
        .expect("request");
    let status = response.status().as_u16();
    let session = session_cookie(&response);
    match (status, session) {
        (200 | 303, Some(cookie)) => Ok(format!("{cookie}; {CSRF_COOKIE}")),
        _ => Err((status, response.text().await.unwrap_or_default())),
    }
}

/// The `madoguchi_session=…` pair a response sets, if it sets one.
pub fn session_cookie(response: &reqwest::Response) -> Option<String> {
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("madoguchi_session=") && !v.contains("Max-Age=0"))
        .map(|v| v.split(';').next().expect("pair").to_string())
}

pub fn unix_now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("after 1970")
        .as_secs()
}

/// The text of the element with `id` on `page`.
pub fn element_text(page: &str, id: &str) -> String {
    let marker = format!("id=\"{id}\">");
    let start = page
        .find(&marker)
        .map(|i| i + marker.len())
        .unwrap_or_else(|| panic!("no #{id} in {page}"));
    let rest = &page[start..];
    rest[..rest.find('<').expect("closing tag")].to_string()
}

/// The key of an enrolled staff account (as its authenticator app holds it;
/// the database holds it sealed).
pub async fn staff_secret(app: &TestApp, email: &str) -> String {
    identity::two_factor::current_secret(&app.platform.db, &staff_id(app, email).await)
        .await
        .expect("readable")
        .expect("an enrolled staff account")
}

async fn staff_id(app: &TestApp, email: &str) -> String {
    use sqlx::Row;
    sqlx::query("SELECT id FROM staff WHERE email = $1")
        .bind(identity::store::normalize_email(email))
        .fetch_one(app.platform.db.pool())
        .await
        .expect("a staff account")
        .get("id")
}

/// A code an enrolled staff account's app would show, of a 30-second step
/// not used yet: a code is accepted once, and tests sign in faster than
/// people do (past the steps around now, the latest use is forgotten). The
/// previous step is never chosen: should the clock pass a step boundary
/// before the server checks the code, it would have left the window.
pub async fn staff_code(app: &TestApp, email: &str) -> String {
    use sqlx::Row;
    let secret = staff_secret(app, email).await;
    let id = staff_id(app, email).await;
    let pool = app.platform.db.pool();
    let last: i64 = sqlx::query("SELECT last_step FROM staff_totp WHERE staff_id = $1")
        .bind(&id)
        .fetch_one(pool)
        .await
        .expect("enrolled")
        .get("last_step");
    let now = unix_now() / 30;
    let step = match (now..=now + 1).find(|s| *s as i64 > last) {
        Some(step) => step,
        None => {
            sqlx::query("UPDATE staff_totp SET last_step = 0 WHERE staff_id = $1")
                .bind(&id)
                .execute(pool)
                .await
                .expect("update");
            now
        }
    };
    identity::two_factor::code_at(&secret, step * 30).expect("a base32 key")
}

/// GET with a cookie, no redirects followed: status, body, Location.
pub async fn get_with(app: &TestApp, path: &str, cookie: &str) -> (u16, String, Option<String>) {
    let response = no_redirects()
        .get(app.url(path))
        .header("cookie", cookie)
        .send()
        .await
        .expect("request");
    answer_of(response).await
}

/// POST a form with a cookie, no redirects followed: status, body, Location.
pub async fn post_with(
    app: &TestApp,
    path: &str,
    cookie: &str,
    pairs: &[(String, String)],
) -> (u16, String, Option<String>) {
    let response = no_redirects()
        .post(app.url(path))
        .header("cookie", cookie)
        .form(pairs)
        .send()
        .await
        .expect("request");
    answer_of(response).await
}

/// Status, body and Location of a response.
pub async fn answer_of(response: reqwest::Response) -> (u16, String, Option<String>) {
    let status = response.status().as_u16();
    let location = response
        .headers()
        .get("location")
        .map(|l| l.to_str().expect("ascii").to_string());
    (status, response.text().await.expect("body"), location)
}

/// The value of the hidden input `name` on `page`, unescaped.
pub fn hidden(page: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    let start = page
        .find(&marker)
        .map(|i| i + marker.len())
        .unwrap_or_else(|| panic!("no {name} in {page}"));
    let value = &page[start..];
    let end = value.find('"').expect("closing quote");
    value[..end]
        .replace("&#34;", "\"")
        .replace("&quot;", "\"")
        .replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&#39;", "'")
}

/// What `madoguchi demo` wrote for testers: logins, the API token, samples.
pub fn demo_file(app: &TestApp) -> demo::DemoFile {
    serde_json::from_str(
        &std::fs::read_to_string(app.dir.path().join("demo.json")).expect("demo.json"),
    )
    .expect("json")
}

/// The text of the first mail in `dir/mail` that `wanted` accepts, waiting
/// for the sender (it looks at the queue every second).
pub async fn mail_matching(dir: &Path, wanted: impl Fn(&str) -> bool) -> String {
    for _ in 0..150 {
        if let Ok(entries) = std::fs::read_dir(dir.join("mail")) {
            let mut files: Vec<_> = entries.flatten().map(|e| e.path()).collect();
            files.sort();
            for file in files {
                let text = std::fs::read_to_string(&file).unwrap_or_default();
                if wanted(&text) {
                    return text;
                }
            }
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("no such mail in {}", dir.join("mail").display());
}

/// Issues a token with `scopes` (action codes) covering `sections` (ids),
/// or the whole city when `sections` is `None`; returns its secret.
pub async fn issue_token(
    db: &Db,
    name: &str,
    scopes: &[&str],
    sections: Option<&[&str]>,
) -> String {
    let actions = scopes
        .iter()
        .map(|code| {
            kernel::tokens::Action::parse(code).unwrap_or_else(|| panic!("no scope {code}"))
        })
        .collect();
    kernel::tokens::issue(
        db,
        &kernel::tokens::NewToken {
            name: name.to_string(),
            actions,
            sections: sections
                .unwrap_or_default()
                .iter()
                .map(|s| s.to_string())
                .collect(),
            all_sections: sections.is_none(),
            created_by: "test".to_string(),
            ..Default::default()
        },
    )
    .await
    .expect("token")
    .secret
}

/// A small PDF, as an applicant's identity document.
pub const PDF: &[u8] =
    b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";

/// A 児童手当 認定請求 through the API, by a parent named `family_name`, with
/// [`PDF`] attached as `file_name`; its receipt number.
pub async fn submit_child_allowance(
    app: &TestApp,
    token: &str,
    family_name: &str,
    file_name: &str,
) -> String {
    let response = app
        .client
        .post(app.url(&format!("/api/v1/attachments?file_name={file_name}")))
        .bearer_auth(token)
        .body(PDF.to_vec())
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), 201);
    let body: serde_json::Value = response.json().await.expect("json");
    let attachment = body["attachment_id"].as_str().expect("id").to_string();
    let body = serde_json::json!({
        "applicant_name": {"family_name": family_name, "given_name": "花子", "family_name_kana": "ナゴヤ", "given_name_kana": "ハナコ"},
        "birth_date": "1990-04-01", "postal_code": "4608508", "address": "名古屋市中区三の丸三丁目1番1号",
        "phone": "052-961-1111", "relationship": "mother", "pension": "kosei",
        "children": [{"name": {"family_name": family_name, "given_name": "一郎", "family_name_kana": "ナゴヤ", "given_name_kana": "イチロウ"},
                      "birth_date": "2023-06-01", "living_together": "together"}],
        "account": {"bank_code": "0001", "branch_code": "001", "account_type": "ordinary", "account_number": "7654321", "account_holder": "ナゴヤ ハナコ"},
        "id_document": {"attachment_id": attachment},
        "consent": true
    });
    let response = app
        .client
        .post(app.url("/api/v1/procedures/jidou-teate-nintei/applications"))
        .bearer_auth(token)
        .json(&body)
        .send()
        .await
        .expect("request");
    let status = response.status();
    let answer: serde_json::Value = response.json().await.expect("json");
    assert_eq!(status, 201, "{answer}");
    answer["receipt_number"]
        .as_str()
        .expect("receipt")
        .to_string()
}
