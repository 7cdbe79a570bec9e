# 住民に見せるエラーと案内（やさしい日本語）

## 共通のエラー
error-invalid-request = 書《か》いた ことに まちがいが あります。
error-page-expired = この ページは もう 使《つか》えません。時間《じかん》が すぎました。もう一度《いちど》 やって ください。
error-request-too-large = おくった ものが 大《おお》きすぎます。
error-busy = いま こんでいます。すこし まってから、もう いちど おくって ください。
error-internal = サーバーで エラーが 起《お》きました。少《すこ》し まって から、もう一度《いちど》 やって ください。
error-page-not-found = ページが 見《み》つかりません。
error-title = エラー
error-too-many-attempts = 短《みじか》い 時間《じかん》に 何回《なんかい》も ためしたので、今《いま》は 受《う》け付《つ》けて いません。{ $minutes } 分《ふん》ぐらい まって から、もう一度《いちど》 やって ください。

## pages
pages-staff-sign = 職員《しょくいん》の ログイン
pages-sign = ログイン
pages-e-mail-address-verified = メールアドレスを 確認《かくにん》しました
pages-e-mail-address-not = メールアドレスを まだ 確認《かくにん》して いません
pages-my-page = マイページ
pages-staff-page = 職員《しょくいん》の ページ
pages-form-could-not-read = 書《か》いた ことを 読《よ》む ことが できませんでした。
pages-enter-e-mail-address = メールアドレスを 書《か》いて ください。
pages-enter-password = パスワードを 書《か》いて ください。
pages-e-mail-address-password = メールアドレスか パスワードが ちがいます。
pages-e-mail-address-has = メールアドレスの 確認《かくにん》が まだ 終《お》わって いません。登録《とうろく》の ときに 送《おく》った メールの リンクを 開《ひら》いて ください。メールが 来《こ》ない ときは、「アカウントを 作《つく》る」から もう一度《いちど》 送《おく》る ことが できます。

## registration
registration-check-mail = 確認《かくにん》の メールを 送《おく》りました
registration-create-account = アカウントを 作《つく》る
registration-account-ready = 登録《とうろく》が 終《お》わりました
registration-address-confirmed-sign-apply = メールアドレスを 確認《かくにん》しました。ログインすると、申請《しんせい》が できます。
registration-sign = ログインする
registration-link-cannot-used = この リンクは 使《つか》えません
registration-link-has-expired-after = リンクを 使《つか》える 時間《じかん》は 24 時間《じかん》です。時間《じかん》が すぎたか、もう 使《つか》われた リンクです。確認《かくにん》の メールを もう一度《いちど》 送《おく》って ください。
registration-enter-valid-e-mail = メールアドレスを 正《ただ》しく 書《か》いて ください。
registration-enter-valid-e-mail-2 = メールアドレスを 正《ただ》しく 書《か》いて ください（例《れい》: nagoya@example.jp）。
registration-choose-password = ログインに 使《つか》う パスワードを 決《き》めて ください。パスワードを 決《き》めると、登録《とうろく》が 終《お》わります。

## password-reset
password-reset-forgot-password = パスワードを 忘《わす》れた とき
password-reset-set-new-password = 新《あたら》しい パスワードを 決《き》める
password-reset-new-password-set = パスワードを 決《き》めました
password-reset-link-has-expired-was = この リンクは 使《つか》える 時間《じかん》が すぎたか、もう 使《つか》われて います。もう一度《いちど》「パスワードを 忘《わす》れた とき」から やって ください。

## password-change
password-change-change-password = パスワードを 変《か》える
password-change-current-password-not-correct = いまの パスワードが ちがいます。

## apply
apply-continue = 書《か》いた ことを 確認《かくにん》する
apply-can-go-from-draft = 保存《ほぞん》した 下書《したが》きの つづきから 書《か》く ことが できます
apply-application-has-been-received = 申請《しんせい》を 受《う》け付《つ》けました
apply-draft-kept-can-go = 下書《したが》きを 保存《ほぞん》しました。マイページから いつでも つづきを 書《か》く ことが できます。
apply-check-answers = 書《か》いた ことの 確認《かくにん》
apply-application-has-already-been = この 申請《しんせい》は もう 送《おく》りました。

## attachments
attachments-form-could-not-read = 送《おく》った ものを 読《よ》む ことが できませんでした。もう一度《いちど》 書《か》いて ください。
attachments-no-such-attachment = つけた ファイル（添付《てんぷ》ファイル）が 見《み》つかりません。

## my-page
my-page-my-applications = わたしの 申請《しんせい》
my-page-receipt = 受付番号《うけつけばんごう》
my-page-correction = 補正《ほせい》（直《なお》す こと）
my-page-send-corrected-application = これで もう一度《いちど》 出《だ》す

## api
api-idempotency-key-must-ascii = Idempotency-Key は ASCII の 文字《もじ》で 書《か》いて ください。
api-comment-must-at-most = コメントは 2000 文字《もじ》までに して ください。
api-request-body-cannot-read = 送《おく》った ものを 読《よ》む ことが できません。
api-idempotency-key-was-used = この Idempotency-Key は、ちがう 内容《ないよう》の 申請《しんせい》で もう 使《つか》われて います。

## validate
validate-send-answers-as-json = 答《こた》えは、項目《こうもく》の 名前《なまえ》と 値《あたい》の 組《く》み合《あ》わせ（JSON オブジェクト）で 送《おく》って ください。

## form
form-form-has-no-field = この 申請書《しんせいしょ》に「{ $key }」と いう 項目《こうもく》は ありません。
form-enter-at-least = { $label }を { $min } 件《けん》 以上《いじょう》 書《か》いて ください。
form-text = { $label }は 文字《もじ》で 書《か》いて ください。
form-at-most-characters = { $label }は { $max } 文字《もじ》までで 書《か》いて ください。
form-at-least-characters = { $label }は { $min } 文字《もじ》 以上《いじょう》で 書《か》いて ください。
form-contains-characters-that-cannot = { $label }に 使《つか》えない 文字《もじ》が あります。
form-not-expected-format = { $label }の 書《か》き方《かた》が ちがいます。
form-number = { $label }は 数字《すうじ》で 書《か》いて ください。
form-whole-number = { $label }は 小数点《しょうすうてん》の ない 数《かず》（整数《せいすう》）で 書《か》いて ください。
form-at-least = { $label }は { $min }か、それより 大《おお》きい 数《かず》に して ください。
form-at-most = { $label }は { $max }か、それより 小《ちい》さい 数《かず》に して ください。
form-date-such-as-2023 = { $label }は「令和《れいわ》5年《ねん》4月《がつ》1日《ついたち》」か「2023-04-01」の 形《かたち》で 書《か》いて ください。
form-after = { $label }は { $date }か、それより あとの 日《ひ》に して ください。
form-before = { $label }は { $date }か、それより 前《まえ》の 日《ひ》に して ください。
form-choose-from-list = { $label }は、選《えら》べる ものの 中《なか》から 選《えら》んで ください。
form-true-false = { $label }の 答《こた》えが ちがいます。
form-not-valid-e-mail = { $label }の 書《か》き方《かた》が ちがいます（例《れい》: taro@example.jp）。
form-10-11-digit-number = { $label }は、0 から 始《はじ》まる 10 けたか 11 けたの 番号《ばんごう》で 書《か》いて ください。
form-7-digits-e-g = { $label }は 7 けたの 数字《すうじ》で 書《か》いて ください（例《れい》: 460-8508）。
form-list = { $label }の 書《か》き方《かた》が ちがいます。
form-takes-between-entries = { $label }は { $min } 件《けん》から { $max } 件《けん》までに して ください。
form-entry-malformed = { $label }の { $n } 番目《ばんめ》の 書《か》き方《かた》が ちがいます。
form-malformed = { $label }の 書《か》き方《かた》が ちがいます。
form-enter = { $label }の { $part }を 書《か》いて ください。
form-at-most-characters-2 = { $label }の { $part }は { $max } 文字《もじ》までで 書《か》いて ください。
form-write-katakana = { $label }の { $part }は カタカナで 書《か》いて ください。
form-up-digits = { $name }は { $max } けたまでの 数字《すうじ》で 書《か》いて ください。
form-exact-digits = { $name }は { $max } けたの 数字《すうじ》で 書《か》いて ください。
form-write-account-holder-katakana = 口座《こうざ》の 名前《なまえ》は カタカナで 書《か》いて ください。通帳《つうちょう》と 同《おな》じに 書《か》いて ください（使《つか》えない 文字《もじ》: { $bad }）。
form-file-missing-attach-again = { $label }の ファイルが 見《み》つかりません。もう一度《いちど》 ファイルを つけて ください。
form-one = { $label }は、次《つぎ》の 形《かたち》の ファイルで つけて ください: { $value }
form-file-too-large-up = { $label }の ファイルが 大《おお》きすぎます（{ $mb } MB まで）。
form-required = { $label }を 書《か》いて ください。
form-choose = { $label }を 選《えら》んで ください。
form-attach = { $label }の ファイルを つけて ください。
form-choose-account-type = 口座《こうざ》の 種類《しゅるい》は、普通《ふつう》・当座《とうざ》・貯蓄《ちょちく》から 選《えら》んで ください。
form-enter-account-holder = 口座《こうざ》の 名前《なまえ》を カタカナで 書《か》いて ください。

## search and accounts
search-whole-number = { $name } は 1 から { $max } までの 整数《せいすう》に して ください。
search-words-too-long = さがす 言葉《ことば》は { $max } 文字《もじ》までに して ください。
search-no-category = 「{ $value }」と いう 種類《しゅるい》は ありません。子育《こそだ》て・介護《かいご》・効果《こうか》が高《たか》い・その他《た》から 選《えら》んで ください。
search-no-bureau = 「{ $value }」と いう 局《きょく》は ありません。
search-unreadable-query = さがす 条件《じょうけん》を 読《よ》む ことが できません。
procedure-not-found = 「{ $id }」と いう 手続《てつづき》は 見《み》つかりません。
password-too-short = パスワードは { $min } 文字《もじ》 以上《いじょう》に して ください。
password-too-long = パスワードは { $max } 文字《もじ》までに して ください。

## uploads and applications
upload-empty = 選《えら》んだ ファイルの 中身《なかみ》が ありません。
upload-unknown-type = この 種類《しゅるい》の ファイルは つける ことが できません。PDF・JPEG・PNG・HEIC・GIF・WebP の どれかに して ください。
upload-too-large = ファイルが 大《おお》きすぎます（{ $mb } MB まで）。
upload-quota-reached = ファイルを たくさん おくったので、いまは おくれません。{ $minutes } 分《ふん》ぐらい まってから、もう一度《いちど》 おくって ください。
upload-not-stored = ファイルを 保存《ほぞん》できませんでした。少《すこ》し まって から、もう一度《いちど》 やって ください。
upload-request-too-large = 送《おく》る ものが 大《おお》きすぎます。つける ファイルは、ぜんぶで { $mb } MB までです。
apply-not-online = 「{ $id }」の 手続《てつづき》は、オンラインで 申請《しんせい》できません。
my-page-no-application = 受付番号《うけつけばんごう》「{ $receipt }」の 申請《しんせい》は 見《み》つかりません。

## names of the parts of a field, used inside messages
part-family-name = 姓《せい》（名字《みょうじ》）
part-given-name = 名《めい》（下《した》の 名前《なまえ》）
part-family-name-kana = 姓《せい》の フリガナ
part-given-name-kana = 名《めい》の フリガナ
part-bank-code = 銀行《ぎんこう》などの コード
part-branch-code = 支店《してん》の コード
part-account-number = 口座番号《こうざばんごう》

## registration
registration-mail-sent = { $email } に メールを 送《おく》りました。メールの リンクを 開《ひら》くと 登録《とうろく》が 終《お》わります（24 時間《じかん》 使《つか》えます）。

# forms: filling a form
form-write-katakana-or-latin = { $label }の { $part }は カタカナか ローマ字《じ》で 書《か》いて ください。
form-unknown-bank = コード { $code } の 銀行《ぎんこう》は ありません。名前《なまえ》で さがして ください。
form-unknown-branch = コード { $code } の 支店《してん》は ありません。名前《なまえ》で さがして ください。

# identity: the profile that fills forms
profile-bad-birth-date = 生年月日《せいねんがっぴ》を 1988-05-12 のように 書《か》いて ください。
profile-bad-postal-code = 郵便番号《ゆうびんばんごう》は 7つの 数字《すうじ》で 書《か》いて ください。
profile-bad-address = 住所《じゅうしょ》は { $max }文字《もじ》までで 書《か》いて ください。
profile-bad-phone = 電話番号《でんわばんごう》は 0から はじまる 10か 11の 数字《すうじ》で 書《か》いて ください。
