//! Times in plain words: absolute UTC and relative ("expired 3 days ago", "expires in 42 min").

use time::OffsetDateTime;

/// `2026-06-01 12:00:00 UTC`, or the raw number when it is out of range.
pub fn utc(ts: i64) -> String {
    match OffsetDateTime::from_unix_timestamp(ts) {
        Ok(t) => format!(
            "{:04}-{:02}-{:02} {:02}:{:02}:{:02} UTC",
            t.year(),
            u8::from(t.month()),
            t.day(),
            t.hour(),
            t.minute(),
            t.second()
        ),
        Err(_) => format!("{ts} (Unix seconds, out of range)"),
    }
}

/// A duration in whole units rounded down: seconds under 90 s, minutes under 90 min,
/// hours under 36 h, then days.
pub fn duration(secs: i64) -> String {
    let s = secs.unsigned_abs();
    let (n, unit, plural) = if s < 90 {
        (s, "second", "seconds")
    } else if s < 90 * 60 {
        (s / 60, "min", "min")
    } else if s < 36 * 3600 {
        (s / 3600, "hour", "hours")
    } else {
        (s / 86400, "day", "days")
    };
    format!("{n} {}", if n == 1 { unit } else { plural })
}

/// "in 42 min" for a future time, "3 days ago" for a past one.
pub fn relative(ts: i64, now: i64) -> String {
    let d = ts.saturating_sub(now);
    if d > 0 {
        format!("in {}", duration(d))
    } else {
        format!("{} ago", duration(d))
    }
}

/// Parses `--now` / `CLAIMCHECK_NOW`: RFC 3339 or Unix seconds.
pub fn parse_now(text: &str) -> Result<i64, String> {
    let t = text.trim();
    if let Ok(n) = t.parse::<i64>() {
        return Ok(n);
    }
    OffsetDateTime::parse(t, &time::format_description::well_known::Rfc3339)
        .map(|d| d.unix_timestamp())
        .map_err(|_| format!("'{t}' is not a time: give RFC 3339 (2026-06-01T12:00:00Z) or Unix seconds"))
}

/// The clock the analysis runs with: `CLAIMCHECK_NOW` when the environment sets it (its value is
/// passed in), else the system clock (passed in too: the core reads neither).
pub fn now_from(env_now: Option<&str>, system_now: i64) -> Result<i64, String> {
    match env_now {
        Some(v) if !v.trim().is_empty() => parse_now(v).map_err(|e| format!("CLAIMCHECK_NOW: {e}")),
        _ => Ok(system_now),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_round_down_by_unit() {
        let cases = [
            (0, "0 seconds"),
            (1, "1 second"),
            (89, "89 seconds"),
            (90, "1 min"),
            (42 * 60 + 59, "42 min"),
            (89 * 60 + 59, "89 min"),
            (90 * 60, "1 hour"),
            (35 * 3600 + 3599, "35 hours"),
            (36 * 3600, "1 day"),
            (3 * 86400 + 5, "3 days"),
        ];
        for (secs, want) in cases {
            assert_eq!(duration(secs), want, "{secs}");
        }
    }

    #[test]
    fn relative_times() {
        assert_eq!(relative(100 + 42 * 60, 100), "in 42 min");
        assert_eq!(relative(100, 100 + 3 * 86400), "3 days ago");
    }

    #[test]
    fn parse_times() {
        assert_eq!(parse_now("1767225600"), Ok(1767225600));
        assert_eq!(parse_now("2026-01-01T00:00:00Z"), Ok(1767225600));
        assert_eq!(parse_now("2026-01-01T01:00:00+01:00"), Ok(1767225600));
        assert!(parse_now("yesterday").is_err());
        assert_eq!(utc(1767225600), "2026-01-01 00:00:00 UTC");
    }
}
