//! The written pages: privacy policy, terms of use, accessibility
//! statement, contact, and the sitemap for people. Each is a title, a lead
//! and sections, every text a catalogue message (area `site`) that
//! translators and the city's legal office edit without touching code.
//!
//! A message body is plain text with two marks: each line is a paragraph,
//! lines starting with `- ` make a list, and `[words](/path)` is a link
//! inside the site (kept in the reader's language).

use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::response::Response;
use axum::routing::get;
use kernel::i18n::{Message, rich_html};
use kernel::web::{Chrome, render};

use crate::Site;
use crate::accessibility::{self, Results};

/// One section: its anchor, heading and body messages.
type SectionKeys = (&'static str, &'static str, &'static str);

const PRIVACY: &[SectionKeys] = &[
    (
        "collected",
        "site-privacy-collected-h",
        "site-privacy-collected",
    ),
    (
        "purposes",
        "site-privacy-purposes-h",
        "site-privacy-purposes",
    ),
    ("kept", "site-privacy-kept-h", "site-privacy-kept"),
    ("who", "site-privacy-who-h", "site-privacy-who"),
    ("basis", "site-privacy-basis-h", "site-privacy-basis"),
    (
        "security",
        "site-privacy-security-h",
        "site-privacy-security",
    ),
    ("cookies", "site-privacy-cookies-h", "site-privacy-cookies"),
    (
        "requests",
        "site-privacy-requests-h",
        "site-privacy-requests",
    ),
    ("changes", "site-privacy-changes-h", "site-privacy-changes"),
];

const TERMS: &[SectionKeys] = &[
    ("scope", "site-terms-scope-h", "site-terms-scope"),
    ("service", "site-terms-service-h", "site-terms-service"),
    ("account", "site-terms-account-h", "site-terms-account"),
    ("applying", "site-terms-applying-h", "site-terms-applying"),
    (
        "forbidden",
        "site-terms-forbidden-h",
        "site-terms-forbidden",
    ),
    (
        "interruptions",
        "site-terms-interruptions-h",
        "site-terms-interruptions",
    ),
    (
        "liability",
        "site-terms-liability-h",
        "site-terms-liability",
    ),
    ("content", "site-terms-content-h", "site-terms-content"),
    ("changes", "site-terms-changes-h", "site-terms-changes"),
];

const ACCESSIBILITY: &[SectionKeys] = &[
    ("policy", "site-a11y-policy-h", "site-a11y-policy"),
    ("target", "site-a11y-target-h", "site-a11y-target"),
    ("scope", "site-a11y-scope-h", "site-a11y-scope"),
    ("method", "site-a11y-method-h", "site-a11y-method"),
    ("results", "site-a11y-results-h", "site-a11y-results"),
    ("known", "site-a11y-known-h", "site-a11y-known"),
];

const CONTACT: &[SectionKeys] = &[
    (
        "procedures",
        "site-contact-procedures-h",
        "site-contact-procedures",
    ),
    ("general", "site-contact-general-h", "site-contact-general"),
    (
        "personal",
        "site-contact-personal-h",
        "site-contact-personal",
    ),
];

/// The pages every public service has, as the footer and the sitemap
/// list them: path and title message.
pub const SITE_PAGES: [(&str, &str); 5] = [
    ("/privacy", "site-privacy-title"),
    ("/terms", "site-terms-title"),
    ("/accessibility", "site-a11y-title"),
    ("/contact", "site-contact-title"),
    ("/sitemap", "site-sitemap-title"),
];

/// The public pages for people, by group: (group heading, [(path, title)]).
/// `/sitemap.xml` lists the same pages and every procedure for crawlers.
pub const SITEMAP_GROUPS: [(&str, &[(&str, &str)]); 4] = [
    (
        "site-sitemap-procedures",
        &[
            ("/", "common-find-procedure"),
            ("/procedures", "site-sitemap-all-procedures"),
            ("/status", "guest-status-title"),
        ],
    ),
    (
        "site-sitemap-progress",
        &[
            ("/progress", "layout-progress"),
            ("/counters", "layout-congestion"),
            ("/open-data", "layout-open-data"),
        ],
    ),
    (
        "site-sitemap-account",
        &[
            ("/login", "header-login"),
            ("/register", "login-create-account"),
            ("/password/forgot", "login-forgot-password"),
            ("/my", "header-my-page"),
        ],
    ),
    (
        "site-sitemap-about",
        &[
            ("/privacy", "site-privacy-title"),
            ("/terms", "site-terms-title"),
            ("/accessibility", "site-a11y-title"),
            ("/contact", "site-contact-title"),
        ],
    ),
];

pub fn routes() -> Router<Site> {
    Router::new()
        .route("/privacy", get(privacy))
        .route("/terms", get(terms))
        .route("/accessibility", get(accessibility_page))
        .route("/contact", get(contact))
        .route("/sitemap", get(sitemap_page))
}

struct Section {
    id: &'static str,
    /// HTML.
    heading: String,
    /// HTML.
    body: String,
}

struct Link {
    href: String,
    /// HTML.
    text: String,
}

struct Group {
    /// HTML.
    heading: String,
    links: Vec<Link>,
}

/// One row of the accessibility results, as shown.
struct ResultRow {
    name: String,
    path: String,
    date: String,
    checks: u32,
    violations: u32,
}

#[derive(Template)]
#[template(path = "document.html")]
struct DocumentPage {
    chrome: Chrome,
    /// HTML.
    lead: String,
    sections: Vec<Section>,
    /// The accessibility test results (the statement only).
    results: Vec<ResultRow>,
    /// HTML: the tool, its version and the date, above the results table.
    results_caption: String,
    /// The general contact (the contact page only).
    phone: String,
    /// HTML: says the contact values are the demo's.
    contact_note: String,
    /// The sitemap page's links.
    groups: Vec<Group>,
}

/// A message body as HTML: each line a paragraph, `- ` lines a list,
/// `[words](/path)` a link in the reader's language. Text is escaped, and
/// furigana is shown as ruby when `furigana` is on.
pub fn body_html(marked_up: &str, furigana: bool, link: impl Fn(&str) -> String) -> String {
    let mut html = String::new();
    let mut in_list = false;
    for line in marked_up.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let item = line.strip_prefix("- ");
        match (item.is_some(), in_list) {
            (true, false) => html.push_str("<ul>"),
            (false, true) => html.push_str("</ul>"),
            _ => {}
        }
        in_list = item.is_some();
        let (open, close) = if in_list {
            ("<li>", "</li>")
        } else {
            ("<p>", "</p>")
        };
        html.push_str(open);
        html.push_str(&inline_html(item.unwrap_or(line), furigana, &link));
        html.push_str(close);
    }
    if in_list {
        html.push_str("</ul>");
    }
    html
}

/// A line's text with its `[words](/path)` links.
fn inline_html(line: &str, furigana: bool, link: &impl Fn(&str) -> String) -> String {
    let mut html = String::new();
    let mut rest = line;
    while let Some(open) = rest.find('[') {
        let after = &rest[open + 1..];
        let Some(middle) = after.find("](/") else {
            break;
        };
        let target_start = middle + 2;
        let Some(close) = after[target_start..].find(')') else {
            break;
        };
        let words = &after[..middle];
        let path = &after[target_start..target_start + close];
        html.push_str(&rich_html(&rest[..open], furigana));
        html.push_str(&format!(
            "<a href=\"{}\">{}</a>",
            kernel::i18n::escape(&link(path)),
            rich_html(words, furigana)
        ));
        rest = &after[target_start + close + 1..];
    }
    html.push_str(&rich_html(rest, furigana));
    html
}

impl Site {
    fn text(&self, chrome: &Chrome, id: &'static str) -> String {
        let mut message = Message::new(id);
        for (name, value) in self.facts.args() {
            message = message.with(name, value);
        }
        body_html(&message.marked_up(chrome.lang), chrome.furigana(), |p| {
            chrome.link(p)
        })
    }

    fn page(
        &self,
        chrome: Chrome,
        title: &'static str,
        lead: &'static str,
        keys: &[SectionKeys],
    ) -> DocumentPage {
        let chrome = chrome.clone().titled(chrome.marked_up(title));
        let sections = keys
            .iter()
            .map(|&(id, heading, body)| Section {
                id,
                heading: chrome.t(heading),
                body: self.text(&chrome, body),
            })
            .collect();
        DocumentPage {
            lead: self.text(&chrome, lead),
            sections,
            results: Vec::new(),
            results_caption: String::new(),
            phone: String::new(),
            contact_note: String::new(),
            groups: Vec::new(),
            chrome,
        }
    }
}

async fn privacy(State(site): State<Site>, chrome: Chrome) -> Response {
    render(&site.page(chrome, "site-privacy-title", "site-privacy-lead", PRIVACY))
}

async fn terms(State(site): State<Site>, chrome: Chrome) -> Response {
    render(&site.page(chrome, "site-terms-title", "site-terms-lead", TERMS))
}

async fn accessibility_page(State(site): State<Site>, chrome: Chrome) -> Response {
    let mut page = site.page(chrome, "site-a11y-title", "site-a11y-lead", ACCESSIBILITY);
    if let Some(results) = accessibility::results() {
        page.results_caption = caption(&page.chrome, results);
        page.results = results
            .pages
            .iter()
            .map(|p| ResultRow {
                name: if page.chrome.lang.reads_japanese() {
                    p.name_ja.clone()
                } else {
                    p.name.clone()
                },
                path: p.path.clone(),
                date: p.date.clone(),
                checks: p.checks,
                violations: p.violations,
            })
            .collect();
    }
    render(&page)
}

fn caption(chrome: &Chrome, results: &Results) -> String {
    let message = Message::new("site-a11y-results-caption")
        .with("tool", format!("axe-core {}", results.axe_version))
        .with("date", results.date.as_str())
        .with("languages", results.languages.len())
        .with("viewports", results.viewports.join(", "));
    chrome.message(&message)
}

async fn contact(State(site): State<Site>, chrome: Chrome) -> Response {
    let mut page = site.page(chrome, "site-contact-title", "site-contact-lead", CONTACT);
    page.phone = site.contact.phone.clone();
    if site.contact.demo {
        page.contact_note = page.chrome.t("site-contact-demo-note");
    }
    render(&page)
}

async fn sitemap_page(State(site): State<Site>, chrome: Chrome) -> Response {
    let mut page = site.page(chrome, "site-sitemap-title", "site-sitemap-lead", &[]);
    page.groups = SITEMAP_GROUPS
        .iter()
        .map(|(heading, links)| Group {
            heading: page.chrome.t(heading),
            links: links
                .iter()
                .map(|(path, title)| Link {
                    href: page.chrome.link(path),
                    text: page.chrome.t(title),
                })
                .collect(),
        })
        .collect();
    render(&page)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(path: &str) -> String {
        format!("{path}?lang=en")
    }

    #[test]
    fn lines_are_paragraphs_and_dashes_make_a_list() {
        let html = body_html("一つ目。\n- 甲\n- 乙\n二つ目。", false, plain);
        assert_eq!(
            html,
            "<p>一つ目。</p><ul><li>甲</li><li>乙</li></ul><p>二つ目。</p>"
        );
    }

    #[test]
    fn links_stay_in_the_site_and_text_is_escaped() {
        let html = body_html(
            "See [the contact page](/contact) <now> & [out](https://evil.example).",
            false,
            plain,
        );
        assert_eq!(
            html,
            "<p>See <a href=\"/contact?lang=en\">the contact page</a> &lt;now&gt; &amp; [out](https://evil.example).</p>"
        );
    }

    #[test]
    fn furigana_becomes_ruby_in_links_and_text() {
        let html = body_html("- [窓口《まどぐち》](/contact)へ", true, plain);
        assert!(
            html.starts_with("<ul><li><a href=\"/contact?lang=en\"><ruby>窓口"),
            "{html}"
        );
        assert!(html.ends_with("へ</li></ul>"), "{html}");
    }
}
