//! Fault injection: the `--faults` spec (rates per request and a seed) and the deterministic draw
//! that picks at most one fault per request. The draw depends only on the seed and the request's
//! sequence number, so the same seed and the same order of requests give the same faults.

use std::fmt;

use serde::Serialize;

/// Rates per request (0.0–1.0) of each fault, and the seed of the draw.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct FaultSpec {
    /// A 500, 502 or 503 instead of the answer; nothing is applied.
    pub server_error: f64,
    /// The connection closes with no response before the change is applied.
    pub drop_before: f64,
    /// The change is applied, then the connection closes with no response.
    pub drop_after: f64,
    /// The answer comes a few seconds late.
    pub slow: f64,
    /// A short run of per-second 429s starts with this request.
    pub rate_limit_burst: f64,
    /// The presented access token is revoked after this request is served.
    pub revoke: f64,
    pub seed: u64,
}

/// A `--faults` value that cannot be used; the message names the offending part.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid --faults spec: {0}")]
pub struct FaultSpecError(String);

impl FaultSpec {
    /// No faults at all.
    pub fn none() -> Self {
        Self::default()
    }

    /// Parses `5xx=0.03,drop-before=0.01,drop-after=0.01,slow=0.02,429=0.02,revoke=0.001,seed=7`.
    /// Every key is optional; rates must be within 0..=1 and add up to at most 1.
    pub fn parse(spec: &str) -> Result<Self, FaultSpecError> {
        let mut parsed = FaultSpec::none();
        for part in spec
            .split(',')
            .map(str::trim)
            .filter(|part| !part.is_empty())
        {
            let Some((key, value)) = part.split_once('=') else {
                return Err(FaultSpecError(format!("`{part}` is not KEY=VALUE")));
            };
            let (key, value) = (key.trim(), value.trim());
            if key == "seed" {
                parsed.seed = value.parse().map_err(|_| {
                    FaultSpecError(format!("seed `{value}` is not a whole number (0 or more)"))
                })?;
                continue;
            }
            let rate: f64 = value
                .parse()
                .map_err(|_| FaultSpecError(format!("{key}: `{value}` is not a number")))?;
            if !(0.0..=1.0).contains(&rate) {
                return Err(FaultSpecError(format!(
                    "{key}: {rate} is not a rate between 0 and 1"
                )));
            }
            let slot = match key {
                "5xx" => &mut parsed.server_error,
                "drop-before" => &mut parsed.drop_before,
                "drop-after" => &mut parsed.drop_after,
                "slow" => &mut parsed.slow,
                "429" => &mut parsed.rate_limit_burst,
                "revoke" => &mut parsed.revoke,
                other => {
                    return Err(FaultSpecError(format!(
                        "unknown key `{other}` (expected 5xx, drop-before, drop-after, slow, 429, revoke, seed)"
                    )));
                }
            };
            *slot = rate;
        }
        if parsed.total_rate() > 1.0 + f64::EPSILON {
            return Err(FaultSpecError(format!(
                "the rates add up to {:.4}; at most one fault happens per request, so they must add up to 1 or less",
                parsed.total_rate()
            )));
        }
        Ok(parsed)
    }

    fn total_rate(&self) -> f64 {
        self.server_error
            + self.drop_before
            + self.drop_after
            + self.slow
            + self.rate_limit_burst
            + self.revoke
    }

    pub fn is_none(&self) -> bool {
        self.total_rate() == 0.0
    }

    /// The fault (if any) for request number `sequence`, its rates scaled by `scale` (the token
    /// endpoint gets rarer faults than the API).
    pub(crate) fn draw(&self, sequence: u64, scale: f64) -> Draw {
        let mut rng = SplitMix64::new(self.seed ^ sequence.wrapping_mul(0x9E37_79B9_7F4A_7C15));
        let roll = rng.next_unit();
        let detail = rng.next_u64();
        let ladder = [
            (self.server_error, FaultKind::ServerError),
            (self.drop_before, FaultKind::DropBefore),
            (self.drop_after, FaultKind::DropAfter),
            (self.slow, FaultKind::Slow),
            (self.rate_limit_burst, FaultKind::RateLimitBurst),
            (self.revoke, FaultKind::Revoke),
        ];
        let mut threshold = 0.0;
        for (rate, kind) in ladder {
            threshold += rate * scale;
            if roll < threshold {
                return Draw {
                    fault: Some(kind),
                    detail,
                };
            }
        }
        Draw {
            fault: None,
            detail,
        }
    }
}

impl fmt::Display for FaultSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "5xx={},drop-before={},drop-after={},slow={},429={},revoke={},seed={}",
            self.server_error,
            self.drop_before,
            self.drop_after,
            self.slow,
            self.rate_limit_burst,
            self.revoke,
            self.seed
        )
    }
}

/// The kinds of injected faults, as counted in [`super::SimStats`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FaultKind {
    ServerError,
    DropBefore,
    DropAfter,
    Slow,
    RateLimitBurst,
    Revoke,
}

/// One request's draw: the fault, and random bits to pick its details (which 5xx, how slow, how
/// long a burst) without another draw.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Draw {
    pub fault: Option<FaultKind>,
    pub detail: u64,
}

/// SplitMix64: tiny, and its output for a seed never changes with a crate upgrade, which keeps
/// fault runs reproducible across versions.
#[derive(Debug, Clone)]
pub(crate) struct SplitMix64(u64);

impl SplitMix64 {
    pub(crate) fn new(seed: u64) -> Self {
        Self(seed)
    }

    pub(crate) fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    pub(crate) fn next_unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_documented_example() {
        let spec = FaultSpec::parse(
            "5xx=0.03,drop-before=0.01,drop-after=0.01,slow=0.02,429=0.02,revoke=0.001,seed=7",
        )
        .unwrap();
        assert_eq!(spec.server_error, 0.03);
        assert_eq!(spec.revoke, 0.001);
        assert_eq!(spec.seed, 7);
        assert_eq!(FaultSpec::parse(&spec.to_string()).unwrap(), spec);
    }

    #[test]
    fn rejects_bad_specs_with_the_part_named() {
        let err = FaultSpec::parse("5xx=2").unwrap_err().to_string();
        assert!(err.contains("5xx"), "{err}");
        let err = FaultSpec::parse("timeout=0.1").unwrap_err().to_string();
        assert!(err.contains("timeout"), "{err}");
        let err = FaultSpec::parse("5xx=0.6,slow=0.6")
            .unwrap_err()
            .to_string();
        assert!(err.contains("add up"), "{err}");
        assert!(FaultSpec::parse("seed=-1").is_err());
        assert!(FaultSpec::parse("slow").is_err());
    }

    #[test]
    fn draws_are_deterministic_and_follow_the_rates() {
        let spec = FaultSpec::parse("5xx=0.1,slow=0.2,seed=42").unwrap();
        let first: Vec<_> = (0..2000).map(|n| spec.draw(n, 1.0).fault).collect();
        let again: Vec<_> = (0..2000).map(|n| spec.draw(n, 1.0).fault).collect();
        assert_eq!(first, again);
        let errors = first
            .iter()
            .filter(|f| **f == Some(FaultKind::ServerError))
            .count();
        let slow = first
            .iter()
            .filter(|f| **f == Some(FaultKind::Slow))
            .count();
        assert!((120..280).contains(&errors), "{errors}");
        assert!((300..500).contains(&slow), "{slow}");
        let other_seed = FaultSpec { seed: 43, ..spec };
        let different: Vec<_> = (0..2000).map(|n| other_seed.draw(n, 1.0).fault).collect();
        assert_ne!(first, different);
    }
}
