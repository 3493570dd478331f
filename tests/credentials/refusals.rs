//! What `regdesk login` refuses before it talks to Zoom: a secret on the command line, and a
//! pasted token instead of a secret; nothing is stored for either.

use crate::harness::{Desk, s2s_lines};

/// A desk whose Zoom is a refused loopback port: these refusals happen before any request.
fn offline_desk() -> Desk {
    Desk::new("http://127.0.0.1:9/v2".into(), "http://127.0.0.1:9".into())
}

#[tokio::test(flavor = "multi_thread")]
async fn the_secret_cannot_be_passed_as_an_argument() {
    let desk = offline_desk();
    let ran = desk
        .run(
            &["login", "--client-secret", "s3cret-on-the-command-line"],
            "",
        )
        .await;
    assert_eq!(ran.code, 2, "a usage error: {ran:?}");
    assert!(ran.stderr.contains("--client-secret"), "{ran:?}");
    assert!(!desk.config_file("profiles.toml").exists());
}

#[tokio::test(flavor = "multi_thread")]
async fn a_pasted_token_json_is_explained_in_plain_words_and_nothing_is_stored() {
    let desk = offline_desk();
    let pasted = r#"{"access_token":"eyJhbGciOiJIUzUxMiJ9.eyJ2ZXIiOjl9.c2ln","token_type":"bearer","expires_in":3600,"scope":"meeting:read:admin"}"#;
    let ran = desk
        .run(
            &["login", "--store", "plain-file"],
            &s2s_lines("acct-1", "client-1", pasted),
        )
        .await;
    assert_eq!(ran.code, 1, "{ran:?}");
    assert!(
        ran.stderr.contains("stdin line 3 (Client Secret)"),
        "{ran:?}"
    );
    assert!(
        ran.stderr
            .contains("token response (the JSON from /oauth/token)"),
        "{ran:?}"
    );
    assert!(ran.stderr.contains("App Credentials"), "{ran:?}");
    assert!(
        !ran.all().contains("eyJhbGci"),
        "the token is not echoed: {ran:?}"
    );
    assert!(!desk.config_file("profiles.toml").exists());
    desk.assert_no_file_contains("eyJ");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_pasted_access_token_is_explained_and_the_secret_never_reaches_the_command_line() {
    let desk = offline_desk();
    let ran = desk
        .run(
            &["login", "--store", "plain-file"],
            &s2s_lines(
                "acct-1",
                "client-1",
                "Bearer eyJhbGciOiJIUzUxMiJ9.eyJ2IjoxfQ.c2ln",
            ),
        )
        .await;
    assert_eq!(ran.code, 1, "{ran:?}");
    assert!(
        ran.stderr.contains("this is an Authorization header"),
        "{ran:?}"
    );
    assert!(!ran.cmdline.contains("eyJ"), "{}", ran.cmdline);
    assert!(
        ran.cmdline.contains("login"),
        "the command line was captured: {}",
        ran.cmdline
    );
}
