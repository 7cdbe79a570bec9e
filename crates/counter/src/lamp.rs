//! The congestion lamp residents of Nagoya know (混雑ランプ): blue while
//! the wait is short, yellow, then red. Plain functions without I/O.

use serde::{Deserialize, Serialize};

/// Where the colours change, in minutes of estimated wait.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Thresholds {
    /// Blue up to and including this many minutes.
    pub yellow_after_minutes: u32,
    /// Yellow up to and including this many; red beyond.
    pub red_after_minutes: u32,
}

impl Default for Thresholds {
    /// Nagoya's: blue up to 15 minutes, yellow 15–30, red over 30.
    fn default() -> Self {
        Thresholds {
            yellow_after_minutes: 15,
            red_after_minutes: 30,
        }
    }
}

impl Thresholds {
    /// Thresholds as configured; a red below the yellow is refused.
    pub fn new(yellow_after_minutes: u32, red_after_minutes: u32) -> Result<Self, String> {
        if yellow_after_minutes == 0 || red_after_minutes <= yellow_after_minutes {
            return Err(format!(
                "the lamp turns yellow after {yellow_after_minutes} and red after {red_after_minutes} minutes: \
                 both above zero and red after yellow"
            ));
        }
        Ok(Thresholds {
            yellow_after_minutes,
            red_after_minutes,
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Lamp {
    Blue,
    Yellow,
    Red,
}

impl Lamp {
    /// The lamp for an estimated wait of `wait_seconds`.
    pub fn for_wait(wait_seconds: u64, thresholds: Thresholds) -> Lamp {
        let minutes = wait_seconds.div_ceil(60);
        if minutes > u64::from(thresholds.red_after_minutes) {
            Lamp::Red
        } else if minutes > u64::from(thresholds.yellow_after_minutes) {
            Lamp::Yellow
        } else {
            Lamp::Blue
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Lamp::Blue => "blue",
            Lamp::Yellow => "yellow",
            Lamp::Red => "red",
        }
    }

    /// What the lamp says, in words (never the colour alone).
    pub fn words(self, english: bool) -> &'static str {
        match (self, english) {
            (Lamp::Blue, false) => "青：空いています",
            (Lamp::Yellow, false) => "黄：やや混んでいます",
            (Lamp::Red, false) => "赤：混んでいます",
            (Lamp::Blue, true) => "Blue: short wait",
            (Lamp::Yellow, true) => "Yellow: some wait",
            (Lamp::Red, true) => "Red: long wait",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nagoya_colours_change_after_15_and_30_minutes() {
        let t = Thresholds::default();
        assert_eq!(Lamp::for_wait(0, t), Lamp::Blue);
        assert_eq!(Lamp::for_wait(15 * 60, t), Lamp::Blue);
        assert_eq!(Lamp::for_wait(15 * 60 + 1, t), Lamp::Yellow);
        assert_eq!(Lamp::for_wait(30 * 60, t), Lamp::Yellow);
        assert_eq!(Lamp::for_wait(30 * 60 + 1, t), Lamp::Red);
        assert_eq!(Lamp::for_wait(3 * 3600, t), Lamp::Red);
    }

    #[test]
    fn a_city_sets_its_own_thresholds() {
        let t = Thresholds::new(10, 20).expect("valid");
        assert_eq!(Lamp::for_wait(11 * 60, t), Lamp::Yellow);
        assert_eq!(Lamp::for_wait(21 * 60, t), Lamp::Red);
        assert!(Thresholds::new(30, 15).is_err());
        assert!(Thresholds::new(0, 15).is_err());
    }
}
