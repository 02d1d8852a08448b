//! Where the command line sends requests: `--region`, `--workspace`, `--base-url`.

use clap::Args;

use crate::api::client::Client;
use crate::api::region::{Endpoint, Region, normalize_base_url};

#[derive(Debug, Args)]
pub struct ConnectionArgs {
    /// Region of your API key: ap-southeast-1 (Singapore, the default), cn-beijing, us-east-1,
    /// eu-central-1, cn-hongkong, ap-northeast-1, or token-plan (Token Plan (Beijing), for keys
    /// starting sk-sp-).
    #[arg(long)]
    pub region: Option<String>,
    /// Workspace id, to use the region's workspace-dedicated host (recommended by the docs).
    #[arg(long)]
    pub workspace: Option<String>,
    /// Any base URL instead of the region's (e.g. http://127.0.0.1:8080/api/v1).
    #[arg(long)]
    pub base_url: Option<String>,
}

impl ConnectionArgs {
    /// The region named, or Singapore.
    pub fn region(&self) -> String {
        self.region
            .clone()
            .unwrap_or_else(|| "ap-southeast-1".into())
    }

    /// `client` told the region named with `--region` when `--base-url` does not say it (a
    /// proxy in front of Token Plan): its keys, its calls and its Credits then apply.
    pub fn placed(&self, client: Client) -> Client {
        match (
            &self.base_url,
            self.region.as_deref().and_then(Region::find),
        ) {
            (Some(_), Some(r)) => client.in_region(r),
            _ => client,
        }
    }

    pub fn base_url(&self) -> Result<String, String> {
        if let Some(b) = &self.base_url {
            return normalize_base_url(b).map_err(|e| e.words());
        }
        let endpoint = match &self.workspace {
            Some(ws) => Endpoint::Workspace {
                region: self.region(),
                workspace: ws.clone(),
            },
            None => Endpoint::Shared {
                region: self.region(),
            },
        };
        endpoint.base_url().map_err(|e| e.words())
    }
}
