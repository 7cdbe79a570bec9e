//! API tokens as the DX office issues them: the sections and bureaus a
//! token covers, named by id or by name.

use catalog::store::Organisation;

/// The section and bureau ids for `sections` and `bureaus` given by id or
/// by name (a name shared by several sections must be given by id); the
/// problem, in Japanese and English, when one is unknown.
pub fn resolve_reach(
    org: &Organisation,
    sections: &[String],
    bureaus: &[String],
) -> Result<(Vec<String>, Vec<String>), String> {
    let mut section_ids = Vec::new();
    for wanted in sections.iter().map(|s| s.trim()).filter(|s| !s.is_empty()) {
        let matching: Vec<&str> = org
            .sections
            .iter()
            .filter(|s| s.id == wanted || s.name == wanted)
            .map(|s| s.id.as_str())
            .collect();
        match matching.as_slice() {
            [id] => section_ids.push(id.to_string()),
            [] => {
                return Err(format!(
                    "課「{wanted}」はありません / no section {wanted:?}"
                ));
            }
            _ => {
                return Err(format!(
                    "課「{wanted}」は複数あります。ID で指定してください / several sections are named {wanted:?}: give the id ({})",
                    matching.join(", ")
                ));
            }
        }
    }
    let mut bureau_ids = Vec::new();
    for wanted in bureaus.iter().map(|s| s.trim()).filter(|s| !s.is_empty()) {
        match org
            .bureaus
            .iter()
            .find(|b| b.id == wanted || b.name == wanted)
        {
            Some(bureau) => bureau_ids.push(bureau.id.clone()),
            None => return Err(format!("局「{wanted}」はありません / no bureau {wanted:?}")),
        }
    }
    section_ids.sort();
    section_ids.dedup();
    bureau_ids.sort();
    bureau_ids.dedup();
    Ok((section_ids, bureau_ids))
}
