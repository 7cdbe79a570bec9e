//! `madoguchi webhooks add|list|disable|deliveries|replay`: event
//! subscriptions of business systems (docs/api.md), as the DX office
//! manages them in the back office.

use std::process::ExitCode;

use clap::Subcommand;
use integration::event::Filter;
use integration::store::{self, NewSubscription};
use serde_json::json;

use super::Common;

#[derive(Subcommand)]
pub(super) enum WebhooksWhat {
    /// Subscribe a URL to events; prints the subscription as JSON with its
    /// signing `secret` (shown this once)
    Add {
        /// Where events are POSTed (http or https)
        #[arg(long)]
        url: String,
        /// Only these event types (repeat; default: all), e.g.
        /// application.submitted
        #[arg(long = "event")]
        events: Vec<String>,
        /// Only events of these sections (repeat; default: the whole city)
        #[arg(long = "section")]
        sections: Vec<String>,
        /// Only events of the sections of these bureaus (repeat)
        #[arg(long = "bureau")]
        bureaus: Vec<String>,
        /// What the receiver is, for whoever reads the list
        #[arg(long, default_value = "")]
        description: String,
        #[command(flatten)]
        common: Common,
    },
    /// List subscriptions with their health (never their secrets)
    List {
        #[command(flatten)]
        common: Common,
    },
    /// Stop a subscription: nothing more is sent; its history stays
    Disable {
        id: String,
        #[command(flatten)]
        common: Common,
    },
    /// A subscription's latest deliveries, as JSON lines
    Deliveries {
        id: String,
        /// pending, delivered or dead
        #[arg(long)]
        state: Option<String>,
        #[arg(long, default_value_t = 50)]
        limit: i64,
        #[command(flatten)]
        common: Common,
    },
    /// Send dead-lettered deliveries again: all of the subscription's, or one
    Replay {
        id: String,
        #[arg(long)]
        delivery: Option<i64>,
        #[command(flatten)]
        common: Common,
    },
}

pub(super) async fn run(what: WebhooksWhat) -> anyhow::Result<ExitCode> {
    match what {
        WebhooksWhat::Add {
            url,
            events,
            sections,
            bureaus,
            description,
            common,
        } => {
            let config = super::resolve(&common, None)?;
            let platform = super::open_platform(&config).await?;
            let organisation = catalog::store::organisation(&platform.db).await?;
            let filter = Filter {
                event_types: events,
                sections,
                bureaus,
            };
            let new = NewSubscription {
                url,
                filter,
                description,
                created_by: "cli".into(),
            };
            if let Err(problems) = integration::rules::check(&new, &organisation) {
                for problem in problems {
                    eprintln!("madoguchi: {} / {}", problem.ja, problem.en);
                }
                return Ok(ExitCode::from(2));
            }
            let (subscription, secret) = store::create(&platform.db, &new).await?;
            let mut shown = serde_json::to_value(&subscription)?;
            if let Some(object) = shown.as_object_mut() {
                object.insert("secret".into(), json!(secret));
            }
            println!("{}", serde_json::to_string_pretty(&shown)?);
        }
        WebhooksWhat::List { common } => {
            let config = super::resolve(&common, None)?;
            let platform = super::open_platform(&config).await?;
            let now = integration::relay::now_ms();
            for subscription in store::list(&platform.db).await? {
                let health = store::health(&platform.db, &subscription.id).await?;
                let mut shown = serde_json::to_value(&subscription)?;
                if let Some(object) = shown.as_object_mut() {
                    object.insert("failing".into(), json!(health.failing(now)));
                    object.insert("health".into(), serde_json::to_value(&health)?);
                }
                println!("{shown}");
            }
        }
        WebhooksWhat::Disable { id, common } => {
            let config = super::resolve(&common, None)?;
            let platform = super::open_platform(&config).await?;
            if !store::disable(&platform.db, &id, "cli").await? {
                eprintln!("madoguchi: 有効な購読 {id} はありません / no active subscription {id}");
                return Ok(ExitCode::from(2));
            }
            println!("{id}: 停止しました / disabled");
        }
        WebhooksWhat::Deliveries {
            id,
            state,
            limit,
            common,
        } => {
            let config = super::resolve(&common, None)?;
            let platform = super::open_platform(&config).await?;
            for delivery in
                store::deliveries(&platform.db, &id, state.as_deref(), limit.clamp(1, 10_000))
                    .await?
            {
                println!("{}", serde_json::to_string(&delivery)?);
            }
        }
        WebhooksWhat::Replay {
            id,
            delivery,
            common,
        } => {
            let config = super::resolve(&common, None)?;
            let platform = super::open_platform(&config).await?;
            let count = store::replay(
                &platform.db,
                &id,
                delivery,
                "cli",
                integration::relay::now_ms(),
            )
            .await?;
            println!("{count} 件を再送します / {count} deliveries queued again");
        }
    }
    Ok(ExitCode::SUCCESS)
}
