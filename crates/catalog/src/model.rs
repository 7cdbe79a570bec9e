//! What the catalog holds: the organisation and the procedures, with the
//! codes the city's registry and the Digital Agency inventory use.

use serde::{Deserialize, Serialize};
use time::Date;

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Bureau {
    pub id: String,
    pub name: String,
    pub kana: String,
    pub name_en: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Section {
    pub id: String,
    pub bureau_id: String,
    pub name: String,
    pub kana: String,
    pub name_en: String,
    /// Where residents call with questions (052-…), empty when unknown.
    #[serde(default)]
    pub phone: String,
    /// Where residents write with questions, empty when unknown.
    #[serde(default)]
    pub email: String,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum OfficeKind {
    Ward,
    Branch,
}

impl OfficeKind {
    pub fn code(self) -> &'static str {
        match self {
            OfficeKind::Ward => "ward",
            OfficeKind::Branch => "branch",
        }
    }
}

/// A ward office (区役所) or a branch (支所).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Office {
    pub id: String,
    pub kind: OfficeKind,
    pub name: String,
    pub kana: String,
    pub name_en: String,
    pub ward_id: Option<String>,
    pub address: String,
    /// 受付時間 as residents read it (平日 8:45–17:15), empty when unknown.
    #[serde(default)]
    pub hours: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Counter {
    pub id: String,
    pub office_id: Option<String>,
    pub section_id: Option<String>,
    pub name: String,
    pub name_en: String,
}

/// The plan's four groups of procedures (the plan §7).
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    Childcare,
    NursingCare,
    HighImpact,
    Other,
}

impl Category {
    pub const ALL: [Category; 4] = [
        Category::Childcare,
        Category::NursingCare,
        Category::HighImpact,
        Category::Other,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Category::Childcare => "childcare",
            Category::NursingCare => "nursing_care",
            Category::HighImpact => "high_impact",
            Category::Other => "other",
        }
    }

    /// The category named by its code ("nursing_care"), nothing else.
    pub fn from_code(code: &str) -> Option<Category> {
        Category::ALL.into_iter().find(|c| c.code() == code)
    }

    /// Its name in the message catalogs (kernel/locales).
    pub fn message_id(self) -> &'static str {
        match self {
            Category::Childcare => "category-childcare",
            Category::NursingCare => "category-nursing-care",
            Category::HighImpact => "category-high-impact",
            Category::Other => "category-other",
        }
    }

    pub fn label_ja(self) -> &'static str {
        match self {
            Category::Childcare => "子育て",
            Category::NursingCare => "介護",
            Category::HighImpact => "効果が高い",
            Category::Other => "その他",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            Category::Childcare => "Childcare",
            Category::NursingCare => "Nursing care",
            Category::HighImpact => "High impact",
            Category::Other => "Other",
        }
    }

    /// Reads the code, the Japanese label, or the plan's longer wording.
    pub fn parse(input: &str) -> Option<Category> {
        let folded = kernel::text::fold(input);
        match folded.as_str() {
            "childcare" | "子育て" | "子育て関係" | "子育て関係手続" => {
                Some(Category::Childcare)
            }
            "nursingcare" | "介護" | "介護関係" | "介護関係手続" => {
                Some(Category::NursingCare)
            }
            "highimpact"
            | "効果が高い"
            | "効果が高い手続"
            | "効果が高いと考えられる手続"
            | "おんらいん化の効果が高いと考えられる手続" => {
                Some(Category::HighImpact)
            }
            "other" | "その他" | "その他の手続" => Some(Category::Other),
            _ => None,
        }
    }
}

/// Where a procedure stands on the way online (SPEC C1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OnlineStatus {
    /// Available online; the fiscal year it became so, when known.
    Online {
        fiscal_year: Option<i32>,
        or_earlier: bool,
        since: Option<Date>,
    },
    /// To be put online in the fiscal year the plan sets (`Procedure::planned_fy`).
    Planned,
    /// Not online and no year set yet.
    NotOnline,
    /// Cannot be done online, for the stated reason (left out of the indicators).
    Impossible { reason: String },
}

impl OnlineStatus {
    pub fn code(&self) -> &'static str {
        match self {
            OnlineStatus::Online { .. } => "online",
            OnlineStatus::Planned => "planned",
            OnlineStatus::NotOnline => "not_online",
            OnlineStatus::Impossible { .. } => "impossible",
        }
    }

    pub fn label_ja(&self) -> &'static str {
        match self {
            OnlineStatus::Online { .. } => "オンライン申請できます",
            OnlineStatus::Planned => "オンライン化予定",
            OnlineStatus::NotOnline => "窓口・郵送で受付",
            OnlineStatus::Impossible { .. } => "オンライン化できない手続",
        }
    }

    pub fn label_en(&self) -> &'static str {
        match self {
            OnlineStatus::Online { .. } => "Available online",
            OnlineStatus::Planned => "Online soon",
            OnlineStatus::NotOnline => "At the counter or by post",
            OnlineStatus::Impossible { .. } => "Cannot be done online",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Procedure {
    pub id: String,
    pub name: String,
    /// Reading in hiragana, for search and furigana.
    pub kana: String,
    pub name_en: String,
    pub bureau_id: String,
    pub section_id: Option<String>,
    pub category: Category,
    /// 法令 / 条例 / 規則 / 要綱 …
    pub legal_kind: String,
    pub legal_basis: String,
    /// Cases a year; `None` when unknown (件数不明).
    pub annual_count: Option<i64>,
    pub online: OnlineStatus,
    /// The fiscal year the online-ization plan set, kept after the procedure
    /// went online so plan and actual can be compared.
    pub planned_fy: Option<i32>,
    pub fee_yen: Option<i64>,
    pub fee_note: String,
    /// 標準処理期間: days from receipt to decision the city commits to.
    pub standard_days: Option<i64>,
    /// 保存期間: years its case records are kept after the fiscal year a
    /// case ended in; `None` takes the city's default, `Some(0)` keeps them
    /// for good (永年・常用). See `applications::retention`.
    pub retention_years: Option<i64>,
    pub documents: Vec<String>,
    pub life_events: Vec<String>,
    pub tags: Vec<String>,
    /// Office ids, or `ward_offices` / `branches` for all of them, or `section`.
    pub counters: Vec<String>,
    pub guest_allowed: bool,
    /// How the procedure is done, as the owning section declares it.
    pub apply: ApplyWay,
    /// 対象者: who can apply, as residents read it.
    pub eligibility: String,
    /// 期限: by when, as residents read it (「転入した日から14日以内」).
    pub deadline: String,
}

impl Procedure {
    /// A procedure with only its id, name and bureau: category その他, not
    /// online, counts unknown, everything else empty.
    pub fn named(
        id: impl Into<String>,
        name: impl Into<String>,
        bureau_id: impl Into<String>,
    ) -> Procedure {
        Procedure {
            id: id.into(),
            name: name.into(),
            kana: String::new(),
            name_en: String::new(),
            bureau_id: bureau_id.into(),
            section_id: None,
            category: Category::Other,
            legal_kind: String::new(),
            legal_basis: String::new(),
            annual_count: None,
            online: OnlineStatus::NotOnline,
            planned_fy: None,
            fee_yen: None,
            fee_note: String::new(),
            standard_days: None,
            retention_years: None,
            documents: Vec::new(),
            life_events: Vec::new(),
            tags: Vec::new(),
            counters: Vec::new(),
            guest_allowed: false,
            apply: ApplyWay::default(),
            eligibility: String::new(),
            deadline: String::new(),
        }
    }
}

/// The way of applying a section declares for its procedure
/// (registry column `apply_method`).
#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize, PartialEq, Eq, Hash)]
#[serde(rename_all = "snake_case")]
pub enum ApplyMethod {
    /// Not stated: a published madoguchi form makes it a form procedure.
    #[default]
    Unset,
    /// On a madoguchi form.
    Form,
    /// On another service: マイナポータル, e-Tax, eLTAX, a prefectural system …
    External,
    /// By post.
    Post,
    /// Only at a counter.
    Counter,
}

impl ApplyMethod {
    pub const ALL: [ApplyMethod; 5] = [
        ApplyMethod::Unset,
        ApplyMethod::Form,
        ApplyMethod::External,
        ApplyMethod::Post,
        ApplyMethod::Counter,
    ];

    /// The code stored in the database (`''` when unset).
    pub fn code(self) -> &'static str {
        match self {
            ApplyMethod::Unset => "",
            ApplyMethod::Form => "form",
            ApplyMethod::External => "external",
            ApplyMethod::Post => "post",
            ApplyMethod::Counter => "counter",
        }
    }

    /// The word the registry's Japanese layout writes.
    pub fn label_ja(self) -> &'static str {
        match self {
            ApplyMethod::Unset => "",
            ApplyMethod::Form => "電子申請",
            ApplyMethod::External => "外部サービス",
            ApplyMethod::Post => "郵送",
            ApplyMethod::Counter => "窓口",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            ApplyMethod::Unset => "not stated",
            ApplyMethod::Form => "madoguchi form",
            ApplyMethod::External => "another service",
            ApplyMethod::Post => "by post",
            ApplyMethod::Counter => "at a counter",
        }
    }

    /// Reads the code, the Japanese word or a common variant; None for
    /// anything else.
    pub fn parse(input: &str) -> Option<ApplyMethod> {
        let folded = kernel::text::fold(input);
        match folded.as_str() {
            "" | "未設定" | "unset" | "-" => Some(ApplyMethod::Unset),
            "form" | "電子申請" | "ふぉーむ" | "madoguchi" | "おんらいん" => {
                Some(ApplyMethod::Form)
            }
            "external" | "外部" | "外部さーびす" | "外部しすてむ" | "他しすてむ" => {
                Some(ApplyMethod::External)
            }
            "post" | "郵送" => Some(ApplyMethod::Post),
            "counter" | "窓口" | "来庁" => Some(ApplyMethod::Counter),
            _ => None,
        }
    }
}

/// A procedure's declared way of applying: the method, and for another
/// service its address and name.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct ApplyWay {
    pub method: ApplyMethod,
    /// https address of the other service (external only).
    pub url: String,
    /// Its name as residents know it (あいち電子申請・届出システム).
    pub service: String,
}

/// What residents read about a procedure, as its section edits it on the
/// staff page: who can apply, by when, the fee, what to bring, how long it
/// takes, and the way of applying.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct Guidance {
    pub eligibility: String,
    pub deadline: String,
    pub fee_yen: Option<i64>,
    pub fee_note: String,
    pub documents: Vec<String>,
    pub standard_days: Option<i64>,
    pub apply: ApplyWay,
}

impl Guidance {
    pub fn of(p: &Procedure) -> Self {
        Guidance {
            eligibility: p.eligibility.clone(),
            deadline: p.deadline.clone(),
            fee_yen: p.fee_yen,
            fee_note: p.fee_note.clone(),
            documents: p.documents.clone(),
            standard_days: p.standard_days,
            apply: p.apply.clone(),
        }
    }

    /// `p` with this guidance, everything else kept.
    pub fn applied_to(&self, p: &Procedure) -> Procedure {
        Procedure {
            eligibility: self.eligibility.clone(),
            deadline: self.deadline.clone(),
            fee_yen: self.fee_yen,
            fee_note: self.fee_note.clone(),
            documents: self.documents.clone(),
            standard_days: self.standard_days,
            apply: self.apply.clone(),
            ..p.clone()
        }
    }
}

/// Counter tokens that stand for many offices at once.
pub const ALL_WARD_OFFICES: &str = "ward_offices";
pub const ALL_BRANCHES: &str = "branches";
pub const OWNING_SECTION: &str = "section";

/// The life events residents browse by (SPEC C1, C9).
pub const LIFE_EVENTS: [&str; 20] = [
    "妊娠・出産",
    "子育て",
    "入学",
    "就職・退職",
    "結婚・離婚",
    "引越し",
    "介護",
    "死亡・相続",
    "障害",
    "災害",
    "住まい",
    "税金",
    "ごみ・環境",
    "事業・営業",
    "健康・医療",
    "福祉",
    "選挙",
    "教育",
    "交通",
    "その他",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn categories_read_the_way_registries_write_them() {
        assert_eq!(Category::parse("子育て関係"), Some(Category::Childcare));
        assert_eq!(Category::parse("介護"), Some(Category::NursingCare));
        assert_eq!(
            Category::parse("オンライン化の効果が高いと考えられる手続"),
            Some(Category::HighImpact)
        );
        assert_eq!(Category::parse("high_impact"), Some(Category::HighImpact));
        assert_eq!(Category::parse("その他"), Some(Category::Other));
        assert_eq!(Category::parse("福祉"), None);
    }
}
