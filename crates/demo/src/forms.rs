//! Working forms for ten of the demo's real procedures.

/// (procedure id, form definition JSON)
pub const FORMS: [(&str, &str); 10] = [
    (
        "jidou-teate-nintei",
        include_str!("../forms/jidou-teate-nintei.json"),
    ),
    (
        "ninshin-todoke",
        include_str!("../forms/ninshin-todoke.json"),
    ),
    (
        "hoiku-moshikomi",
        include_str!("../forms/hoiku-moshikomi.json"),
    ),
    (
        "youkaigo-nintei",
        include_str!("../forms/youkaigo-nintei.json"),
    ),
    ("risai-shoumei", include_str!("../forms/risai-shoumei.json")),
    (
        "juminhyo-utsushi",
        include_str!("../forms/juminhyo-utsushi.json"),
    ),
    ("sodaigomi", include_str!("../forms/sodaigomi.json")),
    ("doro-sonsho", include_str!("../forms/doro-sonsho.json")),
    ("tenshutsu", include_str!("../forms/tenshutsu.json")),
    ("inu-toroku", include_str!("../forms/inu-toroku.json")),
];

/// The demo's forms, checked.
pub fn definitions() -> Result<Vec<forms::FormDefinition>, String> {
    FORMS
        .iter()
        .map(|(id, text)| {
            forms::FormDefinition::from_json(text).map_err(|errors| {
                let list: Vec<String> = errors.iter().map(ToString::to_string).collect();
                format!("form of {id}: {}", list.join("; "))
            })
        })
        .collect()
}
