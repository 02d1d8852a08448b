//! Prices per generated image: the catalog's figures (each with where it was read and when)
//! and the user's own, which win. The user's live in `{data}/prices.json`, shared by the
//! window (Settings → Prices) and the command line, written atomically.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::api::catalog::ModelSpec;
use crate::api::region::Region;
use crate::i18n::Said;

/// The region key of a base URL that is no known region's (a proxy, a stand-in).
pub use crate::api::region::OTHER_REGION;

/// A price the user entered.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UserPrice {
    pub model: String,
    /// A region id (`ap-southeast-1`) or [`OTHER_REGION`].
    pub region: String,
    pub per_image: f64,
    pub currency: String,
    /// When it was entered (ms since the epoch).
    #[serde(default)]
    pub set_ms: u64,
}

/// The price that applies to one model in one region, and where it comes from.
#[derive(Debug, Clone, PartialEq)]
pub struct Quote {
    pub per_image: f64,
    pub currency: String,
    /// Where the figure was read, or "entered by you".
    pub source: Said,
    /// The day it was read or entered (YYYY-MM-DD).
    pub checked: String,
    pub by_user: bool,
}

impl Quote {
    /// `images` at this price, as the user reads it: "1.50 USD".
    pub fn cost(&self, images: u64) -> String {
        money(self.per_image * images as f64, &self.currency)
    }
}

/// An amount with its currency, to the cent (and finer for prices under a cent's tenth).
pub fn money(amount: f64, currency: &str) -> String {
    if amount != 0.0 && amount.abs() < 0.1 {
        format!("{amount:.3} {currency}")
    } else {
        format!("{amount:.2} {currency}")
    }
}

/// The region key of a base URL: its region's id, or [`OTHER_REGION`].
pub fn region_key(base_url: &str) -> &'static str {
    Region::of_base_url(base_url)
        .map(|r| r.id)
        .unwrap_or(OTHER_REGION)
}

/// Where a region key is, for sentences, kept as words (its key `region-<id>`, or the
/// catalog's name when no language file names it).
pub fn region_label(key: &str) -> Said {
    match Region::find(key) {
        Some(r) => {
            let key = format!("region-{}", r.id);
            match crate::i18n::has(crate::i18n::Lang::En, &key) {
                true => Said::Message {
                    key,
                    args: Vec::new(),
                },
                false => Said::from(r.label),
            }
        }
        None => crate::said!("region-other"),
    }
}

/// The catalog's figure for `model` in `region`.
pub fn catalog_quote(model: &str, region: &str) -> Option<Quote> {
    let p = ModelSpec::find(model)?
        .prices
        .iter()
        .find(|p| p.region == region)?;
    Some(Quote {
        per_image: p.per_image,
        currency: p.currency.into(),
        source: p.source.into(),
        checked: p.checked.into(),
        by_user: false,
    })
}

/// The user's prices file.
#[derive(Debug, Clone)]
pub struct Prices {
    path: PathBuf,
}

impl Prices {
    pub fn at(path: impl Into<PathBuf>) -> Prices {
        Prices { path: path.into() }
    }

    /// `{data}/prices.json`.
    pub fn in_data_dir(data: &Path) -> Prices {
        Prices::at(data.join("prices.json"))
    }

    /// The user's prices; none when the file is missing or unreadable (the catalog's apply).
    pub fn load(&self) -> Vec<UserPrice> {
        std::fs::read(&self.path)
            .ok()
            .and_then(|b| serde_json::from_slice::<Vec<UserPrice>>(&b).ok())
            .unwrap_or_default()
            .into_iter()
            .filter(|p| p.per_image.is_finite() && p.per_image >= 0.0)
            .collect()
    }

    pub fn save(&self, prices: &[UserPrice]) -> Result<(), Said> {
        let text = serde_json::to_vec_pretty(prices).map_err(|e| Said::Plain(e.to_string()))?;
        super::fs::write_atomic(&self.path, &text).map_err(|e| {
            Said::Plain(format!(
                "could not save the prices in {}: {e}",
                self.path.display()
            ))
        })
    }

    /// Sets (or replaces) the user's price for `model` in `region`. Token Plan bills in
    /// Credits: its prices are kept in Credits whatever currency came with them.
    pub fn set(&self, mut p: UserPrice) -> Result<(), Said> {
        if p.region == crate::api::token_plan::REGION {
            p.currency = crate::api::token_plan::CURRENCY.into();
        }
        if !p.per_image.is_finite() || p.per_image < 0.0 {
            return Err(Said::Plain(format!(
                "{} is not a price: enter what one image costs, e.g. 0.03",
                p.per_image
            )));
        }
        let mut all = self.load();
        all.retain(|q| !(q.model == p.model && q.region == p.region));
        all.push(p);
        self.save(&all)
    }

    /// Removes the user's price for `model` in `region` (the catalog's applies again).
    pub fn unset(&self, model: &str, region: &str) -> Result<(), Said> {
        let mut all = self.load();
        all.retain(|q| !(q.model == model && q.region == region));
        self.save(&all)
    }

    /// The price for `model` on `base_url`: the user's, else the catalog's, else none.
    pub fn quote(&self, model: &str, base_url: &str) -> Option<Quote> {
        self.quote_in(model, region_key(base_url))
    }

    /// The price for `model` in `region` (a region key: see [`region_key`]).
    pub fn quote_in(&self, model: &str, region: &str) -> Option<Quote> {
        quote_in(&self.load(), model, region)
    }
}

/// The price for `model` in `region` given the user's prices.
pub fn quote_in(user: &[UserPrice], model: &str, region: &str) -> Option<Quote> {
    user.iter()
        .find(|p| p.model == model && p.region == region)
        .map(|p| Quote {
            per_image: p.per_image,
            currency: p.currency.clone(),
            source: crate::said!("price-entered-by-you"),
            checked: day_of(p.set_ms),
            by_user: true,
        })
        .or_else(|| catalog_quote(model, region))
}

/// YYYY-MM-DD (UTC) of a time in ms since the epoch.
pub fn day_of(ms: u64) -> String {
    let (y, m, d) = super::history::civil_from_days((ms / 86_400_000) as i64);
    format!("{y:04}-{m:02}-{d:02}")
}

/// What a batch will cost before it starts: items × images each × the price.
#[derive(Debug, Clone, PartialEq)]
pub struct Estimate {
    pub model: String,
    pub region: String,
    /// Images the batch asks for (items × n; an image set may make fewer, never more).
    pub images: u64,
    pub quote: Option<Quote>,
}

impl Estimate {
    /// With the user's prices as stored (reads `prices.json`).
    pub fn new(model: &str, base_url: &str, items: usize, n: u32, prices: &Prices) -> Estimate {
        Estimate::with(model, base_url, items, n, &prices.load())
    }

    /// With the user's prices as given (the window keeps them in memory).
    pub fn with(model: &str, base_url: &str, items: usize, n: u32, user: &[UserPrice]) -> Estimate {
        Estimate::in_region(model, region_key(base_url), items, n, user)
    }

    /// In `region` (a region key: a region's id, `token-plan`, or `other`), for a base URL that
    /// does not say it.
    pub fn in_region(
        model: &str,
        region: &str,
        items: usize,
        n: u32,
        user: &[UserPrice],
    ) -> Estimate {
        Estimate {
            model: model.into(),
            region: region.into(),
            images: items as u64 * n.max(1) as u64,
            quote: quote_in(user, model, region),
        }
    }

    /// The total, when a price is known.
    pub fn total(&self) -> Option<f64> {
        self.quote
            .as_ref()
            .map(|q| q.per_image * self.images as f64)
    }

    /// The estimate as a sentence: what it costs and where the price comes from.
    pub fn sentence(&self) -> Said {
        let place = region_label(&self.region);
        match &self.quote {
            Some(q) => crate::said!(
                "estimate-priced",
                images = self.images,
                each = money(q.per_image, &q.currency),
                total = q.cost(self.images),
                model = self.model.as_str(),
                place = place,
                source = q.source.clone(),
                checked = q.checked.as_str()
            ),
            None => crate::said!(
                "estimate-unpriced",
                images = self.images,
                model = self.model.as_str(),
                place = place
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_users_price_wins_and_the_catalog_says_where_its_figure_is_from() {
        let dir = tempfile::tempdir().unwrap();
        let prices = Prices::in_data_dir(dir.path());
        let sg = "https://dashscope-intl.aliyuncs.com/api/v1";
        let q = prices.quote("wan2.7-image", sg).unwrap();
        assert!(!q.by_user);
        assert_eq!(q.currency, "USD");
        assert!(q.source.words().contains("unconfirmed"), "{}", q.source);
        assert_eq!(q.checked.len(), 10);
        // None is guessed for a model without a figure, nor for an unknown endpoint.
        assert!(prices.quote("wan2.5-i2i-preview", sg).is_none());
        assert!(
            prices
                .quote("wan2.7-image", "http://127.0.0.1:1/api/v1")
                .is_none()
        );

        prices
            .set(UserPrice {
                model: "wan2.7-image".into(),
                region: "ap-southeast-1".into(),
                per_image: 0.04,
                currency: "USD".into(),
                set_ms: 1_764_720_000_000,
            })
            .unwrap();
        let q = prices.quote("wan2.7-image", sg).unwrap();
        assert!(q.by_user);
        assert_eq!(q.per_image, 0.04);
        assert_eq!(q.checked, "2025-12-03");
        let e = Estimate::new("wan2.7-image", sg, 50, 2, &prices);
        assert_eq!(e.images, 100);
        assert!((e.total().unwrap() - 4.0).abs() < 1e-9);
        assert!(
            e.sentence().words().contains("≈ 4.00 USD"),
            "{}",
            e.sentence()
        );

        assert!(
            prices
                .set(UserPrice {
                    per_image: -1.0,
                    ..prices.load()[0].clone()
                })
                .unwrap_err()
                .words()
                .contains("not a price")
        );
        prices.unset("wan2.7-image", "ap-southeast-1").unwrap();
        assert!(!prices.quote("wan2.7-image", sg).unwrap().by_user);
    }
}
