//! `/sitemap.xml` for crawlers (the sitemaps.org protocol): the public pages
//! and every procedure's page. A file may hold 50,000 URLs; past that
//! (a national registry holds some 75,000 procedures) `/sitemap.xml` is an
//! index of files of at most that many each: `/sitemaps/pages.xml` and
//! `/sitemaps/procedures-N.xml`. `/robots.txt` names it.

use axum::Router;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use kernel::i18n::escape;
use kernel::web::encode;

use crate::Site;

/// URLs one sitemap file may list (the protocol's limit).
pub const MAX_URLS: usize = 50_000;

/// The public pages crawlers are told of besides the procedures (pages
/// behind a sign-in are left out).
pub const PUBLIC_PAGES: [&str; 13] = [
    "/",
    "/procedures",
    "/progress",
    "/counters",
    "/bereavement",
    "/guide",
    "/assistant",
    "/open-data",
    "/privacy",
    "/terms",
    "/accessibility",
    "/contact",
    "/sitemap",
];

pub fn routes() -> Router<Site> {
    Router::new()
        .route("/sitemap.xml", get(sitemap_xml))
        .route("/sitemaps/{file}", get(sitemap_file))
        .route("/robots.txt", get(robots))
}

/// How many files of procedures an index needs for `procedures`, at
/// `cap` URLs a file; 0 when everything fits in one sitemap with the pages.
pub fn procedure_files(procedures: usize, cap: usize) -> usize {
    let cap = cap.max(1);
    if PUBLIC_PAGES.len() + procedures <= cap {
        0
    } else {
        procedures.div_ceil(cap)
    }
}

/// A `<urlset>` of absolute URLs.
pub fn urlset<'a>(base: &str, paths: impl Iterator<Item = &'a str>) -> String {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for path in paths {
        xml.push_str("<url><loc>");
        xml.push_str(&escape(&format!("{base}{path}")));
        xml.push_str("</loc></url>\n");
    }
    xml.push_str("</urlset>\n");
    xml
}

/// A `<sitemapindex>` of the pages' file and `files` files of procedures.
pub fn index(base: &str, files: usize) -> String {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    let names = std::iter::once("pages.xml".to_string())
        .chain((1..=files).map(|n| format!("procedures-{n}.xml")));
    for name in names {
        xml.push_str("<sitemap><loc>");
        xml.push_str(&escape(&format!("{base}/sitemaps/{name}")));
        xml.push_str("</loc></sitemap>\n");
    }
    xml.push_str("</sitemapindex>\n");
    xml
}

/// Which file a name asks for: the pages (0) or procedures file N.
pub fn file_number(name: &str) -> Option<usize> {
    if name == "pages.xml" {
        return Some(0);
    }
    let n = name.strip_prefix("procedures-")?.strip_suffix(".xml")?;
    // Digits only: no sign, no spaces, no leading zero.
    if n.is_empty() || n.len() > 6 || n.starts_with('0') || !n.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    n.parse().ok()
}

fn procedure_paths(ids: &[String]) -> Vec<String> {
    ids.iter()
        .map(|id| format!("/procedures/{}", encode(id)))
        .collect()
}

fn xml(body: String) -> Response {
    (
        [
            (header::CONTENT_TYPE, "application/xml; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        body,
    )
        .into_response()
}

async fn procedure_ids(site: &Site) -> Result<Vec<String>, Response> {
    match site.catalog.index().await {
        Ok(index) => Ok(index
            .procedures
            .rows()
            .map(|p| p.id().to_string())
            .collect()),
        Err(error) => {
            tracing::error!(error = %format!("{error:#}"), "sitemap: the catalog could not be read");
            Err(StatusCode::SERVICE_UNAVAILABLE.into_response())
        }
    }
}

async fn sitemap_xml(State(site): State<Site>) -> Response {
    let ids = match procedure_ids(&site).await {
        Ok(ids) => ids,
        Err(response) => return response,
    };
    let files = procedure_files(ids.len(), MAX_URLS);
    if files > 0 {
        return xml(index(&site.public_url, files));
    }
    let procedures = procedure_paths(&ids);
    let paths = PUBLIC_PAGES
        .iter()
        .copied()
        .chain(procedures.iter().map(String::as_str));
    xml(urlset(&site.public_url, paths))
}

async fn sitemap_file(State(site): State<Site>, Path(name): Path<String>) -> Response {
    let Some(number) = file_number(&name) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    if number == 0 {
        return xml(urlset(&site.public_url, PUBLIC_PAGES.iter().copied()));
    }
    let ids = match procedure_ids(&site).await {
        Ok(ids) => ids,
        Err(response) => return response,
    };
    if number > procedure_files(ids.len(), MAX_URLS) {
        return StatusCode::NOT_FOUND.into_response();
    }
    let start = (number - 1) * MAX_URLS;
    let slice = ids
        .get(start..ids.len().min(start + MAX_URLS))
        .unwrap_or_default();
    let procedures = procedure_paths(slice);
    xml(urlset(
        &site.public_url,
        procedures.iter().map(String::as_str),
    ))
}

async fn robots(State(site): State<Site>) -> Response {
    (
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        format!(
            "User-agent: *\nDisallow: /staff\nDisallow: /my\nDisallow: /api/\n\nSitemap: {}/sitemap.xml\n",
            site.public_url
        ),
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_city_fits_one_file_and_a_national_registry_needs_an_index() {
        assert_eq!(procedure_files(3_521, MAX_URLS), 0);
        assert_eq!(procedure_files(MAX_URLS - PUBLIC_PAGES.len(), MAX_URLS), 0);
        assert_eq!(
            procedure_files(MAX_URLS - PUBLIC_PAGES.len() + 1, MAX_URLS),
            1
        );
        assert_eq!(procedure_files(75_000, MAX_URLS), 2);
        assert_eq!(procedure_files(100_001, MAX_URLS), 3);
    }

    #[test]
    fn the_index_names_the_pages_and_each_procedures_file() {
        let xml = index("https://madoguchi.example.jp", 2);
        assert!(xml.contains("<loc>https://madoguchi.example.jp/sitemaps/pages.xml</loc>"));
        assert!(xml.contains("<loc>https://madoguchi.example.jp/sitemaps/procedures-2.xml</loc>"));
        assert!(!xml.contains("procedures-3"));
        for name in ["pages.xml", "procedures-1.xml", "procedures-2.xml"] {
            assert!(file_number(name).is_some(), "{name}");
        }
    }

    #[test]
    fn only_the_files_we_make_are_named() {
        for name in [
            "procedures-0.xml",
            "procedures-01.xml",
            "procedures-+1.xml",
            "procedures-.xml",
            "x.xml",
            "procedures-1",
        ] {
            assert_eq!(file_number(name), None, "{name}");
        }
        assert_eq!(file_number("procedures-12.xml"), Some(12));
    }

    #[test]
    fn urls_are_absolute_and_escaped() {
        let xml = urlset("http://h", ["/", "/procedures/a&b"].into_iter());
        assert!(xml.contains("<loc>http://h/</loc>"));
        assert!(xml.contains("<loc>http://h/procedures/a&amp;b</loc>"));
    }
}
