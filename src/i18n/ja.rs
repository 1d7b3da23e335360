//! 日本語 (Japanese): every [`Text`] and every text of the layer.
//!
//! Each `match` is exhaustive (no `_` arm): a new text fails the build until it
//! is written here. A text's values are bound by name, and unused ones are an
//! error.
#![deny(unused_variables)]

use std::borrow::Cow;

use super::{Count, KitText, Text};

/// The language's name in itself.
pub const NAME: &str = "日本語";

pub fn text(text: &Text) -> Cow<'static, str> {
    Cow::Borrowed(match text {
        Text::Home => "ホーム",
        Text::Todos => "ToDo",
        Text::Search => "検索",
        Text::LogIn => "ログイン",
        Text::LogOut => "ログアウト",
        Text::Language => "言語",
        Text::Change => "変更",
        Text::ChooseLanguage => "言語を選んでください",
        Text::AppTitle => "Leptos フォームアクション",
        Text::HomeDescription => {
            "フォームアクションを備えた Leptos アプリ: どのフォームも JavaScript なしで動き、JavaScript があればさらに快適です。"
        }
        Text::Welcome { name } => return format!("ようこそ、{name}さん").into(),
        Text::NotLoggedIn => "ログインしていません",
        Text::QuickLogIn => "クイックログイン",
        Text::LoginDescription => "ToDo リストにログインするか、アカウントを作成します。",
        Text::Email => "メールアドレス",
        Text::Password => "パスワード",
        Text::Register => "新規登録",
        Text::EmailRequired => "メールアドレスを入力してください",
        Text::PasswordRequired => "パスワードを入力してください",
        Text::InvalidLogin => "メールアドレスまたはパスワードが正しくありません",
        Text::InvalidEmail => "有効なメールアドレスを入力してください",
        Text::PasswordTooShort => "パスワードは8文字以上で入力してください",
        Text::EmailTaken => "このメールアドレスのアカウントはすでに存在します",
        Text::WelcomeBack { name } => return format!("おかえりなさい、{name}さん！").into(),
        Text::WelcomeNew { name } => {
            return format!("ようこそ、{name}さん！アカウントを作成しました。").into()
        }
        Text::TooManyAttempts => "試行回数が多すぎます。しばらくしてからもう一度お試しください",
        Text::ServerBusy => "サーバーが混み合っています。少し待ってからもう一度お試しください",
        Text::PleaseLogIn => "このページを見るには",
        Text::LogInLink => "ログイン",
        Text::ToSeeThisPage => "してください。",
        Text::LogoutDescription => "アカウントからログアウトします。",
        Text::LanguageDescription => "このサイトの言語を選びます。",
        Text::TodosDescription => "ToDo リスト: ToDo を追加し、完了にし、編集や削除ができます。",
        Text::AddTodo => "ToDoを追加",
        Text::Title => "タイトル",
        Text::Add => "追加",
        Text::Adding => "追加しています…",
        Text::TodoList => "ToDoリスト",
        Text::Done => "完了",
        Text::Delete => "削除",
        Text::ClearCompleted => "完了済みを削除",
        // 日本語に複数形はない: 件数だけ。
        Text::ItemsLeft(Count {
            text,
            plural: _,
            n: _,
        }) => return format!("残り {text} 件").into(),
        Text::Due => "期限",
        Text::DueOn { date } => return format!("期限 {date}").into(),
        Text::PriorityIs { priority } => return format!("優先度: {priority}").into(),
        Text::TitleRequired => "タイトルを入力してください",
        Text::TitleTooLong => "タイトルは200文字以内で入力してください",
        Text::IdRequired => "フィールド `id` は必須です",
        Text::DoneTrueOrFalse => "フィールド `done` は true か false にしてください",
        Text::Saved { title } => return format!("「{title}」を保存しました").into(),
        Text::Deleted { title } => return format!("「{title}」を削除しました").into(),
        Text::EditTodo => "ToDoを編集",
        Text::EditDescription => {
            "ToDo の編集: タイトル、メモ、期限、優先度、状態、サブタスク。"
        }
        Text::Notes => "メモ",
        Text::Priority => "優先度",
        Text::Estimate => "見積もり（時間）",
        Text::Tags => "タグ",
        Text::Save => "保存",
        Text::NotesTooLong => "メモは2000文字以内で入力してください",
        Text::EnterRealDate => "正しい日付を入力してください",
        Text::ChoosePriority => "優先度を選んでください",
        Text::EstimateRange => "0から999までの整数を入力してください",
        Text::ChooseTags => "一覧のタグから選んでください",
        Text::Subtasks => "サブタスク",
        Text::SubtaskRow => "サブタスク {n}",
        Text::SubtaskTitle => "{row}",
        Text::SubtaskDone => "{row} 完了",
        Text::TooManySubtasks => "サブタスクは20件までです",
        Text::AddSubtask => "サブタスクを追加",
        Text::RemoveSubtask => "サブタスク {n} を削除",
        Text::BackToList => "一覧に戻る",
        Text::Attachments => "添付ファイル",
        Text::AttachFiles => "ファイルを添付",
        Text::File => "ファイル",
        Text::Upload => "アップロード",
        Text::Remove => "削除",
        Text::RemoveFile { name } => return format!("{name}を削除").into(),
        Text::ChooseFileType => "PNG、JPEG、PDF、テキストのいずれかのファイルを選んでください",
        Text::FileTooLarge => "ファイルは5MB以下にしてください",
        Text::TooManyAttachments => "添付ファイルは1件のToDoにつき10個までです",
        Text::ChooseFile => "ファイルを選んでください",
        Text::AttachmentIdNumber => "フィールド `attachment` は数値にしてください",
        Text::Attached(Count { text, plural: _, n: _ }) => {
            return format!("{text} 個のファイルを添付しました").into()
        }
        Text::Removed { name } => return format!("「{name}」を削除しました").into(),
        Text::AttachmentCount(Count { text, plural: _, n: _ }) => {
            return format!("添付ファイル {text} 個").into()
        }
        Text::MultipartExpected => {
            "フィールド `file` を含む multipart/form-data の本文を送ってください"
        }
        Text::BodyUnreadable => "本文を読み取れませんでした",
        Text::SizeBytes(Count { text, plural: _, n: _ }) => {
            return format!("{text} バイト").into()
        }
        Text::Low => "低",
        Text::Normal => "中",
        Text::High => "高",
        Text::TagHome => "家",
        Text::TagWork => "仕事",
        Text::TagErrand => "用事",
        Text::SearchDescription => "ToDo をタイトルで検索します。",
        Text::Results => "検索結果",
        Text::NoMatch { query } => return format!("「{query}」に一致するToDoはありません").into(),
        Text::NotFound => "ページが見つかりません",
        Text::NotFoundText => "このアドレスにページはありません。",
        Text::GoHome => "ホームへ",
        Text::SomethingWentWrong => "エラーが発生しました",
        Text::Refused => "リクエストは受け付けられませんでした",
        Text::TryLater => "しばらくしてからもう一度お試しください。",
        Text::ErrorId => "エラー ID: ",
        Text::ErrorDescription => "このページでエラーが発生しました。",
        Text::ApiLogIn => "API を使うにはログインしてください",
        Text::ApiInternal { id } => return format!("内部エラー (ID {id})").into(),
        Text::ExpectedObject => "JSON オブジェクトを送ってください",
    })
}

/// The layer's texts.
pub fn kit(text: KitText) -> &'static str {
    match text {
        KitText::ErrorSummary => "入力内容に問題があります",
        KitText::ErrorPrefix => "エラー: ",
        KitText::NetworkFailed => {
            "リクエストに失敗しました。接続を確認して、もう一度お試しください。"
        }
        KitText::PageLoadFailed => {
            "ページを読み込めませんでした。接続を確認して、もう一度お試しください。"
        }
        KitText::PageUpdateFailed => {
            "ページを更新できませんでした。接続を確認して、もう一度お試しください。"
        }
        KitText::LeaveUnsaved => "このページを離れますか？変更は保存されていません。",
        KitText::ChooseOne => "選択肢から選んでください",
        KitText::EnterWholeNumber => "整数を入力してください",
        KitText::EnterNumber => "数値を入力してください",
        KitText::TrueOrFalse => "true か false にしてください",
        KitText::EnterRealDate => "正しい日付を入力してください",
        KitText::OutOfRange => "範囲外の値です",
        KitText::SentTwice => "このフィールドが2回以上送られました",
        KitText::ChooseFile => "ファイルを選んでください",
        KitText::ChooseOneFile => "ファイルを1つ選んでください",
        KitText::TakesNoFile => "このフィールドにファイルは送れません",
        KitText::Uploading => "アップロード中",
        KitText::CancelUpload => "アップロードを中止",
        KitText::UploadCancelled => "アップロードを中止しました。何も保存されていません。",
        KitText::NotFound => "ページが見つかりません",
        KitText::InternalError => "エラーが発生しました。エラー ID:",
    }
}
