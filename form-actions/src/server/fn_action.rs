//! Server functions as page actions (spec F1): the in-process call, and the
//! 307 that sends a no-JavaScript post to `/api/…` to the page's action.
//!
//! Server only. `leptos_axum` answers a `<form>` posted to a server function's
//! path with a 302 back to the Referer, which loses the result, the status and
//! what was typed. Here the same function runs as a page action instead, so it
//! gets every rule of an action without JavaScript (§1).

use axum::{
    body::Body,
    extract::{Request, State},
    http::{header, request::Parts, HeaderValue, Method, StatusCode},
    middleware::Next,
    response::{IntoResponse, Response},
};
use leptos::{
    prelude::{provide_context, Owner},
    reactive::computed::ScopedFuture,
    server_fn::{
        codec::{FromReq, PostUrl},
        error::FromServerFnError,
        FormatType, ServerFn, ServerFnError,
    },
};
use serde::{de::DeserializeOwned, Serialize};
use std::{collections::HashMap, sync::Arc};

use super::{
    actions::{
        redirect, ActionResponse, Actions, Event, FnAction, Handler, Kind, NamedActions, Outcome,
    },
    error::ActionError,
    pages::PageRoutes,
};
use crate::{action_fn::IntoActionResult, page::ActionSeed, protocol::RawJson, ACTION_HEADER};

/// The header `leptos_axum::redirect` sets for a client that is not a browser
/// navigation; meaningless once the call is a page action.
const SERVER_FN_REDIRECT: &str = "serverfnredirect";

/// The input encoding an action can decode: a server function whose arguments
/// come as a urlencoded body (`#[server]`'s default, and what `<ActionForm>`
/// needs too). A JSON-input function does not compile as an action.
pub trait UrlEncodedInput {}
impl<O> UrlEncodedInput for leptos::server_fn::Http<leptos::server_fn::codec::PostUrl, O> {}

/// A `#[server]` function that can be a page action: its arguments come as a
/// urlencoded body ([`UrlEncodedInput`]), its output is sent as JSON, and its
/// error decides the answer ([`IntoActionResult`]). Every server function with
/// these bounds has it; the registrations and the call name it alone.
pub trait ActionServerFn:
    ServerFn<Protocol: UrlEncodedInput, Output: Serialize, Error: IntoActionResult>
    + DeserializeOwned
    + 'static
{
}
impl<F> ActionServerFn for F where
    F: ServerFn<Protocol: UrlEncodedInput, Output: Serialize, Error: IntoActionResult>
        + DeserializeOwned
        + 'static
{
}

/// `F::PATH`, once it is known that the in-process call runs all of `F`.
fn checked_path<F: ServerFn>() -> &'static str {
    assert!(
        F::middlewares().is_empty(),
        "the server function at {} has #[middleware], which does not run when a page \
         action calls it in-process: check in the function or in a hook instead",
        F::PATH
    );
    F::PATH
}

impl<S: Clone + Send + Sync + 'static> NamedActions<S> {
    /// Adds the `#[server]` function `F` as the action `name` (spec F1):
    /// `POST /path?/name` decodes the form into `F`'s arguments with server_fn's
    /// own codec and runs it in this request, with the contexts Leptos gives a
    /// server function (the request's `Parts`, `ResponseOptions`, the app's
    /// state), so `locals()`, `cookies()`, `expect_context::<S>()` and
    /// `leptos_axum::redirect` (a 303 here) work. Its error decides the answer
    /// ([`IntoActionResult`]). A browser without JavaScript that posts to
    /// `F::PATH` (an `<ActionForm>`) is sent here with a 307.
    ///
    /// # Panics
    /// As [`NamedActions::action`], and when `F` has `#[middleware]`.
    pub fn server_fn<F>(mut self, name: &str) -> Self
    where
        F: ActionServerFn,
    {
        let path = checked_path::<F>();
        self = self.insert(name, erase_server_fn::<S, F>());
        self.1.push(FnAction {
            path,
            name: Some(name.to_owned()),
        });
        self
    }
}

impl<S> Actions<S> {
    /// A page whose only action is the server function `F` (spec F1): see
    /// [`NamedActions::server_fn`].
    pub fn default_server_fn<F>() -> Self
    where
        S: Clone + Send + Sync + 'static,
        F: ActionServerFn,
    {
        let fn_action = FnAction {
            path: checked_path::<F>(),
            name: None,
        };
        Self(Kind::Default(erase_server_fn::<S, F>()), vec![fn_action])
    }
}

/// The action that runs `F`: the form, already read by the dispatcher (415,
/// 413 and bad UTF-8 are its answers), is decoded into `F`'s arguments with
/// server_fn's own `PostUrl` codec, and `F` runs here, in this request.
pub(super) fn erase_server_fn<S, F>() -> Handler<S>
where
    S: Clone + Send + Sync + 'static,
    F: ActionServerFn,
{
    Arc::new(|ev: Event<S>| Box::pin(run::<S, F>(ev)))
}

async fn run<S, F>(ev: Event<S>) -> ActionResponse<RawJson>
where
    S: Clone + Send + Sync + 'static,
    F: ActionServerFn,
{
    // The pairs as a urlencoded body again (a multipart form's too), for the
    // codec. `ServerFnError` as its error type, whatever `F::Error` is, so that
    // a bad argument can be told from the rest.
    let body = Body::from(ev.form.to_urlencoded());
    let req = Request::from_parts(ev.parts.clone(), body);
    let input = match <F as FromReq<PostUrl, Request, ServerFnError>>::from_req(req).await {
        Ok(input) => input,
        // Missing, sent twice, of the wrong type (spec B1).
        Err(ServerFnError::Args(m) | ServerFnError::MissingArg(m)) => {
            return Err(ActionError::new(StatusCode::BAD_REQUEST, args_message(&m)))
        }
        Err(e) => return Err(ActionError::internal(anyhow::anyhow!("{e:?}"))),
    };

    // What leptos_axum provides to a server function (its handle_server_fns and
    // the state of leptos_routes_with_context), in an owner of this call.
    let options = leptos_axum::ResponseOptions::default();
    let owner = Owner::new();
    let fut = owner.with(|| {
        provide_context::<Parts>(ev.parts.clone());
        provide_context(options.clone());
        provide_context::<S>(ev.state.clone());
        ScopedFuture::new(input.run_body())
    });
    // A panic is caught by the dispatcher, as any action's (a 500 with an id).
    let result = fut.await;
    drop(owner);

    // Headers it set go out with the answer; its Location is a redirect, and the
    // status Leptos would answer with is decided here instead.
    let location = {
        let mut parts = options.0.write().unwrap_or_else(|p| p.into_inner());
        let mut headers = std::mem::take(&mut parts.headers);
        headers.remove(SERVER_FN_REDIRECT);
        let location = headers.remove(header::LOCATION);
        let mut out = ev
            .response_headers
            .lock()
            .unwrap_or_else(|p| p.into_inner());
        for (name, value) in headers.iter() {
            out.append(name.clone(), value.clone());
        }
        location
    };
    let seed = |error: Option<String>| {
        *ev.seed.lock().unwrap_or_else(|p| p.into_inner()) = Some(ActionSeed {
            path: F::PATH.to_owned(),
            error,
        });
    };
    match result {
        Ok(_) if location.is_some() => {
            let location = location.as_ref().and_then(|l| l.to_str().ok());
            redirect(location.unwrap_or("/"))
        }
        Ok(output) => {
            seed(None);
            Ok(Outcome::Success(RawJson::encode(&output)?))
        }
        Err(error) => {
            let text =
                <<F::Error as FromServerFnError>::Encoder as FormatType>::into_encoded_string(
                    error.ser(),
                );
            let response = error.into_action_response();
            if matches!(response, Ok(Outcome::Failure { .. })) {
                seed(Some(text));
            }
            response
        }
    }
}

/// Where a no-JavaScript post to a server function's path goes: the pages that
/// registered it, with the action's name.
pub(super) struct FnTargets(HashMap<&'static str, Vec<Target>>);

struct Target {
    /// Whether the page's path matches a URL path (`/todos/7` for `/todos/{id}`).
    matches: Box<dyn Fn(&str) -> bool + Send + Sync>,
    /// The page's path, when it has no parameters.
    plain: Option<&'static str>,
    action: FnAction,
}

impl FnTargets {
    pub(super) fn new<S>(table: &PageRoutes<S>) -> Self {
        let mut map: HashMap<&'static str, Vec<Target>> = HashMap::new();
        for page in &table.pages {
            let Some(actions) = &page.actions else {
                continue;
            };
            for action in &actions.1 {
                map.entry(action.path).or_default().push(Target {
                    matches: page.matcher(),
                    plain: (!page.path().contains('{')).then_some(page.path()),
                    action: action.clone(),
                });
            }
        }
        Self(map)
    }

    pub(super) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The page action for a post to `path` from a page at `from`.
    fn location(&self, path: &str, from: Option<&str>) -> Option<Result<String, String>> {
        let targets = self.0.get(path)?;
        let to = |page: &str, target: &Target| match &target.action.name {
            Some(name) => format!("{page}?/{name}"),
            None => page.to_owned(),
        };
        if let Some(from) = from {
            if let Some(target) = targets.iter().find(|t| (t.matches)(from)) {
                return Some(Ok(to(from, target)));
            }
        }
        let mut plain = targets.iter().filter_map(|t| t.plain.map(|p| (p, t)));
        Some(match (plain.next(), plain.next()) {
            (Some((page, target)), None) => Ok(to(page, target)),
            _ => Err(format!(
                "{path} is an action of several pages; post to one of them (`formaction`)"
            )),
        })
    }
}

/// A browser without JavaScript posting an `<ActionForm>` to a server
/// function's path, which a page registered as an action: answered with a
/// `307 Temporary Redirect` to that action, which the browser follows with the
/// same method and body (and the same Origin, so the CSRF check still passes).
/// The address bar then shows the page, so its relative links and forms work.
/// Told apart from Leptos's own `fetch` as server_fn does: its `Accept` names
/// `text/html`. The page is the Referer's when it registered the function, or
/// else the only one without parameters.
pub(super) async fn server_fn_form_post(
    State(targets): State<Arc<FnTargets>>,
    req: Request,
    next: Next,
) -> Response {
    let headers = req.headers();
    let navigation = req.method() == Method::POST
        && !headers.contains_key(ACTION_HEADER)
        && headers
            .get(header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.contains("text/html"));
    if !navigation {
        return next.run(req).await;
    }
    let from = headers
        .get(header::REFERER)
        .and_then(|v| v.to_str().ok())
        .and_then(|r| r.parse::<axum::http::Uri>().ok())
        .map(|uri| uri.path().to_owned());
    match targets.location(req.uri().path(), from.as_deref()) {
        None => next.run(req).await,
        Some(Ok(location)) => match HeaderValue::from_str(&location) {
            Ok(location) => (
                StatusCode::TEMPORARY_REDIRECT,
                [(header::LOCATION, location)],
            )
                .into_response(),
            Err(_) => StatusCode::BAD_REQUEST.into_response(),
        },
        Some(Err(message)) => (StatusCode::BAD_REQUEST, message).into_response(),
    }
}

/// What a person reads when the form does not decode into the arguments: a
/// field sent twice in the words of a plain action's (`FormData::get`), else
/// serde_qs's own message.
fn args_message(serde_message: &str) -> String {
    let twice = serde_message
        .strip_prefix("Multiple values for one key: \"")
        .and_then(|rest| rest.split('"').next());
    match twice {
        Some(name) => format!("The field `{name}` was sent more than once"),
        None => format!("The form could not be read: {serde_message}"),
    }
}

#[cfg(test)]
mod tests {
    use super::args_message;

    #[test]
    fn a_field_sent_twice_is_named_as_a_plain_actions_would() {
        assert_eq!(
            args_message("Multiple values for one key: \"email\""),
            "The field `email` was sent more than once"
        );
        assert_eq!(
            args_message("invalid type"),
            "The form could not be read: invalid type"
        );
    }
}
