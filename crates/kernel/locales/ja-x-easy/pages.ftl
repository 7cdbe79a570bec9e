# 住民向け画面の文言（やさしい日本語）

## layout
layout-online-counter = オンライン窓口《まどぐち》
layout-skip-main-content = 本文《ほんぶん》へ すすむ
layout-main-menu = メインメニュー
layout-language = ことば
layout-madoguchi-open-source-online = madoguchi — 市役所《しやくしょ》の 手続《てつづき》が できる オンライン窓口《まどぐち》（オープンソース）

## common
common-find-procedure = 手続《てつづき》を さがす
common-category = 種類《しゅるい》
common-tags = タグ
common-are-here = いま いる ところ
common-there-problem = 書《か》いた ことを もう一度《いちど》 見《み》て ください
common-e-mail-address = メールアドレス
common-password = パスワード
common-sign = ログイン
common-name = 名前《なまえ》
common-new-password = 新《あたら》しい パスワード
common-at-least-10-characters = 10 文字《もじ》か、それより 長《なが》く して ください。

## error
error-back-list-procedures = 手続《てつづき》の 一覧《いちらん》に もどる

## catalog
catalog-there-problem-with-search = さがす 条件《じょうけん》に まちがいが あります
catalog-keywords-japanese-english = さがす 言葉《ことば》（漢字《かんじ》・ひらがな・カタカナ）
catalog-narrow-down = 条件《じょうけん》を えらぶ
catalog-narrow-down-2 = 条件《じょうけん》
catalog-all = ぜんぶ
catalog-life-event = くらしの できごと（ライフイベント）
catalog-bureau = 担当《たんとう》の 部署《ぶしょ》（局《きょく》）
catalog-tag = タグ
catalog-only-procedures-available-online = オンラインで 申請《しんせい》できる 手続《てつづき》だけ
catalog-search = さがす
catalog-popular-tags = よく 使《つか》われる タグ
catalog-no-procedure-matched-try = 手続《てつづき》が 見《み》つかりませんでした。言葉《ことば》を 短《みじか》く して ください。ひらがなで 書《か》いて みて ください。
catalog-did-you-mean = もしかして：
catalog-showing-corrected = 書《か》いた 言葉《ことば》では 見《み》つからなかったので、この 言葉《ことば》で さがしました：
catalog-partial-match = 全部《ぜんぶ》の 言葉《ことば》が ある 手続《てつづき》は ありませんでした。どれかの 言葉《ことば》が ある 手続《てつづき》を 出《だ》して います。
catalog-pages = ページ
catalog-previous-page = 前《まえ》の ページ
catalog-next-page = 次《つぎ》の ページ

## procedure
procedure-apply-online = オンラインで 申請《しんせい》する
procedure-handled-by = 担当《たんとう》
procedure-online = オンライン
procedure-since = 始《はじ》まった 日《ひ》
procedure-planned = 予定《よてい》
procedure-reason = 理由《りゆう》
procedure-fee = 手数料《てすうりょう》（はらう お金《かね》）
procedure-legal-basis = もとに なる 法律《ほうりつ》
procedure-standard-processing-time = 終《お》わるまでの 日数《にっすう》（めやす）
procedure-cases-year = 1 年《ねん》の 件数《けんすう》
procedure-what-bring-attach = 必要《ひつよう》な もの
procedure-where-go = 窓口《まどぐち》（行《い》く ところ）
procedure-life-events = 関係《かんけい》の ある くらしの できごと

## apply
apply-what-correct = 直《なお》して ほしい ところ（補正《ほせい》）
apply-keep-as-draft = とちゅうまで 保存《ほぞん》する

## confirm
confirm-application-like-one-has = 同《おな》じ 申請《しんせい》が もう あります
confirm-check-are-not-applying = 2 回《かい》 申請《しんせい》して いないか 見《み》て ください。このまま 送《おく》る ことも できます。
confirm-send-application = これで 申請《しんせい》する
confirm-go-back-change = もどって 直《なお》す

## receipt
receipt-receipt-number = 受付番号《うけつけばんごう》
receipt-received-at = 受《う》け付《つ》けた 日《ひ》と 時間《じかん》
receipt-quote-receipt-number-if = 市《し》に 聞《き》く ときは、受付番号《うけつけばんごう》を 言《い》って ください。申請《しんせい》が いま どう なって いるかは、マイページで 見《み》る ことが できます。
receipt-go-my-page = マイページへ

## my_applications
my-applications-unfinished-applications-drafts = とちゅうの 申請《しんせい》（下書《したが》き）
my-applications-kept = 保存《ほぞん》
my-applications-sent-applications = 送《おく》った 申請《しんせい》
my-applications-have-no-applications-yet = まだ 申請《しんせい》は ありません。
my-applications-procedures-can-apply-online = オンラインで 申請《しんせい》できる 手続《てつづき》

## my_application
my-application-my-applications = わたしの 申請《しんせい》
my-application-city-has-asked-correct = 市《し》から お願《ねが》いが あります。申請《しんせい》を 直《なお》して ください（補正《ほせい》）。
my-application-correct-send-again = 直《なお》して もう一度《いちど》 出《だ》す
my-application-withdraw-application = この 申請《しんせい》を やめる（取《と》り下《さ》げ）
my-application-what-has-happened = これまでの ながれ
my-application-from-section = 担当《たんとう》の 課《か》からの 連絡《れんらく》
my-application-what-sent = 申請《しんせい》に 書《か》いた こと
my-application-disposed = この 申請《しんせい》で 書《か》いた ことと 出《だ》した 書類《しょるい》は、 決《き》まった 期間《きかん》（{ $years }年《ねん》）が 過《す》ぎたので、{ $date }に 捨《す》てました。 受付番号《うけつけばんごう》と 手続《てつづき》と これまでの ながれは 残《のこ》って います。
my-application-disposed-short = 期間《きかん》が 過《す》ぎたので 捨《す》てました
my-application-message-from-section = 担当《たんとう》の 課《か》からの お知《し》らせ
my-application-withdraw-question = この 申請《しんせい》を やめますか（取《と》り下《さ》げ）
my-application-withdraw-consequence = やめると、この 申請《しんせい》は 審査《しんさ》されません。やめた 申請《しんせい》は もとに 戻《もど》せません。もう一度《いちど》 申請《しんせい》する ときは、はじめから 申請《しんせい》して ください。
my-application-withdraw-not-yet = まだ やめて いません。
my-application-withdraw-confirm = やめる（取《と》り下《さ》げる）
my-application-withdraw-cancel = やめないで 戻《もど》る

## login
login-could-not-signed = ログイン できませんでした
login-forgot-password = パスワードを 忘《わす》れた とき
login-new-here = はじめての 人《ひと》は
login-create-account = アカウントを 作《つく》る
login-residents = 住民《じゅうみん》の 人《ひと》は
login-sign-here = ここから ログイン
login-city-staff = 市《し》の 職員《しょくいん》は
login-staff-sign = 職員《しょくいん》の ログイン

## register
register-with-account-can-follow = アカウントを 作《つく》ると、マイページで 申請《しんせい》の ようすを 見《み》る ことが できます。市《し》から「直《なお》して ください」と 言《い》われた とき、答《こた》える ことも できます。登録《とうろく》した メールアドレスに、確認《かくにん》の メールを 送《おく》ります。
register-optional = 書《か》かなくても いい
register-required = かならず 書《か》く
register-at-least-10-characters = 10 文字《もじ》か、それより 長《なが》く して ください。長《なが》い 文《ぶん》に すると、おぼえやすくて 安全《あんぜん》です。
register-send-check-mail = 確認《かくにん》の メールを 送《おく》る
register-have-account = アカウントが ある 人《ひと》は

## forgot
forgot-if-address-has-account = この アドレスが 登録《とうろく》されて いれば、パスワードを 新《あたら》しく する メールを 送《おく》りました。メールの リンクは 1 時間《じかん》 使《つか》えます。
forgot-send-mail = メールを 送《おく》る

## reset
reset-set-password = パスワードを 決《き》める

## password
password-password-has-been-changed = パスワードを 変《か》えました。ほかの スマホや パソコンからは ログアウトしました。
password-current-password = いまの パスワード
password-change-password = パスワードを 変《か》える

## notice
notice-if-mail-does-not = 確認《かくにん》の メールが 来《こ》ない とき
notice-send-check-mail-again = 確認《かくにん》の メールを もう一度《いちど》 送《おく》る

## account
account-status = いまの ようす
account-see-my-applications = わたしの 申請《しんせい》を 見《み》る
account-open-inbox = 受付《うけつけ》の 一覧《いちらん》を 開《ひら》く
account-manage-forms-workflows = 申請書《しんせいしょ》と 仕事《しごと》の ながれを 管理《かんり》する
account-change-password = パスワードを 変《か》える
account-sign-out = ログアウト

## furigana (shown only in easy Japanese)
layout-furigana-off = ふりがなを けす
layout-furigana-on = ふりがなを つける

## catalog: counts and labels
catalog-result-count = { $count } 件《けん》の 手続《てつづき》
procedure-cases-count = { $count } 件《けん》
procedure-unknown = わかりません
procedure-fee-free = 無料《むりょう》（お金《かね》は いりません）
procedure-fee-yen = { $amount } 円《えん》
procedure-fee-depends = 手続《てつづき》に よって ちがいます
procedure-standard-days = { $days } 日《にち》
procedure-offices-count = { $count } か所《しょ》の 窓口《まどぐち》
category-childcare = 子育《こそだ》て
category-nursing-care = 介護《かいご》
category-high-impact = 効果《こうか》が高《たか》い
category-other = その他《た》
status-online = オンラインで 申請《しんせい》できます
status-planned = これから オンラインに なります
status-not-online = 窓口《まどぐち》か 郵便《ゆうびん》で 申請《しんせい》します
status-impossible = オンラインに できない 手続《てつづき》

## form fields
form-mark-required = かならず
form-mark-optional = なくても いい
form-attached = つけた ファイル：
form-attached-replace = 　ちがう ファイルを 選《えら》ぶと、入《い》れかわります。
form-add-item = { $label }を 追加《ついか》する
form-select-prompt = 選《えら》んで ください
form-part-family-name = 姓《せい》（名字《みょうじ》）
form-part-given-name = 名《めい》（下《した》の 名前《なまえ》）
form-part-family-name-kana = 姓《せい》の フリガナ（カタカナ）
form-part-given-name-kana = 名《めい》の フリガナ（カタカナ）
form-part-bank-code = 銀行《ぎんこう》などの コード（4 けた）
form-part-branch-code = 支店《してん》の コード（3 けた）
form-part-account-type = 口座《こうざ》の 種類《しゅるい》（普通《ふつう》・当座《とうざ》・貯蓄《ちょちく》）
form-part-account-number = 口座番号《こうざばんごう》（7 けたまで）
form-part-account-holder = 口座《こうざ》の 名前《なまえ》（カタカナ）
form-answer-yes = はい
form-answer-file = ファイル

## application statuses
status-received = 受《う》け付《つ》けました
status-reviewing = しらべて います（審査中《しんさちゅう》）
status-correction-requested = 直《なお》して ください（補正《ほせい》）
status-resubmitted = 直《なお》しました（しらべるのを まって います）
status-approved = みとめられました（承認《しょうにん》）
status-rejected = みとめられませんでした（不承認《ふしょうにん》）
status-notice-issued = 通知《つうち》を 出《だ》しました
status-closed = 終《お》わりました
status-withdrawn = やめました（取《と》り下《さ》げ）

## shown when city texts on a page are not translated
layout-partly-japanese = この ページの 一部《いちぶ》は、ふつうの 日本語《にほんご》で 書《か》いて あります（点線《てんせん》の 線《せん》が ある ところ）。

## progress page
progress-title = オンラインで できる 手続《てつづき》の ふえかた
progress-intro = 名古屋市《なごやし》の 計画《けいかく》の 2つの 数字《すうじ》です。その 年度《ねんど》の 終《お》わりまでに インターネットで 申請《しんせい》できる 手続《てつづき》を 数《かぞ》えて います。法律《ほうりつ》で インターネットで できない 手続《てつづき》は 入《い》れて いません。
progress-cases-heading = ① 1年《ねん》の 件数《けんすう》
progress-procedures-heading = ② 手続《てつづき》の 数《かず》
progress-group = グループ
progress-change = 前《まえ》の 年《とし》との ちがい
progress-all = ぜんぶ
progress-procedures-count = { $count } 手続《てつづき》
progress-reference-only = 件数《けんすう》が わからない 手続《てつづき》が { $count } あります。1年《ねん》の 件数《けんすう》は だいたいの 数《かず》です。
progress-charts = グラフ
progress-chart-categories = グループと 年度《ねんど》ごとの ふえかた（②、計画《けいかく》）
progress-chart-bureaus = 局《きょく》ごとの ふえかた（①、{ $year }の 終《お》わりの 実際《じっさい》）
progress-downloads = データを ダウンロードする
progress-download-csv = CSV（表計算《ひょうけいさん》ソフト）
progress-download-json = JSON（システム）
layout-progress = オンラインの 進《すす》みぐあい
progress-bureaus-heading = 局《きょく》ごと（① 1年《ねん》の 件数《けんすう》 / ② 手続《てつづき》の 数《かず》）

## open data
open-data-title = オープンデータ
open-data-intro = 手続《てつづき》の リストと、オンラインで できる 手続《てつづき》の 数字《すうじ》を、だれでも 使《つか》える ように 出《だ》して います。アドレスは 変《か》わりません。
open-data-datasets = データ
open-data-procedures = 手続《てつづき》の リスト
open-data-indicators = オンラインの 数字《すうじ》
open-data-online-use = 手続《てつづき》ごとの オンラインの 使《つか》われかた（年度《ねんど》ごと）
open-data-columns = 列《れつ》の 説明《せつめい》
open-data-file = ファイル
open-data-column = 列《れつ》
layout-open-data = オープンデータ
layout-congestion = まどぐちの こみぐあい
progress-download-xlsx = Excel（xlsx）

## staff sign-in: second step
twofa-code-title = 確認《かくにん》コードの 入力《にゅうりょく》
twofa-code-intro = 認証《にんしょう》アプリに 出《で》ている 6けたの コードを 入《い》れてください。スマートフォンが ないときは、回復《かいふく》コードを 1つ 入《い》れることが できます。
twofa-code-label = 確認《かくにん》コード（または 回復《かいふく》コード）
twofa-lost-device = アプリも 回復《かいふく》コードも 使《つか》えないときは、システムの 管理者《かんりしゃ》に 2段階《だんかい》認証《にんしょう》を リセットしてもらってください。
twofa-enter-code = 確認《かくにん》コードを 入《い》れてください
twofa-wrong-code = コードが 違《ちが》うか、もう 使《つか》われています（あと { $left } 回《かい》）
twofa-enrol-title = 2段階《だんかい》認証《にんしょう》の 設定《せってい》
twofa-enrol-intro = 職員《しょくいん》の ログインには、パスワードと 認証《にんしょう》アプリの コードが 要《い》ります。はじめに 1回《かい》だけ 設定《せってい》します。
twofa-enrol-scan = 認証《にんしょう》アプリで この QRコードを 読《よ》みます。
twofa-enrol-qr-alt = 認証《にんしょう》アプリに 登録《とうろく》する QRコード
twofa-enrol-type = 読《よ》めないときは、この キーを 手《て》で 入《い》れます。
twofa-enrol-key = キー
twofa-enrol-uri = URI
twofa-enrol-confirm = アプリに 出《で》た 6けたの コードを 入《い》れて、確《たし》かめます。
twofa-enrol-submit = 設定《せってい》して ログイン
twofa-recovery-title = 回復《かいふく》コード
twofa-recovery-intro = 設定《せってい》しました。この 回復《かいふく》コードを 印刷《いんさつ》するか、安全《あんぜん》な ところに しまってください。アプリが 使《つか》えないとき、1つで 1回《かい》 ログインできます。この 画面《がめん》は もう 出《で》ません。
twofa-recovery-continue = しまったので 続《つづ》ける

## passkeys
passkey-title = パスキー
passkey-intro = パスキーを 登録《とうろく》すると、パスワードの かわりに、この 機械《きかい》の 指紋《しもん》や 顔《かお》や 画面《がめん》ロックで ログインできます。
passkey-none = 登録《とうろく》した パスキーは ありません。
passkey-name = 名前《なまえ》
passkey-created = 登録《とうろく》した 日《ひ》
passkey-last-used = 最後《さいご》に 使《つか》った 日《ひ》
passkey-remove = 消《け》す
passkey-add-heading = パスキーを 増《ふ》やす
passkey-add = この 機械《きかい》に パスキーを 登録《とうろく》する
passkey-elsewhere = パスキーは この アドレスで 使《つか》えます:
passkey-needs-script = パスキーの 登録《とうろく》には JavaScript が 要《い》ります。
passkey-back = マイページに 戻《もど》る
passkey-working = 機械《きかい》の 画面《がめん》の とおりに してください…
passkey-sign-in = パスキーで ログイン
passkey-default-name = パスキー
passkey-error-failed = パスキーが 使《つか》えませんでした。
passkey-error-unavailable = この サイトでは パスキーは 使《つか》えません。
passkey-error-expired = 時間《じかん》が たちすぎました。もう 一度《いちど》 してください。
passkey-error-unknown = この パスキーは 登録《とうろく》されていません。
passkey-error-too-many = これ以上《いじょう》 登録《とうろく》できません。使《つか》わない ものを 消《け》してください。
passkey-error-too-many-attempts = 回数《かいすう》が 多《おお》すぎます。少《すこ》し 待《ま》ってから してください。

## 市《し》の 職員《しょくいん》アカウント・gBizIDで ログイン
sso-staff-button = 市《し》の 職員《しょくいん》アカウントで ログイン
sso-gbizid-button = 会社《かいしゃ》などの 人《ひと》：gBizIDで ログイン
sso-refused-title = ログイン できませんでした
sso-unavailable = いま、市《し》の ログインの サービスに つながりません。madoguchiの メールアドレスと パスワードで ログインするか、あとで もう一度《いちど》 ためして ください。
sso-failed = ログインが おわりませんでした（時間《じかん》が かかりすぎたか、ほかの ブラウザで はじめました）。はじめから もう一度《いちど》 ためして ください。
sso-no-role = あなたの 市《し》の アカウントは、madoguchiを 使《つか》う 権限《けんげん》が ありません。情報《じょうほう》システムの 担当《たんとう》に 聞《き》いて ください。
sso-no-account = この ログインの madoguchiの アカウントが ありません。情報《じょうほう》システムの 担当《たんとう》に 聞《き》いて ください。
sso-disabled = この 職員《しょくいん》アカウントは 使《つか》えません。情報《じょうほう》システムの 担当《たんとう》に 聞《き》いて ください。
sso-missing-claim = 市《し》の ログインの サービスから メールアドレスが 来《き》ませんでした。情報《じょうほう》システムの 担当《たんとう》に 聞《き》いて ください。
sso-gbizid-missing-claim = gBizIDから 法人番号《ほうじんばんごう》と メールアドレスが 来《き》ませんでした。会社《かいしゃ》などの gBizIDアカウント（gBizIDプライム・メンバー）で ログインして ください。
sso-back-to-login = ログインの ページに もどる

## procedure: who, when, how to apply
procedure-who-can-apply = 申請《しんせい》できる 人《ひと》
procedure-deadline = 期限《きげん》（いつまでに）
procedure-how-apply = 申請《しんせい》の しかた
procedure-apply-on-service = { $service }で 申請《しんせい》する
procedure-leaves-site = ほかの サイトに 移《うつ》ります
way-form = この 画面《がめん》から オンラインで 申請《しんせい》できます。
way-external = { $service }で オンライン 申請《しんせい》が できます。
way-post = 郵便《ゆうびん》で 申請《しんせい》して ください。
way-counter = 窓口《まどぐち》で 申請《しんせい》して ください。
way-unstated = 窓口《まどぐち》か 郵便《ゆうびん》で 受《う》け付《つ》けます。くわしくは 担当《たんとう》に 聞《き》いて ください。
procedure-contact = 聞《き》きたい ときは
procedure-phone = 電話《でんわ》
procedure-email = メール
procedure-hours = 受付《うけつけ》の 時間《じかん》

## header: signing in (public pages)
header-account-menu = アカウント
header-login = ログイン
header-my-page = マイページ
header-logout = ログアウト
header-back-office = 職員《しょくいん》の 画面《がめん》

# Guests follow an application by its receipt number and check code.
receipt-quote-receipt-number = 市《し》に 聞《き》く ときは、受付番号《うけつけばんごう》を 言《い》って ください。
receipt-check-code = 確認《かくにん》コード
receipt-guest-follow = 受付番号《うけつけばんごう》と 確認《かくにん》コードで、申請《しんせい》が いま どう なって いるか 見《み》る ことが できます（アカウントは いりません）。メモして ください。メールにも 書《か》いて あります。
receipt-check-status = 申請《しんせい》の いまを 見《み》る
guest-status-title = 申請《しんせい》の いまを 見《み》る
guest-status-intro = 受付番号《うけつけばんごう》と 確認《かくにん》コードを 書《か》いて ください。確認《かくにん》コードは、申請《しんせい》した ときの 画面《がめん》と メールに 書《か》いて あります。
guest-status-receipt-number = 受付番号《うけつけばんごう》
guest-status-receipt-hint = 例《れい》: R8-0000123
guest-status-check-code = 確認《かくにん》コード
guest-status-code-hint = 例《れい》: AB12C-D34EF（英語《えいご》と 数字《すうじ》 10 文字《もじ》）
guest-status-check = 見《み》る
guest-status-not-found = 受付番号《うけつけばんごう》か 確認《かくにん》コードが ちがいます。もう 一度《いちど》 見《み》て ください。
guest-status-procedure = 手続《てつづ》き
guest-status-current = いまの ようす
guest-status-keep-title = マイページに 入《い》れる
guest-status-keep-signed-in = この 申請《しんせい》を あなたの マイページに 入《い》れる ことが できます。
guest-status-keep-button = マイページに 入《い》れる
guest-status-keep-sign-in = ログインすると、この 申請《しんせい》を マイページに 入《い》れる ことが できます。
guest-status-sign-in = ログイン
guest-status-register = アカウントを 作《つく》る
guest-status-another = ほかの 申請《しんせい》を 見《み》る
# forms: filling a form (prefill, bank picker, dates, language switch)
form-entry = { $label } { $n }
form-latin-allowed = 外国《がいこく》の 人《ひと》は、フリガナを ローマ字《じ》で 書《か》いても いいです。
form-bank-name = 銀行《ぎんこう》の 名前《なまえ》
form-bank-search = 銀行《ぎんこう》を さがす
form-branch-name = 支店《してん》の 名前《なまえ》
form-branch-search = 支店《してん》を さがす
form-bank-none-found = 見《み》つかりませんでした。ほかの 名前《なまえ》で さがすか、コードを 書《か》いて ください。
form-account-type-ordinary = 普通《ふつう》
form-account-type-current = 当座《とうざ》
form-account-type-savings = 貯蓄《ちょちく》
form-switch-language = ことばを かえる（書《か》いた ことは のこります）
form-switch-language-to = ことば

# identity: the profile that fills forms
profile-title = プロフィール（申請書《しんせいしょ》に 入《はい》る こと）
profile-birth-date = 生年月日《せいねんがっぴ》
profile-postal-code = 郵便番号《ゆうびんばんごう》
profile-address = 住所《じゅうしょ》
profile-phone = 電話番号《でんわばんごう》
profile-save = 保存《ほぞん》する
profile-saved = 保存《ほぞん》しました。
profile-help = ここに 書《か》いた ことは 申請書《しんせいしょ》に 入《はい》ります。書《か》かなくても いいです。
prefill-offer = 窓口《まどぐち》で 出《だ》す 人《ひと》は、ここで QRコードを 作《つく》れます。役所《やくしょ》で QRコードを 見《み》せれば、紙《かみ》に 書《か》かなくて いいです。
prefill-make = 窓口《まどぐち》で 出《だ》す（QRコードを 作《つく》る）
prefill-title = 窓口《まどぐち》で 見《み》せる QRコード
prefill-show-at-counter = 役所《やくしょ》に 来《き》たら、この QRコードを 窓口《まどぐち》で 見《み》せて ください。紙《かみ》に 書《か》かなくて いいです。
prefill-procedure = 手続《てつづき》
prefill-code = コード（QRコードが 読《よ》めない ときは、これを 窓口《まどぐち》で 言《い》って ください）
prefill-expires = 使《つか》える 日《ひ》
prefill-print = 印刷《いんさつ》する
prefill-no-personal-data = QRコードに あなたの 名前《なまえ》などは 入《はい》って いません。書《か》いた ことは、日《ひ》が 過《す》ぎると 消《き》えます。
prefill-cancel = この QRコードを やめる
prefill-cancel-confirm = やめると、書《か》いた ことは 消《き》えて、この QRコードは 使《つか》えなく なります。やめますか。
prefill-cancelled = やめました。書《か》いた ことは 消《き》えました。
prefill-expired = この QRコードは もう 使《つか》えません。もう 一度《いちど》 書《か》いて ください。
prefill-accepted = 窓口《まどぐち》で 受《う》け付《つ》けました。番号《ばんごう》は { $receipt } です。
prefill-not-found = その QRコードは ありません。やめたか、日《ひ》が 過《す》ぎて 消《き》えました。
catalog-bereavement-guide = 家族《かぞく》が 亡《な》くなった ときの 手続《てつづき》は、おくやみ 手続《てつづき》ガイドで まとめて 分《わ》かります
catalog-life-event-guide = 引《ひ》っ越《こ》し・生《う》まれた・結婚《けっこん》などから 手続《てつづき》を さがす
catalog-ask-assistant = 質問《しつもん》して さがす
assistant-answer-online = 「{ $name }」の 手続《てつづき》です。インターネットで 申請《しんせい》できます。
assistant-answer-counter = 「{ $name }」の 手続《てつづき》です。{ $place }で 受《う》け付《つ》けます。
assistant-answer-more = ほかの 手続《てつづき》も のせます。
assistant-abstain = ごめんなさい。答《こた》えが 見《み》つかりませんでした。名古屋《なごや》おしえてダイヤル（052-953-7584、毎日《まいにち》8時《じ》〜21時《じ》）に 聞《き》いてください。
assistant-title = 質問《しつもん》して さがす
assistant-intro = 手続《てつづき》について 質問《しつもん》を 書《か》いてください。わからない ときは、聞《き》く ところを 教《おし》えます。
assistant-label = 質問《しつもん》
assistant-ask = 聞《き》く
assistant-sources = 見《み》た 手続《てつづき》の ページ
assistant-you-asked = あなたの 質問《しつもん》
assistant-privacy = 名前《なまえ》・番号《ばんごう》・住所《じゅうしょ》は 消《け》して 記録《きろく》します。書《か》かないで ください。
assistant-guide-link = 出来事《できごと》から さがす
assistant-question-missing = 質問《しつもん》を 書《か》いてください。
