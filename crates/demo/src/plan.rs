//! The published figures of 名古屋市行政手続オンライン化計画 §9: for each
//! category, the procedures and the annual cases online by the end of each
//! fiscal year (cumulative; "R4まで" is everything up to and including R4).

use catalog::model::Category;

pub struct YearFigure {
    pub fiscal_year: i32,
    pub procedures: usize,
    pub cases: i64,
}

pub struct CategoryPlan {
    pub category: Category,
    pub procedures: usize,
    pub cases: i64,
    pub by_year: [YearFigure; 4],
}

const fn year(fiscal_year: i32, procedures: usize, cases: i64) -> YearFigure {
    YearFigure {
        fiscal_year,
        procedures,
        cases,
    }
}

pub const PLAN: [CategoryPlan; 4] = [
    CategoryPlan {
        category: Category::Childcare,
        procedures: 15,
        cases: 187_852,
        by_year: [
            year(2022, 4, 88_259),
            year(2023, 13, 152_159),
            year(2024, 13, 152_159),
            year(2025, 15, 187_852),
        ],
    },
    CategoryPlan {
        category: Category::NursingCare,
        procedures: 19,
        cases: 321_990,
        by_year: [
            year(2022, 2, 32_616),
            year(2023, 2, 32_616),
            year(2024, 19, 321_990),
            year(2025, 19, 321_990),
        ],
    },
    CategoryPlan {
        category: Category::HighImpact,
        procedures: 118,
        cases: 18_937_514,
        by_year: [
            year(2022, 41, 13_520_412),
            year(2023, 45, 13_874_011),
            year(2024, 112, 17_182_397),
            year(2025, 118, 18_937_514),
        ],
    },
    CategoryPlan {
        category: Category::Other,
        procedures: 3_369,
        cases: 1_060_528,
        by_year: [
            year(2022, 216, 163_139),
            year(2023, 287, 220_484),
            year(2024, 348, 276_618),
            year(2025, 3_369, 1_060_528),
        ],
    },
];

/// 3,521 procedures.
pub fn total_procedures() -> usize {
    PLAN.iter().map(|c| c.procedures).sum()
}

/// 20,507,884 cases: the sum of the plan's rows (the plan's own total line
/// says 20,507,844).
pub fn total_cases() -> i64 {
    PLAN.iter().map(|c| c.cases).sum()
}

/// One bureau's row of the plan's §10 (進捗見込（局別）): the share online by
/// the end of R4 (まで), R5, R6 and R7, in tenths of a percent, by ① 年間総件数
/// and by ② 手続数. A year the plan leaves blank (the bureau did not exist
/// yet in its present form) is `None`.
pub struct BureauPlan {
    pub bureau: &'static str,
    pub cases_permille: [Option<u16>; 4],
    pub procedures_permille: [Option<u16>; 4],
}

const fn bureau(
    bureau: &'static str,
    cases_permille: [Option<u16>; 4],
    procedures_permille: [Option<u16>; 4],
) -> BureauPlan {
    BureauPlan {
        bureau,
        cases_permille,
        procedures_permille,
    }
}

/// The plan's §10, both tables, in the plan's order of bureaus.
pub const BUREAU_PLAN: [BureauPlan; 21] = [
    bureau(
        "kaikei",
        [None, None, Some(0), Some(1000)],
        [None, None, Some(0), Some(1000)],
    ),
    bureau(
        "bosai",
        [None, Some(451), Some(822), Some(1000)],
        [None, Some(600), Some(800), Some(1000)],
    ),
    bureau(
        "shicho",
        [None, None, None, Some(1000)],
        [None, None, None, Some(1000)],
    ),
    bureau(
        "somu",
        [Some(0), Some(0), Some(0), Some(1000)],
        [Some(429), Some(429), Some(429), Some(1000)],
    ),
    bureau(
        "zaisei",
        [Some(892), Some(910), Some(994), Some(1000)],
        [Some(211), Some(231), Some(272), Some(1000)],
    ),
    bureau(
        "shimin",
        [Some(490), Some(493), Some(584), Some(1000)],
        [Some(68), Some(333), Some(373), Some(1000)],
    ),
    bureau(
        "keizai",
        [Some(0), Some(317), Some(337), Some(1000)],
        [Some(0), Some(3), Some(46), Some(1000)],
    ),
    bureau(
        "kanko",
        [Some(998), Some(998), Some(998), Some(1000)],
        [Some(67), Some(67), Some(67), Some(1000)],
    ),
    bureau(
        "kankyo",
        [Some(876), Some(943), Some(943), Some(1000)],
        [Some(58), Some(70), Some(70), Some(1000)],
    ),
    bureau(
        "kenko",
        [Some(77), Some(77), Some(859), Some(1000)],
        [Some(39), Some(42), Some(132), Some(1000)],
    ),
    bureau(
        "kodomo",
        [Some(343), Some(573), Some(705), Some(1000)],
        [Some(38), Some(95), Some(101), Some(1000)],
    ),
    bureau(
        "jutaku",
        [Some(15), Some(15), Some(771), Some(1000)],
        [Some(19), Some(19), Some(37), Some(1000)],
    ),
    bureau(
        "ryokusei",
        [Some(985), Some(985), Some(985), Some(1000)],
        [Some(29), Some(29), Some(29), Some(1000)],
    ),
    bureau(
        "kansa",
        [Some(0), Some(0), Some(0), Some(1000)],
        [Some(0), Some(0), Some(0), Some(1000)],
    ),
    bureau(
        "jinji",
        [Some(938), Some(938), Some(938), Some(1000)],
        [Some(500), Some(500), Some(500), Some(1000)],
    ),
    bureau(
        "kyoiku",
        [Some(852), Some(930), Some(990), Some(1000)],
        [Some(141), Some(192), Some(295), Some(1000)],
    ),
    bureau(
        "nogyo",
        [Some(0), Some(0), Some(0), Some(1000)],
        [Some(0), Some(0), Some(0), Some(1000)],
    ),
    bureau(
        "senkyo",
        [Some(0), Some(0), Some(0), Some(1000)],
        [Some(0), Some(0), Some(0), Some(1000)],
    ),
    bureau(
        "shobo",
        [Some(739), Some(911), Some(935), Some(1000)],
        [Some(497), Some(534), Some(613), Some(1000)],
    ),
    bureau(
        "jogesuido",
        [Some(995), Some(995), Some(995), Some(1000)],
        [Some(191), Some(234), Some(255), Some(1000)],
    ),
    bureau(
        "kotsu",
        [Some(327), Some(327), Some(327), Some(1000)],
        [Some(167), Some(167), Some(167), Some(1000)],
    ),
];
