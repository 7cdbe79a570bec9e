//! How long a resident will wait, from the queue as it stands and how long
//! the line's recent residents took at the window; and how far earlier
//! estimates were from what happened. Plain functions without I/O.

/// Finished tickets needed before their times replace the line's usual one.
pub const MIN_SAMPLES: usize = 5;

/// Seconds one resident takes at a window: the middle of the recent
/// service times (the slowest and quickest tenth left out, so one long
/// consultation does not turn the lamp red), or the line's usual time while
/// there are too few of them.
pub fn service_seconds(recent: &[u64], usual: u64) -> u64 {
    if recent.len() < MIN_SAMPLES {
        return usual.max(1);
    }
    let mut sorted = recent.to_vec();
    sorted.sort_unstable();
    let cut = sorted.len() / 10;
    let middle = sorted
        .get(cut..sorted.len() - cut)
        .filter(|m| !m.is_empty())
        .unwrap_or(&sorted);
    let sum: u64 = middle.iter().sum();
    (sum / middle.len() as u64).max(1)
}

/// The wait of someone with `ahead` residents waiting before them, while
/// `busy` of the line's `windows` are serving someone. A free window takes
/// them at once; otherwise they wait for `ahead - free + 1` residents to
/// finish, which `windows` windows do at one per `service / windows`
/// seconds on average (several servers, each resident's time random).
pub fn wait_seconds(ahead: u64, busy: u64, windows: u64, service: u64) -> u64 {
    let windows = windows.max(1);
    let free = windows.saturating_sub(busy);
    if ahead < free {
        return 0;
    }
    (ahead - free + 1).saturating_mul(service) / windows
}

/// How far the estimates given at issue were from the waits that followed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Accuracy {
    /// Tickets called so far that had an estimate.
    pub count: u64,
    /// The mean of |estimated − actual|, in seconds.
    pub mean_abs_error_s: u64,
    /// The mean of estimated − actual: above zero, estimates were too long.
    pub mean_bias_s: i64,
}

impl Accuracy {
    /// From (estimated, actual) pairs in seconds.
    pub fn of(pairs: &[(u64, u64)]) -> Accuracy {
        if pairs.is_empty() {
            return Accuracy::default();
        }
        let n = pairs.len() as i128;
        let (mut abs, mut bias) = (0_i128, 0_i128);
        for &(estimated, actual) in pairs {
            let difference = i128::from(estimated) - i128::from(actual);
            abs += difference.abs();
            bias += difference;
        }
        Accuracy {
            count: pairs.len() as u64,
            mean_abs_error_s: u64::try_from(abs / n).unwrap_or(u64::MAX),
            mean_bias_s: i64::try_from(bias / n).unwrap_or(0),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_free_window_means_no_wait() {
        assert_eq!(wait_seconds(0, 0, 1, 300), 0);
        assert_eq!(wait_seconds(1, 1, 3, 300), 0, "two windows free, one ahead");
    }

    #[test]
    fn known_histories_give_known_waits() {
        // One window, busy, four ahead: five residents finish first.
        assert_eq!(wait_seconds(4, 1, 1, 300), 1500);
        // Three windows all busy, six ahead: seven finish, three at a time.
        assert_eq!(wait_seconds(6, 3, 3, 300), 700);
        // The same queue with twice the windows waits half as long.
        assert_eq!(wait_seconds(9, 2, 2, 240), 1200);
        assert_eq!(wait_seconds(9, 4, 4, 240), 600);
    }

    #[test]
    fn service_time_is_the_usual_one_until_there_are_enough_samples() {
        assert_eq!(service_seconds(&[60, 60, 60], 300), 300);
        assert_eq!(service_seconds(&[240, 250, 260, 270, 280], 600), 260);
    }

    #[test]
    fn one_long_consultation_does_not_make_the_line_look_slow() {
        let mut times = vec![300_u64; 19];
        times.push(7200);
        assert_eq!(service_seconds(&times, 60), 300);
    }

    #[test]
    fn accuracy_is_the_mean_distance_and_its_direction() {
        let a = Accuracy::of(&[(600, 300), (300, 600), (900, 900)]);
        assert_eq!(a.count, 3);
        assert_eq!(a.mean_abs_error_s, 200);
        assert_eq!(a.mean_bias_s, 0);
        let too_long = Accuracy::of(&[(600, 300), (600, 400)]);
        assert_eq!(too_long.mean_bias_s, 250);
        assert_eq!(Accuracy::of(&[]), Accuracy::default());
    }
}
