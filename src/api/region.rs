//! Where requests go (§10): a region's shared host, a workspace-dedicated host, or any base URL.

use serde::{Deserialize, Serialize};

use crate::i18n::Said;

/// The region key of a base URL that is no known region's (a proxy, a stand-in): prices and
/// the ledger keep their figures under it.
pub const OTHER_REGION: &str = "other";

/// A named region and its hosts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Region {
    /// Alibaba Cloud's region id, e.g. `ap-southeast-1`.
    pub id: &'static str,
    pub label: &'static str,
    /// The shared ("legacy") host base, if the region has one.
    pub shared_base: Option<&'static str>,
    /// Whether the Wan image models are documented as available there (§10, §14.7).
    pub wan_models: &'static str,
}

pub static REGIONS: &[Region] = &[
    Region {
        id: "ap-southeast-1",
        label: "Singapore (international)",
        shared_base: Some("https://dashscope-intl.aliyuncs.com/api/v1"),
        wan_models: "2.7, 2.6, 2.5",
    },
    Region {
        id: "cn-beijing",
        label: "China (Beijing)",
        shared_base: Some("https://dashscope.aliyuncs.com/api/v1"),
        wan_models: "2.7, 2.6, 2.5",
    },
    Region {
        id: "us-east-1",
        label: "US (Virginia)",
        shared_base: Some("https://dashscope-us.aliyuncs.com/api/v1"),
        wan_models: "2.6 only",
    },
    Region {
        id: "eu-central-1",
        label: "Germany (Frankfurt)",
        shared_base: None,
        wan_models: "2.6 only",
    },
    Region {
        id: "cn-hongkong",
        label: "China (Hong Kong)",
        shared_base: Some("https://cn-hongkong.dashscope.aliyuncs.com/api/v1"),
        wan_models: "unconfirmed",
    },
    Region {
        id: "ap-northeast-1",
        label: "Japan (Tokyo)",
        shared_base: None,
        wan_models: "unconfirmed",
    },
    // §10b: not a region of its own but a way to pay, on its own host in Beijing, with its own
    // keys (`sk-sp-`), billed in Credits (see `api::token_plan`).
    Region {
        id: super::token_plan::REGION,
        label: "Token Plan (Beijing)",
        shared_base: Some(super::token_plan::BASE),
        wan_models: "wan2.7-image, wan2.7-image-pro (sync calls)",
    },
];

/// What the user chose in settings or on the command line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Endpoint {
    /// The region's shared host (`dashscope-intl.aliyuncs.com` for Singapore).
    Shared { region: String },
    /// The recommended workspace-dedicated host `{workspace}.{region}.maas.aliyuncs.com`.
    Workspace { region: String, workspace: String },
    /// Any base URL ending in `/api/v1` (or a local stand-in).
    Custom { base_url: String },
}

impl Default for Endpoint {
    fn default() -> Self {
        Endpoint::Shared {
            region: "ap-southeast-1".into(),
        }
    }
}

impl Region {
    pub fn find(id: &str) -> Option<&'static Region> {
        REGIONS.iter().find(|r| r.id == id)
    }

    /// Whether it is Token Plan's host (its own keys, sync calls, Credits).
    pub fn is_token_plan(&self) -> bool {
        self.id == super::token_plan::REGION
    }

    /// The region's name in the window's language (its key `region-<id>`), or the
    /// catalog's [`Region::label`] when no language file names it.
    pub fn name(&self) -> Said {
        let key = format!("region-{}", self.id);
        match crate::i18n::has(crate::i18n::Lang::En, &key) {
            true => Said::Message {
                key,
                args: Vec::new(),
            },
            false => Said::Plain(self.label.to_string()),
        }
    }

    /// The region a base URL belongs to: a region's shared host, or a workspace host
    /// `{ws}.{region}.maas.aliyuncs.com`. `None` for any other URL (a proxy, a stand-in).
    pub fn of_base_url(base_url: &str) -> Option<&'static Region> {
        let base = base_url.trim_end_matches('/');
        if let Some(r) = REGIONS.iter().find(|r| r.shared_base == Some(base)) {
            return Some(r);
        }
        let host = base.strip_prefix("https://")?.split('/').next()?;
        let rest = host.strip_suffix(".maas.aliyuncs.com")?;
        let (_, region) = rest.split_once('.')?;
        Region::find(region)
    }
}

/// Checks a workspace id before it goes into a host name (the SDK's own rule).
pub fn valid_workspace_id(ws: &str) -> bool {
    let mut chars = ws.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphanumeric())
        && ws.len() <= 64
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

impl Endpoint {
    /// Where requests go, for sentences: the region's name, a workspace in it, or a base URL.
    pub fn place(&self) -> Said {
        let label = |id: &str| match Region::find(id) {
            Some(r) => r.name(),
            None => crate::said!("region-unknown"),
        };
        match self {
            Endpoint::Shared { region } => label(region),
            Endpoint::Workspace { region, workspace } => crate::said!(
                "workspace-in-region",
                workspace = workspace.as_str(),
                region = label(region)
            ),
            Endpoint::Custom { base_url } => Said::Plain(base_url.clone()),
        }
    }

    /// The base URL (`https://…/api/v1`, no trailing slash), or a sentence saying what is wrong.
    pub fn base_url(&self) -> Result<String, Said> {
        match self {
            Endpoint::Shared { region } => {
                let r = Region::find(region).ok_or_else(|| {
                    crate::said!(
                        "region-unknown-id",
                        region = region.as_str(),
                        regions = region_ids()
                    )
                })?;
                r.shared_base.map(str::to_string).ok_or_else(|| {
                    crate::said!(
                        "region-no-shared-host",
                        region = r.name(),
                        host = workspace_host("{WorkspaceId}", r.id)
                    )
                })
            }
            Endpoint::Workspace { region, workspace } => {
                let r = Region::find(region).ok_or_else(|| {
                    crate::said!(
                        "region-unknown-id",
                        region = region.as_str(),
                        regions = region_ids()
                    )
                })?;
                if r.is_token_plan() {
                    return Err(crate::said!("token-plan-no-workspace"));
                }
                if !valid_workspace_id(workspace) {
                    return Err(crate::said!(
                        "workspace-id-invalid",
                        workspace = workspace.as_str()
                    ));
                }
                Ok(workspace_host(workspace, r.id))
            }
            Endpoint::Custom { base_url } => normalize_base_url(base_url),
        }
    }
}

fn workspace_host(ws: &str, region: &str) -> String {
    format!("https://{ws}.{region}.maas.aliyuncs.com/api/v1")
}

fn region_ids() -> String {
    REGIONS.iter().map(|r| r.id).collect::<Vec<_>>().join(", ")
}

/// Accepts `https://host`, `https://host/`, `https://host/api/v1/`; returns `…/api/v1`.
pub fn normalize_base_url(raw: &str) -> Result<String, Said> {
    let t = raw.trim().trim_end_matches('/');
    let lower = t.to_ascii_lowercase();
    if !(lower.starts_with("https://") || lower.starts_with("http://")) {
        return Err(crate::said!("base-url-no-scheme", url = raw));
    }
    let after_scheme = &t[t.find("://").map(|i| i + 3).unwrap_or(0)..];
    if after_scheme.is_empty() || after_scheme.starts_with('/') {
        return Err(crate::said!("base-url-no-host", url = raw));
    }
    if lower.ends_with("/api/v1") {
        Ok(t.to_string())
    } else if after_scheme.contains('/') {
        // A path other than /api/v1: take it as given (a proxy may mount the API elsewhere).
        Ok(t.to_string())
    } else {
        Ok(format!("{t}/api/v1"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shared_workspace_and_custom_bases() {
        assert_eq!(
            Endpoint::default().base_url().unwrap(),
            "https://dashscope-intl.aliyuncs.com/api/v1"
        );
        let ws = Endpoint::Workspace {
            region: "ap-southeast-1".into(),
            workspace: "ws-abc_1".into(),
        };
        assert_eq!(
            ws.base_url().unwrap(),
            "https://ws-abc_1.ap-southeast-1.maas.aliyuncs.com/api/v1"
        );
        let bad = Endpoint::Workspace {
            region: "ap-southeast-1".into(),
            workspace: "evil.com/x".into(),
        };
        assert!(
            bad.base_url()
                .unwrap_err()
                .words_in(crate::i18n::Lang::En)
                .contains("not a workspace id")
        );
        let fra = Endpoint::Shared {
            region: "eu-central-1".into(),
        };
        assert!(
            fra.base_url()
                .unwrap_err()
                .words_in(crate::i18n::Lang::En)
                .contains("no shared host")
        );
        assert_eq!(
            normalize_base_url("http://127.0.0.1:8080/").unwrap(),
            "http://127.0.0.1:8080/api/v1"
        );
        assert_eq!(
            normalize_base_url("https://h/api/v1/").unwrap(),
            "https://h/api/v1"
        );
        assert!(normalize_base_url("dashscope.aliyuncs.com").is_err());
    }

    #[test]
    fn token_plan_is_its_own_host_without_a_workspace() {
        let plan = Endpoint::Shared {
            region: "token-plan".into(),
        };
        assert_eq!(
            plan.base_url().unwrap(),
            "https://token-plan.cn-beijing.maas.aliyuncs.com/api/v1"
        );
        assert_eq!(
            plan.place().words_in(crate::i18n::Lang::En),
            "Token Plan (Beijing)"
        );
        let r = Region::of_base_url(&plan.base_url().unwrap()).unwrap();
        assert!(r.is_token_plan());
        assert!(!Region::find("cn-beijing").unwrap().is_token_plan());
        let ws = Endpoint::Workspace {
            region: "token-plan".into(),
            workspace: "ws-1".into(),
        };
        assert!(
            ws.base_url()
                .unwrap_err()
                .words_in(crate::i18n::Lang::En)
                .contains("no workspace id")
        );
    }

    #[test]
    fn a_base_url_names_its_region() {
        let of = |u: &str| Region::of_base_url(u).map(|r| r.id);
        assert_eq!(
            of("https://dashscope-intl.aliyuncs.com/api/v1"),
            Some("ap-southeast-1")
        );
        assert_eq!(
            of("https://ws-1a.cn-beijing.maas.aliyuncs.com/api/v1/"),
            Some("cn-beijing")
        );
        assert_eq!(of("http://127.0.0.1:8099/api/v1"), None);
        assert_eq!(of("https://ws.mars-1.maas.aliyuncs.com/api/v1"), None);
    }
}
