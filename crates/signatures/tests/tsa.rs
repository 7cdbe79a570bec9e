//! The RFC 3161 authority and its client.

mod common;

use der::{Decode, Encode};
use sha2::{Digest, Sha256};
use signatures::{Algorithm, DemoPki, TsaClient};
use time::OffsetDateTime;

type TestResult = Result<(), Box<dyn std::error::Error>>;

fn request(digest: &[u8], hash_oid: &str) -> Result<Vec<u8>, Box<dyn std::error::Error>> {
    let req = x509_tsp::TimeStampReq {
        version: x509_tsp::TspVersion::V1,
        message_imprint: x509_tsp::MessageImprint {
            hash_algorithm: spki::AlgorithmIdentifier {
                oid: der::oid::ObjectIdentifier::new(hash_oid)?,
                parameters: None,
            },
            hashed_message: der::asn1::OctetString::new(digest.to_vec())?,
        },
        req_policy: None,
        nonce: Some(der::asn1::Int::new(&[0x01, 0x02, 0x03])?),
        cert_req: true,
        extensions: None,
    };
    Ok(req.to_der()?)
}

fn status(resp: &[u8]) -> Result<(cmpv2::status::PkiStatus, bool), Box<dyn std::error::Error>> {
    let resp = x509_tsp::TimeStampResp::from_der(resp)?;
    Ok((resp.status.status, resp.time_stamp_token.is_some()))
}

#[test]
fn grants_sha256_requests_and_rejects_others() -> TestResult {
    let pki = DemoPki::generate_with("名古屋市", "名古屋市長", Algorithm::P256)?;
    let authority = pki.tsa_authority()?;
    let now = OffsetDateTime::now_utc();
    let digest = Sha256::digest(b"notice");

    let granted = authority.respond(&request(&digest, "2.16.840.1.101.3.4.2.1")?, now);
    assert_eq!(
        status(&granted)?,
        (cmpv2::status::PkiStatus::Accepted, true)
    );
    let resp = x509_tsp::TimeStampResp::from_der(&granted)?;
    let token = resp.time_stamp_token.ok_or("no token")?;
    let sd = cms::signed_data::SignedData::from_der(&token.content.to_der()?)?;
    assert_eq!(
        sd.encap_content_info.econtent_type.to_string(),
        "1.2.840.113549.1.9.16.1.4"
    );
    let tst_der = sd
        .encap_content_info
        .econtent
        .ok_or("no TSTInfo")?
        .decode_as::<der::asn1::OctetString>()?;
    let tst = x509_tsp::TstInfo::from_der(tst_der.as_bytes())?;
    assert_eq!(tst.message_imprint.hashed_message.as_bytes(), &digest[..]);
    assert_eq!(
        tst.nonce.map(|n| n.as_bytes().to_vec()),
        Some(vec![1, 2, 3])
    );
    assert_eq!(
        tst.gen_time.to_unix_duration().as_secs(),
        u64::try_from(now.unix_timestamp())?
    );
    let signer_info = sd.signer_infos.0.iter().next().ok_or("no signer")?;
    let attrs = signer_info
        .signed_attrs
        .as_ref()
        .ok_or("no signed attributes")?;
    assert!(
        attrs
            .iter()
            .any(|a| a.oid.to_string() == "1.2.840.113549.1.9.16.2.47"),
        "signing-certificate-v2"
    );

    // SHA-1, a wrong length, garbage, and an oversized request are refused.
    let sha1 = authority.respond(&request(&[0u8; 20], "1.3.14.3.2.26")?, now);
    assert_eq!(status(&sha1)?, (cmpv2::status::PkiStatus::Rejection, false));
    let short = authority.respond(&request(&[0u8; 20], "2.16.840.1.101.3.4.2.1")?, now);
    assert_eq!(
        status(&short)?,
        (cmpv2::status::PkiStatus::Rejection, false)
    );
    let garbage = authority.respond(b"\x30\x82\xff\xff not DER", now);
    assert_eq!(
        status(&garbage)?,
        (cmpv2::status::PkiStatus::Rejection, false)
    );
    let huge = authority.respond(&vec![0x30; signatures::tsa::MAX_REQUEST + 1], now);
    assert_eq!(status(&huge)?, (cmpv2::status::PkiStatus::Rejection, false));
    Ok(())
}

#[tokio::test]
async fn client_gets_a_token_over_http_and_the_route_wants_the_content_type() -> TestResult {
    let pki = DemoPki::generate_with("名古屋市", "名古屋市長", Algorithm::P256)?;
    let url = common::serve_tsa(pki.tsa_authority()?).await?;
    let client = TsaClient::new(url.clone());
    let digest: [u8; 32] = Sha256::digest(b"notice").into();
    let token = client.timestamp(&digest).await?;
    assert!(cms::content_info::ContentInfo::from_der(&token).is_ok());

    let wrong = reqwest::Client::new()
        .post(&url)
        .header("content-type", "text/plain")
        .body(request(&digest, "2.16.840.1.101.3.4.2.1")?)
        .send()
        .await?;
    assert_eq!(wrong.status(), reqwest::StatusCode::UNSUPPORTED_MEDIA_TYPE);
    Ok(())
}

#[tokio::test]
async fn client_refuses_a_replayed_response() -> TestResult {
    // A server that answers every request with one response made earlier
    // (another nonce, another digest): the client must not accept it.
    let pki = DemoPki::generate_with("名古屋市", "名古屋市長", Algorithm::P256)?;
    let authority = pki.tsa_authority()?;
    let digest: [u8; 32] = Sha256::digest(b"notice").into();
    let old = authority.respond(
        &request(&Sha256::digest(b"other"), "2.16.840.1.101.3.4.2.1")?,
        OffsetDateTime::now_utc(),
    );
    let app = axum::Router::new().route(
        "/",
        axum::routing::post(move || {
            let old = old.clone();
            async move { old }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    let result = TsaClient::new(format!("http://{addr}/"))
        .timestamp(&digest)
        .await;
    assert!(
        result.is_err(),
        "a response for another request was accepted"
    );
    Ok(())
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig { cases: 300, ..Default::default() })]

    /// Garbage and mutated requests get a rejection, never a panic or a token.
    #[test]
    fn garbage_requests_are_rejected(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..512), flip in proptest::prelude::any::<proptest::sample::Index>()) {
        use std::sync::OnceLock;
        static AUTHORITY: OnceLock<Option<signatures::tsa::Authority>> = OnceLock::new();
        let authority = AUTHORITY.get_or_init(|| {
            DemoPki::generate_with("名古屋市", "名古屋市長", Algorithm::P256).ok()?.tsa_authority().ok()
        });
        let Some(authority) = authority else { return Err(proptest::test_runner::TestCaseError::fail("authority")) };
        let now = OffsetDateTime::now_utc();
        let resp = authority.respond(&bytes, now);
        let parsed = x509_tsp::TimeStampResp::from_der(&resp);
        proptest::prop_assert!(parsed.as_ref().is_ok_and(|r| r.status.status == cmpv2::status::PkiStatus::Rejection));

        // A valid request with one byte changed: either rejected, or granted
        // for exactly what the changed request asks.
        let mut req = request(&[7u8; 32], "2.16.840.1.101.3.4.2.1").map_err(|e| proptest::test_runner::TestCaseError::fail(e.to_string()))?;
        let i = flip.index(req.len());
        if let Some(b) = req.get_mut(i) {
            *b ^= 0x5a;
        }
        let resp = authority.respond(&req, now);
        let parsed = x509_tsp::TimeStampResp::from_der(&resp);
        proptest::prop_assert!(parsed.is_ok());
    }
}
