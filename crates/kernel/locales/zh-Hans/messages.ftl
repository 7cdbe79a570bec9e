# 向居民显示的错误和提示（简体中文）

## 共通のエラー
error-invalid-request = 输入内容有误。
error-page-expired = 页面已过期。请重试。
error-request-too-large = 发送的内容过大。
error-busy = 目前系统繁忙。请稍等片刻后重新发送。
error-internal = 服务器出现问题。请稍后重试。
error-page-not-found = 找不到该页面。
error-title = 错误
error-too-many-attempts = 短时间内尝试次数过多，已暂停受理。请等待约 { $minutes } 分钟后再试。

## pages
pages-staff-sign = 职员登录
pages-sign = 登录
pages-e-mail-address-verified = 邮箱地址已确认
pages-e-mail-address-not = 邮箱地址未确认
pages-my-page = 我的页面
pages-staff-page = 职员页面
pages-form-could-not-read = 无法读取输入内容。
pages-enter-e-mail-address = 请输入邮箱地址。
pages-enter-password = 请输入密码。
pages-e-mail-address-password = 邮箱地址或密码不正确。
pages-e-mail-address-has = 您的邮箱地址尚未确认。请打开注册时发送的邮件中的链接（未收到邮件时，可通过“创建账户”重新发送）。

## registration
registration-check-mail = 已发送确认邮件
registration-create-account = 创建账户
registration-account-ready = 注册已完成
registration-address-confirmed-sign-apply = 邮箱地址已确认。登录后即可申请。
registration-sign = 登录
registration-link-cannot-used = 此链接无法使用
registration-link-has-expired-after = 链接已过有效期（24 小时）或已被使用。请重新发送确认邮件。
registration-enter-valid-e-mail = 请输入正确的邮箱地址。
registration-enter-valid-e-mail-2 = 请输入正确的邮箱地址（例：nagoya@example.jp）。
registration-choose-password = 请设置用于登录的密码。设置后，邮箱地址确认和注册即告完成。

## password-reset
password-reset-forgot-password = 忘记密码时
password-reset-set-new-password = 设置新密码
password-reset-new-password-set = 密码已设置
password-reset-link-has-expired-was = 此链接已过期或已被使用。请重新从“忘记密码时”操作。

## password-change
password-change-change-password = 更改密码
password-change-current-password-not-correct = 当前密码不正确。

## apply
apply-continue = 确认输入内容
apply-can-go-from-draft = 可从已保存的草稿继续填写
apply-application-has-been-received = 申请已受理
apply-draft-kept-can-go = 草稿已保存。可随时从“我的页面”继续填写。
apply-check-answers = 确认输入内容
apply-application-has-already-been = 此申请已提交。

## attachments
attachments-form-could-not-read = 无法读取提交内容。请重新填写。
attachments-no-such-attachment = 找不到附件。

## my-page
my-page-my-applications = 申请进度
my-page-receipt = 受理编号
my-page-correction = 补正
my-page-send-corrected-application = 以此内容重新提交

## api
api-idempotency-key-must-ascii = Idempotency-Key 请使用 ASCII 字符。
api-comment-must-at-most = 备注请控制在 2000 个字符以内。
api-request-body-cannot-read = 无法读取提交内容。
api-idempotency-key-was-used = 此 Idempotency-Key 已用于另一份内容不同的申请。

## validate
validate-send-answers-as-json = 请以字段名与值的组合（JSON 对象）提交回答。


## form
form-form-has-no-field = 本申请表中没有“{ $key }”这一项。
form-enter-at-least = 请至少输入 { $min } 项{ $label }。
form-text = { $label }请输入文字。
form-at-most-characters = { $label }请在 { $max } 个字符以内输入。
form-at-least-characters = { $label }请输入至少 { $min } 个字符。
form-contains-characters-that-cannot = { $label }中含有无法使用的字符。
form-not-expected-format = { $label }的格式不正确。
form-number = { $label }请输入数字。
form-whole-number = { $label }请输入整数。
form-at-least = { $label }不能小于 { $min }。
form-at-most = { $label }不能大于 { $max }。
form-date-such-as-2023 = { $label }请按“令和5年4月1日”或“2023-04-01”的格式输入。
form-after = { $label }请填写{ $date }或之后的日期。
form-before = { $label }请填写{ $date }或之前的日期。
form-choose-from-list = { $label }请从选项中选择。
form-true-false = { $label }的值不正确。
form-not-valid-e-mail = { $label }的格式不正确（例：taro@example.jp）。
form-10-11-digit-number = { $label }请输入以 0 开头的 10 位或 11 位号码。
form-7-digits-e-g = { $label }请输入 7 位数字（例：460-8508）。
form-list = { $label }的格式不正确。
form-takes-between-entries = { $label }请填写 { $min } 至 { $max } 项。
form-entry-malformed = { $label }的第 { $n } 项格式不正确。
form-malformed = { $label }的格式不正确。
form-enter = 请输入{ $label }的{ $part }。
form-at-most-characters-2 = { $label }的{ $part }请在 { $max } 个字符以内输入。
form-write-katakana = { $label }的{ $part }请用片假名输入。
form-up-digits = { $name }请输入 { $max } 位以内的数字。
form-exact-digits = { $name }请输入 { $max } 位数字。
form-write-account-holder-katakana = 户名请按存折上的写法用片假名输入（无法使用的字符：{ $bad }）。
form-file-missing-attach-again = 找不到{ $label }的附件。请重新附上。
form-one = { $label }请以 { $value } 格式附上。
form-file-too-large-up = { $label }的文件过大（最大 { $mb } MB）。
form-required = 请输入{ $label }。
form-choose = 请选择{ $label }。
form-attach = 请附上{ $label }。
form-choose-account-type = 存款种类请从 普通・当座・貯蓄 中选择。
form-enter-account-holder = 请输入户名（片假名）。

## search and accounts
search-whole-number = { $name } 请设为 1 至 { $max } 之间的整数。
search-words-too-long = 搜索词请控制在 { $max } 个字符以内。
search-no-category = 没有分类“{ $value }”（可选：育儿・护理・效果显著・其他）。
search-no-bureau = 没有主管局“{ $value }”。
search-unreadable-query = 无法读取搜索条件。
procedure-not-found = 找不到手续“{ $id }”。
password-too-short = 密码请至少设置 { $min } 个字符。
password-too-long = 密码请控制在 { $max } 个字符以内。

## uploads and applications
upload-empty = 所选文件为空。
upload-unknown-type = 无法附上此格式的文件（请使用 PDF、JPEG、PNG、HEIC、GIF 或 WebP）。
upload-too-large = 文件过大（最大 { $mb } MB）。
upload-quota-reached = 已达到上传量上限。请在约 { $minutes } 分钟后重试。
upload-not-stored = 无法保存文件。请稍后重试。
upload-request-too-large = 提交内容过大（附件合计最大 { $mb } MB）。
apply-not-online = 手续“{ $id }”无法网上申请。
my-page-no-application = 找不到受理编号为“{ $receipt }”的申请。

## names of the parts of a field, used inside messages
part-family-name = 姓
part-given-name = 名
part-family-name-kana = 姓（片假名）
part-given-name-kana = 名（片假名）
part-bank-code = 金融机构代码
part-branch-code = 支店代码
part-account-number = 账号

## registration
registration-mail-sent = 我们已向 { $email } 发送了邮件。打开邮件中的链接即可完成注册（24 小时内有效）。

# forms: filling a form
form-write-katakana-or-latin = { $label }的{ $part }请用片假名或拉丁字母输入。
form-unknown-bank = 没有代码为 { $code } 的金融机构。请按名称查找并选择。
form-unknown-branch = 该金融机构没有代码为 { $code } 的分行。请按名称查找并选择。

# identity: the profile that fills forms
profile-bad-birth-date = 请按 1988-05-12 的格式输入出生日期。
profile-bad-postal-code = 请输入7位数字的邮政编码。
profile-bad-address = 地址请在{ $max }个字符以内，且不含控制字符。
profile-bad-phone = 请输入以0开头的10位或11位电话号码。
