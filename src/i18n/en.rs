//! English: every [`Text`] and every text of the layer. The demo's tests and
//! `../shared`-style contracts read these words: change them with the tests.
//!
//! Each `match` is exhaustive (no `_` arm): a new text fails the build until it
//! is written here. A text's values are bound by name, and unused ones are an
//! error.
#![deny(unused_variables)]

use std::borrow::Cow;

use super::{Count, KitText, Plural, Text};

/// The language's name in itself.
pub const NAME: &str = "English";

pub fn text(text: &Text) -> Cow<'static, str> {
    Cow::Borrowed(match text {
        Text::Home => "Home",
        Text::Todos => "Todos",
        Text::Search => "Search",
        Text::LogIn => "Log in",
        Text::LogOut => "Log out",
        Text::Language => "Language",
        Text::Change => "Change",
        Text::ChooseLanguage => "Choose a language",
        Text::AppTitle => "Leptos form actions",
        Text::HomeDescription => {
            "A Leptos app with form actions: every form works without JavaScript, and better with it."
        }
        Text::Welcome { name } => return format!("Welcome, {name}").into(),
        Text::NotLoggedIn => "You are not logged in",
        Text::QuickLogIn => "Quick log in",
        Text::LoginDescription => "Log in to your todo list, or create an account.",
        Text::Email => "Email",
        Text::Password => "Password",
        Text::Register => "Register",
        Text::EmailRequired => "Email is required",
        Text::PasswordRequired => "Password is required",
        Text::InvalidLogin => "Invalid email or password",
        Text::InvalidEmail => "Enter a valid email address",
        Text::PasswordTooShort => "Password must be at least 8 characters",
        Text::EmailTaken => "An account with this email already exists",
        Text::WelcomeBack { name } => return format!("Welcome back, {name}!").into(),
        Text::WelcomeNew { name } => {
            return format!("Welcome, {name}! Your account was created.").into()
        }
        Text::TooManyAttempts => "Too many attempts, try again later",
        Text::ServerBusy => "The server is busy, try again in a moment",
        Text::PleaseLogIn => "Please ",
        Text::LogInLink => "log in",
        Text::ToSeeThisPage => " to see this page.",
        Text::LogoutDescription => "Log out of your account.",
        Text::LanguageDescription => "Choose the language of this site.",
        Text::TodosDescription => {
            "Your todo list: add todos, mark them done, edit and delete them."
        }
        Text::AddTodo => "Add todo",
        Text::Title => "Title",
        Text::Add => "Add",
        Text::Adding => "Adding…",
        Text::TodoList => "Todo list",
        Text::Done => "Done",
        Text::Delete => "Delete",
        Text::ClearCompleted => "Clear completed",
        Text::ItemsLeft(Count { text, plural, n: _ }) => {
            return match plural {
                Plural::One => format!("{text} item left"),
                _ => format!("{text} items left"),
            }
            .into()
        }
        Text::Due => "Due",
        Text::DueOn { date } => return format!("Due {date}").into(),
        Text::PriorityIs { priority } => return format!("{priority} priority").into(),
        Text::TitleRequired => "Title is required",
        Text::TitleTooLong => "Title must be at most 200 characters",
        Text::IdRequired => "The field `id` is required",
        Text::DoneTrueOrFalse => "The field `done` must be true or false",
        Text::Saved { title } => return format!("Saved “{title}”").into(),
        Text::Deleted { title } => return format!("Deleted “{title}”").into(),
        Text::EditTodo => "Edit todo",
        Text::EditDescription => {
            "Edit a todo: its title, notes, due date, priority, state and subtasks."
        }
        Text::Notes => "Notes",
        Text::Priority => "Priority",
        Text::Estimate => "Estimate (hours)",
        Text::Tags => "Tags",
        Text::Save => "Save",
        Text::NotesTooLong => "Notes must be at most 2000 characters",
        Text::EnterRealDate => "Enter a real date",
        Text::ChoosePriority => "Choose a priority",
        Text::EstimateRange => "Enter a whole number from 0 to 999",
        Text::ChooseTags => "Choose from the listed tags",
        Text::Subtasks => "Subtasks",
        Text::SubtaskRow => "Subtask {n}",
        Text::SubtaskTitle => "{row}",
        Text::SubtaskDone => "{row} done",
        Text::TooManySubtasks => "At most 20 subtasks",
        Text::AddSubtask => "Add subtask",
        Text::RemoveSubtask => "Remove subtask {n}",
        Text::BackToList => "Back to the list",
        Text::Attachments => "Attachments",
        Text::AttachFiles => "Attach files",
        Text::File => "File",
        Text::Upload => "Upload",
        Text::Remove => "Remove",
        Text::RemoveFile { name } => return format!("Remove {name}").into(),
        Text::ChooseFileType => "Choose a PNG, JPEG, PDF or text file",
        Text::FileTooLarge => "File must be at most 5 MB",
        Text::TooManyAttachments => "At most 10 attachments per todo",
        Text::ChooseFile => "Choose a file",
        Text::AttachmentIdNumber => "The field `attachment` must be a number",
        Text::Attached(Count { text, plural, n: _ }) => {
            return match plural {
                Plural::One => format!("Attached {text} file"),
                _ => format!("Attached {text} files"),
            }
            .into()
        }
        Text::Removed { name } => return format!("Removed “{name}”").into(),
        Text::AttachmentCount(Count { text, plural, n: _ }) => {
            return match plural {
                Plural::One => format!("{text} attachment"),
                _ => format!("{text} attachments"),
            }
            .into()
        }
        Text::MultipartExpected => "Expected a multipart/form-data body with the field `file`",
        Text::BodyUnreadable => "The body could not be read",
        Text::SizeBytes(Count { text, plural, n: _ }) => {
            return match plural {
                Plural::One => format!("{text} byte"),
                _ => format!("{text} bytes"),
            }
            .into()
        }
        Text::Low => "Low",
        Text::Normal => "Normal",
        Text::High => "High",
        Text::TagHome => "Home",
        Text::TagWork => "Work",
        Text::TagErrand => "Errand",
        Text::SearchDescription => "Search your todos by title.",
        Text::Results => "Results",
        Text::NoMatch { query } => return format!("No todos match “{query}”").into(),
        Text::NotFound => "Not found",
        Text::NotFoundText => "There is no page at this address. ",
        Text::GoHome => "Go home",
        Text::SomethingWentWrong => "Something went wrong",
        Text::Refused => "The request was refused",
        Text::TryLater => "Please try again later.",
        Text::ErrorId => "Error id: ",
        Text::ErrorDescription => "Something went wrong with this page.",
        Text::ApiLogIn => "Log in to use the API",
        Text::ApiInternal { id } => return format!("Internal error (id {id})").into(),
        Text::ExpectedObject => "Expected a JSON object",
    })
}

/// The layer's texts: English is the layer's own.
pub fn kit(text: KitText) -> &'static str {
    text.english()
}
