//! The one way the browser half builds a request. Browser only.

use wasm_bindgen::JsValue;
use web_sys::{Request, RequestInit};

/// A `fetch` request.
pub(super) fn request(
    method: &str,
    url: &str,
    body: Option<&JsValue>,
    headers: &[(&str, &str)],
) -> Result<Request, JsValue> {
    let init = RequestInit::new();
    init.set_method(method);
    if let Some(body) = body {
        init.set_body(body);
    }
    let request = Request::new_with_str_and_init(url, &init)?;
    for (name, value) in headers {
        request.headers().set(name, value)?;
    }
    Ok(request)
}
