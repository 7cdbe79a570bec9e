//! A form as HTML that works without JavaScript: labels tied to inputs,
//! help and errors tied by `aria-describedby`, `aria-invalid` on fields in
//! error, fieldsets for compound answers, and input names that `unflatten`
//! reads back (`applicant_name.family_name`, `children[1].birth_date`).

use kernel::i18n::Message;
use kernel::web::Chrome;
use std::fmt::Write;

use kernel::FieldError;
use serde_json::{Map, Value};

use crate::definition::{Field, FieldKind, FormDefinition, accept_attribute};

/// What a page adds to a form besides the answers: the banks and branches a
/// search step found, by the path of the bank account field.
#[derive(Debug, Clone, Default)]
pub struct Extras {
    /// The page answers the search buttons (the apply page does; a page
    /// that does not shows code boxes only, so a button never sends it).
    pub bank_search: bool,
    pub banks: std::collections::BTreeMap<String, BankSearch>,
    /// A second language shown beside every label, help and choice: at a
    /// counter the clerk reads the Japanese and the resident the same
    /// question in their own language (外国人総合案内).
    pub beside: Option<kernel::i18n::Lang>,
}

/// A bank account field's search step: what was typed and what was found.
#[derive(Debug, Clone, Default)]
pub struct BankSearch {
    pub bank_query: String,
    pub branch_query: String,
    /// Banks found: (code, name); empty after a search is "none found".
    pub banks: Option<Vec<(String, String)>>,
    pub branches: Option<Vec<(String, String)>>,
}

/// How an entry of a repeatable group is named ("Child 1", 「お子さん 1」):
/// the group's `item_label` and the number, else its label and the number.
/// The flag says the text is the Japanese original for want of a translation.
pub fn entry_label(field: &Field, n: usize, lang: kernel::i18n::Lang) -> (String, bool) {
    if let FieldKind::Group {
        item_label: Some(item),
        ..
    } = &field.kind
    {
        let shown = item.get(lang);
        return (format!("{} {n}", shown.plain()), shown.fallback);
    }
    let shown = field.label.get(lang);
    let label = Message::new("form-entry")
        .with("label", kernel::i18n::strip_furigana(shown.text))
        .with("n", n)
        .plain(lang);
    (label, shown.fallback)
}

/// A date as the era calendar writes it (令和8年12月5日), for any date the
/// platform reads (ISO or 和暦); None for what is no date.
pub fn wareki_of(text: &str) -> Option<String> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    kernel::wareki::parse_date(text)
        .ok()
        .map(kernel::wareki::wareki_date)
}

/// Escapes text for HTML (shared with the page chrome).
pub use kernel::i18n::escape;

/// `aria-describedby` (help and error lines) and `aria-invalid` attributes.
fn aria(described: &str, invalid: bool) -> String {
    let mut attributes = String::new();
    if !described.is_empty() {
        attributes.push_str(&format!(" aria-describedby=\"{described}\""));
    }
    if invalid {
        attributes.push_str(" aria-invalid=\"true\"");
    }
    attributes
}

/// An HTML id from a field path.
fn id_of(path: &str) -> String {
    format!("f-{}", path.replace(['.', '[', ']'], "-"))
}

struct Renderer<'a> {
    errors: &'a [FieldError],
    chrome: &'a Chrome,
    extras: &'a Extras,
    out: String,
}

fn value_at<'v>(values: &'v Map<String, Value>, key: &str) -> Option<&'v Value> {
    values.get(key)
}

fn as_text(value: Option<&Value>) -> String {
    match value {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        Some(Value::Bool(b)) => b.to_string(),
        _ => String::new(),
    }
}

/// `text` in the second language, marked with it, after the page's own;
/// nothing where it has no translation (the Japanese is already there).
fn beside_html(
    text: &kernel::i18n::Localized,
    page: kernel::i18n::Lang,
    beside: Option<kernel::i18n::Lang>,
) -> String {
    match beside {
        Some(lang) if lang != page => {
            let shown = text.get(lang);
            if shown.fallback || shown.text.trim().is_empty() {
                String::new()
            } else {
                format!(
                    " <span class=\"beside\" lang=\"{}\">{}</span>",
                    lang.code(),
                    escape(&shown.plain())
                )
            }
        }
        _ => String::new(),
    }
}

impl Renderer<'_> {
    /// A label, help or title in the page's language, with the second
    /// language beside it when the page asks for one.
    fn city_text(&self, text: &kernel::i18n::Localized) -> String {
        format!(
            "{}{}",
            self.chrome.city_text(text),
            beside_html(text, self.chrome.lang, self.extras.beside)
        )
    }

    /// A text of the message catalogs, with the second language beside.
    fn catalog_text(&self, id: &'static str) -> String {
        let own = self.chrome.t(id);
        match self.extras.beside {
            Some(lang) if lang != self.chrome.lang => format!(
                "{own} <span class=\"beside\" lang=\"{}\">{}</span>",
                lang.code(),
                escape(&kernel::i18n::Message::new(id).plain(lang))
            ),
            _ => own,
        }
    }

    /// A choice's text: plain (it may sit in an `<option>`), the second
    /// language after a slash.
    fn option_text(&self, text: &kernel::i18n::Localized) -> String {
        let own = text.get(self.chrome.lang).plain();
        match self.extras.beside {
            Some(lang) if lang != self.chrome.lang => {
                let shown = text.get(lang);
                if shown.fallback || shown.text.trim().is_empty() {
                    own
                } else {
                    format!("{own} / {}", shown.plain())
                }
            }
            _ => own,
        }
    }

    fn error_for(&self, path: &str) -> Option<&FieldError> {
        self.errors.iter().find(|e| e.field == path)
    }

    /// The problem as HTML in the page language.
    fn message(&self, e: &FieldError) -> String {
        self.chrome.field_error(e)
    }

    /// Help and error lines, returning the ids for aria-describedby.
    fn notes(&mut self, field: &Field, path: &str) -> String {
        let mut ids = Vec::new();
        if let Some(help) = &field.help {
            let id = format!("{}-help", id_of(path));
            let text = self.city_text(help);
            let _ = write!(self.out, "<p class=\"help\" id=\"{id}\">{text}</p>");
            ids.push(id);
        }
        let nested: Vec<String> = self
            .errors
            .iter()
            .filter(|e| e.field == path || e.field.starts_with(&format!("{path}.")))
            .map(|e| self.message(e))
            .collect();
        if !nested.is_empty() {
            let id = format!("{}-error", id_of(path));
            let _ = write!(
                self.out,
                "<p class=\"field-error\" id=\"{id}\">{}</p>",
                nested.join(" ")
            );
            ids.push(id);
        }
        ids.join(" ")
    }

    fn required_mark(&self, field: &Field) -> String {
        if field.required {
            format!(
                " <span class=\"required\">{}</span>",
                self.chrome.t("form-mark-required")
            )
        } else {
            format!(
                " <span class=\"optional\">{}</span>",
                self.chrome.t("form-mark-optional")
            )
        }
    }

    fn input(
        &mut self,
        kind: &str,
        name: &str,
        value: &str,
        described: &str,
        invalid: bool,
        extra: &str,
    ) {
        let _ = write!(
            self.out,
            "<input type=\"{kind}\" id=\"{}\" name=\"{}\" value=\"{}\"{}{extra}>",
            id_of(name),
            escape(name),
            escape(value),
            aria(described, invalid),
        );
    }

    /// A file chooser; a file already attached is named and kept (by a
    /// hidden field) unless another is chosen.
    fn file(
        &mut self,
        path: &str,
        value: Option<&Value>,
        accept: &[String],
        described: &str,
        invalid: bool,
    ) {
        let _ = write!(
            self.out,
            "<input type=\"file\" id=\"{}\" name=\"{}\" accept=\"{}\"{}>",
            id_of(path),
            escape(path),
            escape(&accept_attribute(accept)),
            aria(described, invalid),
        );
        let Some(kept) = value else { return };
        let Some(id) = kept.get("attachment_id").and_then(Value::as_str) else {
            return;
        };
        let name = kept.get("file_name").and_then(Value::as_str).unwrap_or("");
        let size = kept.get("size").and_then(Value::as_u64).unwrap_or(0);
        let _ = write!(
            self.out,
            "<p class=\"attached\">{} {}（{} KB）{}</p><input type=\"hidden\" name=\"{}.attachment_id\" value=\"{}\">",
            self.chrome.t("form-attached"),
            escape(name),
            size.div_ceil(1024),
            self.chrome.t("form-attached-replace"),
            escape(path),
            escape(id),
        );
    }

    /// The browser's date picker, and the date in the era calendar beside
    /// it (kept up to date by `forms.js`). A value the picker cannot hold
    /// (和暦 typed where there is no picker, refused) comes back as text so
    /// the resident sees what was typed.
    fn date(&mut self, path: &str, text: &str, described: &str, invalid: bool) {
        let iso = kernel::wareki::parse_date(text).ok().map(|d| d.to_string());
        let shown_id = format!("{}-wareki", id_of(path));
        let described = if described.is_empty() {
            shown_id.clone()
        } else {
            format!("{described} {shown_id}")
        };
        match (&iso, text.trim().is_empty()) {
            (Some(iso), _) => self.input(
                "date",
                path,
                iso,
                &described,
                invalid,
                &format!(" data-wareki=\"{shown_id}\""),
            ),
            (None, true) => self.input(
                "date",
                path,
                "",
                &described,
                invalid,
                &format!(" data-wareki=\"{shown_id}\""),
            ),
            (None, false) => self.input(
                "text",
                path,
                text,
                &described,
                invalid,
                " placeholder=\"例: 令和5年4月1日\"",
            ),
        }
        let _ = write!(
            self.out,
            "<span class=\"wareki\" id=\"{shown_id}\" lang=\"ja\" aria-live=\"polite\">{}</span>",
            escape(&wareki_of(text).unwrap_or_default())
        );
    }

    /// A text input or, after a search step, a choice of what was found.
    fn code_part(
        &mut self,
        name: &str,
        label_key: &'static str,
        value: &str,
        found: Option<&Vec<(String, String)>>,
    ) {
        let invalid = self.error_for(name).is_some();
        let _ = write!(
            self.out,
            "<div class=\"field\"><label for=\"{}\">{}</label>",
            id_of(name),
            self.chrome.t(label_key)
        );
        match found {
            Some(found) if !found.is_empty() => {
                let _ = write!(
                    self.out,
                    "<select id=\"{}\" name=\"{}\"{}>",
                    id_of(name),
                    escape(name),
                    aria("", invalid)
                );
                for (code, shown) in found {
                    let _ = write!(
                        self.out,
                        "<option value=\"{}\"{}>{}（{}）</option>",
                        escape(code),
                        if code == value { " selected" } else { "" },
                        escape(shown),
                        escape(code)
                    );
                }
                self.out.push_str("</select>");
            }
            _ => self.input(
                "text",
                name,
                value,
                "",
                invalid,
                " autocomplete=\"off\" inputmode=\"numeric\"",
            ),
        }
        self.out.push_str("</div>");
    }

    /// 口座: the bank and the branch found by name (a search step without
    /// JavaScript, suggestions with `forms.js`) or entered by code, the
    /// account type chosen from the list, the number and the holder.
    fn bank_account(&mut self, path: &str, object: Option<&Map<String, Value>>) {
        let search = self.extras.banks.get(path).cloned().unwrap_or_default();
        let part = |key: &str| as_text(object.and_then(|o| o.get(key)));
        let bank_code = format!("{path}.bank_code");
        let branch_code = format!("{path}.branch_code");
        if !self.extras.bank_search {
            for (code_name, key) in [
                (&bank_code, "form-part-bank-code"),
                (&branch_code, "form-part-branch-code"),
            ] {
                let value = part(code_name.rsplit('.').next().unwrap_or_default());
                self.code_part(code_name, key, &value, None);
            }
        }
        let searches = if self.extras.bank_search {
            vec![
                (
                    format!("__bank_q.{path}"),
                    &search.bank_query,
                    "form-bank-name",
                    "__bank_search",
                    "form-bank-search",
                    &bank_code,
                    &search.banks,
                ),
                (
                    format!("__branch_q.{path}"),
                    &search.branch_query,
                    "form-branch-name",
                    "__branch_search",
                    "form-branch-search",
                    &branch_code,
                    &search.branches,
                ),
            ]
        } else {
            Vec::new()
        };
        for (query_name, query, label_key, button, button_key, code_name, found) in searches {
            let data = if button == "__bank_search" {
                format!(" data-bank-for=\"{}\"", id_of(code_name))
            } else {
                format!(
                    " data-branch-for=\"{}\" data-bank-code=\"{}\"",
                    id_of(code_name),
                    id_of(&bank_code)
                )
            };
            let _ = write!(
                self.out,
                "<div class=\"field bank-search\"><label for=\"{}\">{}</label><input type=\"text\" id=\"{}\" name=\"{}\" value=\"{}\" maxlength=\"40\" autocomplete=\"off\"{data}> <button type=\"submit\" class=\"button-secondary\" name=\"{button}\" value=\"{}\">{}</button>",
                id_of(&query_name),
                self.chrome.t(label_key),
                id_of(&query_name),
                escape(&query_name),
                escape(query),
                escape(path),
                self.chrome.t(button_key),
            );
            if found.as_ref().is_some_and(Vec::is_empty) {
                let _ = write!(
                    self.out,
                    "<p class=\"help\" role=\"status\">{}</p>",
                    self.chrome.t("form-bank-none-found")
                );
            }
            self.out.push_str("</div>");
            let key = if button == "__bank_search" {
                "form-part-bank-code"
            } else {
                "form-part-branch-code"
            };
            let value = part(code_name.rsplit('.').next().unwrap_or_default());
            self.code_part(code_name, key, &value, found.as_ref());
        }
        let type_name = format!("{path}.account_type");
        let chosen = part("account_type");
        let _ = write!(
            self.out,
            "<div class=\"field\"><label for=\"{}\">{}</label><select id=\"{}\" name=\"{}\"{}><option value=\"\">{}</option>",
            id_of(&type_name),
            self.chrome.t("form-part-account-type"),
            id_of(&type_name),
            escape(&type_name),
            aria("", self.error_for(&type_name).is_some()),
            self.chrome.attr("form-select-prompt"),
        );
        for (value, key) in [
            ("普通", "form-account-type-ordinary"),
            ("当座", "form-account-type-current"),
            ("貯蓄", "form-account-type-savings"),
        ] {
            let _ = write!(
                self.out,
                "<option value=\"{value}\"{}>{}</option>",
                if crate::validate::account_type(&chosen) == Some(value) {
                    " selected"
                } else {
                    ""
                },
                self.chrome.t(key)
            );
        }
        self.out.push_str("</select></div>");
        for (key, label_key) in [
            ("account_number", "form-part-account-number"),
            ("account_holder", "form-part-account-holder"),
        ] {
            let name = format!("{path}.{key}");
            let invalid = self.error_for(&name).is_some();
            let _ = write!(
                self.out,
                "<div class=\"field\"><label for=\"{}\">{}</label>",
                id_of(&name),
                self.chrome.t(label_key)
            );
            let extra = if key == "account_number" {
                " autocomplete=\"off\" inputmode=\"numeric\""
            } else {
                " autocomplete=\"off\""
            };
            self.input("text", &name, &part(key), "", invalid, extra);
            self.out.push_str("</div>");
        }
    }

    fn fields(
        &mut self,
        fields: &[Field],
        values: &Map<String, Value>,
        prefix: &str,
        group_counts: &Map<String, Value>,
    ) {
        for field in fields {
            let path = format!("{prefix}{}", field.id);
            self.field(field, value_at(values, &field.id), &path, group_counts);
        }
    }

    fn field(
        &mut self,
        field: &Field,
        value: Option<&Value>,
        path: &str,
        group_counts: &Map<String, Value>,
    ) {
        let label = self.city_text(&field.label);
        let mark = self.required_mark(field);
        let invalid = self.errors.iter().any(|e| {
            e.field == path
                || e.field.starts_with(&format!("{path}."))
                || e.field.starts_with(&format!("{path}["))
        });
        let condition = field
            .visible_when
            .as_ref()
            .map(|c| format!(" data-visible-when=\"{}\"", escape(&c.field)))
            .unwrap_or_default();
        match &field.kind {
            FieldKind::Radio { options } | FieldKind::Checkbox { options }
                if !options.is_empty() =>
            {
                let kind = if matches!(field.kind, FieldKind::Radio { .. }) {
                    "radio"
                } else {
                    "checkbox"
                };
                let _ = write!(
                    self.out,
                    "<fieldset class=\"field\"{condition}><legend>{label}{mark}</legend>"
                );
                let described = self.notes(field, path);
                let chosen: Vec<String> = match value {
                    Some(Value::Array(items)) => items.iter().map(|v| as_text(Some(v))).collect(),
                    other => vec![as_text(other)],
                };
                for (i, option) in options.iter().enumerate() {
                    let id = format!("{}-{i}", id_of(path));
                    let _ = write!(
                        self.out,
                        "<div class=\"check\"><input type=\"{kind}\" id=\"{id}\" name=\"{}\" value=\"{}\"{}{}><label for=\"{id}\">{}</label></div>",
                        escape(path),
                        escape(&option.value),
                        if chosen.contains(&option.value) {
                            " checked"
                        } else {
                            ""
                        },
                        aria(&described, false),
                        escape(&self.option_text(&option.label)),
                    );
                }
                self.out.push_str("</fieldset>");
            }
            FieldKind::Checkbox { .. } => {
                let _ = write!(self.out, "<div class=\"field check\"{condition}>");
                let checked = matches!(value, Some(Value::Bool(true))) || as_text(value) == "on";
                let _ = write!(
                    self.out,
                    "<input type=\"checkbox\" id=\"{}\" name=\"{}\" value=\"on\"{}{}><label for=\"{}\">{label}{mark}</label>",
                    id_of(path),
                    escape(path),
                    if checked { " checked" } else { "" },
                    aria("", invalid),
                    id_of(path)
                );
                self.notes(field, path);
                self.out.push_str("</div>");
            }
            FieldKind::BankAccount => {
                let _ = write!(
                    self.out,
                    "<fieldset class=\"field bank-account\"{condition}><legend>{label}{mark}</legend>"
                );
                self.notes(field, path);
                self.bank_account(path, value.and_then(Value::as_object));
                self.out.push_str("</fieldset>");
            }
            FieldKind::NameWithFurigana => {
                let parts: &[(&str, &'static str, &str)] = &[
                    ("family_name", "form-part-family-name", "family-name"),
                    ("given_name", "form-part-given-name", "given-name"),
                    ("family_name_kana", "form-part-family-name-kana", "off"),
                    ("given_name_kana", "form-part-given-name-kana", "off"),
                ];
                let _ = write!(
                    self.out,
                    "<fieldset class=\"field\"{condition}><legend>{label}{mark}</legend>"
                );
                self.notes(field, path);
                if field.latin_allowed {
                    let _ = write!(
                        self.out,
                        "<p class=\"help\">{}</p>",
                        self.chrome.t("form-latin-allowed")
                    );
                }
                let object = value.and_then(Value::as_object);
                for (key, part_label, autocomplete) in parts {
                    let name = format!("{path}.{key}");
                    let part_invalid = self.error_for(&name).is_some();
                    let part = self.catalog_text(part_label);
                    let _ = write!(
                        self.out,
                        "<div class=\"field\"><label for=\"{}\">{part}</label>",
                        id_of(&name),
                    );
                    let part_value = as_text(object.and_then(|o| o.get(*key)));
                    self.input(
                        "text",
                        &name,
                        &part_value,
                        "",
                        part_invalid,
                        &format!(" autocomplete=\"{autocomplete}\""),
                    );
                    self.out.push_str("</div>");
                }
                self.out.push_str("</fieldset>");
            }
            FieldKind::Group {
                fields, min, max, ..
            } => {
                let items: Vec<Map<String, Value>> = value
                    .and_then(Value::as_array)
                    .map(|a| a.iter().filter_map(|v| v.as_object().cloned()).collect())
                    .unwrap_or_default();
                let wanted = group_counts
                    .get(path)
                    .and_then(Value::as_u64)
                    .map(|n| n as usize)
                    .unwrap_or(0);
                let count = items.len().max(wanted).max((*min).max(1)).min(*max);
                let _ = write!(
                    self.out,
                    "<fieldset class=\"field group\"{condition}><legend>{label}{mark}</legend>"
                );
                self.notes(field, path);
                let _ = write!(
                    self.out,
                    "<input type=\"hidden\" name=\"__count.{}\" value=\"{count}\">",
                    escape(path)
                );
                for i in 0..count {
                    let item = items.get(i).cloned().unwrap_or_default();
                    let (entry, in_japanese) = entry_label(field, i + 1, self.chrome.lang);
                    let _ = write!(
                        self.out,
                        "<fieldset class=\"item\"><legend{}>{}</legend>",
                        if in_japanese {
                            " lang=\"ja\" class=\"ja-fallback\""
                        } else {
                            ""
                        },
                        escape(&entry)
                    );
                    self.fields(fields, &item, &format!("{path}[{i}]."), group_counts);
                    self.out.push_str("</fieldset>");
                }
                if count < *max {
                    let _ = write!(
                        self.out,
                        "<button type=\"submit\" class=\"button-secondary\" name=\"__add\" value=\"{}\">{}</button>",
                        escape(path),
                        self.chrome
                            .message(&Message::new("form-add-item").with("label", &field.label))
                    );
                }
                self.out.push_str("</fieldset>");
            }
            _ => {
                let _ = write!(
                    self.out,
                    "<div class=\"field\"{condition}><label for=\"{}\">{label}{mark}</label>",
                    id_of(path)
                );
                let described = self.notes(field, path);
                let text = as_text(value);
                match &field.kind {
                    FieldKind::LongText { max_length } => {
                        let _ = write!(
                            self.out,
                            "<textarea id=\"{}\" name=\"{}\" rows=\"5\" maxlength=\"{}\"{}>{}</textarea>",
                            id_of(path),
                            escape(path),
                            max_length.unwrap_or(4000),
                            aria(&described, invalid),
                            escape(&text)
                        );
                    }
                    FieldKind::Select { options } => {
                        let _ = write!(
                            self.out,
                            "<select id=\"{}\" name=\"{}\"{}><option value=\"\">{}</option>",
                            id_of(path),
                            escape(path),
                            aria(&described, invalid),
                            self.chrome.attr("form-select-prompt")
                        );
                        for option in options {
                            let _ = write!(
                                self.out,
                                "<option value=\"{}\"{}>{}</option>",
                                escape(&option.value),
                                if option.value == text {
                                    " selected"
                                } else {
                                    ""
                                },
                                escape(&self.option_text(&option.label))
                            );
                        }
                        self.out.push_str("</select>");
                    }
                    kind => {
                        let (input_type, extra) = match kind {
                            FieldKind::Email => {
                                ("email", " autocomplete=\"email\" inputmode=\"email\"")
                            }
                            FieldKind::Phone => ("tel", " autocomplete=\"tel\" inputmode=\"tel\""),
                            FieldKind::PostalCode => (
                                "text",
                                " autocomplete=\"postal-code\" inputmode=\"numeric\"",
                            ),
                            FieldKind::Number { .. } => ("text", " inputmode=\"numeric\""),
                            FieldKind::Date { .. } => {
                                self.date(path, &text, &described, invalid);
                                self.out.push_str("</div>");
                                return;
                            }
                            FieldKind::File { accept, .. } => {
                                self.file(path, value, accept, &described, invalid);
                                self.out.push_str("</div>");
                                return;
                            }
                            _ => ("text", ""),
                        };
                        self.input(input_type, path, &text, &described, invalid, extra);
                    }
                }
                self.out.push_str("</div>");
            }
        }
    }
}

/// The fields of `definition`, filled with `values`, errors shown where they
/// belong. `group_counts` carries how many items each group shows.
pub fn render(
    definition: &FormDefinition,
    values: &Value,
    errors: &[FieldError],
    group_counts: &Map<String, Value>,
    chrome: &Chrome,
) -> String {
    render_with(
        definition,
        values,
        errors,
        group_counts,
        chrome,
        &Extras::default(),
    )
}

/// [`render`] with what a search step found.
pub fn render_with(
    definition: &FormDefinition,
    values: &Value,
    errors: &[FieldError],
    group_counts: &Map<String, Value>,
    chrome: &Chrome,
    extras: &Extras,
) -> String {
    let empty = Map::new();
    let values = values.as_object().unwrap_or(&empty);
    let mut renderer = Renderer {
        errors,
        chrome,
        extras,
        out: String::new(),
    };
    for section in &definition.sections {
        let title = renderer.city_text(&section.title);
        let _ = write!(
            renderer.out,
            "<section class=\"form-section\"><h2>{title}</h2>"
        );
        if let Some(help) = &section.help {
            let text = renderer.city_text(help);
            let _ = write!(renderer.out, "<p class=\"help\">{text}</p>");
        }
        renderer.fields(&section.fields, values, "", group_counts);
        renderer.out.push_str("</section>");
    }
    renderer.out
}

/// The HTML id a field's error summary links to.
pub fn anchor(path: &str) -> String {
    id_of(path)
}

/// Longest posted field name read; a longer one belongs to no field.
pub const MAX_NAME_BYTES: usize = 256;

/// Where a posted value goes in the answers.
enum Step<'d> {
    Key(&'d str),
    Index(usize),
}

/// What the next part of a posted name may be.
enum Scope<'d> {
    /// A field of the form or of a group's item.
    Fields(Vec<&'d Field>),
    /// A part of a composite field (`name.family_name`).
    Parts(&'static [&'static str]),
    /// Nothing: the name has reached its value.
    End,
}

/// Reads a posted name against the definition, left to right and without
/// recursion: each key must name a field (or a part of a composite field),
/// each index a repetition of a group within its `max`. Unknown names, and
/// paths deeper or wider than the form, are None — so a hostile post can
/// neither recurse nor make the server build what the form does not have.
fn resolve<'d>(name: &str, definition: &'d FormDefinition) -> Option<(Vec<Step<'d>>, &'d Field)> {
    if name.len() > MAX_NAME_BYTES {
        return None;
    }
    let mut steps = Vec::new();
    let mut last = None;
    let mut scope = Scope::Fields(
        definition
            .sections
            .iter()
            .flat_map(|section| section.fields.iter())
            .collect(),
    );
    for part in name.split('.') {
        let (key, index) = match part.split_once('[') {
            None => (part, None),
            Some((key, rest)) => {
                let digits = rest.strip_suffix(']')?;
                if digits.is_empty()
                    || digits.len() > 3
                    || !digits.bytes().all(|b| b.is_ascii_digit())
                {
                    return None;
                }
                (key, Some(digits.parse::<usize>().ok()?))
            }
        };
        scope = match scope {
            Scope::End => return None,
            Scope::Parts(parts) => {
                let part = parts
                    .iter()
                    .find(|p| **p == key)
                    .filter(|_| index.is_none())?;
                steps.push(Step::Key(part));
                Scope::End
            }
            Scope::Fields(fields) => {
                let field = fields.into_iter().find(|f| f.id == key)?;
                steps.push(Step::Key(&field.id));
                last = Some(field);
                match (&field.kind, index) {
                    (FieldKind::Group { fields, max, .. }, Some(i)) if i < *max => {
                        steps.push(Step::Index(i));
                        Scope::Fields(fields.iter().collect())
                    }
                    (FieldKind::Group { .. }, _) | (_, Some(_)) => return None,
                    (kind, None) if !kind.parts().is_empty() => Scope::Parts(kind.parts()),
                    (_, None) => Scope::End,
                }
            }
        };
    }
    match scope {
        Scope::End => Some((steps, last?)),
        _ => None,
    }
}

/// The file field a file input named `name` belongs to (`kids[1].doc`), or
/// None when the form has no file field of that name.
pub fn file_field<'d>(name: &str, definition: &'d FormDefinition) -> Option<&'d Field> {
    resolve(&format!("{name}.attachment_id"), definition)
        .map(|(_, field)| field)
        .filter(|field| matches!(field.kind, FieldKind::File { .. }))
}

/// Puts `value` at `path` in `answers`, iteratively. A name sent twice
/// (checkboxes) becomes a list.
fn insert(answers: &mut Value, path: &[Step], value: String) {
    let Some((Step::Key(last), within)) = path.split_last() else {
        return;
    };
    let mut target = answers;
    for step in within {
        target = match step {
            Step::Key(key) => {
                if !target.is_object() {
                    *target = Value::Object(Map::new());
                }
                let Value::Object(object) = target else {
                    return;
                };
                object.entry(key.to_string()).or_insert(Value::Null)
            }
            Step::Index(index) => {
                if !target.is_array() {
                    *target = Value::Array(Vec::new());
                }
                let Value::Array(items) = target else {
                    return;
                };
                while items.len() <= *index {
                    items.push(Value::Object(Map::new()));
                }
                let Some(item) = items.get_mut(*index) else {
                    return;
                };
                item
            }
        };
    }
    if !target.is_object() {
        *target = Value::Object(Map::new());
    }
    let Value::Object(object) = target else {
        return;
    };
    match object.get_mut(*last) {
        Some(Value::Array(items)) => items.push(Value::String(value)),
        Some(existing) => {
            let previous = existing.take();
            *existing = Value::Array(vec![previous, Value::String(value)]);
        }
        None => {
            object.insert(last.to_string(), Value::String(value));
        }
    }
}

/// Reads posted `name=value` pairs back into answers, keeping only names
/// the form defines. Names starting with `__` are the page's own (counts,
/// buttons); empty values are left out.
pub fn unflatten(pairs: &[(String, String)], definition: &FormDefinition) -> Value {
    let mut answers = Value::Object(Map::new());
    for (name, value) in pairs {
        if name.starts_with("__") || value.is_empty() {
            continue;
        }
        if let Some((path, _)) = resolve(name, definition) {
            insert(&mut answers, &path, value.clone());
        }
    }
    // Checkbox lists with one box ticked arrive as a single value.
    for (path, field) in definition.all_fields() {
        if let FieldKind::Checkbox { options } = &field.kind
            && !options.is_empty()
            && !path.contains('[')
            && let Some(value) = answers.get_mut(&field.id)
            && value.is_string()
        {
            let single = value.take();
            *value = Value::Array(vec![single]);
        }
    }
    answers
}

#[cfg(test)]
mod tests {
    use super::*;
    use kernel::i18n::Lang;
    use serde_json::json;

    fn definition() -> FormDefinition {
        FormDefinition::from_json(
            &json!({"procedure_id": "p", "title": {"ja": "t"}, "sections": [{"id": "s", "title": {"ja": "申請"}, "fields": [
                {"id": "name", "type": "name_with_furigana", "label": {"ja": "氏名"}, "required": true},
                {"id": "tags", "type": "checkbox", "label": {"ja": "種類"}, "options": [{"value": "a", "label": {"ja": "A"}}, {"value": "b", "label": {"ja": "B"}}]},
                {"id": "kids", "type": "group", "label": {"ja": "児童"}, "min": 1, "max": 3, "fields": [
                    {"id": "born", "type": "date", "label": {"ja": "生年月日"}, "required": true}]}
            ]}]})
            .to_string(),
        )
        .expect("definition")
    }

    #[test]
    fn posted_names_become_answers() {
        let pairs: Vec<(String, String)> = [
            ("name.family_name", "名古屋"),
            ("name.given_name", "太郎"),
            ("tags", "b"),
            ("kids[0].born", "R2.5.5"),
            ("kids[1].born", "R4.1.1"),
            ("__count.kids", "2"),
            ("bad[x].y", "ignored"),
        ]
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        let answers = unflatten(&pairs, &definition());
        assert_eq!(answers["name"]["family_name"], "名古屋");
        assert_eq!(answers["tags"], json!(["b"]));
        assert_eq!(answers["kids"][1]["born"], "R4.1.1");
        assert!(answers.get("bad").is_none());
    }

    #[test]
    fn a_name_thousands_of_parts_deep_is_dropped_without_recursing() {
        // 10,000 dot-separated parts used to overflow the stack.
        let deep = vec!["name"; 10_000].join(".");
        let bracketed = format!("kids{}", "[0]".repeat(10_000));
        let pairs = vec![
            (deep, "x".to_string()),
            (bracketed, "x".to_string()),
            ("name.family_name.x".to_string(), "x".to_string()),
        ];
        assert_eq!(unflatten(&pairs, &definition()), json!({}));
    }

    #[test]
    fn sparse_and_unknown_indices_build_nothing_the_form_lacks() {
        // `kN[99]=x` for many N used to build 100 objects per name.
        let mut pairs: Vec<(String, String)> = (0..300_000)
            .map(|n| (format!("k{n}[99]"), "x".to_string()))
            .collect();
        // Beyond the group's max of 3, and an index on a plain field.
        pairs.push(("kids[3].born".into(), "R2.5.5".into()));
        pairs.push(("kids[99999999999999999999].born".into(), "R2.5.5".into()));
        pairs.push(("tags[0]".into(), "a".into()));
        pairs.push(("kids[2].born".into(), "R2.5.5".into()));
        let answers = unflatten(&pairs, &definition());
        assert_eq!(answers.as_object().map(Map::len), Some(1));
        assert_eq!(answers["kids"].as_array().map(Vec::len), Some(3));
        assert_eq!(answers["kids"][2]["born"], "R2.5.5");
    }

    #[test]
    fn errors_are_tied_to_their_fields_and_text_is_escaped() {
        let errors = vec![FieldError::new(
            "name.family_name",
            "姓を入力してください。",
            "Enter the family name.",
        )];
        let html = render(
            &definition(),
            &json!({"name": {"given_name": "<b>太郎</b>"}}),
            &errors,
            &Map::new(),
            &Chrome::for_lang(Lang::Ja),
        );
        assert!(html.contains("id=\"f-name-family_name\""));
        assert!(html.contains("aria-invalid=\"true\""));
        assert!(html.contains("姓を入力してください。"));
        assert!(html.contains("&lt;b&gt;太郎&lt;/b&gt;"));
        assert!(!html.contains("<b>太郎"));
        assert!(html.contains("<label for=\"f-kids-0--born\">"), "{html}");
        assert!(html.contains("児童を追加する"));
    }

    #[test]
    fn labels_show_in_the_page_language_or_as_marked_japanese() {
        let definition = FormDefinition::from_json(
            &json!({"procedure_id": "p", "title": {"ja": "申請", "ko": "신청"}, "sections": [{"id": "s", "title": {"ja": "申請者", "ko": "신청자"}, "fields": [
                {"id": "phone", "type": "phone", "label": {"ja": "電話番号", "en": "Phone", "ko": "전화번호"}, "required": true},
                {"id": "note", "type": "long_text", "label": {"ja": "備考", "en": "Notes"}}
            ]}]})
            .to_string(),
        )
        .expect("definition");
        let korean = render(
            &definition,
            &json!({}),
            &[],
            &Map::new(),
            &Chrome::for_lang(Lang::Ko),
        );
        assert!(
            korean.contains(">전화번호 <span class=\"required\">"),
            "{korean}"
        );
        assert!(
            korean.contains("<span lang=\"ja\" class=\"ja-fallback\">備考</span>"),
            "an untranslated label is the Japanese, marked: {korean}"
        );
        assert!(!definition.translated_into(Lang::Ko));
        assert!(definition.translated_into(Lang::Ja));
        let english = render(
            &definition,
            &json!({}),
            &[],
            &Map::new(),
            &Chrome::for_lang(Lang::En),
        );
        assert!(
            english.contains(">Notes <span class=\"optional\">optional</span>"),
            "{english}"
        );
    }

    #[test]
    fn a_translation_under_an_unknown_language_is_refused() {
        let problems = FormDefinition::from_json(
            &json!({"procedure_id": "p", "title": {"ja": "申請", "fr": "Demande"}, "sections": [{"id": "s", "title": {"ja": "申請者"}, "fields": [
                {"id": "phone", "type": "phone", "label": {"ja": "電話番号", "zh": "电话"}}
            ]}]})
            .to_string(),
        )
        .expect_err("unknown languages");
        let paths: Vec<&str> = problems.iter().map(|p| p.path.as_str()).collect();
        assert!(paths.contains(&"title.fr"), "{paths:?}");
        assert!(
            paths.contains(&"sections[0].fields[0].label.zh"),
            "translations use the platform's tags (zh-Hans): {paths:?}"
        );
    }

    #[test]
    fn group_entries_are_named_from_the_group_in_the_page_language() {
        let definition = FormDefinition::from_json(
            &json!({"procedure_id": "p", "title": {"ja": "t"}, "sections": [{"id": "s", "title": {"ja": "s"}, "fields": [
                {"id": "children", "type": "group", "label": {"ja": "児童", "en": "Children"}, "max": 3,
                 "item_label": {"ja": "お子さん", "en": "Child"},
                 "fields": [{"id": "n", "type": "text", "label": {"ja": "氏名", "en": "Name"}}]},
                {"id": "items", "type": "group", "label": {"ja": "品目", "en": "Items"}, "max": 3,
                 "fields": [{"id": "n", "type": "text", "label": {"ja": "品名", "en": "Item"}}]}
            ]}]})
            .to_string(),
        )
        .expect("definition");
        let children = &definition.sections[0].fields[0];
        let items = &definition.sections[0].fields[1];
        assert_eq!(entry_label(children, 1, Lang::En).0, "Child 1");
        assert_eq!(entry_label(children, 2, Lang::Ja).0, "お子さん 2");
        assert_eq!(entry_label(items, 1, Lang::En).0, "Items: entry 1");
        assert_eq!(entry_label(items, 1, Lang::Ja).0, "品目 1");
        let rows = crate::display::rows(
            &definition,
            &json!({"children": [{"n": "一郎"}], "items": [{"n": "ソファー"}]}),
            Lang::En,
        );
        let labels: Vec<&str> = rows.iter().map(|r| r.label.as_str()).collect();
        assert_eq!(labels, ["Child 1 — Name", "Items: entry 1 — Item"]);
        let english = render(
            &definition,
            &json!({}),
            &[],
            &Map::new(),
            &Chrome::for_lang(Lang::En),
        );
        assert!(english.contains("<legend>Child 1</legend>"), "{english}");
        assert!(!english.contains("children 1"));
    }

    #[test]
    fn dates_use_the_date_picker_with_the_era_calendar_beside_it() {
        assert_eq!(wareki_of("2026-12-05").as_deref(), Some("令和8年12月5日"));
        assert_eq!(wareki_of("R8.12.5").as_deref(), Some("令和8年12月5日"));
        assert_eq!(wareki_of("2019-05-01").as_deref(), Some("令和元年5月1日"));
        assert_eq!(wareki_of("someday"), None);
        let html = render(
            &definition(),
            &json!({"kids": [{"born": "令和2年5月5日"}, {"born": "いつか"}]}),
            &[],
            &Map::new(),
            &Chrome::for_lang(Lang::Ja),
        );
        assert!(
            html.contains(
                "type=\"date\" id=\"f-kids-0--born\" name=\"kids[0].born\" value=\"2020-05-05\""
            ),
            "{html}"
        );
        assert!(html.contains(">令和2年5月5日</span>"), "{html}");
        assert!(
            html.contains(
                "type=\"text\" id=\"f-kids-1--born\" name=\"kids[1].born\" value=\"いつか\""
            ),
            "what the picker cannot hold comes back as typed: {html}"
        );
    }

    #[test]
    fn the_account_type_is_a_choice_and_files_offer_every_accepted_type() {
        let definition = FormDefinition::from_json(
            &json!({"procedure_id": "p", "title": {"ja": "t"}, "sections": [{"id": "s", "title": {"ja": "s"}, "fields": [
                {"id": "account", "type": "bank_account", "label": {"ja": "口座"}},
                {"id": "doc", "type": "file", "label": {"ja": "書類"}, "accept": ["application/pdf", "image/jpeg", "image/heic"], "max_bytes": 1000}
            ]}]})
            .to_string(),
        )
        .expect("definition");
        let html = render(
            &definition,
            &json!({"account": {"account_type": "ふつう"}}),
            &[],
            &Map::new(),
            &Chrome::for_lang(Lang::Ja),
        );
        assert!(
            html.contains("<select id=\"f-account-account_type\" name=\"account.account_type\""),
            "{html}"
        );
        assert!(
            html.contains("<option value=\"普通\" selected>普通</option>"),
            "{html}"
        );
        assert!(html.contains("<option value=\"貯蓄\">貯蓄</option>"));
        assert!(
            !html.contains("__bank_search"),
            "a page that does not answer the search shows no button"
        );
        assert!(
            html.contains("accept=\".pdf,application/pdf,.jpg,.jpeg,image/jpeg,.heic,.heif,image/heic,image/heif\""),
            "{html}"
        );
        let mut extras = Extras {
            bank_search: true,
            ..Extras::default()
        };
        extras.banks.insert(
            "account".into(),
            BankSearch {
                bank_query: "名古屋".into(),
                banks: Some(vec![("0543".into(), "名古屋".into())]),
                ..BankSearch::default()
            },
        );
        let found = render_with(
            &definition,
            &json!({}),
            &[],
            &Map::new(),
            &Chrome::for_lang(Lang::Ja),
            &extras,
        );
        assert!(
            found.contains("name=\"__bank_q.account\" value=\"名古屋\""),
            "{found}"
        );
        assert!(
            found.contains("<select id=\"f-account-bank_code\" name=\"account.bank_code\"><option value=\"0543\">名古屋（0543）</option></select>"),
            "{found}"
        );
    }
}
