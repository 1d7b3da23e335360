//! The submissions in flight, whose forms stay marked busy (spec E3) across
//! every change of the document. Browser only.

use std::{cell::RefCell, rc::Rc};
use web_sys::{HtmlButtonElement, HtmlFormElement};

/// A submission in flight: its form and the buttons disabled for it.
pub(super) type Pending = (HtmlFormElement, Vec<HtmlButtonElement>);

thread_local! {
    static PENDING: RefCell<Vec<Rc<Pending>>> = const { RefCell::new(Vec::new()) };
}

/// Records a submission in flight and marks its form.
pub(super) fn add(pending: Rc<Pending>) {
    PENDING.with(|p| p.borrow_mut().push(pending));
    mark_pending();
}

/// Forgets a submission that has its answer.
pub(super) fn remove(pending: &Rc<Pending>) {
    PENDING.with(|p| p.borrow_mut().retain(|other| !Rc::ptr_eq(other, pending)));
}

/// Marks the forms with a submission in flight as busy (spec E3), again after
/// the document took a page from the server, which knows nothing of them.
pub(super) fn mark_pending() {
    PENDING.with(|pending| {
        for entry in pending.borrow().iter() {
            let (form, buttons) = &**entry;
            let _ = form.set_attribute("aria-busy", "true");
            for button in buttons {
                button.set_disabled(true);
            }
        }
    });
}
