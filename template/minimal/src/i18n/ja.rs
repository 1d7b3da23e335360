//! 日本語 (Japanese): every [`Text`] and every text of the layer.
//!
//! Each `match` is exhaustive (no `_` arm): a new text fails the build until it
//! is written here. A text's values are bound by name, and unused ones are an
//! error.
#![deny(unused_variables)]

use std::borrow::Cow;

use super::{KitText, Text};

/// The language's name in itself.
pub const NAME: &str = "日本語";

pub fn text(text: &Text) -> Cow<'static, str> {
    Cow::Borrowed(match text {
        Text::Home => "ホーム",
        Text::AppTitle => "Leptos フォームアクション",
        Text::Hello => "こんにちは",
        Text::HelloDescription => "フォームがひとつだけのページ。ここから始めます。",
        Text::Name => "名前",
        Text::NameRequired => "名前を入力してください",
        Text::Greet => "あいさつする",
        Text::Greeting { name } => return format!("こんにちは、{name}さん！").into(),
        Text::NotFound => "ページが見つかりません",
        Text::NotFoundText => "このアドレスにページはありません。",
        Text::GoHome => "ホームへ",
        Text::SomethingWentWrong => "エラーが発生しました",
        Text::Refused => "リクエストは受け付けられませんでした",
        Text::TryLater => "しばらくしてからもう一度お試しください。",
        Text::ErrorId => "エラー ID: ",
        Text::ErrorDescription => "このページでエラーが発生しました。",
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
