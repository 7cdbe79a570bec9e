//! The registry as the search index holds it in memory: each procedure's
//! text in one buffer with the ends of its fields, its numbers beside it.
//!
//! At the national inventory's 75,071 procedures a `Vec<Procedure>` held
//! some 50 MB (a 520-byte struct and up to a dozen separate strings each);
//! packed, about a third of that. Search and the figures read a [`Row`], which
//! borrows; a whole [`Procedure`] is made only for the one a page shows.

use time::Date;

use crate::model::{ApplyMethod, ApplyWay, Category, OnlineStatus, Procedure};

/// The text fields of a packed procedure, in the order they are written.
#[derive(Clone, Copy)]
enum Field {
    Id,
    Name,
    Kana,
    NameEn,
    Bureau,
    Section,
    LegalKind,
    LegalBasis,
    FeeNote,
    Eligibility,
    Deadline,
    Reason,
    ApplyUrl,
    ApplyService,
    Documents,
    LifeEvents,
    Tags,
    Counters,
}

const FIELDS: usize = 18;

/// Starts each item of a list field: `[]` is written as nothing, `[""]` as
/// one separator. A separator inside an item is written as a space.
const ITEM: char = '\u{1F}';

/// Stands for `None` in an optional count (no count is ever `i64::MIN`).
const NONE: i64 = i64::MIN;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Status {
    Online,
    Planned,
    NotOnline,
    Impossible,
}

struct Packed {
    text: Box<str>,
    ends: [u32; FIELDS],
    annual_count: i64,
    fee_yen: i64,
    standard_days: i64,
    retention_years: i64,
    planned_fy: Option<i32>,
    online_fy: Option<i32>,
    online_since: Option<Date>,
    online: Status,
    or_earlier: bool,
    category: Category,
    apply: ApplyMethod,
    guest_allowed: bool,
    has_section: bool,
}

fn count(value: Option<i64>) -> i64 {
    value.map_or(NONE, |v| v.max(NONE + 1))
}

fn uncount(value: i64) -> Option<i64> {
    (value != NONE).then_some(value)
}

impl Packed {
    fn new(p: Procedure) -> Packed {
        let list = |items: &[String]| {
            let mut out = String::new();
            for item in items {
                out.push(ITEM);
                out.extend(item.chars().map(|c| if c == ITEM { ' ' } else { c }));
            }
            out
        };
        let (online, or_earlier, online_fy, online_since, reason) = match p.online {
            OnlineStatus::Online {
                fiscal_year,
                or_earlier,
                since,
            } => (
                Status::Online,
                or_earlier,
                fiscal_year,
                since,
                String::new(),
            ),
            OnlineStatus::Planned => (Status::Planned, false, None, None, String::new()),
            OnlineStatus::NotOnline => (Status::NotOnline, false, None, None, String::new()),
            OnlineStatus::Impossible { reason } => (Status::Impossible, false, None, None, reason),
        };
        let parts: [&str; FIELDS] = [
            &p.id,
            &p.name,
            &p.kana,
            &p.name_en,
            &p.bureau_id,
            p.section_id.as_deref().unwrap_or_default(),
            &p.legal_kind,
            &p.legal_basis,
            &p.fee_note,
            &p.eligibility,
            &p.deadline,
            &reason,
            &p.apply.url,
            &p.apply.service,
            &list(&p.documents),
            &list(&p.life_events),
            &list(&p.tags),
            &list(&p.counters),
        ];
        let mut text = String::with_capacity(parts.iter().map(|s| s.len()).sum());
        let mut ends = [0u32; FIELDS];
        for (end, part) in ends.iter_mut().zip(parts) {
            text.push_str(part);
            // Registry rows are bounded far below 4 GB; saturate rather than wrap.
            *end = u32::try_from(text.len()).unwrap_or(u32::MAX);
        }
        Packed {
            text: text.into_boxed_str(),
            ends,
            annual_count: count(p.annual_count),
            fee_yen: count(p.fee_yen),
            standard_days: count(p.standard_days),
            retention_years: count(p.retention_years),
            planned_fy: p.planned_fy,
            online_fy,
            online_since,
            online,
            or_earlier,
            category: p.category,
            apply: p.apply.method,
            guest_allowed: p.guest_allowed,
            has_section: p.section_id.is_some(),
        }
    }
}

/// The procedures of the registry, in the order they were given.
#[derive(Default)]
pub struct Registry {
    items: Vec<Packed>,
}

impl Registry {
    pub fn new(procedures: Vec<Procedure>) -> Registry {
        let mut items = Vec::with_capacity(procedures.len());
        // Each procedure's strings are freed as it is packed.
        items.extend(procedures.into_iter().map(Packed::new));
        Registry { items }
    }

    pub fn reserve(&mut self, n: usize) {
        self.items.reserve(n);
    }

    pub fn push(&mut self, procedure: Procedure) {
        self.items.push(Packed::new(procedure));
    }

    pub fn shrink_to_fit(&mut self) {
        self.items.shrink_to_fit();
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Procedure number `n`, borrowed.
    pub fn row(&self, n: usize) -> Option<Row<'_>> {
        self.items.get(n).map(|packed| Row { packed })
    }

    /// Every procedure, borrowed, in order.
    pub fn rows(&self) -> impl ExactSizeIterator<Item = Row<'_>> + '_ {
        self.items.iter().map(|packed| Row { packed })
    }

    /// Procedure number `n`, whole.
    pub fn get(&self, n: usize) -> Option<Procedure> {
        self.row(n).map(|r| r.procedure())
    }

    /// Every procedure, whole, made one at a time.
    pub fn procedures(&self) -> impl ExactSizeIterator<Item = Procedure> + '_ {
        self.rows().map(|r| r.procedure())
    }

    /// Bytes held, roughly.
    pub fn footprint(&self) -> usize {
        self.items.capacity() * std::mem::size_of::<Packed>()
            + self.items.iter().map(|p| p.text.len()).sum::<usize>()
    }
}

impl From<Vec<Procedure>> for Registry {
    fn from(procedures: Vec<Procedure>) -> Self {
        Registry::new(procedures)
    }
}

/// One procedure of a [`Registry`], borrowed.
#[derive(Clone, Copy)]
pub struct Row<'a> {
    packed: &'a Packed,
}

impl<'a> Row<'a> {
    fn field(self, field: Field) -> &'a str {
        let i = field as usize;
        let start = match i.checked_sub(1) {
            Some(previous) => self.packed.ends.get(previous).copied().unwrap_or(0),
            None => 0,
        };
        let end = self.packed.ends.get(i).copied().unwrap_or(0);
        self.packed
            .text
            .get(start as usize..end as usize)
            .unwrap_or_default()
    }

    fn list(self, field: Field) -> impl Iterator<Item = &'a str> + 'a {
        let text = self.field(field);
        text.strip_prefix(ITEM)
            .map(|rest| rest.split(ITEM))
            .into_iter()
            .flatten()
    }

    pub fn id(self) -> &'a str {
        self.field(Field::Id)
    }

    pub fn name(self) -> &'a str {
        self.field(Field::Name)
    }

    pub fn kana(self) -> &'a str {
        self.field(Field::Kana)
    }

    pub fn name_en(self) -> &'a str {
        self.field(Field::NameEn)
    }

    pub fn bureau_id(self) -> &'a str {
        self.field(Field::Bureau)
    }

    pub fn section_id(self) -> Option<&'a str> {
        self.packed.has_section.then(|| self.field(Field::Section))
    }

    pub fn legal_basis(self) -> &'a str {
        self.field(Field::LegalBasis)
    }

    pub fn category(self) -> Category {
        self.packed.category
    }

    pub fn annual_count(self) -> Option<i64> {
        uncount(self.packed.annual_count)
    }

    pub fn planned_fy(self) -> Option<i32> {
        self.packed.planned_fy
    }

    pub fn documents(self) -> impl Iterator<Item = &'a str> + 'a {
        self.list(Field::Documents)
    }

    pub fn life_events(self) -> impl Iterator<Item = &'a str> + 'a {
        self.list(Field::LifeEvents)
    }

    pub fn tags(self) -> impl Iterator<Item = &'a str> + 'a {
        self.list(Field::Tags)
    }

    /// Whether the registry calls it online (whatever the way to apply).
    pub fn registered_online(self) -> bool {
        self.packed.online == Status::Online
    }

    /// Whether it cannot be done online (out of the indicators).
    pub fn impossible(self) -> bool {
        self.packed.online == Status::Impossible
    }

    /// The fiscal year the registry says it went online.
    pub fn online_fy(self) -> Option<i32> {
        self.packed.online_fy
    }

    /// The day the registry says it went online.
    pub fn online_since(self) -> Option<Date> {
        self.packed.online_since
    }

    pub fn online(self) -> OnlineStatus {
        match self.packed.online {
            Status::Online => OnlineStatus::Online {
                fiscal_year: self.packed.online_fy,
                or_earlier: self.packed.or_earlier,
                since: self.packed.online_since,
            },
            Status::Planned => OnlineStatus::Planned,
            Status::NotOnline => OnlineStatus::NotOnline,
            Status::Impossible => OnlineStatus::Impossible {
                reason: self.field(Field::Reason).to_string(),
            },
        }
    }

    pub fn apply(self) -> ApplyWay {
        ApplyWay {
            method: self.packed.apply,
            url: self.field(Field::ApplyUrl).to_string(),
            service: self.field(Field::ApplyService).to_string(),
        }
    }

    /// The procedure, whole.
    pub fn procedure(self) -> Procedure {
        let owned = |items: &mut dyn Iterator<Item = &'a str>| items.map(str::to_string).collect();
        Procedure {
            id: self.id().to_string(),
            name: self.name().to_string(),
            kana: self.kana().to_string(),
            name_en: self.name_en().to_string(),
            bureau_id: self.bureau_id().to_string(),
            section_id: self.section_id().map(str::to_string),
            category: self.packed.category,
            legal_kind: self.field(Field::LegalKind).to_string(),
            legal_basis: self.legal_basis().to_string(),
            annual_count: self.annual_count(),
            online: self.online(),
            planned_fy: self.packed.planned_fy,
            fee_yen: uncount(self.packed.fee_yen),
            fee_note: self.field(Field::FeeNote).to_string(),
            standard_days: uncount(self.packed.standard_days),
            retention_years: uncount(self.packed.retention_years),
            documents: owned(&mut self.documents()),
            life_events: owned(&mut self.life_events()),
            tags: owned(&mut self.tags()),
            counters: owned(&mut self.list(Field::Counters)),
            guest_allowed: self.packed.guest_allowed,
            apply: self.apply(),
            eligibility: self.field(Field::Eligibility).to_string(),
            deadline: self.field(Field::Deadline).to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn full() -> Procedure {
        let mut p = Procedure::named("kokuho-kanyu", "国民健康保険の加入", "kenko");
        p.kana = "こくみんけんこうほけんのかにゅう".into();
        p.name_en = "Joining National Health Insurance".into();
        p.section_id = Some("hoken".into());
        p.category = Category::HighImpact;
        p.legal_kind = "法令".into();
        p.legal_basis = "国民健康保険法第9条".into();
        p.annual_count = Some(12_345);
        p.online = OnlineStatus::Online {
            fiscal_year: Some(2024),
            or_earlier: true,
            since: Some(Date::from_calendar_date(2024, time::Month::April, 1).expect("date")),
        };
        p.planned_fy = Some(2023);
        p.fee_yen = Some(0);
        p.fee_note = "無料".into();
        p.standard_days = Some(14);
        p.retention_years = Some(0);
        p.documents = vec![
            "マイナンバーカード".into(),
            String::new(),
            "資格確認書".into(),
        ];
        p.life_events = vec!["転入".into()];
        p.tags = vec!["国保".into(), "保険".into()];
        p.counters = vec!["ward_offices".into()];
        p.guest_allowed = true;
        p.apply = ApplyWay {
            method: ApplyMethod::External,
            url: "https://example.jp/apply".into(),
            service: "あいち電子申請".into(),
        };
        p.eligibility = "市内に住む方".into();
        p.deadline = "14日以内".into();
        p
    }

    #[test]
    fn a_procedure_comes_back_whole_from_the_registry() {
        let impossible = {
            let mut p = Procedure::named("x", "名", "b");
            p.online = OnlineStatus::Impossible {
                reason: "対面での確認が要る".into(),
            };
            p.section_id = Some(String::new());
            p.tags = vec![String::new()];
            p.annual_count = Some(i64::MIN + 1);
            p
        };
        let given = vec![
            full(),
            Procedure::named("empty", "", ""),
            impossible,
            Procedure::named("planned", "計画", "b"),
        ];
        let registry = Registry::new(given.clone());
        assert_eq!(registry.len(), 4);
        let back: Vec<Procedure> = registry.procedures().collect();
        assert_eq!(back, given);
        assert_eq!(registry.get(2), given.get(2).cloned());
        assert_eq!(registry.get(4), None);
    }

    #[test]
    fn a_row_reads_fields_without_making_the_procedure() {
        let registry = Registry::new(vec![full()]);
        let row = registry.row(0).expect("row");
        assert_eq!(row.id(), "kokuho-kanyu");
        assert_eq!(row.bureau_id(), "kenko");
        assert_eq!(row.section_id(), Some("hoken"));
        assert_eq!(row.tags().collect::<Vec<_>>(), ["国保", "保険"]);
        assert_eq!(row.documents().count(), 3);
        assert_eq!(row.annual_count(), Some(12_345));
        assert!(row.registered_online());
        assert_eq!(
            Registry::new(vec![Procedure::named("a", "b", "c")])
                .row(0)
                .map(|r| (r.section_id(), r.annual_count(), r.tags().count())),
            Some((None, None, 0))
        );
    }

    #[test]
    fn the_item_separator_inside_an_item_is_read_as_a_space() {
        let mut p = Procedure::named("a", "b", "c");
        p.tags = vec!["x\u{1F}y".into()];
        let registry = Registry::new(vec![p]);
        assert_eq!(
            registry.row(0).map(|r| r.tags().collect::<Vec<_>>()),
            Some(vec!["x y"])
        );
    }
}
