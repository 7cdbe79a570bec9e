//! The DX office's webhook pages.

use axum::Router;

pub fn routes() -> Router<crate::Integration> {
    Router::new()
}
