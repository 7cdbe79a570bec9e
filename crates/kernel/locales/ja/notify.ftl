# Push-type information: subscribing to the city's news, confirming,
# changing and unsubscribing (crates/notify), and its mails.

notify-title = お知らせの配信登録
notify-intro = 選んだ分野と地域のお知らせを、メールでお届けします。確認メールのリンクを開くと登録が完了します。解除はいつでもメールのリンクから1クリックでできます。
notify-email = メールアドレス
notify-topics = 受け取りたい分野（1つ以上）
notify-wards = 地域（選ばなければ市全体）
notify-lang = 受け取る言語
notify-submit = 確認メールを送る
notify-no-topic = 受け取りたい分野を1つ以上選んでください。
notify-stale = 選択肢が変わりました。ページを開き直して選んでください。
notify-sent-title = 確認メールを送りました
notify-sent = { $email } あてに確認メールを送りました。メールのリンクを開いて登録を完了してください（24時間有効）。届かないときは、迷惑メールのフォルダもご確認ください。
notify-confirm-title = 配信登録の確認
notify-confirm-intro = 次の内容で登録します。よろしければ「登録する」を押してください。
notify-confirm-button = 登録する
notify-link-dead-title = このリンクは使えません
notify-link-dead = 期限が切れたか、すでに使われたリンクです。もう一度お申し込みください。
notify-done-title = 配信を登録しました
notify-done = 選んだ分野のお知らせをお届けします。内容の変更や解除は、下のリンクかメールのリンクからいつでもできます。
notify-manage-title = 配信の設定
notify-manage-for = 配信先: { $address }
notify-save = 変更を保存
notify-saved = 変更を保存しました。
notify-unsubscribe-button = 配信を解除する
notify-unsubscribe-title = 配信の解除
notify-unsubscribe-intro = ボタンを押すと、{ $address } への配信を解除します。
notify-unsubscribed-title = 配信を解除しました
notify-unsubscribed = 今後、お知らせのメールは届きません。また受け取るには、もう一度お申し込みください。
notify-sign-up-again = もう一度申し込む
notify-whole-city = 市全体
notify-chosen-topics = 分野
notify-chosen-wards = 地域
notify-privacy = メールアドレスはお知らせの配信にだけ使い、解除すると配信に使わなくなります。
notify-link = お知らせをメールで受け取る
mail-notify-confirm-subject = 【名古屋市】お知らせ配信の登録確認
mail-notify-confirm-body =
    名古屋市のお知らせ配信への登録のお申し込みを受け付けました。次のリンクを開いて登録を完了してください（24時間有効）。

    お心当たりのないときは、このメールを破棄してください。登録はされません。
mail-notify-welcome-subject = 【名古屋市】お知らせ配信を登録しました
mail-notify-welcome-body =
    お知らせ配信の登録が完了しました。
    分野: { $topics }
    地域: { $wards }

    内容の変更や解除は、次のリンクからいつでもできます。
mail-notify-announcement-footer = 配信の変更・解除はこちら:
mail-notify-announcement-prefix = 【名古屋市】
