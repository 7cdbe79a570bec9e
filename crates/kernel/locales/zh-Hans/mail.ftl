# 发给居民的邮件（简体中文）。标题为一行，正文可以有多行。

mail-footer = 本邮件为系统自动发送，请勿直接回复。如有疑问，请联系负责科室。
mail-from-section = 负责科室留言：
mail-japanese-original = 以下为日语原文。

mail-received-subject = 【名古屋市】已受理您的申请（{ $receipt }）
mail-received-body =
    已受理您的“{ $title }”申请。
    受理编号：{ $receipt }
    咨询时请告知受理编号（受付番号）。

mail-correction-subject = 【名古屋市】请补正申请内容（{ $receipt }）
mail-correction-body = 关于受理编号 { $receipt } 的申请：请对申请内容进行补正（補正）。请在“我的页面”修改内容后重新提交。

mail-approved-subject = 【名古屋市】审查已完成（批准）（{ $receipt }）
mail-approved-body = 关于受理编号 { $receipt } 的申请：您的申请已获批准。

mail-rejected-subject = 【名古屋市】审查已完成（不批准）（{ $receipt }）
mail-rejected-body = 关于受理编号 { $receipt } 的申请：您的申请未获批准。理由如下。

mail-notice-issued-subject = 【名古屋市】通知书已发出（{ $receipt }）
mail-notice-issued-body = 关于受理编号 { $receipt } 的申请：通知书已发出。

mail-message-subject = 【名古屋市】负责科室的通知（{ $receipt }）
mail-message-body = 关于受理编号 { $receipt } 的申请：负责科室有消息给您。

mail-check-address-subject = 【名古屋市】确认邮箱地址
mail-check-address-body =
    我们已收到您的名古屋市网上申请账户注册。
    打开下面的链接即可完成注册（24 小时内有效）。
    如非本人操作，请删除本邮件。

mail-already-registered-subject = 【名古屋市】该账户已注册
mail-already-registered-body =
    有人使用此邮箱地址申请创建账户，但该地址已注册。请直接登录使用。
    如非本人操作，请删除本邮件。

mail-reset-password-subject = 【名古屋市】重设密码
mail-reset-password-body =
    请通过下面的链接设置新密码（1 小时内有效）。
    如非本人操作，请删除本邮件。您的密码不会改变。

mail-received-check-code =
    确认码：{ $code }
    凭受理编号和确认码，无需账户即可随时查看申请进度。
mail-correction-guest-body = 关于受理编号 { $receipt } 的申请：请对申请内容进行补正（補正）。请从下方链接打开进度查询页面，输入受理编号和确认码（记载在受理邮件中），修改内容后重新提交。
