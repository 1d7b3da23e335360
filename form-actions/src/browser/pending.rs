//! The submissions in flight, whose forms stay marked busy (spec E3) across
//! every change of the document. Browser only.

use std::{cell::Cell, cell::RefCell, rc::Rc, time::Duration};
use web_sys::{HtmlButtonElement, HtmlFormElement};

/// The attribute a form has while a submission of it is slow (spec P5).
const SLOW: &str = "data-kit-busy";

/// How long a submission is in flight before its form says it is slow, unless
/// the form says otherwise (`data-kit-busy-delay`, in milliseconds): short
/// enough to show on a slow answer, long enough not to flicker on a fast one.
const DEFAULT_DELAY: Duration = Duration::from_millis(150);

/// A submission in flight: its form, the buttons disabled for it, and whether
/// it has been in flight longer than the form's delay.
pub(super) struct Pending {
    form: HtmlFormElement,
    buttons: Vec<HtmlButtonElement>,
    slow: Cell<bool>,
}

thread_local! {
    static PENDING: RefCell<Vec<Rc<Pending>>> = const { RefCell::new(Vec::new()) };
}

/// Records a submission of `form` in flight, marks the form busy and disables
/// `buttons` at once (E3); after the form's delay, if it is still in flight,
/// marks it slow (P5).
pub(super) fn add(form: HtmlFormElement, buttons: Vec<HtmlButtonElement>) -> Rc<Pending> {
    let delay = form
        .get_attribute("data-kit-busy-delay")
        .and_then(|ms| ms.parse().ok())
        .map_or(DEFAULT_DELAY, Duration::from_millis);
    let pending = Rc::new(Pending {
        form,
        buttons,
        slow: Cell::new(false),
    });
    PENDING.with(|p| p.borrow_mut().push(pending.clone()));
    mark_pending();
    let weak = Rc::downgrade(&pending);
    leptos::prelude::set_timeout(
        move || {
            // Gone when the answer came first.
            if let Some(pending) = weak.upgrade() {
                pending.slow.set(true);
                mark_pending();
            }
        },
        delay,
    );
    pending
}

/// Forgets a submission that has its answer, and unmarks its form.
pub(super) fn remove(pending: Rc<Pending>) {
    PENDING.with(|p| p.borrow_mut().retain(|other| !Rc::ptr_eq(other, &pending)));
    let _ = pending.form.remove_attribute("aria-busy");
    let _ = pending.form.remove_attribute(SLOW);
    for button in &pending.buttons {
        button.set_disabled(false);
    }
}

/// Marks the forms with a submission in flight as busy (spec E3), and slow
/// after their delay (P5), again after the document took a page from the
/// server, which knows nothing of them.
pub(super) fn mark_pending() {
    PENDING.with(|pending| {
        for entry in pending.borrow().iter() {
            let _ = entry.form.set_attribute("aria-busy", "true");
            if entry.slow.get() {
                let _ = entry.form.set_attribute(SLOW, "");
            }
            for button in &entry.buttons {
                button.set_disabled(true);
            }
        }
    });
}
