//! When a failed delivery is tried again, and when it is given up.

use rand::Rng;

#[derive(Debug, Clone, Copy)]
pub struct Retry {
    /// The wait after the first failure, in milliseconds; doubled each time.
    pub first_ms: i64,
    /// The longest wait between two attempts.
    pub max_ms: i64,
    /// Failing this long after its first try, a delivery is dead-lettered.
    pub give_up_after_ms: i64,
}

impl Default for Retry {
    /// 10 s, 20 s, 40 s … capped at an hour, for 24 hours: a receiver down
    /// overnight still gets every event in the morning.
    fn default() -> Self {
        Retry {
            first_ms: 10_000,
            max_ms: 3_600_000,
            give_up_after_ms: 24 * 3_600_000,
        }
    }
}

impl Retry {
    /// The wait before attempt `attempts + 1`, after `attempts` failures:
    /// exponential, capped, with ±20 % jitter so that deliveries failed
    /// together do not all come back at the same instant.
    pub fn delay_ms(&self, attempts: i64, rng: &mut impl Rng) -> i64 {
        let exponent = attempts.saturating_sub(1).clamp(0, 40) as u32;
        let base = self
            .first_ms
            .max(1)
            .saturating_mul(1_i64.checked_shl(exponent).unwrap_or(i64::MAX))
            .min(self.max_ms.max(1));
        let spread = base / 5;
        if spread == 0 {
            return base;
        }
        base + rng.random_range(-spread..=spread)
    }

    /// Whether a delivery first tried at `retry_from_ms` that just failed at
    /// `now_ms` is given up.
    pub fn gives_up(&self, retry_from_ms: i64, now_ms: i64) -> bool {
        now_ms.saturating_sub(retry_from_ms) >= self.give_up_after_ms
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_double_then_stay_at_the_cap_with_jitter() {
        let retry = Retry::default();
        let mut rng = rand::rng();
        for (attempts, base) in [
            (1, 10_000),
            (2, 20_000),
            (3, 40_000),
            (9, 2_560_000),
            (10, 3_600_000),
            (60, 3_600_000),
        ] {
            for _ in 0..50 {
                let delay = retry.delay_ms(attempts, &mut rng);
                assert!(
                    delay >= base - base / 5 && delay <= base + base / 5,
                    "{attempts}: {delay}"
                );
            }
        }
    }

    #[test]
    fn retries_last_a_day_with_the_defaults() {
        let retry = Retry::default();
        let mut rng = rand::rng();
        let (mut at, mut attempts) = (0_i64, 1_i64);
        while !retry.gives_up(0, at) {
            at += retry.delay_ms(attempts, &mut rng);
            attempts += 1;
        }
        assert!(at >= 24 * 3_600_000);
        // Not a handful of tries spread thin: about thirty.
        assert!((25..60).contains(&attempts), "{attempts}");
    }
}
