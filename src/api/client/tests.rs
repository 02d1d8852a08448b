//! Unit and property tests of the client's answer reading.

mod answers {
    use super::super::*;

    #[test]
    fn key_is_never_formatted() {
        let k = ApiKey::new("sk-secret-123").unwrap();
        assert_eq!(format!("{k:?}"), "ApiKey(redacted)");
        assert!(ApiKey::new("   ").is_none());
    }

    #[test]
    fn poll_schedule_is_gentler_than_the_sdk() {
        let t = Timing::default();
        let sdk = [1, 1, 2, 2, 2, 4, 4, 4, 5, 5, 5, 5];
        for (i, s) in sdk.iter().enumerate() {
            assert!(
                t.poll_delay(i as u32) >= Duration::from_secs(*s),
                "poll {i}"
            );
        }
        assert_eq!(t.poll_delay(100), Duration::from_secs(10));
    }

    #[test]
    fn error_bodies_are_read() {
        let e = parse_answer(
            400,
            br#"{"request_id":"r1","code":"InvalidParameter","message":"bad size"}"#,
        )
        .unwrap_err();
        assert!(
            matches!(&e, ApiError::Service { status: 400, code, .. } if code == "InvalidParameter")
        );
        assert_eq!(e.request_id(), Some("r1"));
        let e = parse_answer(502, b"<html>Bad Gateway</html>").unwrap_err();
        assert!(
            matches!(&e, ApiError::Service { code, message, .. } if code == "Unknown" && message.contains("Bad Gateway"))
        );
        let e = parse_answer(
            200,
            br#"{"request_id":"r2","code":"Throttling","message":"slow down"}"#,
        )
        .unwrap_err();
        assert_eq!(e.code(), Some("Throttling"));
        assert!(matches!(
            parse_answer(200, b"{not json"),
            Err(ApiError::Malformed { .. })
        ));
    }

    #[test]
    fn object_names_are_sanitized() {
        assert_eq!(safe_object_name("my photo 写真.png"), "my_photo___.png");
        assert_eq!(safe_object_name("..."), "image");
    }
}

mod properties {
    use super::super::*;
    use proptest::prelude::*;

    /// Any JSON value, nested a few levels, with strings that may hold escapes and keys.
    fn json() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(Value::from),
            any::<f64>()
                .prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
            "(\\PC|\x1b|\u{9b}|sk-[a-z0-9]{12}){0,40}".prop_map(Value::String),
        ];
        leaf.prop_recursive(4, 64, 8, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
                prop::collection::vec(
                    (
                        prop_oneof![
                            Just("output".to_string()),
                            Just("choices".to_string()),
                            Just("results".to_string()),
                            Just("message".to_string()),
                            Just("content".to_string()),
                            Just("image".to_string()),
                            Just("task_status".to_string()),
                            Just("task_id".to_string()),
                            Just("request_id".to_string()),
                            Just("code".to_string()),
                            Just("usage".to_string()),
                            "[a-z_]{1,8}",
                        ],
                        inner
                    ),
                    0..6
                )
                .prop_map(|kv| Value::Object(kv.into_iter().collect())),
            ]
        })
    }

    fn texts_are_clean(r: &ApiResponse) -> bool {
        let mut all: Vec<String> = vec![];
        all.extend(r.request_id.clone());
        all.extend(r.code.clone());
        all.extend(r.message.clone());
        if let Some(o) = &r.output {
            all.extend(o.task_id.clone());
            all.extend(o.task_status.clone());
            all.extend(o.message.clone());
            for i in o.items() {
                match i {
                    OutputItem::Image { url } => all.push(url),
                    OutputItem::Text { text } => all.push(text),
                    OutputItem::Failed { code, message } => all.extend([code, message]),
                }
            }
        }
        all.iter()
            .all(|t| untrusted::is_clean(t) && t.chars().count() <= 20_001)
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

        /// Arbitrary bytes with any status: an answer or an error, never a panic.
        #[test]
        fn any_bytes_are_read_without_panic(
            status in 100u16..600,
            body in prop::collection::vec(any::<u8>(), 0..2048),
        ) {
            let _ = parse_answer(status, &body);
        }

        /// Arbitrary JSON: every text that comes out is clean and bounded; an error's sentence
        /// is clean too.
        #[test]
        fn any_json_gives_clean_text(status in prop_oneof![Just(200u16), Just(400u16), Just(401u16), Just(500u16)], v in json()) {
            let body = serde_json::to_vec(&v).unwrap();
            match parse_answer(status, &body) {
                Ok(r) => prop_assert!(texts_are_clean(&r)),
                Err(e) => prop_assert!(untrusted::is_clean(&e.to_string())),
            }
        }
    }
}

mod tls {
    use super::super::*;
    use rustls::pki_types::pem::PemObject;
    use rustls::pki_types::{CertificateDer, PrivateKeyDer};
    use std::io::Read;

    /// The HTTP clients are built from a TLS configuration of our own (one for both, see
    /// `build_pair`): it must still verify. A server on loopback with a self-signed
    /// certificate for 127.0.0.1 (made for this test, trusted by no system) is refused by the
    /// client itself: the server sees the handshake ended by the client's alert, and the job is
    /// told the certificate was not trusted. (Made with `openssl req -x509 -newkey ec` for
    /// 127.0.0.1, CA:FALSE, under a subject no system store has.)
    #[tokio::test]
    async fn a_certificate_the_system_does_not_trust_is_refused() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/tls");
        let cert = CertificateDer::from_pem_file(dir.join("self-signed.crt")).unwrap();
        let key = PrivateKeyDer::from_pem_file(dir.join("self-signed.key")).unwrap();
        install_crypto_provider();
        let config = rustls::ServerConfig::builder()
            .with_no_client_auth()
            .with_single_cert(vec![cert], key)
            .unwrap();
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let server = std::thread::spawn(move || {
            let (tcp, _) = listener.accept().unwrap();
            let conn = rustls::ServerConnection::new(Arc::new(config)).unwrap();
            let mut tls = rustls::StreamOwned::new(conn, tcp);
            let mut buf = [0u8; 1024];
            tls.read(&mut buf).map_err(|e| e.to_string())
        });
        let key = ApiKey::new("sk-test").unwrap();
        let client = Client::new(
            &format!("https://127.0.0.1:{port}/api/v1"),
            key,
            Timing::default(),
        );
        let url = format!("https://127.0.0.1:{port}/results/r.png");
        let e = match client.open_result(&url, "r.png").await {
            Err(e) => e.to_string(),
            Ok(_) => panic!("a connection to an untrusted certificate went through"),
        };
        assert!(e.contains("invalid peer certificate: UnknownIssuer"), "{e}");
        let seen = server.join().unwrap().unwrap_err();
        assert!(seen.contains("alert"), "{seen}");
    }
}
