# 住民向け画面の文言（日本語）

## layout
layout-online-counter = オンライン窓口
layout-skip-main-content = 本文へ移動
layout-main-menu = メインメニュー
layout-language = 言語
layout-madoguchi-open-source-online = madoguchi — 行政手続オンライン窓口（オープンソース）

## common
common-find-procedure = 手続をさがす
common-category = 分類
common-tags = タグ
common-are-here = 現在位置
common-there-problem = 入力内容を確認してください
common-e-mail-address = メールアドレス
common-password = パスワード
common-sign = ログイン
common-name = お名前
common-new-password = 新しいパスワード
common-at-least-10-characters = 10 文字以上。

## error
error-back-list-procedures = 手続の一覧へ戻る

## catalog
catalog-there-problem-with-search = 検索条件に誤りがあります
catalog-keywords-japanese-english = キーワード（漢字・ひらがな・カタカナ）
catalog-narrow-down = 条件で絞り込む
catalog-narrow-down-2 = 絞り込み
catalog-all = すべて
catalog-life-event = ライフイベント
catalog-bureau = 担当部署（局）
catalog-tag = タグ
catalog-only-procedures-available-online = オンラインで申請できる手続だけ
catalog-search = 検索する
catalog-popular-tags = よく使われるタグ
catalog-no-procedure-matched-try = 該当する手続は見つかりませんでした。言葉を短くするか、ひらがなで入力してみてください。
catalog-did-you-mean = もしかして：
catalog-showing-corrected = 入力された言葉では見つからなかったため、次の言葉の結果を表示しています：
catalog-partial-match = すべての言葉を含む手続はありませんでした。いずれかの言葉を含む手続を表示しています。
catalog-pages = ページ送り
catalog-previous-page = 前のページ
catalog-next-page = 次のページ

## procedure
procedure-apply-online = オンラインで申請する
procedure-handled-by = 担当
procedure-online = オンライン化
procedure-since = 開始日
procedure-planned = 予定
procedure-reason = 理由
procedure-fee = 手数料
procedure-legal-basis = 根拠
procedure-standard-processing-time = 標準処理期間
procedure-cases-year = 年間件数
procedure-what-bring-attach = 必要なもの
procedure-where-go = 窓口
procedure-life-events = 関係するライフイベント

## apply
apply-what-correct = 補正の依頼内容
apply-keep-as-draft = 一時保存する

## confirm
confirm-application-like-one-has = 同じ方からの同じ内容の申請がすでにあります
confirm-check-are-not-applying = 二重に申請していないか確認してください。このまま送信することもできます。
confirm-send-application = この内容で申請する
confirm-go-back-change = 入力画面に戻って修正する

## receipt
receipt-receipt-number = 受付番号
receipt-received-at = 受付日時
receipt-quote-receipt-number-if = お問い合わせの際は受付番号をお伝えください。審査の状況はマイページで確認できます。
receipt-go-my-page = マイページへ

## my_applications
my-applications-unfinished-applications-drafts = 入力途中の申請（下書き）
my-applications-kept = 保存
my-applications-sent-applications = 送信した申請
my-applications-have-no-applications-yet = まだ申請はありません。
my-applications-procedures-can-apply-online = オンラインで申請できる手続

## my_application
my-application-my-applications = 申請の状況
my-application-city-has-asked-correct = 市から補正（修正）の依頼があります。
my-application-correct-send-again = 内容を修正して再提出する
my-application-withdraw-application = この申請を取り下げる
my-application-what-has-happened = これまでの経過
my-application-from-section = 担当課からの連絡
my-application-what-sent = 申請した内容
my-application-disposed = この申請の入力内容と添付書類は、保存期間（{ $years }年）が過ぎたため、{ $date }に廃棄しました。受付番号、手続、処理の経過は残っています。
my-application-disposed-short = 保存期間満了により廃棄済み
my-application-message-from-section = 担当課からのお知らせ
my-application-withdraw-question = この申請を取り下げますか
my-application-withdraw-consequence = 取り下げると、この申請の審査は行われません。取り下げは元に戻せません。もう一度申請するときは、最初から申請し直してください。
my-application-withdraw-not-yet = まだ取り下げていません。
my-application-withdraw-confirm = 取り下げる（確定）
my-application-withdraw-cancel = 取り下げずに戻る

## login
login-could-not-signed = ログインできませんでした
login-forgot-password = パスワードを忘れたとき
login-new-here = はじめての方は
login-create-account = アカウントを作成する
login-residents = 住民の方は
login-sign-here = こちらからログイン
login-city-staff = 職員の方は
login-staff-sign = 職員ログイン

## register
register-with-account-can-follow = アカウントを作ると、申請の状況をマイページで確認し、補正の依頼に答えられます。登録したメールアドレスに確認のメールを送ります。
register-optional = 任意
register-required = 必須
register-at-least-10-characters = 10 文字以上。長い文を使うと覚えやすく安全です。
register-send-check-mail = 確認メールを送る
register-have-account = アカウントをお持ちの方は

## forgot
forgot-if-address-has-account = 登録があれば、そのアドレスにパスワード再設定のメールを送りました（1 時間有効）。
forgot-send-mail = 再設定のメールを送る

## reset
reset-set-password = パスワードを設定する

## password
password-password-has-been-changed = パスワードを変更しました。ほかの端末のログインは終了しました。
password-current-password = 現在のパスワード
password-change-password = パスワードを変更する

## notice
notice-if-mail-does-not = 確認メールが届かないとき
notice-send-check-mail-again = 確認メールをもう一度送る

## account
account-status = 状態
account-see-my-applications = 申請の状況を見る
account-open-inbox = 受付一覧を開く
account-manage-forms-workflows = 申請書と処理の流れを管理する
account-change-password = パスワードを変更する
account-sign-out = ログアウト

## furigana (shown only in easy Japanese)
layout-furigana-off = ふりがなを消す
layout-furigana-on = ふりがなを付ける

## catalog: counts and labels
catalog-result-count = { $count } 件の手続
procedure-cases-count = { $count } 件
procedure-unknown = 不明
procedure-fee-free = 無料
procedure-fee-yen = { $amount } 円
procedure-fee-depends = 手続によって異なります
procedure-standard-days = { $days } 日
procedure-offices-count = { $count }か所の窓口
category-childcare = 子育て
category-nursing-care = 介護
category-high-impact = 効果が高い
category-other = その他
status-online = オンライン申請できます
status-planned = オンライン化予定
status-not-online = 窓口・郵送で受付
status-impossible = オンライン化できない手続

## form fields
form-mark-required = 必須
form-mark-optional = 任意
form-attached = 添付済み：
form-attached-replace = 　別のファイルを選ぶと置き換わります。
form-add-item = { $label }を追加する
form-select-prompt = 選択してください
form-part-family-name = 姓
form-part-given-name = 名
form-part-family-name-kana = 姓（フリガナ）
form-part-given-name-kana = 名（フリガナ）
form-part-bank-code = 金融機関コード（4桁）
form-part-branch-code = 支店コード（3桁）
form-part-account-type = 預金種目（普通・当座・貯蓄）
form-part-account-number = 口座番号（7桁まで）
form-part-account-holder = 口座名義（カタカナ）
form-answer-yes = はい
form-answer-file = ファイル

## application statuses
status-received = 受付済み
status-reviewing = 審査中
status-correction-requested = 補正依頼中
status-resubmitted = 補正済み（再審査待ち）
status-approved = 承認
status-rejected = 不承認
status-notice-issued = 通知発行済み
status-closed = 完了
status-withdrawn = 取下げ

## shown when city texts on a page are not translated
layout-partly-japanese = このページの一部は翻訳がないため、日本語で表示しています（点線の下線の部分）。

## progress page
progress-title = オンライン化の進捗
progress-intro = 名古屋市行政手続オンライン化計画の2つの評価指標です。各年度末までにオンラインで申請できる手続を、それまでの分も含めて数えています。法令上オンライン化できない手続は除いています。
progress-cases-heading = 評価指標① 年間総件数
progress-procedures-heading = 評価指標② 手続数
progress-group = 区分
progress-change = 前年比
progress-all = 全体
progress-procedures-count = { $count } 手続
progress-reference-only = 件数が分からない手続が { $count } あるため、年間総件数は参考値です。
progress-charts = グラフ
progress-chart-categories = 分類別・年度別の進捗（評価指標②、計画）
progress-chart-bureaus = 局別の進捗（評価指標①、{ $year }末の実績）
progress-downloads = データのダウンロード
progress-download-csv = CSV（表計算ソフト用）
progress-download-json = JSON（システム連携用）
layout-progress = オンライン化の進捗
progress-bureaus-heading = 局別（① 年間総件数 / ② 手続数）

## open data
open-data-title = オープンデータ
open-data-intro = 手続の一覧とオンライン化の評価指標を、だれでも自由に使える形で公開しています。アドレスは変わりません。CSV は UTF-8（BOM 付き）です。
open-data-datasets = データ
open-data-procedures = 手続の一覧
open-data-indicators = オンライン化の評価指標
open-data-online-use = 手続ごとのオンライン利用の状況（年度別）
open-data-columns = 列の説明
open-data-file = ファイル
open-data-column = 列
layout-open-data = オープンデータ
layout-congestion = 窓口の混雑状況
progress-download-xlsx = Excel（xlsx）

## staff sign-in: second step
twofa-code-title = 確認コードの入力
twofa-code-intro = 認証アプリに表示されている6桁の確認コードを入力してください。スマートフォンが手元にないときは、回復コードを1つ入力できます。
twofa-code-label = 確認コード（または回復コード）
twofa-lost-device = 認証アプリも回復コードも使えないときは、システム管理者に2段階認証のリセットを依頼してください。
twofa-enter-code = 確認コードを入力してください
twofa-wrong-code = 確認コードが正しくないか、すでに使われています（あと { $left } 回まで）
twofa-enrol-title = 2段階認証の設定
twofa-enrol-intro = 職員のログインには、パスワードに加えて認証アプリ（Google Authenticator、Microsoft Authenticator など）の確認コードが必要です。最初に一度だけ設定します。
twofa-enrol-scan = 認証アプリでこのQRコードを読み取ります。
twofa-enrol-qr-alt = 認証アプリに登録するためのQRコード
twofa-enrol-type = 読み取れないときは、次のキーを手で入力します。
twofa-enrol-key = キー
twofa-enrol-uri = URI
twofa-enrol-confirm = アプリに表示された6桁のコードを入力して、設定を確かめます。
twofa-enrol-submit = 設定してログイン
twofa-recovery-title = 回復コード
twofa-recovery-intro = 2段階認証を設定しました。次の回復コードを印刷するか安全な場所に保管してください。認証アプリが使えないとき、1つにつき1回だけログインに使えます。この画面は二度と表示されません。
twofa-recovery-continue = 保管したので続ける

## passkeys
passkey-title = パスキー
passkey-intro = パスキーを登録すると、パスワードの代わりに、この端末の指紋・顔認証や画面ロックでログインできます。
passkey-none = 登録したパスキーはありません。
passkey-name = 名前
passkey-created = 登録日時
passkey-last-used = 最後に使った日時
passkey-remove = 削除
passkey-add-heading = パスキーを追加
passkey-add = この端末にパスキーを登録
passkey-elsewhere = パスキーは次のアドレスで登録・利用できます:
passkey-needs-script = パスキーの登録には JavaScript が必要です。
passkey-back = マイページに戻る
passkey-working = 端末の画面に従ってください…
passkey-sign-in = パスキーでログイン
passkey-default-name = パスキー
passkey-error-failed = パスキーの操作ができませんでした。
passkey-error-unavailable = このサイトではパスキーを利用できません。
passkey-error-expired = 時間が経ちすぎました。もう一度お試しください。
passkey-error-unknown = このパスキーは登録されていません。
passkey-error-too-many = これ以上パスキーを登録できません。使わないものを削除してください。
passkey-error-too-many-attempts = 試行回数が多すぎます。しばらく待ってからお試しください。

## 市の職員アカウント・gBizIDでのログイン（OpenID Connect）
sso-staff-button = 市の職員アカウントでログイン
sso-gbizid-button = 事業者の方：gBizIDでログイン
sso-refused-title = ログインできませんでした
sso-unavailable = 現在、市の認証サービスに接続できません。madoguchiのメールアドレスとパスワードでログインするか、しばらくしてからお試しください。
sso-failed = ログインが完了しませんでした（時間がかかりすぎたか、別のブラウザで始められました）。もう一度最初からお試しください。
sso-no-role = あなたの市のアカウントには、madoguchiでの権限がありません。情報システム担当にお問い合わせください。
sso-no-account = このログインに対応するmadoguchiのアカウントがありません。情報システム担当にお問い合わせください。
sso-disabled = この職員アカウントは無効になっています。情報システム担当にお問い合わせください。
sso-missing-claim = 市の認証サービスからメールアドレスを受け取れませんでした。情報システム担当にお問い合わせください。
sso-gbizid-missing-claim = このアカウントについて、gBizIDから法人番号とメールアドレスを受け取れませんでした。事業者のgBizIDアカウント（gBizIDプライム・メンバー）でログインしてください。
sso-back-to-login = ログインページに戻る

## procedure: who, when, how to apply
procedure-who-can-apply = 対象となる方
procedure-deadline = 期限
procedure-how-apply = 申請の方法
procedure-apply-on-service = { $service }で申請する
procedure-leaves-site = 外部のサイトに移動します
way-form = この画面からオンラインで申請できます。
way-external = { $service }でオンライン申請できます。
way-post = 郵送で申請してください。
way-counter = 窓口で申請してください。
way-unstated = 窓口または郵送で受け付けています。詳しくは担当へお問い合わせください。
procedure-contact = お問い合わせ
procedure-phone = 電話
procedure-email = メール
procedure-hours = 受付時間

## header: signing in (public pages)
header-account-menu = アカウント
header-login = ログイン
header-my-page = マイページ
header-logout = ログアウト
header-back-office = 業務画面

# Guests follow an application by its receipt number and check code.
receipt-quote-receipt-number = お問い合わせの際は受付番号をお伝えください。
receipt-check-code = 確認コード
receipt-guest-follow = 受付番号と確認コードで、申請の状況をいつでも確認できます（アカウントは不要です）。メモするか、この画面を保存してください。受付メールにも書いてあります。
receipt-check-status = 申請の状況を確認する
guest-status-title = 申請の状況確認
guest-status-intro = 受付番号と確認コードを入力してください。確認コードは、申請したときの受付画面と受付メールに書いてあります。アカウントは不要です。
guest-status-receipt-number = 受付番号
guest-status-receipt-hint = 例: R8-0000123
guest-status-check-code = 確認コード
guest-status-code-hint = 例: AB12C-D34EF（英数字10文字。小文字・全角でも構いません）
guest-status-check = 確認する
guest-status-not-found = 受付番号または確認コードが正しくありません。もう一度ご確認ください。
guest-status-procedure = 手続
guest-status-current = 現在の状況
guest-status-keep-title = マイページで管理する
guest-status-keep-signed-in = この申請をあなたのマイページに追加できます。追加すると、以後のお知らせはアカウントに届きます。
guest-status-keep-button = マイページに追加する
guest-status-keep-sign-in = ログインすると、この申請をマイページに追加できます。アカウントがなければ作成できます（作成後、受付メールのリンクからこのページを開き直してください）。
guest-status-sign-in = ログイン
guest-status-register = アカウントを作る
guest-status-another = 別の申請を確認する
# forms: filling a form (prefill, bank picker, dates, language switch)
form-entry = { $label } { $n }
form-latin-allowed = 外国籍の方は、フリガナをローマ字（在留カード・パスポートの表記）で書くこともできます。
form-bank-name = 金融機関名（漢字・かな・ローマ字）
form-bank-search = 銀行を探す
form-branch-name = 支店名（漢字・かな・ローマ字）
form-branch-search = 支店を探す
form-bank-none-found = 見つかりませんでした。名前を変えて探すか、コードを入力してください。
form-account-type-ordinary = 普通
form-account-type-current = 当座
form-account-type-savings = 貯蓄
form-switch-language = 言語を切り替える（入力は保存されます）
form-switch-language-to = 表示する言語

# identity: the profile that fills forms
profile-title = プロフィール（申請書に入れる情報）
profile-birth-date = 生年月日
profile-postal-code = 郵便番号
profile-address = 住所
profile-phone = 電話番号
profile-save = 保存する
profile-saved = 保存しました。新しく申請するとき、この内容が申請書に入ります。
profile-help = ここに入れた内容は、新しく申請するときに申請書へ入り、そこで直すこともできます。どれも入れなくてかまいません。
prefill-offer = 窓口で提出する方は、ここで内容を保存してQRコードを作れます。来庁したらQRコードを見せるだけで、申請書を書く必要はありません。
prefill-make = 窓口で提出する（QRコードを作る）
prefill-title = 窓口で見せるQRコード
prefill-show-at-counter = 来庁したら、このQRコードを窓口で見せてください。申請書を書く必要はありません。
prefill-procedure = 手続
prefill-code = コード（QRコードが読めないときは、これを窓口で伝えてください）
prefill-expires = 有効期限
prefill-print = 印刷する
prefill-no-personal-data = QRコードに個人情報は入っていません。入力した内容は期限が来ると消えます。
prefill-cancel = このQRコードを取り消す
prefill-cancel-confirm = 取り消すと、入力した内容は消え、このQRコードは使えなくなります。取り消しますか。
prefill-cancelled = 取り消しました。入力した内容は消えました。
prefill-expired = このQRコードは期限が切れています。お手数ですが、もう一度入力してください。
prefill-accepted = 窓口で受け付けました。受付番号は { $receipt } です。
prefill-not-found = そのQRコードは見つかりません。取り消されたか、期限が切れて消えています。
catalog-bereavement-guide = ご家族が亡くなられたときの手続は、おくやみ手続きガイドで、いくつかの質問からまとめて確認できます
catalog-life-event-guide = 引っ越し・出生・結婚などの出来事から手続を探す（手続ガイド）
catalog-ask-assistant = 質問して探す（24時間の案内）
assistant-answer-online = 「{ $name }」の手続です。オンラインで申請できます。手順と必要なものは、手続の案内をご覧ください。
assistant-answer-counter = 「{ $name }」の手続です。{ $place }で受け付けています。必要なものは、手続の案内をご覧ください。
assistant-answer-more = 関係しそうな手続もあわせてご案内します。
assistant-abstain = すみません、ご質問にお答えできる情報が見つかりませんでした。名古屋おしえてダイヤル（052-953-7584、毎日8時〜21時）にお問い合わせいただくか、お問い合わせのページをご覧ください。
assistant-title = 質問して探す
assistant-intro = 手続について質問を入力してください。手続の一覧と、各課のよくある質問からお答えし、使った手続の案内ページを示します。分からないときは、問い合わせ先をご案内します。
assistant-label = 質問
assistant-ask = 質問する
assistant-sources = 参照した手続の案内
assistant-you-asked = あなたの質問
assistant-privacy = 質問は、氏名・番号・住所を取り除いて記録し、よくある質問の改善に使います。個人情報は入力しないでください。
assistant-guide-link = 出来事から探す（手続ガイド）
assistant-question-missing = 質問を入力してください。
