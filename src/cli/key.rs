//! `wanedit key …`: store, check or forget the API key (never printed).

use std::process::ExitCode;

use super::{KeyAction, KeyCheckArgs};
use crate::api::client::ApiKey;
use crate::api::region::Endpoint;
use crate::jobs;

async fn key_check(args: KeyCheckArgs) -> ExitCode {
    let Some(model) = crate::api::catalog::ModelSpec::find(&args.model) else {
        eprintln!(
            "wanedit: unknown model \"{}\"; use one of {}",
            args.model,
            crate::api::catalog::MODELS
                .iter()
                .map(|m| m.id)
                .collect::<Vec<_>>()
                .join(", ")
        );
        return ExitCode::from(2);
    };
    let (base, place) = match args.connection.base_url() {
        Ok(b) => {
            let place = match (&args.connection.base_url, &args.connection.workspace) {
                (Some(_), _) => crate::i18n::Said::from(b.clone()),
                (None, Some(ws)) => Endpoint::Workspace {
                    region: args.connection.region(),
                    workspace: ws.clone(),
                }
                .place(),
                (None, None) => Endpoint::Shared {
                    region: args.connection.region(),
                }
                .place(),
            };
            (b, place)
        }
        Err(e) => {
            eprintln!("wanedit: {e}");
            return ExitCode::from(2);
        }
    };
    let client = match super::keyed_client(&base) {
        Ok(c) => args.connection.placed(c),
        Err(code) => return code,
    };
    let check = jobs::key_check::check_key(&client, model.id, &place).await;
    match &check {
        jobs::key_check::KeyCheck::Valid(s) => println!("{s}"),
        other => eprintln!("wanedit: {}", other.sentence()),
    }
    ExitCode::from(check.exit_code())
}

pub(super) fn key(action: KeyAction, rt: &tokio::runtime::Runtime) -> ExitCode {
    use crate::store;
    match action {
        KeyAction::Set => {
            let mut line = String::new();
            if std::io::stdin().read_line(&mut line).is_err() {
                eprintln!("wanedit: could not read the key from standard input");
                return ExitCode::from(2);
            }
            let Some(k) = ApiKey::new(line) else {
                eprintln!(
                    "wanedit: no key on standard input; pipe it in, e.g. wanedit key set < keyfile"
                );
                return ExitCode::from(2);
            };
            match store::save_key(&k) {
                Ok(()) => {
                    eprintln!("wanedit: the key is stored in the system keychain");
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("wanedit: {e}");
                    ExitCode::FAILURE
                }
            }
        }
        KeyAction::Status => {
            let (_, source) = store::resolve_key();
            match source {
                store::KeySource::Environment => {
                    println!("the key comes from DASHSCOPE_API_KEY (it wins over the keychain)")
                }
                store::KeySource::Keychain => println!("the key comes from the system keychain"),
                store::KeySource::None => {
                    println!("no key: set DASHSCOPE_API_KEY or run `wanedit key set`")
                }
                store::KeySource::KeychainError(e) => {
                    println!("no key: {e}");
                    return ExitCode::FAILURE;
                }
            }
            ExitCode::SUCCESS
        }
        KeyAction::Check(args) => rt.block_on(key_check(args)),
        KeyAction::Delete => match store::delete_key() {
            Ok(()) => {
                eprintln!("wanedit: no key is stored in the keychain now");
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("wanedit: {e}");
                ExitCode::FAILURE
            }
        },
    }
}
