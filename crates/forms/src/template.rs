//! Form templates: a form without a procedure, with a title, a summary, a
//! group and the words of the procedure names it suits. A city starts a new
//! procedure's form from one, and templates pass between cities as JSON
//! files (one template a file). The library ships with the templates of
//! `crates/forms/templates/`, read once when first asked for.

use std::sync::LazyLock;

use serde::{Deserialize, Serialize};

use crate::definition::{DefinitionError, FormDefinition, Localized};

/// The groups a template belongs to: (Japanese, English).
pub const GROUPS: &[(&str, &str)] = &[
    ("子育て", "Children and families"),
    ("介護", "Long-term care"),
    ("被災者支援", "Disaster relief"),
    ("引っ越し", "Moving"),
    ("証明書", "Certificates"),
    ("戸籍・住民", "Family and residence registers"),
    ("税", "Taxes"),
    ("くらし", "Daily life"),
    ("健康", "Health"),
    ("福祉", "Welfare"),
    ("事業", "Business"),
];

/// The English label of a group (`None` for a name not in [`GROUPS`]).
pub fn group_label_en(group: &str) -> Option<&'static str> {
    GROUPS
        .iter()
        .find(|(ja, _)| *ja == group)
        .map(|(_, en)| *en)
}

/// What a caller should accept as one template file, at most.
pub const MAX_TEMPLATE_BYTES: usize = 256 * 1024;

/// The procedure id a template's form is checked under.
const PLACEHOLDER_PROCEDURE: &str = "template";

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Template {
    /// Lower-case letters, digits and hyphens (`juminhyo-utsushi`).
    pub id: String,
    pub title: Localized,
    pub summary: Localized,
    /// One of [`GROUPS`] (its Japanese name).
    pub group: String,
    /// Words of the procedure names the template suits (`住民票`).
    #[serde(default)]
    pub keywords: Vec<String>,
    /// The form, without a procedure id.
    pub form: FormDefinition,
}

fn is_template_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 64
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !id.starts_with('-')
        && !id.ends_with('-')
}

impl Template {
    /// Parses and checks a template; every problem is reported, the form's
    /// under `form.`. The caller bounds the text's size
    /// ([`MAX_TEMPLATE_BYTES`]).
    pub fn from_json(text: &str) -> Result<Template, Vec<DefinitionError>> {
        let template: Template = serde_json::from_str(text).map_err(|e| {
            vec![DefinitionError::new(
                format!("line {}, column {}", e.line(), e.column()),
                format!("{}行{}列目が JSON として読めません", e.line(), e.column()),
                e.to_string(),
            )]
        })?;
        let errors = template.check();
        if errors.is_empty() {
            Ok(template)
        } else {
            Err(errors)
        }
    }

    /// Every problem of the template, its form included.
    pub fn check(&self) -> Vec<DefinitionError> {
        let mut errors = Vec::new();
        let mut error =
            |path: &str, ja: String, en: String| errors.push(DefinitionError::new(path, ja, en));
        if !is_template_id(&self.id) {
            error(
                "id",
                format!(
                    "テンプレートの識別子 {:?} は英小文字・数字・ハイフン（64 文字まで）にしてください",
                    self.id
                ),
                format!(
                    "{:?} must be lower-case letters, digits and hyphens (at most 64)",
                    self.id
                ),
            );
        }
        if self.title.ja.trim().is_empty() {
            error(
                "title.ja",
                "テンプレートの名前（日本語）を入れてください".into(),
                "a Japanese title is required".into(),
            );
        }
        if self.summary.ja.trim().is_empty() {
            error(
                "summary.ja",
                "テンプレートの説明（日本語）を入れてください".into(),
                "a Japanese summary is required".into(),
            );
        }
        if group_label_en(&self.group).is_none() {
            let names: Vec<&str> = GROUPS.iter().map(|(ja, _)| *ja).collect();
            error(
                "group",
                format!(
                    "分野 {:?} は {} のいずれかにしてください",
                    self.group,
                    names.join("、")
                ),
                format!("{:?} is not one of {}", self.group, names.join(", ")),
            );
        }
        for (i, keyword) in self.keywords.iter().enumerate() {
            if kernel::text::fold(keyword).is_empty() {
                error(
                    &format!("keywords[{i}]"),
                    "キーワードには文字か数字が必要です".into(),
                    "a keyword needs letters or digits".into(),
                );
            }
        }
        if !self.form.procedure_id.is_empty() {
            error(
                "form.procedure_id",
                "テンプレートの申請書は手続に属しません（procedure_id は書かないでください）"
                    .into(),
                "a template's form belongs to no procedure: leave it out".into(),
            );
        }
        let mut form = self.form.clone();
        form.procedure_id = PLACEHOLDER_PROCEDURE.to_string();
        for problem in form.check() {
            errors.push(DefinitionError::new(
                if problem.path.is_empty() {
                    "form".to_string()
                } else {
                    format!("form.{}", problem.path)
                },
                problem.message_ja,
                problem.message,
            ));
        }
        errors
    }

    /// The template as a file to share (what [`Template::from_json`] reads).
    pub fn to_json_pretty(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// A template made of a city's form (its procedure id and version left out).
    pub fn of_form(
        id: &str,
        group: &str,
        summary: Localized,
        keywords: Vec<String>,
        form: &FormDefinition,
    ) -> Template {
        let mut form = form.clone();
        form.procedure_id = String::new();
        form.version = 0;
        Template {
            id: id.to_string(),
            title: form.title.clone(),
            summary,
            group: group.to_string(),
            keywords,
            form,
        }
    }

    /// The template's form for a procedure, titled `title` when given
    /// (version 0: the store assigns one).
    pub fn form_for(&self, procedure_id: &str, title: Option<&Localized>) -> FormDefinition {
        let mut form = self.form.clone();
        form.procedure_id = procedure_id.to_string();
        form.version = 0;
        if let Some(title) = title {
            form.title = title.clone();
        }
        form
    }

    /// How well the template suits a procedure name already folded: the
    /// folded length of every keyword the name contains, summed (0: not at all).
    fn score(&self, folded_name: &str) -> usize {
        let mut matched: Vec<String> = Vec::new();
        for keyword in &self.keywords {
            let keyword = kernel::text::fold(keyword);
            if !keyword.is_empty() && folded_name.contains(&keyword) && !matched.contains(&keyword)
            {
                matched.push(keyword);
            }
        }
        matched.iter().map(|k| k.chars().count()).sum()
    }
}

/// The library's files, in the order the library lists them.
const LIBRARY_FILES: &[(&str, &str)] = &[
    (
        "jidou-teate-nintei",
        include_str!("../templates/jidou-teate-nintei.json"),
    ),
    (
        "jidou-teate-gakukaitei",
        include_str!("../templates/jidou-teate-gakukaitei.json"),
    ),
    (
        "jidou-teate-henko",
        include_str!("../templates/jidou-teate-henko.json"),
    ),
    (
        "jidou-teate-shometsu",
        include_str!("../templates/jidou-teate-shometsu.json"),
    ),
    (
        "jidou-teate-mishiharai",
        include_str!("../templates/jidou-teate-mishiharai.json"),
    ),
    (
        "jidou-teate-kifu",
        include_str!("../templates/jidou-teate-kifu.json"),
    ),
    (
        "jidou-teate-kyushokuhi",
        include_str!("../templates/jidou-teate-kyushokuhi.json"),
    ),
    (
        "jidou-teate-genkyo",
        include_str!("../templates/jidou-teate-genkyo.json"),
    ),
    (
        "hoiku-nintei",
        include_str!("../templates/hoiku-nintei.json"),
    ),
    (
        "hoiku-moshikomi",
        include_str!("../templates/hoiku-moshikomi.json"),
    ),
    (
        "hoiku-genkyo",
        include_str!("../templates/hoiku-genkyo.json"),
    ),
    ("jidou-fuyou", include_str!("../templates/jidou-fuyou.json")),
    (
        "ninshin-todoke",
        include_str!("../templates/ninshin-todoke.json"),
    ),
    ("hokago-club", include_str!("../templates/hokago-club.json")),
    (
        "shugaku-enjo",
        include_str!("../templates/shugaku-enjo.json"),
    ),
    (
        "youkaigo-nintei",
        include_str!("../templates/youkaigo-nintei.json"),
    ),
    (
        "kaigo-keikaku-irai",
        include_str!("../templates/kaigo-keikaku-irai.json"),
    ),
    (
        "kaigo-saikofu",
        include_str!("../templates/kaigo-saikofu.json"),
    ),
    (
        "kogaku-kaigo",
        include_str!("../templates/kogaku-kaigo.json"),
    ),
    (
        "kaigo-futangendo",
        include_str!("../templates/kaigo-futangendo.json"),
    ),
    ("fukushiyogu", include_str!("../templates/fukushiyogu.json")),
    (
        "jutaku-kaishu",
        include_str!("../templates/jutaku-kaishu.json"),
    ),
    (
        "kaigo-hokenryo-genmen",
        include_str!("../templates/kaigo-hokenryo-genmen.json"),
    ),
    (
        "risai-shomei",
        include_str!("../templates/risai-shomei.json"),
    ),
    (
        "hisaisha-saiken",
        include_str!("../templates/hisaisha-saiken.json"),
    ),
    (
        "saigai-choikin",
        include_str!("../templates/saigai-choikin.json"),
    ),
    (
        "saigai-engoshikin",
        include_str!("../templates/saigai-engoshikin.json"),
    ),
    ("tenshutsu", include_str!("../templates/tenshutsu.json")),
    ("tennyu", include_str!("../templates/tennyu.json")),
    ("tenkyo", include_str!("../templates/tenkyo.json")),
    ("suido", include_str!("../templates/suido.json")),
    ("sodaigomi", include_str!("../templates/sodaigomi.json")),
    ("doro-tsuho", include_str!("../templates/doro-tsuho.json")),
    ("inu-toroku", include_str!("../templates/inu-toroku.json")),
    (
        "toshokan-card",
        include_str!("../templates/toshokan-card.json"),
    ),
    (
        "shiei-jutaku",
        include_str!("../templates/shiei-jutaku.json"),
    ),
    (
        "shisetsu-riyo",
        include_str!("../templates/shisetsu-riyo.json"),
    ),
    (
        "juminhyo-utsushi",
        include_str!("../templates/juminhyo-utsushi.json"),
    ),
    (
        "inkan-shomei",
        include_str!("../templates/inkan-shomei.json"),
    ),
    (
        "koseki-shomei",
        include_str!("../templates/koseki-shomei.json"),
    ),
    ("zei-shomei", include_str!("../templates/zei-shomei.json")),
    (
        "nozei-shomei",
        include_str!("../templates/nozei-shomei.json"),
    ),
    (
        "konin-todoke",
        include_str!("../templates/konin-todoke.json"),
    ),
    (
        "shussei-todoke",
        include_str!("../templates/shussei-todoke.json"),
    ),
    (
        "shibou-todoke",
        include_str!("../templates/shibou-todoke.json"),
    ),
    (
        "shiminzei-shinkoku",
        include_str!("../templates/shiminzei-shinkoku.json"),
    ),
    ("zei-genmen", include_str!("../templates/zei-genmen.json")),
    (
        "shizei-shinkoku-jigyo",
        include_str!("../templates/shizei-shinkoku-jigyo.json"),
    ),
    (
        "nozei-kanrinin",
        include_str!("../templates/nozei-kanrinin.json"),
    ),
    ("kokuho", include_str!("../templates/kokuho.json")),
    (
        "kokumin-nenkin",
        include_str!("../templates/kokumin-nenkin.json"),
    ),
    ("kenshin", include_str!("../templates/kenshin.json")),
    ("yobosesshu", include_str!("../templates/yobosesshu.json")),
    ("keiro-pass", include_str!("../templates/keiro-pass.json")),
    ("teate-henko", include_str!("../templates/teate-henko.json")),
    ("jigyo-kyoka", include_str!("../templates/jigyo-kyoka.json")),
    (
        "jigyo-todoke",
        include_str!("../templates/jigyo-todoke.json"),
    ),
    (
        "kaigo-jigyosha",
        include_str!("../templates/kaigo-jigyosha.json"),
    ),
    ("saikofu", include_str!("../templates/saikofu.json")),
    (
        "hanyo-shinsei",
        include_str!("../templates/hanyo-shinsei.json"),
    ),
];

static LIBRARY: LazyLock<Vec<Template>> = LazyLock::new(|| {
    LIBRARY_FILES
        .iter()
        // The files are checked by this crate's tests; one that does not
        // read is left out rather than taking the library down.
        .filter_map(|(_, text)| Template::from_json(text).ok())
        .collect()
});

/// The templates shipped with madoguchi.
pub fn library() -> &'static [Template] {
    &LIBRARY
}

/// The library's template `id`.
pub fn find(id: &str) -> Option<&'static Template> {
    library().iter().find(|t| t.id == id)
}

/// Templates whose keywords occur in `procedure_name`, best first (the
/// more, and the longer, keywords it contains, the better; the library's
/// order among equals).
pub fn suggest(procedure_name: &str) -> Vec<&'static Template> {
    let name = kernel::text::fold(procedure_name);
    if name.is_empty() {
        return Vec::new();
    }
    let mut scored: Vec<(usize, usize, &'static Template)> = library()
        .iter()
        .enumerate()
        .map(|(i, t)| (t.score(&name), i, t))
        .filter(|(score, _, _)| *score > 0)
        .collect();
    scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    scored.into_iter().map(|(_, _, t)| t).collect()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use std::collections::HashSet;

    use super::*;

    #[test]
    fn every_library_file_reads_and_checks() {
        for (id, text) in LIBRARY_FILES {
            let template = Template::from_json(text).unwrap_or_else(|errors| {
                let list: Vec<String> = errors.iter().map(ToString::to_string).collect();
                panic!("template {id}: {}", list.join("\n"))
            });
            assert_eq!(&template.id, id, "the file's name is its id");
            assert!(
                text.len() < MAX_TEMPLATE_BYTES,
                "{id} is larger than a template may be"
            );
        }
        assert_eq!(library().len(), LIBRARY_FILES.len());
        let ids: HashSet<&str> = library().iter().map(|t| t.id.as_str()).collect();
        assert_eq!(ids.len(), library().len(), "template ids are unique");
    }

    #[test]
    fn every_file_of_the_templates_folder_is_in_the_library() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("templates");
        for entry in std::fs::read_dir(dir).expect("templates folder") {
            let name = entry.expect("entry").file_name();
            let name = name.to_string_lossy();
            if let Some(id) = name.strip_suffix(".json") {
                assert!(
                    LIBRARY_FILES.iter().any(|(listed, _)| *listed == id),
                    "{name} is not listed in LIBRARY_FILES"
                );
            }
        }
    }
}
