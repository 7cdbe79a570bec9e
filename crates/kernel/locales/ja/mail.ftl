# 住民へのメール（日本語）。件名は一行、本文は複数行にできます。

mail-footer = このメールは送信専用です。ご不明な点は担当課へお問い合わせください。
mail-from-section = 担当課からの連絡:
mail-japanese-original = 以下は日本語の原文です。

mail-received-subject = 【名古屋市】申請を受け付けました（{ $receipt }）
mail-received-body =
    「{ $title }」の申請を受け付けました。
    受付番号: { $receipt }
    お問い合わせの際は受付番号をお伝えください。

mail-correction-subject = 【名古屋市】補正のお願い（{ $receipt }）
mail-correction-body = 受付番号 { $receipt } の申請について: 申請内容の補正（修正）をお願いします。マイページから内容を修正して再提出してください。

mail-approved-subject = 【名古屋市】審査が完了しました（承認）（{ $receipt }）
mail-approved-body = 受付番号 { $receipt } の申請について: 申請は承認されました。

mail-rejected-subject = 【名古屋市】審査が完了しました（不承認）（{ $receipt }）
mail-rejected-body = 受付番号 { $receipt } の申請について: 申請は承認されませんでした。理由は下記のとおりです。

mail-notice-issued-subject = 【名古屋市】通知書を発行しました（{ $receipt }）
mail-notice-issued-body = 受付番号 { $receipt } の申請について: 通知書を発行しました。

mail-message-subject = 【名古屋市】担当課からのお知らせ（{ $receipt }）
mail-message-body = 受付番号 { $receipt } の申請について、担当課から連絡があります。

mail-check-address-subject = 【名古屋市】メールアドレスの確認
mail-check-address-body =
    名古屋市のオンライン申請のアカウント登録を受け付けました。
    下のリンクを開くと登録が完了します（24 時間有効）。
    お心当たりのない場合は、このメールを破棄してください。

mail-already-registered-subject = 【名古屋市】アカウントはすでに登録されています
mail-already-registered-body =
    このメールアドレスでアカウントの作成が申し込まれましたが、すでに登録済みです。ログインしてご利用ください。
    お心当たりのない場合は、このメールを破棄してください。

mail-reset-password-subject = 【名古屋市】パスワードの再設定
mail-reset-password-body =
    下のリンクから新しいパスワードを設定してください（1 時間有効）。
    お心当たりのない場合は、このメールを破棄してください。パスワードは変わりません。

mail-received-check-code =
    確認コード: { $code }
    受付番号と確認コードで、申請の状況をいつでも確認できます（アカウントは不要です）。
mail-correction-guest-body = 受付番号 { $receipt } の申請について: 申請内容の補正（修正）をお願いします。下のリンクから状況確認のページを開き、受付番号と確認コード（受付のメールに書いてあります）を入力して、内容を修正して再提出してください。
