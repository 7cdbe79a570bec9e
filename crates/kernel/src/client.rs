//! Who is asking: the client's address (the TCP peer, or what a trusted
//! reverse proxy says in `X-Forwarded-For`), and a small per-client rate
//! limiter for the forms that guess passwords or send mail. The limiter
//! lives in memory: with several nodes, each limits on its own.

use std::collections::HashMap;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::extract::{ConnectInfo, FromRef, FromRequestParts};
use axum::http::request::Parts;

/// Reverse proxies (addresses or networks like `10.0.0.0/8`) whose
/// `X-Forwarded-For` is believed. Empty (the default): the header is
/// ignored, since anyone can send it.
#[derive(Debug, Clone, Default)]
pub struct TrustedProxies(Arc<Vec<(IpAddr, u8)>>);

impl TrustedProxies {
    /// Parses `192.0.2.10`, `10.0.0.0/8`, `2001:db8::/32`.
    pub fn parse(entries: &[String]) -> anyhow::Result<Self> {
        let mut nets = Vec::new();
        for entry in entries {
            let entry = entry.trim();
            let (ip, bits) = match entry.split_once('/') {
                Some((ip, bits)) => (ip, Some(bits)),
                None => (entry, None),
            };
            let ip: IpAddr = ip
                .parse()
                .map_err(|_| anyhow::anyhow!("trusted_proxies: {entry:?} is not an address"))?;
            let max = if ip.is_ipv4() { 32 } else { 128 };
            let bits = match bits {
                Some(bits) => bits
                    .parse::<u8>()
                    .ok()
                    .filter(|b| *b <= max)
                    .ok_or_else(|| {
                        anyhow::anyhow!("trusted_proxies: {entry:?} has a bad prefix")
                    })?,
                None => max,
            };
            nets.push((ip, bits));
        }
        Ok(TrustedProxies(Arc::new(nets)))
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn trusts(&self, ip: IpAddr) -> bool {
        self.0
            .iter()
            .any(|(net, bits)| same_prefix(*net, ip, *bits))
    }
}

fn same_prefix(a: IpAddr, b: IpAddr, bits: u8) -> bool {
    match (a, b) {
        (IpAddr::V4(a), IpAddr::V4(b)) => {
            let mask = u32::MAX.checked_shl(32 - u32::from(bits)).unwrap_or(0);
            u32::from(a) & mask == u32::from(b) & mask
        }
        (IpAddr::V6(a), IpAddr::V6(b)) => {
            let mask = u128::MAX.checked_shl(128 - u32::from(bits)).unwrap_or(0);
            u128::from(a) & mask == u128::from(b) & mask
        }
        _ => false,
    }
}

/// Extractor: the client's address. Without a TCP peer (a router served
/// without connect info) it is 0.0.0.0, one client for everyone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientAddr(pub IpAddr);

impl ClientAddr {
    pub const UNKNOWN: ClientAddr = ClientAddr(IpAddr::V4(Ipv4Addr::UNSPECIFIED));

    /// The client from the peer address and the request's headers:
    /// `X-Forwarded-For` is read from the right, past trusted proxies only.
    pub fn resolve(
        peer: Option<IpAddr>,
        headers: &axum::http::HeaderMap,
        trusted: &TrustedProxies,
    ) -> ClientAddr {
        let Some(mut client) = peer else {
            return ClientAddr::UNKNOWN;
        };
        if !trusted.trusts(client) {
            return ClientAddr(client);
        }
        let hops: Vec<&str> = headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .collect();
        for hop in hops.iter().rev() {
            let Ok(ip) = hop.trim().parse::<IpAddr>() else {
                break;
            };
            client = ip;
            if !trusted.trusts(ip) {
                break;
            }
        }
        ClientAddr(client)
    }

    /// The key clients are counted by: an IPv6 client by its /64, which
    /// one subscriber usually holds whole.
    pub fn key(self) -> IpAddr {
        match self.0 {
            IpAddr::V6(v6) => {
                let network = u128::from(v6) & (u128::MAX << 64);
                IpAddr::V6(Ipv6Addr::from(network))
            }
            v4 => v4,
        }
    }
}

impl std::fmt::Display for ClientAddr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl<S> FromRequestParts<S> for ClientAddr
where
    TrustedProxies: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        // Resolved once per request by the `tag` layer, when it is there.
        if let Some(client) = parts.extensions.get::<ClientAddr>() {
            return Ok(*client);
        }
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|ConnectInfo(addr)| addr.ip());
        Ok(ClientAddr::resolve(
            peer,
            &parts.headers,
            &TrustedProxies::from_ref(state),
        ))
    }
}

/// Middleware: resolves the client once and puts it into the request's
/// extensions, where handlers (`Extension<ClientAddr>`) and the request's
/// log span find it.
pub async fn tag(
    axum::extract::State(trusted): axum::extract::State<TrustedProxies>,
    mut request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    let peer = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(addr)| addr.ip());
    let client = ClientAddr::resolve(peer, request.headers(), &trusted);
    request.extensions_mut().insert(client);
    next.run(request).await
}

/// The log span of one request: every line logged while answering it
/// (refusals included) carries the client's address, the method and the
/// path — never the query, which can hold a search or a link's token.
pub fn request_span(request: &axum::http::Request<axum::body::Body>) -> tracing::Span {
    let client = request
        .extensions()
        .get::<ClientAddr>()
        .copied()
        .unwrap_or(ClientAddr::UNKNOWN);
    tracing::info_span!(
        "request",
        client = %client,
        method = %request.method(),
        path = request.uri().path(),
    )
}

/// Clients remembered at most; past this, clients whose allowance is whole
/// again are forgotten first.
const MAX_CLIENTS: usize = 100_000;

struct Bucket {
    tokens: f64,
    at: Instant,
}

/// A token bucket per client: `capacity` requests at once, then one more
/// every `every`.
pub struct RateLimiter {
    capacity: f64,
    every: Duration,
    buckets: Mutex<HashMap<IpAddr, Bucket>>,
}

impl RateLimiter {
    pub fn new(capacity: u32, every: Duration) -> Self {
        RateLimiter {
            capacity: f64::from(capacity.max(1)),
            every: every.max(Duration::from_millis(1)),
            buckets: Mutex::new(HashMap::new()),
        }
    }

    fn refill(&self, bucket: &mut Bucket, now: Instant) {
        let gained = now.duration_since(bucket.at).as_secs_f64() / self.every.as_secs_f64();
        bucket.tokens = (bucket.tokens + gained).min(self.capacity);
        bucket.at = now;
    }

    /// Takes one request from `client`'s allowance, or tells how long
    /// until there is one again.
    pub fn take(&self, client: ClientAddr) -> Result<(), Duration> {
        self.take_many(client, 1.0)
    }

    /// Takes `amount` (say, megabytes) from `client`'s allowance, or tells
    /// how long until there is that much again; more than the whole
    /// allowance is never granted.
    pub fn take_many(&self, client: ClientAddr, amount: f64) -> Result<(), Duration> {
        let now = Instant::now();
        let mut buckets = self.buckets.lock().unwrap_or_else(|e| e.into_inner());
        if buckets.len() >= MAX_CLIENTS && !buckets.contains_key(&client.key()) {
            buckets.retain(|_, b| {
                now.duration_since(b.at).as_secs_f64() / self.every.as_secs_f64() + b.tokens
                    < self.capacity
            });
            if buckets.len() >= MAX_CLIENTS {
                tracing::warn!(
                    clients = buckets.len(),
                    "rate limiter full: forgetting every client"
                );
                buckets.clear();
            }
        }
        let bucket = buckets.entry(client.key()).or_insert(Bucket {
            tokens: self.capacity,
            at: now,
        });
        self.refill(bucket, now);
        if bucket.tokens >= amount {
            bucket.tokens -= amount;
            Ok(())
        } else {
            Err(self
                .every
                .mul_f64((amount.min(self.capacity) - bucket.tokens).max(0.0)))
        }
    }

    /// Gives back what [`RateLimiter::take`] took, for a request that
    /// turned out to be no attempt at guessing (a successful login).
    pub fn give_back(&self, client: ClientAddr) {
        let now = Instant::now();
        let mut buckets = self.buckets.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(bucket) = buckets.get_mut(&client.key()) {
            self.refill(bucket, now);
            bucket.tokens = (bucket.tokens + 1.0).min(self.capacity);
        }
    }
}

/// Whole seconds to announce in `Retry-After`: at least one.
pub fn retry_after_secs(wait: Duration) -> u64 {
    wait.as_secs() + u64::from(wait.subsec_nanos() > 0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderMap;

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED))
    }

    fn forwarded(value: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        if let Ok(value) = value.parse() {
            headers.insert("x-forwarded-for", value);
        }
        headers
    }

    #[test]
    fn forwarded_for_is_believed_only_from_trusted_proxies() -> anyhow::Result<()> {
        let none = TrustedProxies::default();
        let proxies = TrustedProxies::parse(&["10.0.0.0/8".into(), "192.0.2.1".into()])?;
        let headers = forwarded("203.0.113.9, 198.51.100.7, 10.1.2.3");
        let peer = Some(ip("10.9.9.9"));
        assert_eq!(
            ClientAddr::resolve(peer, &headers, &none),
            ClientAddr(ip("10.9.9.9")),
            "not configured: the header is ignored"
        );
        assert_eq!(
            ClientAddr::resolve(peer, &headers, &proxies),
            ClientAddr(ip("198.51.100.7")),
            "the first address from the right that is no proxy of ours"
        );
        assert_eq!(
            ClientAddr::resolve(Some(ip("198.51.100.50")), &headers, &proxies),
            ClientAddr(ip("198.51.100.50")),
            "a client that is not our proxy cannot claim another address"
        );
        assert_eq!(
            ClientAddr::resolve(None, &headers, &proxies),
            ClientAddr::UNKNOWN
        );
        assert!(TrustedProxies::parse(&["10.0.0.0/33".into()]).is_err());
        assert!(TrustedProxies::parse(&["proxy.internal".into()]).is_err());
        Ok(())
    }

    #[test]
    fn a_client_gets_its_allowance_then_waits_and_others_are_unaffected() {
        let limiter = RateLimiter::new(3, Duration::from_secs(60));
        let one = ClientAddr(ip("192.0.2.1"));
        let other = ClientAddr(ip("192.0.2.2"));
        for _ in 0..3 {
            assert!(limiter.take(one).is_ok());
        }
        let wait = limiter.take(one).err().unwrap_or_default();
        assert!(wait > Duration::from_secs(50) && wait <= Duration::from_secs(60));
        assert!(limiter.take(other).is_ok());
        limiter.give_back(one);
        assert!(
            limiter.take(one).is_ok(),
            "a given back request counts again"
        );
    }

    #[test]
    fn ipv6_clients_count_by_their_64() {
        let limiter = RateLimiter::new(1, Duration::from_secs(60));
        assert!(limiter.take(ClientAddr(ip("2001:db8:1:2::1"))).is_ok());
        assert!(limiter.take(ClientAddr(ip("2001:db8:1:2::ffff"))).is_err());
        assert!(limiter.take(ClientAddr(ip("2001:db8:1:3::1"))).is_ok());
    }
}
