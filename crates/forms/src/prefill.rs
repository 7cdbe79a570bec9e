//! A new application filled from the applicant's own account: the name,
//! furigana, birth date, address, phone and e-mail a resident keeps in the
//! profile. Pure: which field takes which value is read from the definition.

use serde_json::{Map, Value};

use crate::definition::{Field, FieldKind, FormDefinition, Prefill};

/// What a resident's profile holds; empty strings are unknown.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Profile {
    /// As the resident wrote it: family and given name split at the first space.
    pub name: String,
    pub name_kana: String,
    pub email: String,
    pub phone: String,
    pub postal_code: String,
    pub address: String,
    /// ISO date.
    pub birth_date: String,
}

/// A full name split at its first space (full- or half-width) into family
/// and given name; a name without a space is all family name.
pub fn split_name(name: &str) -> (String, String) {
    let name = name.trim();
    match name.split_once([' ', '　']) {
        Some((family, given)) => (family.trim().to_string(), given.trim().to_string()),
        None => (name.to_string(), String::new()),
    }
}

/// Which top-level field takes which profile value: a field's declared
/// `prefill`, else the first field of the value's own kind (name, e-mail,
/// phone, postal code). Fields in repeatable groups are never filled: they
/// ask about other people.
pub fn targets(definition: &FormDefinition) -> Vec<(Prefill, &Field)> {
    let top: Vec<&Field> = definition
        .sections
        .iter()
        .flat_map(|section| section.fields.iter())
        .collect();
    let mut out = Vec::new();
    for wanted in [
        Prefill::Name,
        Prefill::Email,
        Prefill::Phone,
        Prefill::PostalCode,
        Prefill::Address,
        Prefill::BirthDate,
    ] {
        let declared = top.iter().find(|f| f.prefill == Some(wanted));
        let by_kind = || {
            top.iter().find(|f| {
                f.prefill.is_none()
                    && match wanted {
                        Prefill::Name => matches!(f.kind, FieldKind::NameWithFurigana),
                        Prefill::Email => matches!(f.kind, FieldKind::Email),
                        Prefill::Phone => matches!(f.kind, FieldKind::Phone),
                        Prefill::PostalCode => matches!(f.kind, FieldKind::PostalCode),
                        Prefill::Address | Prefill::BirthDate => false,
                    }
            })
        };
        if let Some(field) = declared.or_else(by_kind) {
            out.push((wanted, *field));
        }
    }
    out
}

/// The answers a new application starts with for a resident of `profile`.
pub fn answers(definition: &FormDefinition, profile: &Profile) -> Value {
    let mut answers = Map::new();
    let put = |answers: &mut Map<String, Value>, field: &Field, value: &str| {
        let value = value.trim();
        if !value.is_empty() {
            answers.insert(field.id.clone(), Value::String(value.to_string()));
        }
    };
    for (what, field) in targets(definition) {
        match what {
            Prefill::Name => {
                let (family, given) = split_name(&profile.name);
                let (family_kana, given_kana) = split_name(&profile.name_kana);
                let mut name = Map::new();
                for (key, value) in [
                    ("family_name", family),
                    ("given_name", given),
                    ("family_name_kana", family_kana),
                    ("given_name_kana", given_kana),
                ] {
                    if !value.is_empty() {
                        name.insert(key.to_string(), Value::String(value));
                    }
                }
                if !name.is_empty() {
                    answers.insert(field.id.clone(), Value::Object(name));
                }
            }
            Prefill::Email => put(&mut answers, field, &profile.email),
            Prefill::Phone => put(&mut answers, field, &profile.phone),
            Prefill::PostalCode => put(&mut answers, field, &profile.postal_code),
            Prefill::Address => put(&mut answers, field, &profile.address),
            Prefill::BirthDate => put(&mut answers, field, &profile.birth_date),
        }
    }
    Value::Object(answers)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn form(fields: Value) -> FormDefinition {
        FormDefinition::from_json(
            &json!({"procedure_id": "p", "title": {"ja": "t"}, "sections": [{"id": "s", "title": {"ja": "s"}, "fields": fields}]})
                .to_string(),
        )
        .expect("definition")
    }

    fn profile() -> Profile {
        Profile {
            name: "名古屋 太郎".into(),
            name_kana: "ナゴヤ　タロウ".into(),
            email: "taro@example.jp".into(),
            phone: "052-961-1111".into(),
            postal_code: "4608508".into(),
            address: "名古屋市中区三の丸三丁目1番1号".into(),
            birth_date: "1990-04-01".into(),
        }
    }

    #[test]
    fn each_value_goes_to_its_kind_or_its_declared_field() {
        let definition = form(json!([
            {"id": "note", "type": "text", "label": {"ja": "備考"}},
            {"id": "applicant", "type": "name_with_furigana", "label": {"ja": "氏名"}},
            {"id": "other", "type": "name_with_furigana", "label": {"ja": "代理人"}},
            {"id": "born", "type": "date", "label": {"ja": "生年月日"}, "prefill": "birth_date"},
            {"id": "moved", "type": "date", "label": {"ja": "転出日"}},
            {"id": "zip", "type": "postal_code", "label": {"ja": "郵便番号"}},
            {"id": "address", "type": "text", "label": {"ja": "住所"}, "prefill": "address"},
            {"id": "tel", "type": "phone", "label": {"ja": "電話"}},
            {"id": "mail", "type": "email", "label": {"ja": "メール"}},
            {"id": "kids", "type": "group", "label": {"ja": "児童"}, "max": 2, "fields": [
                {"id": "born", "type": "date", "label": {"ja": "生年月日"}}]}
        ]));
        let answers = answers(&definition, &profile());
        assert_eq!(
            answers,
            json!({
                "applicant": {"family_name": "名古屋", "given_name": "太郎", "family_name_kana": "ナゴヤ", "given_name_kana": "タロウ"},
                "born": "1990-04-01",
                "zip": "4608508",
                "address": "名古屋市中区三の丸三丁目1番1号",
                "tel": "052-961-1111",
                "mail": "taro@example.jp"
            })
        );
    }

    #[test]
    fn a_declared_field_wins_over_the_first_of_its_kind_and_unknown_values_stay_empty() {
        let definition = form(json!([
            {"id": "child", "type": "name_with_furigana", "label": {"ja": "子の氏名"}},
            {"id": "parent", "type": "name_with_furigana", "label": {"ja": "保護者"}, "prefill": "name"},
            {"id": "address", "type": "text", "label": {"ja": "住所"}}
        ]));
        let answers = answers(
            &definition,
            &Profile {
                name: "名古屋太郎".into(),
                ..Profile::default()
            },
        );
        assert_eq!(answers, json!({"parent": {"family_name": "名古屋太郎"}}));
    }

    #[test]
    fn a_prefill_key_on_the_wrong_kind_of_field_is_refused() {
        let problems = FormDefinition::from_json(
            &json!({"procedure_id": "p", "title": {"ja": "t"}, "sections": [{"id": "s", "title": {"ja": "s"}, "fields": [
                {"id": "born", "type": "number", "label": {"ja": "年齢"}, "prefill": "birth_date"},
                {"id": "zip", "type": "text", "label": {"ja": "郵便"}, "latin_allowed": true}
            ]}]})
            .to_string(),
        )
        .expect_err("refused");
        let paths: Vec<&str> = problems.iter().map(|p| p.path.as_str()).collect();
        assert_eq!(
            paths,
            [
                "sections[0].fields[0].prefill",
                "sections[0].fields[1].latin_allowed"
            ]
        );
        assert!(
            FormDefinition::from_json(
                &json!({"procedure_id": "p", "title": {"ja": "t"}, "sections": [{"id": "s", "title": {"ja": "s"}, "fields": [
                    {"id": "x", "type": "text", "label": {"ja": "x"}, "prefill": "shoe_size"}]}]})
                .to_string()
            )
            .is_err(),
            "an unknown key is refused"
        );
    }
}
