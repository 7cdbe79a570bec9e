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
