//! A panic inside one handler answers that request with an internal error; it never ends the
//! session. (The panic hook in `main.rs` reports where the bug is, never the text involved.)

use std::future::Future;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::pin::Pin;
use std::task::{Context, Poll};

use tower_lsp_server::jsonrpc::{Error, Id, Request, Response};
use tower_service::Service;

/// Wraps the language service so that a panicking handler yields a JSON-RPC error.
pub struct PanicGuard<S>(pub S);

/// A handler's future that turns a panic while polling it into an internal-error response.
pub struct Guarded<F> {
    inner: Pin<Box<F>>,
    id: Option<Id>,
}

impl<F, E> Future for Guarded<F>
where
    F: Future<Output = Result<Option<Response>, E>>,
{
    type Output = Result<Option<Response>, E>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = &mut *self;
        match catch_unwind(AssertUnwindSafe(|| this.inner.as_mut().poll(cx))) {
            Ok(p) => p,
            Err(_) => {
                tracing::error!("a request handler panicked; the request gets an internal error");
                let error = Error::internal_error();
                Poll::Ready(Ok(this.id.take().map(|id| Response::from_error(id, error))))
            }
        }
    }
}

impl<S, E> Service<Request> for PanicGuard<S>
where
    S: Service<Request, Response = Option<Response>, Error = E>,
{
    type Response = Option<Response>;
    type Error = E;
    type Future = Guarded<S::Future>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), E>> {
        self.0.poll_ready(cx)
    }

    fn call(&mut self, req: Request) -> Self::Future {
        let id = req.id().cloned();
        Guarded { inner: Box::pin(self.0.call(req)), id }
    }
}
