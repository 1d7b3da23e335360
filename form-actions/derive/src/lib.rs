//! The derives of `leptos-form-actions`: `#[derive(Form)]` on a struct declares a
//! form, `#[derive(Choice)]` on an enum of unit variants makes it a select or a
//! group of radios or checkboxes. What the generated code means is documented on
//! the traits it implements (`leptos_form_actions::fields::{Form, FieldValue}`);
//! this crate only reads the attributes and writes that code.
//!
//! `#[action(Page)]` on an `async fn` declares an action (see
//! `leptos_form_actions::Action`), `#[load]` a load (see
//! `leptos_form_actions::load`).
//!
//! Runs at compile time, in the compiler.

use proc_macro::TokenStream;
use proc_macro2::{Span, TokenStream as Tokens};
use quote::{format_ident, quote};
use syn::{
    parse_macro_input, spanned::Spanned, Data, DeriveInput, Fields, Ident, Lit, LitStr, Type,
};

/// Declares a form: see `leptos_form_actions::fields::Form`.
///
/// On the struct: `#[form(name = "…", status = 422, key = "field", summary)]`.
/// On each field: `#[field(label = "…", …)]` with the rules and options listed in
/// the crate's README ("Writing a form"). A `Vec` of another form is a list of
/// rows (spec P1): `#[field(rows, label = "…", row = "Subtask {n}", max_rows = 20,
/// too_many = "At most 20 subtasks")]`.
#[proc_macro_derive(Form, attributes(form, field))]
pub fn derive_form(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    form(input)
        .unwrap_or_else(syn::Error::into_compile_error)
        .into()
}

/// Declares an action of a page (spec T1): `#[action(Todos)]` on
/// `async fn add(ev: Event<AppState>, form: AddTodo) -> Result<Output, Stop>`,
/// or `#[action(Logout, default)]` for the page's default action. The input
/// (the typed form) may be left out: the action then reads `ev.form` itself.
/// The request may be left out too, by an action that needs neither the app's
/// state nor the request: `async fn greet(form: Greet) -> Result<String, Stop>`.
///
/// It writes the action's value: the function `add`, which the page lists
/// (`.action(add)`) and views take a handle of (`use_action(add)`), and a type
/// of the same name that implements `Action`; the body runs on the server
/// only (`ActionBody`), and is left out of the browser's build.
#[proc_macro_attribute]
pub fn action(args: TokenStream, item: TokenStream) -> TokenStream {
    let args = Tokens::from(args);
    let item = parse_macro_input!(item as syn::ItemFn);
    action_impl(args, item)
        .unwrap_or_else(syn::Error::into_compile_error)
        .into()
}

/// Declares a load (spec T6): `#[load]` on
/// `async fn load_todos(…) -> Result<T, PageError>`, read by a page's view with
/// `leptos_form_actions::load(source, |…| load_todos(…))`. The function runs on
/// the server, in the process, while a page renders: unlike a `#[server]`
/// function it answers at no URL. Its body is compiled on the server only; the
/// browser's build keeps its signature (a view that is not an island is
/// compiled there too, and never runs) with a body that panics, since nothing
/// there calls it: an island that needs server data calls a `#[server]`
/// function, which the app declares as an endpoint.
#[proc_macro_attribute]
pub fn load(args: TokenStream, item: TokenStream) -> TokenStream {
    let args = Tokens::from(args);
    let item = parse_macro_input!(item as syn::ItemFn);
    load_impl(args, item)
        .unwrap_or_else(syn::Error::into_compile_error)
        .into()
}

fn load_impl(args: Tokens, item: syn::ItemFn) -> syn::Result<Tokens> {
    if !args.is_empty() {
        return Err(syn::Error::new(args.span(), "`#[load]` takes no arguments"));
    }
    if item.sig.asyncness.is_none() {
        return Err(syn::Error::new(
            item.sig.fn_token.span(),
            "a load is an `async fn`",
        ));
    }
    // The browser's signature: the same, its arguments unnamed (unused there).
    let mut browser = item.sig.clone();
    for arg in browser.inputs.iter_mut() {
        match arg {
            syn::FnArg::Typed(typed) => *typed.pat = syn::parse_quote!(_),
            syn::FnArg::Receiver(r) => {
                return Err(syn::Error::new(r.span(), "a load is a free function"))
            }
        }
    }
    let message = format!(
        "`{}` is a load: it runs on the server, while a page renders, never in the browser",
        item.sig.ident
    );
    let (attrs, vis) = (&item.attrs, &item.vis);
    let krate = quote!(::leptos_form_actions);
    Ok(quote! {
        #krate::__if_ssr! {
            #item
        }
        #krate::__unless_ssr! {
            #(#attrs)*
            #vis #browser {
                ::core::unreachable!(#message)
            }
        }
    })
}

fn action_impl(args: Tokens, item: syn::ItemFn) -> syn::Result<Tokens> {
    use syn::{punctuated::Punctuated, FnArg, Path, ReturnType, Token};
    let args: Punctuated<Path, Token![,]> =
        syn::parse::Parser::parse2(Punctuated::parse_terminated, args)?;
    let mut args = args.into_iter();
    let page = args.next().ok_or_else(|| {
        syn::Error::new(
            Span::call_site(),
            "name the action's page: #[action(Todos)], where `route!(Todos = \"/todos\")`",
        )
    })?;
    let mut default = false;
    for arg in args {
        if arg.is_ident("default") {
            default = true;
        } else {
            return Err(syn::Error::new(arg.span(), "expected `default`"));
        }
    }
    let sig = &item.sig;
    if sig.asyncness.is_none() {
        return Err(syn::Error::new(
            sig.fn_token.span(),
            "an action is an `async fn`",
        ));
    }
    if !sig.generics.params.is_empty() {
        return Err(syn::Error::new(
            sig.generics.span(),
            "an action has no generic parameters",
        ));
    }
    let typed = |arg: &FnArg| match arg {
        FnArg::Typed(t) => Ok(((*t.pat).clone(), (*t.ty).clone())),
        FnArg::Receiver(r) => Err(syn::Error::new(r.span(), "an action is a free function")),
    };
    // The request comes first when the action takes it (`ev: Event<AppState>`);
    // an action that needs neither state nor request takes only its form.
    let mut inputs = sig.inputs.iter().peekable();
    let event = match inputs.peek() {
        Some(arg) if is_event(&typed(arg)?.1) => {
            let (pat, ty) = typed(inputs.next().expect("peeked"))?;
            let state = last_generic(&ty).ok_or_else(|| {
                syn::Error::new(
                    ty.span(),
                    "expected `Event<AppState>`, with the app's state",
                )
            })?;
            Some((pat, ty, state))
        }
        _ => None,
    };
    let (input_pat, input_ty): (syn::Pat, Type) = match inputs.next() {
        Some(arg) => typed(arg)?,
        None => (syn::parse_quote!(_), syn::parse_quote!(())),
    };
    if let Some(extra) = inputs.next() {
        return Err(syn::Error::new(
            extra.span(),
            "an action takes the request (`ev: Event<AppState>`) and one typed form, no more",
        ));
    }
    let output = match &sig.output {
        ReturnType::Type(_, ty) => last_generic_first(ty),
        ReturnType::Default => None,
    }
    .ok_or_else(|| {
        syn::Error::new(
            sig.output.span(),
            "an action returns `Result<Output, Stop>`",
        )
    })?;
    let name = &sig.ident;
    let name_text = name.to_string();
    let action_name = if default {
        quote!(::core::option::Option::None)
    } else {
        quote!(::core::option::Option::Some(#name_text))
    };
    let vis = &item.vis;
    let attrs = &item.attrs;
    let body = &item.block;
    let ret = match &sig.output {
        ReturnType::Type(_, ty) => ty.clone(),
        ReturnType::Default => unreachable!(),
    };
    let krate = quote!(::leptos_form_actions);
    // The body, on the server only; for any app state when it takes no request.
    let body_impl = match event {
        Some((ev_pat, ev_ty, state)) => quote! {
            #krate::__if_ssr! {
                impl #krate::server::ActionBody<#state> for #name {
                    fn run(
                        self,
                        #ev_pat: #ev_ty,
                        #input_pat: #input_ty,
                    ) -> #krate::__private::BoxFuture<'static, #ret> {
                        ::std::boxed::Box::pin(async move #body)
                    }
                }
            }
        },
        None => quote! {
            #krate::__if_ssr! {
                impl<__S> #krate::server::ActionBody<__S> for #name {
                    fn run(
                        self,
                        _: #krate::server::Event<__S>,
                        #input_pat: #input_ty,
                    ) -> #krate::__private::BoxFuture<'static, #ret> {
                        ::std::boxed::Box::pin(async move #body)
                    }
                }
            }
        },
    };
    Ok(quote! {
        #(#attrs)*
        #[allow(non_camel_case_types)]
        #[derive(Clone, Copy, Debug, Default)]
        #vis struct #name {}

        #(#attrs)*
        #vis fn #name() -> #name {
            #name {}
        }

        impl #krate::Action for #name {
            type Page = #page;
            type Input = #input_ty;
            type Output = #output;
            const NAME: ::core::option::Option<&'static str> = #action_name;
        }

        #body_impl
    })
}

/// `T` of `Vec<T>`.
fn vec_item(ty: &Type) -> Option<Type> {
    let Type::Path(path) = ty else { return None };
    if path.path.segments.last()?.ident != "Vec" {
        return None;
    }
    last_generic_first(ty)
}

/// Whether a field's type is a file field (spec U1): `Some(true)` for
/// `Vec<Upload>`, `Some(false)` for `Upload` or `Option<Upload>`.
fn upload_kind(ty: &Type) -> Option<bool> {
    let is_upload = |ty: &Type| matches!(ty, Type::Path(p) if p.path.segments.last().is_some_and(|s| s.ident == "Upload"));
    if is_upload(ty) {
        return Some(false);
    }
    let Type::Path(path) = ty else { return None };
    let outer = &path.path.segments.last()?.ident;
    let inner = last_generic_first(ty)?;
    match () {
        _ if outer == "Vec" && is_upload(&inner) => Some(true),
        _ if outer == "Option" && is_upload(&inner) => Some(false),
        _ => None,
    }
}

/// Whether an argument's type is the request, `Event<…>`.
fn is_event(ty: &Type) -> bool {
    matches!(ty, Type::Path(path) if path.path.segments.last().is_some_and(|s| s.ident == "Event"))
}

/// `S` of a type that ends in `Name<S>` (`Event<AppState>`).
fn last_generic(ty: &Type) -> Option<Type> {
    generic_args(ty)?.into_iter().last()
}

/// `T` of a type that ends in `Name<T, …>` (`Result<T, Stop>`).
fn last_generic_first(ty: &Type) -> Option<Type> {
    generic_args(ty)?.into_iter().next()
}

fn generic_args(ty: &Type) -> Option<Vec<Type>> {
    let Type::Path(path) = ty else { return None };
    let segment = path.path.segments.last()?;
    let syn::PathArguments::AngleBracketed(args) = &segment.arguments else {
        return None;
    };
    Some(
        args.args
            .iter()
            .filter_map(|a| match a {
                syn::GenericArgument::Type(t) => Some(t.clone()),
                _ => None,
            })
            .collect(),
    )
}

/// Makes an enum of unit variants a field value with a fixed list of choices:
/// see `leptos_form_actions::fields::Choice`.
///
/// On each variant, optionally: `#[choice(value = "…", label = "…")]`; by default
/// the value is the variant's name in snake case and the label its name.
#[proc_macro_derive(Choice, attributes(choice))]
pub fn derive_choice(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    choice(input)
        .unwrap_or_else(syn::Error::into_compile_error)
        .into()
}

/// The struct's `#[form(...)]`.
#[derive(Default)]
struct FormAttrs {
    name: Option<LitStr>,
    status: Option<u16>,
    key: Option<LitStr>,
    summary: bool,
}

/// A field's `#[field(...)]`.
#[derive(Default)]
struct FieldAttrs {
    label: Option<syn::Expr>,
    name: Option<LitStr>,
    widget: Option<&'static str>,
    input: Option<LitStr>,
    autocomplete: Option<LitStr>,
    required: Option<syn::Expr>,
    min_length: Option<u32>,
    max_length: Option<u32>,
    too_short: Option<syn::Expr>,
    too_long: Option<syn::Expr>,
    min: Option<(f64, String)>,
    max: Option<(f64, String)>,
    step: Option<LitStr>,
    out_of_range: Option<syn::Expr>,
    invalid: Option<syn::Expr>,
    hint: Option<syn::Expr>,
    /// A list of rows (spec P1): `rows, row = "…", max_rows = N, too_many = "…"`.
    rows: bool,
    row: Option<syn::Expr>,
    max_rows: Option<u16>,
    too_many: Option<syn::Expr>,
    /// A file field (spec U1): `accept = "…", wrong_type = …, max_size = N,
    /// too_large = …, max_files = N` (and `too_many`).
    accept: Option<LitStr>,
    wrong_type: Option<syn::Expr>,
    max_size: Option<u64>,
    too_large: Option<syn::Expr>,
    max_files: Option<u16>,
    again: Option<syn::Expr>,
}

/// A number literal: its value, and its digits as written (for the attribute).
fn number(lit: &Lit) -> syn::Result<(f64, String)> {
    match lit {
        Lit::Int(i) => Ok((i.base10_parse::<f64>()?, i.base10_digits().to_owned())),
        Lit::Float(f) => Ok((f.base10_parse::<f64>()?, f.base10_digits().to_owned())),
        other => Err(syn::Error::new(other.span(), "expected a number")),
    }
}

fn form_attrs(input: &DeriveInput) -> syn::Result<FormAttrs> {
    let mut attrs = FormAttrs::default();
    for attr in input.attrs.iter().filter(|a| a.path().is_ident("form")) {
        attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("name") {
                attrs.name = Some(meta.value()?.parse()?);
            } else if meta.path.is_ident("status") {
                let lit: syn::LitInt = meta.value()?.parse()?;
                let status = lit.base10_parse::<u16>()?;
                if !(400..=599).contains(&status) {
                    return Err(syn::Error::new(
                        lit.span(),
                        "a failure's status is 400..=599",
                    ));
                }
                attrs.status = Some(status);
            } else if meta.path.is_ident("key") {
                attrs.key = Some(meta.value()?.parse()?);
            } else if meta.path.is_ident("summary") {
                attrs.summary = true;
            } else {
                return Err(
                    meta.error("unknown form option: expected name, status, key or summary")
                );
            }
            Ok(())
        })?;
    }
    Ok(attrs)
}

fn field_attrs(field: &syn::Field) -> syn::Result<FieldAttrs> {
    let mut attrs = FieldAttrs::default();
    for attr in field.attrs.iter().filter(|a| a.path().is_ident("field")) {
        attr.parse_nested_meta(|meta| {
            let p = &meta.path;
            let widget = ["hidden", "textarea", "radio"]
                .into_iter()
                .find(|w| p.is_ident(w));
            if let Some(widget) = widget {
                attrs.widget = Some(widget);
            } else if p.is_ident("rows") {
                attrs.rows = true;
            } else if p.is_ident("row") {
                attrs.row = Some(meta.value()?.parse()?);
            } else if p.is_ident("max_rows") {
                attrs.max_rows = Some(meta.value()?.parse::<syn::LitInt>()?.base10_parse()?);
            } else if p.is_ident("too_many") {
                attrs.too_many = Some(meta.value()?.parse()?);
            } else if p.is_ident("label") {
                attrs.label = Some(meta.value()?.parse()?);
            } else if p.is_ident("name") {
                attrs.name = Some(meta.value()?.parse()?);
            } else if p.is_ident("input") {
                attrs.input = Some(meta.value()?.parse()?);
            } else if p.is_ident("autocomplete") {
                attrs.autocomplete = Some(meta.value()?.parse()?);
            } else if p.is_ident("required") {
                attrs.required = Some(meta.value()?.parse()?);
            } else if p.is_ident("min_length") {
                attrs.min_length = Some(meta.value()?.parse::<syn::LitInt>()?.base10_parse()?);
            } else if p.is_ident("max_length") {
                attrs.max_length = Some(meta.value()?.parse::<syn::LitInt>()?.base10_parse()?);
            } else if p.is_ident("too_short") {
                attrs.too_short = Some(meta.value()?.parse()?);
            } else if p.is_ident("too_long") {
                attrs.too_long = Some(meta.value()?.parse()?);
            } else if p.is_ident("min") {
                attrs.min = Some(number(&meta.value()?.parse()?)?);
            } else if p.is_ident("max") {
                attrs.max = Some(number(&meta.value()?.parse()?)?);
            } else if p.is_ident("step") {
                attrs.step = Some(meta.value()?.parse()?);
            } else if p.is_ident("out_of_range") {
                attrs.out_of_range = Some(meta.value()?.parse()?);
            } else if p.is_ident("invalid") {
                attrs.invalid = Some(meta.value()?.parse()?);
            } else if p.is_ident("hint") {
                attrs.hint = Some(meta.value()?.parse()?);
            } else if p.is_ident("accept") {
                attrs.accept = Some(meta.value()?.parse()?);
            } else if p.is_ident("wrong_type") {
                attrs.wrong_type = Some(meta.value()?.parse()?);
            } else if p.is_ident("max_size") {
                attrs.max_size = Some(meta.value()?.parse::<syn::LitInt>()?.base10_parse()?);
            } else if p.is_ident("too_large") {
                attrs.too_large = Some(meta.value()?.parse()?);
            } else if p.is_ident("max_files") {
                attrs.max_files = Some(meta.value()?.parse::<syn::LitInt>()?.base10_parse()?);
            } else if p.is_ident("again") {
                attrs.again = Some(meta.value()?.parse()?);
            } else {
                return Err(meta.error(
                    "unknown field option: expected label, name, hidden, textarea, radio, input, \
                     autocomplete, hint, required, min_length, too_short, max_length, too_long, \
                     min, max, step, out_of_range, invalid, rows with row, max_rows and too_many, \
                     or a file's accept, wrong_type, max_size, too_large, max_files, too_many \
                     and again",
                ));
            }
            Ok(())
        })?;
    }
    if attrs.rows {
        let other = attrs.widget.is_some()
            || attrs.input.is_some()
            || attrs.autocomplete.is_some()
            || attrs.required.is_some()
            || attrs.min_length.is_some()
            || attrs.max_length.is_some()
            || attrs.min.is_some()
            || attrs.max.is_some()
            || attrs.step.is_some()
            || attrs.out_of_range.is_some()
            || attrs.invalid.is_some()
            || attrs.hint.is_some();
        if other {
            return Err(syn::Error::new(
                field.span(),
                "a list of rows takes label, name, row, max_rows and too_many; \
                 its rows' fields have their own rules",
            ));
        }
        if attrs.row.is_none() || attrs.max_rows.is_none() || attrs.too_many.is_none() {
            return Err(syn::Error::new(
                field.span(),
                "a list of rows needs row = \"… {n}\" (a row's name), max_rows = N and \
                 too_many = \"…\" (the issue of one row too many)",
            ));
        }
    } else if attrs.row.is_some() || attrs.max_rows.is_some() {
        return Err(syn::Error::new(
            field.span(),
            "row, max_rows and too_many are for a list of rows: add `rows`",
        ));
    }
    let file = attrs.accept.is_some()
        || attrs.wrong_type.is_some()
        || attrs.max_size.is_some()
        || attrs.too_large.is_some()
        || attrs.max_files.is_some()
        || attrs.again.is_some();
    match upload_kind(&field.ty) {
        None if file => return Err(syn::Error::new(
            field.span(),
            "accept, wrong_type, max_size, too_large, max_files and again are for a file field: \
                 `Upload`, `Option<Upload>` or `Vec<Upload>`",
        )),
        None if attrs.too_many.is_some() && !attrs.rows => {
            return Err(syn::Error::new(
                field.span(),
                "too_many is for a list of rows (`rows`) or of files (`Vec<Upload>`)",
            ))
        }
        None => {}
        Some(many) => {
            if attrs.max_size.is_none() || attrs.too_large.is_none() {
                return Err(syn::Error::new(
                    field.span(),
                    "a file field needs its largest size and its message: \
                     max_size = 5_000_000, too_large = \"File must be at most 5 MB\"",
                ));
            }
            if attrs.accept.is_some() != attrs.wrong_type.is_some() {
                return Err(syn::Error::new(
                    field.span(),
                    "accept and wrong_type go together: the types and their message",
                ));
            }
            if many && (attrs.max_files.is_none() || attrs.too_many.is_none()) {
                return Err(syn::Error::new(
                    field.span(),
                    "a list of files needs max_files = N and too_many = \"…\"",
                ));
            }
            if !many && attrs.max_files.is_some() {
                return Err(syn::Error::new(
                    field.span(),
                    "max_files is for a list of files (`Vec<Upload>`)",
                ));
            }
        }
    }
    if attrs.min_length.is_some() != attrs.too_short.is_some() {
        return Err(syn::Error::new(
            field.span(),
            "min_length and too_short go together: the rule and its message",
        ));
    }
    if attrs.max_length.is_some() != attrs.too_long.is_some() {
        return Err(syn::Error::new(
            field.span(),
            "max_length and too_long go together: the rule and its message",
        ));
    }
    if (attrs.min.is_some() || attrs.max.is_some()) && attrs.out_of_range.is_none() {
        return Err(syn::Error::new(
            field.span(),
            "min and max need their message: out_of_range = \"…\"",
        ));
    }
    if attrs.label.is_none() && attrs.widget != Some("hidden") {
        return Err(syn::Error::new(
            field.span(),
            "every field needs a label (#[field(label = \"…\")]), unless it is hidden",
        ));
    }
    Ok(attrs)
}

fn snake_case(name: &str) -> String {
    let mut out = String::new();
    for (i, c) in name.chars().enumerate() {
        if c.is_uppercase() {
            if i > 0 {
                out.push('_');
            }
            out.extend(c.to_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

fn opt_str(value: &Option<LitStr>) -> Tokens {
    match value {
        Some(v) => quote!(::core::option::Option::Some(#v)),
        None => quote!(::core::option::Option::None),
    }
}

/// A message as the layer keeps it: a string literal is a text in no
/// particular language (`Msg::Plain`); any other expression is a value of the
/// app's message type (`Text::EmailRequired`), kept as a `&'static dyn Message`
/// and rendered in each request's language (spec L4).
fn msg(expr: &syn::Expr) -> Tokens {
    let i18n = quote!(::leptos_form_actions::i18n);
    match expr {
        syn::Expr::Lit(syn::ExprLit {
            lit: Lit::Str(text),
            ..
        }) => quote!(#i18n::Msg::Plain(#text)),
        _ => quote!(#i18n::Msg::App({
            const MESSAGE: &'static dyn #i18n::Message = &(#expr);
            MESSAGE
        })),
    }
}

fn opt_msg(value: &Option<syn::Expr>) -> Tokens {
    match value {
        Some(v) => {
            let m = msg(v);
            quote!(::core::option::Option::Some(#m))
        }
        None => quote!(::core::option::Option::None),
    }
}

fn form(input: DeriveInput) -> syn::Result<Tokens> {
    let krate = quote!(::leptos_form_actions::fields);
    let ident = &input.ident;
    let vis = &input.vis;
    let attrs = form_attrs(&input)?;
    let Data::Struct(data) = &input.data else {
        return Err(syn::Error::new(
            input.span(),
            "#[derive(Form)] is for structs",
        ));
    };
    let Fields::Named(named) = &data.fields else {
        return Err(syn::Error::new(
            input.span(),
            "#[derive(Form)] needs a struct with named fields",
        ));
    };
    if !input.generics.params.is_empty() {
        return Err(syn::Error::new(
            input.generics.span(),
            "a form cannot be generic",
        ));
    }

    let form_name = attrs
        .name
        .clone()
        .unwrap_or_else(|| LitStr::new(&snake_case(&ident.to_string()), ident.span()));
    let status = attrs.status.unwrap_or(422);
    let summary = attrs.summary;

    let mut idents: Vec<&Ident> = Vec::new();
    // Per field: its type in the `…Fields` struct, how it is made there, how
    // it is parsed, how it is echoed.
    let mut field_types = Vec::new();
    let mut field_news = Vec::new();
    let mut parses = Vec::new();
    let mut echoes = Vec::new();
    let mut specs = Vec::new();
    let mut rows_statics = Vec::new();
    let mut names = Vec::new();
    let mut multipart = false;
    for (index, field) in named.named.iter().enumerate() {
        let field_ident = field.ident.as_ref().expect("named fields");
        let ty = &field.ty;
        let a = field_attrs(field)?;
        multipart |= upload_kind(ty).is_some();
        let html_name = a.name.clone().unwrap_or_else(|| {
            let raw = field_ident.to_string();
            LitStr::new(raw.trim_start_matches("r#"), field_ident.span())
        });
        names.push(html_name.value());
        let label = match &a.label {
            Some(label) => msg(label),
            None => quote!(::leptos_form_actions::i18n::Msg::Plain(#html_name)),
        };
        if a.rows {
            let inner = vec_item(ty).ok_or_else(|| {
                syn::Error::new(
                    ty.span(),
                    "a list of rows is a `Vec` of a sub-form (a `#[derive(Form)]` struct)",
                )
            })?;
            let row = msg(a.row.as_ref().expect("checked"));
            let too_many = msg(a.too_many.as_ref().expect("checked"));
            let max = a.max_rows.expect("checked");
            let rows_static = format_ident!("__ROWS_{}", index);
            rows_statics.push(quote! {
                static #rows_static: #krate::RowsSpec = #krate::RowsSpec {
                    row: #row,
                    max: #max,
                    too_many: #too_many,
                    fields: <#inner as #krate::Form>::specs,
                };
            });
            specs.push(quote! { #krate::FieldSpec::rows(#html_name, #label, &#rows_static) });
            field_types.push(quote! { #krate::Rows<#inner> });
            field_news.push(quote! { #krate::Rows::new(&specs[#index], view) });
            parses
                .push(quote! { #krate::parse_rows::<#inner>(source, &specs[#index], &mut issues) });
            echoes.push(quote! { #krate::echo_rows::<#inner>(&self.#field_ident, &specs[#index], &mut values) });
            idents.push(field_ident);
            continue;
        }
        let widget = match a.widget {
            Some("hidden") => quote!(::core::option::Option::Some(#krate::Widget::Hidden)),
            Some("textarea") => quote!(::core::option::Option::Some(#krate::Widget::TextArea)),
            Some("radio") => quote!(::core::option::Option::Some(#krate::Widget::Radios)),
            _ => quote!(::core::option::Option::None),
        };
        let input_type = opt_str(&a.input);
        let autocomplete = opt_str(&a.autocomplete);
        let hint = opt_msg(&a.hint);
        let required = opt_msg(&a.required);
        let pair = |n: Option<u32>, m: &Option<syn::Expr>| match (n, m) {
            (Some(n), Some(m)) => {
                let m = msg(m);
                quote!(::core::option::Option::Some((#n, #m)))
            }
            _ => quote!(::core::option::Option::None),
        };
        let min_length = pair(a.min_length, &a.too_short);
        let max_length = pair(a.max_length, &a.too_long);
        let bound = |v: &Option<(f64, String)>| match v {
            Some((v, text)) => quote!(::core::option::Option::Some((#v, #text))),
            None => quote!(::core::option::Option::None),
        };
        let min = bound(&a.min);
        let max = bound(&a.max);
        let step = opt_str(&a.step);
        let out_of_range = opt_msg(&a.out_of_range);
        let invalid = opt_msg(&a.invalid);
        let files = match (a.max_size, &a.too_large) {
            (Some(max_size), Some(too_large)) => {
                let accept = a
                    .accept
                    .clone()
                    .unwrap_or_else(|| LitStr::new("", Span::call_site()));
                let wrong_type = match &a.wrong_type {
                    Some(m) => msg(m),
                    None => quote!(::leptos_form_actions::i18n::Msg::Plain("")),
                };
                let too_large = msg(too_large);
                let max_files = a.max_files.unwrap_or(1);
                let too_many = match &a.too_many {
                    Some(m) => msg(m),
                    None => quote!(::leptos_form_actions::i18n::Msg::Kit(
                        ::leptos_form_actions::i18n::KitText::ChooseOneFile
                    )),
                };
                let again = match &a.again {
                    Some(m) => msg(m),
                    None => quote!(::leptos_form_actions::i18n::Msg::Plain("")),
                };
                quote!(::core::option::Option::Some(&#krate::FileRules {
                    again: #again,
                    accept: #accept,
                    wrong_type: #wrong_type,
                    max_size: #max_size,
                    too_large: #too_large,
                    max_files: #max_files,
                    too_many: #too_many,
                }))
            }
            _ => quote!(::core::option::Option::None),
        };
        specs.push(quote! {
            #krate::FieldSpec::of(
                <#ty as #krate::FieldValue>::KIND,
                #html_name,
                #label,
                #krate::Declared {
                    widget: #widget,
                    input: #input_type,
                    autocomplete: #autocomplete,
                    hint: #hint,
                    files: #files,
                    rules: #krate::Rules {
                        required: #required,
                        min_length: #min_length,
                        max_length: #max_length,
                        min: #min,
                        max: #max,
                        step: #step,
                        out_of_range: #out_of_range,
                        invalid: #invalid,
                    },
                },
            )
        });
        field_types.push(quote! { #krate::Field<#ty> });
        field_news.push(quote! { #krate::Field::new(&specs[#index], view) });
        parses.push(quote! { #krate::parse_field::<#ty>(source, &specs[#index], &mut issues) });
        echoes.push(quote! { #krate::echo_field(&self.#field_ident, &specs[#index], &mut values) });
        idents.push(field_ident);
    }
    for (i, name) in names.iter().enumerate() {
        if names[..i].contains(name) {
            return Err(syn::Error::new(
                named.named[i].span(),
                format!("two fields of this form are named `{name}`"),
            ));
        }
    }
    let key = match &attrs.key {
        Some(key) => {
            if !names.contains(&key.value()) {
                return Err(syn::Error::new(
                    key.span(),
                    "the key must name a field of the form",
                ));
            }
            quote!(::core::option::Option::Some(#key))
        }
        None => quote!(::core::option::Option::None),
    };

    let count = specs.len();
    let fields_ident = format_ident!("{}Fields", ident);
    let doc = format!("The fields of [`{ident}`], each named and typed: what its views use.");
    let field_docs: Vec<String> = names.iter().map(|n| format!("The field `{n}`.")).collect();
    let locals: Vec<Ident> = idents
        .iter()
        .map(|i| {
            Ident::new(
                &format!("__{}", i.to_string().trim_start_matches("r#")),
                Span::call_site(),
            )
        })
        .collect();

    Ok(quote! {
        #[doc = #doc]
        #[derive(Clone, Copy)]
        #vis struct #fields_ident {
            #(
                #[doc = #field_docs]
                #vis #idents: #field_types,
            )*
        }

        impl #krate::Form for #ident {
            type Fields = #fields_ident;
            const NAME: &'static str = #form_name;
            const STATUS: u16 = #status;
            const KEY: ::core::option::Option<&'static str> = #key;
            const SUMMARY: bool = #summary;
            const MULTIPART: bool = #multipart;

            fn specs() -> &'static [#krate::FieldSpec] {
                #(#rows_statics)*
                static SPECS: [#krate::FieldSpec; #count] = [#(#specs),*];
                &SPECS
            }

            fn fields(view: #krate::FormView) -> Self::Fields {
                let specs = <Self as #krate::Form>::specs();
                #fields_ident {
                    #( #idents: #field_news, )*
                }
            }

            fn parse_from(source: &dyn #krate::Source) -> ::core::result::Result<Self, #krate::Issues> {
                let specs = <Self as #krate::Form>::specs();
                let mut issues = #krate::Issues::default();
                #(
                    let #locals = #parses;
                )*
                match (#(#locals,)*) {
                    (#(::core::option::Option::Some(#locals),)*) => ::core::result::Result::Ok(Self {
                        #( #idents: #locals, )*
                    }),
                    _ => ::core::result::Result::Err(issues),
                }
            }

            fn values(&self) -> #krate::Values {
                let specs = <Self as #krate::Form>::specs();
                let mut values = #krate::Values::default();
                #(
                    #echoes;
                )*
                values
            }
        }
    })
}

fn choice(input: DeriveInput) -> syn::Result<Tokens> {
    let krate = quote!(::leptos_form_actions::fields);
    let ident = &input.ident;
    let Data::Enum(data) = &input.data else {
        return Err(syn::Error::new(
            input.span(),
            "#[derive(Choice)] is for enums",
        ));
    };
    let mut variants = Vec::new();
    let mut values = Vec::new();
    let mut labels = Vec::new();
    for variant in &data.variants {
        if !matches!(variant.fields, Fields::Unit) {
            return Err(syn::Error::new(
                variant.span(),
                "#[derive(Choice)] needs unit variants: each is one choice",
            ));
        }
        let mut value = None;
        let mut label = None;
        for attr in variant.attrs.iter().filter(|a| a.path().is_ident("choice")) {
            attr.parse_nested_meta(|meta| {
                if meta.path.is_ident("value") {
                    value = Some(meta.value()?.parse::<LitStr>()?);
                } else if meta.path.is_ident("label") {
                    label = Some(msg(&meta.value()?.parse::<syn::Expr>()?));
                } else {
                    return Err(meta.error("unknown choice option: expected value or label"));
                }
                Ok(())
            })?;
        }
        let name = variant.ident.to_string();
        values.push(value.unwrap_or_else(|| LitStr::new(&snake_case(&name), variant.span())));
        labels.push(label.unwrap_or_else(|| {
            let name = LitStr::new(&name, variant.span());
            quote!(::leptos_form_actions::i18n::Msg::Plain(#name))
        }));
        variants.push(&variant.ident);
    }
    if variants.is_empty() {
        return Err(syn::Error::new(
            input.span(),
            "a choice needs at least one variant",
        ));
    }
    Ok(quote! {
        impl #krate::Choice for #ident {
            const CHOICES: &'static [#krate::ChoiceItem] = &[
                #( #krate::ChoiceItem { value: #values, label: #labels }, )*
            ];

            fn value(&self) -> &'static str {
                match self { #( Self::#variants => #values, )* }
            }

            fn from_value(value: &str) -> ::core::option::Option<Self> {
                match value {
                    #( #values => ::core::option::Option::Some(Self::#variants), )*
                    _ => ::core::option::Option::None,
                }
            }
        }

        impl #krate::FieldValue for #ident {
            const KIND: #krate::Kind = #krate::Kind::choice(<Self as #krate::Choice>::CHOICES);

            fn parse(raw: &str) -> ::core::result::Result<Self, ::leptos_form_actions::i18n::Msg> {
                <Self as #krate::Choice>::from_value(raw).ok_or(#krate::Kind::CHOOSE)
            }

            fn echo(&self, out: &mut ::std::vec::Vec<::std::string::String>) {
                out.push(::std::string::String::from(<Self as #krate::Choice>::value(self)));
            }
        }

        impl #krate::Echo for #ident {}
    })
}
