//! Keeps malformed input away from tower-lsp's reader.
//!
//! tower-lsp-server stops reading its input at the first frame it cannot decode (its
//! `FramedRead` ends the stream after a decoder error), so one bad header or a body that is not a
//! JSON-RPC message would stop the whole server. This filter reads the client's frames, drops
//! (and logs) those that tower-lsp would reject, and passes the others on, re-framed.
//!
//! tower-lsp also swallows its own MethodNotFound answer to a `$/` request, leaving the client
//! waiting forever, where LSP asks for the error. Such requests are renamed on the way so that
//! the answer is sent.

use std::borrow::Cow;

use serde::de::IgnoredAny;
use serde::Deserialize;
use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, BufReader};
use tower_lsp_server::jsonrpc::{Id, Request};

/// The fields of tower-lsp's `Request`, with the same types where it checks them: what parses
/// here parses there (a `Response` parses there too), and the document text in `params` is
/// skipped, not copied.
#[derive(Deserialize)]
struct Shape<'a> {
    #[serde(borrow)]
    jsonrpc: Cow<'a, str>,
    #[serde(default, borrow)]
    method: Cow<'a, str>,
    #[serde(default)]
    #[allow(dead_code)]
    params: Option<IgnoredAny>,
    #[serde(default)]
    id: Option<Id>,
}

/// Copies valid frames from `input` to `output` until the input ends or the output is closed.
pub async fn filter_frames<I, O>(input: I, mut output: O)
where
    I: AsyncRead + Unpin,
    O: AsyncWrite + Unpin,
{
    let mut input = BufReader::with_capacity(1 << 16, input);
    loop {
        let len = match read_header(&mut input).await {
            Ok(Some(Some(len))) => len,
            Ok(Some(None)) => {
                tracing::warn!("dropped a message header without a valid Content-Length");
                continue;
            }
            Ok(None) | Err(_) => return,
        };
        let mut body = Vec::with_capacity(len.min(1 << 20));
        match (&mut input).take(len as u64).read_to_end(&mut body).await {
            Ok(n) if n == len => {}
            _ => return,
        }
        let shape = serde_json::from_slice::<Shape>(&body).ok().filter(|s| s.jsonrpc == "2.0");
        let renamed = shape.as_ref().is_some_and(|s| s.id.is_some() && s.method.starts_with("$/"));
        let valid = shape.is_some() && !too_deep(&body);
        drop(shape);
        if !valid {
            // Never log the body: it may hold a document, and so a token.
            tracing::warn!("dropped a {len}-byte message that is not a JSON-RPC message");
            continue;
        }
        let body = if renamed { rename(&body).unwrap_or(body) } else { body };
        let header = format!("Content-Length: {}\r\n\r\n", body.len());
        if output.write_all(header.as_bytes()).await.is_err()
            || output.write_all(&body).await.is_err()
            || output.flush().await.is_err()
        {
            return;
        }
    }
}

/// Whether `body` nests arrays and objects deeper than tower-lsp's parser takes (serde_json's
/// limit of 128). `Shape` skips `params` without that limit, and a body tower-lsp then fails to
/// parse would stop its reader, and so the server.
fn too_deep(body: &[u8]) -> bool {
    let mut depth = 0usize;
    let mut i = 0;
    while i < body.len() {
        match body[i] {
            b'"' => {
                // Skip the string: to its closing quote, past escapes.
                i += 1;
                while i < body.len() {
                    let Some(k) = memchr::memchr2(b'"', b'\\', &body[i..]) else { return false };
                    i += k + 1;
                    if body[i - 1] == b'"' {
                        break;
                    }
                    i += 1;
                }
                continue;
            }
            b'[' | b'{' => {
                depth += 1;
                if depth > 100 {
                    return true;
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
        i += 1;
    }
    false
}

/// The request, renamed so that tower-lsp answers it with MethodNotFound.
fn rename(body: &[u8]) -> Option<Vec<u8>> {
    let (method, id, params) = serde_json::from_slice::<Request>(body).ok()?.into_parts();
    let mut b = Request::build(format!("unsupported {method}"));
    if let Some(id) = id {
        b = b.id(id);
    }
    if let Some(p) = params {
        b = b.params(p);
    }
    serde_json::to_vec(&b.finish()).ok()
}

/// Reads header lines up to the blank line. `None` at the end of input; `Some(None)` when the
/// block has no usable `Content-Length`.
async fn read_header<R: AsyncBufReadExt + Unpin>(input: &mut R) -> std::io::Result<Option<Option<usize>>> {
    let mut len = None;
    let mut seen_any = false;
    loop {
        let mut line = Vec::new();
        // A header line is short; a runaway one is garbage and is cut at 8 KiB.
        let n = (&mut *input).take(8192).read_until(b'\n', &mut line).await?;
        if n == 0 {
            return Ok(None);
        }
        let text = String::from_utf8_lossy(&line);
        let text = text.trim_end_matches(['\r', '\n']);
        if text.is_empty() {
            if seen_any {
                return Ok(Some(len));
            }
            // Blank lines between messages are skipped.
            continue;
        }
        seen_any = true;
        if let Some((name, value)) = text.split_once(':') {
            if name.trim().eq_ignore_ascii_case("content-length") {
                len = value.trim().parse().ok();
            }
        }
    }
}
