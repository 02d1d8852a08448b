//! The words for long work: bytes, durations, and the lines said every second while results
//! download and after every poll while a task is watched.

use super::Stage;
use crate::i18n::Said;

/// "42 s", "3 min", "1 h 5 min" (put into words when shown).
pub fn duration_text(secs: u64) -> Said {
    match secs {
        0..=59 => crate::said!("duration-seconds", n = secs),
        60..=3599 => crate::said!("duration-minutes", n = secs.div_ceil(60)),
        _ => crate::said!("duration-hours", h = secs / 3600, m = (secs % 3600) / 60),
    }
}

/// Bytes as a designer reads them: 950 B, 12.5 kB, 3.4 MB.
pub fn bytes_text(n: u64) -> String {
    match n {
        0..1_000 => format!("{n} B"),
        1_000..1_000_000 => format!("{:.1} kB", n as f64 / 1e3),
        _ => format!("{:.1} MB", n as f64 / 1e6),
    }
}

/// The words for the progress stages said every second or every poll (put into words when
/// shown): what has arrived and how fast, or where the task is and for how long.
pub fn progress_line(stage: &Stage) -> Said {
    match stage {
        Stage::Received {
            bytes,
            expected,
            per_second,
            quiet_secs,
        } => {
            let line = if *expected > 0 {
                crate::said!(
                    "download-progress-of",
                    got = bytes_text(*bytes),
                    of = bytes_text(*expected),
                    rate = bytes_text(*per_second)
                )
            } else {
                crate::said!(
                    "download-progress",
                    got = bytes_text(*bytes),
                    rate = bytes_text(*per_second)
                )
            };
            if *quiet_secs >= 5 {
                return line.then("", crate::said!("download-quiet", seconds = *quiet_secs));
            }
            line
        }
        Stage::Watching {
            task_id,
            status,
            unchanged_secs,
            unreadable,
        } => match unreadable {
            Some((secs, why)) => crate::said!(
                "watch-unreadable",
                task = task_id.as_str(),
                seconds = *secs,
                why = why.clone()
            ),
            None => crate::said!(
                "watch-unchanged",
                task = task_id.as_str(),
                status = status.said(),
                time = duration_text(*unchanged_secs)
            ),
        },
        _ => Said::Plain(String::new()),
    }
}
