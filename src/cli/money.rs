//! What the account is billed: `wanedit history --ledger` (billed images per day and month,
//! from the service's own counts) and `wanedit prices` (the prices estimates use).

use std::process::ExitCode;

use clap::Subcommand;

use crate::jobs::record::Recorder;
use crate::store::prices::{self, UserPrice};

#[derive(Debug, Subcommand)]
pub enum PricesAction {
    /// Every model's price per image in every region, and where each figure comes from.
    List,
    /// Set your own price per image for a model in a region (it wins over wanedit's figure).
    Set {
        /// wan2.7-image-pro, wan2.7-image, wan2.6-image or wan2.5-i2i-preview.
        model: String,
        /// A region id (ap-southeast-1, cn-beijing, …), or "other" for any other base URL.
        region: String,
        /// What one generated image costs, e.g. 0.03.
        per_image: f64,
        /// The currency, e.g. USD or CNY (Credits for token-plan, whatever is given).
        currency: String,
    },
    /// Remove your price for a model in a region (wanedit's figure applies again).
    Unset { model: String, region: String },
}

pub fn prices_command(action: PricesAction) -> ExitCode {
    let rec = Recorder::open_default();
    match action {
        PricesAction::List => {
            let user = rec.prices.load();
            let mut regions: Vec<&str> = crate::api::region::REGIONS.iter().map(|r| r.id).collect();
            regions.push(prices::OTHER_REGION);
            for spec in crate::api::catalog::MODELS {
                for region in &regions {
                    let label = prices::region_label(region);
                    match prices::quote_in(&user, spec.id, region) {
                        Some(q) => println!(
                            "{:<19} {:<15} {:>10}  {} ({})",
                            spec.id,
                            region,
                            prices::money(q.per_image, &q.currency),
                            q.source,
                            q.checked
                        ),
                        None if user.is_empty() && *region != prices::OTHER_REGION => {
                            println!(
                                "{:<19} {:<15} {:>10}  no figure for {label}: set it with wanedit prices set",
                                spec.id, region, "unknown"
                            )
                        }
                        None => {}
                    }
                }
            }
            ExitCode::SUCCESS
        }
        PricesAction::Set {
            model,
            region,
            per_image,
            currency,
        } => {
            if crate::api::catalog::ModelSpec::find(&model).is_none() {
                eprintln!("wanedit: {model} is not a model wanedit knows");
                return ExitCode::from(2);
            }
            if region != prices::OTHER_REGION && crate::api::region::Region::find(&region).is_none()
            {
                eprintln!(
                    "wanedit: unknown region \"{region}\"; use a region id such as ap-southeast-1, or \"other\""
                );
                return ExitCode::from(2);
            }
            let mut currency = currency.trim().to_ascii_uppercase();
            if region == crate::api::token_plan::REGION {
                if !currency.eq_ignore_ascii_case(crate::api::token_plan::CURRENCY) {
                    eprintln!(
                        "wanedit: Token Plan bills in Credits: the price is kept as {per_image} Credits per image"
                    );
                }
                currency = crate::api::token_plan::CURRENCY.into();
            }
            match rec.prices.set(UserPrice {
                model,
                region,
                per_image,
                currency,
                set_ms: crate::store::history::now_ms(),
            }) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("wanedit: {e}");
                    ExitCode::from(2)
                }
            }
        }
        PricesAction::Unset { model, region } => match rec.prices.unset(&model, &region) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("wanedit: {e}");
                ExitCode::from(2)
            }
        },
    }
}

/// `wanedit history --ledger`: billed images per day and per month (UTC), with their cost
/// where a price was known when they were billed.
pub fn ledger(json: bool) -> ExitCode {
    let rec = Recorder::open_default();
    if json {
        let lines = rec.ledger.lines();
        return match serde_json::to_string_pretty(&lines) {
            Ok(t) => {
                println!("{t}");
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("wanedit: {e}");
                ExitCode::FAILURE
            }
        };
    }
    let days = rec.ledger.by_day();
    if days.is_empty() {
        eprintln!("wanedit: nothing billed yet (the ledger counts images the service billed)");
        return ExitCode::SUCCESS;
    }
    println!("Billed per day (UTC):");
    for (day, t) in &days {
        println!("  {day}  {}", t.sentence());
    }
    println!("Billed per month (UTC):");
    for (month, t) in rec.ledger.by_month() {
        println!("  {month}     {}", t.sentence());
    }
    ExitCode::SUCCESS
}
