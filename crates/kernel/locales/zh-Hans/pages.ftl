# 面向居民的页面文字（简体中文）

## layout
layout-online-counter = 网上窗口
layout-skip-main-content = 跳到正文
layout-main-menu = 主菜单
layout-language = 语言
layout-madoguchi-open-source-online = madoguchi — 行政手续网上窗口（开源）

## common
common-find-procedure = 查找手续
common-category = 分类
common-tags = 标签
common-are-here = 当前位置
common-there-problem = 请检查输入内容
common-e-mail-address = 邮箱地址
common-password = 密码
common-sign = 登录
common-name = 姓名
common-new-password = 新密码
common-at-least-10-characters = 至少 10 个字符。

## error
error-back-list-procedures = 返回手续列表

## catalog
catalog-there-problem-with-search = 搜索条件有误
catalog-keywords-japanese-english = 关键词（日文汉字・平假名・片假名）
catalog-narrow-down = 按条件筛选
catalog-narrow-down-2 = 筛选
catalog-all = 全部
catalog-life-event = 生活场景
catalog-bureau = 负责部门（局）
catalog-tag = 标签
catalog-only-procedures-available-online = 仅显示可网上申请的手续
catalog-search = 搜索
catalog-popular-tags = 常用标签
catalog-no-procedure-matched-try = 没有找到相关手续。请缩短关键词，或改用平假名输入。
catalog-did-you-mean = 您是不是要找：
catalog-showing-corrected = 按输入的关键词没有找到结果，现显示以下关键词的结果：
catalog-partial-match = 没有包含所有关键词的手续，现显示包含部分关键词的手续。
catalog-pages = 分页
catalog-previous-page = 上一页
catalog-next-page = 下一页

## procedure
procedure-apply-online = 网上申请
procedure-handled-by = 负责部门
procedure-online = 网上办理
procedure-since = 开始日期
procedure-planned = 预定
procedure-reason = 理由
procedure-fee = 手续费
procedure-legal-basis = 法律依据
procedure-standard-processing-time = 标准处理期限
procedure-cases-year = 年办理件数
procedure-what-bring-attach = 所需材料
procedure-where-go = 办理窗口
procedure-life-events = 相关生活场景

## apply
apply-what-correct = 需补正的内容
apply-keep-as-draft = 暂时保存

## confirm
confirm-application-like-one-has = 已有同一人提交的相同内容的申请
confirm-check-are-not-applying = 请确认是否重复申请。也可以直接提交。
confirm-send-application = 以此内容提交申请
confirm-go-back-change = 返回修改

## receipt
receipt-receipt-number = 受理编号
receipt-received-at = 受理时间
receipt-quote-receipt-number-if = 咨询时请告知受理编号（受付番号）。审查进度可在“我的页面”查看。
receipt-go-my-page = 前往我的页面

## my_applications
my-applications-unfinished-applications-drafts = 未完成的申请（草稿）
my-applications-kept = 保存于
my-applications-sent-applications = 已提交的申请
my-applications-have-no-applications-yet = 暂无申请。
my-applications-procedures-can-apply-online = 可网上申请的手续

## my_application
my-application-my-applications = 申请进度
my-application-city-has-asked-correct = 市政府要求您补正（補正）申请内容。
my-application-correct-send-again = 修改内容并重新提交
my-application-withdraw-application = 撤回此申请
my-application-what-has-happened = 办理经过
my-application-from-section = 负责科室留言
my-application-what-sent = 申请内容
my-application-disposed = 本申请的填写内容和附件已超过保存期限（{ $years }年），于{ $date }销毁。受理编号、手续和办理经过仍予保留。
my-application-disposed-short = 已过保存期限并销毁
my-application-message-from-section = 负责科室的通知
my-application-withdraw-question = 要撤回此申请吗？
my-application-withdraw-consequence = 撤回后，此申请将不会被审查，且撤回无法恢复。如需再次申请，请重新提交新的申请。
my-application-withdraw-not-yet = 尚未撤回。
my-application-withdraw-confirm = 确定撤回
my-application-withdraw-cancel = 不撤回，返回

## login
login-could-not-signed = 无法登录
login-forgot-password = 忘记密码时
login-new-here = 首次使用？
login-create-account = 创建账户
login-residents = 居民：
login-sign-here = 在此登录
login-city-staff = 职员：
login-staff-sign = 职员登录

## register
register-with-account-can-follow = 创建账户后，可在“我的页面”查看申请进度并回复补正要求。我们会向您登记的邮箱发送确认邮件。
register-optional = 选填
register-required = 必填
register-at-least-10-characters = 至少 10 个字符。使用较长的句子既好记又安全。
register-send-check-mail = 发送确认邮件
register-have-account = 已有账户？

## forgot
forgot-if-address-has-account = 如该地址已注册，我们已向其发送重设密码的邮件（1 小时内有效）。
forgot-send-mail = 发送重设邮件

## reset
reset-set-password = 设置密码

## password
password-password-has-been-changed = 密码已更改。其他设备上的登录已退出。
password-current-password = 当前密码
password-change-password = 更改密码

## notice
notice-if-mail-does-not = 未收到确认邮件时
notice-send-check-mail-again = 重新发送确认邮件

## account
account-status = 状态
account-see-my-applications = 查看申请进度
account-open-inbox = 打开受理列表
account-manage-forms-workflows = 管理申请表和处理流程
account-change-password = 更改密码
account-sign-out = 退出登录

## furigana (shown only in easy Japanese)
layout-furigana-off = 隐藏注音假名
layout-furigana-on = 显示注音假名

## catalog: counts and labels
catalog-result-count = { $count } 个手续
procedure-cases-count = { $count } 件
procedure-unknown = 不明
procedure-fee-free = 免费
procedure-fee-yen = { $amount } 日元
procedure-fee-depends = 因手续而异
procedure-standard-days = { $days } 天
procedure-offices-count = { $count } 个窗口
category-childcare = 育儿
category-nursing-care = 护理
category-high-impact = 效果显著
category-other = 其他
status-online = 可网上申请
status-planned = 预定开通网上申请
status-not-online = 窗口或邮寄受理
status-impossible = 无法网上办理的手续

## form fields
form-mark-required = 必填
form-mark-optional = 选填
form-attached = 已附上：
form-attached-replace = 　选择其他文件即可替换。
form-add-item = 添加{ $label }
form-select-prompt = 请选择
form-part-family-name = 姓
form-part-given-name = 名
form-part-family-name-kana = 姓（片假名注音）
form-part-given-name-kana = 名（片假名注音）
form-part-bank-code = 金融机构代码（4位）
form-part-branch-code = 分行代码（3位）
form-part-account-type = 存款种类（普通・当座・貯蓄）
form-part-account-number = 账号（最多7位）
form-part-account-holder = 户名（片假名）
form-answer-yes = 是
form-answer-file = 文件

## application statuses
status-received = 已受理
status-reviewing = 审查中
status-correction-requested = 待补正
status-resubmitted = 已补正（等待重新审查）
status-approved = 批准
status-rejected = 不批准
status-notice-issued = 已发出通知书
status-closed = 已完成
status-withdrawn = 已撤回

## shown when city texts on a page are not translated
layout-partly-japanese = 本页部分内容尚未翻译，以日语显示（带点状下划线的部分）。

## progress page
progress-title = 网上办理进展
progress-intro = 名古屋市行政手续网上化计划的两项评价指标。各年度统计截至该年度末可网上申请的手续，含以前年度。依法不能网上办理的手续不计入。
progress-cases-heading = 评价指标① 年度总件数
progress-procedures-heading = 评价指标② 手续数
progress-group = 类别
progress-change = 较上年增减
progress-all = 全部
progress-procedures-count = { $count } 项手续
progress-reference-only = 有 { $count } 项手续的年度件数不明，因此年度总件数仅供参考。
progress-charts = 图表
progress-chart-categories = 按类别和年度的进展（指标②，计划）
progress-chart-bureaus = 按局的进展（指标①，{ $year }末实际）
progress-downloads = 下载数据
progress-download-csv = CSV（电子表格用）
progress-download-json = JSON（系统对接用）
layout-progress = 网上办理进展
progress-bureaus-heading = 按局（① 年度总件数 / ② 手续数）

## open data
open-data-title = 开放数据
open-data-intro = 手续一览和网上办理评价指标，任何人都可自由利用。网址保持不变。CSV 为 UTF-8（带 BOM）。
open-data-datasets = 数据
open-data-procedures = 手续一览
open-data-indicators = 网上办理评价指标
open-data-online-use = 各手续的网上利用情况（按年度）
open-data-columns = 各列说明
open-data-file = 文件
open-data-column = 列
layout-open-data = 开放数据
layout-congestion = 窗口拥挤情况
progress-download-xlsx = Excel（xlsx）

## staff sign-in: second step
twofa-code-title = 输入验证码
twofa-code-intro = 请输入身份验证器应用显示的 6 位验证码。手机不在身边时，可以输入一个恢复码。
twofa-code-label = 验证码（或恢复码）
twofa-lost-device = 如果应用和恢复码都无法使用，请联系系统管理员重置两步验证。
twofa-enter-code = 请输入验证码
twofa-wrong-code = 验证码错误或已被使用（还可尝试 { $left } 次）
twofa-enrol-title = 设置两步验证
twofa-enrol-intro = 职员登录需要密码和身份验证器应用（Google Authenticator、Microsoft Authenticator 等）的验证码。只需设置一次。
twofa-enrol-scan = 用身份验证器应用扫描此二维码。
twofa-enrol-qr-alt = 用于添加到身份验证器应用的二维码
twofa-enrol-type = 无法扫描时，请在应用中手动输入以下密钥。
twofa-enrol-key = 密钥
twofa-enrol-uri = URI
twofa-enrol-confirm = 输入应用显示的 6 位验证码以确认设置。
twofa-enrol-submit = 设置并登录
twofa-recovery-title = 恢复码
twofa-recovery-intro = 两步验证已设置。请打印这些恢复码或妥善保管：应用无法使用时，每个恢复码可登录一次。此页面不会再次显示。
twofa-recovery-continue = 已保管，继续

## passkeys
passkey-title = 通行密钥
passkey-intro = 注册通行密钥后，可以用本设备的指纹、面容或屏幕锁代替密码登录。
passkey-none = 尚未注册通行密钥。
passkey-name = 名称
passkey-created = 注册时间
passkey-last-used = 最近使用
passkey-remove = 删除
passkey-add-heading = 添加通行密钥
passkey-add = 在本设备上注册通行密钥
passkey-elsewhere = 通行密钥可在以下地址注册和使用：
passkey-needs-script = 注册通行密钥需要 JavaScript。
passkey-back = 返回我的页面
passkey-working = 请按照设备上的提示操作…
passkey-sign-in = 使用通行密钥登录
passkey-default-name = 通行密钥
passkey-error-failed = 无法使用通行密钥。
passkey-error-unavailable = 本网站无法使用通行密钥。
passkey-error-expired = 时间过长，请重试。
passkey-error-unknown = 此通行密钥未注册。
passkey-error-too-many = 无法再注册更多通行密钥。请删除不再使用的。
passkey-error-too-many-attempts = 尝试次数过多。请稍后再试。

## 使用市政府账户和 gBizID 登录（OpenID Connect）
sso-staff-button = 使用市政府账户登录
sso-gbizid-button = 企业用户：使用 gBizID 登录
sso-refused-title = 无法登录
sso-unavailable = 目前无法连接市政府的认证服务。请使用 madoguchi 的电子邮件地址和密码登录，或稍后再试。
sso-failed = 登录未能完成（耗时过长，或在其他浏览器中开始）。请重新开始。
sso-no-role = 您的市政府账户在 madoguchi 中没有权限。请联系信息系统部门。
sso-no-account = 没有与此次登录对应的 madoguchi 账户。请联系信息系统部门。
sso-disabled = 此职员账户已停用。请联系信息系统部门。
sso-missing-claim = 市政府的认证服务未提供您的电子邮件地址。请联系信息系统部门。
sso-gbizid-missing-claim = gBizID 未提供此账户的法人编号和电子邮件地址。请使用企业的 gBizID 账户（gBizID Prime 或 Member）登录。
sso-back-to-login = 返回登录页面

## procedure: who, when, how to apply
procedure-who-can-apply = 申请对象
procedure-deadline = 期限
procedure-how-apply = 申请方式
procedure-apply-on-service = 在{ $service }申请
procedure-leaves-site = 将打开其他网站
way-form = 可在本网站网上申请。
way-external = 可在{ $service }网上申请。
way-post = 请邮寄申请。
way-counter = 请到窗口申请。
way-unstated = 在窗口或通过邮寄受理。详情请咨询负责部门。
procedure-contact = 咨询
procedure-phone = 电话
procedure-email = 电子邮件
procedure-hours = 受理时间

## header: signing in (public pages)
header-account-menu = 账户
header-login = 登录
header-my-page = 我的页面
header-logout = 退出登录
header-back-office = 业务页面

# Guests follow an application by its receipt number and check code.
receipt-quote-receipt-number = 咨询时请告知受理编号（受付番号）。
receipt-check-code = 确认码
receipt-guest-follow = 凭受理编号和确认码，无需账户即可随时查看申请进度。请记下或保存此页面；受理邮件中也有记载。
receipt-check-status = 查看申请进度
guest-status-title = 查看申请进度
guest-status-intro = 请输入受理编号和确认码。确认码记载在申请时的受理页面和受理邮件中。无需账户。
guest-status-receipt-number = 受理编号
guest-status-receipt-hint = 例：R8-0000123
guest-status-check-code = 确认码
guest-status-code-hint = 例：AB12C-D34EF（10位字母和数字，小写也可以）
guest-status-check = 查看
guest-status-not-found = 受理编号或确认码不正确。请确认后重试。
guest-status-procedure = 手续
guest-status-current = 当前状态
guest-status-keep-title = 在我的页面中管理
guest-status-keep-signed-in = 可以将此申请添加到您的“我的页面”。添加后，有关通知将发送到您的账户。
guest-status-keep-button = 添加到我的页面
guest-status-keep-sign-in = 登录后可将此申请添加到“我的页面”。没有账户可以创建（创建后请从受理邮件中的链接重新打开此页面）。
guest-status-sign-in = 登录
guest-status-register = 创建账户
guest-status-another = 查看其他申请
# forms: filling a form (prefill, bank picker, dates, language switch)
form-entry = { $label }（第{ $n }项）
form-latin-allowed = 外国籍居民可用拉丁字母（与在留卡或护照相同）填写假名读音。
form-bank-name = 金融机构名称（汉字、假名或罗马字）
form-bank-search = 查找银行
form-branch-name = 分行名称（汉字、假名或罗马字）
form-branch-search = 查找分行
form-bank-none-found = 未找到。请换个名称查找，或输入代码。
form-account-type-ordinary = 普通（普通）
form-account-type-current = 活期支票（当座）
form-account-type-savings = 储蓄（貯蓄）
form-switch-language = 切换语言（已输入内容将保存）
form-switch-language-to = 语言

# identity: the profile that fills forms
profile-title = 个人资料（填入申请表）
profile-birth-date = 出生日期
profile-postal-code = 邮政编码
profile-address = 地址
profile-phone = 电话号码
profile-save = 保存
profile-saved = 已保存。新的申请将自动填入这些内容。
profile-help = 此处保存的内容会填入新的申请表，仍可修改。均为可选项。
prefill-offer = 如果您想在窗口提交，可以在这里保存填写内容并生成二维码。来办时出示二维码即可，无需手写申请书。
prefill-make = 在窗口提交（生成二维码）
prefill-title = 在窗口出示的二维码
prefill-show-at-counter = 来办时请在窗口出示此二维码。无需手写申请书。
prefill-procedure = 手续
prefill-code = 代码（二维码无法读取时，请在窗口告知此代码）
prefill-expires = 有效期至
prefill-print = 打印
prefill-no-personal-data = 二维码中不含个人信息。到期后，您填写的内容将被删除。
prefill-cancel = 取消此二维码
prefill-cancel-confirm = 取消后，填写的内容将被删除，此二维码将无法使用。确定取消吗？
prefill-cancelled = 已取消。填写的内容已删除。
prefill-expired = 此二维码已过期。请重新填写。
prefill-accepted = 已在窗口受理。受理编号为 { $receipt }。
prefill-not-found = 找不到该二维码：已被取消，或已过期删除。
catalog-bereavement-guide = 家人去世后的手续：回答几个问题，即可在丧葬手续指南中查看全部手续
catalog-life-event-guide = 按生活事件查找手续：搬家、出生、结婚等（手续指南）
catalog-ask-assistant = 提问查找（24小时助手）
assistant-answer-online = 这是"{ $name }"手续。可以在线申请，请查看手续说明页面。
assistant-answer-counter = 这是"{ $name }"手续，由{ $place }受理。请查看手续说明页面。
assistant-answer-more = 同时列出相关手续。
assistant-abstain = 抱歉，没有找到能回答您问题的信息。请拨打名古屋咨询热线（052-953-7584，每天8:00–21:00）或查看联系页面。
assistant-title = 提问查找
assistant-intro = 请输入有关手续的问题。回答来自手续列表和各部门的常见问题，并显示所用的手续页面。不知道时，会告诉您咨询窗口。
assistant-label = 问题
assistant-ask = 提问
assistant-sources = 参考的手续页面
assistant-you-asked = 您的问题
assistant-privacy = 问题会在删除姓名、号码和地址后记录，用于改进常见问题。请勿输入个人信息。
assistant-guide-link = 按生活事件查找（指南）
assistant-question-missing = 请输入问题。
