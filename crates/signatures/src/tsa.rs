//! An RFC 3161 timestamp authority (responder, HTTP route) and its client.

use std::sync::Arc;

use cmpv2::status::{PkiStatus, PkiStatusInfo};
use der::asn1::{GeneralizedTime, Int, OctetString};
use der::oid::ObjectIdentifier;
use der::{Any, Decode, Encode};
use rand_core::{OsRng, RngCore};
use sha2::{Digest, Sha256};
use time::OffsetDateTime;
use x509_cert::Certificate;
use x509_tsp::{MessageImprint, TimeStampReq, TimeStampResp, TspVersion, TstInfo};

use crate::error::{Error, Result};
use crate::key::Signer;
use crate::{cms_build, cms_verify, oids};

/// The demo authority's policy OID (under the RFC 5612 example enterprise number).
pub use crate::oids::DEMO_TSA_POLICY;

/// Requests larger than this are refused unread (a real one is under 200 bytes).
pub const MAX_REQUEST: usize = 16 * 1024;
/// Responses larger than this are refused by the client.
pub const MAX_RESPONSE: usize = 256 * 1024;

/// A timestamp authority: its certificate (extended key usage id-kp-timeStamping),
/// key, chain and policy.
pub struct Authority {
    pub certificate: Certificate,
    pub key: Arc<dyn Signer>,
    pub chain: Vec<Certificate>,
    pub policy: ObjectIdentifier,
}

impl Authority {
    pub fn new(
        certificate: Certificate,
        key: Arc<dyn Signer>,
        chain: Vec<Certificate>,
        policy: ObjectIdentifier,
    ) -> Self {
        Self {
            certificate,
            key,
            chain,
            policy,
        }
    }

    /// Answers a DER TimeStampReq with a DER TimeStampResp: granted with a
    /// token dated `now`, or a rejection saying why.
    pub fn respond(&self, request_der: &[u8], now: OffsetDateTime) -> Vec<u8> {
        match self.grant(request_der, now) {
            Ok(resp) => resp,
            Err(reason) => rejection(&reason),
        }
    }

    fn grant(
        &self,
        request_der: &[u8],
        now: OffsetDateTime,
    ) -> std::result::Result<Vec<u8>, String> {
        if request_der.len() > MAX_REQUEST {
            return Err("the request is too large".into());
        }
        let req = TimeStampReq::from_der(request_der)
            .map_err(|_| "the request is not a DER TimeStampReq".to_string())?;
        let imprint = &req.message_imprint;
        if imprint.hash_algorithm.oid != oids::ID_SHA256
            || imprint.hashed_message.as_bytes().len() != 32
        {
            return Err("only SHA-256 message imprints are accepted".into());
        }
        if req.req_policy.is_some_and(|p| p != self.policy) {
            return Err("the requested policy is not this authority's".into());
        }
        if req.extensions.is_some() {
            return Err("request extensions are not supported".into());
        }
        let internal = |e: Error| format!("the authority failed: {e}");
        let mut serial = [0u8; 16];
        OsRng.fill_bytes(&mut serial);
        serial[0] &= 0x7f;
        serial[0] |= 0x01;
        let since_epoch = std::time::Duration::try_from(now - OffsetDateTime::UNIX_EPOCH)
            .map_err(|_| "the clock is before 1970".to_string())?;
        let tst = TstInfo {
            version: TspVersion::V1,
            policy: self.policy,
            message_imprint: MessageImprint {
                hash_algorithm: imprint.hash_algorithm.clone(),
                hashed_message: imprint.hashed_message.clone(),
            },
            serial_number: Int::new(&serial).map_err(|e| internal(e.into()))?,
            gen_time: GeneralizedTime::from_unix_duration(std::time::Duration::from_secs(
                since_epoch.as_secs(),
            ))
            .map_err(|e| internal(e.into()))?,
            accuracy: None,
            ordering: false,
            nonce: req.nonce.clone(),
            tsa: None,
            extensions: None,
        };
        let tst_der = tst.to_der().map_err(|e| internal(e.into()))?;
        let digest: [u8; 32] = Sha256::digest(&tst_der).into();
        let mut sd = cms_build::signed_data(
            oids::ID_CT_TST_INFO,
            Some(&tst_der),
            &digest,
            self.key.as_ref(),
            &self.certificate,
            &self.chain,
        )
        .map_err(internal)?;
        if !req.cert_req {
            sd.certificates = None;
        }
        let token_der = cms_build::content_info_der(&sd).map_err(internal)?;
        let token =
            cms::content_info::ContentInfo::from_der(&token_der).map_err(|e| internal(e.into()))?;
        TimeStampResp {
            status: PkiStatusInfo {
                status: PkiStatus::Accepted,
                status_string: None,
                fail_info: None,
            },
            time_stamp_token: Some(token),
        }
        .to_der()
        .map_err(|e| internal(e.into()))
    }
}

/// A rejection (status 2) with `reason` as its status string.
fn rejection(reason: &str) -> Vec<u8> {
    let text = der::asn1::Utf8StringRef::new(reason).ok();
    let resp = TimeStampResp {
        status: PkiStatusInfo {
            status: PkiStatus::Rejection,
            status_string: text.map(|t| vec![t]),
            fail_info: None,
        },
        time_stamp_token: None,
    };
    // SEQUENCE { SEQUENCE { INTEGER 2 } } if even that cannot be encoded.
    resp.to_der()
        .unwrap_or_else(|_| vec![0x30, 0x05, 0x30, 0x03, 0x02, 0x01, 0x02])
}

/// `POST /` with `Content-Type: application/timestamp-query` answers
/// `application/timestamp-reply` (RFC 3161 §3.4).
pub fn router(authority: Arc<Authority>) -> axum::Router {
    use axum::extract::{DefaultBodyLimit, State};
    use axum::http::{HeaderMap, StatusCode, header};
    use axum::response::IntoResponse;

    async fn handle(
        State(authority): State<Arc<Authority>>,
        headers: HeaderMap,
        body: axum::body::Bytes,
    ) -> axum::response::Response {
        let is_query = headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.trim().eq_ignore_ascii_case("application/timestamp-query"));
        if !is_query {
            return (
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "expected application/timestamp-query",
            )
                .into_response();
        }
        let now = OffsetDateTime::now_utc();
        let reply = tokio::task::spawn_blocking(move || authority.respond(&body, now)).await;
        match reply {
            Ok(reply) => (
                [(header::CONTENT_TYPE, "application/timestamp-reply")],
                reply,
            )
                .into_response(),
            Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
        }
    }

    axum::Router::new()
        .route("/", axum::routing::post(handle))
        .layer(DefaultBodyLimit::max(MAX_REQUEST))
        .with_state(authority)
}

/// A client of an RFC 3161 authority over HTTP.
#[derive(Clone, Debug)]
pub struct TsaClient {
    pub url: String,
    pub client: reqwest::Client,
}

impl TsaClient {
    pub fn new(url: impl Into<String>) -> Self {
        Self {
            url: url.into(),
            client: reqwest::Client::builder()
                .timeout(std::time::Duration::from_secs(30))
                .build()
                .unwrap_or_default(),
        }
    }

    /// A timestamp token (DER ContentInfo) over `digest_sha256`, after checking
    /// the response's status, that the nonce is ours and that the token's
    /// message imprint is the digest.
    pub async fn timestamp(&self, digest_sha256: &[u8; 32]) -> Result<Vec<u8>> {
        let mut nonce = [0u8; 8];
        OsRng.fill_bytes(&mut nonce);
        nonce[0] = (nonce[0] & 0x7f) | 0x01;
        let req = TimeStampReq {
            version: TspVersion::V1,
            message_imprint: MessageImprint {
                hash_algorithm: spki::AlgorithmIdentifier {
                    oid: oids::ID_SHA256,
                    parameters: Some(Any::from(der::asn1::Null)),
                },
                hashed_message: OctetString::new(digest_sha256.to_vec())?,
            },
            req_policy: None,
            nonce: Some(Int::new(&nonce)?),
            cert_req: true,
            extensions: None,
        };
        let mut resp = self
            .client
            .post(&self.url)
            .header(reqwest::header::CONTENT_TYPE, "application/timestamp-query")
            .body(req.to_der()?)
            .send()
            .await
            .map_err(|e| Error::Timestamp(format!("{}: {e}", self.url)))?;
        if !resp.status().is_success() {
            return Err(Error::Timestamp(format!(
                "{} answered {}",
                self.url,
                resp.status()
            )));
        }
        let mut body = Vec::new();
        while let Some(chunk) = resp
            .chunk()
            .await
            .map_err(|e| Error::Timestamp(e.to_string()))?
        {
            if body.len() + chunk.len() > MAX_RESPONSE {
                return Err(Error::Timestamp("the response is too large".into()));
            }
            body.extend_from_slice(&chunk);
        }
        token_from_response(&body, digest_sha256, Some(&nonce))
    }
}

/// The token of a granted response, checked against the digest and nonce.
pub(crate) fn token_from_response(
    body: &[u8],
    digest: &[u8; 32],
    nonce: Option<&[u8]>,
) -> Result<Vec<u8>> {
    let resp = TimeStampResp::from_der(body)
        .map_err(|e| Error::Timestamp(format!("not a TimeStampResp: {e}")))?;
    if !matches!(
        resp.status.status,
        PkiStatus::Accepted | PkiStatus::GrantedWithMods
    ) {
        let text: Vec<String> = resp
            .status
            .status_string
            .unwrap_or_default()
            .iter()
            .map(|s| s.to_string())
            .collect();
        return Err(Error::Timestamp(format!(
            "refused ({:?}): {}",
            resp.status.status,
            text.join("; ")
        )));
    }
    let token = resp
        .time_stamp_token
        .ok_or_else(|| Error::Timestamp("granted without a token".into()))?
        .to_der()?;
    let info = read_token(&token)
        .ok_or_else(|| Error::Timestamp("the token is not a signed TSTInfo".into()))?;
    if info.tst.message_imprint.hashed_message.as_bytes() != digest
        || info.tst.message_imprint.hash_algorithm.oid != oids::ID_SHA256
    {
        return Err(Error::Timestamp("the token is for another digest".into()));
    }
    if let Some(nonce) = nonce
        && info.tst.nonce.as_ref().map(|n| n.as_bytes()) != Some(nonce)
    {
        return Err(Error::Timestamp("the token's nonce is not ours".into()));
    }
    if !info.intact {
        return Err(Error::Timestamp(
            "the token's signature does not verify".into(),
        ));
    }
    Ok(token)
}

/// A decoded and checked timestamp token.
pub(crate) struct Token {
    pub tst: TstInfo,
    /// The token's own signature verifies with its signer certificate.
    pub intact: bool,
    pub signer: Option<Certificate>,
    pub certificates: Vec<Certificate>,
}

impl Token {
    pub fn time(&self) -> Option<OffsetDateTime> {
        let secs = i64::try_from(self.tst.gen_time.to_unix_duration().as_secs()).ok()?;
        OffsetDateTime::from_unix_timestamp(secs).ok()
    }
}

/// Reads a timestamp token (DER ContentInfo of a SignedData over a TSTInfo).
pub(crate) fn read_token(token: &[u8]) -> Option<Token> {
    let sd = cms_verify::parse_signed_data(token)?;
    if sd.encap_content_info.econtent_type != oids::ID_CT_TST_INFO {
        return None;
    }
    let econtent = sd.encap_content_info.econtent.as_ref()?;
    let tst_der = econtent.decode_as::<OctetString>().ok()?;
    let tst = TstInfo::from_der(tst_der.as_bytes()).ok()?;
    let digest: [u8; 32] = Sha256::digest(tst_der.as_bytes()).into();
    let checked = cms_verify::check(&sd, &digest);
    // RFC 3161 §2.3: the signer's certificate is for timestamping.
    let tsa_usage = checked.signer.as_ref().is_some_and(has_time_stamping_usage);
    Some(Token {
        tst,
        intact: checked.intact && tsa_usage,
        signer: checked.signer,
        certificates: checked.certificates,
    })
}

fn has_time_stamping_usage(cert: &Certificate) -> bool {
    use x509_cert::ext::pkix::ExtendedKeyUsage;
    cert.tbs_certificate
        .extensions
        .as_ref()
        .and_then(|exts| exts.iter().find(|e| e.extn_id == oids::ID_CE_EXT_KEY_USAGE))
        .and_then(|e| ExtendedKeyUsage::from_der(e.extn_value.as_bytes()).ok())
        .is_some_and(|eku| eku.0.contains(&oids::ID_KP_TIME_STAMPING))
}
