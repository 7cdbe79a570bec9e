# Push-type information: subscribing to the city's news, confirming,
# changing and unsubscribing (crates/notify), and its mails.

notify-title = 订阅市政通知
notify-intro = 我们会通过电子邮件发送您所选主题和地区的通知。打开确认邮件中的链接即完成订阅；每封邮件都附有一键退订的链接。
notify-email = 电子邮件地址
notify-topics = 希望接收的主题（至少一个）
notify-wards = 地区（不选则为全市）
notify-lang = 邮件语言
notify-submit = 发送确认邮件
notify-no-topic = 请至少选择一个主题。
notify-stale = 选项已更改。请重新打开页面后再选择。
notify-sent-title = 请查收邮件
notify-sent = 我们已向 { $email } 发送确认邮件。请打开邮件中的链接完成订阅（24小时内有效）。如未收到，请查看垃圾邮件文件夹。
notify-confirm-title = 确认订阅
notify-confirm-intro = 将按以下内容订阅。确认无误请点击“订阅”。
notify-confirm-button = 订阅
notify-link-dead-title = 此链接无法使用
notify-link-dead = 该链接已过期或已被使用。请重新申请。
notify-done-title = 订阅成功
notify-done = 我们将向您发送所选主题的通知。可随时通过下方链接或每封邮件中的链接更改或退订。
notify-manage-title = 订阅设置
notify-manage-for = 接收地址：{ $address }
notify-save = 保存更改
notify-saved = 更改已保存。
notify-unsubscribe-button = 退订
notify-unsubscribe-title = 退订
notify-unsubscribe-intro = 点击按钮即停止向 { $address } 发送通知。
notify-unsubscribed-title = 已退订
notify-unsubscribed = 今后不会再收到通知邮件。如需重新接收，请再次申请。
notify-sign-up-again = 重新申请
notify-whole-city = 全市
notify-chosen-topics = 主题
notify-chosen-wards = 地区
notify-privacy = 您的地址仅用于发送市政通知，退订后即不再使用。
notify-link = 通过邮件接收市政通知
mail-notify-confirm-subject = 【名古屋市】请确认订阅
mail-notify-confirm-body =
    我们收到了向此地址发送名古屋市通知的申请。请打开下方链接完成订阅（24小时内有效）。

    如果不是您本人申请，请忽略此邮件，我们不会发送任何通知。
mail-notify-welcome-subject = 【名古屋市】订阅成功
mail-notify-welcome-body =
    您已成功订阅市政通知。
    主题：{ $topics }
    地区：{ $wards }

    可随时通过下方链接更改或退订。
mail-notify-announcement-footer = 更改或退订：
mail-notify-announcement-prefix = 【名古屋市】
