//! Incremental sync: after any sequence of edits, the diagnostics (and hints) equal those of a
//! fresh `didOpen` of the text the client holds. The client keeps its own copy and applies the
//! same edits with its own position arithmetic.

use crate::common::text::{self, Enc};
use crate::common::tokens::{self, with};
use crate::common::*;
use serde_json::{json, Value};

/// An editor session on one document, mirrored on the client side.
struct Doc {
    uri: String,
    lang: &'static str,
    text: String,
    version: i64,
    enc: Enc,
    /// Fresh opens of the client's copy go to new URIs with the same file name.
    fresh: usize,
}

impl Doc {
    async fn open(lsp: &mut Lsp, name: &str, lang: &'static str, text: &str, enc: Enc) -> Doc {
        let uri = uri(&format!("edited/{name}"));
        lsp.open(&uri, lang, text).await;
        Doc { uri, lang, text: text.to_owned(), version: 1, enc, fresh: 0 }
    }

    /// Sends `changes` in one `didChange`, applies them to the copy, and checks the result.
    async fn edit(&mut self, lsp: &mut Lsp, changes: Value, what: &str) -> Vec<Value> {
        for c in changes.as_array().unwrap() {
            text::apply(&mut self.text, c, self.enc);
        }
        self.version += 1;
        let got = lsp.change(&self.uri, self.version, changes).await;
        self.check(lsp, &got, what).await;
        got
    }

    async fn check(&mut self, lsp: &mut Lsp, got: &[Value], what: &str) {
        self.fresh += 1;
        let name = self.uri.rsplit('/').next().unwrap();
        let fresh_uri = uri(&format!("fresh{}/{name}", self.fresh));
        let want = lsp.open(&fresh_uri, self.lang, &self.text).await;
        let got_s = serde_json::to_string(got).unwrap();
        let want_s = serde_json::to_string(&want).unwrap().replace(&fresh_uri, &self.uri);
        if got_s != want_s {
            panic!(
                "after {what}: incremental diagnostics differ from a fresh open\n text: {:?}\n  got: {}\n want: {}",
                redact(&self.text),
                redact(&format!("{:?}", summary(got))),
                redact(&format!("{:?}", summary(&want)))
            );
        }
        let hints = lsp.inlay_hints(&self.uri, 0, 10_000).await;
        let fresh_hints = lsp.inlay_hints(&fresh_uri, 0, 10_000).await;
        assert_eq!(hints, fresh_hints, "after {what}: inlay hints differ");
        lsp.notify("textDocument/didClose", json!({"textDocument": {"uri": fresh_uri}}));
        let (_, cleared) = lsp.next_diagnostics(&fresh_uri).await;
        assert!(cleared.is_empty());
    }
}

fn at(l: u32, c: u32) -> Value {
    json!({"line": l, "character": c})
}

fn replace(l0: u32, c0: u32, l1: u32, c1: u32, text: &str) -> Value {
    json!({"range": {"start": at(l0, c0), "end": at(l1, c1)}, "text": text})
}

fn insert(l: u32, c: u32, text: &str) -> Value {
    replace(l, c, l, c, text)
}

/// The offset of `needle` in the copy, as a position in the document's encoding.
fn pos_of(doc: &Doc, needle: &str) -> (u32, u32) {
    let b = doc.text.find(needle).unwrap_or_else(|| panic!("{needle:?} not in the text"));
    text::position(&doc.text, b, doc.enc)
}

async fn scripted_session(enc: Enc, eol: &str) {
    let mut caps = default_capabilities();
    caps["general"] = json!({"positionEncodings": [if enc == Enc::Utf8 { "utf-8" } else { "utf-16" }]});
    let mut lsp = ready_with(caps, None).await;
    let token = mint(tokens::delegated_no_alerts());
    let good =
        mint(with(tokens::delegated_no_alerts(), json!({"scp": "SecurityAlert.Read.All SecurityEvents.Read.All"})));
    let text = [
        "import requests  # 👩‍💻 café",
        &format!("TOKEN = \"{token}\""),
        "",
        "r = requests.get(\"https://graph.microsoft.com/v1.0/security/alerts_v2\")",
        "old = requests.get(\"https://graph.microsoft.com/v1.0/security/alerts\")",
        "",
    ]
    .join(eol);
    let mut d = Doc::open(&mut lsp, "s.py", "python", &text, enc).await;

    // Insert a line above everything: every item moves down.
    d.edit(&mut lsp, json!([insert(0, 0, &format!("# header 😀{eol}"))]), "inserting a line at the top").await;
    // Type inside a line without items.
    d.edit(&mut lsp, json!([insert(0, 3, "x")]), "typing a character").await;
    // Break the token inside its payload, then restore it.
    let (l, c) = pos_of(&d, &token[40..48]);
    let got = d.edit(&mut lsp, json!([insert(l, c, "!")]), "breaking the token").await;
    assert!(!codes(&got).contains(&"hardcoded-token".to_owned()), "a broken token is no token");
    let got = d.edit(&mut lsp, json!([replace(l, c, l, c + 1, "")]), "restoring the token").await;
    assert!(codes(&got).contains(&"hardcoded-token".to_owned()));
    // Split the token over two lines, then join it again.
    let (l, c) = pos_of(&d, &token[100..110]);
    d.edit(&mut lsp, json!([insert(l, c, eol)]), "splitting the token over two lines").await;
    d.edit(&mut lsp, json!([replace(l, c, l + 1, 0, "")]), "joining the token").await;
    // Delete the blank line between the token and the URLs.
    let (l, _) = pos_of(&d, "r = requests");
    d.edit(&mut lsp, json!([replace(l - 1, 0, l, 0, "")]), "deleting a line").await;
    // Multi-line replace: the two URL lines become one line calling another endpoint.
    let (l, _) = pos_of(&d, "r = requests");
    let got = d
        .edit(
            &mut lsp,
            json!([replace(
                l,
                4,
                l + 1,
                200,
                "requests.post(\"https://graph.microsoft.com/v1.0/security/runHuntingQuery\")"
            )]),
            "a multi-line replace",
        )
        .await;
    assert!(got.iter().any(|g| g["message"].as_str().unwrap().contains("POST /v1.0/security/runHuntingQuery")));
    // Replace the whole token with another one: the association follows.
    let (l, c) = pos_of(&d, &token);
    let width = text::position(&d.text, d.text.find(&token).unwrap() + token.len(), enc).1 - c;
    d.edit(&mut lsp, json!([replace(l, c, l, c + width, &good)]), "replacing the token").await;
    // Several changes in one notification, applied in order (positions refer to the text after the previous one).
    d.edit(
        &mut lsp,
        json!([
            insert(0, 0, &format!("u = \"https://graph.microsoft.com/beta/security/secureScore\"{eol}")),
            insert(1, 0, "## "),
            replace(0, 0, 0, 1, "U")
        ]),
        "several changes at once",
    )
    .await;
    // Insert a line break between `\r` and `\n` of a CRLF line, and a lone `\r`.
    d.edit(&mut lsp, json!([insert(2, 9999, "\r")]), "a lone CR at a line end").await;
    d.edit(&mut lsp, json!([insert(3, 2, "\n")]), "a LF inside a line").await;
    // Delete everything, then type it back as one full-text change.
    let all = d.text.clone();
    let end = text::position(&d.text, d.text.len(), enc);
    let got = d.edit(&mut lsp, json!([replace(0, 0, end.0, end.1, "")]), "deleting everything").await;
    assert!(got.is_empty());
    d.edit(&mut lsp, json!([{"text": all}]), "a full-text change").await;
    lsp.finish().await;
}

#[tokio::test]
async fn scripted_edits_in_utf16_lf() {
    scripted_session(Enc::Utf16, "\n").await;
}

#[tokio::test]
async fn scripted_edits_in_utf16_crlf() {
    scripted_session(Enc::Utf16, "\r\n").await;
}

#[tokio::test]
async fn scripted_edits_in_utf8_crlf() {
    scripted_session(Enc::Utf8, "\r\n").await;
}

#[tokio::test]
async fn scripted_edits_in_utf8_lone_cr() {
    scripted_session(Enc::Utf8, "\r").await;
}

/// A small deterministic generator, so a failure replays.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// Random edits with line breaks of every kind, wide characters and pieces of tokens and URLs,
/// each checked against a fresh open.
async fn random_session(seed: u64, enc: Enc, steps: usize) {
    let mut caps = default_capabilities();
    caps["general"] = json!({"positionEncodings": [if enc == Enc::Utf8 { "utf-8" } else { "utf-16" }]});
    let mut lsp = ready_with(caps, None).await;
    let token = mint(tokens::delegated_no_alerts());
    let pieces: Vec<String> = vec![
        "\n".into(),
        "\r\n".into(),
        "\r".into(),
        "x".into(),
        "é".into(),
        "😀".into(),
        "👩‍💻".into(),
        " ".into(),
        "\"".into(),
        format!("\"{token}\""),
        token[..30].to_owned(),
        token[30..].to_owned(),
        "https://graph.microsoft.com/v1.0/security/alerts".into(),
        "_v2".into(),
        "curl -X POST \\\n".into(),
        "/beta/security/incidents".into(),
        "# claimcheck:ignore\n".into(),
        String::new(),
    ];
    let start = format!(
        "T = \"{token}\"\r\nu = \"https://graph.microsoft.com/v1.0/security/alerts_v2\"\nv = 'https://graph.microsoft.com/v1.0/security/alerts'\r\n\r\n# 😀 end"
    );
    let mut rng = Rng(seed);
    let mut d = Doc::open(&mut lsp, "r.sh", "shellscript", &start, enc).await;
    let (mut with_findings, mut with_token) = (0, 0);
    for step in 0..steps {
        let lines = text::lines(&d.text).len() as u32;
        // Positions past the end of a line or of the document are legal and clamp.
        let l0 = rng.below(lines as usize + 1) as u32;
        let c0 = rng.below(120) as u32;
        let (l1, c1) = if rng.below(3) == 0 { (l0, c0) } else { (l0 + rng.below(3) as u32, rng.below(120) as u32) };
        // Never split a character: move positions to character starts on the client side.
        let snap = |l: u32, c: u32| {
            let b = text::offset(&d.text, l, c, enc);
            text::position(&d.text, b, enc)
        };
        let (l0, c0) = snap(l0, c0);
        let (l1, c1) = snap(l1, c1);
        let (s, e) = if (l0, c0) <= (l1, c1) { ((l0, c0), (l1, c1)) } else { ((l1, c1), (l0, c0)) };
        let piece = pieces[rng.below(pieces.len())].clone();
        let change = replace(s.0, s.1, e.0, e.1, &piece);
        let got = d
            .edit(&mut lsp, json!([change]), &format!("seed {seed} step {step}: {:?} {:?} {:?}", s, e, redact(&piece)))
            .await;
        with_findings += usize::from(!got.is_empty());
        with_token += usize::from(codes(&got).iter().any(|c| c == "hardcoded-token"));
    }
    // The walk must stay in interesting territory, or the comparison proves little.
    assert!(
        with_findings >= steps / 3 && with_token >= steps / 10,
        "{with_findings} steps with findings, {with_token} with a token"
    );
    lsp.finish().await;
}

#[tokio::test]
async fn random_edits_utf16() {
    random_session(0x9e37_79b9_7f4a_7c15, Enc::Utf16, 150).await;
}

#[tokio::test]
async fn random_edits_utf8() {
    random_session(0xdead_beef_cafe_f00d, Enc::Utf8, 150).await;
}

#[tokio::test]
async fn edits_that_arrive_with_positions_past_the_end_clamp_like_the_client() {
    let mut lsp = ready().await;
    let mut d = Doc::open(&mut lsp, "p.py", "python", "a = 1\nb = 2", Enc::Utf16).await;
    d.edit(&mut lsp, json!([insert(0, 500, " # tail")]), "a column past the line end").await;
    d.edit(
        &mut lsp,
        json!([insert(40, 3, "\nu = \"https://graph.microsoft.com/v1.0/security/alerts\"")]),
        "a line past the end",
    )
    .await;
    d.edit(&mut lsp, json!([replace(1, 2, 0, 1, "")]), "a range given end first").await;
    lsp.finish().await;
}
