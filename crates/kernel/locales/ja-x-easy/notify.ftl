# Push-type information: subscribing to the city's news, confirming,
# changing and unsubscribing (crates/notify), and its mails.

notify-title = お知《し》らせを 受《う》け取《と》る 登録《とうろく》
notify-intro = えらんだ ことの お知《し》らせを メールで 送《おく》ります。確認《かくにん》の メールの リンクを 開《ひら》くと 登録《とうろく》が おわります。やめる ときは メールの リンクから いつでも やめられます。
notify-email = メールアドレス
notify-topics = 知《し》りたい こと（1つ 以上《いじょう》）
notify-wards = 地域《ちいき》（えらばない ときは 市《し》 全体《ぜんたい》）
notify-lang = メールの ことば
notify-submit = 確認《かくにん》の メールを 送《おく》る
notify-no-topic = 知《し》りたい ことを 1つ 以上《いじょう》 えらんで ください。
notify-stale = えらぶ ものが かわりました。ページを もう一度《いちど》 開《ひら》いて ください。
notify-sent-title = 確認《かくにん》の メールを 送《おく》りました
notify-sent = { $email } に 確認《かくにん》の メールを 送《おく》りました。メールの リンクを 開《ひら》いて ください（24時間《じかん》 使《つか》えます）。
notify-confirm-title = 登録《とうろく》の 確認《かくにん》
notify-confirm-intro = これで 登録《とうろく》します。よければ「登録《とうろく》する」を おして ください。
notify-confirm-button = 登録《とうろく》する
notify-link-dead-title = この リンクは 使《つか》えません
notify-link-dead = 時間《じかん》が すぎたか、もう 使《つか》った リンクです。もう一度《いちど》 申《もう》し込《こ》んで ください。
notify-done-title = 登録《とうろく》しました
notify-done = えらんだ ことの お知《し》らせを 送《おく》ります。かえる ときや やめる ときは、下《した》の リンクか メールの リンクから できます。
notify-manage-title = お知《し》らせの 設定《せってい》
notify-manage-for = 送《おく》り先《さき》: { $address }
notify-save = かえた ことを 保存《ほぞん》する
notify-saved = 保存《ほぞん》しました。
notify-unsubscribe-button = お知《し》らせを やめる
notify-unsubscribe-title = お知《し》らせを やめる
notify-unsubscribe-intro = ボタンを おすと、{ $address } に お知《し》らせを 送《おく》るのを やめます。
notify-unsubscribed-title = お知《し》らせを やめました
notify-unsubscribed = これからは お知《し》らせの メールは 届《とど》きません。また 受《う》け取《と》る ときは、もう一度《いちど》 申《もう》し込《こ》んで ください。
notify-sign-up-again = もう一度《いちど》 申《もう》し込《こ》む
notify-whole-city = 市《し》 全体《ぜんたい》
notify-chosen-topics = 知《し》りたい こと
notify-chosen-wards = 地域《ちいき》
notify-privacy = メールアドレスは お知《し》らせを 送《おく》る ことだけに 使《つか》います。
notify-link = お知《し》らせを メールで 受《う》け取《と》る
mail-notify-confirm-subject = 【名古屋市《なごやし》】お知《し》らせの 登録《とうろく》の 確認《かくにん》
mail-notify-confirm-body =
    名古屋市《なごやし》の お知《し》らせを 受《う》け取《と》る 申《もう》し込《こ》みが ありました。下《した》の リンクを 開《ひら》いて ください（24時間《じかん》 使《つか》えます）。

    知《し》らない ときは、この メールを すてて ください。
mail-notify-welcome-subject = 【名古屋市《なごやし》】お知《し》らせの 登録《とうろく》が おわりました
mail-notify-welcome-body =
    お知《し》らせの 登録《とうろく》が おわりました。
    知《し》りたい こと: { $topics }
    地域《ちいき》: { $wards }

    かえる ときや やめる ときは、下《した》の リンクから できます。
mail-notify-announcement-footer = お知《し》らせを かえる・やめる:
mail-notify-announcement-prefix = 【名古屋市《なごやし》】
