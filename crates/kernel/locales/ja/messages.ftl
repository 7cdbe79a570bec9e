# 住民に見せるエラーと案内（日本語）

## 共通のエラー
error-invalid-request = 入力内容に誤りがあります。
error-page-expired = 画面の有効期限が切れました。もう一度お試しください。
error-request-too-large = 送信内容が大きすぎます。
error-busy = ただいま混み合っています。少し待ってから、もう一度送信してください。
error-internal = サーバーで問題が発生しました。時間をおいてもう一度お試しください。
error-page-not-found = ページが見つかりません。
error-title = エラー
error-too-many-attempts = 短い時間に試行が多すぎたため、受け付けを止めています。{ $minutes } 分ほど待ってから、もう一度お試しください。

## pages
pages-staff-sign = 職員ログイン
pages-sign = ログイン
pages-e-mail-address-verified = メールアドレス確認済み
pages-e-mail-address-not = メールアドレス未確認
pages-my-page = マイページ
pages-staff-page = 職員ページ
pages-form-could-not-read = 入力内容を読み取れませんでした。
pages-enter-e-mail-address = メールアドレスを入力してください。
pages-enter-password = パスワードを入力してください。
pages-e-mail-address-password = メールアドレスまたはパスワードが正しくありません。
pages-e-mail-address-has = メールアドレスの確認が済んでいません。登録時に送ったメールのリンクを開いてください（メールが届かないときは「アカウントの作成」から再送できます）。

## registration
registration-check-mail = 確認メールを送りました
registration-create-account = アカウントの作成
registration-account-ready = 登録が完了しました
registration-address-confirmed-sign-apply = メールアドレスを確認しました。ログインして申請できます。
registration-sign = ログインする
registration-link-cannot-used = このリンクは使えません
registration-link-has-expired-after = リンクの有効期限（24 時間）が切れたか、すでに使われています。確認メールをもう一度送ってください。
registration-enter-valid-e-mail = メールアドレスを正しく入力してください。
registration-enter-valid-e-mail-2 = メールアドレスを正しく入力してください（例: nagoya@example.jp）。
registration-choose-password = ログインに使うパスワードを決めてください。設定すると、メールアドレスの確認と登録が完了します。

## password-reset
password-reset-forgot-password = パスワードを忘れたとき
password-reset-set-new-password = 新しいパスワードの設定
password-reset-new-password-set = パスワードを設定しました
password-reset-link-has-expired-was = このリンクは期限切れか、すでに使われています。もう一度「パスワードを忘れたとき」からお試しください。

## password-change
password-change-change-password = パスワードの変更
password-change-current-password-not-correct = 現在のパスワードが正しくありません。

## apply
apply-continue = 入力内容を確認する
apply-can-go-from-draft = 保存した下書きの続きから入力できます
apply-application-has-been-received = 申請を受け付けました
apply-draft-kept-can-go = 下書きを保存しました。マイページからいつでも続きを入力できます。
apply-check-answers = 入力内容の確認
apply-application-has-already-been = この申請はすでに送信されています。

## attachments
attachments-form-could-not-read = 送信内容を読み取れませんでした。もう一度入力してください。
attachments-no-such-attachment = 添付ファイルが見つかりません。

## my-page
my-page-my-applications = 申請の状況
my-page-receipt = 受付番号
my-page-correction = 補正
my-page-send-corrected-application = この内容で再提出する

## api
api-idempotency-key-must-ascii = Idempotency-Key は ASCII 文字で指定してください。
api-comment-must-at-most = コメントは 2000 文字以内にしてください。
api-request-body-cannot-read = 送信内容を読み取れません。
api-idempotency-key-was-used = この Idempotency-Key は別の内容の申請で使われています。

## validate
validate-send-answers-as-json = 回答は項目名と値の組（JSON オブジェクト）で送ってください。


## form
form-form-has-no-field = 「{ $key }」という項目はこの申請書にありません。
form-enter-at-least = { $label }を { $min } 件以上入力してください。
form-text = { $label }は文字で入力してください。
form-at-most-characters = { $label }は { $max } 文字以内で入力してください。
form-at-least-characters = { $label }は { $min } 文字以上で入力してください。
form-contains-characters-that-cannot = { $label }に使えない文字が含まれています。
form-not-expected-format = { $label }の形式が正しくありません。
form-number = { $label }は数字で入力してください。
form-whole-number = { $label }は整数で入力してください。
form-at-least = { $label }は { $min } 以上にしてください。
form-at-most = { $label }は { $max } 以下にしてください。
form-date-such-as-2023 = { $label }は「令和5年4月1日」や「2023-04-01」の形で入力してください。
form-after = { $label }は{ $date }以降の日付にしてください。
form-before = { $label }は{ $date }以前の日付にしてください。
form-choose-from-list = { $label }は選択肢の中から選んでください。
form-true-false = { $label }の値が正しくありません。
form-not-valid-e-mail = { $label }の形式が正しくありません（例: taro@example.jp）。
form-10-11-digit-number = { $label }は 0 から始まる 10 桁か 11 桁の番号で入力してください。
form-7-digits-e-g = { $label }は 7 桁の数字で入力してください（例: 460-8508）。
form-list = { $label }の形式が正しくありません。
form-takes-between-entries = { $label }は { $min } 件から { $max } 件までにしてください。
form-entry-malformed = { $label }の { $n } 件目の形式が正しくありません。
form-malformed = { $label }の形式が正しくありません。
form-enter = { $label }の{ $part }を入力してください。
form-at-most-characters-2 = { $label }の{ $part }は { $max } 文字以内で入力してください。
form-write-katakana = { $label }の{ $part }はカタカナで入力してください。
form-up-digits = { $name }は{ $max } 桁以内の数字で入力してください。
form-exact-digits = { $name }は{ $max } 桁の数字で入力してください。
form-write-account-holder-katakana = 口座名義はカタカナで、通帳のとおりに入力してください（使えない文字: { $bad }）。
form-file-missing-attach-again = { $label }の添付ファイルが見つかりません。もう一度添付してください。
form-one = { $label }は { $value } の形式で添付してください。
form-file-too-large-up = { $label }のファイルが大きすぎます（{ $mb } MB まで）。
form-required = { $label }を入力してください。
form-choose = { $label }を選択してください。
form-attach = { $label }を添付してください。
form-choose-account-type = 預金種目は 普通・当座・貯蓄 から選んでください。
form-enter-account-holder = 口座名義（カタカナ）を入力してください。

## search and accounts
search-whole-number = { $name } は 1 から { $max } までの整数にしてください。
search-words-too-long = 検索語は { $max } 文字以内にしてください。
search-no-category = 分類「{ $value }」はありません（子育て・介護・効果が高い・その他）。
search-no-bureau = 所管局「{ $value }」はありません。
search-unreadable-query = 検索条件を読み取れません。
procedure-not-found = 手続「{ $id }」は見つかりません。
password-too-short = パスワードは { $min } 文字以上にしてください。
password-too-long = パスワードは { $max } 文字以内にしてください。

## uploads and applications
upload-empty = 選んだファイルが空です。
upload-unknown-type = このファイルの形式は添付できません（PDF・JPEG・PNG・HEIC・GIF・WebP のいずれかにしてください）。
upload-too-large = ファイルが大きすぎます（{ $mb } MB まで）。
upload-quota-reached = アップロードできる量の上限に達しました。{ $minutes } 分ほどたってから、もう一度お試しください。
upload-not-stored = ファイルを保存できませんでした。時間をおいてもう一度お試しください。
upload-request-too-large = 送信内容が大きすぎます（添付ファイルは合わせて { $mb } MB まで）。
apply-not-online = 手続「{ $id }」はオンラインで申請できません。
my-page-no-application = 受付番号「{ $receipt }」の申請は見つかりません。

## names of the parts of a field, used inside messages
part-family-name = 姓
part-given-name = 名
part-family-name-kana = 姓（フリガナ）
part-given-name-kana = 名（フリガナ）
part-bank-code = 金融機関コード
part-branch-code = 支店コード
part-account-number = 口座番号

## registration
registration-mail-sent = { $email } にメールを送りました。メールのリンクを開くと登録が完了します（24 時間有効）。

# forms: filling a form
form-write-katakana-or-latin = { $label }の{ $part }はカタカナかローマ字で入力してください。
form-unknown-bank = 金融機関コード { $code } の金融機関はありません。名前で探して選んでください。
form-unknown-branch = 支店コード { $code } の支店はこの金融機関にありません。名前で探して選んでください。

# identity: the profile that fills forms
profile-bad-birth-date = 生年月日は 昭和63年5月12日 や 1988-05-12 のように入力してください。
profile-bad-postal-code = 郵便番号は7桁の数字で入力してください。
profile-bad-address = 住所は{ $max }文字以内で、使えない文字を入れないでください。
profile-bad-phone = 電話番号は0から始まる10桁か11桁の数字で入力してください。
