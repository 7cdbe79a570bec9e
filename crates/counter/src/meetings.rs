//! Video meetings for online consultations (オンライン相談): any service
//! that gives a URL per meeting. Either a template the platform fills with
//! a room name of 128 random bits (a self-hosted Jitsi:
//! `https://meet.city.example/madoguchi-{room}`), or the city's contracted
//! service's API, asked once per booking:
//!
//! ```text
//! POST {api_url}   Authorization: Bearer {token}
//! {"reference": "<booking id>", "start": "2026-12-07T10:30:00+09:00", "minutes": 30, "topic": "…"}
//! → 200/201 {"url": "https://…"}   (or "join_url")
//! ```

use std::time::Duration;

use serde::{Deserialize, Serialize};

/// How meetings are made; `None` offers no online consultation.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Meetings {
    #[default]
    None,
    Template(String),
    Api {
        url: String,
        token: String,
    },
}

/// Where the room's name goes in a template.
pub const ROOM: &str = "{room}";
/// Longest meeting URL kept.
const MAX_URL: usize = 500;
/// Most of an API's answer read.
const MAX_ANSWER: usize = 16 * 1024;

/// What a meeting is for, as the API is told.
pub struct Meeting<'a> {
    pub reference: &'a str,
    /// RFC 3339, Japan time.
    pub start: String,
    pub minutes: i64,
    pub topic: &'a str,
}

impl Meetings {
    /// From the configuration: a template must hold `{room}` and be an
    /// http(s) address; an API needs its address.
    pub fn from_settings(
        template: Option<&str>,
        api_url: Option<&str>,
        api_token: Option<&str>,
    ) -> anyhow::Result<Meetings> {
        match (
            template.filter(|t| !t.is_empty()),
            api_url.filter(|u| !u.is_empty()),
        ) {
            (Some(_), Some(_)) => {
                anyhow::bail!("give either meeting_url_template or meeting_api_url, not both")
            }
            (Some(template), None) => {
                anyhow::ensure!(
                    template.contains(ROOM) && web_address(&template.replace(ROOM, "x")),
                    "meeting_url_template must be an http(s) address holding {ROOM}"
                );
                Ok(Meetings::Template(template.to_string()))
            }
            (None, Some(url)) => {
                anyhow::ensure!(
                    web_address(url),
                    "meeting_api_url must be an http(s) address"
                );
                Ok(Meetings::Api {
                    url: url.to_string(),
                    token: api_token.unwrap_or_default().to_string(),
                })
            }
            (None, None) => Ok(Meetings::None),
        }
    }

    pub fn offered(&self) -> bool {
        !matches!(self, Meetings::None)
    }

    /// A new meeting's address.
    pub async fn issue(&self, meeting: &Meeting<'_>) -> anyhow::Result<String> {
        match self {
            Meetings::None => anyhow::bail!("no meeting service is configured"),
            Meetings::Template(template) => Ok(template.replace(
                ROOM,
                &format!("madoguchi-{}", hex::encode(rand::random::<[u8; 16]>())),
            )),
            Meetings::Api { url, token } => {
                let client = reqwest::Client::builder()
                    .timeout(Duration::from_secs(10))
                    .redirect(reqwest::redirect::Policy::none())
                    .build()?;
                let mut request = client.post(url).json(&serde_json::json!({
                    "reference": meeting.reference,
                    "start": meeting.start,
                    "minutes": meeting.minutes,
                    "topic": meeting.topic,
                }));
                if !token.is_empty() {
                    request = request.bearer_auth(token);
                }
                let response = request.send().await?;
                anyhow::ensure!(
                    response.status().is_success(),
                    "the meeting service answered {}",
                    response.status()
                );
                let mut body = Vec::new();
                let mut response = response;
                while let Some(chunk) = response.chunk().await? {
                    body.extend_from_slice(&chunk);
                    anyhow::ensure!(
                        body.len() <= MAX_ANSWER,
                        "the meeting service's answer is too long"
                    );
                }
                let answer: serde_json::Value = serde_json::from_slice(&body)?;
                let url = answer
                    .get("url")
                    .or_else(|| answer.get("join_url"))
                    .and_then(serde_json::Value::as_str)
                    .unwrap_or_default();
                anyhow::ensure!(
                    url.len() <= MAX_URL && web_address(url),
                    "the meeting service gave no http(s) address"
                );
                Ok(url.to_string())
            }
        }
    }
}

/// An http(s) address without spaces or quotes (it goes into pages and mail).
fn web_address(text: &str) -> bool {
    (text.starts_with("https://") || text.starts_with("http://"))
        && text.len() > "https://".len()
        && !text
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || matches!(c, '"' | '<' | '>'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meeting() -> Meeting<'static> {
        Meeting {
            reference: "0123",
            start: "2026-12-07T10:30:00+09:00".into(),
            minutes: 30,
            topic: "子育て",
        }
    }

    #[tokio::test]
    async fn a_template_gives_each_meeting_its_own_unguessable_room() {
        let meetings =
            Meetings::from_settings(Some("https://meet.city.example/{room}"), None, None).unwrap();
        let a = meetings.issue(&meeting()).await.unwrap();
        let b = meetings.issue(&meeting()).await.unwrap();
        assert_ne!(a, b);
        let room = a
            .strip_prefix("https://meet.city.example/madoguchi-")
            .unwrap();
        assert_eq!(room.len(), 32);
        assert!(room.bytes().all(|c| c.is_ascii_hexdigit()));
    }

    #[test]
    fn a_configuration_that_cannot_work_is_refused() {
        assert_eq!(
            Meetings::from_settings(None, None, None).unwrap(),
            Meetings::None
        );
        assert!(Meetings::from_settings(Some("https://meet.example/fixed"), None, None).is_err());
        assert!(Meetings::from_settings(Some("javascript:{room}"), None, None).is_err());
        assert!(Meetings::from_settings(None, Some("ftp://x"), None).is_err());
        assert!(
            Meetings::from_settings(Some("https://m/{room}"), Some("https://api"), None).is_err()
        );
    }

    #[tokio::test]
    async fn the_contracted_service_is_asked_once_per_meeting() {
        use axum::routing::post;
        let app = axum::Router::new().route(
            "/meetings",
            post(|headers: axum::http::HeaderMap, axum::Json(body): axum::Json<serde_json::Value>| async move {
                let authorized = headers
                    .get("authorization")
                    .is_some_and(|v| v == "Bearer s3cret");
                if !authorized {
                    return (axum::http::StatusCode::UNAUTHORIZED, axum::Json(serde_json::json!({})));
                }
                (
                    axum::http::StatusCode::CREATED,
                    axum::Json(serde_json::json!({ "join_url": format!("https://video.example/j/{}", body["reference"].as_str().unwrap_or("")) })),
                )
            }),
        );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = listener.local_addr().unwrap();
        tokio::spawn(async move { axum::serve(listener, app).await });
        let url = format!("http://{address}/meetings");
        let meetings = Meetings::from_settings(None, Some(&url), Some("s3cret")).unwrap();
        assert_eq!(
            meetings.issue(&meeting()).await.unwrap(),
            "https://video.example/j/0123"
        );
        let wrong = Meetings::from_settings(None, Some(&url), Some("wrong")).unwrap();
        assert!(wrong.issue(&meeting()).await.is_err());
    }
}
