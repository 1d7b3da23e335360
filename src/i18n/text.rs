//! The app's texts as values: what each language's file translates. No
//! dependency, so the build check (`build_check.rs`) compiles a language's
//! file against this file alone.

/// Every text of the app. A variant's fields are the values its translations
/// put in (each must use all of them).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Text {
    // The layout.
    Home,
    Todos,
    Search,
    LogIn,
    LogOut,
    Language,
    Change,
    ChooseLanguage,
    AppTitle,
    // Home.
    HomeDescription,
    Welcome { name: String },
    NotLoggedIn,
    QuickLogIn,
    // Log in.
    LoginDescription,
    Email,
    Password,
    Register,
    EmailRequired,
    PasswordRequired,
    InvalidLogin,
    InvalidEmail,
    PasswordTooShort,
    EmailTaken,
    WelcomeBack { name: String },
    WelcomeNew { name: String },
    TooManyAttempts,
    ServerBusy,
    PleaseLogIn,
    LogInLink,
    ToSeeThisPage,
    // Log out.
    LogoutDescription,
    // The language page.
    LanguageDescription,
    // Todos.
    TodosDescription,
    AddTodo,
    Title,
    Add,
    Adding,
    TodoList,
    Done,
    Delete,
    ClearCompleted,
    ItemsLeft(Count),
    Due,
    DueOn { date: String },
    PriorityIs { priority: String },
    TitleRequired,
    TitleTooLong,
    IdRequired,
    DoneTrueOrFalse,
    Saved { title: String },
    Deleted { title: String },
    // Edit todo.
    EditTodo,
    EditDescription,
    Notes,
    Priority,
    Estimate,
    Tags,
    Save,
    NotesTooLong,
    EnterRealDate,
    ChoosePriority,
    EstimateRange,
    ChooseTags,
    Subtasks,
    SubtaskRow,
    SubtaskTitle,
    SubtaskDone,
    TooManySubtasks,
    AddSubtask,
    RemoveSubtask,
    BackToList,
    // Attachments (on the edit page).
    Attachments,
    AttachFiles,
    File,
    Upload,
    Remove,
    RemoveFile { name: String },
    ChooseFileType,
    FileTooLarge,
    TooManyAttachments,
    ChooseFile,
    AttachmentIdNumber,
    Attached(Count),
    Removed { name: String },
    AttachmentCount(Count),
    MultipartExpected,
    BodyUnreadable,
    SizeBytes(Count),
    Low,
    Normal,
    High,
    TagHome,
    TagWork,
    TagErrand,
    // Search.
    SearchDescription,
    Results,
    NoMatch { query: String },
    // Errors.
    NotFound,
    NotFoundText,
    GoHome,
    SomethingWentWrong,
    Refused,
    TryLater,
    ErrorId,
    ErrorDescription,
    // The JSON API.
    ApiLogIn,
    ApiInternal { id: String },
    ExpectedObject,
}

/// A number as `lang` writes it (`1,234`), with its plural category in
/// `lang` (CLDR's rules): what a text like `ItemsLeft` needs to pick `1 item
/// left` or `2 items left`. Made on the server, through ICU4X ([`count`](super::count)), so
/// the browser's wasm carries neither the rules nor the translations' choice.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Count {
    pub n: u64,
    pub text: String,
    pub plural: Plural,
}

/// CLDR's plural categories.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Plural {
    Zero,
    One,
    Two,
    Few,
    Many,
    Other,
}
