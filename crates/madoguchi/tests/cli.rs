//! The command line as an operator uses it: import refuses a bad file with
//! exit status 2 and every bad row listed, export writes what import reads,
//! `demo --no-serve` writes demo.json with a working token. SQLite only: the
//! commands take their database from flags, not from the test harness.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::path::Path;
use std::process::{Command, Output};

fn madoguchi(args: &[&str], data_dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_madoguchi"))
        .args(args)
        .arg("--data-dir")
        .arg(data_dir)
        .env_remove("DATABASE_URL")
        .env_remove("MADOGUCHI_CONFIG")
        .output()
        .expect("madoguchi runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn import_refuses_bad_files_with_status_2_and_export_round_trips() {
    let dir = tempfile::tempdir().expect("temp dir");
    let good = dir.path().join("good.csv");
    std::fs::write(
        &good,
        "手続ID,手続名,所管局,分類,オンライン化状況,オンライン化年度\nX-1,犬の登録,環境局,その他,済,R5\n",
    )
    .expect("write");
    let refused = madoguchi(
        &["import", "procedures", good.to_str().expect("path")],
        dir.path(),
    );
    assert_eq!(
        refused.status.code(),
        Some(2),
        "unknown bureau: {}",
        text(&refused.stderr)
    );
    assert!(text(&refused.stderr).contains("所管局「環境局」は組織に登録されていません"));

    let imported = madoguchi(
        &[
            "import",
            "procedures",
            good.to_str().expect("path"),
            "--create-missing-organisation",
        ],
        dir.path(),
    );
    assert!(imported.status.success(), "{}", text(&imported.stderr));
    assert!(
        text(&imported.stdout).contains("1 件追加"),
        "{}",
        text(&imported.stdout)
    );

    let bad = dir.path().join("bad.csv");
    std::fs::write(&bad, "手続ID,手続名,所管局,分類,オンライン化状況\nX-1,,環境局,育児,済\nX-2,ok,環境局,その他,たぶん\n")
        .expect("write");
    let refused = madoguchi(
        &["import", "procedures", bad.to_str().expect("path")],
        dir.path(),
    );
    assert_eq!(refused.status.code(), Some(2));
    let report = text(&refused.stderr);
    assert!(
        report.contains("2 行目") && report.contains("3 行目"),
        "{report}"
    );
    assert!(report.contains("何も変更していません"), "{report}");

    let exported = dir.path().join("out.xlsx");
    let export = madoguchi(
        &[
            "export",
            "procedures",
            "--format",
            "xlsx",
            "--output",
            exported.to_str().expect("path"),
        ],
        dir.path(),
    );
    assert!(export.status.success(), "{}", text(&export.stderr));
    let reimport = madoguchi(
        &["import", "procedures", exported.to_str().expect("path")],
        dir.path(),
    );
    assert!(reimport.status.success(), "{}", text(&reimport.stderr));
    assert!(
        text(&reimport.stdout).contains("1 件更新"),
        "{}",
        text(&reimport.stdout)
    );

    let csv = madoguchi(
        &["export", "procedures", "--encoding", "shift_jis"],
        dir.path(),
    );
    assert!(csv.status.success());
    let (decoded, _, errors) = encoding_rs::SHIFT_JIS.decode(&csv.stdout);
    assert!(!errors && decoded.contains("犬の登録"), "{decoded}");

    let missing = madoguchi(
        &["import", "procedures", "/nonexistent/registry.csv"],
        dir.path(),
    );
    assert_eq!(missing.status.code(), Some(1));
    assert!(text(&missing.stderr).contains("cannot read /nonexistent/registry.csv"));
}

#[test]
fn demo_writes_demo_json_with_a_token_and_reuses_the_city() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut runs = Vec::new();
    for _ in 0..2 {
        let output = madoguchi(&["demo", "--no-serve", "--addr", "127.0.0.1:9"], dir.path());
        assert!(output.status.success(), "{}", text(&output.stderr));
        assert!(
            text(&output.stderr).contains("3521 procedures"),
            "{}",
            text(&output.stderr)
        );
        let demo: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(dir.path().join("demo.json")).expect("demo.json"),
        )
        .expect("json");
        runs.push(demo);
    }
    let demo = &runs[1];
    assert!(
        demo["api_token"]
            .as_str()
            .expect("token")
            .starts_with("mdg_")
    );
    assert_eq!(demo["url"], "http://127.0.0.1:9/");
    let staff = demo["staff_logins"].as_array().expect("staff logins");
    assert!(staff.iter().any(|s| s["role"] == "dx_admin"));
    assert!(
        staff
            .iter()
            .any(|s| s["role"] == "clerk" && s["section"] == "kodomo-kosodate")
    );
    assert!(
        !demo["resident_logins"]
            .as_array()
            .expect("residents")
            .is_empty()
    );
    assert_eq!(
        runs[0]["staff_logins"], runs[1]["staff_logins"],
        "a restart keeps the logins"
    );
    assert_eq!(
        runs[0]["api_token"], runs[1]["api_token"],
        "a restart keeps the token"
    );
    // Personal data and secrets are the service user's only.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = |path: &Path| {
            std::fs::metadata(path)
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
                .permissions()
                .mode()
                & 0o777
        };
        assert_eq!(mode(dir.path()), 0o700, "the data directory");
        for file in ["madoguchi.db", "demo.json"] {
            assert_eq!(mode(&dir.path().join(file)), 0o600, "{file}");
        }
        let keys = dir.path().join("keys");
        assert_eq!(mode(&keys), 0o700);
        let mut names = Vec::new();
        for key in std::fs::read_dir(&keys).expect("keys").flatten() {
            assert_eq!(mode(&key.path()), 0o600);
            names.push(key.file_name().to_string_lossy().to_string());
        }
        names.sort();
        assert_eq!(names.len(), 2, "{names:?}");
        assert!(
            names[0].starts_with("audit-") && names[1].starts_with("data-"),
            "{names:?}"
        );
    }
    // A new key for rotation: kept beside the first.
    let rotated = madoguchi(&["keygen", "audit"], dir.path());
    assert!(rotated.status.success(), "{}", text(&rotated.stderr));
    assert_eq!(
        std::fs::read_dir(dir.path().join("keys"))
            .expect("keys")
            .filter(|e| {
                e.as_ref()
                    .is_ok_and(|e| e.file_name().to_string_lossy().starts_with("audit-"))
            })
            .count(),
        2
    );
    let refused = madoguchi(&["keygen", "everything"], dir.path());
    assert_eq!(refused.status.code(), Some(2));
    // A node given an empty keys folder refuses to start rather than sign
    // with a key of its own.
    let empty = tempfile::tempdir().expect("temp dir");
    let wrong = Command::new(env!("CARGO_BIN_EXE_madoguchi"))
        .args(["demo", "--no-serve"])
        .env("MADOGUCHI_DATA_DIR", dir.path())
        .env("MADOGUCHI_KEYS_DIR", empty.path())
        .env_remove("DATABASE_URL")
        .output()
        .expect("run");
    assert!(!wrong.status.success());
    assert!(
        text(&wrong.stderr).contains("lacks the audit keys"),
        "{}",
        text(&wrong.stderr)
    );
    assert_eq!(
        std::fs::read_dir(empty.path()).expect("dir").count(),
        0,
        "no stray key left"
    );
}

#[test]
fn a_bad_database_url_is_a_clear_error() {
    let dir = tempfile::tempdir().expect("temp dir");
    let output = Command::new(env!("CARGO_BIN_EXE_madoguchi"))
        .args(["migrate", "--data-dir"])
        .arg(dir.path())
        .env("DATABASE_URL", "mysql://user:hunter2@localhost/db")
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(1));
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains("DATABASE_URL must start with postgres://"),
        "{stderr}"
    );
    assert!(!stderr.contains("hunter2"), "the password leaked: {stderr}");
}

#[test]
fn forms_are_exported_to_files_and_published_from_them() {
    let dir = tempfile::tempdir().expect("temp dir");
    let demo = madoguchi(&["demo", "--no-serve"], dir.path());
    assert!(demo.status.success(), "{}", text(&demo.stderr));
    let out = dir.path().join("forms");
    let exported = madoguchi(
        &["export", "forms", "--output", out.to_str().expect("path")],
        dir.path(),
    );
    assert!(exported.status.success(), "{}", text(&exported.stderr));
    let forms = ::demo::forms::definitions().expect("demo forms").len();
    assert!(
        text(&exported.stdout).contains(&format!("wrote {forms} forms")),
        "{}",
        text(&exported.stdout)
    );
    let file = out.join("sodaigomi.form.json");
    let mut form: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&file).expect("file")).expect("json");
    assert_eq!(form["version"], 1);
    form["title"]["ja"] = serde_json::json!("粗大ごみ収集の申込（改訂）");
    std::fs::write(&file, form.to_string()).expect("write");
    let published = madoguchi(
        &["import", "form", file.to_str().expect("path")],
        dir.path(),
    );
    assert!(published.status.success(), "{}", text(&published.stderr));
    assert!(
        text(&published.stdout).contains("version 2"),
        "{}",
        text(&published.stdout)
    );

    form["sections"][0]["fields"][0]["type"] = serde_json::json!("colour");
    std::fs::write(&file, form.to_string()).expect("write");
    let refused = madoguchi(
        &["import", "form", file.to_str().expect("path")],
        dir.path(),
    );
    assert_eq!(refused.status.code(), Some(2));
    assert!(
        text(&refused.stderr).contains("colour"),
        "{}",
        text(&refused.stderr)
    );

    form["procedure_id"] = serde_json::json!("no-such-procedure");
    form["sections"][0]["fields"][0]["type"] = serde_json::json!("text");
    std::fs::write(&file, form.to_string()).expect("write");
    let refused = madoguchi(
        &["import", "form", file.to_str().expect("path")],
        dir.path(),
    );
    assert_eq!(refused.status.code(), Some(2), "{}", text(&refused.stderr));
}

#[test]
fn the_it_department_adds_lists_and_disables_staff() {
    let dir = tempfile::tempdir().expect("temp dir");
    let demo = madoguchi(&["demo", "--no-serve"], dir.path());
    assert!(demo.status.success(), "{}", text(&demo.stderr));

    let refused = madoguchi(
        &[
            "staff",
            "add",
            "new.clerk@city.example.jp",
            "--name",
            "新人 職員",
            "--role",
            "clerk",
        ],
        dir.path(),
    );
    assert_eq!(refused.status.code(), Some(2), "a clerk needs a section");
    let refused = madoguchi(
        &[
            "staff",
            "add",
            "new.clerk@city.example.jp",
            "--name",
            "新人 職員",
            "--role",
            "clerk",
            "--section",
            "no-such-section",
        ],
        dir.path(),
    );
    assert_eq!(refused.status.code(), Some(2));
    assert!(text(&refused.stderr).contains("no-such-section"));

    let added = madoguchi(
        &[
            "staff",
            "add",
            "New.Clerk@city.example.jp",
            "--name",
            "新人 職員",
            "--role",
            "clerk",
            "--section",
            "kodomo-kosodate",
        ],
        dir.path(),
    );
    assert!(added.status.success(), "{}", text(&added.stderr));
    let stdout = text(&added.stdout);
    let password = stdout
        .lines()
        .find_map(|l| l.strip_prefix("初期パスワード / initial password: "))
        .expect("a password")
        .to_string();
    assert_eq!(password.len(), 16);

    let listed = text(&madoguchi(&["staff", "list"], dir.path()).stdout);
    assert!(
        listed.contains("new.clerk@city.example.jp\t新人 職員\tclerk\tkodomo-kosodate"),
        "{listed}"
    );

    let disabled = madoguchi(
        &["staff", "disable", "new.clerk@city.example.jp"],
        dir.path(),
    );
    assert!(disabled.status.success(), "{}", text(&disabled.stderr));
    let listed = text(&madoguchi(&["staff", "list"], dir.path()).stdout);
    assert!(listed.contains("disabled"), "{listed}");
    let missing = madoguchi(&["staff", "disable", "nobody@city.example.jp"], dir.path());
    assert_eq!(missing.status.code(), Some(2));
}

#[test]
fn the_it_department_resets_the_two_step_sign_in_of_a_lost_phone() {
    let dir = tempfile::tempdir().expect("temp dir");
    let demo = madoguchi(&["demo", "--no-serve"], dir.path());
    assert!(demo.status.success(), "{}", text(&demo.stderr));
    let reset = madoguchi(
        &["staff", "reset-2fa", "kosodate.clerk@city.example.jp"],
        dir.path(),
    );
    assert!(reset.status.success(), "{}", text(&reset.stderr));
    assert!(
        text(&reset.stdout).contains("two-step sign-in reset"),
        "{}",
        text(&reset.stdout)
    );
    let missing = madoguchi(
        &["staff", "reset-2fa", "nobody@city.example.jp"],
        dir.path(),
    );
    assert_eq!(missing.status.code(), Some(2));
}

#[test]
fn the_it_department_issues_lists_and_revokes_api_tokens() {
    let dir = tempfile::tempdir().expect("temp dir");
    let refused = madoguchi(
        &["token", "issue", "--name", "x", "--scope", "everything"],
        dir.path(),
    );
    assert_eq!(refused.status.code(), Some(2));
    assert!(text(&refused.stderr).contains("everything"));
    let issued = madoguchi(
        &[
            "token",
            "issue",
            "--name",
            "prometheus",
            "--scope",
            "metrics",
        ],
        dir.path(),
    );
    assert!(issued.status.success(), "{}", text(&issued.stderr));
    let token = text(&issued.stdout).trim().to_string();
    assert!(token.starts_with("mdg_") && token.len() > 40, "{token}");
    let listed = text(&madoguchi(&["token", "list"], dir.path()).stdout);
    assert!(!listed.contains(&token), "secrets are never listed");
    let line = listed
        .lines()
        .find(|l| l.contains("\tprometheus\tmetrics:read\t"))
        .unwrap_or_else(|| panic!("{listed}"));
    assert!(line.ends_with("\tlive"), "{line}");
    let id = line.split('\t').next().expect("id");
    let revoked = madoguchi(&["token", "revoke", id], dir.path());
    assert!(revoked.status.success(), "{}", text(&revoked.stderr));
    let listed = text(&madoguchi(&["token", "list"], dir.path()).stdout);
    assert!(!listed.contains("\tlive"), "{listed}");
    let again = madoguchi(&["token", "revoke", id], dir.path());
    assert_eq!(again.status.code(), Some(2));

    // Scoped by section: an unknown one is refused; city-wide is explicit.
    let unknown = madoguchi(
        &[
            "tokens",
            "create",
            "--name",
            "case system",
            "--scope",
            "applications:read",
            "--section",
            "nosuch",
        ],
        dir.path(),
    );
    assert_eq!(unknown.status.code(), Some(2));
    assert!(text(&unknown.stderr).contains("nosuch"));
    let city = madoguchi(
        &[
            "tokens",
            "create",
            "--name",
            "case system",
            "--scope",
            "applications:read",
            "--scope",
            "decisions:write",
            "--all-sections",
            "--expires-in-days",
            "30",
        ],
        dir.path(),
    );
    assert!(city.status.success(), "{}", text(&city.stderr));
    let secret = text(&city.stdout).trim().to_string();
    let listed = madoguchi(&["tokens", "list", "--json"], dir.path());
    let listed: serde_json::Value = serde_json::from_slice(&listed.stdout).expect("JSON");
    assert!(
        !listed.to_string().contains(&secret),
        "secrets are never listed"
    );
    let city = listed
        .as_array()
        .expect("array")
        .iter()
        .find(|t| t["name"] == "case system")
        .expect("listed");
    assert_eq!(city["all_sections"], true);
    assert_eq!(
        city["scopes"],
        serde_json::json!(["applications:read", "decisions:write"])
    );
    assert!(city["expires_at"].is_string() && city["last_used_at"].is_null());
}

#[test]
fn translators_get_a_sheet_per_language_and_their_names_come_back() {
    let dir = tempfile::tempdir().expect("temp dir");
    let demo = madoguchi(&["demo", "--no-serve"], dir.path());
    assert!(demo.status.success(), "{}", text(&demo.stderr));
    let sheet = dir.path().join("ko.csv");
    let exported = madoguchi(
        &[
            "export",
            "translations",
            "--lang",
            "ko",
            "--output",
            sheet.to_str().expect("path"),
        ],
        dir.path(),
    );
    assert!(exported.status.success(), "{}", text(&exported.stderr));
    let written = std::fs::read_to_string(&sheet).expect("sheet");
    assert!(written.starts_with("\u{feff}procedure_id,lang,name_ja,name_en,name"));
    assert!(
        written.contains("sodaigomi,ko,粗大ごみ収集の申込,Collection of large household waste,대형 쓰레기 수거 신청"),
        "the current translation is in the sheet"
    );
    // The translator fills in a name and sends the sheet back.
    let filled = written
        .lines()
        .map(|line| {
            if line.starts_with("suido-kaishi,") {
                format!("{line}수도 사용 개시·중지 신청")
            } else {
                line.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    std::fs::write(&sheet, filled).expect("write");
    let imported = madoguchi(
        &["import", "translations", sheet.to_str().expect("path")],
        dir.path(),
    );
    assert!(imported.status.success(), "{}", text(&imported.stderr));
    let again = madoguchi(&["export", "translations", "--lang", "ko"], dir.path());
    assert!(text(&again.stdout).contains("수도 사용 개시·중지 신청"));

    let bad = dir.path().join("bad.csv");
    std::fs::write(
        &bad,
        "procedure_id,lang,name\nno-such,ko,없음\nsodaigomi,fr,Collecte\n",
    )
    .expect("write");
    let refused = madoguchi(
        &["import", "translations", bad.to_str().expect("path")],
        dir.path(),
    );
    assert_eq!(refused.status.code(), Some(2));
    assert!(
        text(&refused.stderr).contains("fr"),
        "{}",
        text(&refused.stderr)
    );
    let unchanged = madoguchi(&["export", "translations", "--lang", "ko"], dir.path());
    assert!(
        text(&unchanged.stdout).contains("대형 쓰레기 수거 신청"),
        "nothing changed"
    );
}

#[test]
fn indicators_print_as_json_csv_and_the_plans_table() {
    let dir = tempfile::tempdir().expect("temp dir");
    let demo = madoguchi(&["demo", "--no-serve"], dir.path());
    assert!(demo.status.success(), "{}", text(&demo.stderr));
    let json = madoguchi(&["indicators", "--format", "json"], dir.path());
    assert!(json.status.success(), "{}", text(&json.stderr));
    let figures: serde_json::Value = serde_json::from_slice(&json.stdout).expect("json");
    assert_eq!(
        figures["plan"]["overall"]["years"][1]["procedures"]["percent"],
        "9.9"
    );
    let table = madoguchi(&["indicators"], dir.path());
    let table = text(&table.stdout);
    assert!(table.contains("13,804,426 (67.3%)"), "{table}");
    assert!(
        table.contains("前年比\t(ー)\t(+2.3%)\t(+17.8%)\t(+12.6%)"),
        "{table}"
    );
    let csv = madoguchi(&["indicators", "--format", "csv"], dir.path());
    assert!(text(&csv.stdout).contains("actual,category,childcare,子育て,2022,R4まで,"));
}

/// (category, fiscal year) → (procedures planned by then, their cases).
type PlanCells = std::collections::BTreeMap<(String, i32), (i64, i64)>;

/// The plan's figures straight from an exported registry (Shift_JIS CSV):
/// per category and fiscal year, (procedures planned by then, their cases),
/// and the totals in scope.
fn plan_from_export(bytes: &[u8]) -> (PlanCells, i64, i64) {
    let (text, _, _) = encoding_rs::SHIFT_JIS.decode(bytes);
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headers = reader.headers().expect("headers").clone();
    let at = |name: &str| headers.iter().position(|h| h == name).expect(name);
    let (category, count, status, planned) = (
        at("分類"),
        at("年間件数"),
        at("オンライン化状況"),
        at("計画年度"),
    );
    let mut by = std::collections::BTreeMap::new();
    let (mut procedures, mut cases) = (0, 0);
    for record in reader.records() {
        let record = record.expect("row");
        if record[status].contains("不可") {
            continue;
        }
        let n = record[count].parse::<i64>().unwrap_or(0);
        procedures += 1;
        cases += n;
        // 計画年度 is written R4, R5 …: 2018 + the Reiwa year.
        let year = record[planned]
            .trim_start_matches('R')
            .parse::<i32>()
            .ok()
            .map(|r| 2018 + r);
        for fiscal_year in 2022..=2025 {
            let entry = by
                .entry((record[category].to_string(), fiscal_year))
                .or_insert((0, 0));
            if year.is_some_and(|y| y <= fiscal_year) {
                entry.0 += 1;
                entry.1 += n;
            }
        }
    }
    (by, procedures, cases)
}

#[test]
fn a_shift_jis_registry_imported_with_a_stated_total_gives_the_plans_figures() {
    let source = tempfile::tempdir().expect("temp dir");
    let demo = madoguchi(&["demo", "--no-serve"], source.path());
    assert!(demo.status.success(), "{}", text(&demo.stderr));
    let file = source.path().join("registry.csv");
    let exported = madoguchi(
        &[
            "export",
            "procedures",
            "--encoding",
            "shift_jis",
            "--output",
            file.to_str().expect("path"),
        ],
        source.path(),
    );
    assert!(exported.status.success(), "{}", text(&exported.stderr));

    let city = tempfile::tempdir().expect("temp dir");
    let imported = madoguchi(
        &[
            "import",
            "procedures",
            file.to_str().expect("path"),
            "--create-missing-organisation",
            "--stated-cases",
            "20507844",
            "--stated-procedures",
            "3521",
        ],
        city.path(),
    );
    assert!(imported.status.success(), "{}", text(&imported.stderr));
    let said = text(&imported.stdout);
    assert!(
        said.contains("20,507,844") && said.contains("by 40"),
        "{said}"
    );
    assert!(
        !said.contains("procedures, 3521"),
        "the procedure count matches: {said}"
    );

    let json = madoguchi(&["indicators", "--format", "json"], city.path());
    let figures: serde_json::Value = serde_json::from_slice(&json.stdout).expect("json");
    let (expected, procedures, cases) = plan_from_export(&std::fs::read(&file).expect("file"));
    assert_eq!(
        figures["plan"]["overall"]["procedures_in_scope"],
        procedures
    );
    assert_eq!(figures["plan"]["overall"]["annual_cases"], cases);
    for group in figures["plan"]["categories"]
        .as_array()
        .expect("categories")
    {
        for year in group["years"].as_array().expect("years").iter().take(4) {
            let fiscal_year = year["fiscal_year"].as_i64().expect("year") as i32;
            let (n, c) = expected[&(
                group["name"].as_str().expect("name").to_string(),
                fiscal_year,
            )];
            assert_eq!(
                year["procedures"]["numerator"], n,
                "{} {fiscal_year}",
                group["name"]
            );
            assert_eq!(
                year["cases"]["numerator"], c,
                "{} {fiscal_year}",
                group["name"]
            );
        }
    }
}

#[test]
fn fee_schedules_are_set_from_files_checked_against_the_form_and_reconciliation_runs_once() {
    let dir = tempfile::tempdir().expect("temp dir");
    let demo = madoguchi(&["demo", "--no-serve", "--addr", "127.0.0.1:9"], dir.path());
    assert!(demo.status.success(), "{}", text(&demo.stderr));
    let bad = dir.path().join("bad.json");
    std::fs::write(
        &bad,
        r#"{"lines": [{"kind": "per_copy", "label": {"ja": "写し"}, "unit_yen": 300, "field": "kopies"}],
            "timing": {"when": "before_acceptance"}}"#,
    )
    .expect("write");
    let refused = madoguchi(
        &[
            "payments",
            "fees",
            "juminhyo-utsushi",
            bad.to_str().expect("path"),
        ],
        dir.path(),
    );
    assert!(!refused.status.success());
    assert!(
        text(&refused.stderr).contains("通数の項目「kopies」が様式にありません"),
        "{}",
        text(&refused.stderr)
    );
    let good = dir.path().join("good.json");
    std::fs::write(
        &good,
        r#"{"lines": [{"kind": "per_copy", "label": {"ja": "住民票の写し"}, "unit_yen": 350, "field": "copies"}],
            "timing": {"when": "before_acceptance", "expires_after_hours": 48}}"#,
    )
    .expect("write");
    let saved = madoguchi(
        &[
            "payments",
            "fees",
            "juminhyo-utsushi",
            good.to_str().expect("path"),
        ],
        dir.path(),
    );
    assert!(saved.status.success(), "{}", text(&saved.stderr));
    assert!(
        text(&saved.stdout).contains("\"revision\":2"),
        "{}",
        text(&saved.stdout)
    );
    let run = madoguchi(&["payments", "reconcile"], dir.path());
    assert!(run.status.success(), "{}", text(&run.stderr));
    assert!(
        text(&run.stdout).contains("\"failed\":0"),
        "{}",
        text(&run.stdout)
    );
}
