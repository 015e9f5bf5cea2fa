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

use serde::Deserialize;
use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, BufReader};
use tower_lsp_server::jsonrpc::{Request, Response};

/// What tower-lsp accepts as one incoming message.
#[derive(Deserialize)]
#[serde(untagged)]
#[allow(dead_code)]
enum Incoming {
    Response(Response),
    Request(Request),
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
        let body = match serde_json::from_slice::<Incoming>(&body) {
            Ok(Incoming::Request(r)) if r.id().is_some() && r.method().starts_with("$/") => {
                let (method, id, params) = r.into_parts();
                let mut b = Request::build(format!("unsupported {method}"));
                if let Some(id) = id {
                    b = b.id(id);
                }
                if let Some(p) = params {
                    b = b.params(p);
                }
                serde_json::to_vec(&b.finish()).unwrap_or(body)
            }
            Ok(_) => body,
            Err(_) => {
                // Never log the body: it may hold a document, and so a token.
                tracing::warn!("dropped a {len}-byte message that is not a JSON-RPC message");
                continue;
            }
        };
        let header = format!("Content-Length: {}\r\n\r\n", body.len());
        if output.write_all(header.as_bytes()).await.is_err()
            || output.write_all(&body).await.is_err()
            || output.flush().await.is_err()
        {
            return;
        }
    }
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
